// Deflow's market endpoints (/v1/common/symbols, /v1/records, /v1/ticker, /v1/trades,
// /v1/market/dept, /v1/market), the account's trades (/v1/trade), assets (/v1/user/accounts)
// and the orders' trade lists answered by the simulator, decoded with codecs/deflow and
// compared with the exchange behind the venue.
#include <gtest/gtest.h>

#include <oex/codecs/deflow/decoder.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <deque>
#include <string>
#include <vector>

#include "collect.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace deflow = codecs::deflow;

class DeflowInventory : public ::testing::Test {
 protected:
  DeflowInventory() : venue_("deflow", make_deflow, numeric_order_ids(100'000)) { venue_.trade_a_while(); }

  HttpAnswer get(const std::string& path_and_query) { return venue_.http("GET", path_and_query); }

  // A signed GET: sign = MD5 over the parameters sorted by name (name then value), then the secret.
  HttpAnswer signed_get(const std::string& path, std::map<std::string, std::string> params) {
    params["api_key"] = venue_.credentials.api_key;
    params["time"] = std::to_string(wall_ms());
    std::string text;
    std::string query;
    for (const auto& [name, value] : params) {
      text += name + value;
      query += (query.empty() ? "" : "&") + name + "=" + value;
    }
    const auto digest = codecs::digest<codecs::Md5>({std::string_view(text), std::string_view(venue_.credentials.secret)});
    return venue_.http("GET", path + "?" + query + "&sign=" + hex(digest.data(), digest.size()));
  }

  template <class Sink>
  void decode(deflow::Endpoint endpoint, const HttpAnswer& fresh, Sink& sink, std::string_view symbol = {}) {
    // Kept: decoded events view the answer's text.
    const HttpAnswer& answer = kept_.emplace_back(fresh);
    ASSERT_EQ(answer.status, 200) << answer.body;
    deflow::RequestRef ref;
    ref.symbol = symbol;
    ASSERT_EQ(decoder_.decode(endpoint, answer.status, answer.body, sink, ref), codecs::CodecError::ok) << answer.body;
  }

  // The client sells into the bids: several fills.
  Order* client_sells(Amount quantity) {
    NewOrder order;
    order.symbol = 0;
    order.buy = false;
    order.price = exchange().best(0, true)->first - 5 * kAmountScale;
    order.quantity = quantity;
    Order* placed = nullptr;
    EXPECT_EQ(exchange().submit(order, placed), SubmitError::ok);
    return placed;
  }

  std::vector<const FillRecord*> fills_of(const Order& order) {
    std::vector<const FillRecord*> out;
    for (const FillRecord& fill : exchange().fills()) {
      if (fill.order_id == order.id) out.push_back(&fill);
    }
    return out;
  }

  Exchange& exchange() { return venue_.exchange(); }

  InProcessVenue venue_;
  std::deque<HttpAnswer> kept_;
  deflow::RestDecoder decoder_;
};

TEST_F(DeflowInventory, SymbolsNameEveryMarket) {
  Collect<deflow::SymbolInfo> got;
  decode(deflow::Endpoint::symbols, get("/v1/common/symbols"), got);
  ASSERT_EQ(got.of<deflow::SymbolInfo>().size(), 2u);
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[0].symbol, "btcusdt");
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[0].base_coin, "btc");
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[0].count_coin, "usdt");
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[1].symbol, "ethusdt");
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[1].price_precision, 8);
  EXPECT_EQ(got.of<deflow::SymbolInfo>()[1].amount_precision, 8);
}

