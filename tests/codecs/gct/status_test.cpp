// One test per documented GCT status string, plus the undocumented case.
#include <gtest/gtest.h>

#include "oex/codecs/gct/decoder.hpp"
#include "oex/codecs/gct/status.hpp"

namespace oex::codecs::gct {
namespace {

TEST(GctStatus, NoTradeIsNew) { EXPECT_EQ(order_state_from_status("NO-TRADE"), OrderState::new_); }
TEST(GctStatus, SomeTradeIsPartiallyFilled) {
  EXPECT_EQ(order_state_from_status("SOME-TRADE"), OrderState::partially_filled);
}
TEST(GctStatus, CompleTradeIsFilled) { EXPECT_EQ(order_state_from_status("COMPLE-TRADE"), OrderState::filled); }
TEST(GctStatus, WithdrawnIsCancelled) { EXPECT_EQ(order_state_from_status("WITHDRAWN"), OrderState::cancelled); }

TEST(GctStatus, TheTableNamesExactlyTheFourDocumentedStrings) {
  ASSERT_EQ(kStatusTable.size(), 4u);
  for (const StatusMapping& m : kStatusTable) EXPECT_EQ(order_state_from_status(m.status), m.state);
}

TEST(GctStatus, AnUndocumentedStatusIsUnknownAndKeptRaw) {
  EXPECT_EQ(order_state_from_status("COMPLETE-TRADE"), OrderState::unknown);
  EXPECT_EQ(order_state_from_status("no-trade"), OrderState::unknown);
  EXPECT_EQ(order_state_from_status(""), OrderState::unknown);

  RestDecoder decoder(1024, 8);
  const std::string body =
      R"({"status":"success","message":"common_success","data":{"id":"7","status":"PART-CANCEL","count":1}})";
  int seen = 0;
  const CodecError e = decoder.decode(Endpoint::query_order_by_id, 200, body, [&](const auto& ev) {
    if constexpr (std::is_same_v<std::decay_t<decltype(ev)>, OrderUpdate>) {
      EXPECT_EQ(ev.state, OrderState::unknown);
      EXPECT_EQ(ev.venue_status, "PART-CANCEL");
      ++seen;
    }
  });
  EXPECT_EQ(e, CodecError::ok);
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace oex::codecs::gct
