// With open orders on all five venues, one call blocks new risk and yields the cancel-all
// requests for every venue; the BTSE dead-man renewal stops while the switch is on.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "risk_test_support.hpp"

namespace oex::risk {
namespace {

using testing::D;
using testing::Fixture;
using testing::kSecond;

RiskConfig open_config() {
  RiskConfig c;
  c.defaults.price_collar = D("0.5");
  return c;
}

TEST(KillSwitch, OneCallBlocksNewRiskAndCancelsEverywhere) {
  Fixture f(open_config());
  struct Placed {
    Venue venue;
    std::string_view symbol;
  };
  const Placed placed[] = {{Venue::btse, "BTC-USDT"},   {Venue::btse, "BTC-USDT"}, {Venue::btse, "ETH-USDT"},
                           {Venue::gct, "btc_usdt"},    {Venue::gct, "eth_usdt"},  {Venue::deflow, "btcusdt"},
                           {Venue::deflow, "btcusdt"},  {Venue::digifinex, "BTC_USDT"}, {Venue::cryptomus, "TRX_USDT"}};
  std::set<oms::OrderHandle> per_order_venues;
  for (const Placed& p : placed) {
    const oms::OrderHandle h = f.rest(f.order(p.venue, p.symbol, Side::buy, "10", "1"));
    if (p.venue == Venue::deflow || p.venue == Venue::digifinex || p.venue == Venue::cryptomus) per_order_venues.insert(h);
  }
  // A long position on BTSE, for the risk-reducing order below.
  const oms::OrderHandle filled = f.rest(f.order(Venue::btse, "BTC-USDT", Side::buy, "10", "3"));
  f.fill(filled, "3", "10");
  for (Venue v : kAllVenues) f.reference(v, v == Venue::btse ? "BTC-USDT" : "x", "9", "10");

  std::vector<KillAction> actions(f.risk.kill_action_capacity());
  const std::size_t n = f.risk.engage_kill_switch(actions);
  actions.resize(n);
  EXPECT_TRUE(f.risk.kill_switch_engaged());

  std::map<Venue, int> by_venue;
  std::set<oms::OrderHandle> cancelled_orders;
  std::set<SymbolId> btse_symbols;
  for (const KillAction& a : actions) {
    ++by_venue[a.venue];
    switch (a.venue) {
      case Venue::btse:
        EXPECT_EQ(a.kind, KillActionKind::cancel_all_symbol);
        btse_symbols.insert(a.symbol);
        break;
      case Venue::gct:
        EXPECT_EQ(a.kind, KillActionKind::cancel_all_venue);
        break;
      default:
        EXPECT_EQ(a.kind, KillActionKind::cancel_order);
        EXPECT_FALSE(a.venue_order_id.empty());
        cancelled_orders.insert(a.order);
    }
  }
  EXPECT_EQ(by_venue.size(), 5u);  // every venue
  EXPECT_EQ(btse_symbols.size(), 2u);
  EXPECT_EQ(by_venue[Venue::gct], 1);
  EXPECT_EQ(cancelled_orders, per_order_venues);
  EXPECT_EQ(n, 2u + 1u + 4u);

  // Blocked: anything that adds risk, on every venue.
  for (Venue v : kAllVenues) {
    EXPECT_EQ(f.risk.check(f.order(v, "BTC-USDT", Side::buy, "10", "1"), kSecond), RejectReason::kill_switch);
  }
  // Allowed: an order that takes the BTSE long of 3 toward flat, and no further.
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, "BTC-USDT", Side::sell, "11", "3"), kSecond), RejectReason::none);
  EXPECT_EQ(f.risk.check(f.order(Venue::btse, "BTC-USDT", Side::sell, "11", "3.1"), kSecond), RejectReason::kill_switch);
  // Stays on until released.
  EXPECT_TRUE(f.risk.kill_switch_engaged());
  f.risk.release_kill_switch();
  EXPECT_EQ(f.risk.check(f.order(Venue::gct, "x", Side::buy, "10", "1"), 2 * kSecond), RejectReason::none);
}

TEST(KillSwitch, BtseDeadManIsRenewedOnlyWhileHealthy) {
  RiskConfig c = open_config();
  c.btse_dead_man = DeadManConfig{10'000, 3'000};
  Fixture f(c);
  auto first = f.risk.dead_man_due(100 * kSecond);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->venue, Venue::btse);
  EXPECT_EQ(first->timeout_ms, 10'000u);
  EXPECT_FALSE(f.risk.dead_man_due(102 * kSecond).has_value());
  EXPECT_TRUE(f.risk.dead_man_due(103 * kSecond).has_value());
  std::vector<KillAction> none;
  (void)f.risk.engage_kill_switch(none);
  EXPECT_FALSE(f.risk.dead_man_due(200 * kSecond).has_value());  // the venue's timer runs out: cancel all
  f.risk.release_kill_switch();
  EXPECT_TRUE(f.risk.dead_man_due(201 * kSecond).has_value());
}

TEST(KillSwitch, AmendsThatAddQuantityAreBlocked) {
  Fixture f(open_config());
  f.reference(Venue::btse, "BTC-USDT", "9", "10");
  const oms::OrderHandle h = f.rest(f.order(Venue::btse, "BTC-USDT", Side::buy, "10", "2"));
  std::vector<KillAction> actions(f.risk.kill_action_capacity());
  (void)f.risk.engage_kill_switch(actions);
  EXPECT_EQ(f.risk.check_amend(h, std::nullopt, D("3"), 0), RejectReason::kill_switch);
  EXPECT_EQ(f.risk.check_amend(h, std::nullopt, D("1"), 0), RejectReason::none);
}

}  // namespace
}  // namespace oex::risk
