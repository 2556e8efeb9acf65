// Fills: each booked once whichever channel and order they arrive in; derived fills from
// cumulative totals; overfills flagged; positions and balances follow.
#include <gtest/gtest.h>

#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

using testing::D;
using testing::place_acked;
using testing::update;

constexpr std::string_view kSym = "BTC_USDT";

OrderUpdate cumulative(Venue v, std::string_view id, OrderState s, std::string_view filled,
                       std::optional<std::string_view> notional = std::nullopt) {
  OrderUpdate u = update(v, kSym, id, s, "status");
  u.filled_qty = D(filled);
  if (notional) u.filled_notional = D(*notional);
  return u;
}

Fill trade(Venue v, std::string_view id, std::string_view trade_id, std::string_view qty, std::string_view price) {
  Fill f;
  f.venue = v;
  f.symbol = kSym;
  f.order_id = id;
  f.trade_id = trade_id;
  f.qty = D(qty);
  f.price = D(price);
  return f;
}

TEST(FillBooking, DigifinexDerivesFillsFromTheCumulativeFilledAndNotional) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::digifinex, kSym, Side::buy, "102", "1", "1", "D1");
  ApplyResult r = oms.apply(cumulative(Venue::digifinex, "D1", OrderState::partially_filled, "0.3", "30.3"));
  EXPECT_TRUE(r.has(ApplyFlag::fill_booked));
  EXPECT_TRUE(r.has(ApplyFlag::fill_derived));
  EXPECT_EQ(r.booked_qty, D("0.3"));
  EXPECT_EQ(r.booked_price, D("101"));
  r = oms.apply(cumulative(Venue::digifinex, "D1", OrderState::filled, "1", "100.3"));
  EXPECT_EQ(r.booked_qty, D("0.7"));
  EXPECT_EQ(r.booked_price, D("100"));  // (100.3 - 30.3) / 0.7
  // The same update again, and the older one late: nothing booked, nothing moves back.
  EXPECT_FALSE(oms.apply(cumulative(Venue::digifinex, "D1", OrderState::filled, "1", "100.3")).has(ApplyFlag::fill_booked));
  r = oms.apply(cumulative(Venue::digifinex, "D1", OrderState::partially_filled, "0.3", "30.3"));
  EXPECT_FALSE(r.has(ApplyFlag::fill_booked));
  EXPECT_TRUE(r.has(ApplyFlag::stale_update));
  const Order& o = *oms.get(h);
  EXPECT_EQ(o.state, OrderState::filled);
  EXPECT_EQ(o.filled_qty, D("1"));
  EXPECT_EQ(o.filled_notional, D("100.3"));
  EXPECT_EQ(o.fill_count, 2u);
  EXPECT_EQ(oms.position(Venue::digifinex, o.symbol).net_qty, D("1"));
}

TEST(FillBooking, DerivedPriceRoundsHalfEvenAtTheConfiguredScale) {
  OmsConfig config;
  config.derived_price_scale = 4;
  OrderManager oms(config);
  place_acked(oms, Venue::digifinex, kSym, Side::sell, "3", "3", "1", "D1");
  const ApplyResult r = oms.apply(cumulative(Venue::digifinex, "D1", OrderState::partially_filled, "3", "10"));
  EXPECT_EQ(r.booked_price, D("3.3333"));
}

TEST(FillBooking, BtseNotificationThenFillsChannelBooksOnce) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  EXPECT_TRUE(oms.apply(cumulative(Venue::btse, "B1", OrderState::partially_filled, "0.5")).has(ApplyFlag::fill_booked));
  const ApplyResult r = oms.apply(trade(Venue::btse, "B1", "T1", "0.5", "100"));
  EXPECT_TRUE(r.has(ApplyFlag::fill_confirmed));
  EXPECT_FALSE(r.has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.get(h)->filled_qty, D("0.5"));
  EXPECT_EQ(oms.position(Venue::btse, oms.get(h)->symbol).net_qty, D("0.5"));
}

