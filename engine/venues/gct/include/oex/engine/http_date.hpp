#pragma once
// The HTTP `Date` header (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") as Unix
// seconds: the only server clock GCT's document offers (it has no server-time call).
#include <cstdint>
#include <optional>
#include <string_view>

namespace oex::engine {

// nullopt for anything but a well-formed IMF-fixdate.
[[nodiscard]] std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

}  // namespace oex::engine
