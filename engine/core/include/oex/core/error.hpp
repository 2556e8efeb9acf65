#pragma once
// Failures of the core vocabulary, each with a stable snake_case name (simdjson style).
// Layers above define their own enums the same way; none of them throws on the hot path.
#include <cstdint>
#include <string_view>

namespace oex {

enum class Error : std::uint8_t {
  ok = 0,
  empty,               // no text where a value was expected
  invalid_character,   // a byte that has no place in the value
  invalid_format,      // the bytes are legal but their arrangement is not ("1.2.3", "-", ".")
  too_many_digits,     // more than Decimal::kMaxDigits significant digits, or too fine a scale
  overflow,            // the result does not fit
  inexact,             // the exact result needs rounding: ask for it with a RoundingMode
  division_by_zero,
  buffer_too_small,    // an output buffer cannot hold the result; nothing was written past it
  capacity_exhausted,  // a table sized at start-up is full
  not_found,
  duplicate,
  invalid_argument,
};

[[nodiscard]] constexpr std::string_view error_name(Error e) noexcept {
  switch (e) {
    case Error::ok: return "ok";
    case Error::empty: return "empty";
    case Error::invalid_character: return "invalid_character";
    case Error::invalid_format: return "invalid_format";
    case Error::too_many_digits: return "too_many_digits";
    case Error::overflow: return "overflow";
    case Error::inexact: return "inexact";
    case Error::division_by_zero: return "division_by_zero";
    case Error::buffer_too_small: return "buffer_too_small";
    case Error::capacity_exhausted: return "capacity_exhausted";
    case Error::not_found: return "not_found";
    case Error::duplicate: return "duplicate";
    case Error::invalid_argument: return "invalid_argument";
  }
  return "unknown_error";
}

}  // namespace oex
