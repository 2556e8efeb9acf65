// Faults: the peer closing mid-handshake, mid-frame or mid-body, a stalled peer, a refused
// connection. Each is reported with its reason, the reconnect policy runs, and a timer on the
// same loop keeps firing between the reports (the loop never blocks).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "crafted_peer.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/tls.hpp"
#include "oex/transport/ws_client.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using namespace testing;

ReconnectPolicy fast_reconnect() {
  ReconnectPolicy p;
  p.initial = std::chrono::milliseconds(10);
  p.max = std::chrono::milliseconds(40);
  return p;
}

struct Disconnects {
  std::vector<DisconnectReason> reasons;
  std::vector<unsigned> ticks_at;  // the loop timer's count at each report
};

// Runs a WebSocket client against `port` until it has reported `count` disconnects.
Disconnects ws_disconnects(std::uint16_t port, int count, TlsContext* tls = nullptr,
                           std::chrono::milliseconds handshake_timeout = std::chrono::seconds(10),
                           std::chrono::milliseconds idle_timeout = std::chrono::milliseconds(0),
                           bool poll_reads = false) {
  TestLoop loop;
  Heartbeat heartbeat(loop.io());
  Disconnects d;
  WsConfig config;
  config.endpoint = {"localhost", "127.0.0.1", port};
  config.reconnect = fast_reconnect();
  config.handshake_timeout = handshake_timeout;
  config.idle_timeout = idle_timeout;
  config.stream.poll_reads = poll_reads;
  auto on_disconnect = [&](DisconnectReason r, TransportError, std::uint16_t) {
    d.reasons.push_back(r);
    d.ticks_at.push_back(heartbeat.ticks());
  };
  WsHandlers handlers;
  handlers.on_disconnect = on_disconnect;
  WsClient client(loop.io(), config, tls, handlers);
  client.start();
  EXPECT_TRUE(loop.run_until([&] { return d.reasons.size() >= static_cast<std::size_t>(count); }));
  client.stop();
  return d;
}

void expect_all(const Disconnects& d, DisconnectReason reason) {
  ASSERT_FALSE(d.reasons.empty());
  for (const DisconnectReason r : d.reasons) EXPECT_EQ(r, reason) << reason_name(r);
  // Between two reports the back-off timer and the heartbeat ran on the same loop.
  for (std::size_t i = 1; i < d.ticks_at.size(); ++i) EXPECT_GT(d.ticks_at[i], d.ticks_at[i - 1]);
}

TEST(WsFaults, RefusedConnectionIsRetried) {
  const Disconnects d = ws_disconnects(free_port(), 3);
  expect_all(d, DisconnectReason::connect_refused);
}

TEST(WsFaults, PeerClosesMidHandshake) {
  PeerScript script;
  script.reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs";
  script.close_after_send = true;
  CraftedPeer peer(script);
  const Disconnects d = ws_disconnects(peer.port(), 3);
  expect_all(d, DisconnectReason::peer_closed_mid_handshake);
  EXPECT_GE(peer.accepted(), 3);
}

TEST(WsFaults, PeerClosesMidFrame) {
  PeerScript script;
  script.sends = {server_frame(0x82, std::string(100, 'x')).substr(0, 20)};
  script.close_after_send = true;
  CraftedPeer peer(script);
  for (const bool poll_reads : {false, true}) {
    SCOPED_TRACE(poll_reads ? "reads polled" : "reads through epoll");
    const Disconnects d = ws_disconnects(peer.port(), 3, nullptr, std::chrono::seconds(10), {}, poll_reads);
    expect_all(d, DisconnectReason::peer_closed_mid_message);
  }
  EXPECT_GE(peer.accepted(), 6);
}

