#include "oex/codecs/btse/ws_encoder.hpp"

#include "oex/codecs/buffer_writer.hpp"

namespace oex::codecs::btse {
namespace {

Result<std::size_t, CodecError> operation(std::string_view op, std::span<const std::string_view> topics,
                                          std::span<char> buffer) noexcept {
  if (topics.empty()) return CodecError::invalid_argument;
  BufferWriter w(buffer);
  w.put("{\"op\":\"").put(op).put("\",\"args\":[");
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (topics[i].empty()) return CodecError::invalid_argument;
    if (i > 0) w.put(',');
    w.put_json_string(topics[i]);
  }
  w.put("]}");
  return w.finish();
}

}  // namespace

Result<std::size_t, CodecError> encode_ping(std::span<char> buffer) noexcept {
  BufferWriter w(buffer);
  w.put("ping");
  return w.finish();
}

Result<std::size_t, CodecError> encode_subscribe(std::span<const std::string_view> topics,
                                                 std::span<char> buffer) noexcept {
  return operation("subscribe", topics, buffer);
}

Result<std::size_t, CodecError> encode_unsubscribe(std::span<const std::string_view> topics,
                                                   std::span<char> buffer) noexcept {
  return operation("unsubscribe", topics, buffer);
}

Result<std::size_t, CodecError> encode_auth(std::string_view api_key, const HmacSha384& key, std::int64_t nonce_ms,
                                            std::span<char> buffer, std::string_view path) noexcept {
  if (api_key.empty()) return CodecError::invalid_argument;
  BufferWriter w(buffer);
  w.put("{\"op\":\"authKeyExpires\",\"args\":[").put_json_string(api_key).put(",\"");
  const std::size_t nonce_begin = w.size();
  w.put_int(nonce_ms);
  const std::size_t nonce_end = w.size();
  w.put("\",\"");
  char* signature = w.reserve(2 * Sha384::kDigestSize);
  w.put("\"]}");
  if (!w.ok()) return CodecError::buffer_too_small;
  const Signature digest =
      ws_signature(key, std::string_view(w.data() + nonce_begin, nonce_end - nonce_begin), path);
  constexpr std::string_view kHex = "0123456789abcdef";
  for (std::size_t i = 0; i < digest.size(); ++i) {
    signature[2 * i] = kHex[digest[i] >> 4];
    signature[2 * i + 1] = kHex[digest[i] & 15];
  }
  return w.finish();
}

}  // namespace oex::codecs::btse
