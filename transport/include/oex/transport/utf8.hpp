#pragma once
// Incremental UTF-8 validation (RFC 3629): bytes may arrive in any split, across frames, and
// the first byte that cannot start or continue a valid sequence is reported at once (so a
// WebSocket text message fails fast with 1007). Overlongs, surrogates and code points above
// U+10FFFF are invalid.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace oex::transport {

class Utf8Validator {
 public:
  // false once the bytes seen so far cannot be the prefix of valid UTF-8.
  [[nodiscard]] bool feed(const std::uint8_t* p, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
      if (need_ == 0) {
        // ASCII runs, eight bytes at a time.
        while (i + 8 <= n) {
          std::uint64_t word;
          std::memcpy(&word, p + i, 8);
          if ((word & 0x8080808080808080ull) != 0) break;
          i += 8;
        }
        if (i == n) break;
        const std::uint8_t b = p[i++];
        if (b < 0x80) continue;
        if (b >= 0xC2 && b <= 0xDF) {
          need_ = 1;
        } else if (b == 0xE0) {
          need_ = 2, lo_ = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
          need_ = 2;
        } else if (b == 0xED) {
          need_ = 2, hi_ = 0x9F;  // no UTF-16 surrogates
        } else if (b == 0xF0) {
          need_ = 3, lo_ = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
          need_ = 3;
        } else if (b == 0xF4) {
          need_ = 3, hi_ = 0x8F;  // nothing above U+10FFFF
        } else {
          return false;
        }
      } else {
        const std::uint8_t b = p[i++];
        if (b < lo_ || b > hi_) return false;
        lo_ = 0x80, hi_ = 0xBF;
        --need_;
      }
    }
    return true;
  }
  // true when no sequence is left open.
  [[nodiscard]] bool complete() const noexcept { return need_ == 0; }
  void reset() noexcept { need_ = 0, lo_ = 0x80, hi_ = 0xBF; }

 private:
  std::uint8_t need_ = 0;
  std::uint8_t lo_ = 0x80;
  std::uint8_t hi_ = 0xBF;
};

[[nodiscard]] inline bool is_valid_utf8(const std::uint8_t* p, std::size_t n) noexcept {
  Utf8Validator v;
  return v.feed(p, n) && v.complete();
}

}  // namespace oex::transport