TEST_F(DeflowInventory, RecordsAreTheCandles) {
  for (int minute = 0; minute < 3; ++minute) {
    do {
      exchange().clock().tick();
    } while (exchange().clock().now_ms() % 60'000 != 0);
    venue_.trade_a_while(50);
  }
  for (const std::int64_t period : {1, 5}) {
    const auto candles = exchange().candles(0, period, 300);
    ASSERT_FALSE(candles.empty());
    Collect<deflow::Candle> got;
    decode(deflow::Endpoint::records, get("/v1/records?symbol=btcusdt&period=" + std::to_string(period)), got, "btcusdt");
    ASSERT_EQ(got.of<deflow::Candle>().size(), candles.size());
    for (std::size_t i = 0; i < candles.size(); ++i) {
      const deflow::Candle& row = got.of<deflow::Candle>()[i];
      EXPECT_EQ(row.time_s, candles[i].start_ms / 1000);
      EXPECT_EQ(text(row.open), text(candles[i].open));
      EXPECT_EQ(text(row.high), text(candles[i].high));
      EXPECT_EQ(text(row.low), text(candles[i].low));
      EXPECT_EQ(text(row.close), text(candles[i].close));
      EXPECT_EQ(text(row.volume), text(candles[i].volume));
    }
  }
  EXPECT_NE(get("/v1/records?symbol=btcusdt").body.find(R"("code":"100004")"), std::string::npos);
}

TEST_F(DeflowInventory, TickerIsTheBookAndTheDayKeyedByMarket) {
  Collect<Ticker> all;
  decode(deflow::Endpoint::ticker, get("/v1/ticker?symbol=all"), all);
  ASSERT_EQ(all.of<Ticker>().size(), 2u);
  Collect<Ticker> one;
  decode(deflow::Endpoint::ticker, get("/v1/ticker?symbol=ethusdt"), one);
  ASSERT_EQ(one.of<Ticker>().size(), 1u);
  for (const auto& [ticker, symbol] : {std::pair{all.of<Ticker>()[0], std::size_t{0}}, std::pair{all.of<Ticker>()[1], std::size_t{1}},
                                       std::pair{one.of<Ticker>()[0], std::size_t{1}}}) {
    const DayStats day = exchange().day_stats(symbol);
    EXPECT_EQ(ticker.symbol, symbol == 0 ? "btcusdt" : "ethusdt");
    EXPECT_EQ(text(ticker.high), text(day.high));
    EXPECT_EQ(text(ticker.low), text(day.low));
    EXPECT_EQ(text(ticker.last), text(exchange().last_price(symbol)));
    EXPECT_EQ(text(ticker.base_volume), text(day.volume));
    EXPECT_EQ(text(ticker.best_bid), text(exchange().best(symbol, true)->first));
    EXPECT_EQ(text(ticker.best_ask), text(exchange().best(symbol, false)->first));
    EXPECT_EQ(ticker.venue_time_ms.value_or(0), exchange().clock().now_ms());
  }
}

TEST_F(DeflowInventory, TradesAreTheTapeNewestFirst) {
  Collect<PublicTrade> got;
  decode(deflow::Endpoint::recent_trades, get("/v1/trades?symbol=btcusdt"), got, "btcusdt");
  const auto& tape = exchange().trades(0);
  ASSERT_FALSE(tape.empty());
  ASSERT_EQ(got.of<PublicTrade>().size(), std::min<std::size_t>(tape.size(), 100));
  for (std::size_t i = 0; i < got.of<PublicTrade>().size(); ++i) {
    const TradeRecord& trade = tape[tape.size() - 1 - i];
    const PublicTrade& seen = got.of<PublicTrade>()[i];
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(trade.id));
    EXPECT_EQ(text(seen.price), text(trade.price));
    EXPECT_EQ(text(seen.qty), text(trade.quantity));
    EXPECT_EQ(seen.side, trade.taker_buy ? Side::buy : Side::sell);
  }
}

