// Acceptance 2: a wrong signature, an expired timestamp, a reused Cryptomus token and a rate
// burst each get the venue's documented refusal; bad JSON closes a Cryptomus connection.
#include <gtest/gtest.h>

#include <sstream>

#include "venue_calls.hpp"

namespace oex::sim::testing {
namespace {

class SimRefusals : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = new SimProcess({"--activity-ms", "0"}); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  static SimProcess* sim_;
};
SimProcess* SimRefusals::sim_ = nullptr;

constexpr const char* kFarBuy = R"({"price":1000,"side":"BUY","size":0.001,"symbol":"BTC-USDT","time_in_force":"IOC","type":"LIMIT"})";

TEST_F(SimRefusals, BtseWrongSignatureIs401) {
  const HttpAnswer a = btse_call(*sim_, "POST", "/api/v3.3/order", "", kFarBuy, now_ms_text(), "not-the-secret");
  EXPECT_EQ(a.status, 401);
  EXPECT_NE(a.body.find("AUTHENTICATE ERROR"), std::string::npos) << a.body;
  // The next correctly signed request still works.
  EXPECT_EQ(btse_call(*sim_, "POST", "/api/v3.3/order", "", kFarBuy).status, 200);
}

TEST_F(SimRefusals, BtseOrderBurstBeyond75PerSecondGets429) {
  const std::string nonce = now_ms_text();
  const std::string sign = openssl_hmac_hex("sha384", sim_->field("btse", "secret"), std::string("/api/v3.3/order") + nonce + kFarBuy);
  std::string urls;
  for (int i = 0; i < 200; ++i) urls += " " + shell_quote(sim_->field("btse", "rest") + "/api/v3.3/order");
  const CommandResult r = run("curl -sS --cacert " + shell_quote(sim_->field("btse", "ca")) + " -w '%{http_code}\\n'" +
                              " -X POST -H 'request-api: " + sim_->field("btse", "api_key") + "' -H 'request-nonce: " + nonce +
                              "' -H 'request-sign: " + sign + "' --data-binary " + shell_quote(kFarBuy) + urls);
  std::size_t ok = 0;
  std::size_t limited = 0;
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line)) {
    // Each answer is the body followed by the status code.
    if (line.size() < 3) continue;
    const std::string code = line.substr(line.size() - 3);
    ok += code == "200";
    limited += code == "429" && line.find(R"({"status":429,"errorCode":303,"message":"ERROR_RATE_LIMITS_EXCEEDED"})") == 0;
  }
  EXPECT_EQ(ok + limited, 200u) << r.output;
  // 200 calls within at most two one-second windows of 75: at least 50 refused.
  EXPECT_GE(limited, 50u);
  EXPECT_GE(ok, 1u);
}

TEST_F(SimRefusals, GctWrongSignatureAndExpiredTimestampAndBurst) {
  const std::vector<std::pair<std::string, std::string>> cancel = {{"id", "1"}};
  EXPECT_EQ(json_field(gct_post(*sim_, "/order/cancelEntrust", cancel, now_ms_text(), true).body, "message"),
            "inconsistent_parameters_and_signatures");
  const std::string stale = std::to_string(std::stoll(now_ms_text()) - 6000);
  EXPECT_EQ(json_field(gct_post(*sim_, "/order/cancelEntrust", cancel, stale).body, "message"),
            "signature_verification_failed");
  // 70 trading calls in one curl command (one connection): beyond 30 a second GCT answers
  // excessive_access; even split across two seconds at least 10 are refused.
  const std::string ts = now_ms_text();
  std::vector<std::pair<std::string, std::string>> fields = {{"accessKey", "\"" + sim_->field("gct", "api_key") + "\""},
                                                            {"id", "1"}, {"timestamp", "\"" + ts + "\""}};
  std::string text;
  std::string body = "{";
  for (const auto& [name, value] : fields) {
    if (!text.empty()) text += '&';
    const bool quoted = value.front() == '"';
    text += name + "=" + (quoted ? value.substr(1, value.size() - 2) : value);
    body += "\"" + name + "\":" + value + ",";
  }
  body += "\"signature\":\"" + openssl_hmac_base64("sha256", sim_->field("gct", "secret"), text) + "\"}";
  std::string urls;
  for (int i = 0; i < 70; ++i) urls += " " + shell_quote(sim_->field("gct", "rest") + "/order/cancelEntrust");
  const CommandResult r = run("curl -sS --cacert " + shell_quote(sim_->field("gct", "ca")) + " -w '\\n' -X POST " +
                              "-H 'Content-Type: application/json' --data-binary " + shell_quote(body) + urls);
  std::size_t count = 0;
  for (std::size_t at = r.output.find("excessive_access"); at != std::string::npos; at = r.output.find("excessive_access", at + 1)) {
    ++count;
  }
  EXPECT_GE(count, 70u - 2 * 30u) << r.output;
  EXPECT_NE(r.output.find(R"({"status":"failure","message":"excessive_access","data":null})"), std::string::npos);
}

