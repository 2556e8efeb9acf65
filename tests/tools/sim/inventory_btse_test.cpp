// BTSE's public market REST and the account queries (trade_history, fees) answered by the
// simulator, decoded with codecs/btse and compared with the exchange behind the venue.
#include <gtest/gtest.h>

#include <oex/codecs/btse/book_decoder.hpp>
#include <oex/codecs/btse/rest_decoder.hpp>
#include <oex/codecs/btse/ws_decoder.hpp>
#include <oex/codecs/signing.hpp>

#include <deque>
#include <string>
#include <vector>

#include "collect.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace btse = codecs::btse;

class BtseInventory : public ::testing::Test {
 protected:
  BtseInventory() : venue_("btse", make_btse, btse_order_ids()) { venue_.trade_a_while(); }

  HttpAnswer get(const std::string& path_and_query) { return venue_.http("GET", "/spot" + path_and_query); }

  HttpAnswer signed_get(const std::string& path, const std::string& query) {
    const std::string nonce = "1700000000000";
    codecs::HmacSha384 hmac(venue_.credentials.secret);
    const auto digest = hmac.sign({std::string_view(path), std::string_view(nonce), std::string_view()});
    return venue_.http("GET", "/spot" + path + (query.empty() ? "" : "?" + query),
                       {"request-api: " + venue_.credentials.api_key, "request-nonce: " + nonce,
                        "request-sign: " + hex(digest.data(), digest.size())});
  }

  template <class Sink>
  void decode(btse::Endpoint endpoint, const HttpAnswer& fresh, Sink& sink) {
    // Kept: decoded events view the answer's text.
    const HttpAnswer& answer = kept_.emplace_back(fresh);
    ASSERT_EQ(answer.status, 200) << answer.body;
    ASSERT_EQ(decoder_.decode(endpoint, answer.status, answer.body, sink), codecs::CodecError::ok) << answer.body;
  }

  // The client buys through the asks: fills at several levels, some of them the tape's.
  void client_takes(const char* quantity) {
    NewOrder order;
    order.symbol = 0;
    order.buy = true;
    order.price = exchange().best(0, false)->first + 10 * kAmountScale;
    order.quantity = *parse_amount(quantity);
    order.client_id = "client-1";
    order.tif = TimeInForce::ioc;
    Order* placed = nullptr;
    ASSERT_EQ(exchange().submit(order, placed), SubmitError::ok);
  }

  Exchange& exchange() { return venue_.exchange(); }

  InProcessVenue venue_;
  std::deque<HttpAnswer> kept_;
  btse::RestDecoder decoder_;
};

TEST_F(BtseInventory, MarketSummaryIsTheBookAndTheDayOfTrades) {
  const HttpAnswer answer = get("/api/v3.3/market_summary?symbol=BTC-USDT");
  Collect<Ticker> got;
  decode(btse::Endpoint::market_summary, answer, got);
  ASSERT_EQ(got.of<Ticker>().size(), 1u);
  const Ticker& ticker = got.of<Ticker>()[0];
  const DayStats day = exchange().day_stats(0);
  ASSERT_GT(exchange().trades(0).size(), 0u);
  EXPECT_EQ(ticker.symbol, "BTC-USDT");
  EXPECT_EQ(text(ticker.last), text(exchange().last_price(0)));
  EXPECT_EQ(text(ticker.best_bid), text(exchange().best(0, true)->first));
  EXPECT_EQ(text(ticker.best_ask), text(exchange().best(0, false)->first));
  EXPECT_EQ(text(ticker.high), text(day.high));
  EXPECT_EQ(text(ticker.low), text(day.low));
  EXPECT_EQ(text(ticker.base_volume), text(day.volume));
  EXPECT_EQ(text(ticker.quote_volume), text(day.quote_volume));

  Collect<Ticker> all;
  decode(btse::Endpoint::market_summary, get("/api/v3.3/market_summary"), all);
  ASSERT_EQ(all.of<Ticker>().size(), 2u);
  EXPECT_EQ(all.of<Ticker>()[1].symbol, "ETH-USDT");
}

TEST_F(BtseInventory, PriceIsTheLastTrade) {
  Collect<Ticker> got;
  const HttpAnswer answer = get("/api/v3.3/price?symbol=ETH-USDT");
  decode(btse::Endpoint::price, answer, got);
  ASSERT_EQ(got.of<Ticker>().size(), 1u);
  EXPECT_EQ(got.of<Ticker>()[0].symbol, "ETH-USDT");
  EXPECT_EQ(text(got.of<Ticker>()[0].last), text(exchange().last_price(1)));
}

