#include "oex/codecs/digifinex/ws_decoder.hpp"

#include <limits>

#include "oex/codecs/digifinex/raw_field.hpp"
#include "oex/codecs/digifinex/status.hpp"

namespace oex::codecs::digifinex {
namespace detail {
namespace {

constexpr CodecError kOk = CodecError::ok;

CodecError read_text(json::Value v, std::string_view& out) noexcept { return read_text(RawField::of(v), out); }

CodecError read_opt_text(json::Value v, OptText& out) noexcept {
  if (v.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = read_text(v, text); e != kOk) return e;
  out = text;
  return kOk;
}

CodecError read_decimal(json::Value v, Decimal& out) noexcept { return read_decimal(RawField::of(v), out); }
CodecError read_opt_decimal(json::Value v, OptDecimal& out) noexcept { return read_opt_decimal(RawField::of(v), out); }
CodecError read_opt_millis(json::Value v, OptMillis& out) noexcept { return read_opt_int64(RawField::of(v), out); }
CodecError read_side(json::Value v, std::optional<Side>& out) noexcept { return read_side(RawField::of(v), out); }

// trades.update sends fractional epoch seconds (1523339279.761838): exact to the millisecond,
// truncated, never through binary floating point.
CodecError seconds_to_millis(json::Value v, OptMillis& out) noexcept {
  if (v.is_missing()) return kOk;
  const auto seconds = v.as_decimal();
  if (!seconds.ok()) return seconds.error();
  const auto millis = multiply(*seconds, Decimal::from_int(1000));
  if (!millis.ok()) return CodecError::number_out_of_range;
  const auto whole = millis->rescaled(0, RoundingMode::down);
  if (!whole.ok()) return CodecError::number_out_of_range;
  const Int128 units = whole->units();
  if (units > std::numeric_limits<std::int64_t>::max() || units < std::numeric_limits<std::int64_t>::min()) {
    return CodecError::number_out_of_range;
  }
  out = static_cast<std::int64_t>(units);
  return kOk;
}

CodecError require_object(json::Value v) noexcept {
  if (v.is_object()) return kOk;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

}  // namespace

Method method_from_name(std::string_view name) noexcept {
  if (name == "order.update") return Method::order_update;
  if (name == "depth.update") return Method::depth_update;
  if (name == "trades.update") return Method::trades_update;
  if (name == "ticker.update") return Method::ticker_update;
  if (name == "all_ticker.update") return Method::all_ticker_update;
  if (name == "order_algo.update") return Method::order_algo_update;
  if (name == "balance.update") return Method::balance_update;
  return Method::unknown;
}

CodecError check_array(json::Value v) noexcept {
  if (v.is_array()) return kOk;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

CodecError read_market(json::Value v, std::string_view& out) noexcept {
  if (v.present() && !v.is_string() && !v.is_null()) return CodecError::wrong_type;
  return read_text(v, out);
}

CodecError parse_trade(json::Value trade, std::string_view market, PublicTrade& out) noexcept {
  if (const CodecError e = require_object(trade); e != kOk) return e;
  out.venue = Venue::digifinex;
  out.symbol = market;
  CodecError e = kOk;
  if ((e = read_opt_text(trade["id"], out.trade_id)) != kOk) return e;
  if ((e = read_decimal(trade["price"], out.price)) != kOk) return e;
  if ((e = read_decimal(trade["amount"], out.qty)) != kOk) return e;
  if ((e = read_side(trade["type"], out.side)) != kOk) return e;
  return seconds_to_millis(trade["time"], out.venue_time_ms);
}

CodecError parse_ticker(json::Value ticker, Ticker& out) noexcept {
  if (const CodecError e = require_object(ticker); e != kOk) return e;
  out.venue = Venue::digifinex;
  CodecError e = kOk;
  if ((e = read_text(ticker["symbol"], out.symbol)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["last"], out.last)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["best_bid"], out.best_bid)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["best_bid_size"], out.best_bid_qty)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["best_ask"], out.best_ask)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["best_ask_size"], out.best_ask_qty)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["open_24h"], out.open)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["high_24h"], out.high)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["low_24h"], out.low)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["base_volume_24h"], out.base_volume)) != kOk) return e;
  if ((e = read_opt_decimal(ticker["quote_volume_24h"], out.quote_volume)) != kOk) return e;
  return read_opt_millis(ticker["timestamp"], out.venue_time_ms);
}

CodecError parse_order(json::Value order, OrderUpdate& out) noexcept {
  if (const CodecError e = require_object(order); e != kOk) return e;
  OrderFields fields;
  for (const auto member : order) {
    if (RawField* slot = field_slot(kOrderKeys, fields, member.key, Repeats::first_counts)) {
      *slot = RawField::of(member.value);
    }
  }
  return convert_order(fields, out);
}

