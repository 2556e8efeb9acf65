#pragma once
// Deflow REST answers: the {code, msg, data} envelope (code quoted or bare; "0" is success),
// decoded given the request answered (Endpoint) and the HTTP status. sink(event) is called once
// per normalized event, in message order; a list is validated whole before its first event.
//
// Errors: a non-zero code emits a NewOrderReject (POST /v1/order), a CancelReject (DELETE
// /v1/order) or a VenueError (everything else) carrying the code as sent and `msg` (the
// document's description of the code when msg is empty), and returns CodecError::venue_error.
// A non-2xx answer that is not an envelope gives a VenueError with code "http_error".
//
// Orders (/v1/order, /v1/order/new, /v1/order/info) become an OrderUpdate each, followed by a
// Fill per entry of its trade list (these carry trade ids, so the fills are reported, not
// derived). /v1/trade rows become Fills of the account's side: order id bid_id for BUY, ask_id
// for SELL. Answers with no normalized event (symbols, records) go to the sink as
// deflow::SymbolInfo and deflow::Candle.
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/codecs/deflow/error_codes.hpp"
#include "oex/codecs/deflow/status.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/value_read.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::deflow {

enum class Endpoint : std::uint8_t {
  create_order,   // POST /v1/order
  cancel_order,   // DELETE /v1/order
  orders,         // GET /v1/order
  trades,         // GET /v1/trade
  open_orders,    // GET /v1/order/new
  order_info,     // GET /v1/order/info
  user_accounts,  // GET /v1/user/accounts
  symbols,        // GET /v1/common/symbols
  records,        // GET /v1/records
  ticker,         // GET /v1/ticker
  recent_trades,  // GET /v1/trades
  depth,          // GET /v1/market/dept
  market,         // GET /v1/market
};

// What the answered request named; Deflow's answers do not repeat the market, and the cancel
// answer names no order.
struct RequestRef {
  std::string_view symbol;
  std::string_view order_id;
};

// /v1/records: [timestamp (s), open, high, low, close, trade volume].
struct Candle {
  std::string_view symbol;
  std::int64_t time_s = 0;
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
};

// /v1/common/symbols.
struct SymbolInfo {
  std::string_view symbol;
  std::string_view base_coin;
  std::string_view count_coin;
  std::int64_t price_precision = 0;
  std::int64_t amount_precision = 0;
};

