// The WebSocket client against servers no one here wrote: npm `ws` (plain and TLS) and
// Debian's python3-websockets, each an echo server started by the test on 127.0.0.1.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "oex/transport/tls.hpp"
#include "oex/transport/ws_client.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using namespace testing;

struct Received {
  WsOpcode opcode;
  std::string payload;
};

// A client that records what it receives.
class EchoClient {
 public:
  EchoClient(TestLoop& loop, std::uint16_t port, TlsContext* tls, bool poll_reads) : loop_(loop) {
    WsConfig config;
    config.stream.poll_reads = poll_reads;
    config.endpoint = {"localhost", "127.0.0.1", port};
    config.path = "/";
    config.max_message = 2 << 20;
    config.max_send = 2 << 20;
    config.reconnect.enabled = false;
    handlers_.on_open = on_open_;
    handlers_.on_message = on_message_;
    handlers_.on_disconnect = on_disconnect_;
    client_ = std::make_unique<WsClient>(loop.io(), config, tls, handlers_);
    client_->start();
  }
  bool wait_open() { return loop_.run_until([&] { return open_ || disconnected_; }) && open_; }
  bool wait_messages(std::size_t n) { return loop_.run_until([&] { return received.size() >= n || disconnected_; }) && received.size() >= n; }
  WsClient& client() { return *client_; }
  std::vector<Received> received;
  bool disconnected_ = false;
  DisconnectReason reason = DisconnectReason::none;

 private:
  TestLoop& loop_;
  bool open_ = false;
  std::function<void()> on_open_ = [this] { open_ = true; };
  std::function<void(WsOpcode, std::span<const std::uint8_t>)> on_message_ = [this](WsOpcode op, std::span<const std::uint8_t> p) {
    received.push_back({op, std::string(p.begin(), p.end())});
  };
  std::function<void(DisconnectReason, TransportError, std::uint16_t)> on_disconnect_ =
      [this](DisconnectReason r, TransportError, std::uint16_t) { disconnected_ = true, reason = r; };
  WsHandlers handlers_;
  std::unique_ptr<WsClient> client_;
};

std::span<const std::uint8_t> bytes(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// Every size from empty to 1 MiB, text and binary, sent whole and in fragments, comes back intact.
// With poll_reads the stream reads with a recv on every loop iteration instead of through epoll.
void exercise_echo(TestLoop& loop, std::uint16_t port, TlsContext* tls, bool poll_reads = false) {
  ASSERT_NE(port, 0) << "the peer did not start (node needs `npm install --prefix " << npm_prefix()
                      << " ws`; python needs Debian's python3-websockets)";
  EchoClient c(loop, port, tls, poll_reads);
  ASSERT_TRUE(c.wait_open()) << reason_name(c.reason);
  std::size_t expected = 0;
  unsigned seed = 1;
  for (const std::size_t size : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 300000u, 1u << 20}) {
    const std::string text = pattern(size, seed++);
    const std::string binary = pattern(size, seed++, false);
    ASSERT_EQ(c.client().send_text(text), TransportError::ok);
    ASSERT_EQ(c.client().send_binary(bytes(binary)), TransportError::ok);
    // Our fragments: three frames, with a ping between them.
    const std::size_t a = size / 3, b = 2 * size / 3;
    ASSERT_EQ(c.client().send_frame(WsOpcode::text, bytes(text.substr(0, a)), false), TransportError::ok);
    ASSERT_EQ(c.client().ping(bytes("between")), TransportError::ok);
    ASSERT_EQ(c.client().send_frame(WsOpcode::continuation, bytes(text.substr(a, b - a)), false), TransportError::ok);
    ASSERT_EQ(c.client().send_frame(WsOpcode::continuation, bytes(text.substr(b)), true), TransportError::ok);
    // The server's fragments: it splits "fragment:..." texts into three frames.
    const std::string fragmented = "fragment:" + text;
    ASSERT_EQ(c.client().send_text(fragmented), TransportError::ok);
    expected += 4;
    ASSERT_TRUE(c.wait_messages(expected)) << size << " " << reason_name(c.reason);
    const auto& r = c.received;
    EXPECT_EQ(r[expected - 4].opcode, WsOpcode::text);
    EXPECT_EQ(r[expected - 4].payload, text) << size;
    EXPECT_EQ(r[expected - 3].opcode, WsOpcode::binary);
    EXPECT_EQ(r[expected - 3].payload, binary) << size;
    EXPECT_EQ(r[expected - 2].payload, text) << size;
    EXPECT_EQ(r[expected - 1].payload, fragmented) << size;
  }
  // A UTF-8 text with multi-byte characters, as the venues' Chinese and Korean strings are.
  const std::string utf8 = "fragment:\xe6\x9c\xaa\xe6\x88\x90\xe4\xba\xa4 \xec\xa3\xbc\xeb\xac\xb8 \xf0\x9f\x98\x80";
  ASSERT_EQ(c.client().send_text(utf8), TransportError::ok);
  ASSERT_TRUE(c.wait_messages(expected + 1));
  EXPECT_EQ(c.received.back().payload, utf8);
  ASSERT_EQ(c.client().close(), TransportError::ok);
  EXPECT_TRUE(loop.run_until([&] { return c.disconnected_; }));
  EXPECT_EQ(c.reason, DisconnectReason::local_close);
}

TEST(WsPeers, NpmWsPlain) {
  TempDir dir;
  NodeWsServer server(dir);
  TestLoop loop;
  exercise_echo(loop, server.port, nullptr);
}

// npm ws over TLS, with the test CA.
void exercise_npm_tls_echo(bool poll_reads) {
  TempDir dir;
  TestCertificates certs(dir.path());
  ASSERT_TRUE(certs.ok);
  NodeWsServer server(dir, certs.good_cert, certs.good_key);
  TlsConfig tls_config;
  tls_config.ca_file = certs.ca;
  TlsContext tls(tls_config);
  TestLoop loop;
  exercise_echo(loop, server.port, &tls, poll_reads);
}

TEST(WsPeers, NpmWsTls) { exercise_npm_tls_echo(false); }
TEST(WsPeers, NpmWsTlsWithPolledReads) { exercise_npm_tls_echo(true); }

void exercise_python_echo(bool poll_reads) {
  TempDir dir;
  PythonWsServer server(dir);
  TestLoop loop;
  exercise_echo(loop, server.port, nullptr, poll_reads);
}

TEST(WsPeers, DebianPythonWebsockets) { exercise_python_echo(false); }
TEST(WsPeers, DebianPythonWebsocketsWithPolledReads) { exercise_python_echo(true); }

}  // namespace
}  // namespace oex::transport
