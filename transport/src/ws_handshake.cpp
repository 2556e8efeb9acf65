#include "oex/transport/ws_handshake.hpp"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha.h>

#include <charconv>
#include <cstring>

#include "wolfssl_memory.hpp"

namespace oex::transport {

std::size_t base64_encode(std::span<const std::uint8_t> in, char* out) noexcept {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t o = 0;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16 | static_cast<std::uint32_t>(in[i + 1]) << 8 | in[i + 2];
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = kAlphabet[(v >> 6) & 63];
    out[o++] = kAlphabet[v & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16;
    if (rest == 2) v |= static_cast<std::uint32_t>(in[i + 1]) << 8;
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return o;
}

WsKey make_ws_key(std::span<const std::uint8_t, 16> nonce) noexcept {
  WsKey key{};
  (void)base64_encode(nonce, key.data());
  return key;
}

WsAccept ws_accept_for(std::string_view key) noexcept {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  ensure_wolfssl_initialized();
  char text[128];
  const std::size_t n = std::min<std::size_t>(key.size(), sizeof text - kGuid.size());
  if (n != 0) std::memcpy(text, key.data(), n);
  std::memcpy(text + n, kGuid.data(), kGuid.size());
  std::uint8_t digest[WC_SHA_DIGEST_SIZE];
  (void)wc_ShaHash(reinterpret_cast<const std::uint8_t*>(text), static_cast<word32>(n + kGuid.size()), digest);
  WsAccept accept{};
  (void)base64_encode(digest, accept.data());
  return accept;
}

std::size_t write_ws_request(std::span<char> out, std::string_view host, std::uint16_t port, bool default_port,
                             std::string_view path, const WsKey& key, std::string_view extra_headers) noexcept {
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
  put("GET ");
  put(path.empty() ? std::string_view("/") : path);
  put(" HTTP/1.1\r\nHost: ");
  put(host);
  if (!default_port) {
    char digits[8];
    const auto r = std::to_chars(digits, digits + sizeof digits, port);
    put(":");
    put({digits, static_cast<std::size_t>(r.ptr - digits)});
  }
  put("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ");
  put({key.data(), key.size()});
  put("\r\nSec-WebSocket-Version: 13\r\n");
  put(extra_headers);
  put("\r\n");
  return fits ? pos : 0;
}

TransportError check_ws_response(const HttpResponse& response, const WsKey& key) noexcept {
  if (response.status != 101) return TransportError::ws_handshake_status;
  if (!iequals(response.header("upgrade"), "websocket") || !header_has_token(response.header("connection"), "upgrade"))
    return TransportError::ws_handshake_upgrade;
  const WsAccept expected = ws_accept_for({key.data(), key.size()});
  if (response.header("sec-websocket-accept") != std::string_view(expected.data(), expected.size()))
    return TransportError::ws_handshake_accept;
  if (!response.header("sec-websocket-extensions").empty()) return TransportError::ws_handshake_extension;
  return TransportError::ok;
}

}  // namespace oex::transport
