// Every GCT request's exact bytes: method, target, content type and body with its signature.
// Expected signatures were computed independently (Python hmac / openssl dgst -sha256 -hmac).
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "oex/codecs/gct/rest_encoder.hpp"

namespace oex::codecs::gct {
namespace {

constexpr std::int64_t kTs = 1566963399019;  // the document's signing example timestamp

Decimal dec(std::string_view s) { return *Decimal::parse(s); }

class GctEncoderTest : public ::testing::Test {
 protected:
  HmacSha256 signer{"sk-test-secret"};
  Secret secret{"sk-test-secret"};
  Secret pay_password{"666666"};
  RestEncoder encoder{"ak-test", signer, secret, pay_password};
  std::array<char, 4096> buffer{};
};

void expect_post(const EncodeResult& r, std::string_view target, std::string_view body) {
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, target);
  EXPECT_EQ(r->content_type, "application/json;charset=UTF-8");
  EXPECT_EQ(r->headers().size(), 0u);
  EXPECT_EQ(r->body, body);
}

void expect_get(const EncodeResult& r, std::string_view target) {
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, target);
  EXPECT_TRUE(r->content_type.empty());
  EXPECT_TRUE(r->body.empty());
}

TEST_F(GctEncoderTest, SaveEntrustReproducesTheDocumentsSigningExample) {
  // Sign text: accessKey=ak-test&count=1&matchType=MARKET&payPwd=666666&price=1&symbol=ETHBTC&
  // timestamp=1566963399019&type=BUY (the document's step 4, its "×tamp" being "&timestamp").
  SaveEntrust order{"ETHBTC", Side::buy, OrderType::market, dec("1"), dec("1"), std::nullopt, std::nullopt};
  expect_post(encoder.save_entrust(order, kTs, buffer), "/v1/order/saveEntrust",
              R"({"accessKey":"ak-test","count":1,"matchType":"MARKET","payPwd":"666666","price":1,)"
              R"("symbol":"ETHBTC","timestamp":"1566963399019","type":"BUY",)"
              R"("signature":"bt024Jw5YgxLyXXFIlh8qcZbYnq7/RRsXGWda5ExcDI="})");
}

TEST_F(GctEncoderTest, SaveEntrustLimitWithClientOrderIdAndSource) {
  SaveEntrust order{"BTCUSDT", Side::buy, OrderType::limit, dec("2.000"), dec("16"), "web", "88888888"};
  expect_post(encoder.save_entrust(order, kTs, buffer), "/v1/order/saveEntrust",
              R"({"accessKey":"ak-test","clientOrderId":"88888888","count":2,"matchType":"LIMIT",)"
              R"("payPwd":"666666","price":16,"source":"web","symbol":"BTCUSDT","timestamp":"1566963399019",)"
              R"("type":"BUY","signature":"2ofGZ0Ixi/u4KzYHudKQcfqwMvQJy4k7LWV69M4NGlM="})");
}

TEST_F(GctEncoderTest, AValueJsonMustEscapeIsSignedAsItIsAndEscapedInTheBody) {
  // Sign text: ...&price=16&source=we"b\&symbol=BTCUSDT&... (the value itself, as GCT signs it).
  SaveEntrust order{"BTCUSDT", Side::sell, OrderType::limit, dec("1"), dec("16"), "we\"b\\", std::nullopt};
  expect_post(encoder.save_entrust(order, kTs, buffer), "/v1/order/saveEntrust",
              R"({"accessKey":"ak-test","count":1,"matchType":"LIMIT","payPwd":"666666","price":16,)"
              R"("source":"we\"b\\","symbol":"BTCUSDT","timestamp":"1566963399019","type":"SELL",)"
              R"("signature":"KEresElyX2E5A/WbaK1sWy/yK0GeFwBBd5594RoZqDI="})");
}

