// A disconnect with orders in flight on BTSE, GCT and Deflow: every one ends in the venue's true
// state, each fill booked once although the answers repeat fills already seen.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

using testing::D;
using testing::limit_order;
using testing::place_acked;
using testing::update;

Fill trade(Venue v, std::string_view symbol, std::string_view id, std::string_view trade_id, std::string_view qty,
           std::string_view price) {
  Fill f;
  f.venue = v;
  f.symbol = symbol;
  f.order_id = id;
  f.trade_id = trade_id;
  f.qty = D(qty);
  f.price = D(price);
  return f;
}

TEST(Reconciliation, BtseInFlightOrdersEndInTheVenuesTrueState) {
  OrderManager oms(OmsConfig{});
  constexpr std::string_view sym = "BTC-USDT";
  const OrderHandle a = place_acked(oms, Venue::btse, sym, Side::buy, "100", "1", "1", "A");
  const OrderHandle b = place_acked(oms, Venue::btse, sym, Side::buy, "99", "1", "2", "B");
  const OrderHandle c = place_acked(oms, Venue::btse, sym, Side::sell, "110", "1", "3", "C");
  auto d = oms.add_pending(limit_order(oms, Venue::btse, sym, Side::buy, "98", "1", "4"));  // never reached the venue
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(oms.apply(trade(Venue::btse, sym, "A", "T1", "0.3", "100")).has(ApplyFlag::fill_booked));

  EXPECT_EQ(oms.on_disconnect(Venue::btse), 4u);
  for (OrderHandle h : {a, b, c, *d}) EXPECT_EQ(oms.get(h)->state, OrderState::unknown);
  // While away: A filled (T2), B partly filled (T3) then cancelled, C partly filled (T4), D never arrived.

  std::array<VenueQuery, 16> queries{};
  const std::size_t n = oms.reconciliation_queries(Venue::btse, queries);
  ASSERT_EQ(n, 5u);
  EXPECT_EQ(queries[0].kind, QueryKind::open_orders);
  EXPECT_FALSE(queries[0].has_symbol);
  std::vector<OrderHandle> asked;
  for (std::size_t i = 1; i < n; ++i) {
    EXPECT_EQ(queries[i].kind, QueryKind::trade_history);
    asked.push_back(queries[i].order);
  }
  EXPECT_EQ(asked.size(), 4u);
  EXPECT_TRUE(queries[4].venue_order_id.empty() || queries[1].venue_order_id.empty() ||
              queries[2].venue_order_id.empty() || queries[3].venue_order_id.empty());

  // open_orders answer: only C, with 0.4 filled.
  OrderUpdate open_c = update(Venue::btse, sym, "C", OrderState::partially_filled, "STATUS_ACTIVE");
  open_c.filled_qty = D("0.4");
  open_c.qty = D("1");
  EXPECT_TRUE(oms.apply(open_c).has(ApplyFlag::fill_booked));
  oms.end_of_open_orders(Venue::btse);
  EXPECT_EQ(oms.get(c)->state, OrderState::partially_filled);

  // trade_history answers (they repeat T1, which was booked before the disconnect).
  EXPECT_TRUE(oms.apply(trade(Venue::btse, sym, "A", "T1", "0.3", "100")).has(ApplyFlag::duplicate_fill));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, sym, "A", "T2", "0.7", "100")).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, sym, "B", "T3", "0.2", "99")).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, sym, "C", "T4", "0.4", "110")).has(ApplyFlag::fill_confirmed));
  for (OrderHandle h : asked) (void)oms.end_of_order_history(h);

  EXPECT_EQ(oms.get(a)->state, OrderState::filled);
  EXPECT_EQ(oms.get(a)->filled_qty, D("1"));
  EXPECT_EQ(oms.get(b)->state, OrderState::cancelled);
  EXPECT_EQ(oms.get(b)->filled_qty, D("0.2"));
  EXPECT_EQ(oms.get(c)->state, OrderState::partially_filled);
  EXPECT_EQ(oms.get(c)->filled_qty, D("0.4"));
  EXPECT_EQ(oms.get(*d)->state, OrderState::rejected);
  EXPECT_EQ(oms.unknown_orders(Venue::btse), 0u);
  const Position& p = oms.position(Venue::btse, oms.get(a)->symbol);
  EXPECT_EQ(p.bought_qty, D("1.2"));
  EXPECT_EQ(p.sold_qty, D("0.4"));
  EXPECT_EQ(oms.counters().fills_booked, 4u);  // T1, T2, T3, C's 0.4: each once
  EXPECT_EQ(oms.open_orders(Venue::btse), 1u);
}