TEST_F(BtseInventory, OrderbookAndL2AreTheRestingBook) {
  for (const auto& [path, endpoint] : {std::pair{std::string("/api/v3.3/orderbook?symbol=BTC-USDT&limit_bids=5&limit_asks=7"),
                                                 btse::Endpoint::orderbook},
                                       std::pair{std::string("/api/v3.3/orderbook/L2?symbol=BTC-USDT&depth=5"),
                                                 btse::Endpoint::orderbook_l2}}) {
    const HttpAnswer answer = get(path);
    Collect<BookUpdate> got;
    decode(endpoint, answer, got);
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u) << path;
    const BookUpdate& book = got.of<BookUpdate>()[0];
    EXPECT_TRUE(book.snapshot);
    EXPECT_EQ(book.symbol, "BTC-USDT");
    const auto bids = exchange().depth(0, true, 5);
    const auto asks = exchange().depth(0, false, endpoint == btse::Endpoint::orderbook ? 7 : 5);
    ASSERT_EQ(book.bids.size(), bids.size()) << path;
    ASSERT_EQ(book.asks.size(), asks.size()) << path;
    for (std::size_t i = 0; i < bids.size(); ++i) {
      EXPECT_EQ(text(book.bids[i].price), text(bids[i].first));
      EXPECT_EQ(text(book.bids[i].qty), text(bids[i].second));
    }
    for (std::size_t i = 0; i < asks.size(); ++i) {
      EXPECT_EQ(text(book.asks[i].price), text(asks[i].first));
      EXPECT_EQ(text(book.asks[i].qty), text(asks[i].second));
    }
  }
}

TEST_F(BtseInventory, GroupedOrderbookMergesLevelsIntoSteps) {
  const HttpAnswer answer = get("/api/v3.3/orderbook?symbol=BTC-USDT&group=1&limit_bids=3&limit_asks=3");
  Collect<BookUpdate> got;
  decode(btse::Endpoint::orderbook, answer, got);
  ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
  const BookUpdate& book = got.of<BookUpdate>()[0];
  // Steps of ten ticks (5 USDT for BTC): every bid level within the first bucket adds up.
  const Amount step = 10 * (kAmountScale / 2);
  const Amount top = exchange().best(0, true)->first;
  const Amount bucket = top - top % step;
  Amount size = 0;
  for (const auto& [price, qty] : exchange().depth(0, true, 1000)) {
    if (price >= bucket) size += qty;
  }
  ASSERT_FALSE(book.bids.empty());
  EXPECT_EQ(text(book.bids[0].price), text(bucket));
  EXPECT_EQ(text(book.bids[0].qty), text(size));
}

TEST_F(BtseInventory, TradesAreTheTapeNewestFirst) {
  const HttpAnswer answer = get("/api/v3.3/trades?symbol=BTC-USDT&count=10");
  Collect<PublicTrade> got;
  decode(btse::Endpoint::trades, answer, got);
  const auto& tape = exchange().trades(0);
  ASSERT_GE(tape.size(), 10u);
  ASSERT_EQ(got.of<PublicTrade>().size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    const TradeRecord& trade = tape[tape.size() - 1 - i];
    const PublicTrade& seen = got.of<PublicTrade>()[i];
    EXPECT_EQ(seen.symbol, "BTC-USDT");
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(trade.id));
    EXPECT_EQ(text(seen.price), text(trade.price));
    EXPECT_EQ(text(seen.qty), text(trade.quantity));
    EXPECT_EQ(seen.side, trade.taker_buy ? Side::buy : Side::sell);
    EXPECT_EQ(seen.venue_time_ms.value_or(0), trade.ms);
  }
}

