#pragma once
// Inline fast paths for the Decimal arithmetic the order core and risk run on every event.
// Venue prices and quantities have at most 18 significant digits: when a value's units fit 64
// bits and scales differ by at most 17 places, aligning them is one multiplication that cannot
// overflow 128 bits, and sums of up to three such values cannot either. Anything else takes the
// exact general routines of decimal.hpp, so the results are always the same as theirs.
#include <array>
#include <compare>
#include <cstdint>

#include "oex/core/decimal.hpp"

namespace oex::oms::fast {

inline constexpr int kMaxShift = 17;

inline constexpr std::array<std::int64_t, kMaxShift + 1> kPow10 = [] {
  std::array<std::int64_t, kMaxShift + 1> p{};
  std::int64_t v = 1;
  for (auto& x : p) {
    x = v;
    v *= 10;
  }
  return p;
}();

[[nodiscard]] inline bool fits64(Int128 v) noexcept { return v >= INT64_MIN && v <= INT64_MAX; }

// d's units at `scale` (>= d.scale()), when that is one exact small multiplication.
[[nodiscard]] inline bool units_at(const Decimal& d, int scale, Int128& out) noexcept {
  const int shift = scale - d.scale();
  if (shift == 0) {
    out = d.units();
    return true;
  }
  if (shift > kMaxShift || !fits64(d.units())) return false;
  // 64 x 64 -> 128 bits: one multiply instruction.
  out = static_cast<Int128>(static_cast<std::int64_t>(d.units())) * kPow10[static_cast<std::size_t>(shift)];
  return true;
}

// -1, 0, 1 like operator<=>.
[[nodiscard]] inline int compare(const Decimal& a, const Decimal& b) noexcept {
  const int scale = a.scale() > b.scale() ? a.scale() : b.scale();
  Int128 x, y;
  if (units_at(a, scale, x) && units_at(b, scale, y)) return (x > y) - (x < y);
  const auto c = a <=> b;
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
[[nodiscard]] inline bool less(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) < 0; }
[[nodiscard]] inline bool greater(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) > 0; }
[[nodiscard]] inline bool equal(const Decimal& a, const Decimal& b) noexcept {
  return (a.scale() == b.scale() && a.units() == b.units()) || compare(a, b) == 0;
}

[[nodiscard]] inline Result<Decimal> add(const Decimal& a, const Decimal& b) noexcept {
  const int scale = a.scale() > b.scale() ? a.scale() : b.scale();
  Int128 x, y;
  if (units_at(a, scale, x) && units_at(b, scale, y) && fits64(a.units()) && fits64(b.units())) {
    return Decimal::from_units(x + y, scale);
  }
  return oex::add(a, b);
}
[[nodiscard]] inline Result<Decimal> subtract(const Decimal& a, const Decimal& b) noexcept {
  return fast::add(a, b.negated());
}
[[nodiscard]] inline Result<Decimal> multiply(const Decimal& a, const Decimal& b) noexcept {
  if (fits64(a.units()) && fits64(b.units()) && a.scale() + b.scale() <= Decimal::kMaxScale) {
    return Decimal::from_units(static_cast<Int128>(static_cast<std::int64_t>(a.units())) *
                                   static_cast<std::int64_t>(b.units()),
                               a.scale() + b.scale());
  }
  return oex::multiply(a, b);
}

// a + b + c compared with limit (-1, 0, 1), exactly; false in `ok` when it does not fit 38 digits.
[[nodiscard, gnu::always_inline]] inline int compare_sum(const Decimal& a, const Decimal& b, const Decimal& c, const Decimal& limit,
                                     bool& ok) noexcept {
  ok = true;
  int scale = a.scale();
  if (b.scale() > scale) scale = b.scale();
  if (c.scale() > scale) scale = c.scale();
  if (limit.scale() > scale) scale = limit.scale();
  Int128 x, y, z, l;
  if (units_at(a, scale, x) && units_at(b, scale, y) && units_at(c, scale, z) && units_at(limit, scale, l) &&
      fits64(a.units()) && fits64(b.units()) && fits64(c.units())) {
    const Int128 s = x + y + z;  // each below 2^120: no overflow
    return (s > l) - (s < l);
  }
  auto ab = oex::add(a, b);
  auto abc = ab ? oex::add(*ab, c) : ab;
  if (!abc) {
    ok = false;
    return 1;
  }
  return compare(*abc, limit);
}

}  // namespace oex::oms::fast
