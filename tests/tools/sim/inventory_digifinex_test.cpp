// DigiFinex trades.update (the complete result, then each trade), ticker.update and
// all_ticker.update answered by the simulator (deflated frames),
// inflated and decoded with codecs/digifinex and compared with the exchange behind the venue.
#include <gtest/gtest.h>

#include <oex/codecs/digifinex/ws_decoder.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "collect.hpp"
#include "digifinex_frames.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace digifinex = codecs::digifinex;

class DigiFinexInventory : public ::testing::Test {
 protected:
  DigiFinexInventory() : venue_("digifinex", make_digifinex, digifinex_order_ids()) { venue_.trade_a_while(); }

  // Inflates every frame the venue sent and keeps the texts.
  std::vector<std::string> texts(WsConnection& ws) { return frames_.texts(ws); }

  // The ticker of `symbol` as the exchange stands now.
  void expect_ticker(const Ticker& ticker, std::size_t symbol, const std::string& name) {
    Exchange& exchange = venue_.exchange();
    const DayStats day = exchange.day_stats(symbol);
    EXPECT_EQ(ticker.symbol, name);
    EXPECT_EQ(text(ticker.last), text(exchange.last_price(symbol)));
    EXPECT_EQ(text(ticker.best_bid), text(exchange.best(symbol, true)->first));
    EXPECT_EQ(text(ticker.best_bid_qty), text(exchange.best(symbol, true)->second));
    EXPECT_EQ(text(ticker.best_ask), text(exchange.best(symbol, false)->first));
    EXPECT_EQ(text(ticker.best_ask_qty), text(exchange.best(symbol, false)->second));
    EXPECT_EQ(text(ticker.open), text(day.open));
    EXPECT_EQ(text(ticker.low), text(day.low));
    EXPECT_EQ(text(ticker.base_volume), text(day.volume));
    EXPECT_EQ(text(ticker.quote_volume), text(day.quote_volume));
    EXPECT_FALSE(ticker.high.has_value());  // the document's ticker has no high_24h
    EXPECT_EQ(ticker.venue_time_ms.value_or(0), exchange.clock().now_ms());
  }

  // A client order that takes liquidity: a trade, so tickers are pushed.
  void trade_now(std::size_t symbol) {
    NewOrder order;
    order.symbol = symbol;
    order.buy = false;
    order.price = venue_.exchange().best(symbol, true)->first;
    order.quantity = venue_.exchange().symbols()[symbol].lot;
    order.tif = TimeInForce::ioc;
    Order* placed = nullptr;
    ASSERT_EQ(venue_.exchange().submit(order, placed), SubmitError::ok);
  }

  InProcessVenue venue_;
  DigiFinexFrames frames_;
  digifinex::WsDecoder decoder_;
};

TEST_F(DigiFinexInventory, TickerSubscriptionGetsTheMarketThenAnUpdatePerTrade) {
  WsConnection ws(venue_, "/ws/v1/");
  ASSERT_TRUE(ws.upgraded());
  ws.send(R"({"id":12312, "method":"ticker.subscribe", "params":["ETH_USDT", "BTC_USDT"]})");
  auto messages = texts(ws);
  ASSERT_EQ(messages.size(), 3u);  // the answer, then one ticker per market
  EXPECT_EQ(messages[0], R"({"error":null,"result":{"status":"success"},"id":12312})");
  for (std::size_t i = 1; i < 3; ++i) {
    Collect<Ticker> got;
    ASSERT_EQ(decoder_.decode(messages[i], got), codecs::CodecError::ok) << messages[i];
    EXPECT_EQ(messages[i].rfind(R"({"method":"ticker.update")", 0), 0u);
    ASSERT_EQ(got.of<Ticker>().size(), 1u);
    const std::size_t symbol = i == 1 ? 1 : 0;
    expect_ticker(got.of<Ticker>()[0], symbol, symbol == 0 ? "BTC_USDT" : "ETH_USDT");
  }

  trade_now(0);
  messages = texts(ws);
  ASSERT_FALSE(messages.empty());
  Collect<Ticker> got;
  ASSERT_EQ(decoder_.decode(messages.back(), got), codecs::CodecError::ok) << messages.back();
  ASSERT_EQ(got.of<Ticker>().size(), 1u);
  expect_ticker(got.of<Ticker>()[0], 0, "BTC_USDT");
  EXPECT_EQ(text(*got.of<Ticker>()[0].last), text(venue_.exchange().trades(0).back().price));

  ws.send(R"({"id":2, "method":"ticker.unsubscribe", "params":[]})");
  (void)texts(ws);
  trade_now(0);
  EXPECT_TRUE(texts(ws).empty());
}

TEST_F(DigiFinexInventory, AllTickerCarriesEveryMarket) {
  WsConnection ws(venue_, "/ws/v1/");
  ws.send(R"({"id":12312, "method":"all_ticker.subscribe", "params":[]})");
  auto messages = texts(ws);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], R"({"error":null,"result":{"status":"success"},"id":12312})");
  Collect<Ticker> got;
  ASSERT_EQ(decoder_.decode(messages[1], got), codecs::CodecError::ok) << messages[1];
  EXPECT_EQ(messages[1].rfind(R"({"method":"all_ticker.update")", 0), 0u);
  ASSERT_EQ(got.of<Ticker>().size(), 2u);
  expect_ticker(got.of<Ticker>()[0], 0, "BTC_USDT");
  expect_ticker(got.of<Ticker>()[1], 1, "ETH_USDT");

  trade_now(1);
  messages = texts(ws);
  ASSERT_EQ(messages.size(), 1u);  // one all_ticker.update per trade, no per-market ticker
  Collect<Ticker> after;
  ASSERT_EQ(decoder_.decode(messages[0], after), codecs::CodecError::ok) << messages[0];
  ASSERT_EQ(after.of<Ticker>().size(), 2u);
  expect_ticker(after.of<Ticker>()[1], 1, "ETH_USDT");
}

