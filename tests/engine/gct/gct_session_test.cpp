// GctSession against a real oex-sim over TLS on loopback: connect, log in to the push socket and
// reconcile to ready; the order lifecycle through REST, the trade push and polling; a disconnect
// mid-order; duplicated, reordered, dropped and corrupt pushes; throttling; the kill switch's
// batchCancelOpenOrders; and no heap allocation per message in steady state. Every run ends with
// the order core compared with the simulator's ground truth (state, filled quantity, positions).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/engine/gct_session.hpp"
#include "oex/engine/http_date.hpp"
#include "venue_session_test.hpp"

namespace oex::engine {
namespace {

using namespace std::chrono_literals;

class GctSessionTest : public VenueSessionTest<GctSession, Venue::gct> {
 protected:
  GctSessionTest() : VenueSessionTest(23, std::chrono::milliseconds(100)) {}
};

TEST_F(GctSessionTest, ConnectsLogsInReconcilesAndPollsTheBook) {
  start();
  EXPECT_EQ(host_->state(Venue::gct), VenueState::ready);
  EXPECT_EQ(session_->clock_offset_ms(), 0) << "the simulator sends no Date header: the local clock stands";
  EXPECT_GE(session_->counters().reconciliations, 1u);
  control("/step?n=5");
  EXPECT_TRUE(run_until([&] {
    const OrderBook* book = host_->book(Venue::gct, symbol_);
    return book != nullptr && book->ready();
  })) << "the polled depth never made a book";
  EXPECT_TRUE(run_until([&] { return session_->counters().polls >= 3; })) << "openOrders is not polled";
  EXPECT_EQ(session_->counters().decode_errors, 0u);
  EXPECT_EQ(session_->counters().venue_errors, 0u) << "every signed request passed the 5-second window";
}

TEST_F(GctSessionTest, OrderLifecycleEndsAsTheVenueBookedIt) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_FALSE(order(resting).venue_order_id.empty());

  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
  EXPECT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.002"));
  EXPECT_EQ(orders_->position(Venue::gct, symbol_).bought_qty, dec("0.002"));

  const oms::OrderHandle partial = partially_filled_sell();
  cancel(resting);
  EXPECT_EQ(order(resting).state, OrderState::cancelled);
  if (order(partial).is_open()) {
    cancel(partial);
    EXPECT_EQ(order(partial).state, OrderState::cancelled);
    EXPECT_FALSE(order(partial).filled_qty.is_zero()) << "a cancelled order keeps its fills";
  }

  fault("reject=1");
  const oms::OrderHandle refused = place(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  audit_and_compare();
}

TEST_F(GctSessionTest, CancelBeforeTheVenueNamedTheOrderGoesByClientOrderId) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  ASSERT_TRUE(order(h).venue_order_id.empty());
  ASSERT_EQ(orders_->begin_cancel(h), oms::OmsError::ok);
  EXPECT_EQ(session_->send_cancel(*orders_->get(h)), SendError::ok);
  EXPECT_TRUE(run_until([&] { return order(h).state == OrderState::cancelled; })) << to_string(order(h).state);
  audit_and_compare();
}

TEST_F(GctSessionTest, DisconnectMidOrderReconcilesToTheVenueState) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.003");
  const auto rounds = session_->counters().reconciliations;
  control("/disconnect?venue=gct");
  EXPECT_TRUE(run_until([&] {
    return session_->counters().reconciliations > rounds && session_->state() == VenueState::ready && settled(resting) &&
           settled(crossing);
  }, 30s)) << to_string(order(resting).state) << " " << to_string(order(crossing).state);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_EQ(order(crossing).state, OrderState::filled);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.003"));

  // Filled while nobody listened: the per-order query finds it.
  const oms::OrderHandle sell = place(Side::sell, "29999.5", "0.004");
  settle(sell);
  const auto second_rounds = session_->counters().reconciliations;
  control("/disconnect?venue=gct");
  control("/step?n=10");
  EXPECT_TRUE(run_until([&] {
    return session_->counters().reconciliations > second_rounds && session_->state() == VenueState::ready && all_settled();
  }, 30s));
  cancel(resting);
  audit_and_compare();
}

TEST_F(GctSessionTest, DuplicatedAndReorderedNotificationsBookEveryFillOnce) {
  start();
  fault("duplicate=1");
  trade_a_little();
  fault("duplicate=0&reorder=1");
  trade_a_little();
  audit_and_compare();
}

TEST_F(GctSessionTest, DroppedAndCorruptNotificationsAreRecoveredByTheAudit) {
  start();
  fault("drop=0.5&corrupt=0.3");
  (void)place(Side::buy, "29000", "0.01");
  (void)place(Side::buy, "30100", "0.002");
  (void)place(Side::sell, "29999.5", "0.05");
  control("/step?n=20");
  run_for(500ms);
  audit_and_compare();
}

