#pragma once
// One JSON value as the order fast path and the Document path both see it: its kind and its
// exact text. The readers below give exactly json::Value's answers (as_text, as_decimal,
// as_int64 ...), so an order decodes the same whichever path read it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::digifinex::detail {

struct RawField {
  json::Kind kind = json::Kind::absent;
  std::string_view text;  // a string's content (without quotes) or a number's digits
  bool escaped = false;

  [[nodiscard]] bool present() const noexcept { return kind != json::Kind::absent; }
  [[nodiscard]] bool is_missing() const noexcept { return kind == json::Kind::absent || kind == json::Kind::null; }
  [[nodiscard]] static RawField of(json::Value v) noexcept { return {v.kind(), v.raw(), v.has_escapes()}; }
};

[[nodiscard]] CodecError read_text(const RawField& f, std::string_view& out) noexcept;
[[nodiscard]] CodecError read_decimal(const RawField& f, Decimal& out) noexcept;
[[nodiscard]] CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept;
[[nodiscard]] CodecError read_opt_millis(const RawField& f, OptMillis& out) noexcept;
[[nodiscard]] CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept;
[[nodiscard]] CodecError read_order_type(const RawField& f, std::optional<OrderType>& out) noexcept;

// The fields of one order.update element, each the first of its name in the object.
struct OrderFields {
  RawField amount, filled, id, notional, price, price_avg, side, status, symbol, timestamp, type;
  // Where the value of `key` goes: the field's slot the first time, nullptr for other keys and
  // for repeats (the first of a name counts, as json::Value::operator[] finds it).
  [[nodiscard]] RawField* slot(std::string_view key) noexcept;
};

[[nodiscard]] CodecError convert_order(const OrderFields& fields, OrderUpdate& out) noexcept;

}  // namespace oex::codecs::digifinex::detail
