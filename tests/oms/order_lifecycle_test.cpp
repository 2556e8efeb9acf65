// The way out and its answers: pending_new, acks, rejects, cancels, amends, ids and capacity.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

using testing::D;
using testing::limit_order;
using testing::place_acked;

constexpr std::string_view kSym = "BTC-USDT";

TEST(OrderLifecycle, PendingNewThenAckBindsTheVenueId) {
  OrderManager oms(OmsConfig{});
  auto h = oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "42"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(oms.get(*h)->state, OrderState::pending_new);
  EXPECT_EQ(oms.exposure(Venue::btse, oms.get(*h)->symbol).open_orders, 1u);
  EXPECT_EQ(oms.apply(NewOrderAck{Venue::btse, kSym, "uuid-1", "42", std::nullopt, std::nullopt}).order, *h);
  EXPECT_EQ(oms.get(*h)->state, OrderState::new_);
  EXPECT_EQ(oms.find_by_venue_id(Venue::btse, "uuid-1"), *h);
  EXPECT_EQ(oms.find_by_client_id(Venue::btse, "42"), *h);
  EXPECT_EQ(oms.find_by_client_id(Venue::gct, "42"), kNoOrder);  // ids are per venue
}

TEST(OrderLifecycle, RejectEndsAPendingOrderAndFreesItsExposure) {
  OrderManager oms(OmsConfig{});
  auto h = oms.add_pending(limit_order(oms, Venue::gct, kSym, Side::sell, "100", "1", "43"));
  ASSERT_TRUE(h.ok());
  const ApplyResult r = oms.apply(NewOrderReject{Venue::gct, kSym, "43", "entrust_failure_0001", "no balance"});
  EXPECT_TRUE(r.has(ApplyFlag::state_changed));
  EXPECT_EQ(oms.get(*h)->state, OrderState::rejected);
  EXPECT_EQ(oms.get(*h)->venue_status.view(), "entrust_failure_0001");
  EXPECT_EQ(oms.exposure(Venue::gct, oms.get(*h)->symbol).open_orders, 0u);
  EXPECT_EQ(oms.open_orders(Venue::gct), 0u);
}

TEST(OrderLifecycle, DuplicateAndMissingClientIdsAreRefused) {
  OrderManager oms(OmsConfig{});
  ASSERT_TRUE(oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "7")).ok());
  EXPECT_EQ(oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "7")).error(),
            OmsError::duplicate_client_id);
  EXPECT_TRUE(oms.add_pending(limit_order(oms, Venue::deflow, kSym, Side::buy, "100", "1", "7")).ok());
  NewOrderRequest no_id = limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "8");
  no_id.client_order_id = ClientOrderId{};
  EXPECT_EQ(oms.add_pending(no_id).error(), OmsError::missing_client_id);
}

TEST(OrderLifecycle, CancelRejectReturnsTheOrderCancelAckEndsIt) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  ASSERT_EQ(oms.begin_cancel(h), OmsError::ok);
  EXPECT_EQ(oms.get(h)->state, OrderState::pending_cancel);
  (void)oms.apply(CancelReject{Venue::btse, kSym, "B1", {}, "16", "not found"});
  EXPECT_EQ(oms.get(h)->state, OrderState::new_);
  ASSERT_EQ(oms.begin_cancel(h), OmsError::ok);
  (void)oms.apply(CancelAck{Venue::btse, kSym, "B1", {}});
  EXPECT_EQ(oms.get(h)->state, OrderState::cancelled);
  EXPECT_EQ(oms.begin_cancel(h), OmsError::not_open);
}

TEST(OrderLifecycle, AmendAppliesOnAckAndIsDroppedOnRejectWithoutLosingTheOrder) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  const SymbolId sym = oms.get(h)->symbol;
  ASSERT_EQ(oms.begin_amend(h, D("101"), D("2")), OmsError::ok);
  EXPECT_EQ(oms.begin_amend(h, D("102"), std::nullopt), OmsError::amend_in_flight);
  EXPECT_TRUE(oms.get(h)->amend_pending);
  EXPECT_EQ(oms.get(h)->price, D("100"));  // nothing changes before the venue answers
  EXPECT_TRUE(oms.apply(AmendAck{Venue::btse, kSym, "B1", {}, std::nullopt, std::nullopt, std::nullopt})
                  .has(ApplyFlag::amend_applied));
  EXPECT_EQ(oms.get(h)->price, D("101"));
  EXPECT_EQ(oms.get(h)->qty, D("2"));
  EXPECT_EQ(oms.exposure(Venue::btse, sym).open_buy_qty, D("2"));
  EXPECT_EQ(*oms.exposure(Venue::btse, sym).best_own_bid, D("101"));
  ASSERT_EQ(oms.begin_amend(h, D("90"), std::nullopt), OmsError::ok);
  EXPECT_TRUE(oms.apply(AmendReject{Venue::btse, kSym, "B1", {}, "15", "amend failed"}).has(ApplyFlag::amend_rejected));
  EXPECT_EQ(oms.get(h)->price, D("101"));
  EXPECT_EQ(oms.get(h)->state, OrderState::new_);
  EXPECT_FALSE(oms.get(h)->amend_pending);
}