TEST_F(DeflowInventory, DeptIsTheBookAtEachStep) {
  for (const auto& [type, ticks] : {std::pair{"step0", Amount{0}}, std::pair{"step1", Amount{10}}, std::pair{"step2", Amount{100}}}) {
    Collect<BookUpdate> got;
    decode(deflow::Endpoint::depth, get(std::string("/v1/market/dept?symbol=btcusdt&type=") + type), got, "btcusdt");
    ASSERT_EQ(got.of<BookUpdate>().size(), 1u);
    const BookUpdate& book = got.of<BookUpdate>()[0];
    EXPECT_TRUE(book.snapshot);
    EXPECT_EQ(book.venue_time_ms.value_or(0), exchange().clock().now_ms());
    const Amount step = ticks == 0 ? 1 : ticks * exchange().symbols()[0].tick;
    for (const bool bids : {true, false}) {
      std::vector<std::pair<Amount, Amount>> want;
      for (const auto& [price, size] : exchange().depth(0, bids, 100000)) {
        Amount bucket = price - price % step;
        if (!bids && bucket != price) bucket += step;
        if (!want.empty() && want.back().first == bucket) {
          want.back().second += size;
        } else {
          want.emplace_back(bucket, size);
        }
      }
      const auto& seen = bids ? book.bids : book.asks;
      ASSERT_EQ(seen.size(), std::min<std::size_t>(want.size(), 150)) << type;
      for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(text(seen[i].price), text(want[i].first));
        EXPECT_EQ(text(seen[i].qty), text(want[i].second));
      }
    }
  }
  EXPECT_NE(get("/v1/market/dept?symbol=btcusdt&type=step7").body.find(R"("code":"100004")"), std::string::npos);
}

TEST_F(DeflowInventory, MarketIsEveryLastPriceAndIsSigned) {
  Collect<Ticker> got;
  decode(deflow::Endpoint::market, signed_get("/v1/market", {}), got);
  ASSERT_EQ(got.of<Ticker>().size(), 2u);
  EXPECT_EQ(got.of<Ticker>()[0].symbol, "btcusdt");
  EXPECT_EQ(text(got.of<Ticker>()[0].last), text(exchange().last_price(0)));
  EXPECT_EQ(got.of<Ticker>()[1].symbol, "ethusdt");
  EXPECT_EQ(text(got.of<Ticker>()[1].last), text(exchange().last_price(1)));
  EXPECT_NE(get("/v1/market").body.find(R"("code":"100005")"), std::string::npos);
}

TEST_F(DeflowInventory, AccountTradesAreTheClientsFills) {
  Order* order = client_sells(kAmountScale / 20);
  const auto fills = fills_of(*order);
  ASSERT_GE(fills.size(), 2u);
  Collect<Fill> got;
  decode(deflow::Endpoint::trades, signed_get("/v1/trade", {{"symbol", "btcusdt"}, {"pageSize", "100"}}), got, "btcusdt");
  ASSERT_EQ(got.of<Fill>().size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    const FillRecord& fill = *fills[fills.size() - 1 - i];
    const Fill& seen = got.of<Fill>()[i];
    EXPECT_EQ(seen.order_id, order->id);  // ask_id, the client's side
    EXPECT_EQ(seen.side, Side::sell);
    EXPECT_EQ(seen.trade_id.value_or(""), std::to_string(fill.trade_id));
    EXPECT_EQ(text(seen.price), text(fill.price));
    EXPECT_EQ(text(seen.qty), text(fill.quantity));
    EXPECT_EQ(text(seen.fee), text(fill.fee));
    EXPECT_EQ(seen.fee_ccy.value_or(""), "USDT");
    EXPECT_EQ(seen.venue_time_ms.value_or(0), fill.ms);
  }
  Collect<Fill> page;
  decode(deflow::Endpoint::trades, signed_get("/v1/trade", {{"symbol", "btcusdt"}, {"pageSize", "1"}, {"page", "2"}}), page, "btcusdt");
  ASSERT_EQ(page.of<Fill>().size(), 1u);
  EXPECT_EQ(page.of<Fill>()[0].trade_id.value_or(""), std::to_string(fills[fills.size() - 2]->trade_id));
}