// The document gives no status codes for plan (algo) orders, so their state stays unknown and
// the raw status is kept: mapping them through the order table would be a guess.
CodecError parse_algo_order(json::Value order, OrderUpdate& out) noexcept {
  if (const CodecError e = require_object(order); e != kOk) return e;
  out.venue = Venue::digifinex;
  out.type = OrderType::trigger;
  CodecError e = kOk;
  if ((e = read_text(order["id"], out.order_id)) != kOk) return e;
  if ((e = read_text(order["symbol"], out.symbol)) != kOk) return e;
  if ((e = read_text(order["status"], out.venue_status)) != kOk) return e;
  out.state = OrderState::unknown;
  if ((e = read_side(order["side"], out.side)) != kOk) return e;
  if ((e = read_opt_decimal(order["algo_price"], out.price)) != kOk) return e;
  if ((e = read_opt_decimal(order["amount"], out.qty)) != kOk) return e;
  if ((e = read_opt_decimal(order["trigger_price"], out.trigger_price)) != kOk) return e;
  return read_opt_millis(order["timestamp"], out.venue_time_ms);
}

CodecError parse_balance(json::Value balance, Balance& out) noexcept {
  if (const CodecError e = require_object(balance); e != kOk) return e;
  out.venue = Venue::digifinex;
  CodecError e = kOk;
  if ((e = read_text(balance["currency"], out.asset)) != kOk) return e;
  if ((e = read_opt_decimal(balance["free"], out.free)) != kOk) return e;
  if ((e = read_opt_decimal(balance["used"], out.locked)) != kOk) return e;
  return read_opt_decimal(balance["total"], out.total);
}

CodecError parse_levels(json::Value levels, BookLevel* storage, std::size_t capacity, std::size_t& count) noexcept {
  count = 0;
  if (levels.is_missing()) return kOk;  // an increment may touch one side only
  if (!levels.is_array()) return CodecError::wrong_type;
  if (levels.size() > capacity) return CodecError::too_many_levels;
  for (const auto member : levels) {
    const json::Value level = member.value;
    if (!level.is_array()) return CodecError::wrong_type;
    if (level.size() < 2) return CodecError::missing_field;
    CodecError e = kOk;
    if ((e = read_decimal(level.at(0), storage[count].price)) != kOk) return e;
    if ((e = read_decimal(level.at(1), storage[count].qty)) != kOk) return e;
    ++count;
  }
  return kOk;
}

CodecError parse_response(json::Value root, std::string_view answered_method, Response& out) noexcept {
  const json::Value error = root["error"];
  const json::Value result = root["result"];
  if (!error.present() && !result.present()) return CodecError::unknown_message;
  out.error.venue = Venue::digifinex;

  if (!error.is_missing()) {
    // The document shows no error body; DigiFinex sends {"code":..,"message":..}. A bare string
    // or number is kept as the code.
    out.kind = Response::Kind::error;
    if (error.is_object()) {
      const auto code = error["code"].as_text();
      const auto message = error["message"].as_text();
      out.error.code = code.ok() ? *code : std::string_view{};
      out.error.message = message.ok() ? *message : std::string_view{};
    } else {
      out.error.code = error.raw();
    }
    return kOk;
  }

  if (result.is_string()) {
    if (result.raw() != "pong") return CodecError::invalid_value;
    out.kind = Response::Kind::pong;
    return kOk;
  }
  if (result.is_number()) {
    // server.time answers in whole epoch seconds (1523348055).
    const auto seconds = result.as_int64();
    if (!seconds.ok()) return seconds.error();
    constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1000;
    if (*seconds > kLimit || *seconds < -kLimit) return CodecError::number_out_of_range;
    out.kind = Response::Kind::time;
    out.time_ms = *seconds * 1000;
    return kOk;
  }
  if (result.is_object()) {
    const auto status = result["status"].as_string();
    if (!status.ok()) return status.error();
    if (*status != "success") {
      out.kind = Response::Kind::error;
      out.error.code = *status;
      return kOk;
    }
    out.kind = Response::Kind::ack;
    out.ack.venue = Venue::digifinex;
    out.ack.topic = answered_method;
    out.ack.subscribed = !answered_method.ends_with(".unsubscribe");
    return kOk;
  }
  return result.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

}  // namespace detail

WsDecoder::WsDecoder(Limits limits)
    : doc_(limits.max_values, limits.max_depth),
      max_values_(limits.max_values),
      max_depth_(limits.max_depth),
      fast_path_(limits.order_fast_path),
      fast_orders_(std::make_unique<OrderUpdate[]>(kFastOrders)),
      max_levels_(limits.max_book_levels),
      bids_(std::make_unique<BookLevel[]>(limits.max_book_levels)),
      asks_(std::make_unique<BookLevel[]>(limits.max_book_levels)) {}

}  // namespace oex::codecs::digifinex