TEST(OrderLifecycle, ExposureTracksRemainingQuantityAndBestOwnPrices) {
  OrderManager oms(OmsConfig{});
  const OrderHandle a = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  place_acked(oms, Venue::btse, kSym, Side::buy, "99", "2", "2", "B2");
  place_acked(oms, Venue::btse, kSym, Side::sell, "105", "1", "3", "B3");
  const SymbolId sym = oms.get(a)->symbol;
  const Exposure& e = oms.exposure(Venue::btse, sym);
  EXPECT_EQ(e.open_orders, 3u);
  EXPECT_EQ(e.open_buy_qty, D("3"));
  EXPECT_EQ(*e.best_own_bid, D("100"));
  EXPECT_EQ(*e.best_own_ask, D("105"));
  Fill f;
  f.venue = Venue::btse;
  f.symbol = kSym;
  f.order_id = "B1";
  f.trade_id = "T1";
  f.qty = D("1");
  f.price = D("100");
  (void)oms.apply(f);
  EXPECT_EQ(oms.get(a)->state, OrderState::filled);
  EXPECT_EQ(e.open_orders, 2u);
  EXPECT_EQ(e.open_buy_qty, D("2"));
  EXPECT_EQ(*e.best_own_bid, D("99"));
  EXPECT_EQ(oms.open_orders(Venue::btse), 2u);
}

TEST(OrderLifecycle, FullTableOfLiveOrdersIsAnErrorFinishedOrdersAreRecycled) {
  OmsConfig config;
  config.max_orders = 3;
  OrderManager oms(config);
  OrderHandle first = kNoOrder;
  for (int i = 0; i < 3; ++i) {
    auto h = oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", std::to_string(i + 1)));
    ASSERT_TRUE(h.ok());
    if (i == 0) first = *h;
  }
  EXPECT_EQ(oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "9")).error(),
            OmsError::capacity_exhausted);
  (void)oms.apply(NewOrderReject{Venue::btse, kSym, "1", "8", "insufficient balance"});
  EXPECT_EQ(oms.get(first)->state, OrderState::rejected);
  auto h = oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", "9"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, first);  // the finished order's slot
  EXPECT_EQ(oms.find_by_client_id(Venue::btse, "1"), kNoOrder);
  EXPECT_EQ(oms.counters().evicted_orders, 1u);
}

TEST(OrderLifecycle, HousekeepingFreesTheOldestFinishedOrdersUpToTheReserve) {
  OmsConfig config;
  config.max_orders = 16;
  config.free_slot_reserve = 2;
  OrderManager oms(config);
  std::vector<OrderHandle> handles;
  for (int i = 0; i < 16; ++i) {
    auto h = oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", std::to_string(i + 1)));
    ASSERT_TRUE(h.ok());
    handles.push_back(*h);
  }
  EXPECT_EQ(oms.reclaim_finished(8), 0u);  // every order is still open: nothing to free
  // Orders 5, 2 and 9 finish, in that order.
  for (const char* id : {"5", "2", "9"}) (void)oms.apply(NewOrderReject{Venue::btse, kSym, id, "", "refused"});

  EXPECT_EQ(oms.reclaim_finished(1), 1u);  // at most one per call, the oldest first
  EXPECT_EQ(oms.find_by_client_id(Venue::btse, "5"), kNoOrder);
  EXPECT_EQ(oms.reclaim_finished(8), 1u);  // then up to the reserve of two
  EXPECT_EQ(oms.find_by_client_id(Venue::btse, "2"), kNoOrder);
  EXPECT_EQ(oms.reclaim_finished(8), 0u);
  EXPECT_EQ(oms.find_by_client_id(Venue::btse, "9"), handles[8]);  // kept: the reserve is met
  EXPECT_EQ(oms.get(handles[4]), nullptr);
  EXPECT_EQ(oms.counters().evicted_orders, 2u);
  EXPECT_EQ(oms.open_orders(Venue::btse), 13u);

  // A new order takes a freed slot and starts clean: nothing of the order that held it.
  auto h = oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::sell, "101", "2", "17"));
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(*h == handles[4] || *h == handles[1]);
  const Order& o = *oms.get(*h);
  EXPECT_EQ(o.state, OrderState::pending_new);
  EXPECT_EQ(o.client_order_id.view(), "17");
  EXPECT_TRUE(o.venue_order_id.empty());
  EXPECT_TRUE(o.venue_status.empty());
  EXPECT_EQ(o.side, Side::sell);
  EXPECT_EQ(o.qty, D("2"));
  EXPECT_TRUE(o.filled_qty.is_zero());
  EXPECT_EQ(o.inline_trade_count, 0u);
  EXPECT_EQ(oms.counters().evicted_orders, 2u);  // no eviction on the way out
}