namespace detail {

#define OEX_DEFLOW_TRY(expr)                                 \
  do {                                                       \
    const ::oex::codecs::CodecError e_ = (expr);             \
    if (e_ != ::oex::codecs::CodecError::ok) return e_;      \
  } while (false)

// BUY / SELL (order and account-trade `side`), buy / sell (public trades' `type`).
inline CodecError read_side(json::Value v, std::optional<Side>& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto r = v.as_string();
  if (!r.ok()) return r.error();
  if (*r == "BUY" || *r == "buy") {
    out = Side::buy;
  } else if (*r == "SELL" || *r == "sell") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}
// Order `type`: 1 limit, 2 market (as the create request defines them); other codes stay absent.
inline CodecError read_order_type(json::Value v, std::optional<OrderType>& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto r = v.as_text();
  if (!r.ok()) return r.error();
  if (*r == "1") out = OrderType::limit;
  if (*r == "2") out = OrderType::market;
  return CodecError::ok;
}

// An order object; `trades` receives its tradeList. One pass over the members, dispatched on
// the key's length (these answers are polled for every open order).
inline CodecError read_order(json::Value o, std::string_view symbol, OrderUpdate& u, json::Value& trades) noexcept {
  if (!o.is_object()) return CodecError::wrong_type;
  json::Value id, side, type, price, volume, deal, remain, avg, created, status;
  for (const auto m : o) {
    const std::string_view k = m.key;
    switch (k.size()) {
      case 2:
        if (k == "id") id = m.value;
        break;
      case 4:
        if (k == "side") {
          side = m.value;
        } else if (k == "type") {
          type = m.value;
        }
        break;
      case 5:
        if (k == "price") price = m.value;
        break;
      case 6:
        if (k == "volume") {
          volume = m.value;
        } else if (k == "status") {
          status = m.value;
        }
        break;
      case 9:
        if (k == "avg_price") {
          avg = m.value;
        } else if (k == "tradeList") {
          trades = m.value;
        }
        break;
      case 10:
        if (k == "created_at") created = m.value;
        break;
      case 11:
        if (k == "deal_volume") deal = m.value;
        break;
      case 13:
        if (k == "remain_volume") remain = m.value;
        break;
      default: break;
    }
  }
  u.venue = Venue::deflow;
  u.symbol = symbol;
  OEX_DEFLOW_TRY(read(id, u.order_id));
  OEX_DEFLOW_TRY(read_side(side, u.side));
  OEX_DEFLOW_TRY(read_order_type(type, u.type));
  OEX_DEFLOW_TRY(read(price, u.price));
  OEX_DEFLOW_TRY(read(volume, u.qty));
  OEX_DEFLOW_TRY(read(deal, u.filled_qty));
  OEX_DEFLOW_TRY(read(remain, u.remaining_qty));
  OEX_DEFLOW_TRY(read(avg, u.avg_price));
  OEX_DEFLOW_TRY(read(created, u.venue_time_ms));
  OEX_DEFLOW_TRY(read(status, u.venue_status));
  u.state = derive_order_state(u.venue_status, u.qty, u.filled_qty, u.remaining_qty);
  return CodecError::ok;
}

// An entry of an order's trade list.
inline CodecError read_order_trade(json::Value t, const OrderUpdate& order, Fill& f) noexcept {
  if (!t.is_object()) return CodecError::wrong_type;
  json::Value id, price, volume, fee, fee_coin, ctime;
  for (const auto m : t) {
    const std::string_view k = m.key;
    switch (k.size()) {
      case 2:
        if (k == "id") id = m.value;
        break;
      case 3:
        if (k == "fee") fee = m.value;
        break;
      case 5:
        if (k == "price") {
          price = m.value;
        } else if (k == "ctime") {
          ctime = m.value;
        }
        break;
      case 6:
        if (k == "volume") volume = m.value;
        break;
      case 7:
        if (k == "feeCoin") fee_coin = m.value;
        break;
      default: break;
    }
  }
  f.venue = Venue::deflow;
  f.symbol = order.symbol;
  f.order_id = order.order_id;
  f.side = order.side;
  OEX_DEFLOW_TRY(read(id, f.trade_id));
  OEX_DEFLOW_TRY(read(price, f.price));
  OEX_DEFLOW_TRY(read(volume, f.qty));
  OEX_DEFLOW_TRY(read(fee, f.fee));
  OEX_DEFLOW_TRY(read(fee_coin, f.fee_ccy));
  OEX_DEFLOW_TRY(read(ctime, f.venue_time_ms));
  return CodecError::ok;
}

[[nodiscard]] inline bool is_2xx(int http_status) noexcept { return http_status >= 200 && http_status < 300; }

[[nodiscard]] inline CodecError require_object(json::Value v) noexcept {
  if (v.is_object()) return CodecError::ok;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}
[[nodiscard]] inline CodecError require_array(json::Value v) noexcept {
  if (v.is_array()) return CodecError::ok;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

}  // namespace detail

class RestDecoder {
 public:
  // max_orders / max_fills bound one answer's orders and their trades (kept until the whole
  // answer has been read, so a bad entry never leaves half a list applied).
  explicit RestDecoder(std::size_t max_values = 65536, std::size_t max_book_levels = 1024,
                       std::size_t max_orders = 256, std::size_t max_fills = 1024)
      : doc_(max_values, 64),
        max_values_(max_values),
        levels_(std::make_unique<BookLevel[]>(2 * max_book_levels)),
        max_levels_(max_book_levels),
        orders_(std::make_unique<OrderUpdate[]>(max_orders)),
        order_fills_end_(std::make_unique<std::size_t[]>(max_orders)),
        max_orders_(max_orders),
        fills_(std::make_unique<Fill[]>(max_fills)),
        max_fills_(max_fills) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink,
                                  const RequestRef& ref = {}) noexcept {
    // The polled order answers take the one-pass cursor; whatever it does not take (errors
    // included) is decoded by the generic path below, which names the error.
    if (endpoint == Endpoint::orders || endpoint == Endpoint::open_orders || endpoint == Endpoint::order_info) {
      std::size_t orders = 0;
      std::size_t fills = 0;
      if (fast_order_answer(endpoint, body, ref, orders, fills)) {
        emit_orders(orders, sink, endpoint == Endpoint::open_orders);
        return CodecError::ok;
      }
    }
    return decode_generic(endpoint, http_status, body, sink, ref);
  }

