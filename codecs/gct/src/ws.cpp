#include "oex/codecs/gct/rest_encoder.hpp"

namespace oex::codecs::gct {

Result<std::size_t, CodecError> encode_push_login(std::string_view access_key, std::span<char> out) noexcept {
  if (access_key.empty()) return CodecError::invalid_argument;
  BufferWriter w(out);
  w.put("{\"accessKey\":").put_json_string(access_key).put('}');
  return w.finish();
}

}  // namespace oex::codecs::gct
