#include "oex/tick_to_trade/machine_pauses.hpp"

namespace oex::t2t {

MachinePauses measure_machine_pauses(const Clock& clock, std::uint64_t duration_ns) {
  MachinePauses m;
  const std::uint64_t start = clock.now_ns();
  std::uint64_t previous = start;
  while (previous - start < duration_ns) {
    const std::uint64_t now = clock.now_ns();
    if (const std::uint64_t step = now - previous; step > kPauseThresholdNs) {
      m.pauses.record(step);
      m.paused_ns += step;
    }
    previous = now;
  }
  m.spun_ns = previous - start;
  return m;
}

}  // namespace oex::t2t
