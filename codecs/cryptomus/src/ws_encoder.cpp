#include "oex/codecs/cryptomus/ws_encoder.hpp"

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/json_rpc.hpp"

namespace oex::codecs::cryptomus {
namespace {

EncodeResult encode_channel(std::span<char> out, std::int64_t id, Channel channel, std::string_view suffix,
                            std::span<const std::string_view> params) noexcept {
  return encode_json_rpc(out, id, channel_name(channel), suffix, params);
}

EncodeResult encode_depth(std::span<char> out, std::int64_t id, std::string_view suffix,
                          std::span<const DepthTopic> topics) noexcept {
  BufferWriter w(out);
  open_json_rpc(w, id, "depth", suffix);
  bool first = true;
  for (const DepthTopic& t : topics) {
    // "market:scale_index" inside one JSON string: a market that would need escaping is no market.
    for (const char c : t.market) {
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return CodecError::invalid_argument;
    }
    if (t.market.empty() || t.scale_index < 0) return CodecError::invalid_argument;
    if (!first) w.put(',');
    first = false;
    w.put('"').put(t.market).put(':').put_int(t.scale_index).put('"');
  }
  return close_json_rpc(w);
}

}  // namespace

EncodeResult encode_ping(std::span<char> out, std::int64_t id) noexcept {
  BufferWriter w(out);
  open_json_rpc(w, id, "ping", "");
  return close_json_rpc(w);
}

EncodeResult encode_subscribe(std::span<char> out, std::int64_t id, Channel channel,
                              std::span<const std::string_view> params) noexcept {
  return encode_channel(out, id, channel, "_subscribe", params);
}

EncodeResult encode_unsubscribe(std::span<char> out, std::int64_t id, Channel channel,
                                std::span<const std::string_view> params) noexcept {
  return encode_channel(out, id, channel, "_unsubscribe", params);
}

EncodeResult encode_subscribe_all(std::span<char> out, std::int64_t id, Channel channel) noexcept {
  constexpr std::string_view kAll[] = {"all"};
  return encode_channel(out, id, channel, "_subscribe", kAll);
}

EncodeResult encode_unsubscribe_all(std::span<char> out, std::int64_t id, Channel channel) noexcept {
  constexpr std::string_view kAll[] = {"all"};
  return encode_channel(out, id, channel, "_unsubscribe", kAll);
}

EncodeResult encode_depth_subscribe(std::span<char> out, std::int64_t id, std::span<const DepthTopic> topics) noexcept {
  return encode_depth(out, id, "_subscribe", topics);
}

EncodeResult encode_depth_unsubscribe(std::span<char> out, std::int64_t id,
                                      std::span<const DepthTopic> topics) noexcept {
  return encode_depth(out, id, "_unsubscribe", topics);
}

}  // namespace oex::codecs::cryptomus
