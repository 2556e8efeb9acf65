// GCT's market interfaces (tradeInfo, tickers, ticker, depth, trade, kline), the order and
// transaction queries (order/current, queryMyEntrust, queryMyHisEntrust, queryMyEntrustOrder),
// the asset list and batchCancelByClientOrderIds answered by the simulator, decoded with
// codecs/gct and compared with the exchange behind the venue.
#include <gtest/gtest.h>

#include <oex/codecs/gct/decoder.hpp>
#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "collect.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace gct = codecs::gct;

class GctInventory : public ::testing::Test {
 protected:
  GctInventory() : venue_("gct", make_gct, numeric_order_ids(1'000'000'000'000'000)) { venue_.trade_a_while(); }

  HttpAnswer get(const std::string& method, const std::string& query = "") {
    return venue_.http("GET", "/v1" + method + "?accessKey=" + venue_.credentials.api_key + (query.empty() ? "" : "&" + query));
  }

  template <class Sink>
  void decode(gct::Endpoint endpoint, const HttpAnswer& fresh, Sink& sink, std::string_view symbol = {}) {
    // Kept: decoded events view the answer's text.
    const HttpAnswer& answer = kept_.emplace_back(fresh);
    ASSERT_EQ(answer.status, 200) << answer.body;
    gct::RequestRef ref;
    ref.symbol = symbol;
    ASSERT_EQ(decoder_.decode(endpoint, answer.status, answer.body, sink, ref), codecs::CodecError::ok) << answer.body;
  }

  Order* place(std::size_t symbol, bool buy, Amount price, Amount quantity, const std::string& client_id = "") {
    NewOrder order;
    order.symbol = symbol;
    order.buy = buy;
    order.price = price;
    order.quantity = quantity;
    order.client_id = client_id;
    Order* placed = nullptr;
    EXPECT_EQ(exchange().submit(order, placed), SubmitError::ok);
    return placed;
  }

  Exchange& exchange() { return venue_.exchange(); }

  InProcessVenue venue_;
  std::deque<HttpAnswer> kept_;
  gct::RestDecoder decoder_;
};

TEST_F(GctInventory, TradeInfoNamesEveryPair) {
  Collect<gct::SymbolInfo> got;
  decode(gct::Endpoint::market_trade_info, get("/market/tradeInfo"), got);
  ASSERT_EQ(got.of<gct::SymbolInfo>().size(), 2u);
  EXPECT_EQ(got.of<gct::SymbolInfo>()[0].symbol, "BTCUSDT");
  EXPECT_EQ(got.of<gct::SymbolInfo>()[0].base_currency, "BTC");
  EXPECT_EQ(got.of<gct::SymbolInfo>()[0].quote_currency, "USDT");
  EXPECT_EQ(got.of<gct::SymbolInfo>()[1].symbol, "ETHUSDT");
  EXPECT_EQ(got.of<gct::SymbolInfo>()[1].price_precision, 8);
  EXPECT_EQ(got.of<gct::SymbolInfo>()[1].count_precision.value_or(0), 8);
}

TEST_F(GctInventory, TickersAreTheBookAndTheDayOfTrades) {
  Collect<Ticker> all;
  decode(gct::Endpoint::market_tickers, get("/market/tickers"), all);
  ASSERT_EQ(all.of<Ticker>().size(), 2u);
  Collect<Ticker> one;
  decode(gct::Endpoint::market_ticker, get("/market/ticker", "symbol=ETHUSDT"), one, "ETHUSDT");
  ASSERT_EQ(one.of<Ticker>().size(), 1u);
  for (const auto& [ticker, symbol] : {std::pair{all.of<Ticker>()[0], std::size_t{0}}, std::pair{all.of<Ticker>()[1], std::size_t{1}},
                                       std::pair{one.of<Ticker>()[0], std::size_t{1}}}) {
    const DayStats day = exchange().day_stats(symbol);
    EXPECT_EQ(ticker.symbol, symbol == 0 ? "BTCUSDT" : "ETHUSDT");
    EXPECT_EQ(text(ticker.best_bid), text(exchange().best(symbol, true)->first));
    EXPECT_EQ(text(ticker.best_ask), text(exchange().best(symbol, false)->first));
    EXPECT_EQ(text(ticker.last), text(exchange().last_price(symbol)));
    EXPECT_EQ(text(ticker.open), text(day.open));
    EXPECT_EQ(text(ticker.high), text(day.high));
    EXPECT_EQ(text(ticker.low), text(day.low));
    EXPECT_EQ(text(ticker.base_volume), text(day.volume));
  }
  EXPECT_NE(get("/market/ticker").body.find("api_market_003"), std::string::npos);
  EXPECT_NE(get("/market/ticker", "symbol=XRPUSDT").body.find("api_market_002"), std::string::npos);
}

TEST_F(GctInventory, DepthStepsAreSlicesOfTheBook) {
  // STEP0 is levels 0-99; STEP2 levels 20-39.
  for (const auto& [step, from, to] : {std::tuple{"STEP0", 0u, 100u}, std::tuple{"STEP2", 20u, 40u}}) {
    Collect<BookUpdate> got;
    decode(gct::Endpoint::market_depth, get("/market/depth", std::string("symbol=BTCUSDT&step=") + step), got, "BTCUSDT");
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
    const BookUpdate& book = got.of<BookUpdate>()[0];
    EXPECT_TRUE(book.snapshot);
    for (const bool bids : {true, false}) {
      const auto levels = exchange().depth(0, bids, to);
      const auto& seen = bids ? book.bids : book.asks;
      ASSERT_EQ(seen.size(), levels.size() > from ? levels.size() - from : 0) << step;
      for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(text(seen[i].price), text(levels[from + i].first));
        EXPECT_EQ(text(seen[i].qty), text(levels[from + i].second));
      }
    }
  }
  EXPECT_NE(get("/market/depth", "symbol=BTCUSDT&step=STEP9").body.find("api_market_003"), std::string::npos);
}

TEST_F(GctInventory, TradeIsTheTapeNewestFirst) {
  Collect<PublicTrade> got;
  decode(gct::Endpoint::market_trade, get("/market/trade", "symbol=BTCUSDT"), got, "BTCUSDT");
  const auto& tape = exchange().trades(0);
  ASSERT_EQ(got.of<PublicTrade>().size(), std::min<std::size_t>(tape.size(), 100));
  ASSERT_FALSE(tape.empty());
  for (std::size_t i = 0; i < got.of<PublicTrade>().size(); ++i) {
    const TradeRecord& trade = tape[tape.size() - 1 - i];
    const PublicTrade& seen = got.of<PublicTrade>()[i];
    EXPECT_EQ(text(seen.price), text(trade.price));
    EXPECT_EQ(text(seen.qty), text(trade.quantity));
    EXPECT_EQ(seen.side, trade.taker_buy ? Side::buy : Side::sell);
    EXPECT_EQ(seen.venue_time_ms.value_or(0), trade.ms);
  }
}

TEST_F(GctInventory, KlineRowsAreTheCandles) {
  for (int minute = 0; minute < 3; ++minute) {
    do {
      exchange().clock().tick();
    } while (exchange().clock().now_ms() % 60'000 != 0);
    venue_.trade_a_while(50);
  }
  const auto candles = exchange().candles(0, 1, 50);
  ASSERT_GE(candles.size(), 2u);
  Collect<gct::Candle> got;
  decode(gct::Endpoint::market_kline, get("/market/kline", "symbol=BTCUSDT&klineType=min&klineStep=step0"), got, "BTCUSDT");
  ASSERT_EQ(got.of<gct::Candle>().size(), candles.size());
  for (std::size_t i = 0; i < candles.size(); ++i) {
    const gct::Candle& row = got.of<gct::Candle>()[i];
    EXPECT_EQ(row.time_ms, candles[i].start_ms);
    EXPECT_EQ(text(row.high), text(candles[i].high));
    EXPECT_EQ(text(row.open), text(candles[i].open));
    EXPECT_EQ(text(row.low), text(candles[i].low));
    EXPECT_EQ(text(row.close), text(candles[i].close));
    EXPECT_EQ(text(row.volume), text(candles[i].volume));
  }
  Collect<gct::Candle> hourly;
  decode(gct::Endpoint::market_kline, get("/market/kline", "symbol=BTCUSDT&klineType=hour1&klineStep=STEP1"), hourly, "BTCUSDT");
  EXPECT_EQ(hourly.of<gct::Candle>().size(), exchange().candles(0, 60, 100).size());
  EXPECT_NE(get("/market/kline", "symbol=BTCUSDT&klineType=min2&klineStep=STEP1").body.find("api_market_003"), std::string::npos);
}

TEST_F(GctInventory, OrderQueriesListOpenAndFinishedOrders) {
  const Amount bid = exchange().best(0, true)->first;
  Order* resting = place(0, true, bid - 50 * kAmountScale, kAmountScale / 100, "rest-1");
  Order* cancelled = place(0, false, exchange().best(0, false)->first + 50 * kAmountScale, kAmountScale / 100);
  ASSERT_TRUE(exchange().cancel(*cancelled));
  Order* taken = place(0, true, exchange().best(0, false)->first, exchange().symbols()[0].lot);
  ASSERT_FALSE(taken->open());

  Collect<OrderUpdate> current;
  decode(gct::Endpoint::current_orders, get("/order/current", "symbol=BTCUSDT"), current);
  ASSERT_EQ(current.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(current.of<OrderUpdate>()[0].order_id, resting->id);
  EXPECT_EQ(current.of<OrderUpdate>()[0].client_order_id.value_or(""), "rest-1");
  EXPECT_EQ(current.of<OrderUpdate>()[0].state, OrderState::new_);

  Collect<OrderUpdate> mine;
  decode(gct::Endpoint::query_my_entrust, get("/order/queryMyEntrust", "symbol=BTCUSDT&type=BUY"), mine);
  ASSERT_EQ(mine.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(mine.of<OrderUpdate>()[0].order_id, resting->id);

  Collect<OrderUpdate> history;
  decode(gct::Endpoint::query_my_his_entrust, get("/order/queryMyHisEntrust", "symbol=BTCUSDT"), history);
  ASSERT_EQ(history.of<OrderUpdate>().size(), 2u);  // newest first
  EXPECT_EQ(history.of<OrderUpdate>()[0].order_id, taken->id);
  EXPECT_EQ(history.of<OrderUpdate>()[0].state, OrderState::filled);
  EXPECT_EQ(text(history.of<OrderUpdate>()[0].filled_qty), text(taken->filled));
  EXPECT_EQ(history.of<OrderUpdate>()[1].order_id, cancelled->id);
  EXPECT_EQ(history.of<OrderUpdate>()[1].state, OrderState::cancelled);

  Collect<OrderUpdate> withdrawn;
  decode(gct::Endpoint::query_my_his_entrust, get("/order/queryMyHisEntrust", "status=WITHDRAWN"), withdrawn);
  ASSERT_EQ(withdrawn.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(withdrawn.of<OrderUpdate>()[0].order_id, cancelled->id);

  // Pages: one row a page, the second page holds the older order.
  const HttpAnswer paged = get("/order/queryMyHisEntrust", "currentPage=2&pageSize=1");
  EXPECT_NE(paged.body.find(R"("pageNum":2,"pageSize":1,"total":2,"pages":2)"), std::string::npos) << paged.body;
  Collect<OrderUpdate> second;
  decode(gct::Endpoint::query_my_his_entrust, paged, second);
  ASSERT_EQ(second.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(second.of<OrderUpdate>()[0].order_id, cancelled->id);
}

TEST_F(GctInventory, TransactionDetailsAreTheClientsFills) {
  Order* taker = place(0, true, exchange().best(0, false)->first + 5 * kAmountScale, kAmountScale / 20);
  ASSERT_NE(taker, nullptr);
  const auto& fills = exchange().fills();
  ASSERT_GE(fills.size(), 2u);
  Collect<Fill> got;
  decode(gct::Endpoint::query_my_entrust_order, get("/order/queryMyEntrustOrder", "symbol=BTCUSDT&pageSize=200"), got);
  ASSERT_EQ(got.of<Fill>().size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    const FillRecord& fill = fills[fills.size() - 1 - i];
    const Fill& seen = got.of<Fill>()[i];
    EXPECT_EQ(seen.order_id, taker->id);
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(fill.trade_id));
    EXPECT_EQ(seen.symbol, "BTCUSDT");
    EXPECT_EQ(seen.side, Side::buy);
    EXPECT_EQ(text(seen.price), text(fill.price));
    EXPECT_EQ(text(seen.qty), text(fill.quantity));
    EXPECT_EQ(text(seen.fee), text(fill.fee));
  }
}

TEST_F(GctInventory, FinanceListIsTheAccountsBalances) {
  place(0, true, exchange().best(0, true)->first - 100 * kAmountScale, kAmountScale);  // locks quote
  Collect<oex::Balance> got;
  decode(gct::Endpoint::user_finance_list, get("/personal/getUserFinanceList", "selectType=all"), got);
  const auto& balances = exchange().balances();
  ASSERT_EQ(got.of<oex::Balance>().size(), balances.size());
  for (const oex::Balance& seen : got.of<oex::Balance>()) {
    const auto it = balances.find(std::string(seen.asset));
    ASSERT_NE(it, balances.end()) << seen.asset;
    EXPECT_EQ(text(seen.free), text(it->second.free()));
    EXPECT_EQ(text(seen.locked), text(it->second.locked));
  }
  EXPECT_NE(balances.at("USDT").locked, 0);
}

TEST_F(GctInventory, BatchCancelByClientOrderIdsCancelsEachNamedOrder) {
  const Amount low = exchange().best(0, true)->first - 100 * kAmountScale;
  Order* first = place(0, true, low, kAmountScale / 100, "c-1");
  Order* second = place(0, true, low, kAmountScale / 100, "c-2");
  Order* kept = place(0, true, low, kAmountScale / 100, "c-3");
  const std::string timestamp = std::to_string(wall_ms());
  const std::string signed_text =
      "accessKey=" + venue_.credentials.api_key + "&clientOrderIds=[\"c-1\",\"c-2\"]&timestamp=" + timestamp;
  codecs::HmacSha256 hmac(venue_.credentials.secret);
  const auto digest = hmac.sign({std::string_view(signed_text)});
  const std::string body = R"({"accessKey":")" + venue_.credentials.api_key + R"(","clientOrderIds":["c-1","c-2"],"timestamp":)" +
                           timestamp + R"(,"signature":")" +
                           base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "\"}";
  const HttpAnswer answer = venue_.http("POST", "/v1/order/batchCancelByClientOrderIds", {"Content-Type: application/json"}, body);
  const std::string_view ids[] = {"c-1", "c-2"};
  gct::RequestRef ref;
  ref.client_order_ids = ids;
  Collect<CancelAck> got;
  ASSERT_EQ(decoder_.decode(gct::Endpoint::batch_cancel_by_client_order_ids, answer.status, answer.body, got, ref),
            codecs::CodecError::ok)
      << answer.body;
  EXPECT_EQ(got.of<CancelAck>().size(), 2u);
  EXPECT_FALSE(first->open());
  EXPECT_FALSE(second->open());
  EXPECT_TRUE(kept->open());
}

TEST_F(GctInventory, OrderEntryQueriesAndPushDecode) {
  // The push socket: {"accessKey":...} subscribes the account's transactions.
  WsConnection ws(venue_, "/");
  ws.send(R"({"accessKey":")" + venue_.credentials.api_key + R"("})");
  ASSERT_EQ(ws.frames().size(), 1u);

  auto post = [&](const std::string& path, std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("accessKey", venue_.credentials.api_key);
    fields.emplace_back("timestamp", std::to_string(wall_ms()));
    std::sort(fields.begin(), fields.end());
    std::string text;
    std::string body = "{";
    for (const auto& [name, value] : fields) {
      text += (text.empty() ? "" : "&") + name + "=" + value;
      const bool number = !value.empty() && value.find_first_not_of("0123456789.") == std::string::npos;
      body += (body.size() > 1 ? ",\"" : "\"") + name + "\":" + (number ? value : "\"" + value + "\"");
    }
    codecs::HmacSha256 hmac(venue_.credentials.secret);
    const auto digest = hmac.sign({std::string_view(text)});
    body += R"(,"signature":")" + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "\"}";
    return venue_.http("POST", "/v1" + path, {"Content-Type: application/json"}, body);
  };
  const std::string price = amount_text(exchange().best(0, false)->first);
  const std::string count = amount_text(exchange().best(0, false)->second + kAmountScale / 100);
  Collect<NewOrderAck> placed;
  decode(gct::Endpoint::save_entrust,
         post("/order/saveEntrust", {{"count", count}, {"matchType", "LIMIT"}, {"payPwd", venue_.credentials.pay_password},
                                     {"price", price}, {"symbol", "BTCUSDT"}, {"type", "BUY"}}),
         placed);
  ASSERT_EQ(placed.of<NewOrderAck>().size(), 1u);
  const std::string id(placed.of<NewOrderAck>()[0].order_id);
  Order* order = exchange().find(id);
  ASSERT_NE(order, nullptr);
  ASSERT_GT(order->filled, 0);

  gct::PushDecoder push;
  std::vector<Fill> pushed;
  const auto frames = ws.frames();  // kept: the decoded fills view them
  for (const std::string& frame : frames) {
    Collect<Fill> got;
    ASSERT_EQ(push.decode(frame, got), codecs::CodecError::ok) << frame;
    for (const Fill& fill : got.of<Fill>()) pushed.push_back(fill);
  }
  std::vector<const FillRecord*> fills;
  for (const FillRecord& fill : exchange().fills()) {
    if (fill.order_id == id) fills.push_back(&fill);
  }
  ASSERT_EQ(pushed.size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    EXPECT_EQ(pushed[i].order_id, id);
    EXPECT_EQ(text(pushed[i].price), text(fills[i]->price));
    EXPECT_EQ(text(pushed[i].qty), text(fills[i]->quantity));
  }

  Collect<OrderUpdate> queried;
  decode(gct::Endpoint::query_order_by_id, get("/order/queryOrderById", "orderId=" + id), queried);
  ASSERT_EQ(queried.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(queried.of<OrderUpdate>()[0].state, OrderState::partially_filled);
  EXPECT_EQ(text(queried.of<OrderUpdate>()[0].filled_qty), text(order->filled));
  Collect<OrderUpdate> open;
  decode(gct::Endpoint::open_orders, get("/order/openOrders"), open);
  ASSERT_EQ(open.of<OrderUpdate>().size(), 1u);

  const std::string_view ids[] = {id};
  gct::RequestRef ref;
  ref.order_ids = ids;
  const HttpAnswer cancel = post("/order/cancelEntrust", {{"id", id}});
  Collect<CancelAck> cancelled;
  ASSERT_EQ(decoder_.decode(gct::Endpoint::cancel_entrust, cancel.status, cancel.body, cancelled, ref), codecs::CodecError::ok)
      << cancel.body;
  EXPECT_EQ(cancelled.of<CancelAck>().size(), 1u);
  EXPECT_FALSE(order->open());
}

// The "Basic" calls have no decoder (nothing of them reaches the engine); their JSON is read
// directly.
TEST_F(GctInventory, BasicCallsNameTheCurrenciesAndTheirPrices) {
  json::Document doc(256, 8);
  const HttpAnswer coins = get("/coin/enabled");
  ASSERT_EQ(doc.parse(coins.body), codecs::CodecError::ok) << coins.body;
  ASSERT_EQ(doc.root()["status"].raw(), "success");
  std::vector<std::string> names;
  for (const auto element : doc.root()["data"]) names.emplace_back(element.value.raw());
  EXPECT_EQ(names, (std::vector<std::string>{"BTC", "ETH", "USDT"}));

  const HttpAnswer rates = get("/coin/exchange", "shortName=USDT");
  ASSERT_EQ(doc.parse(rates.body), codecs::CodecError::ok) << rates.body;
  EXPECT_EQ(doc.root()["data"]["BTC"].raw(), amount_text(exchange().last_price(0)));
  EXPECT_EQ(doc.root()["data"]["ETH"].raw(), amount_text(exchange().last_price(1)));
  EXPECT_EQ(doc.root()["data"]["USDT"].raw(), "1");
  EXPECT_NE(get("/coin/exchange", "shortName=CNY").body.find("api_market_003"), std::string::npos);

  const HttpAnswer bulletin = get("/cms/bulletin", "pageNum=1&pageSize=10");
  ASSERT_EQ(doc.parse(bulletin.body), codecs::CodecError::ok) << bulletin.body;
  EXPECT_EQ(doc.root()["data"]["total"].raw(), "0");
  EXPECT_EQ(doc.root()["data"]["list"].size(), 0u);
}

}  // namespace
}  // namespace oex::sim::testing
