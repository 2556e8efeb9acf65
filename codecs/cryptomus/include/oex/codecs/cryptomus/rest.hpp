#pragma once
// Cryptomus REST calls the WS session needs at start-up: the one-time connection token, the
// market list (base currencies for balance_subscribe) and the depth-scale list (scale indexes
// for depth_subscribe).
//
// The document does not name the token request's path or method, so both are configuration.
// It defers authorisation to the account's headers; Cryptomus's user API authorises with
// `userId` and `sign` = hex(MD5(base64(body) + api_key)), which encode_token_request writes.
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/cryptomus/detail.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/codecs/signing.hpp"

namespace oex::codecs::cryptomus {

struct TokenRequestConfig {
  std::string_view method = "POST";
  std::string_view path;  // required: e.g. the account's "/v2/user-api/..." token endpoint
};

// The user API's `sign` header: MD5(base64(body) + api_key), to be written as lower-case hex.
// The body is base64-encoded into the hash in pieces, so nothing is copied or allocated.
[[nodiscard]] Digest<Md5> sign_body(std::string_view body, std::string_view api_key) noexcept;

// Fills `out` with views into `buffer`; the api key itself is not written anywhere.
[[nodiscard]] CodecError encode_token_request(std::span<char> buffer, const TokenRequestConfig& config,
                                              std::string_view user_id, std::string_view api_key,
                                              RestRequest& out) noexcept;

enum class Endpoint : std::uint8_t { token, markets, depth_scales };

struct TokenResponse {
  std::string_view token;
};

struct MarketInfo {
  std::string_view id;
  std::string_view symbol;
  std::string_view base_currency;
  std::string_view quote_currency;
  OptDecimal base_min_size;
  OptDecimal quote_min_size;
  OptDecimal base_max_size;
  OptDecimal quote_max_size;
  std::optional<std::int64_t> base_precision;
  std::optional<std::int64_t> quote_precision;
  OptText base_currency_name;  // as sent (JSON escapes not decoded)
  OptText quote_currency_name;
};

struct DepthScale {
  Decimal scale;
  std::int64_t index = 0;
};

// decode(endpoint, http_status, body, sink): TokenResponse, one MarketInfo per market or one
// DepthScale per scale. A status outside 2xx, or a depth-scale answer whose status is not
// success, gives one VenueError (code and message from the body where it has them, the HTTP
// status) and returns venue_error. A list is validated in full before its first element is
// emitted.
class RestDecoder {
 public:
  explicit RestDecoder(std::size_t max_values = 65536, std::size_t max_depth = 16) : doc_(max_values, max_depth) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink) noexcept;

 private:
  json::Document doc_;
};

namespace detail {
[[nodiscard]] CodecError parse_token(json::Value root, TokenResponse& out) noexcept;
[[nodiscard]] CodecError parse_market(json::Value market, MarketInfo& out) noexcept;
[[nodiscard]] CodecError parse_depth_scale(json::Value scale, DepthScale& out) noexcept;
void parse_http_error(const json::Document& doc, bool parsed, int http_status, VenueError& out) noexcept;

template <class Item, class Parse, class Sink>
[[nodiscard]] CodecError emit_list(json::Value list, Parse parse, Sink& sink) noexcept {
  if (const CodecError e = require_array(list); e != CodecError::ok) return e;
  for (const auto member : list) {
    Item scratch{};
    if (const CodecError e = parse(member.value, scratch); e != CodecError::ok) return e;
  }
  for (const auto member : list) {
    Item item{};
    (void)parse(member.value, item);
    sink(static_cast<const Item&>(item));
  }
  return CodecError::ok;
}
}  // namespace detail

template <class Sink>
CodecError RestDecoder::decode(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink) noexcept {
  const CodecError parsed = doc_.parse(body);
  if (http_status < 200 || http_status > 299) {
    VenueError error{};
    detail::parse_http_error(doc_, parsed == CodecError::ok, http_status, error);
    sink(static_cast<const VenueError&>(error));
    return CodecError::venue_error;
  }
  if (parsed != CodecError::ok) return parsed;
  const json::Value root = doc_.root();
  if (!root.is_object()) return CodecError::unknown_message;
  switch (endpoint) {
    case Endpoint::token: {
      TokenResponse token{};
      if (const CodecError e = detail::parse_token(root, token); e != CodecError::ok) return e;
      sink(static_cast<const TokenResponse&>(token));
      return CodecError::ok;
    }
    case Endpoint::markets: return detail::emit_list<MarketInfo>(root["result"], detail::parse_market, sink);
    case Endpoint::depth_scales: {
      const auto status = root["status"].as_string();
      if (!status.ok()) return status.error();
      if (*status != "success") {
        VenueError error{};
        error.venue = Venue::cryptomus;
        error.code = *status;
        const auto message = root["message"].as_text();
        if (message.ok()) error.message = *message;
        error.http_status = http_status;
        sink(static_cast<const VenueError&>(error));
        return CodecError::venue_error;
      }
      return detail::emit_list<DepthScale>(root["data"], detail::parse_depth_scale, sink);
    }
  }
  return CodecError::unknown_message;
}

}  // namespace oex::codecs::cryptomus
