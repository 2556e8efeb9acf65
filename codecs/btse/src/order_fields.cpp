// Readers for BTSE's order, fill and trade objects. Numbers arrive bare or quoted and are read
// exactly; a field the venue left out or sent as null stays absent.
#include "field_readers.hpp"
#include "oex/codecs/btse/detail.hpp"

namespace oex::codecs::btse::detail {
namespace {

std::optional<OrderType> order_type_from_code(std::string_view code) noexcept {
  if (code.size() == 2) {
    if (code[0] == '7' && code[1] == '6') return OrderType::limit;
    if (code[0] == '7' && code[1] == '7') return OrderType::market;
    if (code[0] == '8' && code[1] == '0') return OrderType::peg;
  }
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
    if (e.text.size() != text.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < text.size() && same; ++i) same = e.text[i] == text[i];
    if (same) return e.tif;
  }
  return std::nullopt;
}

// The first of `fields` the object carries (the v3.3 size fields, then their deprecated forms).
FieldValue first_present(const OrderFields& order, std::initializer_list<OrderField> fields) noexcept {
  for (const OrderField f : fields) {
    if (!order[f].is_missing()) return order[f];
  }
  return {};
}

json::Value first_present(json::Value object, std::initializer_list<std::string_view> names) noexcept {
  for (const std::string_view name : names) {
    const json::Value v = object[name];
    if (!v.is_missing()) return v;
  }
  return {};
}

CodecError read_time_in_force(FieldValue v, std::optional<TimeInForce>& out) noexcept {
  std::string_view text;
  if (const CodecError e = text_or_empty(v, text); e != CodecError::ok) return e;
  out = time_in_force_from_text(text);
  return CodecError::ok;
}

}  // namespace

CodecError read_order(const OrderFields& order, OrderRead& out) noexcept {
  using F = OrderField;
  // Every field is set below or reset here: no whole-struct copy on the hot path.
  OrderUpdate& u = out.update;
  u.venue = Venue::btse;
  u.filled_notional.reset();
  u.last_fill_qty.reset();
  u.last_fill_price.reset();
  u.trade_id.reset();
  u.fee.reset();
  u.fee_ccy.reset();
  out.status = nullptr;
  out.message = {};
  CodecError e = CodecError::ok;
  // Open orders carry orderState (STATUS_ACTIVE / STATUS_INACTIVE) instead of a status code.
  const auto status = first_present(order, {F::status, F::order_state}).as_text();
  if (!status.ok()) return status.error();
  u.venue_status = *status;
  out.status = find_status(*status);
  u.state = out.status != nullptr ? out.status->state : OrderState::unknown;

  if ((e = text_or_empty(order[F::order_id], u.order_id)) != CodecError::ok) return e;
  if ((e = text_or_empty(order[F::symbol], u.symbol)) != CodecError::ok) return e;
  if ((e = opt_client_id(order[F::cl_order_id], u.client_order_id)) != CodecError::ok) return e;
  if ((e = opt_side(order[F::side], u.side)) != CodecError::ok) return e;
  std::string_view type_code;
  if ((e = text_or_empty(order[F::order_type], type_code)) != CodecError::ok) return e;
  u.type = order_type_from_code(type_code);
  const FieldValue tif = first_present(order, {F::time_in_force, F::time_in_force_v2});
  if ((e = read_time_in_force(tif, u.time_in_force)) != CodecError::ok) return e;
  if ((e = opt_decimal(order[F::price], u.price)) != CodecError::ok) return e;
  const FieldValue qty = first_present(order, {F::current_base_size, F::original_base_size, F::size});
  if ((e = opt_decimal(qty, u.qty)) != CodecError::ok) return e;
  const FieldValue filled = first_present(order, {F::total_filled_base_size, F::filled_size});
  if ((e = opt_decimal(filled, u.filled_qty)) != CodecError::ok) return e;
  const FieldValue remaining =
      first_present(order, {F::remaining_order_base_size, F::remaining_base_size, F::remaining_size});
  if ((e = opt_decimal(remaining, u.remaining_qty)) != CodecError::ok) return e;
  if ((e = opt_decimal(order[F::avg_filled_price], u.avg_price)) != CodecError::ok) return e;
  if ((e = opt_decimal(order[F::trigger_price], u.trigger_price)) != CodecError::ok) return e;
  if ((e = opt_millis(order[F::timestamp], u.venue_time_ms)) != CodecError::ok) return e;
  if ((e = text_or_empty(order[F::message], out.message)) != CodecError::ok) return e;
  // An order the venue calls active that has traded is partially filled: the venue says so in
  // its own cumulative quantity.
  if (u.state == OrderState::new_ && u.filled_qty && !u.filled_qty->is_zero() && !u.filled_qty->is_negative()) {
    u.state = OrderState::partially_filled;
  }
  return CodecError::ok;
}