TEST_F(DigiFinexInventory, TradesStartCleanWithTheTapeThenFollowEachTrade) {
  WsConnection ws(venue_, "/ws/v1/");
  ws.send(R"({"id":12312, "method":"trades.subscribe", "params":["BTC_USDT"]})");
  auto messages = texts(ws);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], R"({"error":null,"result":{"status":"success"},"id":12312})");
  EXPECT_EQ(messages[1].rfind(R"({"method":"trades.update","params":[true,)", 0), 0u);
  const auto& tape = venue_.exchange().trades(0);
  Collect<PublicTrade> got;
  ASSERT_EQ(decoder_.decode(messages[1], got), codecs::CodecError::ok) << messages[1];
  ASSERT_EQ(got.of<PublicTrade>().size(), std::min<std::size_t>(tape.size(), 50));
  for (std::size_t i = 0; i < got.of<PublicTrade>().size(); ++i) {
    const TradeRecord& trade = tape[tape.size() - 1 - i];
    const PublicTrade& seen = got.of<PublicTrade>()[i];
    EXPECT_EQ(seen.symbol, "BTC_USDT");
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(trade.id));
    EXPECT_EQ(text(seen.price), text(trade.price));
    EXPECT_EQ(text(seen.qty), text(trade.quantity));
    EXPECT_EQ(seen.side, trade.taker_buy ? Side::buy : Side::sell);
  }

  trade_now(0);
  messages = texts(ws);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind(R"({"method":"trades.update","params":[false,)", 0), 0u);
  Collect<PublicTrade> next;
  ASSERT_EQ(decoder_.decode(messages[0], next), codecs::CodecError::ok) << messages[0];
  ASSERT_EQ(next.of<PublicTrade>().size(), 1u);
  EXPECT_EQ(next.of<PublicTrade>()[0].trade_id.value_or(""), std::to_string(tape.back().id));
  EXPECT_EQ(next.of<PublicTrade>()[0].side, Side::sell);
}

TEST_F(DigiFinexInventory, OrderBalanceAndDepthUpdatesAreTheExchangesEvents) {
  WsConnection ws(venue_, "/ws/v1/");
  const std::string timestamp = std::to_string(wall_ms());
  codecs::HmacSha256 hmac(venue_.credentials.secret);
  const auto digest = hmac.sign({std::string_view(timestamp)});
  ws.send(R"({"id":1,"method":"server.auth","params":[")" + venue_.credentials.api_key + R"(",")" + timestamp + R"(",")" +
          base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + R"("]})");
  ws.send(R"({"id":2,"method":"order.subscribe","params":["BTC_USDT"]})");
  ws.send(R"({"id":3,"method":"balance.subscribe","params":["BTC","USDT"]})");
  ws.send(R"({"id":4,"method":"depth.subscribe","params":["BTC_USDT"]})");
  ws.send(R"({"id":5,"method":"server.ping","params":[]})");
  auto messages = texts(ws);
  ASSERT_EQ(messages.size(), 6u);  // four answers, the clean depth, the pong
  Collect<BookUpdate, Pong> start;
  for (std::size_t i = 4; i < 6; ++i) ASSERT_EQ(decoder_.decode(messages[i], start), codecs::CodecError::ok) << messages[i];
  ASSERT_EQ(start.of<BookUpdate>().size(), 1u);
  EXPECT_TRUE(start.of<BookUpdate>()[0].snapshot);
  EXPECT_EQ(text(start.of<BookUpdate>()[0].bids[0].price), text(venue_.exchange().best(0, true)->first));
  EXPECT_EQ(text(start.of<BookUpdate>()[0].asks[0].price), text(venue_.exchange().best(0, false)->first));
  EXPECT_EQ(start.of<Pong>().size(), 1u);

  // A buy that takes the best ask and rests the rest.
  Exchange& exchange = venue_.exchange();
  NewOrder request;
  request.symbol = 0;
  request.buy = true;
  request.price = exchange.best(0, false)->first;
  request.quantity = exchange.best(0, false)->second + kAmountScale / 100;
  Order* order = nullptr;
  ASSERT_EQ(exchange.submit(request, order), SubmitError::ok);
  Collect<OrderUpdate, oex::Balance, BookUpdate> got;
  const std::vector<std::string> updates = texts(ws);  // kept: the decoded events view them
  for (const std::string& update : updates) ASSERT_EQ(decoder_.decode(update, got), codecs::CodecError::ok) << update;
  EXPECT_EQ(got.others, 0u);
  ASSERT_FALSE(got.of<OrderUpdate>().empty());
  EXPECT_EQ(got.of<OrderUpdate>().front().order_id, order->id);
  EXPECT_EQ(got.of<OrderUpdate>().front().state, OrderState::new_);
  EXPECT_EQ(got.of<OrderUpdate>().back().state, OrderState::partially_filled);
  EXPECT_EQ(text(got.of<OrderUpdate>().back().filled_qty), text(order->filled));
  ASSERT_FALSE(got.of<oex::Balance>().empty());
  const oex::Balance& last = got.of<oex::Balance>().back();
  const auto& balance = exchange.balances().at(std::string(last.asset));
  EXPECT_EQ(text(last.total), text(balance.total));
  EXPECT_EQ(text(last.free), text(balance.free()));
  EXPECT_EQ(text(last.locked), text(balance.locked));
  ASSERT_FALSE(got.of<BookUpdate>().empty());
  for (const BookUpdate& delta : got.of<BookUpdate>()) EXPECT_FALSE(delta.snapshot);
}

}  // namespace
}  // namespace oex::sim::testing
