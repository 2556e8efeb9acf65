#pragma once
// The report of a run: a JSON file of percentiles (p50, p90, p99, p99.9, max, in nanoseconds) per
// venue and stage, ours and the baseline, with the tick-to-trade ratios against the targets; an
// SVG chart (plain text, no dependencies) of the tick-to-trade distribution per venue, ours beside
// the baseline; and a Markdown table for the terminal and the README.
#include <cstdint>
#include <span>
#include <string>

#include "oex/core/latency_histogram.hpp"
#include "oex/tick_to_trade/harness.hpp"
#include "oex/tick_to_trade/machine_pauses.hpp"

namespace oex::t2t {

struct Percentiles {
  std::uint64_t count = 0;
  std::uint64_t p50 = 0;
  std::uint64_t p90 = 0;
  std::uint64_t p99 = 0;
  std::uint64_t p999 = 0;
  std::uint64_t max = 0;
};
[[nodiscard]] Percentiles percentiles(const LatencyHistogram& h) noexcept;

// The targets of issue 8: ours at least 5x lower than the baseline at p50 and p99, and our p99.9
// at most 3x our p50.
struct TargetCheck {
  double ratio_p50 = 0;  // baseline / ours
  double ratio_p99 = 0;
  double ours_p999_over_p50 = 0;
  bool p50_met = false;
  bool p99_met = false;
  bool p999_met = false;
};
[[nodiscard]] TargetCheck check_targets(const VenueRun& run) noexcept;

struct ReportInfo {
  std::uint64_t warmup = 0;
  bool tsc_clock = false;
  const MachinePauses* machine = nullptr;  // measured in the same run, when it was
};

[[nodiscard]] std::string report_json(std::span<const VenueRun* const> runs, const ReportInfo& info);
[[nodiscard]] std::string report_svg(std::span<const VenueRun* const> runs);
// The table, and under it what the machine's pauses mean for each venue's tail (with info.machine).
[[nodiscard]] std::string report_table(std::span<const VenueRun* const> runs, const ReportInfo& info);

}  // namespace oex::t2t
