// The integer path of RiskGate::check: exactly at each limit it still passes (without falling
// back to the exact Decimal path), one unit beyond it refuses with the exact path's reason, values
// it cannot hold go the exact way, and over seeded random books it always agrees with a gate that
// checks everything on the exact path.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "risk_test_support.hpp"

namespace oex::risk {
namespace {

using testing::D;
using testing::Fixture;

constexpr std::string_view kSym = "BTC-USDT";

RiskConfig config_with(InstrumentLimits limits, bool integer_path = true) {
  RiskConfig c;
  c.defaults = limits;
  for (auto& v : c.venues) {
    v.max_open_orders = 1000;
    v.orders_per_second = 1'000'000;
    v.burst = 1'000'000;
  }
  c.integer_fast_path = integer_path;
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

// Checks `r` and says whether it took the exact path.
struct Outcome {
  RejectReason reason;
  bool exact;
};
Outcome check(Fixture& f, const oms::NewOrderRequest& r) {
  const std::uint64_t before = f.risk.exact_path_checks();
  const RejectReason reason = f.risk.check(r, 0);
  return {reason, f.risk.exact_path_checks() != before};
}

void expect_integer_pass(Fixture& f, const oms::NewOrderRequest& r) {
  const Outcome o = check(f, r);
  EXPECT_EQ(o.reason, RejectReason::none) << r.qty.to_string() << " @ " << r.price->to_string();
  EXPECT_FALSE(o.exact) << "took the exact path: " << r.qty.to_string() << " @ " << r.price->to_string();
}

TEST(RiskIntegerPath, QuantityExactlyAtTheLimitPassesThereOneUnitBeyondRefuses) {
  InstrumentLimits l = loose();
  l.max_order_qty = D("2.5");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100", "2.5"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100", "2.49999999"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "100", "2.50000001")).reason, RejectReason::max_order_qty);
}

TEST(RiskIntegerPath, NotionalExactlyAtTheLimitPassesThere) {
  InstrumentLimits l = loose();
  l.max_order_notional = D("1000.5");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100.05", "10"));  // 1000.5
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "100.05", "10.00000001")).reason,
            RejectReason::max_order_notional);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "100.0500001", "10")).reason,
            RejectReason::max_order_notional);
}

TEST(RiskIntegerPath, CollarEdgesPassThereAndOneTickOutsideRefuses) {
  InstrumentLimits l = loose();
  l.price_collar = D("0.05");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99.9", "100.1");  // buy band 95.095 .. 105.105, sell 94.905 .. 104.895
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "105.105", "1"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "95.095", "1"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "104.895", "1"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "94.905", "1"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "105.1050001", "1")).reason, RejectReason::price_collar);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "95.0949999", "1")).reason, RejectReason::price_collar);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "104.8950001", "1")).reason, RejectReason::price_collar);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "94.9049999", "1")).reason, RejectReason::price_collar);
  // A new reference moves the integer band with it.
  f.reference(Venue::btse, kSym, "199.9", "200.1");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "210.105", "1"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "105.105", "1")).reason, RejectReason::price_collar);
}

TEST(RiskIntegerPath, WithoutAReferenceItPassesWhereTheLimitsAllowThat) {
  InstrumentLimits l = loose();
  l.reject_without_reference_price = false;
  l.max_order_notional = D("1000.5");
  Fixture f(config_with(l));
  // No collar without a reference; every other limit still holds, still in integers.
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100.05", "10"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "0.00000001", "1000"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "100.05", "10.00000001")).reason,
            RejectReason::max_order_notional);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "1", "1000.1")).reason, RejectReason::max_order_qty);
  // Where the limits ask for a reference, an order without one is refused (the exact path names it).
  l.reject_without_reference_price = true;
  Fixture strict(config_with(l));
  EXPECT_EQ(check(strict, strict.order(Venue::btse, kSym, Side::buy, "100", "1")).reason,
            RejectReason::no_reference_price);
}

