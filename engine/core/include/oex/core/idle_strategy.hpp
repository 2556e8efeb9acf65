#pragma once
// What the loop does when an iteration found no work (Aeron's idle strategies). Each takes the
// work count of the iteration just done; any work resets the back-off.
#include <sched.h>
#include <time.h>

#include <cstdint>

namespace oex {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Never gives up the core: the lowest latency, one core at 100%.
struct BusySpinIdle {
  void idle(int work_count) noexcept {
    if (work_count <= 0) cpu_relax();
  }
  void reset() noexcept {}
};

// Offers the core to other threads between empty iterations.
struct YieldIdle {
  void idle(int work_count) noexcept {
    if (work_count <= 0) sched_yield();
  }
  void reset() noexcept {}
};

// Spins, then yields, then sleeps for a doubling period up to a ceiling: for tests, tools and
// machines where a spinning core costs more than the latency it buys.
class BackoffIdle {
 public:
  constexpr BackoffIdle(std::uint32_t max_spins = 100, std::uint32_t max_yields = 10,
                        std::uint64_t min_park_ns = 1'000, std::uint64_t max_park_ns = 1'000'000) noexcept
      : max_spins_(max_spins), max_yields_(max_yields), min_park_ns_(min_park_ns), max_park_ns_(max_park_ns) {}

  void idle(int work_count) noexcept {
    if (work_count > 0) {
      reset();
      return;
    }
    if (spins_ < max_spins_) {
      ++spins_;
      cpu_relax();
    } else if (yields_ < max_yields_) {
      ++yields_;
      sched_yield();
    } else {
      const timespec ts{static_cast<time_t>(park_ns_ / 1'000'000'000ULL), static_cast<long>(park_ns_ % 1'000'000'000ULL)};
      nanosleep(&ts, nullptr);
      park_ns_ = park_ns_ * 2 > max_park_ns_ ? max_park_ns_ : park_ns_ * 2;
    }
  }
  void reset() noexcept {
    spins_ = 0;
    yields_ = 0;
    park_ns_ = min_park_ns_;
  }

 private:
  std::uint32_t max_spins_;
  std::uint32_t max_yields_;
  std::uint64_t min_park_ns_;
  std::uint64_t max_park_ns_;
  std::uint32_t spins_ = 0;
  std::uint32_t yields_ = 0;
  std::uint64_t park_ns_ = min_park_ns_;
};

}  // namespace oex
