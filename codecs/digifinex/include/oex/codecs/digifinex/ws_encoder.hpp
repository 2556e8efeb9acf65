#pragma once
// DigiFinex WS v1 requests, written into the caller's buffer as compact JSON:
// {"id":<id>,"method":"<method>","params":[...]}. Nothing here allocates; a buffer that is too
// small gives buffer_too_small and the text is not to be sent.
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::digifinex {

// The subscribable channels of the document; each has <name>.subscribe and <name>.unsubscribe.
enum class Channel : std::uint8_t { trades, depth, ticker, all_ticker, order, order_algo, balance };

[[nodiscard]] constexpr std::string_view channel_name(Channel c) noexcept {
  switch (c) {
    case Channel::trades: return "trades";
    case Channel::depth: return "depth";
    case Channel::ticker: return "ticker";
    case Channel::all_ticker: return "all_ticker";
    case Channel::order: return "order";
    case Channel::order_algo: return "order_algo";
    case Channel::balance: return "balance";
  }
  return "";
}

using EncodeResult = Result<std::string_view, CodecError>;

// server.ping / server.time: empty params.
[[nodiscard]] EncodeResult encode_ping(std::span<char> out, std::int64_t id) noexcept;
[[nodiscard]] EncodeResult encode_time(std::span<char> out, std::int64_t id) noexcept;

// server.auth: params [apikey, "<timestamp_ms>", base64(HMAC-SHA256(secret, "<timestamp_ms>"))].
// `secret` is built once at start-up; the secret itself never reaches the buffer.
[[nodiscard]] EncodeResult encode_auth(std::span<char> out, std::int64_t id, std::string_view api_key,
                                       std::int64_t timestamp_ms, const HmacSha256& secret) noexcept;

// <channel>.subscribe / <channel>.unsubscribe with the markets (or currencies for balance) as
// params; all_ticker takes none, and an empty list unsubscribes everything as the document shows.
[[nodiscard]] EncodeResult encode_subscribe(std::span<char> out, std::int64_t id, Channel channel,
                                            std::span<const std::string_view> params) noexcept;
[[nodiscard]] EncodeResult encode_unsubscribe(std::span<char> out, std::int64_t id, Channel channel,
                                              std::span<const std::string_view> params) noexcept;

}  // namespace oex::codecs::digifinex
