// The requests a replay remembers for their answers (request_memory.hpp), the endpoints the
// answers are routed by (endpoints.hpp), and the replays that need both: parameters only in a
// request's body, answers whose request the capture does not hold.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "oex/replay/endpoints.hpp"
#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"
#include "replay_test_support.hpp"
#include "oex/replay/request_memory.hpp"

namespace oex::replay {
namespace {

TEST(RequestFifo, AnAnswerTakesTheOldestRequestWithItsLine) {
  RequestFifo fifo(4, 64, 64);
  fifo.remember("DELETE /v1/order", "order_id=1");
  fifo.remember("GET /v1/order/new?symbol=x", "");
  fifo.remember("DELETE /v1/order", "order_id=2");
  const auto first = fifo.take("DELETE /v1/order");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "order_id=1");
  EXPECT_TRUE(first->body_known);
  const auto second = fifo.take("DELETE /v1/order");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "order_id=2");
  EXPECT_FALSE(fifo.take("DELETE /v1/order"));
  EXPECT_FALSE(fifo.take("DELETE /v1/orde"));
  const auto get = fifo.take("GET /v1/order/new?symbol=x");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "");
  EXPECT_EQ(fifo.size(), 0u);
}

TEST(RequestFifo, WhenFullTheOldestIsForgotten) {
  RequestFifo fifo(2, 64, 64);
  fifo.remember("POST /a", "1");
  fifo.remember("POST /a", "2");
  fifo.remember("POST /a", "3");
  EXPECT_EQ(fifo.size(), 2u);
  EXPECT_EQ(fifo.take("POST /a")->body, "2");
  fifo.remember("POST /a", "4");  // into the freed slot
  EXPECT_EQ(fifo.take("POST /a")->body, "3");
  EXPECT_EQ(fifo.take("POST /a")->body, "4");
}

TEST(RequestFifo, WhatDoesNotFitIsNeverCutShort) {
  RequestFifo fifo(2, 8, 4);
  fifo.remember("POST /too/long", "a=1");
  EXPECT_EQ(fifo.size(), 0u);  // a line too long: not remembered
  fifo.remember("POST /a", "abcde");
  const auto r = fifo.take("POST /a");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->body_known);
  EXPECT_EQ(r->body, "");
  EXPECT_TRUE(RequestParams::of("", r).form.empty());
  fifo.remember("", "x");  // no request line: nothing to match
  EXPECT_EQ(fifo.size(), 0u);
}

TEST(RequestFifo, RememberAndTakeAllocateNothing) {
  RequestFifo fifo;
  const std::string body(RequestFifo::kDefaultBodyCapacity, 'x');
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 1000; ++i) {
    fifo.remember("DELETE /v1/order", "order_id=1&symbol=ethusdt");
    fifo.remember("POST /v1/order", body);
    (void)fifo.take("DELETE /v1/order");
    (void)fifo.take("POST /nowhere");
  }
  EXPECT_EQ(scope.allocations(), 0u);
}

TEST(RequestParams, TheQueryFirstThenTheFormBody) {
  const std::optional<RememberedRequest> sent = RememberedRequest{"DELETE /v1/order", "order_id=7&symbol=ethusdt", true};
  const RequestParams p = RequestParams::of("symbol=btcusdt", sent);
  EXPECT_EQ(p.get_or_empty("symbol"), "btcusdt");
  EXPECT_EQ(p.get_or_empty("order_id"), "7");
  EXPECT_FALSE(p.get("side"));
  EXPECT_TRUE(p.json.empty());

  const RequestParams none = RequestParams::of("order_id=3", std::nullopt);
  EXPECT_EQ(none.get_or_empty("order_id"), "3");
  EXPECT_FALSE(none.get("symbol"));

  const std::optional<RememberedRequest> json = RememberedRequest{"POST /x", R"( {"market":"BTC_USDT"})", true};
  const RequestParams j = RequestParams::of("", json);
  EXPECT_TRUE(j.form.empty());
  EXPECT_EQ(j.json, R"( {"market":"BTC_USDT"})");
  EXPECT_FALSE(j.get("market"));  // the caller reads a JSON body itself
}

