// Acceptance 1: clients no one here wrote work against oex-sim unchanged but for the URL.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "venue_calls.hpp"

namespace oex::sim::testing {
namespace {

class SimClients : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = new SimProcess({"--activity-ms", "0"}); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  static SimProcess* sim_;
};
SimProcess* SimClients::sim_ = nullptr;

TEST_F(SimClients, StartsWithOneLinePerVenueThenReady) {
  ASSERT_TRUE(sim_->ready());
  for (const char* venue : {"btse", "digifinex", "cryptomus", "gct", "deflow"}) {
    EXPECT_EQ(sim_->field(venue, "rest").rfind("https://127.0.0.1:", 0), 0u) << venue;
    EXPECT_FALSE(sim_->field(venue, "api_key").empty()) << venue;
    EXPECT_FALSE(sim_->field(venue, "secret").empty()) << venue;
    EXPECT_EQ(sim_->field(venue, "ca").rfind("/tmp/oex-sim-", 0), 0u) << venue;
  }
  EXPECT_EQ(sim_->field("btse", "ws").substr(sim_->field("btse", "ws").size() - 8), "/ws/spot");
  EXPECT_EQ(sim_->field("digifinex", "ws").substr(sim_->field("digifinex", "ws").size() - 7), "/ws/v1/");
}

TEST_F(SimClients, DigifinexDocumentPythonExamplesGetTheDocumentedAnswersDeflated) {
  const CommandResult r = run("WEBSOCKET_CLIENT_CA_BUNDLE=" + shell_quote(sim_->field("digifinex", "ca")) +
                                  " /usr/bin/python3 " OEX_SIM_TEST_DIR "/digifinex_examples.py " OEX_SHARED_DIR
                                  "/venues/digifinex-ws-v1.md " + shell_quote(sim_->field("digifinex", "ws")) + " " +
                                  sim_->field("digifinex", "api_key") + " " + sim_->field("digifinex", "secret"),
                              true);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("checked 17"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
}

// The document's Node.js class, its lines as printed (numbers stripped), with only the URL
// replaced; the document's single-quoted URL would not substitute ${this.token}, so the
// replacement is a template literal.
std::string cryptomus_node_class(const std::string& ws_url) {
  std::ifstream doc(OEX_SHARED_DIR "/venues/cryptomus-ws.md");
  std::string line;
  std::string code;
  bool inside = false;
  while (std::getline(doc, line)) {
    std::size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    const std::string text = line.substr(digits);
    if (text == "const WebSocket = require('ws');") inside = true;
    if (!inside) continue;
    if (text == "// Usage") break;
    code += text + "\n";
  }
  const std::string doc_url = "'wss://api-ws.cryptomus.com/ws?token=${this.token}'";
  const std::size_t at = code.find(doc_url);
  if (at == std::string::npos) return {};
  code.replace(at, doc_url.size(), "`" + ws_url + "?token=${this.token}`");
  return code;
}

TEST_F(SimClients, CryptomusDocumentNodeClassConnectsWithAFreshTokenAndReceivesPongs) {
  const HttpAnswer token = cryptomus_call(*sim_, "POST", "/v2/user-api/exchange/ws-token", "");
  ASSERT_EQ(token.status, 200) << token.body;
  const std::string value = json_field(token.body, "token");
  ASSERT_EQ(value.size(), 64u);
  const std::string klass = cryptomus_node_class(sim_->field("cryptomus", "ws"));
  ASSERT_FALSE(klass.empty());
  const std::string script = klass +
                             "const client = new CryptomusWebSocket(" + "'" + value + "');\n"
                             "let pongs = 0;\n"
                             "client.socket.on('open', () => { client.ping(); client.ping(); });\n"
                             "client.socket.on('message', (data) => {\n"
                             "  const m = JSON.parse(data.toString());\n"
                             "  if (m.method === 'pong' && m.error === null && m.data === null && ++pongs === 2) process.exit(0);\n"
                             "});\n"
                             "client.socket.on('error', (e) => { console.log('error', e.message); process.exit(2); });\n"
                             "setTimeout(() => process.exit(3), 10000);\n";
  const std::string path = ::testing::TempDir() + "/cryptomus_client.js";
  std::ofstream(path) << script;
  const CommandResult r = run("NODE_PATH=" OEX_NODE_MODULES " NODE_EXTRA_CA_CERTS=" +
                                  shell_quote(sim_->field("cryptomus", "ca")) + " node " + path,
                              true);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Connected to Cryptomus WebSocket"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(R"(Received: {"id":0,"method":"pong","data":null,"error":null})"), std::string::npos) << r.output;
}

TEST_F(SimClients, CurlPlacesAndCancelsOnBtse) {
  const HttpAnswer placed = btse_call(*sim_, "POST", "/api/v3.3/order", "",
                                      R"({"postOnly":false,"price":29000.0,"side":"BUY","size":0.002,"symbol":"BTC-USDT","time_in_force":"GTC","type":"LIMIT"})");
  ASSERT_EQ(placed.status, 200) << placed.body;
  EXPECT_EQ(first_element_field(placed.body, "status"), "2");
  const std::string id = first_element_field(placed.body, "orderID");
  ASSERT_EQ(id.size(), 36u) << placed.body;
  const HttpAnswer open = btse_call(*sim_, "GET", "/api/v3.3/user/open_orders", "symbol=BTC-USDT", "");
  EXPECT_NE(open.body.find(id), std::string::npos) << open.body;
  const HttpAnswer cancelled = btse_call(*sim_, "DELETE", "/api/v3.3/order", "symbol=BTC-USDT&orderID=" + id, "");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(first_element_field(cancelled.body, "status"), "6");
  EXPECT_EQ(first_element_field(cancelled.body, "orderID"), id);
}

TEST_F(SimClients, CurlAmendsOnBtseAndTheDeadManTimerCancelsEverything) {
  const HttpAnswer placed = btse_call(*sim_, "POST", "/api/v3.3/order", "",
                                      R"({"price":28000,"side":"BUY","size":0.002,"symbol":"BTC-USDT","type":"LIMIT","clOrderID":"amend-me"})");
  ASSERT_EQ(placed.status, 200) << placed.body;
  const std::string id = first_element_field(placed.body, "orderID");
  const HttpAnswer amended = btse_call(*sim_, "PUT", "/api/v3.3/order", "",
                                       R"({"symbol":"BTC-USDT","orderID":")" + id + R"(","type":"PRICE","value":28500})");
  ASSERT_EQ(amended.status, 200) << amended.body;
  EXPECT_EQ(first_element_field(amended.body, "price"), "28500");
  const HttpAnswer resized = btse_call(*sim_, "PUT", "/api/v3.3/order", "",
                                       R"({"symbol":"BTC-USDT","clOrderID":"amend-me","type":"SIZE","value":0.005})");
  EXPECT_EQ(first_element_field(resized.body, "originalOrderBaseSize"), "0.005") << resized.body;

  const HttpAnswer armed = btse_call(*sim_, "POST", "/api/v3.3/order/cancelAllAfter", "", R"({"timeout":1000})");
  EXPECT_EQ(armed.status, 200);
  // The timer runs out after a second; the order is then cancelled (polled, up to 10 s).
  std::string status;
  for (int i = 0; i < 40 && status != "6"; ++i) {
    ::usleep(250'000);
    status = json_field(btse_call(*sim_, "GET", "/api/v3.3/order", "orderID=" + id, "").body, "status");
  }
  EXPECT_EQ(status, "6");
}

TEST_F(SimClients, CurlPlacesAndCancelsOnDigifinex) {
  const HttpAnswer placed = digifinex_post(*sim_, "/v3/spot/order/new", "symbol=btc_usdt&type=buy&amount=0.01&price=29000");
  ASSERT_EQ(placed.status, 200);
  EXPECT_EQ(json_field(placed.body, "code"), "0") << placed.body;
  const std::string id = json_field(placed.body, "order_id");
  ASSERT_EQ(id.size(), 32u) << placed.body;
  const HttpAnswer cancelled = digifinex_post(*sim_, "/v3/spot/order/cancel", "order_id=" + id);
  EXPECT_EQ(cancelled.body, R"({"code":0,"success":[")" + id + R"("],"error":[]})");
}

TEST_F(SimClients, CurlPlacesAndCancelsOnCryptomus) {
  const HttpAnswer placed = cryptomus_call(*sim_, "POST", "/v2/user-api/exchange/orders",
                                           R"({"market":"BTC_USDT","direction":"buy","quantity":"0.01","price":"29000","client_order_id":"curl-1"})");
  ASSERT_EQ(placed.status, 200) << placed.body;
  const std::string id = json_field(placed.body, "order_id");
  ASSERT_EQ(id.size(), 26u) << placed.body;
  const HttpAnswer cancelled = cryptomus_call(*sim_, "DELETE", "/v2/user-api/exchange/orders/" + id, "");
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.body, R"({"success":true})");
}

TEST_F(SimClients, CurlPlacesAndCancelsOnGct) {
  const HttpAnswer placed = gct_post(*sim_, "/order/saveEntrust",
                                     {{"count", "0.01"}, {"matchType", "\"LIMIT\""}, {"payPwd", "\"" + sim_->field("gct", "pay_password") + "\""},
                                      {"price", "29000"}, {"symbol", "\"BTCUSDT\""}, {"type", "\"BUY\""}});
  ASSERT_EQ(placed.status, 200);
  EXPECT_EQ(json_field(placed.body, "status"), "success") << placed.body;
  const std::string id = json_field(placed.body, "data");
  ASSERT_FALSE(id.empty()) << placed.body;
  const HttpAnswer cancelled = gct_post(*sim_, "/order/cancelEntrust", {{"id", id}});
  EXPECT_EQ(cancelled.body, R"({"status":"success","message":"common_success","data":null})");
}

TEST_F(SimClients, CurlPlacesAndCancelsOnDeflow) {
  const HttpAnswer placed = deflow_call(*sim_, "POST", "/order",
                                        {{"price", "29000"}, {"side", "BUY"}, {"symbol", "btcusdt"}, {"type", "1"}, {"volume", "0.01"}});
  ASSERT_EQ(placed.status, 200);
  EXPECT_EQ(json_field(placed.body, "code"), "0") << placed.body;
  const std::string id = nested_field(placed.body, "data", "order_id");
  ASSERT_FALSE(id.empty()) << placed.body;
  const HttpAnswer info = deflow_call(*sim_, "GET", "/order/info", {{"order_id", id}, {"symbol", "btcusdt"}});
  EXPECT_NE(info.body.find(R"("status":1,"status_msg":"未成交")"), std::string::npos) << info.body;
  const HttpAnswer cancelled = deflow_call(*sim_, "DELETE", "/order", {{"order_id", id}, {"symbol", "btcusdt"}});
  EXPECT_EQ(cancelled.body, R"({"code":"0","msg":"suc","data":null})");
}

}  // namespace
}  // namespace oex::sim::testing

namespace oex::sim::testing {
namespace {

TEST(SimPush, BtseAcceptsAnOpensslWebSocketSignatureAndPushesFillsAndGctPushesTransactions) {
  SimProcess sim({"--activity-ms", "0"});
  ASSERT_TRUE(sim.ready());
  const std::string nonce = now_ms_text();
  const std::string signature = openssl_hmac_hex("sha384", sim.field("btse", "secret"), "/ws/spot" + nonce);
  const CommandResult r = run("WEBSOCKET_CLIENT_CA_BUNDLE=" + shell_quote(sim.field("btse", "ca")) +
                                  " /usr/bin/python3 " OEX_SIM_TEST_DIR "/push_client.py " + shell_quote(sim.line("btse")) +
                                  " " + shell_quote(sim.line("gct")) + " " + nonce + " " + signature,
                              true);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(R"(btse auth {"event":"login","success":true})"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(R"(btse subscribe {"event":"subscribe","channel":["fills"]})"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("btse fill fills True BUY False"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(R"(gct subscribe {"status":"success","message":"common_success","data":null})"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("gct push ['count', 'dealTime', 'entrustId', 'oneselfDeal', 'price', 'symbol', 'type', 'userId'] True BUY"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace oex::sim::testing
