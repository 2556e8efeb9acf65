// Cryptomus lastprice_update, ticker_update, depth_update full reloads at every depth scale,
// the market list and the depth-scale list answered by the simulator, decoded with
// codecs/cryptomus and compared with the exchange behind the venue.
#include <gtest/gtest.h>

#include <oex/codecs/cryptomus/rest.hpp>
#include <oex/codecs/cryptomus/ws_decoder.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <map>
#include <span>
#include <memory>
#include <string>
#include <vector>

#include "collect.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace cryptomus = codecs::cryptomus;

class CryptomusInventory : public ::testing::Test {
 protected:
  CryptomusInventory() : venue_("cryptomus", make_cryptomus, cryptomus_order_ids()) { venue_.trade_a_while(); }

  // A connection opened with a fresh one-time token.
  std::unique_ptr<WsConnection> connect() {
    const auto digest = codecs::digest<codecs::Md5>({std::string_view(), std::string_view(venue_.credentials.api_key)});
    const HttpAnswer token = venue_.http("POST", "/v2/user-api/exchange/ws-token",
                                         {"userId: " + venue_.credentials.user_id, "sign: " + hex(digest.data(), digest.size())});
    EXPECT_EQ(token.status, 200) << token.body;
    const std::size_t start = token.body.find(":\"") + 2;
    auto ws = std::make_unique<WsConnection>(venue_, "/ws?token=" + token.body.substr(start, 64));
    EXPECT_TRUE(ws->upgraded());
    return ws;
  }

  // A client order that takes liquidity: a trade, so prices, tickers and books move.
  void trade_now(std::size_t symbol) {
    NewOrder order;
    order.symbol = symbol;
    order.buy = true;
    order.price = exchange().best(symbol, false)->first;
    order.quantity = exchange().symbols()[symbol].lot;
    order.tif = TimeInForce::ioc;
    Order* placed = nullptr;
    ASSERT_EQ(exchange().submit(order, placed), SubmitError::ok);
  }

  void expect_ticker(const Ticker& ticker, std::size_t symbol) {
    const DayStats day = exchange().day_stats(symbol);
    EXPECT_EQ(text(ticker.last), text(exchange().last_price(symbol)));
    EXPECT_EQ(text(ticker.open), text(day.open));
    EXPECT_EQ(text(ticker.high), text(day.high));
    EXPECT_EQ(text(ticker.low), text(day.low));
    EXPECT_EQ(text(ticker.base_volume), text(day.volume));
    EXPECT_EQ(text(ticker.quote_volume), text(day.quote_volume));
    EXPECT_EQ(ticker.venue_time_ms.value_or(0), exchange().clock().now_ms() / 1000 * 1000);
  }

  // Bids or asks of the book merged into steps (bids down, asks up), best first.
  std::vector<std::pair<Amount, Amount>> merged(std::size_t symbol, bool bids, Amount step) {
    std::vector<std::pair<Amount, Amount>> out;
    for (const auto& [price, size] : exchange().depth(symbol, bids, 100000)) {
      Amount bucket = price - price % step;
      if (!bids && bucket != price) bucket += step;
      if (!out.empty() && out.back().first == bucket) {
        out.back().second += size;
      } else {
        out.emplace_back(bucket, size);
      }
    }
    return out;
  }

  void expect_levels(std::span<const BookLevel> got, const std::vector<std::pair<Amount, Amount>>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(text(got[i].price), text(want[i].first));
      EXPECT_EQ(text(got[i].qty), text(want[i].second));
    }
  }

  Exchange& exchange() { return venue_.exchange(); }

  InProcessVenue venue_;
  cryptomus::WsDecoder decoder_;
};

