// TLS through wolfSSL against peers with certificates made for the test: a certificate from an
// untrusted CA or for another name is refused, a valid one accepted; reconnects resume the
// session; the cipher preference is what the peer picks when it allows both.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "oex/transport/aes_gcm.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/tls.hpp"
#include "oex/transport/ws_client.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using namespace testing;

struct WsOutcome {
  bool opened = false;
  DisconnectReason reason = DisconnectReason::none;
};

WsOutcome connect_ws(std::uint16_t port, TlsContext& tls, const std::string& host = "localhost") {
  TestLoop loop;
  WsOutcome out;
  WsConfig config;
  config.endpoint = {host, "127.0.0.1", port};
  config.reconnect.enabled = false;
  auto on_open = [&] { out.opened = true; };
  auto on_disconnect = [&](DisconnectReason r, TransportError, std::uint16_t) { out.reason = r; };
  WsHandlers handlers;
  handlers.on_open = on_open;
  handlers.on_disconnect = on_disconnect;
  WsClient client(loop.io(), config, &tls, handlers);
  client.start();
  EXPECT_TRUE(loop.run_until([&] { return out.opened || out.reason != DisconnectReason::none; }));
  return out;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certs_.ok); }
  TempDir dir_;
  TestCertificates certs_{dir_.path()};
};

TEST_F(TlsTest, ValidCertificateIsAccepted) {
  NodeWsServer server(dir_, certs_.good_cert, certs_.good_key);
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  EXPECT_TRUE(connect_ws(server.port, tls).opened);
}

TEST_F(TlsTest, CertificateFromAnotherCaIsRefused) {
  NodeWsServer server(dir_, certs_.other_ca_cert, certs_.other_ca_key);
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  const WsOutcome out = connect_ws(server.port, tls);
  EXPECT_FALSE(out.opened);
  EXPECT_EQ(out.reason, DisconnectReason::tls_certificate_rejected);
}

TEST_F(TlsTest, CertificateForAnotherNameIsRefused) {
  NodeWsServer server(dir_, certs_.wrong_name_cert, certs_.wrong_name_key);
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  const WsOutcome out = connect_ws(server.port, tls);
  EXPECT_FALSE(out.opened);
  EXPECT_EQ(out.reason, DisconnectReason::tls_certificate_rejected);
}

TEST_F(TlsTest, GoodCertificateUnderAnotherHostNameIsRefused) {
  NodeWsServer server(dir_, certs_.good_cert, certs_.good_key);
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  const WsOutcome out = connect_ws(server.port, tls, "api.example.com");
  EXPECT_FALSE(out.opened);
  EXPECT_EQ(out.reason, DisconnectReason::tls_certificate_rejected);
}

TEST_F(TlsTest, VerificationIsOnByDefaultAgainstTheSystemStore) {
  NodeWsServer server(dir_, certs_.good_cert, certs_.good_key);
  TlsContext tls(TlsConfig{});  // system CAs only: the test CA is not among them
  const WsOutcome out = connect_ws(server.port, tls);
  EXPECT_FALSE(out.opened);
  EXPECT_EQ(out.reason, DisconnectReason::tls_certificate_rejected);
}

class NginxTlsTest : public TlsTest {
 protected:
  void SetUp() override {
    TlsTest::SetUp();
    server_ = std::make_unique<NginxServer>(dir_, certs_.good_cert, certs_.good_key);
    ASSERT_NE(server_->tls_port, 0);
    write_file(server_->www + "/hello", "hello");
  }
  // One request on a fresh connection; returns the client for inspection.
  void request_once(HttpClient& c) {
    disconnected_ = false;
    c.start();
    ASSERT_TRUE(loop_.run_until([&] { return c.is_open() || disconnected_; })) << reason_name(c.last_reason());
    ASSERT_TRUE(c.is_open()) << reason_name(c.last_reason()) << " connects=" << c.connects() << " closed=" << c.stream().is_closed();
    const std::size_t before = bodies_.size();
    ASSERT_TRUE(c.request(HttpMethod::get, "/hello").ok());
    ASSERT_TRUE(loop_.run_until([&] { return bodies_.size() > before; }));
    EXPECT_EQ(bodies_.back(), "hello");
  }
  std::unique_ptr<HttpClient> make_client(TlsContext& tls) {
    HttpConfig config;
    config.endpoint = {"localhost", "127.0.0.1", server_->tls_port};
    config.reconnect.enabled = false;
    handlers_.on_response = on_response_;
    handlers_.on_disconnect = on_disconnect_;
    return std::make_unique<HttpClient>(loop_.io(), config, &tls, handlers_);
  }
  std::unique_ptr<NginxServer> server_;
  TestLoop loop_;
  std::vector<std::string> bodies_;
  bool disconnected_ = false;
  std::function<void(RequestId, const HttpResponse&)> on_response_ = [this](RequestId, const HttpResponse& r) {
    bodies_.emplace_back(r.body_text());
  };
  std::function<void(DisconnectReason, TransportError)> on_disconnect_ = [this](DisconnectReason, TransportError) {
    disconnected_ = true;
  };
  HttpHandlers handlers_;
};

