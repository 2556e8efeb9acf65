#pragma once
// {"id":N,"method":"<method><suffix>","params":[...]}: the request shape DigiFinex's and
// Cryptomus's sockets share. The text is written into the caller's buffer and returned as a
// view of it; a buffer too small gives buffer_too_small with nothing written past its end.
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"

namespace oex::codecs {

inline void open_json_rpc(BufferWriter& w, std::int64_t id, std::string_view method,
                          std::string_view suffix = {}) noexcept {
  w.put(R"({"id":)").put_int(id).put(R"(,"method":")").put(method).put(suffix).put(R"(","params":[)");
}

[[nodiscard]] inline Result<std::string_view, CodecError> close_json_rpc(BufferWriter& w) noexcept {
  w.put("]}");
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  return w.view();
}

// A request whose params are all JSON strings.
[[nodiscard]] inline Result<std::string_view, CodecError> encode_json_rpc(
    std::span<char> out, std::int64_t id, std::string_view method, std::string_view suffix,
    std::span<const std::string_view> params) noexcept {
  BufferWriter w(out);
  open_json_rpc(w, id, method, suffix);
  bool first = true;
  for (const std::string_view p : params) {
    if (!first) w.put(',');
    first = false;
    w.put_json_string(p);
  }
  return close_json_rpc(w);
}

}  // namespace oex::codecs