TEST(Reconciliation, GctAndDeflowResolveByOrderQueries) {
  OrderManager oms(OmsConfig{});
  const OrderHandle e = place_acked(oms, Venue::gct, "btc_usdt", Side::buy, "100", "1", "11", "9001");
  const OrderHandle f = place_acked(oms, Venue::gct, "btc_usdt", Side::buy, "99", "1", "12", "9002");
  const OrderHandle g = place_acked(oms, Venue::deflow, "btcusdt", Side::sell, "6431.63", "1", "13", "100");
  const OrderHandle h = place_acked(oms, Venue::deflow, "ethusdt", Side::sell, "300", "1", "14", "101");
  EXPECT_EQ(oms.on_disconnect(Venue::gct), 2u);
  EXPECT_EQ(oms.on_disconnect(Venue::deflow), 2u);
  EXPECT_EQ(oms.get(e)->state_before_unknown, OrderState::new_);

  std::array<VenueQuery, 8> q{};
  ASSERT_EQ(oms.reconciliation_queries(Venue::gct, q), 3u);
  EXPECT_EQ(q[0].kind, QueryKind::open_orders);
  EXPECT_EQ(q[1].kind, QueryKind::order_by_id);
  EXPECT_EQ(q[2].kind, QueryKind::order_by_id);
  ASSERT_EQ(oms.reconciliation_queries(Venue::deflow, q), 4u);  // /v1/order/new per symbol, then /v1/order/info
  EXPECT_EQ(q[0].kind, QueryKind::open_orders);
  EXPECT_TRUE(q[0].has_symbol);
  EXPECT_EQ(q[1].kind, QueryKind::open_orders);
  EXPECT_NE(q[0].symbol, q[1].symbol);
  EXPECT_EQ(q[2].kind, QueryKind::order_by_id);
  EXPECT_FALSE(q[2].venue_order_id.empty());
  EXPECT_EQ(oms.reconciliation_queries(Venue::digifinex, q), 0u);

  // GCT: openOrders lists F; queryOrderById says E completed.
  OrderUpdate open_f = update(Venue::gct, "btc_usdt", "9002", OrderState::new_, "NO-TRADE");
  open_f.filled_qty = D("0");
  (void)oms.apply(open_f);
  oms.end_of_open_orders(Venue::gct);
  OrderUpdate done_e = update(Venue::gct, "btc_usdt", "9001", OrderState::filled, "COMPLE-TRADE");
  done_e.filled_qty = D("1");
  done_e.avg_price = D("100");
  EXPECT_TRUE(oms.apply(done_e).has(ApplyFlag::fill_booked));
  (void)oms.end_of_order_history(e);
  EXPECT_EQ(oms.get(e)->state, OrderState::filled);
  EXPECT_EQ(oms.get(e)->filled_qty, D("1"));
  EXPECT_EQ(oms.get(f)->state, OrderState::new_);

  // Deflow: G filled while away (info with its trade list), H still open.
  OrderUpdate open_h = update(Venue::deflow, "ethusdt", "101", OrderState::new_, "1");
  open_h.filled_qty = D("0");
  (void)oms.apply(open_h);
  oms.end_of_open_orders(Venue::deflow);
  OrderUpdate info_g = update(Venue::deflow, "btcusdt", "100", OrderState::filled, "2");
  info_g.filled_qty = D("1");
  info_g.filled_notional = D("6431.63");
  (void)oms.apply(info_g);
  EXPECT_TRUE(oms.apply(trade(Venue::deflow, "btcusdt", "100", "55", "0.9", "6431.63")).has(ApplyFlag::fill_confirmed));
  EXPECT_TRUE(oms.apply(trade(Venue::deflow, "btcusdt", "100", "56", "0.1", "6431.63")).has(ApplyFlag::fill_confirmed));
  EXPECT_TRUE(oms.apply(trade(Venue::deflow, "btcusdt", "100", "55", "0.9", "6431.63")).has(ApplyFlag::duplicate_fill));
  (void)oms.end_of_order_history(g);
  EXPECT_EQ(oms.get(g)->state, OrderState::filled);
  EXPECT_EQ(oms.get(g)->filled_qty, D("1"));
  EXPECT_EQ(oms.get(h)->state, OrderState::new_);
  EXPECT_EQ(oms.position(Venue::deflow, oms.get(g)->symbol).net_qty, D("-1"));
  EXPECT_EQ(oms.unknown_orders(Venue::gct) + oms.unknown_orders(Venue::deflow), 0u);
}

TEST(Reconciliation, NotificationOnlyVenuesResolveOnTheNextUpdate) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::digifinex, "BTC_USDT", Side::buy, "100", "1", "1", "D1");
  EXPECT_EQ(oms.on_disconnect(Venue::digifinex), 1u);
  OrderUpdate u = update(Venue::digifinex, "BTC_USDT", "D1", OrderState::cancelled, "4");
  u.filled_qty = D("0.5");
  u.filled_notional = D("50");
  (void)oms.apply(u);
  EXPECT_EQ(oms.get(h)->state, OrderState::cancelled);
  EXPECT_EQ(oms.get(h)->filled_qty, D("0.5"));
}

}  // namespace
}  // namespace oex::oms
