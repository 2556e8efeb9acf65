#pragma once
// GCT decoders. RestDecoder reads the {status, message, data} envelope of every REST answer,
// given the request it answers (Endpoint) and the HTTP status; PushDecoder reads the
// transaction push socket. Both call sink(event) once per normalized event, in message order.
//
// Error answers: `status` other than "success" is a venue error. The decoder emits a
// NewOrderReject (saveEntrust), a CancelReject per order id the caller named (cancels) or a
// VenueError (everything else), with the code as sent in `message` and the document's
// description as the message (the raw code when the document does not list it), and returns
// CodecError::venue_error. A non-2xx HTTP status whose body is not an envelope is reported
// the same way, as a VenueError with code "http_error".
//
// Answers with no normalized event (kline, tradeInfo) go to the sink as gct::Candle and
// gct::SymbolInfo, so a generic sink sees every documented field.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/gct/error_codes.hpp"
#include "oex/codecs/gct/status.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/codecs/value_read.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::gct {

enum class Endpoint : std::uint8_t {
  save_entrust,
  cancel_entrust,
  batch_cancel,
  batch_cancel_open_orders,
  cancel_entrust_by_client_order_id,
  batch_cancel_by_client_order_ids,
  query_order_by_id,
  open_orders,
  current_orders,  // order/current
  query_my_entrust,
  query_my_his_entrust,
  query_my_entrust_order,
  user_finance_list,
  market_tickers,
  market_ticker,
  market_depth,
  market_trade,
  market_kline,
  market_trade_info,
};

// What the answered request named, for answers that do not repeat it (GCT's cancel answers
// carry only a status). Views into the caller's storage.
struct RequestRef {
  std::string_view symbol;
  std::span<const std::string_view> order_ids;         // cancelEntrust (one), batchCancel
  std::span<const std::string_view> client_order_ids;  // the two cancel-by-clientOrderId calls
  OptText client_order_id;                             // saveEntrust's clientOrderId
};

// /market/kline: [highest, opening, lowest, closing, volume, timestamp].
struct Candle {
  std::string_view symbol;
  Decimal high;
  Decimal open;
  Decimal low;
  Decimal close;
  Decimal volume;
  std::int64_t time_ms = 0;
};

// /market/tradeInfo.
struct SymbolInfo {
  std::string_view symbol;
  std::string_view base_currency;
  std::string_view quote_currency;
  std::int64_t price_precision = 0;
  std::optional<std::int64_t> count_precision;  // sent as "countPrescision"
};

