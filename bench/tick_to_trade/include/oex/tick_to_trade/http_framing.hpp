#pragma once
// HTTP/1.1 request bytes for a codec's RestRequest, written into a preallocated buffer the way
// transport's HttpClient::request does (request line, Host, the codec's headers, Content-Type,
// Content-Length, body): the last step before the bytes go to TLS.
#include <cstddef>
#include <span>
#include <string_view>

#include "oex/codecs/rest_request.hpp"
#include "oex/core/enums.hpp"

namespace oex::t2t {

// The bytes written, or 0 when `out` is too small (the request is not to be sent then).
[[nodiscard]] std::size_t frame_http_request(std::span<char> out, const codecs::RestRequest& request,
                                             std::string_view host) noexcept;

// The REST host of a venue's order entry (the Host header).
[[nodiscard]] std::string_view venue_host(Venue venue) noexcept;

}  // namespace oex::t2t
