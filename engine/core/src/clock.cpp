#include "oex/core/clock.hpp"

#include <time.h>

#include "oex/core/decimal.hpp"  // UInt128

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>
#endif

namespace oex {
namespace {

std::uint64_t read_clock(clockid_t id) noexcept {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

#if defined(__x86_64__)
bool has_invariant_tsc() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (static_cast<unsigned>(__get_cpuid_max(0x80000000u, nullptr)) < 0x80000007u) return false;
  __cpuid(0x80000007u, eax, ebx, ecx, edx);
  return (edx & (1u << 8)) != 0;
}
#endif

}  // namespace

std::uint64_t monotonic_ns() noexcept { return read_clock(CLOCK_MONOTONIC); }
std::uint64_t wall_clock_ms() noexcept { return read_clock(CLOCK_REALTIME) / 1'000'000ULL; }
std::uint64_t wall_clock_us() noexcept { return read_clock(CLOCK_REALTIME) / 1'000ULL; }

Clock Clock::calibrate(unsigned calibration_ms) noexcept {
  Clock clock;
#if defined(__x86_64__)
  if (!has_invariant_tsc() || calibration_ms == 0) return clock;
  const std::uint64_t ns0 = monotonic_ns();
  const std::uint64_t tsc0 = __rdtsc();
  std::uint64_t ns1 = ns0;
  while (ns1 - ns0 < calibration_ms * 1'000'000ULL) ns1 = monotonic_ns();
  const std::uint64_t tsc1 = __rdtsc();
  if (tsc1 <= tsc0) return clock;
  clock.mult_ = static_cast<std::uint64_t>((static_cast<UInt128>(ns1 - ns0) << 32) / (tsc1 - tsc0));
  clock.base_ns_ = ns1;
  clock.base_tsc_ = tsc1;
#else
  (void)calibration_ms;
#endif
  return clock;
}

std::uint64_t Clock::now_ns() const noexcept {
#if defined(__x86_64__)
  if (mult_ != 0) {
    const std::uint64_t ticks = __rdtsc() - base_tsc_;
    return base_ns_ + static_cast<std::uint64_t>((static_cast<UInt128>(ticks) * mult_) >> 32);
  }
#endif
  return monotonic_ns();
}

}  // namespace oex