TEST_F(GctSessionTest, ThrottledOrdersAreRejectedAndTheNextOneGoesThrough) {
  start();
  fault("throttle=1");
  const oms::OrderHandle refused = place(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  clear_faults();
  const oms::OrderHandle accepted = place(Side::buy, "29000", "0.01");
  settle(accepted);
  EXPECT_EQ(order(accepted).state, OrderState::new_);
  cancel(accepted);
  audit_and_compare();
}

TEST_F(GctSessionTest, KillCancelsEveryOpenOrderWithBatchCancelOpenOrders) {
  start();
  oms::OrderHandle handles[3];
  const char* prices[] = {"29000", "29001", "29002"};
  for (int i = 0; i < 3; ++i) {
    handles[i] = place(Side::buy, prices[i], "0.01");
    settle(handles[i]);
  }
  risk::KillAction action;
  action.venue = Venue::gct;
  action.kind = risk::KillActionKind::cancel_all_venue;
  EXPECT_EQ(session_->send_kill(action), SendError::ok);
  // The answer names no order: the next poll sees them gone and asks each how it ended.
  EXPECT_TRUE(run_until([&] {
    bool all = true;
    for (const oms::OrderHandle h : handles) all = all && order(h).state == OrderState::cancelled;
    return all;
  })) << to_string(order(handles[0]).state);
  audit_and_compare();
}

TEST_F(GctSessionTest, KillRefusedByTheRateLimitIsSentAgain) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  settle(h);
  fault("throttle=1");
  risk::KillAction action;
  action.venue = Venue::gct;
  action.kind = risk::KillActionKind::cancel_all_venue;
  EXPECT_EQ(session_->send_kill(action), SendError::ok);
  EXPECT_TRUE(run_until([&] { return session_->counters().venue_errors >= 2; })) << "the refusal never came";
  EXPECT_EQ(order(h).state, OrderState::new_);
  clear_faults();
  EXPECT_TRUE(run_until([&] { return order(h).state == OrderState::cancelled; })) << to_string(order(h).state);
  audit_and_compare();
}

TEST_F(GctSessionTest, AmendAndDeadManAreNotSupported) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  settle(h);
  EXPECT_EQ(session_->send_amend(order(h), dec("29100"), std::nullopt), SendError::not_supported);
  EXPECT_EQ(session_->send_dead_man(5000), SendError::not_supported);
  cancel(h);
  audit_and_compare();
}

TEST_F(GctSessionTest, NoAllocationPerMessageInSteadyState) {
  start();
  trade_a_little();  // warm-up: every path once
  const auto messages_before = host_->counters().messages_in;
  testing::AllocationScope scope;
  for (int i = 0; i < 10; ++i) {
    const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
    settle(h);
    cancel(h);
  }
  const std::size_t allocations = scope.allocations();
  EXPECT_GE(host_->counters().messages_in, messages_before + 20);
  EXPECT_EQ(allocations, 0u) << "heap allocations during 10 order round trips";
  audit_and_compare();
}

TEST(GctSessionConfig, AConfigurationWithoutThePayPasswordNamesTheKey) {
  EngineConfig config;
  VenueConfig venue;
  venue.venue = Venue::gct;
  venue.rest = Endpoint{"http", "127.0.0.1", 1, "/v1"};
  venue.ws = Endpoint{"ws", "127.0.0.1", 1, "/"};
  venue.api_key = Secret("k");
  venue.secret = Secret("s");
  venue.instruments.push_back({"BTCUSDT", dec("0.5"), dec("0.001")});
  config.venues.push_back(venue);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(risk::RiskConfig{}, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  boost::asio::io_context io;
  try {
    GctSession session(host, SessionSettings{config.venues.front(), io, nullptr});
    FAIL() << "built without a pay password";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("venues.gct.credentials.pay_password"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("\"s\""), std::string::npos);
  }
}

TEST(GctSessionConfig, AConfigurationWithoutThePushSocketNamesTheKey) {
  EngineConfig config;
  VenueConfig venue;
  venue.venue = Venue::gct;
  venue.rest = Endpoint{"http", "127.0.0.1", 1, "/v1"};
  venue.api_key = Secret("k");
  venue.secret = Secret("s");
  venue.pay_password = Secret("p");
  config.venues.push_back(venue);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(risk::RiskConfig{}, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  boost::asio::io_context io;
  try {
    GctSession session(host, SessionSettings{config.venues.front(), io, nullptr});
    FAIL() << "built without the push socket";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("venues.gct.ws"), std::string::npos) << e.what();
  }
}

TEST(HttpDate, ReadsAnImfFixdate) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"), 1835481599);
}

TEST(HttpDate, RefusesEverythingElse) {
  EXPECT_FALSE(parse_http_date(""));
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun Nov  6 08:49:37 1994"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Xyz 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 32 Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 24:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
  EXPECT_FALSE(parse_http_date("Sun, 0a Nov 1994 08:49:37 GMT"));
}

}  // namespace
}  // namespace oex::engine
