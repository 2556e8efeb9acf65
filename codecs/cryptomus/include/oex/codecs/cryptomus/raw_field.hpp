#pragma once
// Cryptomus's order_update fields as both the one-pass fast path and the Document path read
// them (RawField and its readers are in codecs/common), so an order decodes the same either way.
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/raw_field.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::cryptomus::detail {

[[nodiscard]] CodecError read_opt_seconds(const RawField& f, OptMillis& out) noexcept;

// The fields of one order_update: `type` from data, the rest from data.info, each the first of
// its name.
struct OrderFields {
  RawField type;
  RawField id, symbol, order_type, direction, price, quantity, value, filled_quantity, filled_value, client_oid,
      create_ts, update_ts, finish_ts, state, internal_state;
};
// The members of data.info, in the order Cryptomus writes them.
inline constexpr FieldKey<OrderFields> kInfoKeys[] = {
    {quoted_key("id"), &OrderFields::id},
    {quoted_key("symbol"), &OrderFields::symbol},
    {quoted_key("orderType"), &OrderFields::order_type},
    {quoted_key("direction"), &OrderFields::direction},
    {quoted_key("price"), &OrderFields::price},
    {quoted_key("quantity"), &OrderFields::quantity},
    {quoted_key("value"), &OrderFields::value},
    {quoted_key("filledQuantity"), &OrderFields::filled_quantity},
    {quoted_key("filledValue"), &OrderFields::filled_value},
    {quoted_key("clientOid"), &OrderFields::client_oid},
    {quoted_key("createTs"), &OrderFields::create_ts},
    {quoted_key("updateTs"), &OrderFields::update_ts},
    {quoted_key("finishTs"), &OrderFields::finish_ts},
    {quoted_key("state"), &OrderFields::state},
    {quoted_key("internalState"), &OrderFields::internal_state},
};

[[nodiscard]] CodecError convert_order(const OrderFields& fields, OrderUpdate& out) noexcept;

// The compact order_update read in one pass with no tape into `out` (a fresh OrderUpdate); false
// means "take the Document path", which then gives the event or the typed error (the two paths
// decode alike).
[[nodiscard]] bool fast_order_update(std::string_view text, std::size_t max_values, std::size_t max_depth,
                                     OrderUpdate& out) noexcept;

}  // namespace oex::codecs::cryptomus::detail
