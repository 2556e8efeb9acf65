// Parses any bytes as a Decimal; whatever parses must print canonically and parse back equal,
// and arithmetic on it must either succeed exactly or fail with a typed error.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oex/core/decimal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = oex::Decimal::parse(text);
  if (!parsed.ok()) return 0;
  char buf[oex::Decimal::kMaxTextLength];
  char* end = parsed->to_chars(buf, buf + sizeof buf);
  if (end == nullptr) std::abort();
  const auto again = oex::Decimal::parse(std::string_view(buf, static_cast<std::size_t>(end - buf)));
  if (!again.ok() || !(*again == *parsed)) std::abort();
  // The canonical text has no trailing zero after the point and no trailing point.
  const std::string_view printed(buf, static_cast<std::size_t>(end - buf));
  if (printed.find('.') != std::string_view::npos && (printed.back() == '0' || printed.back() == '.')) std::abort();
  const auto sum = oex::add(*parsed, *parsed);
  if (sum.ok() && !(*oex::subtract(*sum, *parsed) == *parsed)) std::abort();
  (void)oex::multiply(*parsed, *parsed);
  (void)oex::divide(*parsed, oex::Decimal::from_int(3), 8, oex::RoundingMode::half_even);
  (void)parsed->rescaled(2, oex::RoundingMode::half_up);
  return 0;
}
