// Each pre-trade check: a pass, a reject with its stable reason, and the edge exactly at the limit.
#include <gtest/gtest.h>

#include "risk_test_support.hpp"

namespace oex::risk {
namespace {

using testing::D;
using testing::Fixture;
using testing::kSecond;

constexpr std::string_view kSym = "BTC-USDT";

RiskConfig config_with(InstrumentLimits limits, std::uint32_t venue_open = 1000) {
  RiskConfig c;
  c.defaults = limits;
  for (auto& v : c.venues) {
    v.max_open_orders = venue_open;
    v.orders_per_second = 1000;
    v.burst = 1000;
  }
  return c;
}

InstrumentLimits loose() {
  InstrumentLimits l;
  l.max_order_qty = D("1000");
  l.max_order_notional = D("1000000");
  l.price_collar = D("0.5");
  l.max_open_orders = 100;
  l.max_position = D("1000");
  return l;
}

TEST(RiskChecks, MaxOrderQuantity) {
  InstrumentLimits l = loose();
  l.max_order_qty = D("2");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "2"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "2.00000001"), 0), RejectReason::max_order_qty);
  EXPECT_EQ(reject_name(RejectReason::max_order_qty), "max_order_qty");
}

TEST(RiskChecks, MaxOrderNotionalIncludingMarketOrdersAtTheReference) {
  InstrumentLimits l = loose();
  l.max_order_notional = D("1000");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "9"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "10"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100.01", "10"), 0), RejectReason::max_order_notional);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, std::nullopt, "10"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, std::nullopt, "10.01"), 0),
            RejectReason::max_order_notional);
}

TEST(RiskChecks, PriceCollarAroundTheReference) {
  InstrumentLimits l = loose();
  l.price_collar = D("0.05");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");  // a buy is measured from the ask, a sell from the bid
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "101", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "105", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "95", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "105.01", "1"), 0), RejectReason::price_collar);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "94.99", "1"), 0), RejectReason::price_collar);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "103.95", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "103.96", "1"), 0), RejectReason::price_collar);
}

TEST(RiskChecks, ReferenceFromMarketDataEvents) {
  InstrumentLimits l = loose();
  l.price_collar = D("0.01");
  Fixture f(config_with(l));
  (void)f.oms.symbols().intern(kSym);
  PublicTrade t;
  t.venue = Venue::btse;
  t.symbol = kSym;
  t.price = D("200");
  f.risk.on_market_data(t);  // last trade serves while no book price is known
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "202", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "202.01", "1"), 0), RejectReason::price_collar);
  Ticker tk;
  tk.venue = Venue::btse;
  tk.symbol = kSym;
  tk.best_bid = D("299");
  tk.best_ask = D("300");
  f.risk.on_market_data(tk);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "303", "1"), 0), RejectReason::none);
  const BookLevel bids[] = {{D("49"), D("1")}, {D("50"), D("1")}};
  const BookLevel asks[] = {{D("51"), D("0")}, {D("52"), D("1")}};
  BookUpdate b;
  b.venue = Venue::btse;
  b.symbol = kSym;
  b.snapshot = true;
  b.bids = bids;
  b.asks = asks;
  f.risk.on_market_data(b);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "49.5", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "52.52", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "52.53", "1"), 0), RejectReason::price_collar);
}

TEST(RiskChecks, NoReferencePriceRejectsByDefaultOrPassesWhenConfigured) {
  Fixture strict(config_with(loose()));
  EXPECT_EQ(strict.risk.check(strict.order(Venue::gct, kSym, Side::buy, "100", "1"), 0), RejectReason::no_reference_price);
  EXPECT_EQ(strict.risk.check(strict.order(Venue::gct, kSym, Side::buy, std::nullopt, "1"), 0),
            RejectReason::no_reference_price);
  InstrumentLimits l = loose();
  l.reject_without_reference_price = false;
  Fixture lenient(config_with(l));
  EXPECT_EQ(lenient.risk.check(lenient.order(Venue::gct, kSym, Side::buy, "100", "1"), 0), RejectReason::none);
}

TEST(RiskChecks, MaxOpenOrdersPerInstrument) {
  InstrumentLimits l = loose();
  l.max_open_orders = 2;
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "98", "1"), 0), RejectReason::none);
  f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "98", "1"), 0), RejectReason::max_open_orders_instrument);
  f.reference(Venue::btse, "ETH-USDT", "9", "10");
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, "ETH-USDT", Side::buy, "10", "1"), 0), RejectReason::none);
}

TEST(RiskChecks, MaxOpenOrdersPerVenue) {
  Fixture f(config_with(loose(), 2));
  f.reference(Venue::btse, kSym, "99", "100");
  f.reference(Venue::btse, "ETH-USDT", "9", "10");
  f.reference(Venue::gct, kSym, "99", "100");
  f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, "ETH-USDT", Side::buy, "10", "1"), 0), RejectReason::none);
  f.rest(f.order(Venue::btse, "ETH-USDT", Side::buy, "9", "1"));
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, "ETH-USDT", Side::buy, "10", "1"), 0), RejectReason::max_open_orders_venue);
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "100", "1"), 0), RejectReason::none);
}

TEST(RiskChecks, PositionLimitCountsEveryOpenOrderOnThatSide) {
  InstrumentLimits l = loose();
  l.max_position = D("5");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  const oms::OrderHandle bought = f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "2"));
  f.fill(bought, "2", "98");                        // position +2
  f.rest(f.order(Venue::btse, kSym, Side::buy, "97", "1"));  // +1 open
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "98", "1.9"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "98", "2"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "98", "2.1"), 0), RejectReason::position_limit);
  // Sells: from +2 down to -5 is 7.
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "101", "7"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "101", "7.1"), 0), RejectReason::position_limit);
}