TEST(WsFaults, PeerClosesBetweenMessagesIsAnOrderlyEnd) {
  PeerScript script;
  script.sends = {server_frame(0x81, "complete")};
  script.close_after_send = true;
  CraftedPeer peer(script);
  for (const bool poll_reads : {false, true}) {
    SCOPED_TRACE(poll_reads ? "reads polled" : "reads through epoll");
    expect_all(ws_disconnects(peer.port(), 2, nullptr, std::chrono::seconds(10), {}, poll_reads), DisconnectReason::peer_closed);
  }
}

TEST(WsFaults, PeerClosesMidTlsHandshake) {
  PeerScript script;
  script.read_request = false;
  script.websocket_upgrade = false;
  script.close_after_send = true;
  CraftedPeer peer(script);
  TlsContext tls(TlsConfig{});
  expect_all(ws_disconnects(peer.port(), 3, &tls), DisconnectReason::peer_closed_mid_handshake);
}

TEST(WsFaults, StalledPeerTimesOutTheHandshake) {
  PeerScript script;
  script.stall = true;
  CraftedPeer peer(script);
  expect_all(ws_disconnects(peer.port(), 2, nullptr, std::chrono::milliseconds(150)), DisconnectReason::handshake_timeout);
}

TEST(WsFaults, StalledTlsPeerTimesOutTheHandshake) {
  PeerScript script;
  script.stall = true;
  CraftedPeer peer(script);
  TlsContext tls(TlsConfig{});
  expect_all(ws_disconnects(peer.port(), 2, &tls, std::chrono::milliseconds(150)), DisconnectReason::handshake_timeout);
}

TEST(WsFaults, SilentPeerAfterOpenIsIdle) {
  PeerScript script;  // upgrades, then sends nothing
  CraftedPeer peer(script);
  for (const bool poll_reads : {false, true}) {
    SCOPED_TRACE(poll_reads ? "reads polled" : "reads through epoll");
    expect_all(ws_disconnects(peer.port(), 2, nullptr, std::chrono::seconds(10), std::chrono::milliseconds(150), poll_reads),
               DisconnectReason::idle_timeout);
  }
}

TEST(WsHeartbeat, MessageIsSentEveryIntervalAndKeepsTheConnection) {
  TempDir dir;
  NodeWsServer server(dir);
  ASSERT_NE(server.port, 0);
  TestLoop loop;
  WsConfig config;
  config.endpoint = {"localhost", "127.0.0.1", server.port};
  config.heartbeat_interval = std::chrono::milliseconds(20);
  config.heartbeat_message = R"({"method":"server.ping","params":[],"id":1})";
  config.idle_timeout = std::chrono::milliseconds(5000);
  int echoes = 0;
  bool disconnected = false;
  auto on_message = [&](WsOpcode, std::span<const std::uint8_t> p) {
    EXPECT_EQ(std::string(p.begin(), p.end()), config.heartbeat_message);
    ++echoes;
  };
  auto on_disconnect = [&](DisconnectReason, TransportError, std::uint16_t) { disconnected = true; };
  WsHandlers handlers;
  handlers.on_message = on_message;
  handlers.on_disconnect = on_disconnect;
  WsClient client(loop.io(), config, nullptr, handlers);
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return echoes >= 5 || disconnected; }));
  EXPECT_FALSE(disconnected);
  EXPECT_EQ(client.connects(), 1u);
}

struct HttpOutcome {
  std::vector<DisconnectReason> failed_requests;
  std::vector<DisconnectReason> disconnects;
  std::vector<unsigned> ticks_at;
};

