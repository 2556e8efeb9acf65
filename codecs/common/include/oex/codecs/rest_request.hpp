#pragma once
// A REST request as a codec produces it: every view points into the caller's buffer that the
// encoder wrote. The HTTP client (transport/) frames it; the codec knows nothing of sockets.
#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace oex::codecs {

struct Header {
  std::string_view name;
  std::string_view value;
};

struct RestRequest {
  static constexpr std::size_t kMaxHeaders = 4;  // the most a venue asks for is three (key, time, signature)
  std::string_view method;  // GET, POST, PUT, DELETE
  std::string_view target;  // path and query, e.g. /spot/api/v3.3/order?symbol=BTC-USD
  std::array<Header, kMaxHeaders> header_storage{};
  std::size_t header_count = 0;
  std::string_view content_type;  // empty when there is no body
  std::string_view body;

  [[nodiscard]] std::span<const Header> headers() const noexcept { return {header_storage.data(), header_count}; }
  // false when full; encoders size their headers below kMaxHeaders.
  bool add_header(std::string_view name, std::string_view value) noexcept {
    if (header_count == kMaxHeaders) return false;
    header_storage[header_count++] = Header{name, value};
    return true;
  }
};

}  // namespace oex::codecs