TEST_F(SimRefusals, DigifinexWrongSignatureAndExpiredTimestamp) {
  const std::string form = "symbol=btc_usdt&type=buy&amount=0.01&price=1000";
  const std::string sign = openssl_hmac_hex("sha256", "wrong", form);
  const HttpAnswer wrong = curl(*sim_, "digifinex",
                                "-X POST " + shell_quote(sim_->field("digifinex", "rest") + "/v3/spot/order/new") +
                                    " -H 'ACCESS-KEY: " + sim_->field("digifinex", "api_key") + "' -H 'ACCESS-TIMESTAMP: " +
                                    std::to_string(std::stoll(now_ms_text()) / 1000) + "' -H 'ACCESS-SIGN: " + sign +
                                    "' --data-binary " + shell_quote(form));
  EXPECT_EQ(json_field(wrong.body, "code"), "20003") << wrong.body;
  const HttpAnswer stale = digifinex_post(*sim_, "/v3/spot/order/new", form, std::stoll(now_ms_text()) / 1000 - 600);
  EXPECT_EQ(json_field(stale.body, "code"), "20002") << stale.body;
}

TEST_F(SimRefusals, CryptomusWrongSignDeflowWrongSign) {
  const std::string body = R"({"market":"BTC_USDT","direction":"buy","quantity":"0.01","price":"1000"})";
  const HttpAnswer wrong = curl(*sim_, "cryptomus",
                                "-X POST " + shell_quote(sim_->field("cryptomus", "rest") + "/v2/user-api/exchange/orders") +
                                    " -H 'userId: " + sim_->field("cryptomus", "user_id") + "' -H 'sign: " +
                                    openssl_md5_hex(body) + "' --data-binary " + shell_quote(body));
  EXPECT_EQ(wrong.status, 401);
  const HttpAnswer deflow = curl(*sim_, "deflow",
                                 "-X POST " + shell_quote(sim_->field("deflow", "rest") + "/order") + " --data-binary " +
                                     shell_quote("api_key=" + sim_->field("deflow", "api_key") +
                                                 "&side=BUY&symbol=btcusdt&time=1&type=1&volume=1&price=1&sign=00"));
  EXPECT_EQ(json_field(deflow.body, "code"), "100005") << deflow.body;
}

TEST_F(SimRefusals, CryptomusTokenIsSingleUseAndBadJsonClosesTheConnection) {
  const HttpAnswer token = cryptomus_call(*sim_, "POST", "/v2/user-api/exchange/ws-token", "");
  ASSERT_EQ(token.status, 200);
  const std::string url = sim_->field("cryptomus", "ws") + "?token=" + json_field(token.body, "token");
  const std::string script =
      "import websocket, sys\n"
      "ws = websocket.create_connection(sys.argv[1])\n"
      "ws.send('{\"id\":0,\"method\":\"ping\",\"params\":[]}')\n"
      "print(ws.recv())\n"
      "try:\n"
      "    websocket.create_connection(sys.argv[1])\n"
      "    print('reused token accepted')\n"
      "except websocket.WebSocketBadStatusException as e:\n"
      "    print('refused', e.status_code)\n"
      "ws.send('{\"id\":0,\"method\":')\n"
      "try:\n"
      "    ws.recv()\n"
      "    op = ws.recv()\n"
      "    print('still open', op)\n"
      "except Exception as e:\n"
      "    print('closed')\n";
  const CommandResult r = run("WEBSOCKET_CLIENT_CA_BUNDLE=" + shell_quote(sim_->field("cryptomus", "ca")) +
                                  " /usr/bin/python3 -c " + shell_quote(script) + " " + shell_quote(url),
                              true);
  EXPECT_NE(r.output.find(R"({"id":0,"method":"pong","data":null,"error":null})"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("refused 401"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("closed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace oex::sim::testing
