#include "oex/core/client_order_id.hpp"

#include "oex/core/clock.hpp"

namespace oex {

Result<ClientOrderIdGenerator> ClientOrderIdGenerator::create(unsigned instance) noexcept {
  if (instance >= kMaxInstances) return Error::invalid_argument;
  return ClientOrderIdGenerator(instance);
}

ClientOrderId ClientOrderIdGenerator::next(std::uint64_t unix_micros) noexcept {
  const std::uint64_t now = unix_micros > kEpochUnixMicros ? unix_micros - kEpochUnixMicros : 0;
  last_ = now > last_ ? now : last_ + 1;
  std::uint64_t value = last_ * kMaxInstances + instance_;
  char digits[20];
  char* p = digits + sizeof digits;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  // At most 18 digits until the year 2336; InlineString<24> holds them either way.
  return *ClientOrderId::from({p, static_cast<std::size_t>(digits + sizeof digits - p)});
}

ClientOrderId ClientOrderIdGenerator::next() noexcept { return next(wall_clock_us()); }

}  // namespace oex