TEST(Endpoints, DigifinexOrderEntry) {
  using E = codecs::digifinex::RestEndpoint;
  EXPECT_EQ(digifinex_endpoint(split_request("POST /v3/spot/order/new")), E::new_order);
  EXPECT_EQ(digifinex_endpoint(split_request("POST /v3/spot/order/cancel")), E::cancel_order);
  EXPECT_EQ(digifinex_endpoint(split_request("GET /v3/spot/order/current?symbol=btc_usdt")), E::current_orders);
  EXPECT_EQ(digifinex_endpoint(split_request("GET /v3/spot/order?order_id=1,2")), E::query_order);
  EXPECT_FALSE(digifinex_endpoint(split_request("GET /v3/spot/order/new")));
  EXPECT_FALSE(digifinex_endpoint(split_request("POST /v3/spot/order")));
}

TEST(Endpoints, CryptomusPathsAreExactButAnyTokenPathIsTheToken) {
  using P = codecs::cryptomus::Endpoint;
  using O = codecs::cryptomus::OrderEndpoint;
  EXPECT_EQ(cryptomus_endpoint(split_request("GET /v2/user-api/exchange/markets")), P::markets);
  EXPECT_EQ(cryptomus_endpoint(split_request("GET /v2/user-api/exchange/depth-scales")), P::depth_scales);
  EXPECT_EQ(cryptomus_endpoint(split_request("POST /v2/user-api/exchange/ws-token")), P::token);
  EXPECT_EQ(cryptomus_endpoint(split_request("GET /v1/account/token?x=1")), P::token);
  // Formerly taken by their last segment: the market order is not the market list.
  EXPECT_FALSE(cryptomus_endpoint(split_request("POST /v2/user-api/exchange/orders/market")));
  EXPECT_FALSE(cryptomus_endpoint(split_request("GET /v2/user-api/exchange/market")));
  EXPECT_FALSE(cryptomus_endpoint(split_request("GET /v2/other/depth-scale")));

  EXPECT_EQ(cryptomus_order_endpoint(split_request("POST /v2/user-api/exchange/orders")), O::limit_order);
  EXPECT_EQ(cryptomus_order_endpoint(split_request("POST /v2/user-api/exchange/orders/market")), O::market_order);
  EXPECT_EQ(cryptomus_order_endpoint(split_request("GET /v2/user-api/exchange/orders")), O::open_orders);
  std::string_view id;
  EXPECT_EQ(cryptomus_order_endpoint(split_request("DELETE /v2/user-api/exchange/orders/01J7E836"), &id),
            O::cancel_order);
  EXPECT_EQ(id, "01J7E836");
  EXPECT_FALSE(cryptomus_order_endpoint(split_request("DELETE /v2/user-api/exchange/orders/")));
  EXPECT_FALSE(cryptomus_order_endpoint(split_request("DELETE /v2/user-api/exchange/orders")));
  EXPECT_FALSE(cryptomus_order_endpoint(split_request("DELETE /v2/user-api/exchange/orders/a/b")));
  EXPECT_FALSE(cryptomus_order_endpoint(split_request("DELETE /v2/user-api/exchange/ordersX")));
  EXPECT_FALSE(cryptomus_order_endpoint(split_request("PUT /v2/user-api/exchange/orders")));
}

using test_support::lines_with;
using test_support::replay;

// A Deflow order known from a poll, then cancelled with every parameter in the DELETE's body.
const std::string kDeflowOrder =
    R"({"ts":1,"venue":"deflow","dir":"in","ch":"http","req":"GET /v1/order/info?symbol=ethusdt&order_id=77","status":200,"text":"{\"code\":\"0\",\"msg\":\"suc\",\"data\":{\"trade_list\":[],\"order_info\":{\"side\":\"BUY\",\"type\":1,\"volume\":\"1\",\"price\":\"40\",\"deal_volume\":\"0\",\"remain_volume\":\"1\",\"avg_price\":\"0\",\"id\":77,\"status\":1}}}"})"
    "\n";

