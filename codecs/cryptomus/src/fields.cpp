#include "oex/codecs/cryptomus/detail.hpp"
#include "oex/codecs/cryptomus/raw_field.hpp"
#include "oex/codecs/cryptomus/status.hpp"

namespace oex::codecs::cryptomus::detail {
namespace {
constexpr CodecError kOk = CodecError::ok;
}  // namespace

CodecError read_text(json::Value v, std::string_view& out) noexcept { return read_text(RawField::of(v), out); }
CodecError read_opt_text(json::Value v, OptText& out) noexcept { return read_opt_text(RawField::of(v), out); }
CodecError read_decimal(json::Value v, Decimal& out) noexcept { return read_decimal(RawField::of(v), out); }
CodecError read_opt_decimal(json::Value v, OptDecimal& out) noexcept { return read_opt_decimal(RawField::of(v), out); }
CodecError read_opt_seconds(json::Value v, OptMillis& out) noexcept { return read_opt_seconds(RawField::of(v), out); }
CodecError read_side(json::Value v, std::optional<Side>& out) noexcept { return read_side(RawField::of(v), out); }

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
  // Bare JSON numbers (107100.01): read exactly from the text, never through binary floating point.
  if ((e = read_decimal(trade["price"], out.price)) != kOk) return e;
  if ((e = read_decimal(trade["quantity"], out.qty)) != kOk) return e;
  if ((e = read_side(trade["direction"], out.side)) != kOk) return e;
  return read_opt_seconds(trade["timestamp"], out.venue_time_ms);
}

CodecError parse_order(json::Value data, OrderUpdate& out) noexcept {
  if (const CodecError e = require_object(data); e != kOk) return e;
  const json::Value info = data["info"];
  if (const CodecError e = require_object(info); e != kOk) return e;
  OrderFields fields;
  fields.type = RawField::of(data["type"]);
  for (const auto member : info) {
    if (RawField* slot = field_slot(kInfoKeys, fields, member.key, Repeats::first_counts)) {
      *slot = RawField::of(member.value);
    }
  }
  return convert_order(fields, out);
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
