// The HTTP/1.1 client against Debian's nginx started by the test on 127.0.0.1: keep-alive,
// pipelining, Content-Length and chunked bodies, HEAD, TLS, and a small pool.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "oex/transport/http_client.hpp"
#include "oex/transport/tls.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using namespace testing;

struct Answer {
  int status = 0;
  std::string body;
  std::string transfer_encoding;
  std::string content_length;
};

class NginxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok);
    server_ = std::make_unique<NginxServer>(dir_, certs_.good_cert, certs_.good_key);
    ASSERT_NE(server_->port, 0) << read_file(dir_.file("nginx-error.log"));
    for (const std::size_t size : sizes_) {
      files_[size] = pattern(size, static_cast<unsigned>(size % 1000 + 3));
      write_file(server_->www + "/f" + std::to_string(size), files_[size]);
      write_file(server_->www + "/chunked/f" + std::to_string(size), files_[size]);
    }
    tls_config_.ca_file = certs_.ca;
    tls_ = std::make_unique<TlsContext>(tls_config_);
  }

  std::unique_ptr<HttpClient> make_client(bool tls, bool poll_reads = false) {
    HttpConfig config;
    config.stream.poll_reads = poll_reads;
    config.endpoint = {"localhost", "127.0.0.1", tls ? server_->tls_port : server_->port};
    config.limits.max_body = 2 << 20;
    config.max_in_flight = 32;
    config.reconnect.enabled = false;
    handlers_.on_connected = on_connected_;
    handlers_.on_response = on_response_;
    handlers_.on_request_failed = on_failed_;
    handlers_.on_disconnect = on_disconnect_;
    auto c = std::make_unique<HttpClient>(loop_.io(), config, tls ? tls_.get() : nullptr, handlers_);
    c->start();
    return c;
  }

  void fetch_every_size(HttpClient& c, bool pipelined, const std::string& prefix) {
    std::vector<RequestId> ids;
    for (const std::size_t size : sizes_) {
      const auto id = c.request(HttpMethod::get, prefix + "f" + std::to_string(size));
      ASSERT_TRUE(id.ok()) << error_name(id.error());
      ids.push_back(id.value());
      if (!pipelined) {
        ASSERT_TRUE(loop_.run_until([&] { return answers_.count(id.value()) > 0 || failed_ > 0; }));
      }
    }
    ASSERT_TRUE(loop_.run_until([&] { return answers_.count(ids.back()) > 0 || failed_ > 0; }));
    ASSERT_EQ(failed_, 0);
    for (std::size_t i = 0; i < sizes_.size(); ++i) {
      const Answer& a = answers_[ids[i]];
      EXPECT_EQ(a.status, 200);
      EXPECT_EQ(a.body, files_[sizes_[i]]) << sizes_[i];
      const std::string expected_length = prefix == "/chunked/" ? "" : std::to_string(sizes_[i]);
      const std::string expected_encoding = prefix == "/chunked/" ? "chunked" : "";
      EXPECT_EQ(a.transfer_encoding, expected_encoding) << sizes_[i];
      EXPECT_EQ(a.content_length, expected_length) << sizes_[i];
    }
    for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i - 1], ids[i]);  // answered in order
  }

  TempDir dir_;
  TestCertificates certs_{dir_.path()};
  std::unique_ptr<NginxServer> server_;
  TlsConfig tls_config_;
  std::unique_ptr<TlsContext> tls_;
  TestLoop loop_;
  std::vector<std::size_t> sizes_{1, 100, 4096, 65536, 100000, 1 << 20};
  std::map<std::size_t, std::string> files_;
  std::map<RequestId, Answer> answers_;
  std::vector<RequestId> order_;
  int connected_ = 0;
  int failed_ = 0;
  DisconnectReason reason_ = DisconnectReason::none;
  std::function<void()> on_connected_ = [this] { ++connected_; };
  std::function<void(RequestId, const HttpResponse&)> on_response_ = [this](RequestId id, const HttpResponse& r) {
    answers_[id] = {r.status, std::string(r.body_text()), std::string(r.header("transfer-encoding")),
                    std::string(r.header("content-length"))};
    order_.push_back(id);
  };
  std::function<void(RequestId, DisconnectReason, TransportError)> on_failed_ = [this](RequestId, DisconnectReason, TransportError) {
    ++failed_;
  };
  std::function<void(DisconnectReason, TransportError)> on_disconnect_ = [this](DisconnectReason r, TransportError) { reason_ = r; };
  HttpHandlers handlers_;
};

