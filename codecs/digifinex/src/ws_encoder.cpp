#include "oex/codecs/digifinex/ws_encoder.hpp"

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/json_rpc.hpp"

namespace oex::codecs::digifinex {
namespace {

EncodeResult encode_channel(std::span<char> out, std::int64_t id, Channel channel, std::string_view suffix,
                            std::span<const std::string_view> params) noexcept {
  return encode_json_rpc(out, id, channel_name(channel), suffix, params);
}

}  // namespace

EncodeResult encode_ping(std::span<char> out, std::int64_t id) noexcept {
  BufferWriter w(out);
  open_json_rpc(w, id, "server.ping", "");
  return close_json_rpc(w);
}

EncodeResult encode_time(std::span<char> out, std::int64_t id) noexcept {
  BufferWriter w(out);
  open_json_rpc(w, id, "server.time", "");
  return close_json_rpc(w);
}

EncodeResult encode_auth(std::span<char> out, std::int64_t id, std::string_view api_key, std::int64_t timestamp_ms,
                         const HmacSha256& secret) noexcept {
  char stamp_buf[24];
  BufferWriter stamp(stamp_buf, sizeof stamp_buf);
  stamp.put_int(timestamp_ms);
  const auto signature = secret.sign({stamp.view()});

  BufferWriter w(out);
  open_json_rpc(w, id, "server.auth", "");
  w.put_json_string(api_key).put(",\"").put(stamp.view()).put("\",\"").put_base64(signature).put('"');
  return close_json_rpc(w);
}

EncodeResult encode_subscribe(std::span<char> out, std::int64_t id, Channel channel,
                              std::span<const std::string_view> params) noexcept {
  return encode_channel(out, id, channel, ".subscribe", params);
}

EncodeResult encode_unsubscribe(std::span<char> out, std::int64_t id, Channel channel,
                                std::span<const std::string_view> params) noexcept {
  return encode_channel(out, id, channel, ".unsubscribe", params);
}

}  // namespace oex::codecs::digifinex