TEST_F(CryptomusInventory, MarketListNamesEveryMarket) {
  const HttpAnswer answer = venue_.http("GET", "/v2/user-api/exchange/markets");
  ASSERT_EQ(answer.status, 200) << answer.body;
  cryptomus::RestDecoder rest;
  Collect<cryptomus::MarketInfo> got;
  ASSERT_EQ(rest.decode(cryptomus::Endpoint::markets, answer.status, answer.body, got), codecs::CodecError::ok) << answer.body;
  ASSERT_EQ(got.of<cryptomus::MarketInfo>().size(), 2u);
  for (std::size_t s = 0; s < 2; ++s) {
    const cryptomus::MarketInfo& market = got.of<cryptomus::MarketInfo>()[s];
    const SymbolSpec& spec = exchange().symbols()[s];
    EXPECT_EQ(market.symbol, spec.base + "_" + spec.quote);
    EXPECT_EQ(market.base_currency, spec.base);
    EXPECT_EQ(market.quote_currency, spec.quote);
    EXPECT_EQ(market.id.size(), 26u);
    EXPECT_EQ(text(market.base_min_size), "0.00000001");
    EXPECT_EQ(market.base_precision.value_or(0), 8);
  }
  EXPECT_NE(got.of<cryptomus::MarketInfo>()[0].id, got.of<cryptomus::MarketInfo>()[1].id);
}

TEST_F(CryptomusInventory, DepthScaleListGivesEachIndexItsStep) {
  cryptomus::RestDecoder rest;
  for (const auto& [query, coarse] : {std::pair{std::string(""), std::string("50")},
                                      std::pair{std::string("?market=ETH_USDT"), std::string("1")}}) {
    const HttpAnswer answer = venue_.http("GET", "/v2/user-api/exchange/depth-scales" + query);
    ASSERT_EQ(answer.status, 200) << answer.body;
    Collect<cryptomus::DepthScale> got;
    ASSERT_EQ(rest.decode(cryptomus::Endpoint::depth_scales, answer.status, answer.body, got), codecs::CodecError::ok)
        << answer.body;
    ASSERT_EQ(got.of<cryptomus::DepthScale>().size(), 2u);
    EXPECT_EQ(got.of<cryptomus::DepthScale>()[0].index, 0);
    EXPECT_EQ(text(got.of<cryptomus::DepthScale>()[0].scale), "0.00000001");
    EXPECT_EQ(got.of<cryptomus::DepthScale>()[1].index, 1);
    EXPECT_EQ(text(got.of<cryptomus::DepthScale>()[1].scale), coarse);  // 100 synthetic ticks
  }
  EXPECT_EQ(venue_.http("GET", "/v2/user-api/exchange/depth-scales?market=XRP_USDT").status, 404);
}

TEST_F(CryptomusInventory, LastpriceFollowsEveryTrade) {
  auto ws = connect();
  ws->send(R"({"id":0,"method":"lastprice_subscribe","params":["BTC_USDT"]})");
  auto frames = ws->frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], R"({"id":0,"method":"lastprice_subscribe","data":{"status":"success"},"error":null})");
  Collect<Ticker> first;
  ASSERT_EQ(decoder_.decode(frames[1], first), codecs::CodecError::ok) << frames[1];
  ASSERT_EQ(first.of<Ticker>().size(), 1u);
  EXPECT_EQ(first.of<Ticker>()[0].symbol, "BTC_USDT");
  EXPECT_EQ(text(first.of<Ticker>()[0].last), text(exchange().last_price(0)));

  trade_now(0);
  trade_now(1);  // another market: not subscribed
  frames = ws->frames();
  ASSERT_EQ(frames.size(), 1u);
  Collect<Ticker> next;
  ASSERT_EQ(decoder_.decode(frames[0], next), codecs::CodecError::ok) << frames[0];
  ASSERT_EQ(next.of<Ticker>().size(), 1u);
  EXPECT_EQ(text(next.of<Ticker>()[0].last), text(exchange().trades(0).back().price));
  EXPECT_EQ(next.of<Ticker>()[0].venue_time_ms.value_or(0), exchange().trades(0).back().ms / 1000 * 1000);
}

