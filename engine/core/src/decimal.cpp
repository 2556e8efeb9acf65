#include "oex/core/decimal.hpp"

#include <array>
#include <cstring>

namespace oex {
namespace {

constexpr std::array<UInt128, 39> make_powers() {
  std::array<UInt128, 39> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr std::array<UInt128, 39> kPow10 = make_powers();
constexpr UInt128 kUnitsLimit = kPow10[Decimal::kMaxDigits];  // |units| stays below this

constexpr UInt128 magnitude(Int128 v) { return v < 0 ? UInt128(0) - UInt128(v) : UInt128(v); }

// q and r are the truncated quotient and remainder of n / d (d > 0); rounds q as `mode` says.
constexpr Int128 round_quotient(Int128 q, Int128 r, UInt128 d, RoundingMode mode) {
  if (r == 0) return q;
  const bool negative = r < 0;
  const Int128 away = negative ? q - 1 : q + 1;
  const UInt128 twice_r = magnitude(r) * 2;  // |r| < d <= 10^38, so no overflow
  switch (mode) {
    case RoundingMode::down: return q;
    case RoundingMode::up: return away;
    case RoundingMode::floor: return negative ? away : q;
    case RoundingMode::ceiling: return negative ? q : away;
    case RoundingMode::half_up: return twice_r >= d ? away : q;
    case RoundingMode::half_down: return twice_r > d ? away : q;
    case RoundingMode::half_even:
      if (twice_r != d) return twice_r > d ? away : q;
      return (q % 2 == 0) ? q : away;
  }
  return q;
}

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes the decimal digits of v ending just before `end`; returns the first digit written.
char* write_digits_backward(std::uint64_t v, char* end, int min_digits) {
  char* p = end;
  while (v >= 100) {
    const auto pair = static_cast<std::size_t>(v % 100) * 2;
    v /= 100;
    *--p = kDigitPairs[pair + 1];
    *--p = kDigitPairs[pair];
  }
  if (v >= 10) {
    const auto pair = static_cast<std::size_t>(v) * 2;
    *--p = kDigitPairs[pair + 1];
    *--p = kDigitPairs[pair];
  } else {
    *--p = static_cast<char>('0' + v);
  }
  while (end - p < min_digits) *--p = '0';
  return p;
}

char* write_digits_backward(UInt128 v, char* end) {
  constexpr std::uint64_t k1e19 = 10'000'000'000'000'000'000ULL;
  if (v <= UINT64_MAX) return write_digits_backward(static_cast<std::uint64_t>(v), end, 1);
  char* p = write_digits_backward(static_cast<std::uint64_t>(v % k1e19), end, 19);
  v /= k1e19;
  if (v <= UINT64_MAX) return write_digits_backward(static_cast<std::uint64_t>(v), p, 1);
  p = write_digits_backward(static_cast<std::uint64_t>(v % k1e19), p, 19);
  return write_digits_backward(static_cast<std::uint64_t>(v / k1e19), p, 1);
}

constexpr bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

constexpr std::array<std::uint64_t, 20> make_powers64() {
  std::array<std::uint64_t, 20> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr std::array<std::uint64_t, 20> kPow10u64 = make_powers64();

// The common case, most venue prices: plain notation with at most 19 digits, all in 64 bits.
// Anything else (more digits, an exponent, a malformed text) is left to the general parser,
// which also names the error.
bool parse_short(const char* p, const char* end, std::uint64_t& units, int& scale) {
  if (end - p > 20) return false;
  const char* const begin = p;
  std::uint64_t v = 0;
  while (p != end && is_digit(*p)) v = v * 10 + static_cast<unsigned>(*p++ - '0');
  const auto int_digits = p - begin;
  if (int_digits == 0 || int_digits > 19) return false;
  int s = 0;
  if (p != end) {
    if (*p != '.' || ++p == end) return false;
    int pending_zeros = 0;
    for (; p != end; ++p) {
      if (!is_digit(*p)) return false;
      const auto d = static_cast<unsigned>(*p - '0');
      if (d == 0) {
        ++pending_zeros;
      } else {
        v = v * kPow10u64[static_cast<std::size_t>(pending_zeros) + 1] + d;
        s += pending_zeros + 1;
        pending_zeros = 0;
      }
    }
  }
  units = v;
  scale = s;
  return true;
}

}  // namespace

Result<Decimal> Decimal::from_units(Int128 units, int scale) noexcept {
  if (scale < 0 || scale > kMaxScale) return Error::too_many_digits;
  if (magnitude(units) >= kUnitsLimit) return Error::overflow;
  return Decimal(units, scale);
}

Result<Decimal> Decimal::parse(std::string_view text) noexcept {
  const char* p = text.data();
  const char* end = p + text.size();
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    ++p;
    --end;
  }
  if (p == end) return Error::empty;
  const bool negative = *p == '-';
  if (negative && ++p == end) return Error::invalid_format;
  {
    std::uint64_t units = 0;
    int scale = 0;
    if (parse_short(p, end, units, scale)) {
      const auto u = static_cast<Int128>(units);
      return Decimal(negative ? -u : u, scale);
    }
  }

  // Digits accumulate in 64 bits while they fit (19 of them), then in 128.
  std::uint64_t small = 0;
  UInt128 wide = 0;
  bool is_wide = false;
  int digits = 0;         // significant digits taken into the units
  int scale = 0;
  int pending_zeros = 0;  // fraction zeros not yet taken: dropped if nothing nonzero follows
  auto take = [&](unsigned d, int zeros_before) -> bool {
    if (!is_wide && digits + zeros_before + 1 <= 19) {
      for (int i = 0; i < zeros_before; ++i) small *= 10;
      small = small * 10 + d;
    } else {
      if (!is_wide) {
        wide = small;
        is_wide = true;
      }
      if (digits + zeros_before + 1 > kMaxDigits) return false;
      wide = wide * kPow10[static_cast<std::size_t>(zeros_before) + 1] + d;
    }
    digits += zeros_before + 1;
    return true;
  };

  const char* int_begin = p;
  for (; p != end && is_digit(*p); ++p) {
    const unsigned d = static_cast<unsigned>(*p - '0');
    if (digits == 0 && d == 0) continue;  // leading zero
    if (!take(d, 0)) return Error::too_many_digits;
  }
  bool any_digit = p != int_begin;
  if (p != end && *p == '.') {
    if (!any_digit) return Error::invalid_format;
    const char* frac_begin = ++p;
    for (; p != end && is_digit(*p); ++p) {
      const unsigned d = static_cast<unsigned>(*p - '0');
      if (d == 0) {
        ++pending_zeros;
        continue;
      }
      const int zeros = digits == 0 ? 0 : pending_zeros;  // zeros after "0." are not significant
      scale += pending_zeros + 1;
      pending_zeros = 0;
      if (scale > kMaxScale) return Error::too_many_digits;
      if (!take(d, zeros)) return Error::too_many_digits;
    }
    if (p == frac_begin) return Error::invalid_format;
  }
  if (!any_digit) return p != end && *p != '.' && *p != '-' ? Error::invalid_character : Error::invalid_format;

  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool exp_negative = false;
    if (p != end && (*p == '-' || *p == '+')) exp_negative = *p++ == '-';
    if (p == end || !is_digit(*p)) return Error::invalid_format;
    int exponent = 0;
    for (; p != end && is_digit(*p); ++p) {
      exponent = exponent * 10 + (*p - '0');
      if (exponent > 2 * kMaxScale + kMaxDigits) return Error::too_many_digits;
    }
    if (p != end) return *p == '.' || *p == 'e' || *p == 'E' ? Error::invalid_format : Error::invalid_character;
    const bool zero = digits == 0;
    scale += exp_negative ? exponent : -exponent;
    if (zero) {
      scale = 0;
    } else if (scale < 0) {
      if (digits - scale > kMaxDigits) return Error::too_many_digits;
      if (!is_wide) wide = small, is_wide = true;
      wide *= kPow10[static_cast<std::size_t>(-scale)];
      scale = 0;
    } else if (scale > kMaxScale) {
      return Error::too_many_digits;
    }
  } else if (p != end) {
    return *p == '.' || *p == '-' ? Error::invalid_format : Error::invalid_character;
  }