  // The same decode through json::Document alone (the reference the one-pass path is checked against).
  template <class Sink>
  [[nodiscard]] CodecError decode_generic(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink,
                                          const RequestRef& ref = {}) noexcept {
    const CodecError parsed = doc_.parse(body);
    const json::Value root = doc_.root();
    const json::Value code = root["code"];
    if (parsed != CodecError::ok || !root.is_object() || !(code.is_string() || code.is_number())) {
      if (!detail::is_2xx(http_status)) {
        sink(VenueError{Venue::deflow, "http_error", {}, http_status});
        return CodecError::venue_error;
      }
      if (parsed != CodecError::ok) return parsed;
      if (!root.is_object()) return CodecError::wrong_type;
      return code.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    }
    if (code.raw() != "0") return failure(endpoint, http_status, code.raw(), root["msg"], sink, ref);
    return success(endpoint, root["data"], sink, ref);
  }

 private:
  template <class Sink>
  static CodecError failure(Endpoint endpoint, int http_status, std::string_view code, json::Value msg, Sink& sink,
                            const RequestRef& ref) noexcept {
    std::string_view message;
    if (!msg.is_missing()) {
      const auto text = msg.as_text();
      if (!text.ok()) return text.error();
      message = *text;
    }
    if (message.empty()) message = error_description(code).value_or(code);
    switch (endpoint) {
      case Endpoint::create_order:
        sink(NewOrderReject{Venue::deflow, ref.symbol, std::nullopt, code, message});
        break;
      case Endpoint::cancel_order:
        sink(CancelReject{Venue::deflow, ref.symbol, ref.order_id, std::nullopt, code, message});
        break;
      default: sink(VenueError{Venue::deflow, code, message, http_status}); break;
    }
    return CodecError::venue_error;
  }

  template <class Sink>
  CodecError success(Endpoint endpoint, json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    switch (endpoint) {
      case Endpoint::create_order: {
        // The document's answer is the envelope alone; an order_id in data is read when sent.
        NewOrderAck ack{Venue::deflow, ref.symbol, {}, std::nullopt, std::nullopt, std::nullopt};
        if (data.is_object()) OEX_DEFLOW_TRY(read(data["order_id"], ack.order_id));
        sink(ack);
        return CodecError::ok;
      }
      case Endpoint::cancel_order:
        sink(CancelAck{Venue::deflow, ref.symbol, ref.order_id, std::nullopt});
        return CodecError::ok;
      case Endpoint::orders:
        OEX_DEFLOW_TRY(detail::require_object(data));
        return order_list(data["orderList"], sink, ref);
      case Endpoint::open_orders:
        OEX_DEFLOW_TRY(detail::require_object(data));
        return order_list(data["resultList"], sink, ref, true);
      case Endpoint::order_info: return order_info(data, sink, ref);
      case Endpoint::trades: return account_trades(data, sink, ref);
      case Endpoint::user_accounts: return balances(data, sink);
      case Endpoint::symbols: return symbols(data, sink);
      case Endpoint::records: return candles(data, sink, ref);
      case Endpoint::ticker: return tickers(data, sink, ref);
      case Endpoint::recent_trades: return public_trades(data, sink, ref);
      case Endpoint::depth: return depth(data, sink, ref);
      case Endpoint::market: return last_prices(data, sink);
    }
    return CodecError::unknown_message;
  }

