#include "oex/codecs/digifinex/raw_field.hpp"

#include <cstring>

#include "oex/codecs/digifinex/status.hpp"

namespace oex::codecs::digifinex::detail {
namespace {

constexpr CodecError kOk = CodecError::ok;

// json::Value::as_text
CodecError as_text(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string && f.kind != json::Kind::number) return CodecError::wrong_type;
  out = f.text;
  return kOk;
}

// json::Value::as_string
CodecError as_string(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string) return CodecError::wrong_type;
  out = f.text;
  return kOk;
}

}  // namespace

// Identifiers are handed out as views of the message, so an escaped one cannot be passed on.
CodecError read_text(const RawField& f, std::string_view& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != kOk) return e;
  if (f.escaped) return CodecError::invalid_value;
  out = text;
  return kOk;
}

// json::Value::as_decimal: exact, from the text, never through a double.
CodecError read_decimal(const RawField& f, Decimal& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != kOk) return e;
  const auto d = Decimal::parse(text);
  if (!d.ok()) {
    return d.error() == Error::too_many_digits || d.error() == Error::overflow ? CodecError::number_out_of_range
                                                                               : CodecError::invalid_number;
  }
  out = *d;
  return kOk;
}

CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept {
  if (f.is_missing()) return kOk;
  Decimal d;
  if (const CodecError e = read_decimal(f, d); e != kOk) return e;
  out = d;
  return kOk;
}

// json::Value::as_int64
CodecError read_opt_millis(const RawField& f, OptMillis& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view t;
  if (const CodecError e = as_text(f, t); e != kOk) return e;
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty()) return CodecError::invalid_number;
  std::uint64_t v = 0;
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  for (const char c : t) {
    if (static_cast<unsigned char>(c - '0') >= 10) return CodecError::invalid_number;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (limit - d) / 10) return CodecError::number_out_of_range;
    v = v * 10 + d;
  }
  out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return kOk;
}

CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = as_string(f, text); e != kOk) return e;
  if (text == "buy") {
    out = Side::buy;
  } else if (text == "sell") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
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

namespace {
// A key compared with a literal of known length: the compiler turns it into one or two loads.
template <std::size_t N>
bool is(std::string_view key, const char (&literal)[N]) noexcept {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}
}  // namespace

RawField* OrderFields::slot(std::string_view key) noexcept {
  RawField* slot = nullptr;
  switch (key.size()) {
    case 2: slot = is(key, "id") ? &id : nullptr; break;
    case 4: slot = is(key, "side") ? &side : is(key, "type") ? &type : nullptr; break;
    case 5: slot = is(key, "price") ? &price : nullptr; break;
    case 6:
      slot = is(key, "amount")   ? &amount
             : is(key, "filled") ? &filled
             : is(key, "status") ? &status
             : is(key, "symbol") ? &symbol
                                 : nullptr;
      break;
    case 8: slot = is(key, "notional") ? &notional : nullptr; break;
    case 9: slot = is(key, "price_avg") ? &price_avg : is(key, "timestamp") ? &timestamp : nullptr; break;
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
