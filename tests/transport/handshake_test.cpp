#include "oex/transport/ws_handshake.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "oex/transport/backoff.hpp"
#include "oex/transport/random.hpp"

namespace oex::transport {
namespace {

TEST(WsHandshake, AcceptMatchesRfc6455Example) {
  const WsAccept accept = ws_accept_for("dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(std::string(accept.data(), accept.size()), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsHandshake, KeyIsBase64OfTheNonce) {
  const std::uint8_t nonce[16] = {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p', 'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'};
  const WsKey key = make_ws_key(std::span<const std::uint8_t, 16>(nonce));
  EXPECT_EQ(std::string(key.data(), key.size()), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(WsHandshake, RequestOffersNoExtension) {
  const std::uint8_t nonce[16] = {};
  const WsKey key = make_ws_key(std::span<const std::uint8_t, 16>(nonce));
  char out[512];
  const std::size_t n = write_ws_request(out, "example.com", 9443, false, "/ws/spot", key, "X-Test: 1\r\n");
  const std::string request(out, n);
  EXPECT_EQ(request.rfind("GET /ws/spot HTTP/1.1\r\nHost: example.com:9443\r\n", 0), 0u);
  EXPECT_NE(request.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
  EXPECT_NE(request.find("X-Test: 1\r\n\r\n"), std::string::npos);
  EXPECT_EQ(request.find("Extensions"), std::string::npos);
  EXPECT_EQ(write_ws_request({out, 20}, "example.com", 443, true, "/", key, ""), 0u);
}

HttpResponse parse(std::string& text, HttpResponseParser& parser) {
  const auto p = parser.parse(reinterpret_cast<std::uint8_t*>(text.data()), text.size());
  EXPECT_EQ(p.error, TransportError::ok);
  return parser.response();
}

TEST(WsHandshake, ChecksStatusUpgradeAcceptAndExtensions) {
  const std::string key_text = "dGhlIHNhbXBsZSBub25jZQ==";
  WsKey key;
  std::memcpy(key.data(), key_text.data(), key.size());
  const std::string good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
  struct Case {
    std::string response;
    TransportError expected;
  } cases[] = {
      {good, TransportError::ok},
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", TransportError::ws_handshake_status},
      {"HTTP/1.1 101 X\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
       TransportError::ws_handshake_upgrade},
      {"HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n",
       TransportError::ws_handshake_accept},
      {"HTTP/1.1 101 X\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: "
       "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
       TransportError::ws_handshake_extension},
  };
  for (auto& c : cases) {
    HttpResponseParser parser;
    const HttpResponse r = parse(c.response, parser);
    EXPECT_EQ(check_ws_response(r, key), c.expected) << c.response;
  }
}

TEST(SecureRandom, KeysDiffer) {
  SecureRandom r;
  std::uint32_t keys[64];
  for (auto& k : keys) k = r.next_u32();
  int equal_neighbours = 0;
  for (int i = 1; i < 64; ++i) equal_neighbours += keys[i] == keys[i - 1];
  EXPECT_EQ(equal_neighbours, 0);
}

TEST(Backoff, GrowsToTheCapWithJitterBelowTheBase) {
  ReconnectPolicy policy;
  policy.initial = std::chrono::milliseconds(100);
  policy.max = std::chrono::milliseconds(1000);
  policy.jitter_percent = 20;
  Backoff b(policy, 42);
  const long bases[] = {100, 200, 400, 800, 1000, 1000};
  for (const long base : bases) {
    const long d = b.next().count();
    EXPECT_LE(d, base);
    EXPECT_GE(d, base - base / 5);
  }
  b.reset();
  EXPECT_LE(b.next().count(), 100);
}

}  // namespace
}  // namespace oex::transport
