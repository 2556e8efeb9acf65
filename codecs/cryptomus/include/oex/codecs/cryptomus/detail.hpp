#pragma once
// Field readers and per-message parsers behind the Cryptomus decoders' templates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::cryptomus::detail {

[[nodiscard]] CodecError read_text(json::Value v, std::string_view& out) noexcept;
[[nodiscard]] CodecError read_opt_text(json::Value v, OptText& out) noexcept;
[[nodiscard]] CodecError read_decimal(json::Value v, Decimal& out) noexcept;
[[nodiscard]] CodecError read_opt_decimal(json::Value v, OptDecimal& out) noexcept;
// Cryptomus stamps are whole epoch seconds; events carry milliseconds.
[[nodiscard]] CodecError read_opt_seconds(json::Value v, OptMillis& out) noexcept;
[[nodiscard]] CodecError read_side(json::Value v, std::optional<Side>& out) noexcept;
[[nodiscard]] CodecError require_object(json::Value v) noexcept;
[[nodiscard]] CodecError require_array(json::Value v) noexcept;

[[nodiscard]] CodecError parse_lastprice(json::Value data, Ticker& out) noexcept;
[[nodiscard]] CodecError parse_ticker(json::Value data, Ticker& out) noexcept;
[[nodiscard]] CodecError parse_trade(json::Value trade, std::string_view symbol, PublicTrade& out) noexcept;
[[nodiscard]] CodecError parse_order(json::Value data, OrderUpdate& out) noexcept;
[[nodiscard]] CodecError parse_balance(json::Value data, Balance& out) noexcept;
[[nodiscard]] CodecError parse_deal(json::Value data, Fill& out) noexcept;
[[nodiscard]] CodecError parse_levels(json::Value levels, BookLevel* storage, std::size_t capacity,
                                      std::size_t& count) noexcept;
// A non-null `error` (object with code/message, or code/message beside it): fills `out`.
void parse_error(json::Value root, VenueError& out) noexcept;

}  // namespace oex::codecs::cryptomus::detail
