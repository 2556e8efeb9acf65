// Generated expectations (exact bytes, headers and signatures) for every BTSE REST encoder. The
// signatures were computed with Python's hmac / hashlib over urlpath + nonce + body, not with the
// code under test.
#include <gtest/gtest.h>

#include <string>

#include "btse_encoder_cases.hpp"

namespace oex::codecs::btse::testing {
namespace {

TEST(BtseRestEncoder, CreateMarket) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.side=Side::buy; o.type=OrderType::market; o.size=dec("10");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"side":"BUY","size":10,"symbol":"BTC-USD","type":"MARKET"})", true, "ef04bd47e91087394591ec22f2f3093038c1ef102f6bca6b59a91dd0f0a34407636cb4652d46d8ff80644d46dc63f1d4");
}

TEST(BtseRestEncoder, CreateMarketStop) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.type=OrderType::market; o.tx_type=TxType::stop; o.size=dec("10"); o.trigger_price=dec("32000");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"side":"BUY","size":10,"symbol":"BTC-USD","triggerPrice":32000,"txType":"STOP","type":"MARKET"})", true, "aec3c31e5e80417b519b6726617ea0b6278c1e909577ee965f17d18f7767c8a0a4aaa3047fc59a9181a757e1d7015351");
}

TEST(BtseRestEncoder, CreateLimit) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("34000");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"price":34000,"side":"BUY","size":10,"symbol":"BTC-USD","type":"LIMIT"})", true, "f3710cdc761cd8e865b2a1e40c72c159d176b5a7b3169e8c23b2d236ad1cf00d0d6b9ca8a447d781f4c7806c442f0b97");
}

TEST(BtseRestEncoder, CreateLimitStop) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("34000"); o.tx_type=TxType::stop; o.trigger_price=dec("32000");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"price":34000,"side":"BUY","size":10,"symbol":"BTC-USD","triggerPrice":32000,"txType":"STOP","type":"LIMIT"})", true, "345f0b0dc15882836490d1d350cf2be9f0fb391810b1aa58213c16901105390039c8f1f1be80ffd66f248c503c326582");
}

TEST(BtseRestEncoder, CreateLimitTrigger) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="ETH-USDT"; o.side=Side::sell; o.size=dec("0.5"); o.price=dec("2500.25"); o.tx_type=TxType::trigger; o.trigger_price=dec("2400");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"price":2500.25,"side":"SELL","size":0.5,"symbol":"ETH-USDT","triggerPrice":2400,"txType":"TRIGGER","type":"LIMIT"})", true, "761f16af27b96e9dd55328417b4e8c5e018ac45839fcab537e43ed36ebfd3245e4058f27757246067a7db03b57cbe384");
}

TEST(BtseRestEncoder, CreateOco) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("24000"); o.type=OrderType::oco; o.tx_type=TxType::limit; o.stop_price=dec("40010"); o.trigger_price=dec("40000");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"price":24000,"side":"BUY","size":10,"stopPrice":40010,"symbol":"BTC-USD","triggerPrice":40000,"txType":"LIMIT","type":"OCO"})", true, "b62f6b404486452374d11890a8983d3bb69fd3eae7dddac004f3c855d90fec4723b2f3c22d2ddae18560f5ae73a07f43");
}

TEST(BtseRestEncoder, CreatePeg) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("25000"); o.type=OrderType::peg; o.deviation=dec("-10"); o.stealth=dec("10");
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"deviation":-10,"price":25000,"side":"BUY","size":10,"stealth":10,"symbol":"BTC-USD","type":"PEG"})", true, "f4203fcc7c0a9645308d16f4844d9ec18958d825154c2698bf8e9dd78abe967a997220f3f24d9d560843bf25a6aeae79");
}

