#pragma once
// One JSON value as the order fast path and the Document path both see it: its kind and its
// exact text. The readers give exactly json::Value's answers (as_text, as_decimal, as_int64),
// so an order decodes the same whichever path read it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::cryptomus::detail {

struct RawField {
  json::Kind kind = json::Kind::absent;
  std::string_view text;  // a string's content (without quotes) or a number's digits
  bool escaped = false;

  [[nodiscard]] bool present() const noexcept { return kind != json::Kind::absent; }
  [[nodiscard]] bool is_missing() const noexcept { return kind == json::Kind::absent || kind == json::Kind::null; }
  [[nodiscard]] static RawField of(json::Value v) noexcept { return {v.kind(), v.raw(), v.has_escapes()}; }
};

[[nodiscard]] CodecError read_text(const RawField& f, std::string_view& out) noexcept;
[[nodiscard]] CodecError read_opt_text(const RawField& f, OptText& out) noexcept;
[[nodiscard]] CodecError read_decimal(const RawField& f, Decimal& out) noexcept;
[[nodiscard]] CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept;
[[nodiscard]] CodecError read_int64(const RawField& f, std::int64_t& out) noexcept;
[[nodiscard]] CodecError read_opt_seconds(const RawField& f, OptMillis& out) noexcept;
[[nodiscard]] CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept;

// The fields of one order_update: `type` from data, the rest from data.info, each the first of
// its name.
struct OrderFields {
  RawField type;
  RawField id, symbol, order_type, direction, price, quantity, value, filled_quantity, filled_value, client_oid,
      create_ts, update_ts, finish_ts, state, internal_state;
  // Where the value of info's `key` goes; nullptr for other keys and repeats.
  [[nodiscard]] RawField* slot(std::string_view key) noexcept;
};

[[nodiscard]] CodecError convert_order(const OrderFields& fields, OrderUpdate& out) noexcept;

// The compact order_update read in one pass with no tape; false means "take the Document path",
// which then gives the event or the typed error (the two paths decode alike).
[[nodiscard]] bool fast_order_update(std::string_view text, std::size_t max_values, std::size_t max_depth,
                                     OrderUpdate& out) noexcept;

}  // namespace oex::codecs::cryptomus::detail
