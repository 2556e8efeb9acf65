#include "oex/tick_to_trade/http_framing.hpp"

#include <charconv>
#include <cstring>

namespace oex::t2t {

std::size_t frame_http_request(std::span<char> out, const codecs::RestRequest& request,
                               std::string_view host) noexcept {
  std::size_t pos = 0;
  bool fits = true;
  auto put = [&](std::string_view s) {
    if (!fits || out.size() - pos < s.size()) {
      fits = false;
      return;
    }
    if (!s.empty()) std::memcpy(out.data() + pos, s.data(), s.size());
    pos += s.size();
  };
  put(request.method);
  put(" ");
  put(request.target);
  put(" HTTP/1.1\r\nHost: ");
  put(host);
  put("\r\n");
  for (const codecs::Header& h : request.headers()) {
    put(h.name);
    put(": ");
    put(h.value);
    put("\r\n");
  }
  if (!request.content_type.empty()) {
    put("Content-Type: ");
    put(request.content_type);
    put("\r\n");
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, request.body.size());
    put("Content-Length: ");
    put({digits, static_cast<std::size_t>(r.ptr - digits)});
    put("\r\n");
  }
  put("\r\n");
  put(request.body);
  return fits ? pos : 0;
}

std::string_view venue_host(Venue venue) noexcept {
  switch (venue) {
    case Venue::digifinex: return "openapi.digifinex.com";
    case Venue::btse: return "api.btse.com";
    case Venue::cryptomus: return "api.cryptomus.com";
    case Venue::gct: return "api.gctapp.com";
    case Venue::deflow: return "openapi.deflow.com";
  }
  return "";
}

}  // namespace oex::t2t
