#pragma once
// Field readers behind the BTSE decoders (not part of the codec's interface): each reads one JSON
// object of a documented shape into a normalized event, or says why it cannot.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/btse/status.hpp"
#include "oex/codecs/btse/types.hpp"
#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::btse::detail {

// One JSON value as the readers need it: its kind and its exact text (a string's content without
// quotes). It reads exactly as json::Value does, so an object indexed from the shared reader and
// one scanned by the flat fast path give the same answers.
struct FieldValue {
  json::Kind kind = json::Kind::absent;
  std::string_view text;

  static FieldValue of(json::Value v) noexcept { return FieldValue{v.kind(), v.raw()}; }
  [[nodiscard]] bool is_missing() const noexcept { return kind == json::Kind::absent || kind == json::Kind::null; }
  [[nodiscard]] Result<std::string_view, CodecError> as_text() const noexcept;
  [[nodiscard]] Result<std::string_view, CodecError> as_string() const noexcept;
  [[nodiscard]] Result<Decimal, CodecError> as_decimal() const noexcept;
  [[nodiscard]] Result<std::int64_t, CodecError> as_int64() const noexcept;
};

// Inline: the order readers call these for every field of every notification.
inline Result<std::string_view, CodecError> FieldValue::as_text() const noexcept {
  if (is_missing()) return CodecError::missing_field;
  if (kind != json::Kind::string && kind != json::Kind::number) return CodecError::wrong_type;
  return text;
}

inline Result<std::string_view, CodecError> FieldValue::as_string() const noexcept {
  if (is_missing()) return CodecError::missing_field;
  if (kind != json::Kind::string) return CodecError::wrong_type;
  return text;
}

inline Result<Decimal, CodecError> FieldValue::as_decimal() const noexcept {
  const auto t = as_text();
  if (!t.ok()) return t.error();
  if (Decimal plain; parse_plain_decimal(*t, plain)) return plain;
  const auto d = Decimal::parse(*t);
  if (!d.ok()) {
    return d.error() == Error::too_many_digits || d.error() == Error::overflow ? CodecError::number_out_of_range
                                                                               : CodecError::invalid_number;
  }
  return *d;
}

inline Result<std::int64_t, CodecError> FieldValue::as_int64() const noexcept {
  const auto t = as_text();
  if (!t.ok()) return t.error();
  std::int64_t v = 0;
  if (const CodecError e = parse_int64(*t, v); e != CodecError::ok) return e;
  return v;
}

// The members of an order object the readers use, found in one pass over the object (the first
// of a repeated name wins, as json::Value::operator[] finds it).
enum class OrderField : std::uint8_t {
  status, order_state, order_id, symbol, cl_order_id, side, order_type, time_in_force, time_in_force_v2,
  price, current_base_size, original_base_size, size, total_filled_base_size, filled_size,
  remaining_order_base_size, remaining_base_size, remaining_size, avg_filled_price, trigger_price,
  timestamp, message, tx_type, filled_base_size, count_
};
struct OrderFields {
  [[nodiscard]] const FieldValue& operator[](OrderField f) const noexcept {
    static constexpr FieldValue kAbsent{};
    const auto i = static_cast<std::size_t>(f);
    return (present_ >> i & 1U) != 0 ? slots_[i] : kAbsent;
  }
  // Files one member under its name; members the readers do not use are skipped.
  void add(std::string_view key, FieldValue value) noexcept;
  // Files a member whose name the caller already matched; the first of a repeated name wins.
  void set(OrderField f, FieldValue value) noexcept {
    const auto i = static_cast<std::size_t>(f);
    if (f == OrderField::count_ || (present_ >> i & 1U) != 0) return;
    slots_[i] = value;
    present_ |= std::uint32_t{1} << i;
  }
  void clear() noexcept { present_ = 0; }

 private:
  std::array<FieldValue, static_cast<std::size_t>(OrderField::count_)> slots_;
  std::uint32_t present_ = 0;
};
static_assert(static_cast<std::size_t>(OrderField::count_) <= 32);
void index_order_fields(json::Value order, OrderFields& out) noexcept;

