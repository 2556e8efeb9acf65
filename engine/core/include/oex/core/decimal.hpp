#pragma once
// Exact fixed-point decimal for every price, quantity and amount: value = units / 10^scale.
// Parsed from the venues' text without ever passing through binary floating point; every operation either
// gives the exact answer or a typed error (rounding happens only where a RoundingMode is named).
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oex/core/result.hpp"

namespace oex {

__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

enum class RoundingMode : std::uint8_t {
  down,       // toward zero
  up,         // away from zero
  floor,      // toward negative infinity
  ceiling,    // toward positive infinity
  half_up,    // nearest, ties away from zero
  half_down,  // nearest, ties toward zero
  half_even,  // nearest, ties to the even neighbour
};

class Decimal {
 public:
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxScale = 38;
  // "-0." + 37 zeros + 1 digit is the longest canonical text.
  static constexpr std::size_t kMaxTextLength = 3 + kMaxScale;

  constexpr Decimal() noexcept = default;

  // units / 10^scale; fails when |units| has more than kMaxDigits digits or scale is out of range.
  [[nodiscard]] static Result<Decimal> from_units(Int128 units, int scale) noexcept;
  [[nodiscard]] static constexpr Decimal from_int(std::int64_t value) noexcept { return Decimal(value, 0); }
  // units / 10^scale for a scale in [0, kMaxScale], the caller's promise: no 64-bit units can
  // leave the range, so this is a plain value, not a Result (what a digit parser has in hand).
  [[nodiscard]] static constexpr Decimal from_int_scaled(std::int64_t units, int scale) noexcept {
    return Decimal(units, scale);
  }

  // Plain or exponent notation, optionally inside one pair of quotation marks (as JSON strings carry
  // numbers). Trailing zeros after the point are dropped, so the scale is the smallest exact one.
  [[nodiscard]] static Result<Decimal> parse(std::string_view text) noexcept;

  [[nodiscard]] constexpr Int128 units() const noexcept { return units_; }
  [[nodiscard]] constexpr int scale() const noexcept { return scale_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return units_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return units_ < 0; }
  [[nodiscard]] constexpr Decimal negated() const noexcept { return Decimal(-units_, scale_); }
  [[nodiscard]] constexpr Decimal abs() const noexcept { return units_ < 0 ? negated() : *this; }

  // The same value at another scale; going finer is exact or overflows, going coarser rounds.
  [[nodiscard]] Result<Decimal> rescaled(int scale, RoundingMode mode) const noexcept;
  // The same value with trailing zeros of the fraction removed.
  [[nodiscard]] Decimal normalized() const noexcept;

  // Canonical text (see ARCHITECTURE.md): returns one past the last byte written, or nullptr
  // when [first, last) is too small, in which case nothing beyond `last` was touched.
  char* to_chars(char* first, char* last) const noexcept;
  // Start-up and test convenience; allocates.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) == 0; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
    const int c = compare(a, b);
    return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }

 private:
  constexpr Decimal(Int128 units, int scale) noexcept : units_(units), scale_(static_cast<std::uint8_t>(scale)) {}

  // Inline fast paths for what the hot path meets: units within 64 bits and scales at most 18
  // places apart, where aligning is one multiplication that cannot overflow 128 bits (and sums
  // and products stay below 10^38). Everything else takes the general out-of-line routines.
  static constexpr int kFastShift = 18;
  static constexpr std::array<std::int64_t, kFastShift + 1> kFastPow10 = [] {
    std::array<std::int64_t, kFastShift + 1> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
  }();
  static constexpr bool fits64(Int128 v) noexcept { return v >= INT64_MIN && v <= INT64_MAX; }
  // Both operands' units at the finer of their scales; false when that needs the general path.
  static constexpr bool align_fast(const Decimal& a, const Decimal& b, Int128& x, Int128& y, int& scale) noexcept {
    if (!fits64(a.units_) || !fits64(b.units_)) return false;
    const int diff = a.scale_ - b.scale_;
    if (diff > kFastShift || diff < -kFastShift) return false;
    x = diff < 0 ? a.units_ * kFastPow10[static_cast<std::size_t>(-diff)] : a.units_;
    y = diff > 0 ? b.units_ * kFastPow10[static_cast<std::size_t>(diff)] : b.units_;
    scale = diff < 0 ? b.scale_ : a.scale_;
    return true;
  }
  static int compare(const Decimal& a, const Decimal& b) noexcept {
    Int128 x = 0, y = 0;
    int scale = 0;
    if (a.scale_ == b.scale_) return (a.units_ > b.units_) - (a.units_ < b.units_);
    if (align_fast(a, b, x, y, scale)) return (x > y) - (x < y);
    return compare_general(a, b);
  }
  static int compare_general(const Decimal& a, const Decimal& b) noexcept;
  friend Result<Decimal> add(Decimal, Decimal) noexcept;
  friend Result<Decimal> add_general(Decimal, Decimal) noexcept;
  friend Result<Decimal> multiply(Decimal, Decimal) noexcept;
  friend Result<Decimal> multiply_general(Decimal, Decimal) noexcept;
  friend Result<Decimal> divide(Decimal, Decimal, int, RoundingMode) noexcept;

  Int128 units_ = 0;
  std::uint8_t scale_ = 0;
};

[[nodiscard]] Result<Decimal> add_general(Decimal a, Decimal b) noexcept;
[[nodiscard]] inline Result<Decimal> add(Decimal a, Decimal b) noexcept {
  Int128 x = 0, y = 0;
  int scale = 0;
  if (Decimal::align_fast(a, b, x, y, scale)) return Decimal(x + y, scale);  // |x + y| < 2^125 < 10^38
  return add_general(a, b);
}
[[nodiscard]] inline Result<Decimal> subtract(Decimal a, Decimal b) noexcept { return add(a, b.negated()); }

// Exact product (price x quantity); inexact only when the product needs more than kMaxScale places.
[[nodiscard]] Result<Decimal> multiply_general(Decimal a, Decimal b) noexcept;
[[nodiscard]] inline Result<Decimal> multiply(Decimal a, Decimal b) noexcept {
  if (Decimal::fits64(a.units_) && Decimal::fits64(b.units_) && a.scale_ + b.scale_ <= Decimal::kMaxScale) {
    return Decimal(a.units_ * b.units_, a.scale_ + b.scale_);  // |product| <= 2^126 < 10^38
  }
  return multiply_general(a, b);
}
// a / b at `scale` places, rounded as asked (an average price from a notional and a quantity).
[[nodiscard]] Result<Decimal> divide(Decimal a, Decimal b, int scale, RoundingMode mode) noexcept;

}  // namespace oex
