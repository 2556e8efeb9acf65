// Thousands of seeded random histories: each venue's channels report the true fills of a few
// orders, then the events are delayed, shuffled and duplicated before the core sees them. The
// final states, filled quantities and positions must equal the truth; along the way no fill is
// lost or doubled, filled never exceeds the quantity and no state moves backwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "oex/oms/state_machine.hpp"
#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

constexpr std::string_view kSym = "BTC_USDT";
constexpr int kTrials = 5000;

Decimal tenths(std::int64_t n) { return *Decimal::from_units(n, 1); }

struct TrueOrder {
  Side side = Side::buy;
  std::int64_t qty_tenths = 0;
  std::vector<std::int64_t> fills_tenths;
  bool cancelled = false;
  [[nodiscard]] std::int64_t filled() const {
    std::int64_t s = 0;
    for (auto f : fills_tenths) s += f;
    return s;
  }
  [[nodiscard]] OrderState final_state() const {
    if (filled() == qty_tenths) return OrderState::filled;
    if (cancelled) return OrderState::cancelled;
    return filled() > 0 ? OrderState::partially_filled : OrderState::new_;
  }
};

using Event = std::variant<OrderUpdate, Fill>;

struct History {
  Venue venue{};
  std::vector<TrueOrder> orders;
  std::deque<std::string> text;  // stable storage for the views events carry
  std::vector<std::pair<std::size_t, Event>> events;  // (order index, event)

  std::string_view keep(std::string s) { return text.emplace_back(std::move(s)); }
};