namespace detail {

inline CodecError read_side(json::Value v, std::optional<Side>& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto r = v.as_string();
  if (!r.ok()) return r.error();
  if (*r == "BUY") {
    out = Side::buy;
  } else if (*r == "SELL") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}
inline CodecError read_match_type(json::Value v, std::optional<OrderType>& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto r = v.as_string();
  if (!r.ok()) return r.error();
  if (*r == "LIMIT") {
    out = OrderType::limit;
  } else if (*r == "MARKET") {
    out = OrderType::market;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}

#define OEX_GCT_TRY(expr)                          \
  do {                                             \
    const ::oex::codecs::CodecError e_ = (expr);   \
    if (e_ != ::oex::codecs::CodecError::ok) return e_; \
  } while (false)

// An order object of queryOrderById, openOrders, order/current, queryMyEntrust, queryMyHisEntrust.
inline CodecError read_order(json::Value o, OrderUpdate& u) noexcept {
  if (!o.is_object()) return CodecError::wrong_type;
  u.venue = Venue::gct;
  OEX_GCT_TRY(read(o["id"], u.order_id));
  OEX_GCT_TRY(read(o["clientOrderId"], u.client_order_id));
  if (o["symbol"].present()) OEX_GCT_TRY(read(o["symbol"], u.symbol));
  OEX_GCT_TRY(read_side(o["type"], u.side));
  OEX_GCT_TRY(read_match_type(o["matchType"], u.type));
  const auto status = o["status"].as_string();
  if (!status.ok()) return status.error();
  u.venue_status = *status;
  u.state = order_state_from_status(*status);
  OEX_GCT_TRY(read(o["price"], u.price));
  OEX_GCT_TRY(read(o["count"], u.qty));
  OEX_GCT_TRY(read(o["completeCount"], u.filled_qty));
  OEX_GCT_TRY(read(o["completePrice"], u.avg_price));
  OEX_GCT_TRY(read(o["completeAmount"], u.filled_notional));
  OEX_GCT_TRY(read(o["leftCount"], u.remaining_qty));
  OEX_GCT_TRY(read(o["fees"], u.fee));
  return CodecError::ok;
}

// A transaction-detail object of queryMyEntrustOrder.
inline CodecError read_trade(json::Value o, Fill& f) noexcept {
  if (!o.is_object()) return CodecError::wrong_type;
  f.venue = Venue::gct;
  OEX_GCT_TRY(read(o["entrustId"], f.order_id));
  OEX_GCT_TRY(read(o["id"], f.trade_id));
  if (o["symbol"].present()) OEX_GCT_TRY(read(o["symbol"], f.symbol));
  OEX_GCT_TRY(read_side(o["type"], f.side));
  OEX_GCT_TRY(read(o["price"], f.price));
  OEX_GCT_TRY(read(o["count"], f.qty));
  OEX_GCT_TRY(read(o["fees"], f.fee));
  return CodecError::ok;
}

// The rows of a list answer: `data` itself when it is an array, otherwise the one array member
// of a page object (pageNum, pageSize, total, pages and the rows; the document does not name
// the rows' member, so whichever member is an array holds them).
inline CodecError rows_of(json::Value data, json::Value& rows) noexcept {
  if (data.is_array()) {
    rows = data;
    return CodecError::ok;
  }
  if (!data.is_object()) return CodecError::wrong_type;
  for (const auto member : data) {
    if (member.value.is_array()) {
      rows = member.value;
      return CodecError::ok;
    }
  }
  rows = json::Value();
  return CodecError::ok;  // an empty page
}

[[nodiscard]] inline bool is_2xx(int http_status) noexcept { return http_status >= 200 && http_status < 300; }

}  // namespace detail

class RestDecoder {
 public:
  // max_values bounds one answer's JSON values; max_book_levels each side of a depth answer.
  explicit RestDecoder(std::size_t max_values = 65536, std::size_t max_book_levels = 1024)
      : doc_(max_values, kMaxDepth),
        levels_(std::make_unique<BookLevel[]>(2 * max_book_levels)),
        max_levels_(max_book_levels),
        max_values_(max_values) {}