TEST_F(NginxTest, KeepAliveContentLengthBodies) {
  auto c = make_client(false);
  ASSERT_TRUE(loop_.run_until([&] { return c->is_open(); }));
  for (int round = 0; round < 3; ++round) fetch_every_size(*c, false, "/");
  EXPECT_EQ(c->connects(), 1u);  // one connection for every request
}

TEST_F(NginxTest, PipelinedRequestsAnsweredInOrder) {
  auto c = make_client(false);
  ASSERT_TRUE(loop_.run_until([&] { return c->is_open(); }));
  fetch_every_size(*c, true, "/");
  fetch_every_size(*c, true, "/chunked/");
  EXPECT_EQ(order_.size(), 2 * sizes_.size());
  for (std::size_t i = 1; i < order_.size(); ++i) EXPECT_LT(order_[i - 1], order_[i]);
  EXPECT_EQ(c->connects(), 1u);
}

TEST_F(NginxTest, ChunkedBodies) {
  auto c = make_client(false);
  ASSERT_TRUE(loop_.run_until([&] { return c->is_open(); }));
  fetch_every_size(*c, false, "/chunked/");
}

TEST_F(NginxTest, HeadAndNotFound) {
  auto c = make_client(false);
  ASSERT_TRUE(loop_.run_until([&] { return c->is_open(); }));
  const auto head = c->request(HttpMethod::head, "/f65536");
  const auto missing = c->request(HttpMethod::get, "/missing");
  const auto after = c->request(HttpMethod::get, "/f100");
  ASSERT_TRUE(head.ok() && missing.ok() && after.ok());
  ASSERT_TRUE(loop_.run_until([&] { return answers_.size() == 3 || failed_ > 0; }));
  EXPECT_EQ(answers_[head.value()].status, 200);
  EXPECT_EQ(answers_[head.value()].body, "");
  EXPECT_EQ(answers_[head.value()].content_length, "65536");
  EXPECT_EQ(answers_[missing.value()].status, 404);
  EXPECT_EQ(answers_[after.value()].body, files_[100]);
}

TEST_F(NginxTest, TlsKeepAlivePipelinedAndChunked) {
  auto c = make_client(true);
  ASSERT_TRUE(loop_.run_until([&] { return c->is_open() || reason_ != DisconnectReason::none; })) << reason_name(reason_);
  ASSERT_TRUE(c->is_open()) << reason_name(reason_);
  EXPECT_STREQ(c->stream().tls_version(), "TLSv1.3");
  fetch_every_size(*c, false, "/");
  fetch_every_size(*c, true, "/chunked/");
  EXPECT_EQ(c->connects(), 1u);
}

// Reads by a recv on every loop iteration (StreamOptions::poll_reads), plain and over TLS.
TEST_F(NginxTest, PolledReadsKeepAlivePipelinedAndChunked) {
  for (const bool tls : {false, true}) {
    SCOPED_TRACE(tls ? "tls" : "plain");
    auto c = make_client(tls, true);
    ASSERT_TRUE(loop_.run_until([&] { return c->is_open() || reason_ != DisconnectReason::none; })) << reason_name(reason_);
    fetch_every_size(*c, false, "/");
    fetch_every_size(*c, true, "/chunked/");
    EXPECT_EQ(c->connects(), 1u);
  }
}

TEST_F(NginxTest, PoolSpreadsRequestsOverItsConnections) {
  HttpConfig config;
  config.endpoint = {"localhost", "127.0.0.1", server_->tls_port};
  config.reconnect.enabled = false;
  handlers_.on_connected = on_connected_;
  handlers_.on_response = on_response_;
  handlers_.on_request_failed = on_failed_;
  HttpPool pool(loop_.io(), config, tls_.get(), handlers_, 3);
  pool.start();
  ASSERT_TRUE(loop_.run_until([&] { return pool.open_connections() == 3; }));
  std::vector<RequestId> ids;
  for (int i = 0; i < 9; ++i) {
    const auto id = pool.request(HttpMethod::get, "/f4096");
    ASSERT_TRUE(id.ok());
    ids.push_back(id.value());
  }
  for (std::size_t i = 0; i < pool.size(); ++i) EXPECT_EQ(pool.connection(i).in_flight(), 3u);
  ASSERT_TRUE(loop_.run_until([&] { return answers_.size() == 9 || failed_ > 0; }));
  for (const RequestId id : ids) EXPECT_EQ(answers_[id].body, files_[4096]);
}

}  // namespace
}  // namespace oex::transport
