#pragma once
// "METHOD /path?query" of a captured HTTP exchange -> the REST endpoint each venue's decoder
// takes. The paths are the ones the venues' encoders write (codecs/<venue>/src/rest_encoder.cpp,
// codecs/digifinex/src/rest.cpp, codecs/cryptomus/src/order_rest.cpp), matched exactly;
// Cryptomus's token path is not documented (it is configuration), so any other path naming
// "token" is taken as it.
#include <optional>
#include <string_view>

#include "oex/codecs/btse/types.hpp"
#include "oex/codecs/cryptomus/order_rest.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/digifinex/rest.hpp"
#include "oex/codecs/gct/decoder.hpp"

namespace oex::replay {

struct RequestLine {
  std::string_view method;
  std::string_view path;   // without the query
  std::string_view query;  // after '?', empty when none
};

[[nodiscard]] RequestLine split_request(std::string_view req) noexcept;
// The value of `key` in an x-www-form-urlencoded query (as sent, not percent-decoded).
[[nodiscard]] std::optional<std::string_view> query_param(std::string_view query, std::string_view key) noexcept;

[[nodiscard]] std::optional<codecs::btse::Endpoint> btse_endpoint(const RequestLine& r) noexcept;
[[nodiscard]] std::optional<codecs::gct::Endpoint> gct_endpoint(const RequestLine& r) noexcept;
[[nodiscard]] std::optional<codecs::deflow::Endpoint> deflow_endpoint(const RequestLine& r) noexcept;
[[nodiscard]] std::optional<codecs::digifinex::RestEndpoint> digifinex_endpoint(const RequestLine& r) noexcept;
// The public calls (token, markets, depth scales).
[[nodiscard]] std::optional<codecs::cryptomus::Endpoint> cryptomus_endpoint(const RequestLine& r) noexcept;
// Order entry; for a cancel, `order_id` is set to the id the path names.
[[nodiscard]] std::optional<codecs::cryptomus::OrderEndpoint> cryptomus_order_endpoint(
    const RequestLine& r, std::string_view* order_id = nullptr) noexcept;

}  // namespace oex::replay