TEST_F(CryptomusInventory, TickerForAllMarketsIsTheDayOfTrades) {
  auto ws = connect();
  ws->send(R"({"id":0,"method":"ticker_subscribe","params":["all"]})");
  auto frames = ws->frames();
  ASSERT_EQ(frames.size(), 3u);
  for (std::size_t s = 0; s < 2; ++s) {
    Collect<Ticker> got;
    ASSERT_EQ(decoder_.decode(frames[1 + s], got), codecs::CodecError::ok) << frames[1 + s];
    ASSERT_EQ(got.of<Ticker>().size(), 1u);
    EXPECT_EQ(got.of<Ticker>()[0].symbol, s == 0 ? "BTC_USDT" : "ETH_USDT");
    expect_ticker(got.of<Ticker>()[0], s);
  }
  trade_now(1);
  frames = ws->frames();
  ASSERT_EQ(frames.size(), 1u);
  Collect<Ticker> got;
  ASSERT_EQ(decoder_.decode(frames[0], got), codecs::CodecError::ok) << frames[0];
  ASSERT_EQ(got.of<Ticker>().size(), 1u);
  EXPECT_EQ(got.of<Ticker>()[0].symbol, "ETH_USDT");
  expect_ticker(got.of<Ticker>()[0], 1);
}

TEST_F(CryptomusInventory, DepthStartsWithAFullReloadAtEachScaleThenSteps) {
  auto ws = connect();
  ws->send(R"({"id":0,"method":"depth_subscribe","params":["BTC_USDT:0","BTC_USDT:1"]})");
  auto frames = ws->frames();
  ASSERT_EQ(frames.size(), 3u);
  const Amount coarse = 100 * exchange().symbols()[0].tick;
  for (std::size_t i = 0; i < 2; ++i) {
    Collect<BookUpdate> got;
    ASSERT_EQ(decoder_.decode(frames[1 + i], got), codecs::CodecError::ok) << frames[1 + i];
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
    const BookUpdate& book = got.of<BookUpdate>()[0];
    EXPECT_TRUE(book.snapshot);
    EXPECT_EQ(book.symbol, i == 0 ? "BTC_USDT:0" : "BTC_USDT:1");
    expect_levels(book.bids, merged(0, true, i == 0 ? 1 : coarse));
    expect_levels(book.asks, merged(0, false, i == 0 ? 1 : coarse));
  }

  // The client takes the best ask: both scales report the changed step with its new total.
  const Amount best_ask = exchange().best(0, false)->first;
  trade_now(0);
  frames = ws->frames();
  ASSERT_EQ(frames.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    Collect<BookUpdate> got;
    ASSERT_EQ(decoder_.decode(frames[i], got), codecs::CodecError::ok) << frames[i];
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
    const BookUpdate& delta = got.of<BookUpdate>()[0];
    EXPECT_FALSE(delta.snapshot);
    EXPECT_TRUE(delta.bids.empty());
    ASSERT_EQ(delta.asks.size(), 1u);
    const Amount step = i == 0 ? 1 : coarse;
    Amount bucket = best_ask - best_ask % step;
    if (bucket != best_ask) bucket += step;
    Amount total = 0;
    for (const auto& [price, size] : merged(0, false, step)) {
      if (price == bucket) total = size;
    }
    EXPECT_EQ(text(delta.asks[0].price), text(bucket));
    EXPECT_EQ(text(delta.asks[0].qty), text(total));
  }
}

