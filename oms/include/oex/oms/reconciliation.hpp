#pragma once
// The venue queries that resolve orders left `unknown` by a disconnect, as plain requests the
// engine hands to each venue's codec. Answers come back as normal events (OrderUpdate, Fill) and
// go through the same apply path and the same fill dedup.
//
// Per venue (from the documents):
//   BTSE      open_orders (GET /user/open_orders), then trade_history per unresolved order
//             (the order query forgets cancelled orders after 30 minutes).
//   GCT       open_orders (GET /order/openOrders), order_by_id per unresolved order
//             (GET /order/queryOrderById).
//   Deflow    open_orders (GET /v1/order/new) per symbol, order_by_id per unresolved order
//             (GET /v1/order/info, which also lists the order's trades).
//   DigiFinex, Cryptomus  no query in the documents: their orders stay `unknown` until the next
//             notification about them.
#include <cstdint>
#include <string_view>

#include "oex/core/enums.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/core/symbol_table.hpp"
#include "oex/oms/order.hpp"

namespace oex::oms {

enum class QueryKind : std::uint8_t { open_orders, order_by_id, trade_history };

[[nodiscard]] constexpr std::string_view to_string(QueryKind k) noexcept {
  switch (k) {
    case QueryKind::open_orders: return "open_orders";
    case QueryKind::order_by_id: return "order_by_id";
    case QueryKind::trade_history: return "trade_history";
  }
  return "unknown";
}

struct VenueQuery {
  Venue venue{};
  QueryKind kind = QueryKind::open_orders;
  bool has_symbol = false;  // open_orders for one symbol (Deflow needs it) or for all
  SymbolId symbol = 0;
  OrderHandle order = kNoOrder;  // the order a per-order query resolves
  VenueOrderId venue_order_id;   // empty when the venue never acknowledged the order
  ClientOrderId client_order_id;
};

}  // namespace oex::oms
