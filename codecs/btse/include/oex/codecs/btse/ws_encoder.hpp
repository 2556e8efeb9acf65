#pragma once
// Encodes the client frames of BTSE's WebSocket servers (/ws/spot and /ws/oss/spot) into a
// caller-owned buffer; each returns the frame's length or why it could not be written.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/btse/auth.hpp"
#include "oex/codecs/codec_error.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::btse {

// "ping": the servers answer "pong".
[[nodiscard]] Result<std::size_t, CodecError> encode_ping(std::span<char> buffer) noexcept;
// {"op":"subscribe","args":[topics...]}: notificationApiV3, fills, tradeHistoryApi:<symbol>,
// snapshotL1:<symbol>, update:<symbol>_<grouping>.
[[nodiscard]] Result<std::size_t, CodecError> encode_subscribe(std::span<const std::string_view> topics,
                                                               std::span<char> buffer) noexcept;
[[nodiscard]] Result<std::size_t, CodecError> encode_unsubscribe(std::span<const std::string_view> topics,
                                                                 std::span<char> buffer) noexcept;
// {"op":"authKeyExpires","args":[api_key, "nonce", hex(HMAC-SHA384(secret, path + nonce))]}.
[[nodiscard]] Result<std::size_t, CodecError> encode_auth(std::string_view api_key, const HmacSha384& key,
                                                          std::int64_t nonce_ms, std::span<char> buffer,
                                                          std::string_view path = kWsSpotPath) noexcept;

}  // namespace oex::codecs::btse
