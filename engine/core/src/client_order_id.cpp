#include "oex/core/client_order_id.hpp"

#include <charconv>

#include "oex/core/clock.hpp"

namespace oex {

Result<ClientOrderIdGenerator> ClientOrderIdGenerator::create(unsigned instance) noexcept {
  if (instance >= kMaxInstances) return Error::invalid_argument;
  return ClientOrderIdGenerator(instance);
}

ClientOrderId ClientOrderIdGenerator::next(std::uint64_t unix_micros) noexcept {
  const std::uint64_t now = unix_micros > kEpochUnixMicros ? unix_micros - kEpochUnixMicros : 0;
  last_ = now > last_ ? now : last_ + 1;
  char digits[20];  // at most 18 until the year 2336; InlineString<24> holds 20 either way
  const auto end = std::to_chars(digits, digits + sizeof digits, last_ * kMaxInstances + instance_).ptr;
  return *ClientOrderId::from({digits, static_cast<std::size_t>(end - digits)});
}

ClientOrderId ClientOrderIdGenerator::next() noexcept { return next(wall_clock_us()); }

}  // namespace oex
