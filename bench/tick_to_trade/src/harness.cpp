#include "oex/tick_to_trade/harness.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "oex/tick_to_trade/baseline.hpp"
#include "oex/tick_to_trade/notifications.hpp"
#include "oex/tick_to_trade/ours.hpp"

namespace oex::t2t {
namespace {

// Ours runs a block of messages, then the baseline runs the same bytes: each path runs warm, as it
// would alone, and neither is charged for the other's effect on the caches.
constexpr std::uint64_t kBlock = 256;

struct StoredMessage {
  std::array<std::uint8_t, NotificationSource::kMaxMessage> bytes{};
  std::size_t size = 0;
  std::array<char, 24> order_id{};
  std::size_t order_id_size = 0;
};

// Even messages are stamped at every stage, odd ones at their ends only (StageTimer).
Stamping stamping(std::uint64_t index) noexcept { return index % 2 == 0 ? Stamping::stages : Stamping::ends; }

PipelineCounters minus(const PipelineCounters& a, const PipelineCounters& b) noexcept {
  return {a.messages - b.messages,         a.fills_booked - b.fills_booked, a.requests_framed - b.requests_framed,
          a.decode_errors - b.decode_errors, a.apply_errors - b.apply_errors, a.rejected - b.rejected};
}

}  // namespace

std::unique_ptr<VenueRun> run_venue(Venue venue, const RunOptions& options, const Clock& clock) {
  auto run = std::make_unique<VenueRun>();
  run->venue = venue;
  NotificationSource source(venue, options.fixtures_dir);
  OursPipeline ours(venue, clock);
  BaselinePipeline baseline(venue, clock);
  run->fixture = std::string(source.fixture_name());
  run->encoder = std::string(ours.encoder_name());

  std::vector<StoredMessage> block(kBlock);
  // Messages [first, first + count): each built about the order ours placed for the one before.
  auto run_block = [&](std::uint64_t first, std::uint64_t count, StageHistograms& ours_h, StageHistograms& base_h) {
    for (std::uint64_t k = 0; k < count; ++k) {
      const Notification message = source.build(first + k, ours.last_client_order_id());
      StoredMessage& stored = block[k];
      stored.size = message.bytes.size();
      std::memcpy(stored.bytes.data(), message.bytes.data(), stored.size);
      stored.order_id_size = std::min(message.venue_order_id.size(), stored.order_id.size());
      std::memcpy(stored.order_id.data(), message.venue_order_id.data(), stored.order_id_size);
      (void)ours.process(message, ours_h, stamping(first + k));
      ours.acknowledge(source.venue_order_id(first + k + 1));
      ours.idle();
    }
    for (std::uint64_t k = 0; k < count; ++k) {
      const StoredMessage& stored = block[k];
      const Notification message{venue, {stored.bytes.data(), stored.size},
                                 {stored.order_id.data(), stored.order_id_size}};
      (void)baseline.process(message, base_h, stamping(first + k));
      baseline.acknowledge(source.venue_order_id(first + k + 1));
    }
  };
  auto run_range = [&](std::uint64_t first, std::uint64_t count) {
    for (std::uint64_t done = 0; done < count; done += kBlock) {
      run_block(first + done, std::min(kBlock, count - done), run->ours, run->baseline);
    }
  };
  run_range(0, options.warmup);
  run->ours.reset();
  run->baseline.reset();
  const PipelineCounters ours_before = ours.counters();
  const PipelineCounters baseline_before = baseline.counters();
  run_range(options.warmup, options.messages);
  run->messages = options.messages;
  run->ours_counters = minus(ours.counters(), ours_before);
  run->baseline_counters = minus(baseline.counters(), baseline_before);
  run->ours_request = std::string(ours.last_request());
  run->baseline_request = std::string(baseline.last_request());
  return run;
}

}  // namespace oex::t2t