TEST_F(BtseInventory, OhlcvRowsAreTheCandlesNewestFirst) {
  // A few minutes of trading: the logical clock moves a millisecond per booked event.
  for (int minute = 0; minute < 3; ++minute) {
    do {
      exchange().clock().tick();
    } while (exchange().clock().now_ms() % 60'000 != 0);
    venue_.trade_a_while(50);
  }
  const auto candles = exchange().candles(0, 1, 300);
  ASSERT_GE(candles.size(), 2u);
  const HttpAnswer answer = get("/api/v3.3/ohlcv?symbol=BTC-USDT&resolution=1");
  Collect<btse::Candle> got;
  decode(btse::Endpoint::ohlcv, answer, got);
  ASSERT_EQ(got.of<btse::Candle>().size(), candles.size());
  for (std::size_t i = 0; i < candles.size(); ++i) {
    const Candle& candle = candles[candles.size() - 1 - i];
    const btse::Candle& row = got.of<btse::Candle>()[i];
    EXPECT_EQ(row.open_time_s, candle.start_ms / 1000);
    EXPECT_EQ(text(row.open), text(candle.open));
    EXPECT_EQ(text(row.high), text(candle.high));
    EXPECT_EQ(text(row.low), text(candle.low));
    EXPECT_EQ(text(row.close), text(candle.close));
    EXPECT_EQ(text(row.volume), text(candle.volume));
  }
  EXPECT_EQ(get("/api/v3.3/ohlcv?symbol=BTC-USDT&resolution=7").status, 400);
}

TEST_F(BtseInventory, TimeCarriesIsoMillisecondsAndEpochSeconds) {
  const std::int64_t before = wall_ms();
  const HttpAnswer answer = get("/api/v3.3/time");
  const std::int64_t after = wall_ms();
  Collect<ServerTime> got;
  decode(btse::Endpoint::time, answer, got);
  ASSERT_EQ(got.of<ServerTime>().size(), 1u);
  EXPECT_GE(got.of<ServerTime>()[0].venue_time_ms, before);
  EXPECT_LE(got.of<ServerTime>()[0].venue_time_ms, after);
  EXPECT_NE(answer.body.find("\"epoch\":"), std::string::npos);
}

TEST_F(BtseInventory, TradeHistoryIsTheClientsFills) {
  client_takes("0.05");
  const auto& fills = exchange().fills();
  ASSERT_GE(fills.size(), 2u);  // the synthetic asks hold at most 0.02 a level
  const HttpAnswer answer = signed_get("/api/v3.3/user/trade_history", "symbol=BTC-USDT");
  Collect<Fill> got;
  decode(btse::Endpoint::trade_history, answer, got);
  ASSERT_EQ(got.of<Fill>().size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    const FillRecord& fill = fills[fills.size() - 1 - i];
    const Fill& seen = got.of<Fill>()[i];
    EXPECT_EQ(seen.symbol, "BTC-USDT");
    EXPECT_EQ(seen.order_id, fill.order_id);
    EXPECT_EQ(seen.client_order_id.value_or(""), "client-1");
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(fill.trade_id));
    EXPECT_EQ(seen.side, Side::buy);
    EXPECT_EQ(text(seen.price), text(fill.price));
    EXPECT_EQ(text(seen.qty), text(fill.quantity));
    EXPECT_EQ(text(seen.fee), text(fill.fee));
    EXPECT_EQ(seen.fee_ccy.value_or(""), "USDT");
  }
  // Filters: by order id, and none for the other market.
  Collect<Fill> by_order;
  decode(btse::Endpoint::trade_history,
         signed_get("/api/v3.3/user/trade_history", "symbol=BTC-USDT&orderID=" + fills.front().order_id + "&count=1"), by_order);
  EXPECT_EQ(by_order.of<Fill>().size(), 1u);
  Collect<Fill> other;
  decode(btse::Endpoint::trade_history, signed_get("/api/v3.3/user/trade_history", "symbol=ETH-USDT"), other);
  EXPECT_TRUE(other.of<Fill>().empty());
  EXPECT_EQ(venue_.http("GET", "/spot/api/v3.3/user/trade_history?symbol=BTC-USDT").status, 401);
}

TEST_F(BtseInventory, FeesAreTheExchangesRates) {
  Collect<btse::FeeRates> one;
  decode(btse::Endpoint::fees, signed_get("/api/v3.3/user/fees", "symbol=BTC-USDT"), one);
  ASSERT_EQ(one.of<btse::FeeRates>().size(), 1u);
  EXPECT_EQ(one.of<btse::FeeRates>()[0].symbol, "BTC-USDT");
  EXPECT_EQ(text(one.of<btse::FeeRates>()[0].maker_fee), "0.0005");
  EXPECT_EQ(text(one.of<btse::FeeRates>()[0].taker_fee), "0.001");
  Collect<btse::FeeRates> all;
  decode(btse::Endpoint::fees, signed_get("/api/v3.3/user/fees", ""), all);
  EXPECT_EQ(all.of<btse::FeeRates>().size(), 2u);
}

TEST_F(BtseInventory, MarketCallsRefuseAnUnknownOrMissingSymbol) {
  EXPECT_EQ(get("/api/v3.3/orderbook/L2").status, 400);
  EXPECT_EQ(get("/api/v3.3/trades?symbol=XRP-USDT").status, 400);
  EXPECT_EQ(get("/api/v3.3/price?symbol=NOPE").status, 400);
}

