// BtseSession under the simulator's faults: a disconnect mid-order, duplicated, reordered,
// dropped and corrupt notifications, throttling, book sequence gaps. Each run ends with the order
// core equal to the simulator's ground truth, every fill booked once.
#include "btse_harness.hpp"

namespace oex::engine::testing {
namespace {

class BtseFaultsTest : public BtseHarness {};

TEST_F(BtseFaultsTest, DisconnectMidOrderReconnectsReconcilesAndEndsInTheVenuesState) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  const oms::OrderHandle partial = partially_filled_sell();
  const std::uint64_t rounds = session_->counters().reconciliations;

  // A new order on its way, and every connection closed under it; the market trades against
  // the resting orders while the session is away.
  const oms::OrderHandle in_flight = place(Side::buy, "29500", "0.01");
  const oms::OrderHandle crossing_while_away = place(Side::sell, "29990", "0.003");
  control("/disconnect?venue=btse");
  control("/step?n=30");
  ASSERT_TRUE(run_until([&] { return session_->state() != VenueState::ready; }, 10s)) << "the disconnect went unseen";
  ASSERT_TRUE(run_until([&] {
    return session_->state() == VenueState::ready && session_->counters().reconciliations > rounds && all_settled();
  }, 30s)) << "not reconciled: " << to_string(session_->state()) << ", in flight " << to_string(order(in_flight).state);
  EXPECT_EQ(orders_->unknown_orders(Venue::btse), 0u);
  EXPECT_NE(order(crossing_while_away).state, OrderState::unknown);

  // Trading resumes on the new connections.
  const oms::OrderHandle after = place(Side::buy, "29000", "0.01");
  settle(after);
  EXPECT_EQ(order(after).state, OrderState::new_);
  for (const oms::OrderHandle h : {resting, partial, in_flight, after}) {
    if (order(h).is_open()) cancel(h);
  }
  EXPECT_TRUE(run_until([&] { return all_settled(); }));
  finish_and_compare();
}

TEST_F(BtseFaultsTest, DuplicatedNotificationsBookEveryFillOnce) {
  start();
  fault("duplicate=1");
  trade_a_little();
  EXPECT_GT(orders_->counters().duplicate_fills, 0u) << "the duplicates were seen and left out";
  finish_and_compare();
}

TEST_F(BtseFaultsTest, ReorderedNotificationsEndInTheVenuesState) {
  start();
  fault("reorder=0.5");
  trade_a_little();
  finish_and_compare();
}

TEST_F(BtseFaultsTest, DroppedNotificationsAreRecoveredByTheAudit) {
  start();
  fault("drop=0.5");
  trade_a_little();
  finish_and_compare();
}

TEST_F(BtseFaultsTest, ThrottledOrdersAreRejectedAndTradingResumesAfterwards) {
  start();
  fault("throttle=1");
  const oms::OrderHandle refused = place(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  fault("throttle=0");
  const oms::OrderHandle accepted = place(Side::buy, "29000", "0.01");
  settle(accepted);
  EXPECT_EQ(order(accepted).state, OrderState::new_);
  cancel(accepted);
  settle(accepted);
  finish_and_compare();
}

TEST_F(BtseFaultsTest, ReconciliationUnderThrottlingRetriesUntilTheVenueAnswers) {
  start();
  const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
  settle(resting);
  run_for(300ms);  // its notifications too: a late one would resolve it without any query
  fault("throttle=1");
  (void)orders_->on_disconnect(Venue::btse);
  ASSERT_EQ(session_->reconcile(), SendError::ok);
  run_for(800ms);
  EXPECT_EQ(session_->state(), VenueState::reconciling) << "refused queries resolve nothing";
  EXPECT_EQ(order(resting).state, OrderState::unknown);
  fault("throttle=0");
  ASSERT_TRUE(run_until([&] { return session_->state() == VenueState::ready; }, 10s));
  EXPECT_EQ(order(resting).state, OrderState::new_);
  cancel(resting);
  settle(resting);
  finish_and_compare();
}

TEST_F(BtseFaultsTest, ReconcilingManyOrdersClosedWhileUnheardStaysWithinTheQueryRateLimit) {
  start();
  constexpr int kOrders = 14;
  std::vector<oms::OrderHandle> placed;
  for (int i = 0; i < kOrders; ++i) placed.push_back(place(Side::buy, "29000", "0.01"));
  for (const oms::OrderHandle h : placed) settle(h);
  run_for(300ms);
  // The venue's dead-man timer cancels them all while every notification is lost.
  fault("drop=1");
  ASSERT_EQ(session_->send_dead_man(100), SendError::ok);
  run_for(2500ms);  // the simulator looks at the timer every second
  for (const oms::OrderHandle h : placed) ASSERT_EQ(order(h).state, OrderState::new_) << "nothing was heard";
  fault("drop=0");
  (void)orders_->on_disconnect(Venue::btse);
  ASSERT_EQ(session_->reconcile(), SendError::ok);
  ASSERT_TRUE(run_until([&] { return session_->state() == VenueState::ready; }, 15s));
  // One trade-history query per order: more than the venue takes in a second, so paced.
  for (const oms::OrderHandle h : placed) EXPECT_EQ(order(h).state, OrderState::cancelled);
  EXPECT_GT(session_->counters().queries_deferred, 0u);
  EXPECT_EQ(session_->counters().reconcile_retries, 0u) << "a query was refused (429) or lost";
  finish_and_compare();
}

TEST_F(BtseFaultsTest, BookSequenceGapResubscribesAndTheSnapshotRestoresTheBook) {
  start();
  const SymbolId symbol = *orders_->symbols().find(kSymbol);
  ASSERT_TRUE(run_until([&] { return !session_->book_resubscribing(kSymbol); }));
  fault("skip_seq=1");
  control("/step?n=10");
  ASSERT_TRUE(run_until([&] { return session_->counters().book_resubscribes > 0; })) << "the gap went unseen";
  EXPECT_GT(host_->counters().book_errors, 0u);
  fault("skip_seq=0");
  run_for(300ms);  // deltas numbered before the fault was lifted
  // Resubscribed: the next snapshot makes the book whole, and deltas in sequence keep it so.
  ASSERT_TRUE(run_until([&] { return !session_->book_resubscribing(kSymbol); })) << "no snapshot after resubscribing";
  const std::uint64_t resubscribes = session_->counters().book_resubscribes;
  control("/step?n=10");
  run_for(300ms);
  EXPECT_EQ(session_->counters().book_resubscribes, resubscribes);
  const OrderBook* book = host_->book(Venue::btse, symbol);
  ASSERT_NE(book, nullptr);
  ASSERT_TRUE(book->best_bid() && book->best_ask());
  EXPECT_LT(book->best_bid()->price, book->best_ask()->price);
}

}  // namespace
}  // namespace oex::engine::testing
