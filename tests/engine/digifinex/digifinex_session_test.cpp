// DigifinexSession against a real oex-sim over TLS on loopback: connect, log in, subscribe and
// reconcile to ready; the order lifecycle; a disconnect mid-order; duplicated, reordered,
// dropped and corrupt notifications; throttling; the kill switch's batched cancel; and no heap
// allocation per message in steady state. Every run ends with the order core compared with the
// simulator's ground truth (state, filled quantity, every fill once).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/engine/digifinex_session.hpp"
#include "venue_session_test.hpp"

namespace oex::engine {
namespace {

using namespace std::chrono_literals;

class DigifinexSessionTest : public VenueSessionTest<DigifinexSession, Venue::digifinex> {
 protected:
  DigifinexSessionTest() : VenueSessionTest(17) {}

  // tools::compare counts only orders with a client id, which DigiFinex has none of (the
  // simulator logs the client's orders only), so each order the venue booked is compared here.
  void expect_every_order_matched(const tools::GroundTruth& truth, const tools::Comparison&) override {
    std::size_t booked = 0;
    std::size_t fills = 0;
    for (const auto& [key, venue_order] : truth.orders) {
      if (venue_order.venue != Venue::digifinex) continue;
      ++booked;
      fills += venue_order.fills;
      const oms::Order* ours = orders_->get(orders_->find_by_venue_id(Venue::digifinex, venue_order.order_id));
      if (ours == nullptr) {
        ADD_FAILURE() << venue_order.order_id << ": booked by the venue, unknown to the session";
        continue;
      }
      const std::string venue_state =
          venue_order.state == "new" || venue_order.state == "amended" ? "open" : venue_order.state;
      EXPECT_EQ(tools::truth_state(ours->state), venue_state) << venue_order.order_id;
      EXPECT_EQ(ours->filled_qty, venue_order.filled_qty) << venue_order.order_id;
    }
    EXPECT_GT(booked, 0u);
    EXPECT_EQ(truth.fills, fills);
  }
};

TEST_F(DigifinexSessionTest, ConnectsLogsInReadsTheClockAndKeepsTheBook) {
  start();
  EXPECT_EQ(host_->state(Venue::digifinex), VenueState::ready);
  EXPECT_LT(std::llabs(session_->clock_offset_ms()), 5'000) << "the simulator runs on this machine's clock";
  EXPECT_GE(session_->counters().reconciliations, 1u);
  control("/step?n=5");
  EXPECT_TRUE(run_until([&] {
    const OrderBook* book = host_->book(Venue::digifinex, symbol_);
    return book != nullptr && book->ready();
  })) << "the depth snapshot (clean) never made a book";
  EXPECT_EQ(session_->counters().decode_errors, 0u);
}

TEST_F(DigifinexSessionTest, OrderLifecycleEndsAsTheVenueBookedIt) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_FALSE(order(resting).venue_order_id.empty());

  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
  EXPECT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.002"));
  EXPECT_EQ(orders_->position(Venue::digifinex, symbol_).bought_qty, dec("0.002"));

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

TEST_F(DigifinexSessionTest, CancelBeforeTheVenueNamedTheOrderIsSentOnceItDoes) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  ASSERT_TRUE(order(h).venue_order_id.empty());
  ASSERT_EQ(orders_->begin_cancel(h), oms::OmsError::ok);
  EXPECT_EQ(session_->send_cancel(*orders_->get(h)), SendError::ok);
  EXPECT_TRUE(run_until([&] { return order(h).state == OrderState::cancelled; })) << to_string(order(h).state);
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, DisconnectMidOrderReconcilesToTheVenueState) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.003");
  const auto rounds = session_->counters().reconciliations;
  control("/disconnect?venue=digifinex");
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
  const auto rounds_before_second = session_->counters().reconciliations;
  control("/disconnect?venue=digifinex");
  control("/step?n=10");
  EXPECT_TRUE(run_until([&] {
    return session_->counters().reconciliations > rounds_before_second && session_->state() == VenueState::ready &&
           all_settled();
  }, 30s));
  cancel(resting);
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, DuplicatedAndReorderedNotificationsBookEveryFillOnce) {
  start();
  fault("duplicate=1");
  trade_a_little();
  fault("duplicate=0&reorder=1");
  trade_a_little();
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, DroppedAndCorruptNotificationsAreRecoveredByTheAudit) {
  start();
  fault("drop=0.5&corrupt=0.3");
  (void)place(Side::buy, "29000", "0.01");
  (void)place(Side::buy, "30100", "0.002");
  (void)place(Side::sell, "29999.5", "0.05");
  control("/step?n=20");
  run_for(500ms);
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, ThrottledOrdersAreRejectedAndTheNextOneGoesThrough) {
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

TEST_F(DigifinexSessionTest, KillCancelsEveryOpenOrderInOneRequest) {
  start();
  oms::OrderHandle handles[3];
  const char* prices[] = {"29000", "29001", "29002"};
  for (int i = 0; i < 3; ++i) {
    handles[i] = place(Side::buy, prices[i], "0.01");
    settle(handles[i]);
  }
  const auto sent_before = host_->counters().messages_out;
  for (const oms::OrderHandle h : handles) {
    risk::KillAction action;
    action.venue = Venue::digifinex;
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
  }));
  EXPECT_EQ(host_->counters().messages_out - sent_before, 1u) << "the three cancels go out as one request";
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, AmendAndDeadManAreNotSupported) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  settle(h);
  EXPECT_EQ(session_->send_amend(order(h), dec("29100"), std::nullopt), SendError::not_supported);
  EXPECT_EQ(session_->send_dead_man(5000), SendError::not_supported);
  cancel(h);
  audit_and_compare();
}

TEST_F(DigifinexSessionTest, NoAllocationPerMessageInSteadyState) {
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
  EXPECT_GT(host_->counters().messages_in, messages_before + 20);
  EXPECT_EQ(allocations, 0u) << "heap allocations during 10 order round trips";
  audit_and_compare();
}

TEST(DigifinexSessionConfig, AConfigurationWithoutTheSocketNamesTheKey) {
  EngineConfig config;
  VenueConfig venue;
  venue.venue = Venue::digifinex;
  venue.rest = Endpoint{"http", "127.0.0.1", 1, ""};
  venue.api_key = Secret("k");
  venue.secret = Secret("s");
  venue.instruments.push_back({"BTC_USDT", dec("0.5"), dec("0.001")});
  config.venues.push_back(venue);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(risk::RiskConfig{}, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  boost::asio::io_context io;
  try {
    DigifinexSession session(host, SessionSettings{config.venues.front(), io, nullptr});
    FAIL() << "built without a socket";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("venues.digifinex.ws"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace oex::engine
