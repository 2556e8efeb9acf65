#pragma once
// The tick-to-trade run of one venue: `messages` notifications (after `warmup` unrecorded ones)
// through OursPipeline and, on the same bytes, through BaselinePipeline, message by message in
// turn; each message is about the order the previous message's answer placed, acknowledged by the
// venue in between (untimed), so every message books one fill and places one order. Every other
// message is stamped at its stage boundaries and the rest only at their ends (StageTimer): each
// stage histogram, and the tick-to-trade one, holds half the messages.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "oex/core/clock.hpp"
#include "oex/core/enums.hpp"
#include "oex/tick_to_trade/stages.hpp"

namespace oex::t2t {

struct RunOptions {
  std::uint64_t messages = 2'000'000;  // a million in each histogram
  std::uint64_t warmup = 20'000;
  std::string fixtures_dir;  // tests/codecs
};

struct VenueRun {
  Venue venue{};
  std::string fixture;
  std::string encoder;
  std::uint64_t messages = 0;  // recorded (warm-up excluded)
  StageHistograms ours;
  StageHistograms baseline;
  PipelineCounters ours_counters;      // recorded messages only
  PipelineCounters baseline_counters;
  std::string ours_request;      // the last request each side framed, for reading
  std::string baseline_request;
};

// Start-up allocates the pipelines; the loop itself allocates only in the baseline.
[[nodiscard]] std::unique_ptr<VenueRun> run_venue(Venue venue, const RunOptions& options, const Clock& clock);

}  // namespace oex::t2t