TEST_F(GctEncoderTest, SaveEntrustRefusesWhatTheVenueCannotTake) {
  SaveEntrust no_price{"BTCUSDT", Side::buy, OrderType::limit, dec("1"), std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(encoder.save_entrust(no_price, kTs, buffer).error(), CodecError::invalid_argument);
  SaveEntrust stop{"BTCUSDT", Side::buy, OrderType::stop, dec("1"), dec("1"), std::nullopt, std::nullopt};
  EXPECT_EQ(encoder.save_entrust(stop, kTs, buffer).error(), CodecError::invalid_argument);
  SaveEntrust zero{"BTCUSDT", Side::sell, OrderType::limit, dec("0"), dec("1"), std::nullopt, std::nullopt};
  EXPECT_EQ(encoder.save_entrust(zero, kTs, buffer).error(), CodecError::invalid_argument);
  SaveEntrust no_symbol{"", Side::sell, OrderType::market, dec("1"), std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(encoder.save_entrust(no_symbol, kTs, buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, CancelEntrustSendsTheIdAsANumber) {
  expect_post(encoder.cancel_entrust("6666666666666666", kTs, buffer), "/v1/order/cancelEntrust",
              R"({"accessKey":"ak-test","id":6666666666666666,"timestamp":"1566963399019",)"
              R"("signature":"FpXgNJuugLnG1myQBW78QpLrwzqzYdCj6KLflB1aldA="})");
  EXPECT_EQ(encoder.cancel_entrust("12a", kTs, buffer).error(), CodecError::invalid_argument);
  EXPECT_EQ(encoder.cancel_entrust("", kTs, buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, BatchCancelSignsTheListAsItsJsonText) {
  const std::array<std::string_view, 3> ids = {"11", "22", "33"};
  expect_post(encoder.batch_cancel(ids, kTs, buffer), "/v1/order/batchCancel",
              R"({"accessKey":"ak-test","ids":[11,22,33],"timestamp":"1566963399019",)"
              R"("signature":"P0FEArQR6MYK4WulUb11EC7i0GIYt5LMfF4N1o/7MMo="})");
}

TEST_F(GctEncoderTest, BatchCancelTakesFiftyIdsAndRefusesFiftyOne) {
  std::vector<std::string> storage;
  for (int i = 0; i < 51; ++i) storage.push_back(std::to_string(1000000000000000000LL + i));
  std::vector<std::string_view> ids(storage.begin(), storage.end());
  const auto fifty = encoder.batch_cancel(std::span(ids).first(50), kTs, buffer);
  ASSERT_TRUE(fifty.ok());
  EXPECT_NE(fifty->body.find("1000000000000000049]"), std::string_view::npos);
  EXPECT_EQ(encoder.batch_cancel(ids, kTs, buffer).error(), CodecError::invalid_argument);
  EXPECT_EQ(encoder.batch_cancel({}, kTs, buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, BatchCancelOpenOrdersWithAndWithoutFilters) {
  expect_post(encoder.batch_cancel_open_orders("BTCUSDT", Side::sell, kTs, buffer), "/v1/order/batchCancelOpenOrders",
              R"({"accessKey":"ak-test","symbol":"BTCUSDT","timestamp":"1566963399019","type":"SELL",)"
              R"("signature":"SRO0Bdl5XEGKLuIn0gc7nC7sbVGENErrBvGtchDI6U8="})");
  expect_post(encoder.batch_cancel_open_orders(std::nullopt, std::nullopt, kTs, buffer),
              "/v1/order/batchCancelOpenOrders",
              R"({"accessKey":"ak-test","timestamp":"1566963399019",)"
              R"("signature":"TACAEufzochipkZURFn7z1yKXZhATow+NDyY/fjiTLU="})");
}

TEST_F(GctEncoderTest, CancelByClientOrderIdCarriesTheSecretKeyAsTheDocumentDemands) {
  expect_post(encoder.cancel_entrust_by_client_order_id("88888888", kTs, buffer),
              "/v1/order/cancelEntrustByClientOrderId",
              R"({"accessKey":"ak-test","clientOrderId":"88888888","secretKey":"sk-test-secret",)"
              R"("timestamp":"1566963399019","signature":"J6z6llslLWZXaVeDQfJOi4axs/l6qLy/Le73os1DMZw="})");
  const std::array<std::string_view, 2> ids = {"a1", "b2"};
  expect_post(encoder.batch_cancel_by_client_order_ids(ids, kTs, buffer), "/v1/order/batchCancelByClientOrderIds",
              R"({"accessKey":"ak-test","clientOrderIds":["a1","b2"],"secretKey":"sk-test-secret",)"
              R"("timestamp":"1566963399019","signature":"IqtlL+C5nA6dxfVznqMsJJDXB86NAMwl40eIzxpXoMM="})");
  EXPECT_EQ(encoder.cancel_entrust_by_client_order_id("", kTs, buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, NoOtherRequestCarriesTheSecretKey) {
  const std::array<std::string_view, 1> ids = {"11"};
  SaveEntrust order{"BTCUSDT", Side::buy, OrderType::limit, dec("2"), dec("16"), "web", "88888888"};
  const std::array<EncodeResult, 5> others = {
      encoder.save_entrust(order, kTs, std::span(buffer).subspan(0, 1024)),
      encoder.cancel_entrust("1", kTs, std::span(buffer).subspan(1024, 512)),
      encoder.batch_cancel(ids, kTs, std::span(buffer).subspan(1536, 512)),
      encoder.batch_cancel_open_orders("BTCUSDT", std::nullopt, kTs, std::span(buffer).subspan(2048, 512)),
      encoder.query_order_by_id("1", std::span(buffer).subspan(2560, 512)),
  };
  for (const EncodeResult& r : others) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body.find("sk-test-secret"), std::string_view::npos) << r->target;
    EXPECT_EQ(r->target.find("sk-test-secret"), std::string_view::npos);
  }
}

TEST_F(GctEncoderTest, GetQueriesAreSortedAndUrlEncoded) {
  HmacSha256 other_signer{"x"};
  RestEncoder spaced{"a+b/c=", other_signer, secret, pay_password};
  expect_get(spaced.query_order_by_id("6666666666666", buffer),
             "/v1/order/queryOrderById?accessKey=a%2Bb%2Fc%3D&orderId=6666666666666");
  expect_get(encoder.open_orders("BTCUSDT", Side::buy, buffer),
             "/v1/order/openOrders?accessKey=ak-test&symbol=BTCUSDT&type=BUY");
  expect_get(encoder.open_orders(std::nullopt, std::nullopt, buffer), "/v1/order/openOrders?accessKey=ak-test");
  expect_get(encoder.current_orders("BTCUSDT", Side::buy, 1, 100, buffer),
             "/v1/order/current?accessKey=ak-test&currentPage=1&pageSize=100&symbol=BTCUSDT&type=BUY");
  EXPECT_EQ(encoder.current_orders(std::nullopt, std::nullopt, std::nullopt, 201, buffer).error(),
            CodecError::invalid_argument);
  expect_get(encoder.current_orders(std::nullopt, std::nullopt, std::nullopt, 200, buffer),
             "/v1/order/current?accessKey=ak-test&pageSize=200");

  OrderQuery q{"BTCUSDT", OrderType::limit, Side::buy, "2019-08-01 00:00:00", "2019-08-28 23:59:59", 2, 10};
  expect_get(encoder.query_my_entrust(q, buffer),
             "/v1/order/queryMyEntrust?accessKey=ak-test&currentPage=2&endTime=2019-08-28%2023%3A59%3A59"
             "&matchType=LIMIT&pageSize=10&startTime=2019-08-01%2000%3A00%3A00&symbol=BTCUSDT&type=BUY");
  expect_get(encoder.query_my_his_entrust(OrderQuery{}, HistoryStatus::withdrawn, buffer),
             "/v1/order/queryMyHisEntrust?accessKey=ak-test&status=WITHDRAWN");
  expect_get(encoder.query_my_his_entrust(OrderQuery{}, HistoryStatus::complete_trade, buffer),
             "/v1/order/queryMyHisEntrust?accessKey=ak-test&status=COMPLE-TRADE");
  OrderQuery market{"ETHBTC", OrderType::market, Side::sell, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  expect_get(encoder.query_my_entrust_order(market, buffer),
             "/v1/order/queryMyEntrustOrder?accessKey=ak-test&matchType=MARKET&symbol=ETHBTC&type=SELL");
  expect_get(encoder.user_finance_list(FinanceSelect::noall, buffer),
             "/v1/personal/getUserFinanceList?accessKey=ak-test&selectType=noall");
  expect_get(encoder.user_finance_list(FinanceSelect::all, buffer),
             "/v1/personal/getUserFinanceList?accessKey=ak-test&selectType=all");
  OrderQuery bad_page{};
  bad_page.page_size = 0;
  EXPECT_EQ(encoder.query_my_entrust(bad_page, buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, MarketCalls) {
  expect_get(encoder.market_tickers(buffer), "/v1/market/tickers?accessKey=ak-test");
  expect_get(encoder.market_ticker("BTCUSDT", buffer), "/v1/market/ticker?accessKey=ak-test&symbol=BTCUSDT");
  expect_get(encoder.market_depth("BTCUSDT", "STEP1", buffer),
             "/v1/market/depth?accessKey=ak-test&step=STEP1&symbol=BTCUSDT");
  expect_get(encoder.market_trade("BTCUSDT", buffer), "/v1/market/trade?accessKey=ak-test&symbol=BTCUSDT");
  expect_get(encoder.market_kline("BTCUSDT", "min15", "STEP1", buffer),
             "/v1/market/kline?accessKey=ak-test&klineStep=STEP1&klineType=min15&symbol=BTCUSDT");
  expect_get(encoder.market_trade_info(buffer), "/v1/market/tradeInfo?accessKey=ak-test");
  EXPECT_EQ(encoder.market_ticker("", buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, PushLoginIsTheAccessKeyMessage) {
  const auto n = encode_push_login("fu7FOfjHnwJmURiP6LrhJpGxVjgcxR9YcGeKTPm8JT8=", buffer);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string_view(buffer.data(), *n), R"({"accessKey":"fu7FOfjHnwJmURiP6LrhJpGxVjgcxR9YcGeKTPm8JT8="})");
  EXPECT_EQ(encode_push_login("", buffer).error(), CodecError::invalid_argument);
}

TEST_F(GctEncoderTest, ASignTextLargerThanTheScratchIsRefused) {
  std::string long_id(3000, 'x');
  const std::array<std::string_view, 2> ids = {long_id, long_id};
  EXPECT_EQ(encoder.batch_cancel_by_client_order_ids(ids, kTs, buffer).error(), CodecError::invalid_argument);
}

}  // namespace
}  // namespace oex::codecs::gct