TEST_F(NginxTlsTest, ReconnectResumesTheSession) {
  TlsConfig config;
  config.ca_file = certs_.ca;
  TlsContext tls(config);
  auto c = make_client(tls);
  request_once(*c);
  EXPECT_FALSE(c->stream().tls_session_resumed());
  EXPECT_STREQ(c->stream().tls_version(), "TLSv1.3");
  for (int reconnect = 0; reconnect < 2; ++reconnect) {
    c->stop();
    request_once(*c);
    EXPECT_TRUE(c->stream().tls_session_resumed()) << reconnect;
  }
  c->stop();
  c->stream().forget_tls_session();
  request_once(*c);
  EXPECT_FALSE(c->stream().tls_session_resumed());
}

TEST_F(NginxTlsTest, CipherPreferenceDecidesWhereThePeerAllowsBoth) {
  TlsConfig chacha;
  chacha.ca_file = certs_.ca;
  chacha.ciphers = CipherPreference::chacha20_first;
  TlsContext chacha_tls(chacha);
  auto c1 = make_client(chacha_tls);
  request_once(*c1);
  EXPECT_NE(std::string(c1->stream().tls_cipher()).find("CHACHA20"), std::string::npos) << c1->stream().tls_cipher();
  TlsConfig aes;
  aes.ca_file = certs_.ca;
  aes.ciphers = CipherPreference::aes_gcm_first;
  TlsContext aes_tls(aes);
  auto c2 = make_client(aes_tls);
  request_once(*c2);
  EXPECT_NE(std::string(c2->stream().tls_cipher()).find("AES"), std::string::npos) << c2->stream().tls_cipher();
}

// Where the CPU has AES-NI and PCLMULQDQ, AES-GCM records go through aes_gcm.hpp (wolfSSL's crypto
// callback), not wolfSSL's portable code, and nginx (OpenSSL) reads and writes them alike.
TEST_F(NginxTlsTest, AesGcmRecordsRunOnTheCpuInstructions) {
  if (!aes_gcm::cpu_supported()) GTEST_SKIP() << "this CPU has no AES-NI and PCLMULQDQ";
  EXPECT_EQ(fastest_cipher_preference(), CipherPreference::aes_gcm_first);
  for (const char* list : {"TLS13-AES128-GCM-SHA256", "TLS13-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256"}) {
    TlsConfig config;
    config.ca_file = certs_.ca;
    TlsContext tls(config);
    ASSERT_EQ(wolfSSL_CTX_set_cipher_list(tls.native(), list), WOLFSSL_SUCCESS);
    if (std::string_view(list).starts_with("ECDHE")) {
      ASSERT_EQ(wolfSSL_CTX_set_max_proto_version(tls.native(), TLS1_2_VERSION), WOLFSSL_SUCCESS);
    }
    const std::uint64_t before = hardware_aes_gcm_records();
    auto c = make_client(tls);
    request_once(*c);
    EXPECT_NE(std::string(c->stream().tls_cipher()).find("AES"), std::string::npos) << c->stream().tls_cipher();
    // TLS 1.2's GCM nonce is half explicit, carried in the record.
    EXPECT_STREQ(c->stream().tls_version(), std::string_view(list).starts_with("ECDHE") ? "TLSv1.2" : "TLSv1.3");
    EXPECT_GE(hardware_aes_gcm_records() - before, 2u) << list;  // at least the request and its answer
  }
}

}  // namespace
}  // namespace oex::transport