TEST(ReplayRequests, ADeflowCancelWithItsParametersInTheBodyEndsTheOrderCancelled) {
  const std::string out = replay(
      kDeflowOrder +
      R"({"ts":2,"venue":"deflow","dir":"out","ch":"http","req":"DELETE /v1/order","text":"api_key=k&order_id=77&symbol=ethusdt&time=1&sign=00"})"
      "\n"
      R"({"ts":3,"venue":"deflow","dir":"in","ch":"http","req":"DELETE /v1/order","status":200,"text":"{\"code\":\"0\",\"msg\":\"suc\",\"data\":{}}"})"
      "\n");
  EXPECT_NE(out.find(R"("event":"cancel_ack","order_id":"77","client_order_id":null,"symbol":"ethusdt")"),
            std::string::npos)
      << out;
  EXPECT_TRUE(lines_with(out, "\"event\":\"error\"").empty()) << out;
  const auto finals = lines_with(out, "\"event\":\"final\"");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_NE(finals[0].find(R"("order_id":"77","client_order_id":null,"state":"cancelled")"), std::string::npos)
      << finals[0];
}

TEST(ReplayRequests, AnAnswerWithoutItsRequestDecodesWithWhatItsLineGives) {
  // The capture starts after the DELETE went out: the answer names no order, as before.
  const std::string out = replay(
      kDeflowOrder +
      R"({"ts":3,"venue":"deflow","dir":"in","ch":"http","req":"DELETE /v1/order","status":200,"text":"{\"code\":\"0\",\"msg\":\"suc\",\"data\":{}}"})"
      "\n");
  EXPECT_NE(out.find(R"("event":"cancel_ack","order_id":"","client_order_id":null,"symbol":"")"), std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("code":"unknown_order")"), std::string::npos) << out;
  EXPECT_NE(lines_with(out, "\"event\":\"final\"")[0].find(R"("state":"new")"), std::string::npos) << out;
}

TEST(ReplayRequests, AnOutRecordOfAnotherVenueOrLineIsNotTaken) {
  const std::string out = replay(
      kDeflowOrder +
      R"({"ts":2,"venue":"gct","dir":"out","ch":"http","req":"DELETE /v1/order","text":"order_id=77&symbol=ethusdt"})"
      "\n"
      R"({"ts":2,"venue":"deflow","dir":"out","ch":"http","req":"DELETE /v1/order?x=1","text":"order_id=77&symbol=ethusdt"})"
      "\n"
      R"({"ts":3,"venue":"deflow","dir":"in","ch":"http","req":"DELETE /v1/order","status":200,"text":"{\"code\":\"0\",\"msg\":\"suc\",\"data\":{}}"})"
      "\n");
  EXPECT_NE(out.find(R"("event":"cancel_ack","order_id":"","client_order_id":null,"symbol":"")"), std::string::npos)
      << out;
}

TEST(ReplayRequests, CryptomusOrderHistoryFinishesOrders) {
  EXPECT_EQ(cryptomus_order_endpoint(split_request("GET /v2/user-api/exchange/orders/history")),
            codecs::cryptomus::OrderEndpoint::order_history);
  const std::string out = replay(
      R"({"ts":1,"venue":"cryptomus","dir":"out","ch":"http","req":"GET /v2/user-api/exchange/orders/history","text":""})"
      "\n"
      R"({"ts":2,"venue":"cryptomus","dir":"in","ch":"http","req":"GET /v2/user-api/exchange/orders/history","status":200,"text":"{\"result\":[{\"id\":\"H1\",\"symbol\":\"BTC_USDT\",\"orderType\":\"limit\",\"direction\":\"buy\",\"price\":\"100\",\"quantity\":\"2\",\"value\":\"200\",\"filledQuantity\":\"0.5\",\"filledValue\":\"50\",\"clientOid\":\"c-1\",\"createTs\":1750774869,\"finishTs\":1750774950,\"state\":\"cancelled\",\"internalState\":\"partially_filled\"}]}"})"
      "\n");
  EXPECT_TRUE(lines_with(out, "\"event\":\"error\"").empty()) << out;
  const auto finals = lines_with(out, "\"event\":\"final\"");
  ASSERT_EQ(finals.size(), 1u) << out;
  EXPECT_NE(finals[0].find(R"("order_id":"H1","client_order_id":"c-1","state":"cancelled","qty":"2","filled_qty":"0.5")"),
            std::string::npos)
      << finals[0];
}

}  // namespace
}  // namespace oex::replay
