// Our path allocates nothing per message: after start-up and a warm-up, a run of every venue's
// notifications (build, inflate, decode, apply, strategy, risk, encode and sign, framing, and the
// venue's acknowledgement) makes no heap allocation on this thread.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/tick_to_trade/notifications.hpp"
#include "oex/tick_to_trade/ours.hpp"

namespace {

using oex::Venue;
using namespace oex::t2t;

TEST(TickToTradeAllocation, OurLoopMakesNoHeapAllocation) {
  const oex::Clock clock = oex::Clock::calibrate(5);
  for (const Venue v : oex::kAllVenues) {
    SCOPED_TRACE(std::string(oex::to_string(v)));
    NotificationSource source(v, OEX_SOURCE_DIR "/tests/codecs");
    OursPipeline ours(v, clock);
    auto histograms = std::make_unique<StageHistograms>();
    std::uint64_t index = 0;
    auto one = [&] {
      const Notification m = source.build(index, ours.last_client_order_id());
      const bool ok = ours.process(m, *histograms, index % 2 == 0 ? Stamping::stages : Stamping::ends);
      ours.acknowledge(source.venue_order_id(index + 1));
      ++index;
      return ok;
    };
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(one());
    const std::uint64_t framed_before = ours.counters().requests_framed;
    oex::testing::AllocationScope scope;
    int failed = 0;
    for (int i = 0; i < 2000; ++i) failed += one() ? 0 : 1;
    EXPECT_EQ(scope.allocations(), 0u);
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(ours.counters().requests_framed - framed_before, 2000u);
  }
}

}  // namespace
