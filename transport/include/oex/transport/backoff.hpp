#pragma once
// Reconnect delays: exponential back-off with jitter, so many connections that drop together
// do not come back together.
#include <chrono>
#include <cstdint>

namespace oex::transport {

struct ReconnectPolicy {
  bool enabled = true;
  std::chrono::milliseconds initial{100};
  std::chrono::milliseconds max{30'000};
  unsigned multiplier = 2;
  unsigned jitter_percent = 20;  // each delay is shortened by a random 0..jitter_percent %
};

class Backoff {
 public:
  Backoff(const ReconnectPolicy& policy, std::uint64_t seed) noexcept : policy_(policy), state_(seed | 1) {}
  // The delay before the next attempt; grows with each call until reset().
  [[nodiscard]] std::chrono::milliseconds next() noexcept;
  void reset() noexcept { attempts_ = 0; }
  [[nodiscard]] unsigned attempts() const noexcept { return attempts_; }

 private:
  ReconnectPolicy policy_;
  std::uint64_t state_;
  unsigned attempts_ = 0;
};

}  // namespace oex::transport
