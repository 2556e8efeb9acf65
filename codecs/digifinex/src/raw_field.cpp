#include "oex/codecs/digifinex/raw_field.hpp"

#include <cstring>

#include "oex/codecs/digifinex/status.hpp"

namespace oex::codecs::digifinex::detail {
namespace {

constexpr CodecError kOk = CodecError::ok;

}  // namespace

CodecError read_opt_millis(const RawField& f, OptMillis& out) noexcept {
  if (f.is_missing()) return kOk;
  std::int64_t ms = 0;
  if (const CodecError e = read_int64(f, ms); e != kOk) return e;
  out = ms;
  return kOk;
}

CodecError read_order_type(const RawField& f, std::optional<OrderType>& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = as_string(f, text); e != kOk) return e;
  if (text == "limit") {
    out = OrderType::limit;
  } else if (text == "market") {
    out = OrderType::market;
  } else {
    return CodecError::invalid_value;
  }
  return kOk;
}

RawField* OrderFields::slot(std::string_view key) noexcept {
  RawField* slot = nullptr;
  switch (key.size()) {
    case 2: slot = key_is(key, "id") ? &id : nullptr; break;
    case 4: slot = key_is(key, "side") ? &side : key_is(key, "type") ? &type : nullptr; break;
    case 5: slot = key_is(key, "price") ? &price : nullptr; break;
    case 6:
      slot = key_is(key, "amount")   ? &amount
             : key_is(key, "filled") ? &filled
             : key_is(key, "status") ? &status
             : key_is(key, "symbol") ? &symbol
                                 : nullptr;
      break;
    case 8: slot = key_is(key, "notional") ? &notional : nullptr; break;
    case 9: slot = key_is(key, "price_avg") ? &price_avg : key_is(key, "timestamp") ? &timestamp : nullptr; break;
    default: break;
  }
  return slot != nullptr && !slot->present() ? slot : nullptr;
}

CodecError convert_order(const OrderFields& f, OrderUpdate& out) noexcept {
  out.venue = Venue::digifinex;
  CodecError e = kOk;
  if ((e = read_text(f.id, out.order_id)) != kOk) return e;
  if ((e = read_text(f.symbol, out.symbol)) != kOk) return e;
  if ((e = read_text(f.status, out.venue_status)) != kOk) return e;
  out.state = order_state_from_status(out.venue_status);
  if ((e = read_side(f.side, out.side)) != kOk) return e;
  if ((e = read_order_type(f.type, out.type)) != kOk) return e;
  if ((e = read_opt_decimal(f.price, out.price)) != kOk) return e;
  if ((e = read_opt_decimal(f.amount, out.qty)) != kOk) return e;
  if ((e = read_opt_decimal(f.filled, out.filled_qty)) != kOk) return e;
  if ((e = read_opt_decimal(f.notional, out.filled_notional)) != kOk) return e;
  if ((e = read_opt_decimal(f.price_avg, out.avg_price)) != kOk) return e;
  return read_opt_millis(f.timestamp, out.venue_time_ms);
}

}  // namespace oex::codecs::digifinex::detail