TEST(RiskIntegerPath, PositionRoomFollowsFillsAndOpenOrders) {
  InstrumentLimits l = loose();
  l.max_position = D("5");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "98", "5"));
  const oms::OrderHandle bought = f.rest(f.order(Venue::btse, kSym, Side::buy, "97", "2"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "98", "3"));  // 2 open + 3
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "98", "3.000001")).reason, RejectReason::position_limit);
  f.fill(bought, "0.5", "97");  // the position moves, the open remainder shrinks: the same room
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "98", "3"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "98", "3.000001")).reason, RejectReason::position_limit);
  // Sells: from +0.5 down to -5 is 5.5.
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "101", "5.5"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "101", "5.5000001")).reason, RejectReason::position_limit);
  // A resting sell takes room from the sell side at once.
  f.rest(f.order(Venue::btse, kSym, Side::sell, "102", "1.5"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "101", "4"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "101", "4.0000001")).reason, RejectReason::position_limit);
}

TEST(RiskIntegerPath, OpenOrderCountsAreReadFresh) {
  InstrumentLimits l = loose();
  l.max_open_orders = 1;
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  const oms::OrderHandle h = f.rest(f.order(Venue::btse, kSym, Side::buy, "98", "1"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "98", "1")).reason,
            RejectReason::max_open_orders_instrument);
  CancelAck ack{Venue::btse, kSym, f.oms.get(h)->venue_order_id.view(), std::nullopt};
  ASSERT_TRUE(f.oms.apply(ack).ok());
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "98", "1"));
}

TEST(RiskIntegerPath, SelfTradeBoundsFollowOurRestingOrders) {
  Fixture f(config_with(loose()));
  f.reference(Venue::btse, kSym, "99", "102");
  const oms::OrderHandle ask = f.rest(f.order(Venue::btse, kSym, Side::sell, "101.25", "1"));
  f.rest(f.order(Venue::btse, kSym, Side::buy, "98.75", "1"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "101.2499999", "1"));
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::sell, "98.7500001", "1"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "101.25", "1")).reason, RejectReason::self_trade);
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::sell, "98.75", "1")).reason, RejectReason::self_trade);
  CancelAck ack{Venue::btse, kSym, f.oms.get(ask)->venue_order_id.view(), std::nullopt};
  ASSERT_TRUE(f.oms.apply(ack).ok());
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "101.25", "1"));
  // An open market sell crosses every buy.
  f.rest(f.order(Venue::btse, kSym, Side::sell, std::nullopt, "1"));
  EXPECT_EQ(check(f, f.order(Venue::btse, kSym, Side::buy, "99", "1")).reason, RejectReason::self_trade);
}

TEST(RiskIntegerPath, ValuesWithTooManyPlacesTakeTheExactPathAndKeepTheirEdges) {
  InstrumentLimits l = loose();
  l.max_order_qty = D("2");  // quantities at up to 17 places (2 * 10^17 fits an int64)
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");  // buy band up to 150: prices at 15 places
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100", "1.9999999999999999"));
  // 20 places: beyond the integer image, decided exactly.
  Outcome o = check(f, f.order(Venue::btse, kSym, Side::buy, "100", "1.99999999999999999999"));
  EXPECT_EQ(o.reason, RejectReason::none);
  EXPECT_TRUE(o.exact);
  o = check(f, f.order(Venue::btse, kSym, Side::buy, "100", "2.00000000000000000001"));
  EXPECT_EQ(o.reason, RejectReason::max_order_qty);
  EXPECT_TRUE(o.exact);
  o = check(f, f.order(Venue::btse, kSym, Side::buy, "150.0000000000000000001", "1"));
  EXPECT_EQ(o.reason, RejectReason::price_collar);
  EXPECT_TRUE(o.exact);
  o = check(f, f.order(Venue::btse, kSym, Side::buy, "149.9999999999999999999", "1"));
  EXPECT_EQ(o.reason, RejectReason::none);
  EXPECT_TRUE(o.exact);
  // Market orders have no price to scale: always exact.
  o = check(f, f.order(Venue::btse, kSym, Side::buy, std::nullopt, "1"));
  EXPECT_EQ(o.reason, RejectReason::none);
  EXPECT_TRUE(o.exact);
}