TEST_F(CryptomusInventory, OrderDealBalanceAndTradeUpdatesAreTheExchangesEvents) {
  auto ws = connect();
  for (const char* channel : {"order", "deal", "balance", "trade"}) {
    ws->send(std::string(R"({"id":0,"method":")") + channel + R"(_subscribe","params":["all"]})");
  }
  ASSERT_EQ(ws->frames().size(), 4u);  // the answers

  // A buy that takes the best ask and rests the rest: created, deals, updated.
  const Amount ask = exchange().best(0, false)->first;
  const Amount quantity = exchange().best(0, false)->second + kAmountScale / 100;
  NewOrder request;
  request.symbol = 0;
  request.buy = true;
  request.price = ask;
  request.quantity = quantity;
  request.client_id = "mine-1";
  Order* order = nullptr;
  ASSERT_EQ(exchange().submit(request, order), SubmitError::ok);
  ASSERT_TRUE(order->open());
  std::vector<const FillRecord*> fills;
  for (const FillRecord& fill : exchange().fills()) {
    if (fill.order_id == order->id) fills.push_back(&fill);
  }
  ASSERT_FALSE(fills.empty());

  std::vector<OrderUpdate> orders;
  std::vector<Fill> deals;
  std::vector<PublicTrade> trades;
  std::vector<std::string> balance_assets;
  const auto frames = ws->frames();
  for (const std::string& frame : frames) {
    Collect<OrderUpdate, Fill, PublicTrade, oex::Balance> got;
    ASSERT_EQ(decoder_.decode(frame, got), codecs::CodecError::ok) << frame;
    EXPECT_EQ(got.others, 0u) << frame;
    for (const auto& u : got.of<OrderUpdate>()) orders.push_back(u);
    for (const auto& f : got.of<Fill>()) deals.push_back(f);
    for (const auto& t : got.of<PublicTrade>()) trades.push_back(t);
    for (const auto& b : got.of<oex::Balance>()) balance_assets.emplace_back(b.asset);
  }
  ASSERT_EQ(orders.size(), 1 + fills.size());  // created, then one update per fill
  EXPECT_EQ(orders.front().order_id, order->id);
  EXPECT_EQ(orders.front().client_order_id.value_or(""), "mine-1");
  EXPECT_EQ(orders.front().state, OrderState::new_);
  EXPECT_EQ(orders.back().state, OrderState::partially_filled);
  EXPECT_EQ(text(orders.back().filled_qty), text(order->filled));

  ASSERT_EQ(deals.size(), fills.size());
  ASSERT_EQ(trades.size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    EXPECT_EQ(deals[i].trade_id.value_or(""), std::to_string(fills[i]->trade_id));
    EXPECT_EQ(deals[i].symbol, "BTC_USDT");
    EXPECT_EQ(text(deals[i].price), text(fills[i]->price));
    EXPECT_EQ(text(deals[i].qty), text(fills[i]->quantity));
    EXPECT_EQ(text(deals[i].fee), text(fills[i]->fee));
    EXPECT_EQ(deals[i].fee_ccy.value_or(""), "USDT");
    EXPECT_EQ(deals[i].liquidity, Liquidity::taker);
    EXPECT_EQ(text(trades[i].price), text(fills[i]->price));
    EXPECT_EQ(text(trades[i].qty), text(fills[i]->quantity));
    EXPECT_EQ(trades[i].side, Side::buy);
  }
  // Both currencies of the market moved.
  EXPECT_NE(std::find(balance_assets.begin(), balance_assets.end(), "BTC"), balance_assets.end());
  EXPECT_NE(std::find(balance_assets.begin(), balance_assets.end(), "USDT"), balance_assets.end());

  // Cancelled: finished. The document shows only the completed / filled states; the simulator's
  // state for a cancel is kept as sent and the codec surfaces it as unknown, never guessed.
  ASSERT_TRUE(exchange().cancel(*order));
  Collect<OrderUpdate> finished;
  const auto last_frames = ws->frames();  // kept: the decoded events view them
  for (const std::string& frame : last_frames) ASSERT_EQ(decoder_.decode(frame, finished), codecs::CodecError::ok) << frame;
  ASSERT_EQ(finished.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(finished.of<OrderUpdate>()[0].venue_status, "partially_filled");
  EXPECT_EQ(text(finished.of<OrderUpdate>()[0].filled_qty), text(order->filled));
}

}  // namespace
}  // namespace oex::sim::testing