TEST(BtseRestEncoder, CreatePegEndpointWithEveryOption) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.side=Side::sell; o.size=dec("0.001"); o.price=dec("30000.5"); o.type=OrderType::peg; o.deviation=dec("2.5"); o.stealth=dec("50"); o.time_in_force=TimeInForce::twelvehour; o.post_only=true; o.trail_value=dec("1.5"); o.client_order_id="oex \"7\""; o.peg_endpoint=true;
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order/peg)", "application/json", R"({"clOrderID":"oex \"7\"","deviation":2.5,"postOnly":true,"price":30000.5,"side":"SELL","size":0.001,"stealth":50,"symbol":"BTC-USD","time_in_force":"TWELVEHOUR","trailValue":1.5,"type":"PEG"})", true, "2462312927e59c1f3931046ec9d17b5e1720e2d6c353cba6892ba5cef979a7df632dc5867816f0ee6388fa8ffd81fbb3");
}

TEST(BtseRestEncoder, CreateSigningExampleFields) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  NewOrder o; o.symbol="BTC-USD"; o.size=dec("0.002"); o.price=dec("8500.0"); o.post_only=false; o.stop_price=dec("0.0"); o.time_in_force=TimeInForce::gtc; o.trail_value=dec("0.0"); o.trigger_price=dec("0.0"); o.tx_type=TxType::limit;
  ASSERT_EQ(encoder.create_order(o, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order)", "application/json", R"({"postOnly":false,"price":8500,"side":"BUY","size":0.002,"stopPrice":0,"symbol":"BTC-USD","time_in_force":"GTC","trailValue":0,"triggerPrice":0,"txType":"LIMIT","type":"LIMIT"})", true, "62b9381f946dead91e309956e0455cd68a0ff3b705b6eb7ceb36ca74e91f038ca429c896dbe470cf5222203caa74bf79");
}

TEST(BtseRestEncoder, AmendPrice) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  AmendOrder a; a.symbol="BTC-USD"; a.order_id="25248336-66d8-41ff-99fd-83489c4e6029"; a.type=AmendType::price; a.value=dec("35000");
  ASSERT_EQ(encoder.amend_order(a, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "PUT", R"(/spot/api/v3.3/order)", "application/json", R"({"orderID":"25248336-66d8-41ff-99fd-83489c4e6029","symbol":"BTC-USD","type":"PRICE","value":35000})", true, "c389283e4a84733e36fa935119600ab9fdc6eee603ad3a1b388c292d628d67a2b11e7f620aa3b9014ab855cd866bc3b9");
}

TEST(BtseRestEncoder, AmendSize) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  AmendOrder a; a.symbol="BTC-USD"; a.order_id="689bf733-4879-4e32-8d1f-cb81f63d24d4"; a.type=AmendType::size; a.value=dec("10.05");
  ASSERT_EQ(encoder.amend_order(a, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "PUT", R"(/spot/api/v3.3/order)", "application/json", R"({"orderID":"689bf733-4879-4e32-8d1f-cb81f63d24d4","symbol":"BTC-USD","type":"SIZE","value":10.05})", true, "1640e5c99705fb9f921fd1df52daa7c04d591985f98c285a6cba602613e91b16775e3805537c7fd8e4c088204d1e1164");
}

TEST(BtseRestEncoder, AmendTriggerPrice) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  AmendOrder a; a.symbol="BTC-USD"; a.order_id="cb2785b0-558e-4b30-bf1f-8a8c56174d0c"; a.type=AmendType::trigger_price; a.value=dec("40020");
  ASSERT_EQ(encoder.amend_order(a, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "PUT", R"(/spot/api/v3.3/order)", "application/json", R"({"orderID":"cb2785b0-558e-4b30-bf1f-8a8c56174d0c","symbol":"BTC-USD","type":"TRIGGERPRICE","value":40020})", true, "dec9d971a6fb554a4deab8ed3571b29828be35927c681c2c056672d788cbf4bd2bb972b31c704f4b772ac2026e271302");
}

