#pragma once
// BTSE-specific vocabulary the decoders and encoders share.
#include <cstdint>
#include <string_view>

#include "oex/core/decimal.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::btse {

// The REST calls whose answers RestDecoder reads (the request a response answers).
enum class Endpoint : std::uint8_t {
  create_order,      // POST /api/v3.3/order and /api/v3.3/order/peg
  amend_order,       // PUT /api/v3.3/order
  cancel_order,      // DELETE /api/v3.3/order
  cancel_all_after,  // POST /api/v3.3/order/cancelAllAfter
  query_order,       // GET /api/v3.3/order
  open_orders,       // GET /api/v3.3/user/open_orders
  trade_history,     // GET /api/v3.3/user/trade_history
  fees,              // GET /api/v3.3/user/fees
  market_summary,    // GET /api/v3.3/market_summary
  price,             // GET /api/v3.3/price
  orderbook,         // GET /api/v3.3/orderbook (grouped)
  orderbook_l2,      // GET /api/v3.3/orderbook/L2
  trades,            // GET /api/v3.3/trades
  time,              // GET /api/v3.3/time
  ohlcv,             // GET /api/v3.3/ohlcv
};

// What the caller sent, for events about a request the venue refused without naming the order
// (an HTTP error answer carries no order fields).
struct RequestContext {
  std::string_view symbol;
  std::string_view order_id;
  std::string_view client_order_id;
};

// GET /api/v3.3/user/fees: one entry per market. No normalized event carries fee rates.
struct FeeRates {
  Venue venue = Venue::btse;
  std::string_view symbol;
  Decimal maker_fee;
  Decimal taker_fee;
};

// GET /api/v3.3/ohlcv: one candle per row. No normalized event carries candles.
struct Candle {
  Venue venue = Venue::btse;
  std::int64_t open_time_s = 0;  // Unix time in seconds, as sent
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
};

}  // namespace oex::codecs::btse
