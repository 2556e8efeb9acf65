// Once connected, a message costs no heap allocation: counted on the loop thread around many
// WebSocket round trips (plain and TLS, against npm ws) and HTTP requests (nginx, plain and TLS).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/core/asio_agent.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/tls.hpp"
#include "oex/transport/ws_client.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using namespace testing;
using oex::testing::AllocationScope;

template <class Done>
bool poll_until(AsioAgent& agent, Done done) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    agent.do_work();
  }
  return true;
}

void ws_round_trips_allocate_nothing(std::uint16_t port, TlsContext* tls, bool poll_reads = false) {
  ASSERT_NE(port, 0);
  boost::asio::io_context io(kLoopConcurrencyHint);
  AsioAgent agent(io);
  WsConfig config;
  config.endpoint = {"localhost", "127.0.0.1", port};
  config.reconnect.enabled = false;
  config.idle_timeout = std::chrono::seconds(30);  // its timer is re-armed on the way
  config.stream.poll_reads = poll_reads;
  const std::string message = pattern(300, 5);
  std::size_t echoes = 0;
  bool intact = true;
  bool open = false;
  auto on_open = [&] { open = true; };
  auto on_message = [&](WsOpcode, std::span<const std::uint8_t> p) {
    intact = intact && p.size() == message.size() && std::memcmp(p.data(), message.data(), p.size()) == 0;
    ++echoes;
  };
  WsHandlers handlers;
  handlers.on_open = on_open;
  handlers.on_message = on_message;
  WsClient client(io, config, tls, handlers);
  client.start();
  ASSERT_TRUE(poll_until(agent, [&] { return open; }));
  auto round_trips = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = echoes;
      if (client.send_text(message) != TransportError::ok) return false;
      if (!poll_until(agent, [&] { return echoes > before; })) return false;
    }
    return true;
  };
  ASSERT_TRUE(round_trips(200));  // warm-up: Asio's handler memory and wolfSSL's record buffers
  AllocationScope scope;
  ASSERT_TRUE(round_trips(2000));
  ASSERT_TRUE(client.ping() == TransportError::ok);
  ASSERT_TRUE(round_trips(10));
  const auto allocations = scope.allocations();
  EXPECT_EQ(allocations, 0u);
  EXPECT_TRUE(intact);
  client.stop();
}

TEST(Allocation, WebSocketPlain) {
  TempDir dir;
  NodeWsServer server(dir);
  ws_round_trips_allocate_nothing(server.port, nullptr);
}

void wss_round_trips_allocate_nothing(bool poll_reads) {
  TempDir dir;
  TestCertificates certs(dir.path());
  ASSERT_TRUE(certs.ok);
  NodeWsServer server(dir, certs.good_cert, certs.good_key);
  TlsConfig config;
  config.ca_file = certs.ca;
  TlsContext tls(config);
  ws_round_trips_allocate_nothing(server.port, &tls, poll_reads);
}

TEST(Allocation, WebSocketTls) { wss_round_trips_allocate_nothing(false); }
TEST(Allocation, WebSocketTlsWithPolledReads) { wss_round_trips_allocate_nothing(true); }

void http_requests_allocate_nothing(std::uint16_t port, TlsContext* tls, const std::string& expected) {
  boost::asio::io_context io(kLoopConcurrencyHint);
  AsioAgent agent(io);
  HttpConfig config;
  config.endpoint = {"localhost", "127.0.0.1", port};
  config.reconnect.enabled = false;
  std::size_t answers = 0;
  bool intact = true;
  auto on_response = [&](RequestId, const HttpResponse& r) {
    intact = intact && r.status == 200 && r.body_text() == expected;
    ++answers;
  };
  HttpHandlers handlers;
  handlers.on_response = on_response;
  HttpClient client(io, config, tls, handlers);
  client.start();
  ASSERT_TRUE(poll_until(agent, [&] { return client.is_open(); }));
  const std::string body = R"({"symbol":"BTC-USD","side":"BUY","type":"LIMIT","price":"10400","size":"0.001"})";
  auto requests = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = answers;
      // Pipelined pairs: a GET and a POST with a body (nginx answers a POST to a file with 405).
      if (!client.request(HttpMethod::get, "/order.json", "request-api: key\r\n").ok()) return false;
      if (!client.request(HttpMethod::get, "/chunked/order.json").ok()) return false;
      if (!poll_until(agent, [&] { return answers >= before + 2; })) return false;
    }
    return true;
  };
  ASSERT_TRUE(requests(50));
  AllocationScope scope;
  ASSERT_TRUE(requests(500));
  const auto allocations = scope.allocations();
  EXPECT_EQ(allocations, 0u);
  EXPECT_TRUE(intact);
  client.stop();
}

class NginxAllocation : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok);
    server_ = std::make_unique<NginxServer>(dir_, certs_.good_cert, certs_.good_key);
    ASSERT_NE(server_->port, 0);
    write_file(server_->www + "/order.json", body_);
    write_file(server_->www + "/chunked/order.json", body_);
  }
  TempDir dir_;
  TestCertificates certs_{dir_.path()};
  std::unique_ptr<NginxServer> server_;
  std::string body_ = R"({"orderID":"c4b1a3f0","status":2,"price":10400,"size":0.001,"filledSize":0})";
};

TEST_F(NginxAllocation, HttpPlain) { http_requests_allocate_nothing(server_->port, nullptr, body_); }

TEST_F(NginxAllocation, HttpTls) {
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  http_requests_allocate_nothing(server_->tls_port, &tls, body_);
}

}  // namespace
}  // namespace oex::transport