  // ---- The one-pass path (the shared JsonCursor and RawField readers). Where the generic path
  // would report an error, or a kept string has an escape, these return false and the generic
  // path runs instead.
  static constexpr std::size_t kMaxDepth = 63;  // below the generic reader's 64

  static bool ok(CodecError e) noexcept { return e == CodecError::ok; }
  static bool textual(const RawField& v) noexcept {
    return (v.kind == json::Kind::string || v.kind == json::Kind::number) && !v.escaped;
  }
  static bool to_side(const RawField& v, std::optional<Side>& out) noexcept {
    if (v.is_missing()) return true;
    if (v.kind != json::Kind::string || v.escaped) return false;
    if (key_is(v.text, "BUY") || key_is(v.text, "buy")) {
      out = Side::buy;
    } else if (key_is(v.text, "SELL") || key_is(v.text, "sell")) {
      out = Side::sell;
    } else {
      return false;
    }
    return true;
  }
  static bool to_order_type(const RawField& v, std::optional<OrderType>& out) noexcept {
    if (v.is_missing()) return true;
    if (!textual(v)) return false;
    if (key_is(v.text, "1")) out = OrderType::limit;
    if (key_is(v.text, "2")) out = OrderType::market;
    return true;
  }

  // A trade's members and an order's, every one in the order the document's answers give them
  // (the last of a repeated name counts, as in the generic path).
  struct TradeFields {
    RawField volume, fee_coin, price, fee, ctime, id;
  };
  static constexpr FieldKey<TradeFields> kTradeKeys[] = {
      {quoted_key("volume"), &TradeFields::volume}, {quoted_key("feeCoin"), &TradeFields::fee_coin},
      {quoted_key("price"), &TradeFields::price},   {quoted_key("fee"), &TradeFields::fee},
      {quoted_key("ctime"), &TradeFields::ctime},   {quoted_key("deal_price")},
      {quoted_key("id"), &TradeFields::id},         {quoted_key("type")},
  };
  struct OrderFields {
    RawField side, created, avg, type, volume, price, deal, id, remain, status;
  };
  static constexpr FieldKey<OrderFields> kOrderKeys[] = {
      {quoted_key("side"), &OrderFields::side},        {quoted_key("total_price")},
      {quoted_key("created_at"), &OrderFields::created}, {quoted_key("avg_price"), &OrderFields::avg},
      {quoted_key("countCoin")},                       {quoted_key("source")},
      {quoted_key("type"), &OrderFields::type},        {quoted_key("side_msg")},
      {quoted_key("volume"), &OrderFields::volume},    {quoted_key("price"), &OrderFields::price},
      {quoted_key("source_msg")},                      {quoted_key("status_msg")},
      {quoted_key("deal_volume"), &OrderFields::deal}, {quoted_key("id"), &OrderFields::id},
      {quoted_key("remain_volume"), &OrderFields::remain}, {quoted_key("baseCoin")},
      {quoted_key("tradeList")},                       {quoted_key("status"), &OrderFields::status},
  };
  static constexpr std::size_t kTradeList = find_field(kOrderKeys, "tradeList");

  // One trade object (its '{' next, at `depth`) into `f`; the order's fields are filled in once
  // the order is read.
  static bool fast_trade(JsonCursor& c, std::size_t depth, Fill& f) noexcept {
    TradeFields t;
    if (!c.open('{', depth) || !c.fields(kTradeKeys, t, depth + 1, Repeats::last_counts)) return false;
    f.venue = Venue::deflow;
    return ok(read_opt_text(t.id, f.trade_id)) && ok(read_decimal(t.price, f.price)) &&
           ok(read_decimal(t.volume, f.qty)) && ok(read_opt_decimal(t.fee, f.fee)) &&
           ok(read_opt_text(t.fee_coin, f.fee_ccy)) && ok(read_opt_int64(t.ctime, f.venue_time_ms));
  }