TEST(RiskChecks, ThrottlePerVenueFromTheDocuments) {
  RiskConfig c = config_with(loose());
  c.venues = RiskConfig::default_venue_limits();
  Fixture f(c);
  f.reference(Venue::gct, kSym, "99", "100");
  f.reference(Venue::btse, kSym, "99", "100");
  const std::uint64_t t0 = 5 * kSecond;
  for (int i = 0; i < 30; ++i) {
    ASSERT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "100", "1"), t0), RejectReason::none) << i;
  }
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "100", "1"), t0), RejectReason::throttled);
  // 1/30 s later exactly one more token.
  const std::uint64_t t1 = t0 + kSecond / 30 + 1;
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "100", "1"), t1), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "100", "1"), t1), RejectReason::throttled);
  // BTSE has its own budget of 75.
  for (int i = 0; i < 75; ++i) {
    ASSERT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "1"), t0), RejectReason::none) << i;
  }
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "1"), t0), RejectReason::throttled);
  // A rejected order spends no token: the venue is not charged for orders never sent.
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "0"), t0 + kSecond), RejectReason::invalid_order);
}

TEST(RiskChecks, DuplicateClientOrderId) {
  Fixture f(config_with(loose()));
  f.reference(Venue::btse, kSym, "99", "100");
  oms::NewOrderRequest r = f.order(Venue::btse, kSym, Side::buy, "99", "1");
  EXPECT_EQ(f.risk.check(r, 0), RejectReason::none);
  f.rest(r);
  EXPECT_EQ(f.risk.check(r, 0), RejectReason::duplicate_client_order_id);
  r.venue = Venue::gct;  // another venue's ids are separate
  f.reference(Venue::gct, kSym, "99", "100");
  EXPECT_EQ(f.risk.check(r, 0), RejectReason::none);
}

TEST(RiskChecks, SelfTradeAgainstOurOwnRestingOrders) {
  Fixture f(config_with(loose()));
  f.reference(Venue::btse, kSym, "99", "102");
  f.rest(f.order(Venue::btse, kSym, Side::sell, "101", "1"));
  f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100.99", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "101", "1"), 0), RejectReason::self_trade);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, std::nullopt, "1"), 0), RejectReason::self_trade);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "98.01", "1"), 0), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::sell, "98", "1"), 0), RejectReason::self_trade);
  // Another venue's book is not ours to cross.
  f.reference(Venue::gct, kSym, "99", "102");
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, kSym, Side::buy, "101", "1"), 0), RejectReason::none);
}

TEST(RiskChecks, InvalidOrders) {
  Fixture f(config_with(loose()));
  f.reference(Venue::btse, kSym, "99", "100");
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "0"), 0), RejectReason::invalid_order);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, kSym, Side::buy, "100", "-1"), 0), RejectReason::invalid_order);
  oms::NewOrderRequest no_price = f.order(Venue::btse, kSym, Side::buy, "100", "1");
  no_price.price.reset();
  EXPECT_EQ(f.risk.check(no_price, 0), RejectReason::invalid_order);
}

TEST(RiskChecks, AmendsPassTheSameChecks) {
  InstrumentLimits l = loose();
  l.max_position = D("3");
  l.price_collar = D("0.05");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  const oms::OrderHandle h = f.rest(f.order(Venue::btse, kSym, Side::buy, "99", "2"));
  EXPECT_EQ(f.risk.check_amend(h, D("100"), std::nullopt, 0), RejectReason::none);
  EXPECT_EQ(f.risk.check_amend(h, std::nullopt, D("3"), 0), RejectReason::none);      // at the limit
  EXPECT_EQ(f.risk.check_amend(h, std::nullopt, D("3.1"), 0), RejectReason::position_limit);
  EXPECT_EQ(f.risk.check_amend(h, D("106"), std::nullopt, 0), RejectReason::price_collar);
  EXPECT_EQ(f.risk.check_amend(h, std::nullopt, D("0"), 0), RejectReason::invalid_order);
  EXPECT_EQ(f.risk.check_amend(oms::kNoOrder, std::nullopt, D("1"), 0), RejectReason::unknown_order);
}

TEST(RiskChecks, ReasonsHaveStableNames) {
  EXPECT_EQ(reject_name(RejectReason::none), "none");
  EXPECT_EQ(reject_name(RejectReason::kill_switch), "kill_switch");
  EXPECT_EQ(reject_name(RejectReason::price_collar), "price_collar");
  EXPECT_EQ(reject_name(RejectReason::no_reference_price), "no_reference_price");
  EXPECT_EQ(reject_name(RejectReason::max_open_orders_instrument), "max_open_orders_instrument");
  EXPECT_EQ(reject_name(RejectReason::max_open_orders_venue), "max_open_orders_venue");
  EXPECT_EQ(reject_name(RejectReason::position_limit), "position_limit");
  EXPECT_EQ(reject_name(RejectReason::self_trade), "self_trade");
  EXPECT_EQ(reject_name(RejectReason::throttled), "throttled");
  EXPECT_EQ(reject_name(RejectReason::duplicate_client_order_id), "duplicate_client_order_id");
}

}  // namespace
}  // namespace oex::risk