TEST(FillBooking, BtseFillsChannelThenNotificationBooksOnce) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B1", "T1", "0.5", "100")).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B1", "T1", "0.5", "100")).has(ApplyFlag::duplicate_fill));
  EXPECT_FALSE(oms.apply(cumulative(Venue::btse, "B1", OrderState::partially_filled, "0.5")).has(ApplyFlag::fill_booked));
  // The next fill reported by the cumulative first, then by the trade.
  EXPECT_TRUE(oms.apply(cumulative(Venue::btse, "B1", OrderState::filled, "1")).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B1", "T2", "0.5", "100")).has(ApplyFlag::fill_confirmed));
  EXPECT_EQ(oms.get(h)->filled_qty, D("1"));
  EXPECT_EQ(oms.get(h)->state, OrderState::filled);
  EXPECT_EQ(oms.counters().fills_booked, 2u);
}

TEST(FillBooking, SameTradeIdOnDifferentOrdersIsTwoFills) {
  OrderManager oms(OmsConfig{});  // a self-trade reports one trade id on both of our orders
  place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  place_acked(oms, Venue::btse, kSym, Side::sell, "100", "1", "2", "B2");
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B1", "T1", "1", "100")).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B2", "T1", "1", "100")).has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.position(Venue::btse, *oms.symbols().find(kSym)).net_qty, D("0"));
}

TEST(FillBooking, GctPushWithoutTradeIdIsDedupedByTimePriceAndQuantity) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::gct, kSym, Side::sell, "50", "2", "1", "77");
  Fill f = trade(Venue::gct, "77", "", "0.5", "50");
  f.trade_id.reset();
  f.venue_time_ms = 1'700'000'000'000;
  EXPECT_TRUE(oms.apply(f).has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(f).has(ApplyFlag::duplicate_fill));
  f.venue_time_ms = 1'700'000'000'001;
  EXPECT_TRUE(oms.apply(f).has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.get(h)->filled_qty, D("1"));
  EXPECT_EQ(oms.position(Venue::gct, oms.get(h)->symbol).net_qty, D("-1"));
}

TEST(FillBooking, CryptomusDealWithoutOrderIdMatchesOnlyTheSingleOrder) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::cryptomus, kSym, Side::sell, "0.22", "50", "1", "01J1");
  Fill deal = trade(Venue::cryptomus, "", "01JDEAL1", "20", "0.22");
  EXPECT_TRUE(oms.apply(deal).has(ApplyFlag::fill_booked));
  // order_update's cumulative says the same 20: booked once.
  EXPECT_FALSE(oms.apply(cumulative(Venue::cryptomus, "01J1", OrderState::partially_filled, "20", "4.4"))
                   .has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.get(h)->filled_qty, D("20"));
  // A second order on the same market: a deal is ambiguous, so the cumulatives book instead.
  const OrderHandle h2 = place_acked(oms, Venue::cryptomus, kSym, Side::sell, "0.22", "50", "2", "01J2");
  const ApplyResult r = oms.apply(trade(Venue::cryptomus, "", "01JDEAL2", "30", "0.22"));
  EXPECT_TRUE(r.has(ApplyFlag::unmatched_fill));
  EXPECT_FALSE(r.has(ApplyFlag::fill_booked));
  EXPECT_TRUE(oms.apply(cumulative(Venue::cryptomus, "01J1", OrderState::filled, "50", "11")).has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.get(h)->filled_qty, D("50"));
  EXPECT_EQ(oms.get(h2)->filled_qty, D("0"));
  EXPECT_EQ(oms.position(Venue::cryptomus, oms.get(h)->symbol).net_qty, D("-50"));
}

TEST(FillBooking, OverfillIsFlaggedAndTheExcessNotBooked) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::digifinex, kSym, Side::buy, "100", "1", "1", "D1");
  const ApplyResult r = oms.apply(cumulative(Venue::digifinex, "D1", OrderState::filled, "1.2", "120"));
  EXPECT_TRUE(r.has(ApplyFlag::overfill));
  EXPECT_EQ(r.booked_qty, D("1"));
  EXPECT_TRUE(oms.get(h)->overfilled);
  EXPECT_EQ(oms.get(h)->filled_qty, D("1"));
  EXPECT_EQ(oms.counters().overfills, 1u);
  EXPECT_EQ(oms.position(Venue::digifinex, oms.get(h)->symbol).net_qty, D("1"));
  // The same through trade reports: the part that fits is booked, the rest flagged.
  const OrderHandle h2 = place_acked(oms, Venue::btse, kSym, Side::sell, "100", "1", "2", "B2");
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B2", "T1", "0.7", "100")).has(ApplyFlag::fill_booked));
  const ApplyResult more = oms.apply(trade(Venue::btse, "B2", "T2", "0.5", "100"));
  EXPECT_TRUE(more.has(ApplyFlag::overfill));
  EXPECT_EQ(more.booked_qty, D("0.3"));
  EXPECT_EQ(oms.get(h2)->filled_qty, D("1"));
  EXPECT_EQ(oms.get(h2)->state, OrderState::filled);
}

