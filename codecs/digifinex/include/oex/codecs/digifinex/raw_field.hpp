#pragma once
// DigiFinex's order.update fields as both the one-pass fast path and the Document path read
// them (RawField and its readers are in codecs/common), so an order decodes the same either way.
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::digifinex::detail {

[[nodiscard]] CodecError read_opt_millis(const RawField& f, OptMillis& out) noexcept;
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
