#pragma once
// Small Decimal helpers for the core's bookkeeping: a failed operation leaves the target alone
// and says so (only a value beyond 38 digits can fail).
#include "oex/core/decimal.hpp"

namespace oex::oms::detail {

[[nodiscard]] inline bool add_to(Decimal& target, const Decimal& value) noexcept {
  auto sum = oex::add(target, value);
  if (!sum) return false;
  target = *sum;
  return true;
}

[[nodiscard]] inline bool subtract_from(Decimal& target, const Decimal& value) noexcept {
  auto difference = oex::subtract(target, value);
  if (!difference) return false;
  target = *difference;
  return true;
}

[[nodiscard]] inline Decimal min_of(const Decimal& a, const Decimal& b) noexcept { return (b < a) ? b : a; }

}  // namespace oex::oms::detail