TEST(RiskIntegerPath, HugeLimitsSaturateWithoutLosingSmallOrders) {
  InstrumentLimits l = loose();
  l.max_order_qty = D("100000000000000000000000");          // 10^23: no scale holds it in an int64
  l.max_order_notional = D("100000000000000000000000000000");  // 10^29
  l.max_position = D("100000000000000000000000");
  Fixture f(config_with(l));
  f.reference(Venue::btse, kSym, "99", "100");
  expect_integer_pass(f, f.order(Venue::btse, kSym, Side::buy, "100", "3"));
  // Fractions do not fit the whole-unit image of such a limit; the exact path passes them.
  const Outcome o = check(f, f.order(Venue::btse, kSym, Side::buy, "100", "0.5"));
  EXPECT_EQ(o.reason, RejectReason::none);
  EXPECT_TRUE(o.exact);
}

// ---------------------------------------------------------------- agreement with the exact path

Decimal from_units(Int128 units, int scale) { return *Decimal::from_units(units, scale); }

// `base` nudged by -1, 0 or +1 unit at a random number of places (mostly 0..8, up to 20).
Decimal near(const Decimal& base, std::mt19937_64& rng) {
  const int places = static_cast<int>(rng() % 2 ? rng() % 9 : rng() % 21);
  const int step = static_cast<int>(rng() % 3) - 1;
  auto r = add(base, from_units(step, places));
  return r ? *r : base;
}

struct Twin {
  Fixture integer;
  Fixture exact;
  std::vector<oms::OrderHandle> resting;

  explicit Twin(const InstrumentLimits& l) : integer(config_with(l, true)), exact(config_with(l, false)) {}

  void reference(const Decimal& bid, const Decimal& ask) {
    for (Fixture* f : {&integer, &exact}) {
      f->risk.set_reference(Venue::btse, *f->oms.symbols().intern(kSym), ReferencePrice{bid, ask, std::nullopt});
    }
  }
  void rest(Side side, std::optional<Decimal> price, const Decimal& qty) {
    oms::OrderHandle h = oms::kNoOrder;
    for (Fixture* f : {&integer, &exact}) {
      auto r = f->order(Venue::btse, kSym, side, "1", "1");
      r.price = price;
      r.type = price ? OrderType::limit : OrderType::market;
      r.qty = qty;
      h = f->rest(r);
    }
    resting.push_back(h);  // the same handle in both cores
  }
  void fill_some(std::size_t which) {
    const oms::Order& o = *integer.oms.get(resting[which]);
    if (!o.is_open() || !o.price_known) return;
    auto remaining = subtract(o.qty, o.filled_qty);
    if (!remaining || remaining->is_zero()) return;
    const std::string qty = remaining->to_string();
    const std::string price = o.price.to_string();
    integer.fill(resting[which], qty, price);
    exact.fill(resting[which], qty, price);
  }
  void cancel(std::size_t which) {
    for (Fixture* f : {&integer, &exact}) {
      const oms::Order& o = *f->oms.get(resting[which]);
      if (!o.is_open()) return;
      CancelAck ack{Venue::btse, kSym, o.venue_order_id.view(), std::nullopt};
      EXPECT_TRUE(f->oms.apply(ack).ok());
    }
  }
};

