#include <limits>

#include "oex/codecs/cryptomus/detail.hpp"
#include "oex/codecs/cryptomus/status.hpp"

namespace oex::codecs::cryptomus::detail {
namespace {
constexpr CodecError kOk = CodecError::ok;
}  // namespace

// Texts are handed out as views of the message, so an escaped identifier cannot be passed on.
CodecError read_text(json::Value v, std::string_view& out) noexcept {
  const auto text = v.as_text();
  if (!text.ok()) return text.error();
  if (v.has_escapes()) return CodecError::invalid_value;
  out = *text;
  return kOk;
}

CodecError read_opt_text(json::Value v, OptText& out) noexcept {
  if (v.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = read_text(v, text); e != kOk) return e;
  out = text;
  return kOk;
}

CodecError read_decimal(json::Value v, Decimal& out) noexcept {
  const auto d = v.as_decimal();
  if (!d.ok()) return d.error();
  out = *d;
  return kOk;
}

CodecError read_opt_decimal(json::Value v, OptDecimal& out) noexcept {
  if (v.is_missing()) return kOk;
  Decimal d;
  if (const CodecError e = read_decimal(v, d); e != kOk) return e;
  out = d;
  return kOk;
}

CodecError read_opt_seconds(json::Value v, OptMillis& out) noexcept {
  if (v.is_missing()) return kOk;
  const auto seconds = v.as_int64();
  if (!seconds.ok()) return seconds.error();
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1000;
  if (*seconds > kLimit || *seconds < -kLimit) return CodecError::number_out_of_range;
  out = *seconds * 1000;
  return kOk;
}

CodecError read_side(json::Value v, std::optional<Side>& out) noexcept {
  if (v.is_missing()) return kOk;
  const auto text = v.as_string();
  if (!text.ok()) return text.error();
  if (*text == "buy") {
    out = Side::buy;
  } else if (*text == "sell") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return kOk;
}

CodecError require_object(json::Value v) noexcept {
  if (v.is_object()) return kOk;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

CodecError require_array(json::Value v) noexcept {
  if (v.is_array()) return kOk;
  return v.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
}

CodecError parse_lastprice(json::Value data, Ticker& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  if ((e = read_text(data["symbol"], out.symbol)) != kOk) return e;
  Decimal price;
  if ((e = read_decimal(data["price"], price)) != kOk) return e;
  out.last = price;
  return read_opt_seconds(data["timestamp"], out.venue_time_ms);
}

CodecError parse_ticker(json::Value data, Ticker& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  if ((e = read_text(data["symbol"], out.symbol)) != kOk) return e;
  if ((e = read_opt_decimal(data["price"], out.last)) != kOk) return e;
  if ((e = read_opt_decimal(data["open"], out.open)) != kOk) return e;
  if ((e = read_opt_decimal(data["high"], out.high)) != kOk) return e;
  if ((e = read_opt_decimal(data["low"], out.low)) != kOk) return e;
  if ((e = read_opt_decimal(data["volume"], out.base_volume)) != kOk) return e;
  if ((e = read_opt_decimal(data["quote_volume"], out.quote_volume)) != kOk) return e;
  // price_change (a percentage) has no normalized field; it is validated as a number only.
  OptDecimal change;
  if ((e = read_opt_decimal(data["price_change"], change)) != kOk) return e;
  return read_opt_seconds(data["timestamp"], out.venue_time_ms);
}

CodecError parse_trade(json::Value trade, std::string_view symbol, PublicTrade& out) noexcept {
  if (const CodecError e = require_object(trade); e != kOk) return e;
  out.venue = Venue::cryptomus;
  out.symbol = symbol;
  CodecError e = kOk;
  // Bare JSON numbers (107100.01): read exactly from the text, never through a double.
  if ((e = read_decimal(trade["price"], out.price)) != kOk) return e;
  if ((e = read_decimal(trade["quantity"], out.qty)) != kOk) return e;
  if ((e = read_side(trade["direction"], out.side)) != kOk) return e;
  return read_opt_seconds(trade["timestamp"], out.venue_time_ms);
}

CodecError parse_order(json::Value data, OrderUpdate& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  const json::Value info = data["info"];
  if (const CodecError e = require_object(info); e != kOk) return e;
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  std::string_view type;
  if ((e = read_text(data["type"], type)) != kOk) return e;
  if (type != "created" && type != "updated" && type != "finished") return CodecError::invalid_value;
  if ((e = read_text(info["id"], out.order_id)) != kOk) return e;
  if ((e = read_text(info["symbol"], out.symbol)) != kOk) return e;
  if ((e = read_opt_text(info["clientOid"], out.client_order_id)) != kOk) return e;
  if ((e = read_side(info["direction"], out.side)) != kOk) return e;
  const json::Value order_type = info["orderType"];
  if (!order_type.is_missing()) {
    const auto t = order_type.as_string();
    if (!t.ok()) return t.error();
    if (*t == "limit") {
      out.type = OrderType::limit;
    } else if (*t == "market") {
      out.type = OrderType::market;
    } else {
      return CodecError::invalid_value;
    }
  }
  if ((e = read_opt_decimal(info["price"], out.price)) != kOk) return e;
  if ((e = read_opt_decimal(info["quantity"], out.qty)) != kOk) return e;
  if ((e = read_opt_decimal(info["filledQuantity"], out.filled_qty)) != kOk) return e;
  if ((e = read_opt_decimal(info["filledValue"], out.filled_notional)) != kOk) return e;
  // `value` is price x quantity as ordered: validated, with no normalized field of its own.
  OptDecimal value;
  if ((e = read_opt_decimal(info["value"], value)) != kOk) return e;

  OptText state;
  OptText internal_state;
  if ((e = read_opt_text(info["state"], state)) != kOk) return e;
  if ((e = read_opt_text(info["internalState"], internal_state)) != kOk) return e;
  out.venue_status = internal_state ? *internal_state : state ? *state : type;
  out.state = order_state_from_status(out.venue_status);
  if (type == "updated" && out.filled_qty && out.filled_qty->is_zero()) out.state = OrderState::new_;

  // The latest stamp the venue gives: finished, else updated, else created.
  OptMillis created;
  OptMillis updated;
  OptMillis finished;
  if ((e = read_opt_seconds(info["createTs"], created)) != kOk) return e;
  if ((e = read_opt_seconds(info["updateTs"], updated)) != kOk) return e;
  if ((e = read_opt_seconds(info["finishTs"], finished)) != kOk) return e;
  out.venue_time_ms = finished ? finished : updated ? updated : created;
  return kOk;
}

CodecError parse_balance(json::Value data, Balance& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  const json::Value info = data["info"];
  if (const CodecError e = require_object(info); e != kOk) return e;
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  if ((e = read_text(info["currencyCode"], out.asset)) != kOk) return e;
  // The wallet's balance after the change; the venue does not split it into free and locked.
  if ((e = read_opt_decimal(info["newBalance"], out.total)) != kOk) return e;
  OptDecimal amount;
  OptDecimal old_balance;
  if ((e = read_opt_decimal(info["amount"], amount)) != kOk) return e;
  return read_opt_decimal(info["oldBalance"], old_balance);
}

CodecError parse_deal(json::Value data, Fill& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  const json::Value info = data["info"];
  if (const CodecError e = require_object(info); e != kOk) return e;
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  // A deal names no order: order_id stays empty and oms matches it where that is unambiguous.
  if ((e = read_opt_text(info["dealId"], out.trade_id)) != kOk) return e;
  if (!out.trade_id) return CodecError::missing_field;
  if ((e = read_text(info["symbol"], out.symbol)) != kOk) return e;
  if ((e = read_decimal(info["filledPrice"], out.price)) != kOk) return e;
  if ((e = read_decimal(info["filledQuantity"], out.qty)) != kOk) return e;
  if ((e = read_opt_decimal(info["fee"], out.fee)) != kOk) return e;
  if ((e = read_opt_text(info["feeCurrency"], out.fee_ccy)) != kOk) return e;
  OptDecimal value;
  if ((e = read_opt_decimal(info["filledValue"], value)) != kOk) return e;
  const json::Value role = info["tradeRole"];
  if (!role.is_missing()) {
    const auto r = role.as_string();
    if (!r.ok()) return r.error();
    if (*r == "maker") {
      out.liquidity = Liquidity::maker;
    } else if (*r == "taker") {
      out.liquidity = Liquidity::taker;
    } else {
      return CodecError::invalid_value;
    }
  }
  return read_opt_seconds(info["committedAt"], out.venue_time_ms);
}

CodecError parse_levels(json::Value levels, BookLevel* storage, std::size_t capacity, std::size_t& count) noexcept {
  count = 0;
  if (levels.is_missing()) return kOk;  // a partial update may touch one side only
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

void parse_error(json::Value root, VenueError& out) noexcept {
  out.venue = Venue::cryptomus;
  const json::Value error = root["error"];
  const json::Value holder = error.is_object() ? error : root;
  const auto code = holder["code"].as_text();
  const auto message = holder["message"].as_text();
  out.code = code.ok() ? *code : std::string_view{};
  if (message.ok()) {
    out.message = *message;
  } else if (error.is_string()) {
    out.message = error.raw();
  }
}

}  // namespace oex::codecs::cryptomus::detail
