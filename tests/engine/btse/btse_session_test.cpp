// BtseSession against oex-sim over TLS: connect, clock, login and book; the order lifecycle
// (new, partial fill, fill, cancel, reject, amend); the kill switch and the dead-man timer;
// each run ending with the order core equal to the simulator's ground truth.
#include "btse_harness.hpp"

namespace oex::engine::testing {
namespace {

class BtseSessionTest : public BtseHarness {};

TEST_F(BtseSessionTest, ConnectsReadsTheVenueClockLogsInAndKeepsTheBook) {
  start();
  EXPECT_EQ(host_->state(Venue::btse), VenueState::ready);
  EXPECT_GE(session_->counters().time_reads, 1u);
  EXPECT_LT(std::abs(session_->clock_offset_ms()), 5'000) << "same machine: the clocks agree";
  EXPECT_EQ(session_->counters().login_failures, 0u);
  EXPECT_EQ(session_->counters().reconciliations, 1u);  // an empty one, on connect
  const SymbolId symbol = *orders_->symbols().find(kSymbol);
  ASSERT_TRUE(run_until([&] {
    const OrderBook* book = host_->book(Venue::btse, symbol);
    return book != nullptr && book->best_bid() && book->best_ask();
  })) << "no book snapshot";
  const OrderBook& book = *host_->book(Venue::btse, symbol);
  EXPECT_LT(book.best_bid()->price, book.best_ask()->price);
  // Deltas keep it in sequence as the market moves.
  control("/step?n=20");
  run_for(300ms);
  EXPECT_EQ(session_->counters().book_resubscribes, 0u);
  EXPECT_EQ(host_->counters().book_errors, 0u);
  EXPECT_LT(book.best_bid()->price, book.best_ask()->price);
  EXPECT_EQ(session_->counters().decode_errors, 0u);
}

TEST_F(BtseSessionTest, OrderLifecycleNewPartialFillFillCancelAndRejectMatchTheVenue) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_FALSE(order(resting).venue_order_id.empty());

  const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
  ASSERT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.002"));

  const oms::OrderHandle partial = partially_filled_sell();
  EXPECT_TRUE(order(partial).state == OrderState::partially_filled || order(partial).state == OrderState::filled);

  cancel(resting);
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::cancelled);
  if (order(partial).is_open()) {
    cancel(partial);
    settle(partial);
    EXPECT_EQ(order(partial).state, OrderState::cancelled);
    EXPECT_FALSE(order(partial).filled_qty.is_zero()) << "a cancelled order keeps what it filled";
  }

  // The venue refuses the next order.
  fault("reject=1");
  const oms::OrderHandle refused = place(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  fault("reject=0");

  // A cancel of an order that is gone is refused and the order stays as it was.
  const oms::Order& filled = order(crossing);
  EXPECT_EQ(filled.state, OrderState::filled);

  finish_and_compare();
}

TEST_F(BtseSessionTest, AmendsPriceSizeAndBothAndTheVenueRefusesASizeBelowTheFilled) {
  start();
  const oms::OrderHandle h = place(Side::buy, "29000", "0.01");
  settle(h);
  amend(h, dec("29001"), std::nullopt);
  settle(h);
  EXPECT_EQ(order(h).price, dec("29001"));
  EXPECT_EQ(order(h).qty, dec("0.01"));

  amend(h, std::nullopt, dec("0.02"));
  settle(h);
  EXPECT_EQ(order(h).price, dec("29001"));
  EXPECT_EQ(order(h).qty, dec("0.02"));

  amend(h, dec("29002.5"), dec("0.015"));
  settle(h);
  EXPECT_EQ(order(h).price, dec("29002.5"));
  EXPECT_EQ(order(h).qty, dec("0.015"));
  EXPECT_EQ(order(h).state, OrderState::new_);

  // Below what it already filled: the venue refuses the amend and the order stays as it was.
  const oms::OrderHandle partial = partially_filled_sell();
  ASSERT_TRUE(order(partial).is_open()) << to_string(order(partial).state);
  {
    const Decimal qty = order(partial).qty;
    amend(partial, std::nullopt, dec("0.001"));
    settle(partial);
    EXPECT_EQ(order(partial).qty, qty);
    EXPECT_TRUE(order(partial).is_open());
    cancel(partial);
    settle(partial);
  }

  cancel(h);
  settle(h);
  EXPECT_EQ(order(h).state, OrderState::cancelled);
  finish_and_compare();
}

TEST_F(BtseSessionTest, KillCancelsEveryOrderOfTheMarketWithOneRequest) {
  start();
  const oms::OrderHandle a = place(Side::buy, "29000", "0.01");
  const oms::OrderHandle b = place(Side::buy, "28999.5", "0.01");
  const oms::OrderHandle c = place(Side::sell, "31000", "0.01");
  settle(a);
  settle(b);
  settle(c);
  risk::KillAction kill;
  kill.venue = Venue::btse;
  kill.kind = risk::KillActionKind::cancel_all_symbol;
  kill.symbol = *orders_->symbols().find(kSymbol);
  const std::uint64_t out_before = host_->counters().messages_out;
  ASSERT_EQ(session_->send_kill(kill), SendError::ok);
  EXPECT_EQ(host_->counters().messages_out, out_before + 1);
  ASSERT_TRUE(run_until([&] {
    return order(a).state == OrderState::cancelled && order(b).state == OrderState::cancelled &&
           order(c).state == OrderState::cancelled;
  })) << to_string(order(a).state) << " " << to_string(order(b).state) << " " << to_string(order(c).state);
  // Nothing left open: a second kill finds nothing and refuses nothing of ours.
  ASSERT_EQ(session_->send_kill(kill), SendError::ok);
  run_for(200ms);
  EXPECT_EQ(host_->counters().apply_errors, 0u);
  finish_and_compare();
}

TEST_F(BtseSessionTest, DeadManTimerCancelsEverythingWhenNotRenewed) {
  start();
  const oms::OrderHandle a = place(Side::buy, "29000", "0.01");
  settle(a);
  ASSERT_EQ(session_->send_dead_man(60'000), SendError::ok);
  run_for(200ms);
  EXPECT_EQ(order(a).state, OrderState::new_) << "renewed in time: nothing happens";
  ASSERT_EQ(session_->send_dead_man(300), SendError::ok);
  ASSERT_TRUE(run_until([&] { return order(a).state == OrderState::cancelled; }, 10s)) << to_string(order(a).state);
  finish_and_compare();
}

TEST_F(BtseSessionTest, RefusesToSendBeforeReadyAndOutsideItsOrderTypes) {
  start();
  session_->stop();
  EXPECT_EQ(session_->state(), VenueState::stopped);
  place(Side::buy, "29000", "0.01", SendError::not_ready);
  risk::KillAction kill;
  kill.venue = Venue::btse;
  kill.kind = risk::KillActionKind::cancel_all_symbol;
  EXPECT_EQ(session_->send_kill(kill), SendError::not_ready);
  EXPECT_EQ(session_->send_dead_man(1000), SendError::not_ready);
  EXPECT_EQ(session_->reconcile(), SendError::not_ready);
}

}  // namespace
}  // namespace oex::engine::testing
