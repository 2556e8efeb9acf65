#pragma once
// BTSE's signatures. REST: request-sign = hex(HMAC-SHA384(secret, urlpath + request-nonce +
// body)), body '' when there is none; urlpath is the path below the API base
// (/api/v3.3/order, without /spot and without the query). WebSocket authKeyExpires:
// hex(HMAC-SHA384(secret, "/ws/spot" + nonce)). The HMAC key is built once at start-up.
#include <string_view>

#include "oex/codecs/signing.hpp"

namespace oex::codecs::btse {

using Signature = Digest<Sha384>;

[[nodiscard]] inline Signature rest_signature(const HmacSha384& key, std::string_view path, std::string_view nonce,
                                              std::string_view body) noexcept {
  return key.sign({path, nonce, body});
}

inline constexpr std::string_view kWsSpotPath = "/ws/spot";

[[nodiscard]] inline Signature ws_signature(const HmacSha384& key, std::string_view nonce,
                                            std::string_view path = kWsSpotPath) noexcept {
  return key.sign({path, nonce});
}

}  // namespace oex::codecs::btse
