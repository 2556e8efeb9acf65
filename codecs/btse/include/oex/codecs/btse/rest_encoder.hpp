#pragma once
// Encodes BTSE spot v3.3 REST requests into a caller-owned buffer: the target (base path prefix,
// path, URL-encoded query), the JSON body, and for private calls the request-api, request-nonce
// and request-sign headers. Every view of the RestRequest points into the buffer (or at the API
// key the encoder was given). Nothing allocates; a buffer too small gives buffer_too_small, a
// request the venue could not accept invalid_argument, and nothing is reported done that was
// cut short. Body keys are written in the document's order (sorted by name), numbers as exact
// plain decimals.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "oex/codecs/btse/auth.hpp"
#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::btse {

// txType: a stop or trigger order is a LIMIT or MARKET order with txType and triggerPrice.
enum class TxType : std::uint8_t { none, limit, stop, trigger };

struct NewOrder {
  std::string_view symbol;
  Side side = Side::buy;
  OrderType type = OrderType::limit;  // limit, market, oco or peg (stop / trigger: see tx_type)
  TxType tx_type = TxType::none;
  Decimal size;
  OptDecimal price;          // all but MARKET
  OptDecimal stop_price;     // OCO
  OptDecimal trigger_price;  // STOP, TRIGGER, OCO
  OptDecimal trail_value;
  OptDecimal stealth;    // PEG: percentage shown on the book
  OptDecimal deviation;  // PEG: percentage from the index price, -10 to 10
  std::optional<TimeInForce> time_in_force;
  std::optional<bool> post_only;
  std::string_view client_order_id;  // empty: none
  bool peg_endpoint = false;         // POST /api/v3.3/order/peg instead of /order (same behaviour)
};

enum class AmendType : std::uint8_t { price, size, trigger_price, all };

struct AmendOrder {
  std::string_view symbol;
  std::string_view order_id;         // preferred; the venue ignores clOrderID when it is given
  std::string_view client_order_id;  // used when order_id is empty
  AmendType type = AmendType::price;
  OptDecimal value;  // PRICE, SIZE, TRIGGERPRICE
  OptDecimal order_price;  // ALL
  OptDecimal order_size;   // ALL
  OptDecimal trigger_price;  // ALL
};

struct CancelOrder {
  std::string_view symbol;
  std::string_view order_id;
  std::string_view client_order_id;  // cancels every order carrying it
  // Neither id cancels every order of the market: asked for explicitly, never by omission.
  bool all_in_symbol = false;
};

struct OrderLookup {  // GET /order
  std::string_view order_id;
  std::string_view client_order_id;
};

struct OpenOrdersQuery {
  std::string_view symbol;  // all optional
  std::string_view order_id;
  std::string_view client_order_id;
};

struct TradeHistoryQuery {
  std::string_view symbol;
  std::optional<std::int64_t> start_time_ms;
  std::optional<std::int64_t> end_time_ms;
  std::optional<std::int64_t> count;
  std::string_view client_order_id;
  std::string_view order_id;
  std::optional<bool> is_match_symbol;
};

struct OrderbookQuery {  // GET /orderbook (grouped)
  std::string_view symbol;
  std::optional<std::int64_t> group;  // 0-8
  std::optional<std::int64_t> limit_bids;
  std::optional<std::int64_t> limit_asks;
};

struct OrderbookL2Query {
  std::string_view symbol;
  std::optional<std::int64_t> depth;
};

struct TradesQuery {
  std::string_view symbol;
  std::optional<std::int64_t> start_time_ms;
  std::optional<std::int64_t> end_time_ms;
  std::optional<std::int64_t> count;
};

struct OhlcvQuery {
  std::string_view symbol;
  std::int64_t resolution_minutes = 1;  // 1, 5, 15, 30, 60, 240, 360, 1440, 10080 or 43200
  std::optional<std::int64_t> start_ms;
  std::optional<std::int64_t> end_ms;
};

class RestEncoder {
 public:
  // `path_prefix` is the API base's path (https://api.btse.com/spot -> "/spot"); it is part of
  // the HTTP target, not of the signed path. The key and the prefix must outlive the encoder.
  RestEncoder(std::string_view api_key, const HmacSha384& key, std::string_view path_prefix = "/spot") noexcept
      : api_key_(api_key), key_(key), prefix_(path_prefix) {}

  // Private calls, signed with `nonce_ms` (request-nonce).
  [[nodiscard]] CodecError create_order(const NewOrder& order, std::int64_t nonce_ms, std::span<char> buffer,
                                        RestRequest& out) const noexcept;
  [[nodiscard]] CodecError amend_order(const AmendOrder& amend, std::int64_t nonce_ms, std::span<char> buffer,
                                       RestRequest& out) const noexcept;
  [[nodiscard]] CodecError cancel_order(const CancelOrder& cancel, std::int64_t nonce_ms, std::span<char> buffer,
                                        RestRequest& out) const noexcept;
  [[nodiscard]] CodecError cancel_all_after(std::int64_t timeout_ms, std::int64_t nonce_ms, std::span<char> buffer,
                                            RestRequest& out) const noexcept;
  [[nodiscard]] CodecError query_order(const OrderLookup& lookup, std::int64_t nonce_ms, std::span<char> buffer,
                                       RestRequest& out) const noexcept;
  [[nodiscard]] CodecError open_orders(const OpenOrdersQuery& query, std::int64_t nonce_ms, std::span<char> buffer,
                                       RestRequest& out) const noexcept;
  [[nodiscard]] CodecError trade_history(const TradeHistoryQuery& query, std::int64_t nonce_ms,
                                         std::span<char> buffer, RestRequest& out) const noexcept;
  [[nodiscard]] CodecError fees(std::string_view symbol, std::int64_t nonce_ms, std::span<char> buffer,
                                RestRequest& out) const noexcept;

  // Public calls: no headers. An empty symbol is left out where the document allows it.
  [[nodiscard]] CodecError market_summary(std::string_view symbol, std::span<char> buffer,
                                          RestRequest& out) const noexcept;
  [[nodiscard]] CodecError price(std::string_view symbol, std::span<char> buffer, RestRequest& out) const noexcept;
  [[nodiscard]] CodecError orderbook(const OrderbookQuery& query, std::span<char> buffer,
                                     RestRequest& out) const noexcept;
  [[nodiscard]] CodecError orderbook_l2(const OrderbookL2Query& query, std::span<char> buffer,
                                        RestRequest& out) const noexcept;
  [[nodiscard]] CodecError trades(const TradesQuery& query, std::span<char> buffer, RestRequest& out) const noexcept;
  [[nodiscard]] CodecError time(std::span<char> buffer, RestRequest& out) const noexcept;
  [[nodiscard]] CodecError ohlcv(const OhlcvQuery& query, std::span<char> buffer, RestRequest& out) const noexcept;

 private:
  std::string_view api_key_;
  const HmacSha384& key_;
  std::string_view prefix_;
};

}  // namespace oex::codecs::btse
