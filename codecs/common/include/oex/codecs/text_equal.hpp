#pragma once
// Equality of two short texts (status codes, method names, keys) without a call to memcmp:
// lengths first, then bytes in a loop the compiler unrolls when one side is a literal. The
// codecs compare a dozen such texts per message, where a library call costs more than the bytes.
#include <cstddef>
#include <string_view>

namespace oex::codecs {

[[nodiscard]] [[gnu::always_inline]] constexpr bool text_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace oex::codecs