TEST_F(BtseInventory, SnapshotL1IsTheTopOfTheBookAndFollowsIt) {
  WsConnection ws(venue_, "/ws/oss/spot");
  ASSERT_TRUE(ws.upgraded());
  ws.send(R"({"op":"subscribe","args":["snapshotL1:BTC-USDT"]})");
  auto frames = ws.frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], R"({"event":"subscribe","channel":["snapshotL1:BTC-USDT"]})");
  btse::BookDecoder books;
  auto expect_top = [&](const std::string& frame) {
    Collect<BookUpdate> got;
    ASSERT_EQ(books.decode(frame, got), codecs::CodecError::ok) << frame;
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
    const BookUpdate& top = got.of<BookUpdate>()[0];
    EXPECT_TRUE(top.snapshot);
    EXPECT_EQ(top.symbol, "BTC-USDT");
    ASSERT_EQ(top.bids.size(), 1u);
    ASSERT_EQ(top.asks.size(), 1u);
    EXPECT_EQ(text(top.bids[0].price), text(exchange().best(0, true)->first));
    EXPECT_EQ(text(top.bids[0].qty), text(exchange().best(0, true)->second));
    EXPECT_EQ(text(top.asks[0].price), text(exchange().best(0, false)->first));
    EXPECT_EQ(text(top.asks[0].qty), text(exchange().best(0, false)->second));
    EXPECT_EQ(top.venue_time_ms.value_or(0), exchange().clock().now_ms());
  };
  expect_top(frames[1]);

  // The client takes the whole best ask: a snapshotL1 per fill (the top's size shrinks, then
  // its price moves); the last is the top as it stands.
  NewOrder order;
  order.symbol = 0;
  order.buy = true;
  order.price = exchange().best(0, false)->first;
  order.quantity = exchange().best(0, false)->second;
  order.tif = TimeInForce::ioc;
  Order* placed = nullptr;
  ASSERT_EQ(exchange().submit(order, placed), SubmitError::ok);
  frames = ws.frames();
  ASSERT_FALSE(frames.empty());
  expect_top(frames.back());

  // A change below the top sends nothing.
  NewOrder deep;
  deep.symbol = 0;
  deep.buy = true;
  deep.price = exchange().best(0, true)->first - 100 * kAmountScale;
  deep.quantity = kAmountScale / 100;
  ASSERT_EQ(exchange().submit(deep, placed), SubmitError::ok);
  EXPECT_TRUE(ws.frames().empty());
}

TEST_F(BtseInventory, NotificationsFillsAndTradesDecodeAsTheExchangeBookedThem) {
  WsConnection ws(venue_, "/ws/spot");
  const std::string nonce = "1700000000000";
  codecs::HmacSha384 hmac(venue_.credentials.secret);
  const auto digest = hmac.sign({std::string_view("/ws/spot"), std::string_view(nonce)});
  ws.send(R"({"op":"authKeyExpires","args":[")" + venue_.credentials.api_key + R"(",")" + nonce + R"(",")" +
          hex(digest.data(), digest.size()) + R"("]})");
  ASSERT_EQ(ws.frames(), std::vector<std::string>{R"({"event":"login","success":true})"});
  ws.send(R"({"op":"subscribe","args":["notificationApiV3","fills","tradeHistoryApi:BTC-USDT"]})");
  ASSERT_EQ(ws.frames().size(), 1u);

  // A buy that takes the best ask and rests the rest.
  NewOrder request;
  request.symbol = 0;
  request.buy = true;
  request.price = exchange().best(0, false)->first;
  request.quantity = exchange().best(0, false)->second + kAmountScale / 100;
  request.client_id = "mine-1";
  Order* order = nullptr;
  ASSERT_EQ(exchange().submit(request, order), SubmitError::ok);
  const auto& fills = exchange().fills();
  ASSERT_FALSE(fills.empty());

  btse::WsDecoder decoder;
  Collect<OrderUpdate, Fill, PublicTrade> got;
  const auto frames = ws.frames();
  for (const std::string& frame : frames) ASSERT_EQ(decoder.decode(frame, got), codecs::CodecError::ok) << frame;
  EXPECT_EQ(got.others, 0u);
  ASSERT_EQ(got.of<OrderUpdate>().size(), 1 + fills.size());  // inserted, then one per fill
  EXPECT_EQ(got.of<OrderUpdate>().front().order_id, order->id);
  EXPECT_EQ(got.of<OrderUpdate>().front().state, OrderState::new_);
  EXPECT_EQ(got.of<OrderUpdate>().back().state, OrderState::partially_filled);
  EXPECT_EQ(text(got.of<OrderUpdate>().back().filled_qty), text(order->filled));
  ASSERT_EQ(got.of<Fill>().size(), fills.size());
  ASSERT_EQ(got.of<PublicTrade>().size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    EXPECT_EQ(got.of<Fill>()[i].order_id, order->id);
    EXPECT_EQ(got.of<Fill>()[i].trade_id.value_or(""), std::to_string(fills[i].trade_id));
    EXPECT_EQ(text(got.of<Fill>()[i].price), text(fills[i].price));
    EXPECT_EQ(text(got.of<Fill>()[i].qty), text(fills[i].quantity));
    EXPECT_EQ(text(got.of<Fill>()[i].fee), text(fills[i].fee));
    EXPECT_EQ(got.of<Fill>()[i].liquidity, Liquidity::taker);
    EXPECT_EQ(got.of<PublicTrade>()[i].trade_id.value_or(""), std::to_string(fills[i].trade_id));
    EXPECT_EQ(text(got.of<PublicTrade>()[i].price), text(fills[i].price));
  }
}

