# Run: python3 gen_rest_encoder_test.py (rewrites rest_encoder_test.cpp).
# Generates tests/codecs/btse/rest_encoder_test.cpp: expected signatures computed here with Python's
# hmac/hashlib, independently of the wolfSSL code under test.
import hmac, hashlib
SECRET=b"848db84ac252b6726e5f6e7a711d9c96d9fd77d020151b45839a5b59c37203bx"
NONCE="1624985375123"
def sig(path, body): return hmac.new(SECRET,(path+NONCE+body).encode(),hashlib.sha384).hexdigest()

cases=[
 # name, setup code, call, method, target, content_type, body, signed
 ("CreateMarket", 'NewOrder o; o.symbol="BTC-USD"; o.side=Side::buy; o.type=OrderType::market; o.size=dec("10");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"side":"BUY","size":10,"symbol":"BTC-USD","type":"MARKET"}', True),
 ("CreateMarketStop", 'NewOrder o; o.symbol="BTC-USD"; o.type=OrderType::market; o.tx_type=TxType::stop; o.size=dec("10"); o.trigger_price=dec("32000");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"side":"BUY","size":10,"symbol":"BTC-USD","triggerPrice":32000,"txType":"STOP","type":"MARKET"}', True),
 ("CreateLimit", 'NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("34000");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"price":34000,"side":"BUY","size":10,"symbol":"BTC-USD","type":"LIMIT"}', True),
 ("CreateLimitStop", 'NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("34000"); o.tx_type=TxType::stop; o.trigger_price=dec("32000");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"price":34000,"side":"BUY","size":10,"symbol":"BTC-USD","triggerPrice":32000,"txType":"STOP","type":"LIMIT"}', True),
 ("CreateLimitTrigger", 'NewOrder o; o.symbol="ETH-USDT"; o.side=Side::sell; o.size=dec("0.5"); o.price=dec("2500.25"); o.tx_type=TxType::trigger; o.trigger_price=dec("2400");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"price":2500.25,"side":"SELL","size":0.5,"symbol":"ETH-USDT","triggerPrice":2400,"txType":"TRIGGER","type":"LIMIT"}', True),
 ("CreateOco", 'NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("24000"); o.type=OrderType::oco; o.tx_type=TxType::limit; o.stop_price=dec("40010"); o.trigger_price=dec("40000");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"price":24000,"side":"BUY","size":10,"stopPrice":40010,"symbol":"BTC-USD","triggerPrice":40000,"txType":"LIMIT","type":"OCO"}', True),
 ("CreatePeg", 'NewOrder o; o.symbol="BTC-USD"; o.size=dec("10"); o.price=dec("25000"); o.type=OrderType::peg; o.deviation=dec("-10"); o.stealth=dec("10");',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"deviation":-10,"price":25000,"side":"BUY","size":10,"stealth":10,"symbol":"BTC-USD","type":"PEG"}', True),
 ("CreatePegEndpointWithEveryOption", 'NewOrder o; o.symbol="BTC-USD"; o.side=Side::sell; o.size=dec("0.001"); o.price=dec("30000.5"); o.type=OrderType::peg; o.deviation=dec("2.5"); o.stealth=dec("50"); o.time_in_force=TimeInForce::twelvehour; o.post_only=true; o.trail_value=dec("1.5"); o.client_order_id="oex \\"7\\""; o.peg_endpoint=true;',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order/peg","application/json",
  '{"clOrderID":"oex \\"7\\"","deviation":2.5,"postOnly":true,"price":30000.5,"side":"SELL","size":0.001,"stealth":50,"symbol":"BTC-USD","time_in_force":"TWELVEHOUR","trailValue":1.5,"type":"PEG"}', True),
 ("CreateSigningExampleFields", 'NewOrder o; o.symbol="BTC-USD"; o.size=dec("0.002"); o.price=dec("8500.0"); o.post_only=false; o.stop_price=dec("0.0"); o.time_in_force=TimeInForce::gtc; o.trail_value=dec("0.0"); o.trigger_price=dec("0.0"); o.tx_type=TxType::limit;',
  "encoder.create_order(o, kNonce, buffer, req)", "POST","/spot/api/v3.3/order","application/json",
  '{"postOnly":false,"price":8500,"side":"BUY","size":0.002,"stopPrice":0,"symbol":"BTC-USD","time_in_force":"GTC","trailValue":0,"triggerPrice":0,"txType":"LIMIT","type":"LIMIT"}', True),
 ("AmendPrice", 'AmendOrder a; a.symbol="BTC-USD"; a.order_id="25248336-66d8-41ff-99fd-83489c4e6029"; a.type=AmendType::price; a.value=dec("35000");',
  "encoder.amend_order(a, kNonce, buffer, req)", "PUT","/spot/api/v3.3/order","application/json",
  '{"orderID":"25248336-66d8-41ff-99fd-83489c4e6029","symbol":"BTC-USD","type":"PRICE","value":35000}', True),
 ("AmendSize", 'AmendOrder a; a.symbol="BTC-USD"; a.order_id="689bf733-4879-4e32-8d1f-cb81f63d24d4"; a.type=AmendType::size; a.value=dec("10.05");',
  "encoder.amend_order(a, kNonce, buffer, req)", "PUT","/spot/api/v3.3/order","application/json",
  '{"orderID":"689bf733-4879-4e32-8d1f-cb81f63d24d4","symbol":"BTC-USD","type":"SIZE","value":10.05}', True),
 ("AmendTriggerPrice", 'AmendOrder a; a.symbol="BTC-USD"; a.order_id="cb2785b0-558e-4b30-bf1f-8a8c56174d0c"; a.type=AmendType::trigger_price; a.value=dec("40020");',
  "encoder.amend_order(a, kNonce, buffer, req)", "PUT","/spot/api/v3.3/order","application/json",
  '{"orderID":"cb2785b0-558e-4b30-bf1f-8a8c56174d0c","symbol":"BTC-USD","type":"TRIGGERPRICE","value":40020}', True),
 ("AmendAll", 'AmendOrder a; a.symbol="BTC-USD"; a.order_id="cb2785b0-558e-4b30-bf1f-8a8c56174d0c"; a.type=AmendType::all; a.order_price=dec("40010"); a.order_size=dec("10.05"); a.trigger_price=dec("40000");',
  "encoder.amend_order(a, kNonce, buffer, req)", "PUT","/spot/api/v3.3/order","application/json",
  '{"orderID":"cb2785b0-558e-4b30-bf1f-8a8c56174d0c","orderPrice":40010,"orderSize":10.05,"symbol":"BTC-USD","triggerPrice":40000,"type":"ALL"}', True),
 ("AmendByClientOrderId", 'AmendOrder a; a.symbol="BTC-USD"; a.client_order_id="oex-1"; a.type=AmendType::size; a.value=dec("2");',
  "encoder.amend_order(a, kNonce, buffer, req)", "PUT","/spot/api/v3.3/order","application/json",
  '{"clOrderID":"oex-1","symbol":"BTC-USD","type":"SIZE","value":2}', True),
 ("CancelByClientOrderIdAsTheDocumentShows", 'CancelOrder c; c.symbol="BTC-USD"; c.client_order_id="my-order-id";',
  "encoder.cancel_order(c, kNonce, buffer, req)", "DELETE","/spot/api/v3.3/order?symbol=BTC-USD&clOrderID=my-order-id","",
  '', True),
 ("CancelByOrderIdPrefersIt", 'CancelOrder c; c.symbol="BTC-USD"; c.order_id="9be4a6bb-bf56-4a81-a105-2a22c9629a48"; c.client_order_id="ignored";',
  "encoder.cancel_order(c, kNonce, buffer, req)", "DELETE","/spot/api/v3.3/order?symbol=BTC-USD&orderID=9be4a6bb-bf56-4a81-a105-2a22c9629a48","",
  '', True),
 ("CancelEveryOrderOfAMarketOnlyWhenAsked", 'CancelOrder c; c.symbol="BTC-USD"; c.all_in_symbol=true;',
  "encoder.cancel_order(c, kNonce, buffer, req)", "DELETE","/spot/api/v3.3/order?symbol=BTC-USD","",
  '', True),
 ("CancelClientOrderIdIsUrlEncoded", 'CancelOrder c; c.symbol="BTC-USD"; c.client_order_id="a b&c=d";',
  "encoder.cancel_order(c, kNonce, buffer, req)", "DELETE","/spot/api/v3.3/order?symbol=BTC-USD&clOrderID=a%20b%26c%3Dd","",
  '', True),
 ("CancelAllAfter", '', "encoder.cancel_all_after(60000, kNonce, buffer, req)", "POST","/spot/api/v3.3/order/cancelAllAfter","application/json",
  '{"timeout":60000}', True),
 ("QueryOrderById", 'OrderLookup q; q.order_id="3c9c9c1f-8fef-43d0-82c7-ccef67435b14";',
  "encoder.query_order(q, kNonce, buffer, req)", "GET","/spot/api/v3.3/order?orderID=3c9c9c1f-8fef-43d0-82c7-ccef67435b14","", '', True),
 ("QueryOrderByClientOrderId", 'OrderLookup q; q.client_order_id="oex-1";',
  "encoder.query_order(q, kNonce, buffer, req)", "GET","/spot/api/v3.3/order?clOrderID=oex-1","", '', True),
 ("OpenOrdersOfAMarket", 'OpenOrdersQuery q; q.symbol="BTC-USD";',
  "encoder.open_orders(q, kNonce, buffer, req)", "GET","/spot/api/v3.3/user/open_orders?symbol=BTC-USD","", '', True),
 ("OpenOrdersEverywhere", 'OpenOrdersQuery q;',
  "encoder.open_orders(q, kNonce, buffer, req)", "GET","/spot/api/v3.3/user/open_orders","", '', True),
 ("TradeHistoryWithEveryParameter", 'TradeHistoryQuery q; q.symbol="BTC-USDT"; q.start_time_ms=1624987283000; q.end_time_ms=1625000000000; q.count=50; q.client_order_id="oex-1"; q.order_id="ba0b69ae-991e-494a-afcb-bfbaeb1adc55"; q.is_match_symbol=true;',
  "encoder.trade_history(q, kNonce, buffer, req)", "GET",
  "/spot/api/v3.3/user/trade_history?symbol=BTC-USDT&startTime=1624987283000&endTime=1625000000000&count=50&clOrderID=oex-1&orderID=ba0b69ae-991e-494a-afcb-bfbaeb1adc55&isMatchSymbol=true","", '', True),
 ("Fees", '', 'encoder.fees("BTC-USD", kNonce, buffer, req)', "GET","/spot/api/v3.3/user/fees?symbol=BTC-USD","", '', True),
 ("MarketSummaryAll", '', 'encoder.market_summary({}, buffer, req)', "GET","/spot/api/v3.3/market_summary","", '', False),
 ("MarketSummaryOne", '', 'encoder.market_summary("BTC-USD", buffer, req)', "GET","/spot/api/v3.3/market_summary?symbol=BTC-USD","", '', False),
 ("Price", '', 'encoder.price("BTC-USD", buffer, req)', "GET","/spot/api/v3.3/price?symbol=BTC-USD","", '', False),
 ("OrderbookGrouped", 'OrderbookQuery q; q.symbol="BTC-USD"; q.group=2; q.limit_bids=5; q.limit_asks=6;',
  "encoder.orderbook(q, buffer, req)", "GET","/spot/api/v3.3/orderbook?symbol=BTC-USD&group=2&limit_bids=5&limit_asks=6","", '', False),
 ("OrderbookL2", 'OrderbookL2Query q; q.symbol="BTC-USD"; q.depth=10;',
  "encoder.orderbook_l2(q, buffer, req)", "GET","/spot/api/v3.3/orderbook/L2?symbol=BTC-USD&depth=10","", '', False),
 ("Trades", 'TradesQuery q; q.symbol="BTC-USD"; q.start_time_ms=1624987283000; q.count=20;',
  "encoder.trades(q, buffer, req)", "GET","/spot/api/v3.3/trades?symbol=BTC-USD&startTime=1624987283000&count=20","", '', False),
 ("Time", '', "encoder.time(buffer, req)", "GET","/spot/api/v3.3/time","", '', False),
 ("Ohlcv", 'OhlcvQuery q; q.symbol="BTC-USD"; q.resolution_minutes=1440; q.start_ms=1624987283000; q.end_ms=1625000000000;',
  "encoder.ohlcv(q, buffer, req)", "GET","/spot/api/v3.3/ohlcv?symbol=BTC-USD&start=1624987283000&end=1625000000000&resolution=1440","", '', False),
]
def cstr(s): return 'R"(' + s + ')"'
out=[]
out.append('''// Generated expectations (exact bytes, headers and signatures) for every BTSE REST encoder. The
// signatures were computed with Python's hmac / hashlib over urlpath + nonce + body, not with the
// code under test.
#include <gtest/gtest.h>

#include <string>

#include "btse_encoder_cases.hpp"

namespace oex::codecs::btse::testing {
namespace {
''')
for (name,setup,call,method,target,ctype,body,signed) in cases:
    path = target.split('?')[0][len('/spot'):]
    s = sig(path, body) if signed else ''
    out.append(f'''TEST(BtseRestEncoder, {name}) {{
  Fixture f;
  auto& [key, encoder, buffer, req] = f;
  {setup}
  ASSERT_EQ({call}, CodecError::ok);
  expect_request(req, "{method}", {cstr(target)}, "{ctype}", {cstr(body)}, {"true" if signed else "false"}, "{s}");
}}
''')
out.append('''}  // namespace
}  // namespace oex::codecs::btse::testing
''')
import os
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'rest_encoder_test.cpp'),'w').write('\n'.join(out))