  // A trade array (or null), its '[' next at `depth`, into fills_[fills...].
  bool fast_trades(JsonCursor& c, std::size_t depth, std::size_t& fills) noexcept {
    if (c.peek() != '[') {
      RawField none;
      return c.scalar(none) && none.kind == json::Kind::null;
    }
    if (!c.open('[', depth)) return false;
    bool first = true;
    bool closed = false;
    while (c.next_element(first, closed)) {
      if (fills == max_fills_) return false;
      // Default-initialised in place: no zeroed temporary copied over the large event.
      if (!fast_trade(c, depth + 1, *::new (static_cast<void*>(&fills_[fills])) Fill)) return false;
      ++fills;
    }
    return closed;
  }

  // One order object, its '{' next at `depth`. Its tradeList is collected unless `trades_taken`
  // (order_info's trade_list already supplied the fills); the fills since `fills_begin` get the
  // order's fields.
  bool fast_order(JsonCursor& c, std::size_t depth, const RequestRef& ref, std::size_t& orders,
                  std::size_t fills_begin, std::size_t& fills, bool trades_taken) noexcept {
    if (orders == max_orders_ || !c.open('{', depth)) return false;
    OrderFields o;
    bool seen_trades = false;
    JsonCursor::FieldWalk walk;
    std::size_t index = 0;
    while (c.next_field(kOrderKeys, walk, index)) {
      if (RawField* slot = slot_of(kOrderKeys, o, index, Repeats::last_counts)) {
        if (!c.scalar(*slot)) return false;
      } else if (index == kTradeList && !trades_taken) {
        if (seen_trades || !fast_trades(c, depth + 1, fills)) return false;
        seen_trades = true;
      } else if (!c.skip(depth + 1)) {
        return false;
      }
    }
    if (!walk.closed) return false;
    OrderUpdate& u = *::new (static_cast<void*>(&orders_[orders])) OrderUpdate;
    u.venue = Venue::deflow;
    u.symbol = ref.symbol;
    if (!ok(read_text(o.id, u.order_id)) || !to_side(o.side, u.side) || !to_order_type(o.type, u.type) ||
        !ok(read_opt_decimal(o.price, u.price)) || !ok(read_opt_decimal(o.volume, u.qty)) ||
        !ok(read_opt_decimal(o.deal, u.filled_qty)) || !ok(read_opt_decimal(o.remain, u.remaining_qty)) ||
        !ok(read_opt_decimal(o.avg, u.avg_price)) || !ok(read_opt_int64(o.created, u.venue_time_ms)) ||
        !ok(read_text(o.status, u.venue_status))) {
      return false;
    }
    u.state = derive_order_state(u.venue_status, u.qty, u.filled_qty, u.remaining_qty);
    for (std::size_t i = fills_begin; i < fills; ++i) {
      fills_[i].symbol = u.symbol;
      fills_[i].order_id = u.order_id;
      fills_[i].side = u.side;
    }
    order_fills_end_[orders++] = fills;
    return true;
  }

  bool fast_order_answer(Endpoint endpoint, std::string_view body, const RequestRef& ref, std::size_t& orders,
                         std::size_t& fills) noexcept {
    JsonCursor c(body, max_values_, kMaxDepth);
    const auto is_zero = [](const RawField& code) noexcept { return textual(code) && key_is(code.text, "0"); };
    return c.envelope("code", is_zero, [&] { return fast_data(endpoint, c, ref, orders, fills); }, true);
  }