  // queryOrderById, the answer a strategy polls an order's state with, takes the one-pass cursor
  // (json_cursor.hpp). Whatever that path does not take (an error answer, another shape, a field
  // it cannot read as a view) is decoded by the generic path, which names the error.
  template <class Sink>
  [[nodiscard]] CodecError decode(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink,
                                  const RequestRef& ref = {}) noexcept {
    if (endpoint == Endpoint::query_order_by_id) {
      OrderUpdate u;  // default member initialisers only: no zeroing of the whole struct
      if (fast_order_answer(body, u)) {
        sink(u);
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
    if (parsed != CodecError::ok || !root.is_object() || !root["status"].is_string()) {
      if (!detail::is_2xx(http_status)) {
        sink(VenueError{Venue::gct, "http_error", {}, http_status});
        return CodecError::venue_error;
      }
      if (parsed != CodecError::ok) return parsed;
      if (!root.is_object()) return CodecError::wrong_type;
      return root["status"].present() ? CodecError::wrong_type : CodecError::missing_field;
    }
    const std::string_view status = root["status"].raw();
    if (status != "success") return failure(endpoint, http_status, root["message"], sink, ref);
    return success(endpoint, root["data"], sink, ref);
  }

 private:
  static constexpr std::size_t kMaxDepth = 64;

  // An order object's members as the generic path reads them (the first of a name counts),
  // listed in the order GCT writes them; the unlisted ones are only skipped.
  struct OrderFields {
    RawField id, status, type, match_type, price, count, left_count, complete_count, complete_price, complete_amount,
        fees, symbol, client_order_id;
  };
  static constexpr FieldKey<OrderFields> kOrderKeys[] = {
      {quoted_key("id"), &OrderFields::id},
      {quoted_key("userId")},
      {quoted_key("tradeId")},
      {quoted_key("buyCoinId")},
      {quoted_key("sellCoinId")},
      {quoted_key("status"), &OrderFields::status},
      {quoted_key("type"), &OrderFields::type},
      {quoted_key("matchType"), &OrderFields::match_type},
      {quoted_key("price"), &OrderFields::price},
      {quoted_key("count"), &OrderFields::count},
      {quoted_key("amount")},
      {quoted_key("leftCount"), &OrderFields::left_count},
      {quoted_key("completeCount"), &OrderFields::complete_count},
      {quoted_key("completePrice"), &OrderFields::complete_price},
      {quoted_key("completeAmount"), &OrderFields::complete_amount},
      {quoted_key("source")},
      {quoted_key("createTime")},
      {quoted_key("fees"), &OrderFields::fees},
      {quoted_key("version")},
      {quoted_key("symbol"), &OrderFields::symbol},
      {quoted_key("clientOrderId"), &OrderFields::client_order_id},
  };

  static bool ok(CodecError e) noexcept { return e == CodecError::ok; }

  // "BUY"/"SELL" and "LIMIT"/"MARKET" as detail::read_side and read_match_type take them.
  template <class T, std::size_t A, std::size_t B>
  static bool one_of(const RawField& f, const char (&a)[A], T a_value, const char (&b)[B], T b_value,
                     std::optional<T>& out) noexcept {
    if (f.is_missing()) return true;
    if (f.kind != json::Kind::string) return false;
    if (key_is(f.text, a)) {
      out = a_value;
    } else if (key_is(f.text, b)) {
      out = b_value;
    } else {
      return false;
    }
    return true;
  }

  // {"status":"success","message":...,"data":{one order}} in one pass; false for anything the
  // generic path should read (a repeated envelope member included: there the first counts).
  bool fast_order_answer(std::string_view body, OrderUpdate& u) const noexcept {
    JsonCursor c(body, max_values_, kMaxDepth);
    const auto is_success = [](const RawField& status) noexcept {
      return status.kind == json::Kind::string && key_is(status.text, "success");
    };
    return c.envelope("status", is_success, [&] { return fast_order(c, u); }, true);
  }


  // The order object, its '{' next at depth 1, read as detail::read_order reads it.
  static bool fast_order(JsonCursor& c, OrderUpdate& u) noexcept {
    OrderFields o;
    if (!c.open('{', 1) || !c.fields(kOrderKeys, o, 2, Repeats::first_counts)) return false;
    u.venue = Venue::gct;
    if (!ok(read_text(o.id, u.order_id)) || !ok(read_opt_text(o.client_order_id, u.client_order_id)) ||
        (o.symbol.present() && !ok(read_text(o.symbol, u.symbol))) ||
        !one_of(o.type, "BUY", Side::buy, "SELL", Side::sell, u.side) ||
        !one_of(o.match_type, "LIMIT", OrderType::limit, "MARKET", OrderType::market, u.type) ||
        !ok(as_string(o.status, u.venue_status)) || !ok(read_opt_decimal(o.price, u.price)) ||
        !ok(read_opt_decimal(o.count, u.qty)) || !ok(read_opt_decimal(o.complete_count, u.filled_qty)) ||
        !ok(read_opt_decimal(o.complete_price, u.avg_price)) ||
        !ok(read_opt_decimal(o.complete_amount, u.filled_notional)) ||
        !ok(read_opt_decimal(o.left_count, u.remaining_qty)) || !ok(read_opt_decimal(o.fees, u.fee))) {
      return false;
    }
    u.state = order_state_from_status(u.venue_status);
    return true;
  }

  template <class Sink>
  CodecError failure(Endpoint endpoint, int http_status, json::Value message, Sink& sink,
                     const RequestRef& ref) noexcept {
    std::string_view code;
    if (message.present() && !message.is_null()) {
      const auto text = message.as_text();
      if (!text.ok()) return text.error();
      code = *text;
    }
    const std::string_view description = error_description(code).value_or(code);
    switch (endpoint) {
      case Endpoint::save_entrust:
        sink(NewOrderReject{Venue::gct, ref.symbol, ref.client_order_id, code, description});
        return CodecError::venue_error;
      case Endpoint::cancel_entrust:
      case Endpoint::batch_cancel:
      case Endpoint::cancel_entrust_by_client_order_id:
      case Endpoint::batch_cancel_by_client_order_ids:
        if (!ref.order_ids.empty() || !ref.client_order_ids.empty()) {
          for (const std::string_view id : ref.order_ids) {
            sink(CancelReject{Venue::gct, ref.symbol, id, std::nullopt, code, description});
          }
          for (const std::string_view id : ref.client_order_ids) {
            sink(CancelReject{Venue::gct, ref.symbol, {}, id, code, description});
          }
          return CodecError::venue_error;
        }
        break;
      default: break;
    }
    sink(VenueError{Venue::gct, code, description, http_status});
    return CodecError::venue_error;
  }

  template <class Sink>
  CodecError success(Endpoint endpoint, json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    switch (endpoint) {
      case Endpoint::save_entrust: {
        std::string_view id;
        OEX_GCT_TRY(read(data, id));
        sink(NewOrderAck{Venue::gct, ref.symbol, id, ref.client_order_id, std::nullopt, std::nullopt});
        return CodecError::ok;
      }
      case Endpoint::cancel_entrust:
      case Endpoint::batch_cancel:
      case Endpoint::cancel_entrust_by_client_order_id:
      case Endpoint::batch_cancel_by_client_order_ids:
        for (const std::string_view id : ref.order_ids) sink(CancelAck{Venue::gct, ref.symbol, id, std::nullopt});
        for (const std::string_view id : ref.client_order_ids) sink(CancelAck{Venue::gct, ref.symbol, {}, id});
        return CodecError::ok;
      case Endpoint::batch_cancel_open_orders:
        return CodecError::ok;  // the answer names no orders; open orders are re-read to reconcile
      case Endpoint::query_order_by_id:
        return orders(data.is_object() ? data : json::Value(), data, sink);
      case Endpoint::open_orders:
      case Endpoint::current_orders:
      case Endpoint::query_my_entrust:
      case Endpoint::query_my_his_entrust:
        return orders(json::Value(), data, sink);
      case Endpoint::query_my_entrust_order: return trades(data, sink);
      case Endpoint::user_finance_list: return balances(data, sink);
      case Endpoint::market_tickers:
      case Endpoint::market_ticker: return tickers(data, sink, ref);
      case Endpoint::market_depth: return depth(data, sink, ref);
      case Endpoint::market_trade: return public_trades(data, sink, ref);
      case Endpoint::market_kline: return candles(data, sink, ref);
      case Endpoint::market_trade_info: return symbol_infos(data, sink);
    }
    return CodecError::unknown_message;
  }

  // Validates every row before the first event, so a bad row never leaves half a list applied.
  template <class Row, class Read, class Sink>
  static CodecError each(json::Value rows, Read read_row, Sink& sink) noexcept {
    for (const auto pass : {false, true}) {
      for (const auto element : rows) {
        Row row{};
        OEX_GCT_TRY(read_row(element.value, row));
        if (pass) sink(row);
      }
    }
    return CodecError::ok;
  }

  template <class Sink>
  CodecError orders(json::Value single, json::Value data, Sink& sink) noexcept {
    if (single.present()) {
      OrderUpdate u{};
      OEX_GCT_TRY(detail::read_order(single, u));
      sink(u);
      return CodecError::ok;
    }
    if (data.is_missing()) return CodecError::missing_field;
    json::Value rows;
    OEX_GCT_TRY(detail::rows_of(data, rows));
    return each<OrderUpdate>(rows, detail::read_order, sink);
  }

  template <class Sink>
  CodecError trades(json::Value data, Sink& sink) noexcept {
    if (data.is_missing()) return CodecError::missing_field;
    json::Value rows;
    OEX_GCT_TRY(detail::rows_of(data, rows));
    return each<Fill>(rows, detail::read_trade, sink);
  }

  template <class Sink>
  CodecError balances(json::Value data, Sink& sink) noexcept {
    if (!data.is_array()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    // `total` is the available balance, `frozen` the frozen one; `financing` has no normalized
    // field, and the sum is not sent, so `total` of the event stays absent.
    return each<Balance>(
        data,
        [](json::Value o, Balance& b) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          b.venue = Venue::gct;
          OEX_GCT_TRY(read(o["coinName"], b.asset));
          OEX_GCT_TRY(read(o["total"], b.free));
          OEX_GCT_TRY(read(o["frozen"], b.locked));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  CodecError tickers(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    const auto read_ticker = [&ref](json::Value o, Ticker& t) noexcept {
      if (!o.is_object()) return CodecError::wrong_type;
      t.venue = Venue::gct;
      t.symbol = ref.symbol;
      if (o["tradeName"].present()) OEX_GCT_TRY(read(o["tradeName"], t.symbol));
      OEX_GCT_TRY(read(o["buy"], t.best_bid));
      OEX_GCT_TRY(read(o["sell"], t.best_ask));
      OEX_GCT_TRY(read(o["high"], t.high));
      OEX_GCT_TRY(read(o["low"], t.low));
      OEX_GCT_TRY(read(o["last"], t.last));
      OEX_GCT_TRY(read(o["open"], t.open));
      OEX_GCT_TRY(read(o["vol24hour"], t.base_volume));
      return CodecError::ok;
    };
    if (data.is_object()) {
      Ticker t{};
      OEX_GCT_TRY(read_ticker(data, t));
      sink(t);
      return CodecError::ok;
    }
    if (!data.is_array()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    return each<Ticker>(data, read_ticker, sink);
  }

  CodecError read_levels(json::Value side, BookLevel* storage, std::size_t& count) noexcept {
    count = 0;
    if (side.is_missing()) return CodecError::ok;
    if (!side.is_array()) return CodecError::wrong_type;
    for (const auto element : side) {
      const json::Value level = element.value;
      if (!level.is_object()) return CodecError::wrong_type;
      if (count == max_levels_) return CodecError::too_many_levels;
      OEX_GCT_TRY(read(level["price"], storage[count].price));
      OEX_GCT_TRY(read(level["amount"], storage[count].qty));
      ++count;
    }
    return CodecError::ok;
  }

  template <class Sink>
  CodecError depth(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    if (!data.is_object()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    std::size_t bids = 0;
    std::size_t asks = 0;
    OEX_GCT_TRY(read_levels(data["buy"], levels_.get(), bids));
    OEX_GCT_TRY(read_levels(data["sell"], levels_.get() + max_levels_, asks));
    BookUpdate book{};
    book.venue = Venue::gct;
    book.symbol = ref.symbol;
    book.snapshot = true;
    book.bids = {levels_.get(), bids};
    book.asks = {levels_.get() + max_levels_, asks};
    sink(book);
    return CodecError::ok;
  }

  template <class Sink>
  CodecError public_trades(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    if (!data.is_array()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    return each<PublicTrade>(
        data,
        [&ref](json::Value o, PublicTrade& t) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          t.venue = Venue::gct;
          t.symbol = ref.symbol;
          OEX_GCT_TRY(read(o["price"], t.price));
          OEX_GCT_TRY(read(o["amount"], t.qty));
          OEX_GCT_TRY(detail::read_side(o["direction"], t.side));
          OEX_GCT_TRY(read(o["time"], t.venue_time_ms));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  CodecError candles(json::Value data, Sink& sink, const RequestRef& ref) noexcept {
    if (!data.is_array()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    return each<Candle>(
        data,
        [&ref](json::Value a, Candle& c) noexcept {
          if (!a.is_array()) return CodecError::wrong_type;
          if (a.size() != 6) return CodecError::invalid_value;
          c.symbol = ref.symbol;
          OEX_GCT_TRY(read(a.at(0), c.high));
          OEX_GCT_TRY(read(a.at(1), c.open));
          OEX_GCT_TRY(read(a.at(2), c.low));
          OEX_GCT_TRY(read(a.at(3), c.close));
          OEX_GCT_TRY(read(a.at(4), c.volume));
          OEX_GCT_TRY(read(a.at(5), c.time_ms));
          return CodecError::ok;
        },
        sink);
  }

  template <class Sink>
  CodecError symbol_infos(json::Value data, Sink& sink) noexcept {
    if (!data.is_array()) return data.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
    return each<SymbolInfo>(
        data,
        [](json::Value o, SymbolInfo& s) noexcept {
          if (!o.is_object()) return CodecError::wrong_type;
          OEX_GCT_TRY(read(o["symbol"], s.symbol));
          OEX_GCT_TRY(read(o["baseCurrency"], s.base_currency));
          OEX_GCT_TRY(read(o["quoteCurrency"], s.quote_currency));
          OEX_GCT_TRY(read(o["pricePrecision"], s.price_precision));
          OEX_GCT_TRY(read(o["countPrescision"], s.count_precision));
          return CodecError::ok;
        },
        sink);
  }

  json::Document doc_;
  std::unique_ptr<BookLevel[]> levels_;  // bids in [0, max), asks in [max, 2 max)
  std::size_t max_levels_;
  std::size_t max_values_;
};

// The transaction push (wss://gctapp.com): one deal of one of the account's orders per message,
// {count, dealTime, entrustId, oneselfDeal, price, symbol, type, userId}. It is a reported
// trade (not derived), but GCT gives it no trade id.
class PushDecoder {
 public:
  explicit PushDecoder(std::size_t max_values = 256) : doc_(max_values, kMaxDepth), max_values_(max_values) {}

  // The push takes the shared one-pass cursor (json_cursor.hpp). Whatever that path does not
  // take (or any field it cannot read) is decoded by the generic path, which names the error.
  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view text, Sink&& sink) noexcept {
    Fill f;  // default member initialisers only: no zeroing of the whole struct on the hot path
    if (decode_flat(text, f)) {
      sink(f);
      return CodecError::ok;
    }
    return decode_generic(text, sink);
  }

  // The same decode through json::Document alone (the reference the fast path is tested against).
  template <class Sink>
  [[nodiscard]] CodecError decode_generic(std::string_view text, Sink&& sink) noexcept {
    OEX_GCT_TRY(doc_.parse(text));
    const json::Value o = doc_.root();
    if (!o.is_object()) return CodecError::wrong_type;
    json::Value entrust_id, symbol, type, price, count, deal_time, self_deal;
    for (const auto m : o) {
      const std::string_view k = m.key;
      if (k == "entrustId") {
        entrust_id = m.value;
      } else if (k == "price") {
        price = m.value;
      } else if (k == "count") {
        count = m.value;
      } else if (k == "dealTime") {
        deal_time = m.value;
      } else if (k == "symbol") {
        symbol = m.value;
      } else if (k == "type") {
        type = m.value;
      } else if (k == "oneselfDeal") {
        self_deal = m.value;
      }
    }
    if (!entrust_id.present() || !deal_time.present()) return CodecError::unknown_message;
    Fill f{};
    f.venue = Venue::gct;
    OEX_GCT_TRY(read(entrust_id, f.order_id));
    OEX_GCT_TRY(read(symbol, f.symbol));
    OEX_GCT_TRY(detail::read_side(type, f.side));
    OEX_GCT_TRY(read(price, f.price));
    OEX_GCT_TRY(read(count, f.qty));
    OEX_GCT_TRY(read(deal_time, f.venue_time_ms));
    if (!self_deal.is_missing()) {
      const auto self = self_deal.as_bool();
      if (!self.ok()) return self.error();
    }
    sink(f);
    return CodecError::ok;
  }

 private:
  static constexpr std::size_t kMaxDepth = 8;

  // Members are read as the generic path reads them: the last of a name counts, unknown ones
  // (of any kind) are skipped, strings are taken as sent. kPushKeys lists every member in the
  // order GCT writes them (the document's example; userId is only skipped).
  struct PushFields {
    RawField count, deal_time, entrust_id, self_deal, price, symbol, type;
  };
  static constexpr FieldKey<PushFields> kPushKeys[] = {
      {quoted_key("count"), &PushFields::count},          {quoted_key("dealTime"), &PushFields::deal_time},
      {quoted_key("entrustId"), &PushFields::entrust_id}, {quoted_key("oneselfDeal"), &PushFields::self_deal},
      {quoted_key("price"), &PushFields::price},          {quoted_key("symbol"), &PushFields::symbol},
      {quoted_key("type"), &PushFields::type},           {quoted_key("userId")},
  };

  bool decode_flat(std::string_view text, Fill& f) const noexcept {
    PushFields fields;
    auto& [count, deal_time, entrust_id, self_deal, price, symbol, type] = fields;
    JsonCursor c(text, max_values_, kMaxDepth);
    if (!c.open('{', 0)) return false;
    const bool object_ok = c.fields(kPushKeys, fields, 1, Repeats::last_counts);
    if (!object_ok || !c.at_end()) return false;
    f.venue = Venue::gct;
    std::int64_t time = 0;
    if (as_text(entrust_id, f.order_id) != CodecError::ok || as_text(symbol, f.symbol) != CodecError::ok ||
        type.kind != json::Kind::string || read_decimal(price, f.price) != CodecError::ok ||
        read_decimal(count, f.qty) != CodecError::ok || read_int64(deal_time, time) != CodecError::ok) {
      return false;
    }
    if (key_is(type.text, "BUY")) {
      f.side = Side::buy;
    } else if (key_is(type.text, "SELL")) {
      f.side = Side::sell;
    } else {
      return false;
    }
    f.venue_time_ms = time;
    return self_deal.kind == json::Kind::absent || self_deal.kind == json::Kind::null ||
           self_deal.kind == json::Kind::boolean;
  }

  json::Document doc_;
  std::size_t max_values_;
};

#undef OEX_GCT_TRY

}  // namespace oex::codecs::gct