  const UInt128 units = is_wide ? wide : UInt128(small);
  const Int128 signed_units = negative ? -static_cast<Int128>(units) : static_cast<Int128>(units);
  return Decimal(signed_units, scale);
}

Decimal Decimal::normalized() const noexcept {
  Int128 u = units_;
  int s = scale_;
  if (u == 0) return Decimal();
  // A 128-bit division is a library call of tens of cycles, and a derived price has a dozen
  // places to strip: once the units fit 64 bits, dividing by the constant 10 is a multiplication.
  while (!fits64(u)) {
    if (s == 0 || u % 10 != 0) return Decimal(u, s);
    u /= 10;
    --s;
  }
  auto v = static_cast<std::int64_t>(u);
  while (s > 0 && v % 10 == 0) {
    v /= 10;
    --s;
  }
  return Decimal(v, s);
}

Result<Decimal> Decimal::rescaled(int scale, RoundingMode mode) const noexcept {
  if (scale < 0 || scale > kMaxScale) return Error::too_many_digits;
  if (scale >= scale_) {
    const UInt128 factor = kPow10[static_cast<std::size_t>(scale - scale_)];
    if (magnitude(units_) >= kUnitsLimit / factor + (kUnitsLimit % factor != 0)) return Error::overflow;
    return Decimal(units_ * static_cast<Int128>(factor), scale);
  }
  const auto divisor = static_cast<Int128>(kPow10[static_cast<std::size_t>(scale_ - scale)]);
  return Decimal(round_quotient(units_ / divisor, units_ % divisor, UInt128(divisor), mode), scale);
}

int Decimal::compare_general(const Decimal& a, const Decimal& b) noexcept {
  if (a.scale_ == b.scale_) return a.units_ < b.units_ ? -1 : a.units_ > b.units_ ? 1 : 0;
  // Bring the coarser one to the finer scale; if that leaves 128 bits it outweighs the other.
  const bool a_coarser = a.scale_ < b.scale_;
  const Int128 coarse = a_coarser ? a.units_ : b.units_;
  const Int128 fine = a_coarser ? b.units_ : a.units_;
  const auto diff = static_cast<std::size_t>(a_coarser ? b.scale_ - a.scale_ : a.scale_ - b.scale_);
  Int128 scaled = 0;
  int c = 0;
  if (__builtin_mul_overflow(coarse, static_cast<Int128>(kPow10[diff]), &scaled)) {
    c = coarse < 0 ? -1 : 1;
  } else {
    c = scaled < fine ? -1 : scaled > fine ? 1 : 0;
  }
  return a_coarser ? c : -c;
}

char* Decimal::to_chars(char* first, char* last) const noexcept {
  const Decimal n = normalized();
  char digits_buf[40];
  char* const digits_end = digits_buf + sizeof digits_buf;
  const char* digits = write_digits_backward(magnitude(n.units_), digits_end);
  const auto ndigits = static_cast<int>(digits_end - digits);
  const int s = n.scale_;
  const bool negative = n.units_ < 0;
  const int int_digits = ndigits > s ? ndigits - s : 0;
  const std::size_t length = static_cast<std::size_t>(negative) +
                             (s == 0 ? static_cast<std::size_t>(ndigits)
                                     : static_cast<std::size_t>((int_digits == 0 ? 1 : int_digits) + 1 + s));
  if (first == nullptr || last < first || static_cast<std::size_t>(last - first) < length) return nullptr;
  char* out = first;
  if (negative) *out++ = '-';
  if (s == 0) {
    std::memcpy(out, digits, static_cast<std::size_t>(ndigits));
    return out + ndigits;
  }
  if (int_digits == 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < s - ndigits; ++i) *out++ = '0';
    std::memcpy(out, digits, static_cast<std::size_t>(ndigits));
    return out + ndigits;
  }
  std::memcpy(out, digits, static_cast<std::size_t>(int_digits));
  out += int_digits;
  *out++ = '.';
  std::memcpy(out, digits + int_digits, static_cast<std::size_t>(s));
  return out + s;
}