TEST_F(DeflowInventory, OrderInfoCarriesTheOrdersFills) {
  Order* order = client_sells(kAmountScale / 20);
  const auto fills = fills_of(*order);
  ASSERT_GE(fills.size(), 2u);
  Collect<OrderUpdate, Fill> got;
  decode(deflow::Endpoint::order_info, signed_get("/v1/order/info", {{"order_id", order->id}, {"symbol", "btcusdt"}}), got,
         "btcusdt");
  ASSERT_EQ(got.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(text(got.of<OrderUpdate>()[0].filled_qty), text(order->filled));
  ASSERT_EQ(got.of<Fill>().size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    EXPECT_EQ(got.of<Fill>()[i].order_id, order->id);
    EXPECT_EQ(got.of<Fill>()[i].trade_id.value_or(""), std::to_string(fills[i]->trade_id));
    EXPECT_EQ(text(got.of<Fill>()[i].qty), text(fills[i]->quantity));
    EXPECT_EQ(text(got.of<Fill>()[i].price), text(fills[i]->price));
  }
  // The polled order list carries the same fills in each order's tradeList.
  Collect<OrderUpdate, Fill> listed;
  decode(deflow::Endpoint::orders, signed_get("/v1/order", {{"symbol", "btcusdt"}}), listed, "btcusdt");
  EXPECT_EQ(listed.of<Fill>().size(), fills.size());
}

TEST_F(DeflowInventory, AccountsAreTheBalances) {
  Collect<oex::Balance> got;
  decode(deflow::Endpoint::user_accounts, signed_get("/v1/user/accounts", {}), got);
  const auto& balances = exchange().balances();
  ASSERT_EQ(got.of<oex::Balance>().size(), balances.size());
  for (const oex::Balance& seen : got.of<oex::Balance>()) {
    std::string asset(seen.asset);
    for (char& c : asset) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto it = balances.find(asset);
    ASSERT_NE(it, balances.end()) << seen.asset;
    EXPECT_EQ(text(seen.free), text(it->second.free()));
    EXPECT_EQ(text(seen.locked), text(it->second.locked));
  }
}

TEST_F(DeflowInventory, OrderEntryAndOpenOrdersDecode) {
  auto signed_call = [&](const std::string& method, std::map<std::string, std::string> params) {
    params["api_key"] = venue_.credentials.api_key;
    params["time"] = std::to_string(wall_ms());
    std::string text;
    std::string form;
    for (const auto& [name, value] : params) {
      text += name + value;
      form += (form.empty() ? "" : "&") + name + "=" + value;
    }
    const auto digest = codecs::digest<codecs::Md5>({std::string_view(text), std::string_view(venue_.credentials.secret)});
    form += "&sign=" + hex(digest.data(), digest.size());
    return venue_.http(method, "/v1/order", {"Content-Type: application/x-www-form-urlencoded"}, form);
  };
  const std::string low = amount_text(exchange().best(0, true)->first - 100 * kAmountScale);
  Collect<NewOrderAck> placed;
  decode(deflow::Endpoint::create_order,
         signed_call("POST", {{"side", "BUY"}, {"type", "1"}, {"volume", "0.01"}, {"price", low}, {"symbol", "btcusdt"}}), placed,
         "btcusdt");
  ASSERT_EQ(placed.of<NewOrderAck>().size(), 1u);
  const std::string id(placed.of<NewOrderAck>()[0].order_id);
  ASSERT_NE(exchange().find(id), nullptr);

  Collect<OrderUpdate, Fill> open;
  decode(deflow::Endpoint::open_orders, signed_get("/v1/order/new", {{"symbol", "btcusdt"}}), open, "btcusdt");
  ASSERT_EQ(open.of<OrderUpdate>().size(), 1u);
  EXPECT_EQ(open.of<OrderUpdate>()[0].order_id, id);
  EXPECT_EQ(open.of<OrderUpdate>()[0].state, OrderState::new_);
  EXPECT_TRUE(open.of<Fill>().empty());

  deflow::RequestRef ref;
  ref.symbol = "btcusdt";
  ref.order_id = id;
  const HttpAnswer cancel = signed_call("DELETE", {{"order_id", id}, {"symbol", "btcusdt"}});
  Collect<CancelAck> cancelled;
  ASSERT_EQ(decoder_.decode(deflow::Endpoint::cancel_order, cancel.status, cancel.body, cancelled, ref), codecs::CodecError::ok)
      << cancel.body;
  EXPECT_EQ(cancelled.of<CancelAck>().size(), 1u);
  EXPECT_FALSE(exchange().find(id)->open());
}

}  // namespace
}  // namespace oex::sim::testing
