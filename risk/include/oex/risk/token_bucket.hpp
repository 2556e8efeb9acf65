#pragma once
// An order-rate throttle on integer nanoseconds: `rate` tokens per second, at most `burst` held.
// Tokens are counted in billionths so that refilling is one multiplication, with no division and
// no floating point.
#include <algorithm>
#include <cstdint>

namespace oex::risk {

class TokenBucket {
 public:
  static constexpr std::uint64_t kScale = 1'000'000'000ULL;  // one token, in billionths

  TokenBucket() noexcept = default;
  TokenBucket(std::uint32_t rate_per_second, std::uint32_t burst) noexcept
      : rate_(rate_per_second),
        capacity_(static_cast<std::uint64_t>(burst) * kScale),
        tokens_(capacity_),
        fills_empty_ns_(rate_ == 0 ? 0 : capacity_ / rate_ + 1) {}  // 0: never refills

  // Takes one token if there is one at `now_ns`; a clock that steps back refills nothing.
  [[nodiscard]] bool try_take(std::uint64_t now_ns) noexcept {
    refill(now_ns);
    if (tokens_ < kScale) return false;
    tokens_ -= kScale;
    return true;
  }
  [[nodiscard]] bool would_allow(std::uint64_t now_ns) noexcept {
    refill(now_ns);
    return tokens_ >= kScale;
  }
  [[nodiscard]] std::uint64_t tokens_billionths() const noexcept { return tokens_; }

 private:
  // No branch to mispredict: a clock that steps back adds nothing, and past the time an empty
  // bucket takes to fill, elapsed stops counting (that also keeps elapsed * rate + tokens below
  // 2 * capacity + rate, which cannot overflow). The bucket starts full, so the first call, from a
  // last time of 0, finds it full too.
  void refill(std::uint64_t now_ns) noexcept {
    const std::uint64_t elapsed = std::min(now_ns > last_ns_ ? now_ns - last_ns_ : 0, fills_empty_ns_);
    last_ns_ = std::max(last_ns_, now_ns);
    tokens_ = std::min(tokens_ + elapsed * rate_, capacity_);
  }

  std::uint64_t rate_ = 0;
  std::uint64_t capacity_ = 0;
  std::uint64_t tokens_ = 0;
  std::uint64_t fills_empty_ns_ = 0;  // nanoseconds after which any bucket is full again
  std::uint64_t last_ns_ = 0;
};

}  // namespace oex::risk
