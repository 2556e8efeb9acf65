#pragma once
// Cryptomus WS requests as compact JSON {"id":<id>,"method":"<method>","params":[...]} written
// into the caller's buffer. Nothing here allocates; a buffer that is too small gives
// buffer_too_small and the text is not to be sent.
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::cryptomus {

enum class Channel : std::uint8_t { lastprice, depth, ticker, trade, order, balance, deal };

[[nodiscard]] constexpr std::string_view channel_name(Channel c) noexcept {
  switch (c) {
    case Channel::lastprice: return "lastprice";
    case Channel::depth: return "depth";
    case Channel::ticker: return "ticker";
    case Channel::trade: return "trade";
    case Channel::order: return "order";
    case Channel::balance: return "balance";
    case Channel::deal: return "deal";
  }
  return "";
}

// One depth stream: a market at one of its depth scales (see the depth-scale list).
struct DepthTopic {
  std::string_view market;
  std::int64_t scale_index = 0;
};

using EncodeResult = Result<std::string_view, CodecError>;

[[nodiscard]] EncodeResult encode_ping(std::span<char> out, std::int64_t id) noexcept;

// <channel>_subscribe / <channel>_unsubscribe with markets (currencies for balance) as params.
// For depth, pass "market:scale_index" texts or use the DepthTopic overloads.
[[nodiscard]] EncodeResult encode_subscribe(std::span<char> out, std::int64_t id, Channel channel,
                                            std::span<const std::string_view> params) noexcept;
[[nodiscard]] EncodeResult encode_unsubscribe(std::span<char> out, std::int64_t id, Channel channel,
                                              std::span<const std::string_view> params) noexcept;
// params ["all"]: every market (or currency) of the channel.
[[nodiscard]] EncodeResult encode_subscribe_all(std::span<char> out, std::int64_t id, Channel channel) noexcept;
[[nodiscard]] EncodeResult encode_unsubscribe_all(std::span<char> out, std::int64_t id, Channel channel) noexcept;
[[nodiscard]] EncodeResult encode_depth_subscribe(std::span<char> out, std::int64_t id,
                                                  std::span<const DepthTopic> topics) noexcept;
[[nodiscard]] EncodeResult encode_depth_unsubscribe(std::span<char> out, std::int64_t id,
                                                    std::span<const DepthTopic> topics) noexcept;

}  // namespace oex::codecs::cryptomus
