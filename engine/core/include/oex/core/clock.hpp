#pragma once
// Time for stamping every message (monotonic nanoseconds, from the TSC when it is invariant,
// calibrated against CLOCK_MONOTONIC) and wall time for venue timestamps and nonces.
#include <cstdint>

namespace oex {

class Clock {
 public:
  // Measures the TSC against CLOCK_MONOTONIC for about `calibration_ms` (start-up only). Without an
  // invariant TSC the clock reads CLOCK_MONOTONIC directly (vDSO, no system call).
  [[nodiscard]] static Clock calibrate(unsigned calibration_ms = 20) noexcept;
  [[nodiscard]] static Clock monotonic() noexcept { return Clock(); }

  [[nodiscard]] std::uint64_t now_ns() const noexcept;
  [[nodiscard]] bool uses_tsc() const noexcept { return mult_ != 0; }

 private:
  std::uint64_t base_ns_ = 0;
  std::uint64_t base_tsc_ = 0;
  std::uint64_t mult_ = 0;  // nanoseconds per tick, as a 32.32 fixed-point number
};

[[nodiscard]] std::uint64_t monotonic_ns() noexcept;
[[nodiscard]] std::uint64_t wall_clock_ms() noexcept;
[[nodiscard]] std::uint64_t wall_clock_us() noexcept;

}  // namespace oex