TEST(RiskIntegerPath, AgreesWithTheExactPathOverRandomBooks) {
  std::uint64_t integer_passes = 0;
  std::uint64_t checks = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    InstrumentLimits l;
    l.max_order_qty = from_units(static_cast<Int128>(1 + rng() % 5000), static_cast<int>(rng() % 4));
    // About what max_order_qty costs at prices near the references: either limit may bind.
    l.max_order_notional = *multiply(l.max_order_qty, from_units(static_cast<Int128>(5000 + rng() % 15000), 0));
    l.price_collar = from_units(static_cast<Int128>(1 + rng() % 200), 3);
    l.max_open_orders = static_cast<std::uint32_t>(5 + rng() % 20);
    l.max_position = from_units(static_cast<Int128>(1 + rng() % 5000), static_cast<int>(rng() % 4));
    l.reject_without_reference_price = rng() % 4 != 0;
    Twin t(l);
    Decimal last_bid;
    Decimal last_ask;
    std::vector<Decimal> prices;  // edges worth probing: references, band ends, our resting prices
    for (int step = 0; step < 400; ++step) {
      const std::uint64_t op = rng() % 20;
      if (op < 2 || prices.empty()) {
        const Decimal bid = from_units(static_cast<Int128>(9000 + rng() % 2000), static_cast<int>(rng() % 4));
        auto ask = add(bid, from_units(static_cast<Int128>(rng() % 50), static_cast<int>(rng() % 4)));
        t.reference(bid, *ask);
        last_bid = bid;
        last_ask = *ask;
        prices.push_back(bid);
        prices.push_back(*ask);
        for (const Decimal& ref : {bid, *ask}) {
          const Decimal width = *multiply(ref, l.price_collar);
          prices.push_back(*add(ref, width));
          prices.push_back(*subtract(ref, width));
        }
      } else if (op < 5 && t.resting.size() < 12) {
        const Side side = rng() % 2 ? Side::buy : Side::sell;
        std::optional<Decimal> price = near(prices[rng() % prices.size()], rng);
        if (rng() % 10 == 0) price.reset();
        const Decimal qty = from_units(static_cast<Int128>(1 + rng() % 3000), static_cast<int>(rng() % 4));
        t.rest(side, price, qty);
        if (price) prices.push_back(*price);
      } else if (op < 7 && !t.resting.empty()) {
        t.fill_some(rng() % t.resting.size());
      } else if (op < 9 && !t.resting.empty()) {
        t.cancel(rng() % t.resting.size());
      } else {
        const Side side = rng() % 2 ? Side::buy : Side::sell;
        // Prices near an edge, or anywhere inside the band of the latest reference.
        const Decimal price = rng() % 2 ? near(prices[rng() % prices.size()], rng)
                                        : *add(rng() % 2 ? last_bid : last_ask,
                                               from_units(static_cast<Int128>(rng() % 2001) - 1000, 2));
        // Quantities near the order limit, near the position room, or anything.
        const oms::Position& p = t.exact.oms.position(Venue::btse, 0);
        const oms::Exposure& e = t.exact.oms.exposure(Venue::btse, 0);
        Decimal qty;
        switch (rng() % 3) {
          case 0: qty = near(l.max_order_qty, rng); break;
          case 1: {
            auto room = side == Side::buy ? subtract(*subtract(l.max_position, p.net_qty), e.open_buy_qty)
                                          : subtract(*add(l.max_position, p.net_qty), e.open_sell_qty);
            qty = near(*room, rng);
            break;
          }
          default: qty = *multiply(l.max_order_qty, from_units(static_cast<Int128>(1 + rng() % 1000), 3)); break;
        }
        if (!(qty > Decimal{}) || !(price > Decimal{})) continue;
        auto a = t.integer.order(Venue::btse, kSym, side, "1", "1");
        auto b = t.exact.order(Venue::btse, kSym, side, "1", "1");
        a.price = b.price = price;
        a.qty = b.qty = qty;
        const Outcome fast = check(t.integer, a);
        const RejectReason exact = t.exact.risk.check(b, 0);
        ASSERT_EQ(fast.reason, exact) << "seed " << seed << " step " << step << ": " << qty.to_string() << " @ "
                                      << price.to_string() << (side == Side::buy ? " buy" : " sell");
        ++checks;
        integer_passes += !fast.exact;
      }
    }
  }
  // The comparison means something only if the integer path decided a good share of them.
  EXPECT_GT(checks, 4000u);
  EXPECT_GT(integer_passes, checks / 20) << integer_passes << " of " << checks;
}

}  // namespace
}  // namespace oex::risk