  // The envelope's data object, its '{' next (at depth 1).
  bool fast_data(Endpoint endpoint, JsonCursor& c, const RequestRef& ref, std::size_t& orders,
                 std::size_t& fills) noexcept {
    if (!c.open('{', 1)) return false;
    bool first = true;
    bool closed = false;
    std::string_view k;
    if (endpoint == Endpoint::order_info) {
      // The document's order: trade_list, then order_info. Another order goes the generic way.
      bool seen_list = false;
      bool seen_info = false;
      while (c.next_member(first, k, closed)) {
        if (key_is(k, "trade_list")) {
          if (seen_list || seen_info || !fast_trades(c, 2, fills)) return false;
          seen_list = true;
        } else if (key_is(k, "order_info")) {
          if (seen_info || !fast_order(c, 2, ref, orders, 0, fills, seen_list)) return false;
          seen_info = true;
        } else if (!c.skip(2)) {
          return false;
        }
      }
      return closed && seen_info;
    }
    const std::string_view list = endpoint == Endpoint::orders ? "orderList" : "resultList";
    bool seen_list = false;
    while (c.next_member(first, k, closed)) {
      if (k == list) {
        if (seen_list || !c.open('[', 2)) return false;
        seen_list = true;
        bool first_order = true;
        bool list_closed = false;
        while (c.next_element(first_order, list_closed)) {
          if (!fast_order(c, 3, ref, orders, fills, fills, false)) return false;
        }
        if (!list_closed) return false;
      } else if (!c.skip(2)) {
        return false;
      }
    }
    return closed && seen_list;
  }

  // Reads one order and its trades into the fixed storage after those already read.
  CodecError collect(json::Value o, json::Value trades_override, std::size_t& orders, std::size_t& fills,
                     const RequestRef& ref) noexcept {
    if (orders == max_orders_) return CodecError::too_many_levels;
    OrderUpdate& u = orders_[orders];
    u = OrderUpdate{};
    json::Value trades;
    OEX_DEFLOW_TRY(detail::read_order(o, ref.symbol, u, trades));
    if (trades_override.present()) trades = trades_override;
    if (!trades.is_missing()) {
      if (!trades.is_array()) return CodecError::wrong_type;
      for (const auto t : trades) {
        if (fills == max_fills_) return CodecError::too_many_levels;
        fills_[fills] = Fill{};
        OEX_DEFLOW_TRY(detail::read_order_trade(t.value, u, fills_[fills]));
        ++fills;
      }
    }
    order_fills_end_[orders++] = fills;
    return CodecError::ok;
  }

  // Each order, then its fills, once everything has been read. An order of the open-orders list
  // still stands, whatever its code (see derive_order_state).
  template <class Sink>
  void emit_orders(std::size_t orders, Sink& sink, bool listed_open) noexcept {
    std::size_t fill = 0;
    for (std::size_t i = 0; i < orders; ++i) {
      OrderUpdate& u = orders_[i];
      if (listed_open) u.state = derive_order_state(u.venue_status, u.qty, u.filled_qty, u.remaining_qty, true);
      sink(static_cast<const OrderUpdate&>(u));
      for (; fill < order_fills_end_[i]; ++fill) sink(static_cast<const Fill&>(fills_[fill]));
    }
  }

  template <class Sink>
  CodecError order_list(json::Value list, Sink& sink, const RequestRef& ref, bool listed_open = false) noexcept {
    OEX_DEFLOW_TRY(detail::require_array(list));
    std::size_t orders = 0;
    std::size_t fills = 0;
    for (const auto o : list) OEX_DEFLOW_TRY(collect(o.value, json::Value(), orders, fills, ref));
    emit_orders(orders, sink, listed_open);
    return CodecError::ok;
  }

  template <class Sink>
  CodecError order_info(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    json::Value order;
    json::Value trade_list;
    for (const auto m : data) {
      if (m.key == "order_info") {
        order = m.value;
      } else if (m.key == "trade_list") {
        trade_list = m.value;
      }
    }
    OEX_DEFLOW_TRY(detail::require_object(order));
    // trade_list repeats order_info.tradeList; the fills are taken once, from trade_list when sent.
    std::size_t orders = 0;
    std::size_t fills = 0;
    OEX_DEFLOW_TRY(collect(order, trade_list, orders, fills, ref));
    emit_orders(orders, sink, false);
    return CodecError::ok;
  }

