// DeflowSession against a real oex-sim over TLS on loopback: the HTTP connection and the first
// answered list make it ready; the order lifecycle followed by polling (Deflow pushes nothing);
// a cancel before the venue named the order; an audit mid-order; throttling; the kill switch's
// per-order cancels; and no heap allocation per message in steady state. Every run ends with the
// order core compared with the simulator's ground truth (state, filled quantity, positions).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/engine/deflow_session.hpp"
#include "venue_session_test.hpp"

namespace oex::engine {
namespace {

using namespace std::chrono_literals;

class DeflowSessionTest : public VenueSessionTest<DeflowSession, Venue::deflow> {
 protected:
  DeflowSessionTest() : VenueSessionTest(29, std::chrono::milliseconds(100)) {}
};

TEST_F(DeflowSessionTest, ConnectsReconcilesAndPollsTheBookAndTheOpenOrders) {
  start();
  EXPECT_EQ(host_->state(Venue::deflow), VenueState::ready);
  EXPECT_GE(session_->counters().reconciliations, 1u);
  control("/step?n=5");
  EXPECT_TRUE(run_until([&] {
    const OrderBook* book = host_->book(Venue::deflow, symbol_);
    return book != nullptr && book->ready();
  })) << "the polled depth never made a book";
  EXPECT_EQ(session_->counters().polls, 0u) << "no open order of ours: nothing to poll";
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_TRUE(run_until([&] { return session_->counters().polls >= 3; })) << "open orders are not polled";
  cancel(resting);
  EXPECT_EQ(session_->counters().decode_errors, 0u);
  EXPECT_EQ(session_->counters().venue_errors, 0u);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, OrderLifecycleEndsAsTheVenueBookedIt) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_FALSE(order(resting).venue_order_id.empty());

  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
  EXPECT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.002"));
  EXPECT_EQ(orders_->position(Venue::deflow, symbol_).bought_qty, dec("0.002"));

  const oms::OrderHandle partial = partially_filled_sell();
  cancel(resting);
  EXPECT_EQ(order(resting).state, OrderState::cancelled);
  if (order(partial).is_open()) {
    cancel(partial);
    EXPECT_EQ(order(partial).state, OrderState::cancelled);
    EXPECT_FALSE(order(partial).filled_qty.is_zero()) << "a cancelled order keeps its fills";
  }
  EXPECT_GT(session_->counters().order_queries, 0u);

  fault("reject=1");
  const oms::OrderHandle refused = place(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, CancelBeforeTheVenueNamedTheOrderIsSentOnceItDoes) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  ASSERT_TRUE(order(h).venue_order_id.empty());
  ASSERT_EQ(orders_->begin_cancel(h), oms::OmsError::ok);
  EXPECT_EQ(session_->send_cancel(*orders_->get(h)), SendError::ok);
  EXPECT_TRUE(run_until([&] { return order(h).state == OrderState::cancelled; })) << to_string(order(h).state);
  EXPECT_EQ(session_->counters().deferred_cancels, 1u);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, AuditMidOrderResolvesOrdersThatEndedUnseen) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.003");
  // Marked unknown while both answers are on their way: the audit waits for them, then lists.
  (void)orders_->on_disconnect(Venue::deflow);
  const auto rounds = session_->counters().reconciliations;
  ASSERT_EQ(session_->reconcile(), SendError::ok);
  EXPECT_EQ(session_->state(), VenueState::reconciling);
  EXPECT_TRUE(run_until([&] {
    return session_->counters().reconciliations > rounds && session_->state() == VenueState::ready && settled(resting) &&
           settled(crossing);
  }, 30s)) << to_string(order(resting).state) << " " << to_string(order(crossing).state);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  // Its answer came back during the audit (so it counted as open): the poll finds it filled.
  EXPECT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.003"));

  // Filled while marked unknown: /v1/order/info finds it and its trades.
  const oms::OrderHandle sell = place(Side::sell, "29999.5", "0.004");
  settle(sell);
  control("/step?n=10");
  (void)orders_->on_disconnect(Venue::deflow);
  ASSERT_EQ(session_->reconcile(), SendError::ok);
  EXPECT_TRUE(run_until([&] { return session_->state() == VenueState::ready && all_settled(); }, 30s));
  cancel(resting);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, ThrottledOrdersAreRejectedAndTheNextOneGoesThrough) {
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

TEST_F(DeflowSessionTest, KillCancelsEveryOpenOrderOneByOne) {
  start();
  oms::OrderHandle handles[3];
  const char* prices[] = {"29000", "29001", "29002"};
  for (int i = 0; i < 3; ++i) {
    handles[i] = place(Side::buy, prices[i], "0.01");
    settle(handles[i]);
  }
  for (const oms::OrderHandle h : handles) {
    risk::KillAction action;
    action.venue = Venue::deflow;
    action.kind = risk::KillActionKind::cancel_order;
    action.symbol = symbol_;
    action.order = h;
    action.venue_order_id = order(h).venue_order_id;
    EXPECT_EQ(session_->send_kill(action), SendError::ok);
  }
  EXPECT_TRUE(run_until([&] {
    bool all = true;
    for (const oms::OrderHandle h : handles) all = all && order(h).state == OrderState::cancelled;
    return all;
  })) << to_string(order(handles[0]).state);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, AmendAndDeadManAreNotSupported) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  settle(h);
  EXPECT_EQ(session_->send_amend(order(h), dec("29100"), std::nullopt), SendError::not_supported);
  EXPECT_EQ(session_->send_dead_man(5000), SendError::not_supported);
  cancel(h);
  audit_and_compare();
}

TEST_F(DeflowSessionTest, NoAllocationPerMessageInSteadyState) {
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

TEST(DeflowSessionConfig, AConfigurationWithoutTheRestEndpointNamesTheKey) {
  EngineConfig config;
  VenueConfig venue;
  venue.venue = Venue::deflow;
  venue.api_key = Secret("k");
  venue.secret = Secret("s");
  venue.instruments.push_back({"btcusdt", dec("0.5"), dec("0.001")});
  config.venues.push_back(venue);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(risk::RiskConfig{}, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  boost::asio::io_context io;
  try {
    DeflowSession session(host, SessionSettings{config.venues.front(), io, nullptr});
    FAIL() << "built without a REST endpoint";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("venues.deflow.rest"), std::string::npos) << e.what();
  }
}

TEST(DeflowSessionConfig, AConfigurationWithoutTheSecretNamesTheKey) {
  EngineConfig config;
  VenueConfig venue;
  venue.venue = Venue::deflow;
  venue.rest = Endpoint{"http", "127.0.0.1", 1, "/v1"};
  venue.api_key = Secret("k");
  config.venues.push_back(venue);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(risk::RiskConfig{}, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  boost::asio::io_context io;
  try {
    DeflowSession session(host, SessionSettings{config.venues.front(), io, nullptr});
    FAIL() << "built without a secret";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("venues.deflow.credentials.secret"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace oex::engine