// Sends a request on every connection until `count` disconnects were reported.
HttpOutcome http_faults(std::uint16_t port, int count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  TestLoop loop;
  Heartbeat heartbeat(loop.io());
  HttpOutcome out;
  HttpConfig config;
  config.endpoint = {"localhost", "127.0.0.1", port};
  config.reconnect = fast_reconnect();
  config.request_timeout = timeout;
  HttpClient* self = nullptr;
  auto on_connected = [&] { EXPECT_TRUE(self->request(HttpMethod::get, "/v1/order").ok()); };
  auto on_failed = [&](RequestId, DisconnectReason r, TransportError) { out.failed_requests.push_back(r); };
  auto on_disconnect = [&](DisconnectReason r, TransportError) {
    out.disconnects.push_back(r);
    out.ticks_at.push_back(heartbeat.ticks());
  };
  HttpHandlers handlers;
  handlers.on_connected = on_connected;
  handlers.on_request_failed = on_failed;
  handlers.on_disconnect = on_disconnect;
  HttpClient client(loop.io(), config, nullptr, handlers);
  self = &client;
  client.start();
  EXPECT_TRUE(loop.run_until([&] { return out.disconnects.size() >= static_cast<std::size_t>(count); }));
  client.stop();
  for (std::size_t i = 1; i < out.ticks_at.size(); ++i) EXPECT_GT(out.ticks_at[i], out.ticks_at[i - 1]);
  return out;
}

TEST(HttpFaults, PeerClosesMidBody) {
  PeerScript script;
  script.websocket_upgrade = false;
  script.reply = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";
  script.close_after_send = true;
  CraftedPeer peer(script);
  const HttpOutcome out = http_faults(peer.port(), 3);
  ASSERT_GE(out.failed_requests.size(), 3u);
  for (const auto r : out.failed_requests) EXPECT_EQ(r, DisconnectReason::peer_closed_mid_message);
  EXPECT_GE(peer.accepted(), 3);
}

TEST(HttpFaults, BodyEndingWithTheConnectionIsDelivered) {
  PeerScript script;
  script.websocket_upgrade = false;
  script.reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
  script.close_after_send = true;
  CraftedPeer peer(script);
  TestLoop loop;
  HttpConfig config;
  config.endpoint = {"localhost", "127.0.0.1", peer.port()};
  config.reconnect.enabled = false;
  HttpClient* self = nullptr;
  std::string body;
  int failed = 0;
  bool disconnected = false;
  DisconnectReason reason = DisconnectReason::none;
  auto on_connected = [&] { EXPECT_TRUE(self->request(HttpMethod::get, "/").ok()); };
  auto on_response = [&](RequestId, const HttpResponse& r) { body = std::string(r.body_text()); };
  auto on_failed = [&](RequestId, DisconnectReason, TransportError) { ++failed; };
  auto on_disconnect = [&](DisconnectReason r, TransportError) { reason = r, disconnected = true; };
  HttpHandlers handlers;
  handlers.on_connected = on_connected;
  handlers.on_response = on_response;
  handlers.on_request_failed = on_failed;
  handlers.on_disconnect = on_disconnect;
  HttpClient client(loop.io(), config, nullptr, handlers);
  self = &client;
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return disconnected; }));
  EXPECT_EQ(body, "until the end");
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(reason, DisconnectReason::peer_closed);
}

TEST(HttpFaults, StalledPeerTimesOutTheRequest) {
  PeerScript script;
  script.websocket_upgrade = false;  // reads the request, then answers nothing
  CraftedPeer peer(script);
  const HttpOutcome out = http_faults(peer.port(), 2, std::chrono::milliseconds(100));
  ASSERT_GE(out.failed_requests.size(), 2u);
  for (const auto r : out.failed_requests) EXPECT_EQ(r, DisconnectReason::request_timeout);
  for (const auto r : out.disconnects) EXPECT_EQ(r, DisconnectReason::request_timeout);
}

TEST(HttpFaults, MalformedAnswerIsAProtocolError) {
  PeerScript script;
  script.websocket_upgrade = false;
  script.reply = "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n";
  CraftedPeer peer(script);
  const HttpOutcome out = http_faults(peer.port(), 2);
  for (const auto r : out.disconnects) EXPECT_EQ(r, DisconnectReason::protocol_error);
}

TEST(HttpFaults, RefusedConnectionIsRetried) {
  const HttpOutcome out = http_faults(free_port(), 3);
  for (const auto r : out.disconnects) EXPECT_EQ(r, DisconnectReason::connect_refused);
}

}  // namespace
}  // namespace oex::transport