TEST(FillBooking, LateFillAfterCancelIsBookedAndTheOrderStaysCancelled) {
  OrderManager oms(OmsConfig{});
  const OrderHandle h = place_acked(oms, Venue::btse, kSym, Side::buy, "100", "1", "1", "B1");
  ASSERT_EQ(oms.begin_cancel(h), OmsError::ok);
  EXPECT_TRUE(oms.apply(CancelAck{Venue::btse, kSym, "B1", {}}).has(ApplyFlag::state_changed));
  EXPECT_EQ(oms.get(h)->state, OrderState::cancelled);
  EXPECT_TRUE(oms.apply(trade(Venue::btse, "B1", "T9", "0.2", "99")).has(ApplyFlag::fill_booked));
  EXPECT_EQ(oms.get(h)->state, OrderState::cancelled);
  EXPECT_EQ(oms.get(h)->filled_qty, D("0.2"));
  EXPECT_EQ(oms.position(Venue::btse, oms.get(h)->symbol).bought_notional, D("19.8"));
}

TEST(FillBooking, ExternalOrdersFromNotificationsMoveThePosition) {
  OrderManager oms(OmsConfig{});
  OrderUpdate u = cumulative(Venue::digifinex, "EXT1", OrderState::partially_filled, "0.4", "40");
  u.side = Side::sell;
  u.qty = D("1");
  u.price = D("100");
  const ApplyResult r = oms.apply(u);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.has(ApplyFlag::external_order));
  EXPECT_TRUE(oms.get(r.order)->external);
  EXPECT_EQ(oms.get(r.order)->state, OrderState::partially_filled);
  EXPECT_EQ(oms.position(Venue::digifinex, *oms.symbols().find(kSym)).net_qty, D("-0.4"));
  EXPECT_EQ(oms.counters().external_orders, 1u);
  // Without the side nothing can be booked: a typed error, and the next event still works.
  OrderUpdate sideless = cumulative(Venue::digifinex, "EXT2", OrderState::new_, "0");
  EXPECT_EQ(oms.apply(sideless).error, OmsError::missing_side);
  EXPECT_TRUE(oms.apply(cumulative(Venue::digifinex, "EXT1", OrderState::filled, "1", "100")).ok());
  EXPECT_EQ(oms.position(Venue::digifinex, *oms.symbols().find(kSym)).net_qty, D("-1"));
}

TEST(FillBooking, BalancesPerVenueAndAsset) {
  OrderManager oms(OmsConfig{});
  ASSERT_EQ(oms.apply(Balance{Venue::cryptomus, "USDT", D("39950"), std::nullopt, std::nullopt, 2000}), OmsError::ok);
  ASSERT_EQ(oms.apply(Balance{Venue::btse, "USDT", D("10"), D("5"), D("15"), 1000}), OmsError::ok);
  // An older balance report does not overwrite a newer one.
  ASSERT_EQ(oms.apply(Balance{Venue::cryptomus, "USDT", D("40000"), std::nullopt, std::nullopt, 1000}), OmsError::ok);
  ASSERT_NE(oms.balance(Venue::cryptomus, "USDT"), nullptr);
  EXPECT_EQ(*oms.balance(Venue::cryptomus, "USDT")->free, D("39950"));
  EXPECT_EQ(*oms.balance(Venue::btse, "USDT")->total, D("15"));
  EXPECT_EQ(oms.balance(Venue::gct, "USDT"), nullptr);
  EXPECT_EQ(oms.balance(Venue::btse, "BTC"), nullptr);
}

}  // namespace
}  // namespace oex::oms