TEST(BtseRestEncoder, AmendAll) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  AmendOrder a; a.symbol="BTC-USD"; a.order_id="cb2785b0-558e-4b30-bf1f-8a8c56174d0c"; a.type=AmendType::all; a.order_price=dec("40010"); a.order_size=dec("10.05"); a.trigger_price=dec("40000");
  ASSERT_EQ(encoder.amend_order(a, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "PUT", R"(/spot/api/v3.3/order)", "application/json", R"({"orderID":"cb2785b0-558e-4b30-bf1f-8a8c56174d0c","orderPrice":40010,"orderSize":10.05,"symbol":"BTC-USD","triggerPrice":40000,"type":"ALL"})", true, "c43fe1e5cdccd2e7408de1cf1fcdae573700864dfd64344daa76ac11c1fb46fd86fa5e74c05959ef3deec602f78e5529");
}

TEST(BtseRestEncoder, AmendByClientOrderId) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  AmendOrder a; a.symbol="BTC-USD"; a.client_order_id="oex-1"; a.type=AmendType::size; a.value=dec("2");
  ASSERT_EQ(encoder.amend_order(a, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "PUT", R"(/spot/api/v3.3/order)", "application/json", R"({"clOrderID":"oex-1","symbol":"BTC-USD","type":"SIZE","value":2})", true, "4a6a19c0e75924fee6b783fe6a76d1d1bdc3129a8513467d523e877563ada393fa9a52c8da202af53000baeb439bd2b9");
}

