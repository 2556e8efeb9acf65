#include "oex/codecs/cryptomus/raw_field.hpp"

#include <cstring>
#include <limits>

#include "json_cursor.hpp"
#include "oex/codecs/cryptomus/status.hpp"

namespace oex::codecs::cryptomus::detail {
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

template <std::size_t N>
bool is(std::string_view key, const char (&literal)[N]) noexcept {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

}  // namespace

// Texts are handed out as views of the message, so an escaped identifier cannot be passed on.
CodecError read_text(const RawField& f, std::string_view& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != kOk) return e;
  if (f.escaped) return CodecError::invalid_value;
  out = text;
  return kOk;
}

CodecError read_opt_text(const RawField& f, OptText& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = read_text(f, text); e != kOk) return e;
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
CodecError read_int64(const RawField& f, std::int64_t& out) noexcept {
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

// Cryptomus stamps are whole epoch seconds; events carry milliseconds.
CodecError read_opt_seconds(const RawField& f, OptMillis& out) noexcept {
  if (f.is_missing()) return kOk;
  std::int64_t seconds = 0;
  if (const CodecError e = read_int64(f, seconds); e != kOk) return e;
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1000;
  if (seconds > kLimit || seconds < -kLimit) return CodecError::number_out_of_range;
  out = seconds * 1000;
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

RawField* OrderFields::slot(std::string_view key) noexcept {
  RawField* s = nullptr;
  switch (key.size()) {
    case 2: s = is(key, "id") ? &id : nullptr; break;
    case 5: s = is(key, "price") ? &price : is(key, "value") ? &value : is(key, "state") ? &state : nullptr; break;
    case 6: s = is(key, "symbol") ? &symbol : nullptr; break;
    case 8:
      s = is(key, "quantity") ? &quantity : is(key, "createTs") ? &create_ts : is(key, "updateTs") ? &update_ts
          : is(key, "finishTs")                                                                 ? &finish_ts
                                                                                                : nullptr;
      break;
    case 9: s = is(key, "orderType") ? &order_type : is(key, "direction") ? &direction : is(key, "clientOid") ? &client_oid : nullptr; break;
    case 11: s = is(key, "filledValue") ? &filled_value : nullptr; break;
    case 13: s = is(key, "internalState") ? &internal_state : nullptr; break;
    case 14: s = is(key, "filledQuantity") ? &filled_quantity : nullptr; break;
    default: break;
  }
  return s != nullptr && !s->present() ? s : nullptr;
}

CodecError convert_order(const OrderFields& f, OrderUpdate& out) noexcept {
  out.venue = Venue::cryptomus;
  CodecError e = kOk;
  std::string_view type;
  if ((e = read_text(f.type, type)) != kOk) return e;
  if (type != "created" && type != "updated" && type != "finished") return CodecError::invalid_value;
  if ((e = read_text(f.id, out.order_id)) != kOk) return e;
  if ((e = read_text(f.symbol, out.symbol)) != kOk) return e;
  if ((e = read_opt_text(f.client_oid, out.client_order_id)) != kOk) return e;
  if ((e = read_side(f.direction, out.side)) != kOk) return e;
  if (!f.order_type.is_missing()) {
    std::string_view t;
    if ((e = as_string(f.order_type, t)) != kOk) return e;
    if (t == "limit") {
      out.type = OrderType::limit;
    } else if (t == "market") {
      out.type = OrderType::market;
    } else {
      return CodecError::invalid_value;
    }
  }
  if ((e = read_opt_decimal(f.price, out.price)) != kOk) return e;
  if ((e = read_opt_decimal(f.quantity, out.qty)) != kOk) return e;
  if ((e = read_opt_decimal(f.filled_quantity, out.filled_qty)) != kOk) return e;
  if ((e = read_opt_decimal(f.filled_value, out.filled_notional)) != kOk) return e;
  // `value` is price x quantity as ordered: validated, with no normalized field of its own.
  OptDecimal value;
  if ((e = read_opt_decimal(f.value, value)) != kOk) return e;

  OptText state;
  OptText internal_state;
  if ((e = read_opt_text(f.state, state)) != kOk) return e;
  if ((e = read_opt_text(f.internal_state, internal_state)) != kOk) return e;
  out.venue_status = internal_state ? *internal_state : state ? *state : type;
  out.state = order_state_from_status(out.venue_status);
  if (type == "updated" && out.filled_qty && out.filled_qty->is_zero()) out.state = OrderState::new_;

  // The latest stamp the venue gives: finished, else updated, else created.
  OptMillis created;
  OptMillis updated;
  OptMillis finished;
  if ((e = read_opt_seconds(f.create_ts, created)) != kOk) return e;
  if ((e = read_opt_seconds(f.update_ts, updated)) != kOk) return e;
  if ((e = read_opt_seconds(f.finish_ts, finished)) != kOk) return e;
  out.venue_time_ms = finished ? finished : updated ? updated : created;
  return kOk;
}

bool fast_order_update(std::string_view text, std::size_t max_values, std::size_t max_depth,
                       OrderUpdate& out) noexcept {
  JsonCursor c(text, max_values, max_depth);
  if (!c.open('{', 0)) return false;
  OrderFields fields;
  bool have_method = false;
  bool have_data = false;
  bool have_info = false;
  bool have_error = false;
  auto read_data = [&]() noexcept {
    if (!c.open('{', 1)) return false;
    return c.members([&](std::string_view key) noexcept {
      RawField ignored;
      if (is(key, "info")) {
        if (have_info || !c.open('{', 2)) return false;  // a repeated or non-object info: Document path
        have_info = true;
        return c.members([&](std::string_view field) noexcept {
          RawField unused;
          RawField* slot = fields.slot(field);
          return c.value(slot != nullptr ? *slot : unused, 3);
        });
      }
      if (is(key, "type")) return c.value(fields.type.present() ? ignored : fields.type, 2);
      return c.value(ignored, 2);
    });
  };
  const bool root_ok = c.members([&](std::string_view key) noexcept {
    RawField field;
    if (is(key, "method")) {
      if (have_method || !c.value(field, 1)) return false;
      have_method = field.kind == json::Kind::string && !field.escaped && field.text == "order_update";
      return have_method;
    }
    if (is(key, "data")) {
      if (!have_method || have_data) return false;  // the venue sends method first
      have_data = true;
      return read_data();
    }
    if (is(key, "error")) {
      if (have_error || !c.value(field, 1)) return false;
      have_error = true;
      return field.kind == json::Kind::null;  // an error answer takes the Document path
    }
    return c.value(field, 1);
  });
  if (!root_ok || !have_info || !c.at_end()) return false;
  out = OrderUpdate{};
  return convert_order(fields, out) == kOk;
}

}  // namespace oex::codecs::cryptomus::detail
