#pragma once
// How often the machine takes the CPU away from a spinning thread, and for how long: interrupts,
// the hypervisor's exits, another guest on the same core. A thread spins reading the clock; a
// step between two readings longer than kPauseThresholdNs is a pause. On the shared VMs this
// project runs on, pauses of tens of microseconds arrive over a thousand times a second, and any
// message being processed when one lands takes that long. So the share of messages that meet a
// pause, rate x path length, sets a floor under the tail that no code can lower: a p99.9 needs it
// below 0.1%.
#include <cstdint>

#include "oex/core/clock.hpp"
#include "oex/core/latency_histogram.hpp"

namespace oex::t2t {

inline constexpr std::uint64_t kPauseThresholdNs = 2'000;

struct MachinePauses {
  std::uint64_t spun_ns = 0;   // how long the probe spun
  std::uint64_t paused_ns = 0; // of which taken away in pauses
  LatencyHistogram pauses;     // each pause's length

  [[nodiscard]] double per_second() const noexcept {
    return spun_ns == 0 ? 0.0 : static_cast<double>(pauses.count()) * 1e9 / static_cast<double>(spun_ns);
  }
  // The share of messages whose processing, `path_ns` long, a pause lands in.
  [[nodiscard]] double share_of_messages_hit(std::uint64_t path_ns) const noexcept {
    return per_second() * static_cast<double>(path_ns) / 1e9;
  }
};

[[nodiscard]] MachinePauses measure_machine_pauses(const Clock& clock, std::uint64_t duration_ns);

}  // namespace oex::t2t