TEST_F(BtseInventory, BookUpdatesChainTheirSequenceNumbers) {
  WsConnection ws(venue_, "/ws/oss/spot");
  ws.send(R"({"op":"subscribe","args":["update:BTC-USDT_0"]})");
  auto frames = ws.frames();
  ASSERT_EQ(frames.size(), 2u);
  btse::BookDecoder books;
  Collect<BookUpdate> snapshot;
  ASSERT_EQ(books.decode(frames[1], snapshot), codecs::CodecError::ok) << frames[1];
  ASSERT_EQ(snapshot.of<BookUpdate>().size(), 1u);
  EXPECT_TRUE(snapshot.of<BookUpdate>()[0].snapshot);
  EXPECT_EQ(text(snapshot.of<BookUpdate>()[0].bids[0].price), text(exchange().best(0, true)->first));
  std::int64_t seq = snapshot.of<BookUpdate>()[0].seq.value_or(-1);

  venue_.trade_a_while(100);
  frames = ws.frames();
  ASSERT_FALSE(frames.empty());
  for (const std::string& frame : frames) {
    Collect<BookUpdate> delta;
    ASSERT_EQ(books.decode(frame, delta), codecs::CodecError::ok) << frame;
    ASSERT_EQ(delta.of<BookUpdate>().size(), 1u);
    EXPECT_FALSE(delta.of<BookUpdate>()[0].snapshot);
    EXPECT_EQ(delta.of<BookUpdate>()[0].prev_seq.value_or(-1), seq);
    seq = delta.of<BookUpdate>()[0].seq.value_or(-1);
  }
}

TEST_F(BtseInventory, OrderAnswersDecode) {
  auto call = [&](const std::string& method, const std::string& query, const std::string& body) {
    const std::string nonce = "1700000000000";
    codecs::HmacSha384 hmac(venue_.credentials.secret);
    const auto digest = hmac.sign({std::string_view("/api/v3.3/order"), std::string_view(nonce), std::string_view(body)});
    return venue_.http(method, "/spot/api/v3.3/order" + query,
                       {"request-api: " + venue_.credentials.api_key, "request-nonce: " + nonce,
                        "request-sign: " + hex(digest.data(), digest.size()), "Content-Type: application/json"},
                       body);
  };
  const std::string low = amount_text(exchange().best(0, true)->first - 100 * kAmountScale);
  Collect<NewOrderAck, OrderUpdate> placed;
  decode(btse::Endpoint::create_order,
         call("POST", "", R"({"symbol":"BTC-USDT","size":0.01,"price":)" + low + R"(,"side":"BUY","type":"LIMIT","clOrderID":"a-1"})"),
         placed);
  ASSERT_EQ(placed.of<NewOrderAck>().size(), 1u);
  const std::string id(placed.of<NewOrderAck>()[0].order_id);
  ASSERT_NE(exchange().find(id), nullptr);
  Collect<OrderUpdate> queried;
  decode(btse::Endpoint::query_order, call("GET", "?orderID=" + id, ""), queried);
  ASSERT_EQ(queried.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(queried.of<OrderUpdate>()[0].state, OrderState::new_);
  Collect<OrderUpdate> open;
  decode(btse::Endpoint::open_orders, signed_get("/api/v3.3/user/open_orders", "symbol=BTC-USDT"), open);
  ASSERT_EQ(open.of<OrderUpdate>().size(), 1u);
  Collect<CancelAck, OrderUpdate> cancelled;
  decode(btse::Endpoint::cancel_order, call("DELETE", "?symbol=BTC-USDT&orderID=" + id, ""), cancelled);
  ASSERT_EQ(cancelled.of<CancelAck>().size(), 1u);
  EXPECT_FALSE(exchange().find(id)->open());
}

}  // namespace
}  // namespace oex::sim::testing