History make_history(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  History h;
  h.venue = kAllVenues[seed % kAllVenues.size()];
  const std::size_t n = static_cast<std::size_t>(uniform(1, 3));
  for (std::size_t i = 0; i < n; ++i) {
    TrueOrder o;
    o.side = uniform(0, 1) ? Side::buy : Side::sell;
    o.qty_tenths = uniform(1, 20);
    std::int64_t target = uniform(0, 1) ? o.qty_tenths : uniform(0, o.qty_tenths);
    while (target > 0) {
      const std::int64_t f = uniform(1, target);
      o.fills_tenths.push_back(f);
      target -= f;
    }
    o.cancelled = o.filled() < o.qty_tenths && uniform(0, 1);
    h.orders.push_back(o);
  }
  const Venue v = h.venue;
  for (std::size_t i = 0; i < n; ++i) {
    const TrueOrder& o = h.orders[i];
    const std::string_view id = h.keep("V" + std::to_string(i));
    const std::int64_t price = 100 + static_cast<std::int64_t>(i);
    auto cumulative = [&](OrderState s, std::int64_t cum, std::string_view status) {
      OrderUpdate u;
      u.venue = v;
      u.symbol = kSym;
      u.order_id = id;
      u.side = o.side;
      u.state = s;
      u.venue_status = status;
      u.qty = tenths(o.qty_tenths);
      u.price = Decimal::from_int(price);
      u.filled_qty = tenths(cum);
      if (v != Venue::gct && v != Venue::btse) u.filled_notional = tenths(cum * price);
      if (v == Venue::btse && cum > 0) u.avg_price = Decimal::from_int(price);
      h.events.emplace_back(i, u);
    };
    cumulative(OrderState::new_, 0, "new");
    std::int64_t cum = 0;
    for (std::size_t j = 0; j < o.fills_tenths.size(); ++j) {
      cum += o.fills_tenths[j];
      const bool done = cum == o.qty_tenths;
      if (v != Venue::gct || uniform(0, 1)) {  // GCT's order query is polled, so some steps go unseen
        cumulative(done ? OrderState::filled : OrderState::partially_filled, cum, done ? "done" : "part");
      }
      if (v == Venue::digifinex) continue;  // no trade channel: derived fills only
      Fill f;
      f.venue = v;
      f.symbol = kSym;
      f.price = Decimal::from_int(price);
      f.qty = tenths(o.fills_tenths[j]);
      f.venue_time_ms = static_cast<std::int64_t>(j);
      if (v != Venue::cryptomus) {
        f.order_id = id;
        f.side = o.side;
      }
      if (v != Venue::gct) f.trade_id = h.keep("T" + std::to_string(i) + "-" + std::to_string(j));
      h.events.emplace_back(i, f);
    }
    if (o.cancelled) cumulative(OrderState::cancelled, cum, "cancelled");
    else if (v == Venue::gct && cum > 0) cumulative(cum == o.qty_tenths ? OrderState::filled : OrderState::partially_filled, cum, "last");
  }
  // Delay, duplicate, shuffle.
  std::vector<std::pair<double, std::pair<std::size_t, Event>>> keyed;
  const bool chaos = uniform(0, 4) == 0;
  for (std::size_t k = 0; k < h.events.size(); ++k) {
    const double at = chaos ? static_cast<double>(uniform(0, 1000)) : static_cast<double>(k) + static_cast<double>(uniform(0, 6));
    keyed.emplace_back(at, h.events[k]);
    if (uniform(0, 4) == 0) keyed.emplace_back(at + static_cast<double>(uniform(0, 8)), h.events[k]);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  h.events.clear();
  for (auto& e : keyed) h.events.push_back(e.second);
  return h;
}

TEST(OmsProperty, ShuffledDuplicatedDelayedHistoriesMatchTheTruth) {
  OmsConfig config;
  config.max_orders = 16;
  config.max_symbols = 4;
  config.max_fill_keys = 256;
  std::uint64_t events_applied = 0;
  OmsCounters seen;  // summed over the trials: the histories must exercise every path
  for (int trial = 0; trial < kTrials; ++trial) {
    const History h = make_history(static_cast<std::uint64_t>(trial));
    OrderManager oms(config);
    std::vector<OrderHandle> handles;
    for (std::size_t i = 0; i < h.orders.size(); ++i) {
      const std::string cid = std::to_string(1000 + i);
      const std::string vid = "V" + std::to_string(i);
      handles.push_back(testing::place_acked(oms, h.venue, kSym, h.orders[i].side, std::to_string(100 + i),
                                             tenths(h.orders[i].qty_tenths).to_string(), cid, vid));
    }
    std::vector<OrderState> last_state(handles.size(), OrderState::new_);
    std::vector<Decimal> last_filled(handles.size());
    for (const auto& [index, event] : h.events) {
      const ApplyResult r = std::visit([&](const auto& e) { return oms.apply(e); }, event);
      ASSERT_TRUE(r.ok()) << "trial " << trial << ": " << error_name(r.error);
      ++events_applied;
      for (std::size_t i = 0; i < handles.size(); ++i) {
        const Order& o = *oms.get(handles[i]);
        ASSERT_LE(o.filled_qty, o.qty) << "trial " << trial;
        ASSERT_GE(o.filled_qty, last_filled[i]) << "trial " << trial;
        ASSERT_TRUE(is_legal_move(last_state[i], o.state))
            << "trial " << trial << ": " << to_string(last_state[i]) << " -> " << to_string(o.state);
        ASSERT_GE(progress_rank(o.state), progress_rank(last_state[i])) << "trial " << trial;
        last_state[i] = o.state;
        last_filled[i] = o.filled_qty;
      }
    }
    Decimal net;
    for (std::size_t i = 0; i < handles.size(); ++i) {
      const TrueOrder& t = h.orders[i];
      const Order& o = *oms.get(handles[i]);
      ASSERT_EQ(o.filled_qty, tenths(t.filled())) << "trial " << trial << " order " << i << " venue "
                                                  << to_string(h.venue);
      ASSERT_EQ(to_string(o.state), to_string(t.final_state())) << "trial " << trial << " order " << i;
      ASSERT_FALSE(o.overfilled) << "trial " << trial;
      net = *add(net, t.side == Side::buy ? tenths(t.filled()) : tenths(t.filled()).negated());
    }
    ASSERT_EQ(oms.position(h.venue, *oms.symbols().find(kSym)).net_qty, net) << "trial " << trial;
    ASSERT_EQ(oms.counters().overfills, 0u);
    ASSERT_EQ(oms.counters().illegal_transitions, 0u);
    seen.fills_booked += oms.counters().fills_booked;
    seen.duplicate_fills += oms.counters().duplicate_fills;
    seen.unmatched_fills += oms.counters().unmatched_fills;
  }
  EXPECT_GT(events_applied, static_cast<std::uint64_t>(kTrials) * 5);
  EXPECT_GT(seen.fills_booked, static_cast<std::uint64_t>(kTrials));
  EXPECT_GT(seen.duplicate_fills, 100u);
  EXPECT_GT(seen.unmatched_fills, 10u);
}

}  // namespace
}  // namespace oex::oms