CodecError read_order(json::Value order, OrderRead& out) noexcept {
  if (!order.is_object()) return CodecError::wrong_type;
  OrderFields fields;
  index_order_fields(order, fields);
  return read_order(fields, out);
}

CodecError read_notification(const OrderFields& data, OrderRead& out) noexcept {
  if (const CodecError e = read_order(data, out); e != CodecError::ok) return e;
  OrderUpdate& u = out.update;
  if (u.order_id.empty()) return CodecError::missing_field;
  // txType: 0 limit, 1 stop, 2 trigger, 3 OCO; 0 leaves the type orderType gave.
  std::string_view tx;
  if (const CodecError e = text_or_empty(data[OrderField::tx_type], tx); e != CodecError::ok) return e;
  if (tx.size() == 1) {
    if (tx[0] == '1') u.type = OrderType::stop;
    else if (tx[0] == '2') u.type = OrderType::trigger;
    else if (tx[0] == '3') u.type = OrderType::oco;
  }
  // filledBaseSize is the quantity this notification reports traded; the cumulative total is
  // totalFilledBaseSize. Only a transaction status says a fill happened.
  // (3, 4 and 5 are the codes whose state is partially filled or filled.)
  const bool transacted = out.status != nullptr && (out.status->state == OrderState::partially_filled ||
                                                    out.status->state == OrderState::filled);
  OptDecimal fill_qty;
  if (const CodecError e = opt_decimal(data[OrderField::filled_base_size], fill_qty); e != CodecError::ok) return e;
  if (transacted && fill_qty && !fill_qty->is_zero()) u.last_fill_qty = fill_qty;
  return CodecError::ok;
}

CodecError read_notification(json::Value data, OrderRead& out) noexcept {
  if (!data.is_object()) return CodecError::wrong_type;
  OrderFields fields;
  index_order_fields(data, fields);
  return read_notification(fields, out);
}

CodecError read_ws_fill(const WsFillFields& fill, Fill& out) noexcept {
  const auto field = [](const RawField& f) noexcept { return FieldValue{f.kind, f.text}; };
  out = Fill{};
  out.venue = Venue::btse;
  CodecError e = CodecError::ok;
  if ((e = req_text(field(fill.symbol), out.symbol)) != CodecError::ok) return e;
  if ((e = req_text(field(fill.order_id), out.order_id)) != CodecError::ok) return e;
  if ((e = opt_client_id(field(fill.cl_order_id), out.client_order_id)) != CodecError::ok) return e;
  if ((e = opt_text(field(fill.trade_id), out.trade_id)) != CodecError::ok) return e;
  if ((e = opt_side(field(fill.side), out.side)) != CodecError::ok) return e;
  if ((e = req_decimal(field(fill.price), out.price)) != CodecError::ok) return e;
  if ((e = req_decimal(field(fill.size), out.qty)) != CodecError::ok) return e;
  if ((e = opt_decimal(field(fill.fee_amount), out.fee)) != CodecError::ok) return e;
  if ((e = opt_text(field(fill.fee_currency), out.fee_ccy)) != CodecError::ok) return e;
  if ((e = opt_millis(field(fill.timestamp), out.venue_time_ms)) != CodecError::ok) return e;
  // The table says Boolean; the example shows the words "maker or taker": both are read.
  const RawField& maker = fill.maker;
  if (!maker.is_missing()) {
    if (maker.kind == json::Kind::boolean) {
      out.liquidity = maker.text == "true" ? Liquidity::maker : Liquidity::taker;
    } else if (maker.kind == json::Kind::string && (maker.text == "maker" || maker.text == "taker")) {
      out.liquidity = maker.text == "maker" ? Liquidity::maker : Liquidity::taker;
    } else {
      return CodecError::invalid_value;
    }
  }
  return CodecError::ok;
}

CodecError read_ws_fill(json::Value fill, Fill& out) noexcept {
  if (!fill.is_object()) return CodecError::wrong_type;
  WsFillFields f;
  f.symbol = RawField::of(fill["symbol"]);
  f.order_id = RawField::of(fill["orderId"]);
  f.cl_order_id = RawField::of(fill["clOrderId"]);
  f.trade_id = RawField::of(fill["tradeId"]);
  f.side = RawField::of(fill["side"]);
  f.price = RawField::of(fill["price"]);
  f.size = RawField::of(fill["size"]);
  f.fee_amount = RawField::of(fill["feeAmount"]);
  f.fee_currency = RawField::of(fill["feeCurrency"]);
  f.timestamp = RawField::of(fill["timestamp"]);
  f.maker = RawField::of(fill["maker"]);
  return read_ws_fill(f, out);
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