// {"topic":"notificationApiV3","data":{...}} whose data holds only strings, numbers and literals
// (the shape BTSE pushes): validated in one pass over the text with the JSON grammar of the
// shared reader, and data's members indexed. False for any other text, including invalid JSON:
// the caller then decodes with the shared reader, which names the error. `max_values` keeps the
// fast path within the capacity the shared reader was given.
[[nodiscard]] bool scan_flat_notification(std::string_view text, std::size_t max_values, OrderFields& out) noexcept;

// One order object: REST create / amend / cancel answers, query order, open orders and the data
// of notificationApiV3.
struct OrderRead {
  OrderUpdate update;
  const StatusCode* status = nullptr;  // nullptr when the document does not list the code
  std::string_view message;            // the answer's "message", empty when none
};
[[nodiscard]] CodecError read_order(const OrderFields& order, OrderRead& out) noexcept;
[[nodiscard]] CodecError read_order(json::Value order, OrderRead& out) noexcept;

// notificationApiV3 data: an order object plus txType and the fill this notification reports.
[[nodiscard]] CodecError read_notification(const OrderFields& data, OrderRead& out) noexcept;
[[nodiscard]] CodecError read_notification(json::Value data, OrderRead& out) noexcept;

// The members of one element of the `fills` topic the reader uses (the first of a repeated name
// counts), filled from a json::Value or by the WebSocket decoder's one-pass cursor.
struct WsFillFields {
  RawField symbol, order_id, cl_order_id, trade_id, side, price, size, fee_amount, fee_currency, timestamp, maker;
};
[[nodiscard]] CodecError read_ws_fill(const WsFillFields& fill, Fill& out) noexcept;
[[nodiscard]] CodecError read_ws_fill(json::Value fill, Fill& out) noexcept;
// One element of GET /user/trade_history.
[[nodiscard]] CodecError read_trade_history(json::Value trade, Fill& out) noexcept;
// One element of GET /trades or of the tradeHistoryApi topic.
[[nodiscard]] CodecError read_public_trade(json::Value trade, PublicTrade& out) noexcept;
// [["price","size"], ...] (the order-book socket) into storage.
[[nodiscard]] CodecError read_level_pairs(json::Value levels, std::span<BookLevel> storage,
                                          std::span<const BookLevel>& out) noexcept;
// [{"price":..,"size":..}, ...] (the REST order books) into storage.
[[nodiscard]] CodecError read_level_quotes(json::Value levels, std::span<BookLevel> storage,
                                           std::span<const BookLevel>& out) noexcept;
[[nodiscard]] CodecError read_market_summary(json::Value market, Ticker& out) noexcept;
[[nodiscard]] CodecError read_price(json::Value price, Ticker& out) noexcept;
[[nodiscard]] CodecError read_time(json::Value time, ServerTime& out) noexcept;
[[nodiscard]] CodecError read_fees(json::Value fees, FeeRates& out) noexcept;
// [time, open, high, low, close, volume]
[[nodiscard]] CodecError read_candle(json::Value row, Candle& out) noexcept;

// An error frame of the WebSocket servers: {"errors":[{"error":{"code":..,"message":..}}]}.
// Reads one element of "errors".
[[nodiscard]] CodecError read_ws_error(json::Value element, VenueError& out) noexcept;

// The code and text of an HTTP error answer. The document shows no error body, so any JSON
// object's errorCode / code / status and message / msg / error are read; a body that is not
// JSON becomes the message, and the HTTP status (written into `status_text`) the code.
void read_http_error(json::Document& doc, std::string_view body, int http_status, std::span<char, 4> status_text,
                     VenueError& out) noexcept;

// Subscribe / unsubscribe acknowledgements: {"event":"subscribe","channel":[...]}.
[[nodiscard]] bool is_subscription_event(json::Value root, bool& subscribed) noexcept;

}  // namespace oex::codecs::btse::detail