TEST(BtseRestEncoder, CancelByClientOrderIdAsTheDocumentShows) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  CancelOrder c; c.symbol="BTC-USD"; c.client_order_id="my-order-id";
  ASSERT_EQ(encoder.cancel_order(c, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "DELETE", R"(/spot/api/v3.3/order?symbol=BTC-USD&clOrderID=my-order-id)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, CancelByOrderIdPrefersIt) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  CancelOrder c; c.symbol="BTC-USD"; c.order_id="9be4a6bb-bf56-4a81-a105-2a22c9629a48"; c.client_order_id="ignored";
  ASSERT_EQ(encoder.cancel_order(c, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "DELETE", R"(/spot/api/v3.3/order?symbol=BTC-USD&orderID=9be4a6bb-bf56-4a81-a105-2a22c9629a48)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, CancelEveryOrderOfAMarketOnlyWhenAsked) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  CancelOrder c; c.symbol="BTC-USD"; c.all_in_symbol=true;
  ASSERT_EQ(encoder.cancel_order(c, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "DELETE", R"(/spot/api/v3.3/order?symbol=BTC-USD)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, CancelClientOrderIdIsUrlEncoded) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  CancelOrder c; c.symbol="BTC-USD"; c.client_order_id="a b&c=d";
  ASSERT_EQ(encoder.cancel_order(c, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "DELETE", R"(/spot/api/v3.3/order?symbol=BTC-USD&clOrderID=a%20b%26c%3Dd)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, CancelAllAfter) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.cancel_all_after(60000, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "POST", R"(/spot/api/v3.3/order/cancelAllAfter)", "application/json", R"({"timeout":60000})", true, "823ca3d10d88544af000c31d4f336fa3717c1ae098b8ad14c6ea72e42c7f561342bddae7bd0637a752e026230cae5930");
}

TEST(BtseRestEncoder, QueryOrderById) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OrderLookup q; q.order_id="3c9c9c1f-8fef-43d0-82c7-ccef67435b14";
  ASSERT_EQ(encoder.query_order(q, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/order?orderID=3c9c9c1f-8fef-43d0-82c7-ccef67435b14)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, QueryOrderByClientOrderId) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OrderLookup q; q.client_order_id="oex-1";
  ASSERT_EQ(encoder.query_order(q, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/order?clOrderID=oex-1)", "", R"()", true, "6b7a6208bcc7748d2702c3a86fa4b055b389a649dfd4afe538f0767d67ff061b9deb7be0f35fb68c0259a38a91302a9a");
}

TEST(BtseRestEncoder, OpenOrdersOfAMarket) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OpenOrdersQuery q; q.symbol="BTC-USD";
  ASSERT_EQ(encoder.open_orders(q, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/user/open_orders?symbol=BTC-USD)", "", R"()", true, "ef67f000642466f96a2924129c056880dbf107b6d76bec58a9f544b0eccfae4e13870a84d8ec73852d9862ec69382c5b");
}

TEST(BtseRestEncoder, OpenOrdersEverywhere) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OpenOrdersQuery q;
  ASSERT_EQ(encoder.open_orders(q, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/user/open_orders)", "", R"()", true, "ef67f000642466f96a2924129c056880dbf107b6d76bec58a9f544b0eccfae4e13870a84d8ec73852d9862ec69382c5b");
}

TEST(BtseRestEncoder, TradeHistoryWithEveryParameter) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  TradeHistoryQuery q; q.symbol="BTC-USDT"; q.start_time_ms=1624987283000; q.end_time_ms=1625000000000; q.count=50; q.client_order_id="oex-1"; q.order_id="ba0b69ae-991e-494a-afcb-bfbaeb1adc55"; q.is_match_symbol=true;
  ASSERT_EQ(encoder.trade_history(q, kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/user/trade_history?symbol=BTC-USDT&startTime=1624987283000&endTime=1625000000000&count=50&clOrderID=oex-1&orderID=ba0b69ae-991e-494a-afcb-bfbaeb1adc55&isMatchSymbol=true)", "", R"()", true, "e56f5a5c5bcdb060abaccb61c4f179c726d6cc55f2e7f8a5238303cb38698f61580cbd94ddcdb4513d5512817403f3a0");
}

TEST(BtseRestEncoder, Fees) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.fees("BTC-USD", kNonce, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/user/fees?symbol=BTC-USD)", "", R"()", true, "13e989c131d1f9f344f16165d43e164346524f6ee38eb9e4ffde360bcc2e5edbbced92f3c5a8a0f0397cd6ed289acd99");
}

TEST(BtseRestEncoder, MarketSummaryAll) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.market_summary({}, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/market_summary)", "", R"()", false, "");
}

TEST(BtseRestEncoder, MarketSummaryOne) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.market_summary("BTC-USD", buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/market_summary?symbol=BTC-USD)", "", R"()", false, "");
}

TEST(BtseRestEncoder, Price) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.price("BTC-USD", buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/price?symbol=BTC-USD)", "", R"()", false, "");
}

TEST(BtseRestEncoder, OrderbookGrouped) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OrderbookQuery q; q.symbol="BTC-USD"; q.group=2; q.limit_bids=5; q.limit_asks=6;
  ASSERT_EQ(encoder.orderbook(q, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/orderbook?symbol=BTC-USD&group=2&limit_bids=5&limit_asks=6)", "", R"()", false, "");
}

TEST(BtseRestEncoder, OrderbookL2) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OrderbookL2Query q; q.symbol="BTC-USD"; q.depth=10;
  ASSERT_EQ(encoder.orderbook_l2(q, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/orderbook/L2?symbol=BTC-USD&depth=10)", "", R"()", false, "");
}

TEST(BtseRestEncoder, Trades) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  TradesQuery q; q.symbol="BTC-USD"; q.start_time_ms=1624987283000; q.count=20;
  ASSERT_EQ(encoder.trades(q, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/trades?symbol=BTC-USD&startTime=1624987283000&count=20)", "", R"()", false, "");
}

TEST(BtseRestEncoder, Time) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  
  ASSERT_EQ(encoder.time(buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/time)", "", R"()", false, "");
}

TEST(BtseRestEncoder, Ohlcv) {
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  OhlcvQuery q; q.symbol="BTC-USD"; q.resolution_minutes=1440; q.start_ms=1624987283000; q.end_ms=1625000000000;
  ASSERT_EQ(encoder.ohlcv(q, buffer, req), CodecError::ok);
  expect_request(req, "GET", R"(/spot/api/v3.3/ohlcv?symbol=BTC-USD&start=1624987283000&end=1625000000000&resolution=1440)", "", R"()", false, "");
}

}  // namespace
}  // namespace oex::codecs::btse::testing