  template <class Row, class Read, class Sink>
  static CodecError each(json::Value rows, Read read_row, Sink& sink) noexcept {
    for (const bool emit : {false, true}) {
      for (const auto element : rows) {
        Row row{};
        OEX_DEFLOW_TRY(read_row(element.key, element.value, row));
        if (emit) sink(row);
      }
    }
    return CodecError::ok;
  }

  template <class Sink>
  static CodecError account_trades(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    const json::Value rows = data["resultList"];
    OEX_DEFLOW_TRY(detail::require_array(rows));
    return each<Fill>(
        rows,
        [&ref](std::string_view, json::Value t, Fill& f) noexcept {
          if (!t.is_object()) return CodecError::wrong_type;
          f.venue = Venue::deflow;
          f.symbol = ref.symbol;
          OEX_DEFLOW_TRY(detail::read_side(t["side"], f.side));
          if (!f.side) return CodecError::missing_field;
          OEX_DEFLOW_TRY(read(t[*f.side == Side::buy ? "bid_id" : "ask_id"], f.order_id));
          OEX_DEFLOW_TRY(read(t["id"], f.trade_id));
          OEX_DEFLOW_TRY(read(t["price"], f.price));
          OEX_DEFLOW_TRY(read(t["volume"], f.qty));
          OEX_DEFLOW_TRY(read(t["fee"], f.fee));
          OEX_DEFLOW_TRY(read(t["feeCoin"], f.fee_ccy));
          OEX_DEFLOW_TRY(read(t["ctime"], f.venue_time_ms));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  static CodecError balances(json::Value data, Sink& sink) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    const json::Value rows = data["coin_list"];
    OEX_DEFLOW_TRY(detail::require_array(rows));
    // `normal` is the available amount, `locked` the locked one; no per-coin total is sent.
    return each<Balance>(
        rows,
        [](std::string_view, json::Value o, Balance& b) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          b.venue = Venue::deflow;
          OEX_DEFLOW_TRY(read(o["coin"], b.asset));
          OEX_DEFLOW_TRY(read(o["normal"], b.free));
          OEX_DEFLOW_TRY(read(o["locked"], b.locked));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  static CodecError symbols(json::Value data, Sink& sink) noexcept {
    OEX_DEFLOW_TRY(detail::require_array(data));
    return each<SymbolInfo>(
        data,
        [](std::string_view, json::Value o, SymbolInfo& s) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          OEX_DEFLOW_TRY(read(o["symbol"], s.symbol));
          OEX_DEFLOW_TRY(read(o["base_coin"], s.base_coin));
          OEX_DEFLOW_TRY(read(o["count_coin"], s.count_coin));
          OEX_DEFLOW_TRY(read(o["price_precision"], s.price_precision));
          OEX_DEFLOW_TRY(read(o["amount_precision"], s.amount_precision));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  static CodecError candles(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_array(data));
    return each<Candle>(
        data,
        [&ref](std::string_view, json::Value a, Candle& c) noexcept {
          if (!a.is_array()) return CodecError::wrong_type;
          if (a.size() != 6) return CodecError::invalid_value;
          c.symbol = ref.symbol;
          OEX_DEFLOW_TRY(read(a.at(0), c.time_s));
          OEX_DEFLOW_TRY(read(a.at(1), c.open));
          OEX_DEFLOW_TRY(read(a.at(2), c.high));
          OEX_DEFLOW_TRY(read(a.at(3), c.low));
          OEX_DEFLOW_TRY(read(a.at(4), c.close));
          OEX_DEFLOW_TRY(read(a.at(5), c.volume));
          return CodecError::ok;
        },
        sink);
  }

  static CodecError read_ticker(std::string_view symbol, json::Value o, Ticker& t) noexcept {
    if (!o.is_object()) return CodecError::wrong_type;
    t.venue = Venue::deflow;
    t.symbol = symbol;
    OEX_DEFLOW_TRY(read(o["high"], t.high));
    OEX_DEFLOW_TRY(read(o["low"], t.low));
    OEX_DEFLOW_TRY(read(o["last"], t.last));
    OEX_DEFLOW_TRY(read(o["vol"], t.base_volume));
    OEX_DEFLOW_TRY(read(o["buy"], t.best_bid));
    OEX_DEFLOW_TRY(read(o["sell"], t.best_ask));
    OEX_DEFLOW_TRY(read(o["time"], t.venue_time_ms));
    return CodecError::ok;
  }

  // data maps each market to its ticker (the document's example, also for symbol=all); a
  // ticker object directly under data answers the requested symbol.
  template <class Sink>
  static CodecError tickers(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    if (data["last"].present() || data["time"].present()) {
      Ticker t{};
      OEX_DEFLOW_TRY(read_ticker(ref.symbol, data, t));
      sink(t);
      return CodecError::ok;
    }
    return each<Ticker>(data, read_ticker, sink);
  }

  template <class Sink>
  static CodecError public_trades(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_array(data));
    return each<PublicTrade>(
        data,
        [&ref](std::string_view, json::Value o, PublicTrade& t) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          t.venue = Venue::deflow;
          t.symbol = ref.symbol;
          OEX_DEFLOW_TRY(read(o["id"], t.trade_id));
          OEX_DEFLOW_TRY(read(o["price"], t.price));
          OEX_DEFLOW_TRY(read(o["amount"], t.qty));
          OEX_DEFLOW_TRY(detail::read_side(o["type"], t.side));
          return CodecError::ok;
        },
        sink);
  }

  CodecError read_levels(json::Value side, BookLevel* storage, std::size_t& count) const noexcept {
    count = 0;
    if (side.is_missing()) return CodecError::ok;
    if (!side.is_array()) return CodecError::wrong_type;
    for (const auto element : side) {
      const json::Value level = element.value;
      if (!level.is_array()) return CodecError::wrong_type;
      if (level.size() != 2) return CodecError::invalid_value;
      if (count == max_levels_) return CodecError::too_many_levels;
      OEX_DEFLOW_TRY(read(level.at(0), storage[count].price));
      OEX_DEFLOW_TRY(read(level.at(1), storage[count].qty));
      ++count;
    }
    return CodecError::ok;
  }

  template <class Sink>
  CodecError depth(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    const json::Value tick = data["tick"];
    OEX_DEFLOW_TRY(detail::require_object(tick));
    std::size_t bids = 0;
    std::size_t asks = 0;
    OEX_DEFLOW_TRY(read_levels(tick["bids"], levels_.get(), bids));
    OEX_DEFLOW_TRY(read_levels(tick["asks"], levels_.get() + max_levels_, asks));
    BookUpdate book{};
    book.venue = Venue::deflow;
    book.symbol = ref.symbol;
    book.snapshot = true;
    book.bids = {levels_.get(), bids};
    book.asks = {levels_.get() + max_levels_, asks};
    OEX_DEFLOW_TRY(read(tick["time"], book.venue_time_ms));
    sink(book);
    return CodecError::ok;
  }

  // /v1/market: the last price of every market, {symbol: price}.
  template <class Sink>
  static CodecError last_prices(json::Value data, Sink& sink) noexcept {
    OEX_DEFLOW_TRY(detail::require_object(data));
    return each<Ticker>(
        data,
        [](std::string_view symbol, json::Value price, Ticker& t) noexcept {
          t.venue = Venue::deflow;
          t.symbol = symbol;
          Decimal last;
          OEX_DEFLOW_TRY(read(price, last));
          t.last = last;
          return CodecError::ok;
        },
        sink);
  }

  json::Document doc_;
  std::size_t max_values_;
  std::unique_ptr<BookLevel[]> levels_;  // bids in [0, max), asks in [max, 2 max)
  std::size_t max_levels_;
  std::unique_ptr<OrderUpdate[]> orders_;
  std::unique_ptr<std::size_t[]> order_fills_end_;  // fills_ of order i end here
  std::size_t max_orders_;
  std::unique_ptr<Fill[]> fills_;
  std::size_t max_fills_;
};

#undef OEX_DEFLOW_TRY

}  // namespace oex::codecs::deflow
