// Readers for BTSE's order, fill and trade objects. Numbers arrive bare or quoted and are read
// exactly; a field the venue left out or sent as null stays absent.
#include "field_readers.hpp"
#include "oex/codecs/btse/detail.hpp"

namespace oex::codecs::btse::detail {
namespace {

std::optional<OrderType> order_type_from_code(std::string_view code) noexcept {
  if (code == "76") return OrderType::limit;
  if (code == "77") return OrderType::market;
  if (code == "80") return OrderType::peg;
  return std::nullopt;  // 0 (a refused amend), 81 (OTC) and others name no type we trade
}

std::optional<TimeInForce> time_in_force_from_text(std::string_view text) noexcept {
  struct Entry {
    std::string_view text;
    TimeInForce tif;
  };
  static constexpr Entry kEntries[] = {
      {"GTC", TimeInForce::gtc},         {"IOC", TimeInForce::ioc},   {"FOK", TimeInForce::fok},
      {"HALFMIN", TimeInForce::halfmin}, {"FIVEMIN", TimeInForce::fivemin}, {"HOUR", TimeInForce::hour},
      {"TWELVEHOUR", TimeInForce::twelvehour}, {"DAY", TimeInForce::day}, {"WEEK", TimeInForce::week},
      {"MONTH", TimeInForce::month},
  };
  for (const Entry& e : kEntries) {
    if (e.text == text) return e.tif;
  }
  return std::nullopt;
}

// The first of `names` the object carries (the v3.3 size fields, then their deprecated forms).
json::Value first_present(json::Value object, std::initializer_list<std::string_view> names) noexcept {
  for (const std::string_view name : names) {
    const json::Value v = object[name];
    if (!v.is_missing()) return v;
  }
  return {};
}

CodecError read_time_in_force(json::Value v, std::optional<TimeInForce>& out) noexcept {
  OptText text;
  if (const CodecError e = opt_text(v, text); e != CodecError::ok) return e;
  out = text ? time_in_force_from_text(*text) : std::nullopt;
  return CodecError::ok;
}

}  // namespace

CodecError read_order(json::Value order, OrderRead& out) noexcept {
  if (!order.is_object()) return CodecError::wrong_type;
  out = OrderRead{};
  OrderUpdate& u = out.update;
  u.venue = Venue::btse;
  CodecError e = CodecError::ok;
  // Open orders carry orderState (STATUS_ACTIVE / STATUS_INACTIVE) instead of a status code.
  const auto status = first_present(order, {"status", "orderState"}).as_text();
  if (!status.ok()) return status.error();
  u.venue_status = *status;
  out.status = find_status(*status);
  u.state = out.status != nullptr ? out.status->state : OrderState::unknown;

  OptText text;
  if ((e = opt_text(order["orderID"], text)) != CodecError::ok) return e;
  u.order_id = text.value_or(std::string_view{});
  if ((e = opt_text(order["symbol"], text)) != CodecError::ok) return e;
  u.symbol = text.value_or(std::string_view{});
  if ((e = opt_client_id(order["clOrderID"], u.client_order_id)) != CodecError::ok) return e;
  if ((e = opt_side(order["side"], u.side)) != CodecError::ok) return e;
  if ((e = opt_text(order["orderType"], text)) != CodecError::ok) return e;
  u.type = text ? order_type_from_code(*text) : std::nullopt;
  const json::Value tif = first_present(order, {"time_in_force", "timeInForce"});
  if ((e = read_time_in_force(tif, u.time_in_force)) != CodecError::ok) return e;
  if ((e = opt_decimal(order["price"], u.price)) != CodecError::ok) return e;
  const json::Value qty = first_present(order, {"currentOrderBaseSize", "originalOrderBaseSize", "size"});
  if ((e = opt_decimal(qty, u.qty)) != CodecError::ok) return e;
  const json::Value filled = first_present(order, {"totalFilledBaseSize", "filledSize"});
  if ((e = opt_decimal(filled, u.filled_qty)) != CodecError::ok) return e;
  const json::Value remaining =
      first_present(order, {"remainingOrderBaseSize", "remainingBaseSize", "remainingSize"});
  if ((e = opt_decimal(remaining, u.remaining_qty)) != CodecError::ok) return e;
  if ((e = opt_decimal(order["avgFilledPrice"], u.avg_price)) != CodecError::ok) return e;
  if ((e = opt_decimal(order["triggerPrice"], u.trigger_price)) != CodecError::ok) return e;
  if ((e = opt_millis(order["timestamp"], u.venue_time_ms)) != CodecError::ok) return e;
  if ((e = opt_text(order["message"], text)) != CodecError::ok) return e;
  out.message = text.value_or(std::string_view{});
  // An order the venue calls active that has traded is partially filled: the venue says so in
  // its own cumulative quantity.
  if (u.state == OrderState::new_ && u.filled_qty && !u.filled_qty->is_zero() && !u.filled_qty->is_negative()) {
    u.state = OrderState::partially_filled;
  }
  return CodecError::ok;
}

CodecError read_notification(json::Value data, OrderRead& out) noexcept {
  if (const CodecError e = read_order(data, out); e != CodecError::ok) return e;
  OrderUpdate& u = out.update;
  if (u.order_id.empty()) return CodecError::missing_field;
  // txType: 0 limit, 1 stop, 2 trigger, 3 OCO; 0 leaves the type orderType gave.
  OptText tx;
  if (const CodecError e = opt_text(data["txType"], tx); e != CodecError::ok) return e;
  if (tx) {
    if (*tx == "1") u.type = OrderType::stop;
    else if (*tx == "2") u.type = OrderType::trigger;
    else if (*tx == "3") u.type = OrderType::oco;
  }
  // filledBaseSize is the quantity this notification reports traded; the cumulative total is
  // totalFilledBaseSize. Only a transaction status says a fill happened.
  const bool transacted = u.venue_status == "3" || u.venue_status == "4" || u.venue_status == "5";
  OptDecimal fill_qty;
  if (const CodecError e = opt_decimal(data["filledBaseSize"], fill_qty); e != CodecError::ok) return e;
  if (transacted && fill_qty && !fill_qty->is_zero()) u.last_fill_qty = fill_qty;
  return CodecError::ok;
}

CodecError read_ws_fill(json::Value fill, Fill& out) noexcept {
  if (!fill.is_object()) return CodecError::wrong_type;
  out = Fill{};
  out.venue = Venue::btse;
  CodecError e = CodecError::ok;
  if ((e = req_text(fill["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = req_text(fill["orderId"], out.order_id)) != CodecError::ok) return e;
  if ((e = opt_client_id(fill["clOrderId"], out.client_order_id)) != CodecError::ok) return e;
  if ((e = opt_text(fill["tradeId"], out.trade_id)) != CodecError::ok) return e;
  if ((e = opt_side(fill["side"], out.side)) != CodecError::ok) return e;
  if ((e = req_decimal(fill["price"], out.price)) != CodecError::ok) return e;
  if ((e = req_decimal(fill["size"], out.qty)) != CodecError::ok) return e;
  if ((e = opt_decimal(fill["feeAmount"], out.fee)) != CodecError::ok) return e;
  if ((e = opt_text(fill["feeCurrency"], out.fee_ccy)) != CodecError::ok) return e;
  if ((e = opt_millis(fill["timestamp"], out.venue_time_ms)) != CodecError::ok) return e;
  // The table says Boolean; the example shows the words "maker or taker": both are read.
  const json::Value maker = fill["maker"];
  if (!maker.is_missing()) {
    if (maker.kind() == json::Kind::boolean) {
      out.liquidity = maker.raw() == "true" ? Liquidity::maker : Liquidity::taker;
    } else if (maker.is_string() && (maker.raw() == "maker" || maker.raw() == "taker")) {
      out.liquidity = maker.raw() == "maker" ? Liquidity::maker : Liquidity::taker;
    } else {
      return CodecError::invalid_value;
    }
  }
  return CodecError::ok;
}

CodecError read_trade_history(json::Value trade, Fill& out) noexcept {
  if (!trade.is_object()) return CodecError::wrong_type;
  out = Fill{};
  out.venue = Venue::btse;
  CodecError e = CodecError::ok;
  if ((e = req_text(trade["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = req_text(trade["orderId"], out.order_id)) != CodecError::ok) return e;
  if ((e = opt_client_id(trade["clOrderID"], out.client_order_id)) != CodecError::ok) return e;
  if ((e = opt_text(trade["tradeId"], out.trade_id)) != CodecError::ok) return e;
  if ((e = opt_side(trade["side"], out.side)) != CodecError::ok) return e;
  // filledPrice / filledSize are the trade's; price / size those of the order.
  if ((e = req_decimal(trade["filledPrice"], out.price)) != CodecError::ok) return e;
  if ((e = req_decimal(trade["filledSize"], out.qty)) != CodecError::ok) return e;
  if ((e = opt_decimal(trade["feeAmount"], out.fee)) != CodecError::ok) return e;
  if ((e = opt_text(trade["feeCurrency"], out.fee_ccy)) != CodecError::ok) return e;
  if ((e = opt_millis(trade["timestamp"], out.venue_time_ms)) != CodecError::ok) return e;
  return CodecError::ok;
}

CodecError read_public_trade(json::Value trade, PublicTrade& out) noexcept {
  if (!trade.is_object()) return CodecError::wrong_type;
  out = PublicTrade{};
  out.venue = Venue::btse;
  CodecError e = CodecError::ok;
  if ((e = req_text(trade["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = opt_text(first_present(trade, {"tradeId", "serialId"}), out.trade_id)) != CodecError::ok) return e;
  if ((e = opt_side(trade["side"], out.side)) != CodecError::ok) return e;
  if ((e = req_decimal(trade["price"], out.price)) != CodecError::ok) return e;
  if ((e = req_decimal(trade["size"], out.qty)) != CodecError::ok) return e;
  if ((e = opt_millis(trade["timestamp"], out.venue_time_ms)) != CodecError::ok) return e;
  return CodecError::ok;
}

}  // namespace oex::codecs::btse::detail
