#pragma once
// The normalized events codecs produce and the order-management core consumes. Plain structs;
// every text field is a view into the message buffer and lives only as long as that buffer.
// A field the venue did not send is empty (std::nullopt): nothing is invented.
//
// A decoder hands each event to a sink: any callable with an overload per event type it cares
// about (a generic lambda serves), called once per event, in message order. No virtual call.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"

namespace oex {

using OptText = std::optional<std::string_view>;
using OptDecimal = std::optional<Decimal>;
using OptMillis = std::optional<std::int64_t>;

struct OrderUpdate {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  std::optional<Side> side;
  std::optional<OrderType> type;
  std::optional<TimeInForce> time_in_force;
  OrderState state = OrderState::unknown;
  std::string_view venue_status;  // the status exactly as sent, for the record and for unknown codes
  OptDecimal price;
  OptDecimal qty;
  OptDecimal filled_qty;       // cumulative
  OptDecimal filled_notional;  // cumulative price x quantity, where the venue sends it
  OptDecimal avg_price;
  OptDecimal remaining_qty;
  OptDecimal trigger_price;
  OptDecimal last_fill_qty;  // set when the update itself reports one fill
  OptDecimal last_fill_price;
  OptText trade_id;
  OptDecimal fee;
  OptText fee_ccy;
  OptMillis venue_time_ms;
};

struct Fill {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  OptText trade_id;  // absent where the venue has none; then `derived` says how it was found
  std::optional<Side> side;
  Decimal price;
  Decimal qty;
  OptDecimal fee;
  OptText fee_ccy;
  Liquidity liquidity = Liquidity::unknown;
  OptMillis venue_time_ms;
  bool derived = false;  // computed from cumulative totals rather than reported as a trade
};

struct NewOrderAck {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  std::optional<OrderState> state;  // where the acknowledgement also says how the order stands
  OptMillis venue_time_ms;
};

struct NewOrderReject {
  Venue venue{};
  std::string_view symbol;
  OptText client_order_id;
  std::string_view code;  // the venue's code as sent
  std::string_view message;
};

struct CancelAck {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
};

struct CancelReject {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  std::string_view code;
  std::string_view message;
};

struct AmendAck {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  OptDecimal price;
  OptDecimal qty;
  OptDecimal trigger_price;
};

struct AmendReject {
  Venue venue{};
  std::string_view symbol;
  std::string_view order_id;
  OptText client_order_id;
  std::string_view code;
  std::string_view message;
};

struct Balance {
  Venue venue{};
  std::string_view asset;
  OptDecimal free;
  OptDecimal locked;
  OptDecimal total;
  OptMillis venue_time_ms;
};

struct BookLevel {
  Decimal price;
  Decimal qty;  // zero removes the level in a delta
};

// L2 levels; the spans point into storage the decoder owns, valid until its next decode.
struct BookUpdate {
  Venue venue{};
  std::string_view symbol;
  bool snapshot = false;  // a full book (BTSE snapshot, DigiFinex clean, Cryptomus full_reload)
  std::span<const BookLevel> bids;
  std::span<const BookLevel> asks;
  std::optional<std::int64_t> seq;
  std::optional<std::int64_t> prev_seq;
  OptMillis venue_time_ms;
};

struct PublicTrade {
  Venue venue{};
  std::string_view symbol;
  OptText trade_id;
  Decimal price;
  Decimal qty;
  std::optional<Side> side;  // the taker's side, where sent
  OptMillis venue_time_ms;
};

struct Ticker {
  Venue venue{};
  std::string_view symbol;
  OptDecimal last;
  OptDecimal best_bid;
  OptDecimal best_bid_qty;
  OptDecimal best_ask;
  OptDecimal best_ask_qty;
  OptDecimal open;
  OptDecimal high;
  OptDecimal low;
  OptDecimal base_volume;
  OptDecimal quote_volume;
  OptMillis venue_time_ms;
};

struct Pong {
  Venue venue{};
  OptMillis venue_time_ms;
};

struct ServerTime {
  Venue venue{};
  std::int64_t venue_time_ms = 0;
};

struct SubscriptionAck {
  Venue venue{};
  std::string_view topic;
  bool subscribed = true;  // false for an unsubscribe acknowledgement
};

// The venue said something went wrong that is not tied to one order request.
struct VenueError {
  Venue venue{};
  std::string_view code;
  std::string_view message;
  std::optional<int> http_status;
};

}  // namespace oex
