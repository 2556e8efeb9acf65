#include "oex/transport/backoff.hpp"

namespace oex::transport {

std::chrono::milliseconds Backoff::next() noexcept {
  std::uint64_t base = static_cast<std::uint64_t>(policy_.initial.count());
  const auto cap = static_cast<std::uint64_t>(policy_.max.count());
  for (unsigned i = 0; i < attempts_ && base < cap; ++i) base *= policy_.multiplier;
  if (base > cap) base = cap;
  ++attempts_;
  // xorshift64: the jitter only has to be spread, not secret.
  state_ ^= state_ << 13;
  state_ ^= state_ >> 7;
  state_ ^= state_ << 17;
  const std::uint64_t spread = base * policy_.jitter_percent / 100;
  const std::uint64_t cut = spread == 0 ? 0 : state_ % (spread + 1);
  return std::chrono::milliseconds(static_cast<std::int64_t>(base - cut));
}

}  // namespace oex::transport