TEST(OrderLifecycle, HousekeepingKeepsAtMostAnEighthOfTheSlotsFree) {
  OmsConfig config;
  config.max_orders = 16;
  config.free_slot_reserve = 100;
  OrderManager oms(config);
  for (int i = 0; i < 16; ++i) {
    ASSERT_TRUE(oms.add_pending(limit_order(oms, Venue::btse, kSym, Side::buy, "100", "1", std::to_string(i + 1))).ok());
    (void)oms.apply(NewOrderReject{Venue::btse, kSym, std::to_string(i + 1), "", "refused"});
  }
  EXPECT_EQ(oms.reclaim_finished(100), 2u);  // 16 / 8: the other finished orders stay findable
  EXPECT_NE(oms.find_by_client_id(Venue::btse, "3"), kNoOrder);
}

TEST(OrderLifecycle, AVenueIdAlreadyTakenIsReportedNotIndexedTwice) {
  OrderManager oms(OmsConfig{});
  auto h = oms.add_pending(limit_order(oms, Venue::gct, kSym, Side::buy, "100", "1", "21"));
  ASSERT_TRUE(h.ok());
  // The push reports the order by its venue id before the REST answer binds it: an external order.
  OrderUpdate early = testing::update(Venue::gct, kSym, "9001", OrderState::new_, "NO-TRADE");
  early.side = Side::buy;
  const ApplyResult first = oms.apply(early);
  ASSERT_TRUE(first.has(ApplyFlag::external_order));
  const ApplyResult ack = oms.apply(NewOrderAck{Venue::gct, kSym, "9001", "21", std::nullopt, std::nullopt});
  EXPECT_EQ(ack.error, OmsError::venue_id_in_use);
  EXPECT_EQ(oms.find_by_venue_id(Venue::gct, "9001"), first.order);
  EXPECT_EQ(error_name(OmsError::venue_id_in_use), "venue_id_in_use");
}

TEST(OrderLifecycle, NotSentOrderEndsRejectedLocally) {
  OrderManager oms(OmsConfig{});
  auto h = oms.add_pending(limit_order(oms, Venue::deflow, kSym, Side::buy, "100", "1", "5"));
  ASSERT_TRUE(h.ok());
  oms.mark_not_sent(*h);
  EXPECT_EQ(oms.get(*h)->state, OrderState::rejected);
  EXPECT_EQ(oms.open_orders(Venue::deflow), 0u);
}

TEST(OrderLifecycle, EventsAboutNobodyGiveTypedErrors) {
  OrderManager oms(OmsConfig{});
  EXPECT_EQ(oms.apply(CancelAck{Venue::btse, kSym, "nope", {}}).error, OmsError::unknown_order);
  OrderUpdate u;
  u.venue = Venue::btse;
  u.order_id = "X";
  u.side = Side::buy;
  EXPECT_EQ(oms.apply(u).error, OmsError::missing_symbol);
  u.symbol = kSym;
  u.order_id = std::string_view("0123456789012345678901234567890123456789012345678901234567890");
  EXPECT_EQ(oms.apply(u).error, OmsError::id_too_long);
  u.order_id = "X";
  u.state = OrderState::new_;
  EXPECT_TRUE(oms.apply(u).ok());
}

}  // namespace
}  // namespace oex::oms