std::string Decimal::to_string() const {
  char buf[kMaxTextLength];
  char* end = to_chars(buf, buf + sizeof buf);
  return std::string(buf, end);
}

Result<Decimal> add_general(Decimal a, Decimal b) noexcept {
  const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  Int128 x = a.units_;
  Int128 y = b.units_;
  if (__builtin_mul_overflow(x, static_cast<Int128>(kPow10[static_cast<std::size_t>(scale - a.scale_)]), &x) ||
      __builtin_mul_overflow(y, static_cast<Int128>(kPow10[static_cast<std::size_t>(scale - b.scale_)]), &y)) {
    return Error::overflow;
  }
  Int128 sum = 0;
  if (__builtin_add_overflow(x, y, &sum) || magnitude(sum) >= kUnitsLimit) return Error::overflow;
  return Decimal(sum, scale);
}

Result<Decimal> multiply_general(Decimal a, Decimal b) noexcept {
  Int128 product = 0;
  int scale = a.scale_ + b.scale_;
  if (__builtin_mul_overflow(a.units_, b.units_, &product)) {
    // Trailing zeros may be what overflowed: retry with both operands at their smallest scale.
    const Decimal na = a.normalized();
    const Decimal nb = b.normalized();
    if (__builtin_mul_overflow(na.units_, nb.units_, &product)) return Error::overflow;
    scale = na.scale_ + nb.scale_;
  }
  while (scale > Decimal::kMaxScale && product % 10 == 0) {
    product /= 10;
    --scale;
  }
  if (scale > Decimal::kMaxScale) return Error::inexact;
  if (magnitude(product) >= kUnitsLimit) return Error::overflow;
  return Decimal(product, scale);
}

Result<Decimal> divide(Decimal a, Decimal b, int scale, RoundingMode mode) noexcept {
  if (b.units_ == 0) return Error::division_by_zero;
  if (scale < 0 || scale > Decimal::kMaxScale) return Error::too_many_digits;
  // a/b at `scale` places = (a.units * 10^(scale + b.scale - a.scale)) / b.units.
  Int128 numerator = a.units_;
  Int128 denominator = b.units_;
  const int shift = scale + b.scale_ - a.scale_;
  if (numerator == 0) return Decimal(0, scale);
  if (shift > Decimal::kMaxScale || shift < -Decimal::kMaxScale) return Error::overflow;
  const Int128 factor = static_cast<Int128>(kPow10[static_cast<std::size_t>(shift < 0 ? -shift : shift)]);
  if (__builtin_mul_overflow(shift >= 0 ? numerator : denominator, factor, shift >= 0 ? &numerator : &denominator)) {
    return Error::overflow;
  }
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const Int128 q = round_quotient(numerator / denominator, numerator % denominator, UInt128(denominator), mode);
  if (magnitude(q) >= kUnitsLimit) return Error::overflow;
  return Decimal(q, scale);
}

}  // namespace oex
