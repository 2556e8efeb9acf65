// Every status each venue documents, as its codec maps it (see INDEX.md "Order states, per
// venue"), driven through the state machine from the states it can arrive in.
#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <vector>

#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

using testing::D;

enum class Start { pending_new, acked, partially_filled, amend_in_flight };

struct StatusCase {
  std::string_view what;
  Venue venue;
  std::string_view venue_status;  // as the venue sends it, kept raw
  OrderState reported;            // what the venue's document implies
  Start start;
  std::optional<std::string_view> cum_filled;  // cumulative filled in the update, if the venue sends it
  OrderState expected;
  std::string_view expected_filled;
  std::optional<ApplyFlag> expected_flag = std::nullopt;
};


const std::vector<StatusCase>& cases() {
  static const std::vector<StatusCase> all = {
      // DigiFinex order.update: 0 unfilled, 1 partially, 2 fully, 3 cancelled unfilled, 4 cancelled partially.
      {"digifinex 0 unfilled", Venue::digifinex, "0", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"digifinex 1 partially filled", Venue::digifinex, "1", OrderState::partially_filled, Start::acked, "0.4",
       OrderState::partially_filled, "0.4"},
      {"digifinex 2 fully filled", Venue::digifinex, "2", OrderState::filled, Start::acked, "1", OrderState::filled, "1"},
      {"digifinex 3 cancelled unfilled", Venue::digifinex, "3", OrderState::cancelled, Start::acked, "0",
       OrderState::cancelled, "0"},
      {"digifinex 4 cancelled partially keeps filled", Venue::digifinex, "4", OrderState::cancelled,
       Start::partially_filled, "0.4", OrderState::cancelled, "0.4"},
      {"digifinex 4 straight from new books the fill", Venue::digifinex, "4", OrderState::cancelled, Start::acked, "0.7",
       OrderState::cancelled, "0.7"},
      {"digifinex order_algo 0 waiting for trigger", Venue::digifinex, "0", OrderState::pending_trigger,
       Start::pending_new, std::nullopt, OrderState::pending_trigger, "0"},
      // BTSE status codes (API Enum; notificationApiV3 and the REST answers).
      {"btse 2 inserted", Venue::btse, "2", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"btse 5 partially transacted", Venue::btse, "5", OrderState::partially_filled, Start::acked, "0.25",
       OrderState::partially_filled, "0.25"},
      {"btse 4 fully transacted", Venue::btse, "4", OrderState::filled, Start::partially_filled, "1",
       OrderState::filled, "1"},
      {"btse 6 cancelled", Venue::btse, "6", OrderState::cancelled, Start::acked, "0", OrderState::cancelled, "0"},
      {"btse 7 refunded", Venue::btse, "7", OrderState::cancelled, Start::acked, std::nullopt, OrderState::cancelled, "0"},
      {"btse 8 insufficient balance", Venue::btse, "8", OrderState::rejected, Start::pending_new, std::nullopt,
       OrderState::rejected, "0"},
      {"btse 1 market unavailable", Venue::btse, "1", OrderState::rejected, Start::pending_new, std::nullopt,
       OrderState::rejected, "0"},
      {"btse 9 trigger inserted", Venue::btse, "9", OrderState::pending_trigger, Start::pending_new, "0",
       OrderState::pending_trigger, "0"},
      {"btse 10 trigger activated", Venue::btse, "10", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"btse 15 order rejected", Venue::btse, "15", OrderState::rejected, Start::pending_new, std::nullopt,
       OrderState::rejected, "0"},
      {"btse 15 amend failed keeps the order", Venue::btse, "15", OrderState::rejected, Start::amend_in_flight,
       std::nullopt, OrderState::new_, "0", ApplyFlag::amend_rejected},
      {"btse 16 not found says nothing", Venue::btse, "16", OrderState::unknown, Start::acked, std::nullopt,
       OrderState::new_, "0"},
      {"btse 17 request failed says nothing", Venue::btse, "17", OrderState::unknown, Start::acked, std::nullopt,
       OrderState::new_, "0"},
      {"btse -1 timeout says nothing", Venue::btse, "-1", OrderState::unknown, Start::pending_new, std::nullopt,
       OrderState::pending_new, "0"},
      {"btse STATUS_ACTIVE in open orders", Venue::btse, "STATUS_ACTIVE", OrderState::new_, Start::pending_new, "0",
       OrderState::new_, "0"},
      {"btse STATUS_INACTIVE trigger not yet active", Venue::btse, "STATUS_INACTIVE", OrderState::pending_trigger,
       Start::pending_new, "0", OrderState::pending_trigger, "0"},
      // Cryptomus order_update.type: created, updated, finished (state completed, internalState filled).
      {"cryptomus created", Venue::cryptomus, "created", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"cryptomus updated", Venue::cryptomus, "updated", OrderState::partially_filled, Start::acked, "0.4",
       OrderState::partially_filled, "0.4"},
      {"cryptomus finished completed/filled", Venue::cryptomus, "completed/filled", OrderState::filled,
       Start::partially_filled, "1", OrderState::filled, "1"},
      // GCT status strings.
      {"gct NO-TRADE", Venue::gct, "NO-TRADE", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"gct SOME-TRADE", Venue::gct, "SOME-TRADE", OrderState::partially_filled, Start::acked, "0.5",
       OrderState::partially_filled, "0.5"},
      {"gct COMPLE-TRADE", Venue::gct, "COMPLE-TRADE", OrderState::filled, Start::acked, "1", OrderState::filled, "1"},
      {"gct WITHDRAWN keeps filled", Venue::gct, "WITHDRAWN", OrderState::cancelled, Start::partially_filled, "0.4",
       OrderState::cancelled, "0.4"},
      // Deflow status numbers (by example): 1 unfilled, 2 fully filled; an unknown code is surfaced.
      {"deflow 1 unfilled", Venue::deflow, "1", OrderState::new_, Start::pending_new, "0", OrderState::new_, "0"},
      {"deflow 2 fully filled", Venue::deflow, "2", OrderState::filled, Start::acked, "1", OrderState::filled, "1"},
      {"deflow unknown code changes nothing", Venue::deflow, "9", OrderState::unknown, Start::acked, "0",
       OrderState::new_, "0"},
  };
  return all;
}

class VenueStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(VenueStatus, DrivesTheStateMachine) {
  const StatusCase& c = GetParam();
  OrderManager oms(OmsConfig{});
  constexpr std::string_view symbol = "BTC_USDT";
  auto placed = oms.add_pending(testing::limit_order(oms, c.venue, symbol, Side::buy, "100", "1", "1001"));
  ASSERT_TRUE(placed.ok());
  const OrderHandle h = *placed;
  if (c.start != Start::pending_new) {
    NewOrderAck ack;
    ack.venue = c.venue;
    ack.symbol = symbol;
    ack.order_id = "V1";
    ack.client_order_id = "1001";
    ASSERT_TRUE(oms.apply(ack).ok());
  }
  if (c.start == Start::partially_filled) {
    OrderUpdate part = testing::update(c.venue, symbol, "V1", OrderState::partially_filled, "partial");
    part.filled_qty = D("0.4");
    ASSERT_TRUE(oms.apply(part).has(ApplyFlag::fill_booked));
  }
  if (c.start == Start::amend_in_flight) {
    ASSERT_EQ(oms.begin_amend(h, D("99"), std::nullopt), OmsError::ok);
  }

  OrderUpdate u = testing::update(c.venue, symbol, c.start == Start::pending_new ? "" : "V1", c.reported, c.venue_status);
  u.client_order_id = "1001";
  if (c.cum_filled) u.filled_qty = D(*c.cum_filled);
  const ApplyResult r = oms.apply(u);
  ASSERT_TRUE(r.ok()) << error_name(r.error);
  EXPECT_EQ(r.order, h);
  const Order& o = *oms.get(h);
  EXPECT_EQ(to_string(o.state), to_string(c.expected));
  EXPECT_EQ(o.filled_qty, D(c.expected_filled)) << o.filled_qty.to_string();
  EXPECT_EQ(o.venue_status.view(), c.venue_status);
  if (c.expected_flag) {
    EXPECT_TRUE(r.has(*c.expected_flag));
  }
  EXPECT_FALSE(o.overfilled);
  EXPECT_EQ(oms.counters().illegal_transitions, 0u);
  // The same update again changes nothing: repeats are inert.
  const Decimal filled_before = o.filled_qty;
  const ApplyResult again = oms.apply(u);
  EXPECT_FALSE(again.has(ApplyFlag::fill_booked));
  EXPECT_FALSE(again.has(ApplyFlag::state_changed));
  EXPECT_EQ(oms.get(h)->filled_qty, filled_before);
}

INSTANTIATE_TEST_SUITE_P(AllVenues, VenueStatus, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<StatusCase>& info) {
                           std::string name;
                           for (char ch : info.param.what) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return name;
                         });

}  // namespace
}  // namespace oex::oms
