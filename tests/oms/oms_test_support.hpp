#pragma once
// Helpers shared by the order-management tests: exact decimals from text and a core with one
// order placed and acknowledged.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "oex/oms/order_manager.hpp"

namespace oex::oms::testing {

inline Decimal D(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return *d;
}

inline ClientOrderId Cid(std::string_view text) { return *ClientOrderId::from(text); }

inline NewOrderRequest limit_order(OrderManager& oms, Venue venue, std::string_view symbol, Side side,
                                   std::string_view price, std::string_view qty, std::string_view cid) {
  NewOrderRequest r;
  r.venue = venue;
  r.symbol = *oms.symbols().intern(symbol);
  r.side = side;
  r.type = OrderType::limit;
  r.price = D(price);
  r.qty = D(qty);
  r.client_order_id = Cid(cid);
  return r;
}

// Places an order and has the venue acknowledge it with `venue_id`; returns its handle.
inline OrderHandle place_acked(OrderManager& oms, Venue venue, std::string_view symbol, Side side,
                               std::string_view price, std::string_view qty, std::string_view cid,
                               std::string_view venue_id) {
  auto h = oms.add_pending(limit_order(oms, venue, symbol, side, price, qty, cid));
  EXPECT_TRUE(h.ok());
  NewOrderAck ack;
  ack.venue = venue;
  ack.symbol = symbol;
  ack.order_id = venue_id;
  ack.client_order_id = cid;
  const ApplyResult r = oms.apply(ack);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.order, *h);
  return *h;
}

inline OrderUpdate update(Venue venue, std::string_view symbol, std::string_view venue_id, OrderState state,
                          std::string_view status) {
  OrderUpdate u;
  u.venue = venue;
  u.symbol = symbol;
  u.order_id = venue_id;
  u.state = state;
  u.venue_status = status;
  return u;
}

inline std::string text(const Decimal& d) { return d.to_string(); }

}  // namespace oex::oms::testing
