#pragma once
// DigiFinex's order.update fields as both the one-pass fast path and the Document path read
// them (RawField and its readers are in codecs/common), so an order decodes the same either way.
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/codecs/digifinex/status.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::digifinex::detail {

[[nodiscard]] inline CodecError read_order_type(const RawField& f, std::optional<OrderType>& out) noexcept;

// The fields of one order.update element, each the first of its name in the object.
struct OrderFields {
  RawField amount, filled, id, notional, price, price_avg, side, status, symbol, timestamp, type;
};
// Every member, in the order DigiFinex writes them (`mode` is only skipped).
inline constexpr FieldKey<OrderFields> kOrderKeys[] = {
    {quoted_key("amount"), &OrderFields::amount},       {quoted_key("filled"), &OrderFields::filled},
    {quoted_key("id"), &OrderFields::id},               {quoted_key("mode")},
    {quoted_key("notional"), &OrderFields::notional},
    {quoted_key("price"), &OrderFields::price},         {quoted_key("price_avg"), &OrderFields::price_avg},
    {quoted_key("side"), &OrderFields::side},           {quoted_key("status"), &OrderFields::status},
    {quoted_key("symbol"), &OrderFields::symbol},       {quoted_key("timestamp"), &OrderFields::timestamp},
    {quoted_key("type"), &OrderFields::type},
};

[[nodiscard]] CodecError convert_order(const OrderFields& fields, OrderUpdate& out) noexcept;

// Inline: the fast path's loop runs this per order.
inline CodecError read_order_type(const RawField& f, std::optional<OrderType>& out) noexcept {
  if (f.is_missing()) return CodecError::ok;
  std::string_view text;
  if (const CodecError e = as_string(f, text); e != CodecError::ok) return e;
  if (key_is(text, "limit")) {
    out = OrderType::limit;
  } else if (key_is(text, "market")) {
    out = OrderType::market;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}

inline CodecError convert_order(const OrderFields& f, OrderUpdate& out) noexcept {
  out.venue = Venue::digifinex;
  CodecError e = CodecError::ok;
  if ((e = read_text(f.id, out.order_id)) != CodecError::ok) return e;
  if ((e = read_text(f.symbol, out.symbol)) != CodecError::ok) return e;
  if ((e = read_text(f.status, out.venue_status)) != CodecError::ok) return e;
  out.state = order_state_from_status(out.venue_status);
  if ((e = read_side(f.side, out.side)) != CodecError::ok) return e;
  if ((e = read_order_type(f.type, out.type)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(f.price, out.price)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(f.amount, out.qty)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(f.filled, out.filled_qty)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(f.notional, out.filled_notional)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(f.price_avg, out.avg_price)) != CodecError::ok) return e;
  return read_opt_int64(f.timestamp, out.venue_time_ms);
}


}  // namespace oex::codecs::digifinex::detail
