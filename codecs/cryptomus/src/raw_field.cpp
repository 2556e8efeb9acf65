#include "oex/codecs/cryptomus/raw_field.hpp"

#include <cstring>
#include <limits>

#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/cryptomus/status.hpp"

namespace oex::codecs::cryptomus::detail {
namespace {

constexpr CodecError kOk = CodecError::ok;

}  // namespace

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
  // An internalState the table does not know ("partially_filled" on a finished order) defers to
  // how the order ended.
  if (out.state == OrderState::unknown && internal_state && state) out.state = order_state_from_status(*state);
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
      if (key_is(key, "info")) {
        if (have_info || !c.open('{', 2)) return false;  // a repeated or non-object info: Document path
        have_info = true;
        return c.fields(kInfoKeys, fields, 3, Repeats::first_counts);
      }
      if (key_is(key, "type") && !fields.type.present()) return c.value(fields.type, 2);
      return c.skip(2);
    });
  };
  const bool root_ok = c.members([&](std::string_view key) noexcept {
    RawField field;
    if (key_is(key, "method")) {
      if (have_method || !c.value(field, 1)) return false;
      have_method = field.kind == json::Kind::string && !field.escaped && key_is(field.text, "order_update");
      return have_method;
    }
    if (key_is(key, "data")) {
      if (!have_method || have_data) return false;  // the venue sends method first
      have_data = true;
      return read_data();
    }
    if (key_is(key, "error")) {
      if (have_error || !c.value(field, 1)) return false;
      have_error = true;
      return field.kind == json::Kind::null;  // an error answer takes the Document path
    }
    return c.skip(1);
  });
  return root_ok && have_info && c.at_end() && convert_order(fields, out) == kOk;
}

}  // namespace oex::codecs::cryptomus::detail
