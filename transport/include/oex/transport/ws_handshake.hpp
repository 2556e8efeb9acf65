#pragma once
// The WebSocket opening handshake (RFC 6455 section 4): the client's key, the request, and the
// checks on the server's 101 answer.
#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "oex/transport/error.hpp"
#include "oex/transport/http_response_parser.hpp"

namespace oex::transport {

using WsKey = std::array<char, 24>;     // base64 of 16 random bytes
using WsAccept = std::array<char, 28>;  // base64 of a SHA-1 digest

[[nodiscard]] WsKey make_ws_key(std::span<const std::uint8_t, 16> nonce) noexcept;
[[nodiscard]] WsAccept ws_accept_for(std::string_view key) noexcept;
// base64 (RFC 4648, padded) of `in` into `out`; returns the characters written (4 * ceil(n/3)).
std::size_t base64_encode(std::span<const std::uint8_t> in, char* out) noexcept;

// Writes the upgrade request into `out`; returns its length, 0 when `out` is too small.
// `extra_headers` are complete "Name: value\r\n" lines. No extension is offered.
[[nodiscard]] std::size_t write_ws_request(std::span<char> out, std::string_view host, std::uint16_t port,
                                           bool default_port, std::string_view path, const WsKey& key,
                                           std::string_view extra_headers) noexcept;
// ok when the response completes the handshake for `key`.
[[nodiscard]] TransportError check_ws_response(const HttpResponse& response, const WsKey& key) noexcept;

}  // namespace oex::transport
