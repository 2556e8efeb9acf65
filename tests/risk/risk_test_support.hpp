#pragma once
// A risk gate over an order core, with one configured instrument per venue and helpers to place
// orders and give them fills.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "oex/risk/risk_gate.hpp"

namespace oex::risk::testing {

inline Decimal D(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return *d;
}

inline constexpr std::uint64_t kSecond = 1'000'000'000ULL;

struct Fixture {
  explicit Fixture(const RiskConfig& config) : oms(oms::OmsConfig{}), risk(config, oms) {}

  oms::NewOrderRequest order(Venue venue, std::string_view symbol, Side side, std::optional<std::string_view> price,
                             std::string_view qty) {
    oms::NewOrderRequest r;
    r.venue = venue;
    r.symbol = *oms.symbols().intern(symbol);
    r.side = side;
    r.type = price ? OrderType::limit : OrderType::market;
    if (price) r.price = D(*price);
    r.qty = D(qty);
    r.client_order_id = *ClientOrderId::from(std::to_string(next_cid++));
    return r;
  }

  // Places the order straight into the core (as if it had passed) and acknowledges it.
  oms::OrderHandle rest(const oms::NewOrderRequest& r) {
    auto h = oms.add_pending(r);
    EXPECT_TRUE(h.ok());
    const std::string vid = "v" + std::string(r.client_order_id.view());
    venue_ids.push_back(vid);
    NewOrderAck ack;
    ack.venue = r.venue;
    ack.symbol = oms.symbols().text(r.symbol);
    ack.order_id = venue_ids.back();
    ack.client_order_id = r.client_order_id.view();
    EXPECT_TRUE(oms.apply(ack).ok());
    return *h;
  }

  void fill(oms::OrderHandle h, std::string_view qty, std::string_view price) {
    const oms::Order& o = *oms.get(h);
    Fill f;
    f.venue = o.venue;
    f.symbol = oms.symbols().text(o.symbol);
    f.order_id = o.venue_order_id.view();
    trade_ids.push_back("t" + std::to_string(trade_ids.size()));
    f.trade_id = trade_ids.back();
    f.qty = D(qty);
    f.price = D(price);
    EXPECT_TRUE(oms.apply(f).has(oms::ApplyFlag::fill_booked));
  }

  void reference(Venue venue, std::string_view symbol, std::string_view bid, std::string_view ask) {
    risk.set_reference(venue, *oms.symbols().intern(symbol), ReferencePrice{D(bid), D(ask), std::nullopt});
  }

  oms::OrderManager oms;
  RiskGate risk;
  int next_cid = 1;
  std::deque<std::string> venue_ids;
  std::deque<std::string> trade_ids;
};

}  // namespace oex::risk::testing
