#pragma once
// Exact fixed-point decimal for every price, quantity and amount: value = units / 10^scale.
// Parsed from the venues' text without ever passing through a double; every operation either
// gives the exact answer or a typed error (rounding happens only where a RoundingMode is named).
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

  // Plain or exponent notation, optionally inside one pair of double quotes (as JSON strings carry
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
  static int compare(const Decimal& a, const Decimal& b) noexcept;
  friend Result<Decimal> add(Decimal, Decimal) noexcept;
  friend Result<Decimal> multiply(Decimal, Decimal) noexcept;
  friend Result<Decimal> divide(Decimal, Decimal, int, RoundingMode) noexcept;

  Int128 units_ = 0;
  std::uint8_t scale_ = 0;
};

[[nodiscard]] Result<Decimal> add(Decimal a, Decimal b) noexcept;
[[nodiscard]] inline Result<Decimal> subtract(Decimal a, Decimal b) noexcept { return add(a, b.negated()); }
// Exact product (price x quantity); inexact only when the product needs more than kMaxScale places.
[[nodiscard]] Result<Decimal> multiply(Decimal a, Decimal b) noexcept;
// a / b at `scale` places, rounded as asked (an average price from a notional and a quantity).
[[nodiscard]] Result<Decimal> divide(Decimal a, Decimal b, int scale, RoundingMode mode) noexcept;

}  // namespace oex
