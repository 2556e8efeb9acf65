#pragma once
// An order-rate throttle on integer nanoseconds: `rate` tokens per second, at most `burst` held.
// Tokens are counted in billionths so that refilling is one multiplication, with no division and
// no floating point.
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
        fills_empty_ns_(rate_ == 0 ? 0 : capacity_ / rate_ + 1) {}

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
  // The bucket starts full, so the first call (from a last time of 0) finds it full too.
  void refill(std::uint64_t now_ns) noexcept {
    if (now_ns <= last_ns_) return;
    const std::uint64_t elapsed = now_ns - last_ns_;
    last_ns_ = now_ns;
    if (rate_ == 0) return;
    // Past the time an empty bucket takes to fill, it is full; before it, elapsed * rate stays
    // below capacity + rate, so neither the product nor the sum can overflow (and no division).
    if (elapsed >= fills_empty_ns_) {
      tokens_ = capacity_;
    } else {
      tokens_ += elapsed * rate_;
      if (tokens_ > capacity_) tokens_ = capacity_;
    }
  }

  std::uint64_t rate_ = 0;
  std::uint64_t capacity_ = 0;
  std::uint64_t tokens_ = 0;
  std::uint64_t fills_empty_ns_ = 0;  // nanoseconds after which any bucket is full again
  std::uint64_t last_ns_ = 0;
};

}  // namespace oex::risk
