// DigiFinex algo (trigger) orders: created through the control endpoint (POST /algo_order,
// driven in-process), reported by order_algo.update in the document's shape (status 0 waiting,
// then 1 triggered), the limit order booked on the trigger followed by its order.update; bad
// parameters and other venues answered 400.
#include <gtest/gtest.h>

#include <oex/codecs/digifinex/ws_decoder.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "collect.hpp"
#include "digifinex_frames.hpp"
#include "control.hpp"
#include "in_process.hpp"

namespace oex::sim::testing {
namespace {

namespace digifinex = codecs::digifinex;

// One decoded order event, copied out of the decoder's views.
struct Seen {
  std::string method;  // "order_algo.update" or "order.update"
  std::string id;
  std::string symbol;
  std::string status;
  std::optional<Side> side;
  std::optional<OrderType> type;
  std::string price;
  std::string qty;
  std::string trigger_price;
  std::int64_t ms = 0;
};

class DigiFinexAlgoOrders : public ::testing::Test {
 protected:
  DigiFinexAlgoOrders()
      : venue_("digifinex", make_digifinex, digifinex_order_ids()), btse_("btse", make_btse, btse_order_ids()),
        control_({btse_.venue.get(), venue_.venue.get()}) {
    venue_.trade_a_while();
  }

  // A request to the control endpoint, in-process.
  HttpAnswer control(const std::string& target) {
    return exchange_http(control_, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
                         next_id_++);
  }

  // An authenticated connection subscribed to order_algo and order for BTC_USDT.
  void connect(WsConnection& ws) {
    ASSERT_TRUE(ws.upgraded());
    const std::string timestamp = std::to_string(wall_ms());
    codecs::HmacSha256 hmac(venue_.credentials.secret);
    const auto digest = hmac.sign({std::string_view(timestamp)});
    ws.send(R"({"id":1,"method":"server.auth","params":[")" + venue_.credentials.api_key + R"(",")" + timestamp +
            R"(",")" + base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + R"("]})");
    ws.send(R"({"id":2,"method":"order_algo.subscribe","params":["BTC_USDT"]})");
    ws.send(R"({"id":3,"method":"order.subscribe","params":["BTC_USDT"]})");
    const auto answers = texts(ws);
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_EQ(answers[0], R"({"error":null,"result":{"status":"success"},"id":1})");
    EXPECT_EQ(answers[1], R"({"error":null,"result":{"status":"success"},"id":2})");
    EXPECT_EQ(answers[2], R"({"error":null,"result":{"status":"success"},"id":3})");
  }

  std::vector<std::string> texts(WsConnection& ws) { return frames_.texts(ws); }

  // Decodes a message holding exactly one order event.
  Seen decode(const std::string& message) {
    Seen seen;
    Collect<OrderUpdate> got;
    EXPECT_EQ(decoder_.decode(message, got), codecs::CodecError::ok) << message;
    EXPECT_EQ(got.others, 0u) << message;
    EXPECT_EQ(got.of<OrderUpdate>().size(), 1u) << message;
    if (got.of<OrderUpdate>().size() != 1) return seen;
    const OrderUpdate& u = got.of<OrderUpdate>()[0];
    seen.method = message.rfind(R"({"method":"order_algo.update")", 0) == 0 ? "order_algo.update"
                  : message.rfind(R"({"method":"order.update")", 0) == 0   ? "order.update"
                                                                           : "other";
    seen.id = std::string(u.order_id);
    seen.symbol = std::string(u.symbol);
    seen.status = std::string(u.venue_status);
    seen.side = u.side;
    seen.type = u.type;
    seen.price = text(u.price);
    seen.qty = text(u.qty);
    seen.trigger_price = text(u.trigger_price);
    seen.ms = u.venue_time_ms.value_or(-1);
    return seen;
  }

  // The id from the control endpoint's {"id":"..."}.
  static std::string id_of(const HttpAnswer& answer) {
    const std::string prefix = R"({"id":")";
    if (answer.body.rfind(prefix, 0) != 0 || answer.body.size() < prefix.size() + 2) return {};
    return answer.body.substr(prefix.size(), answer.body.size() - prefix.size() - 2);
  }

  // The document's push, field for field.
  static std::string expected_push(const std::string& algo_price, const std::string& amount, const std::string& id,
                                   const std::string& side, int status, std::int64_t ms, const std::string& trigger) {
    return R"({"method":"order_algo.update","params":[{"algo_price":")" + algo_price + R"(","amount":")" + amount +
           R"(","id":")" + id + R"(","mode":1,"side":")" + side + R"(","status":)" + std::to_string(status) +
           R"(,"symbol":"BTC_USDT","timestamp":)" + std::to_string(ms) + R"(,"trigger_price":")" + trigger +
           R"("}],"id":null})";
  }

  InProcessVenue venue_;
  InProcessVenue btse_;
  Control control_;
  std::uint64_t next_id_ = 1000;
  DigiFinexFrames frames_;
  digifinex::WsDecoder decoder_;
};

TEST_F(DigiFinexAlgoOrders, ATriggerAlreadyReachedIsReportedWaitingThenTriggeredAndItsOrderFollows) {
  WsConnection ws(venue_, "/ws/v1/");
  connect(ws);
  Exchange& exchange = venue_.exchange();
  // A buy trigger at the last price is reached at once (a buy fires at or above its trigger);
  // its limit price is the best ask, so the placed order takes liquidity.
  const std::string trigger = text(exchange.last_price(0));
  const std::string algo_price = text(exchange.best(0, false)->first);
  const HttpAnswer answer = control("/algo_order?venue=digifinex&symbol=BTC_USDT&side=buy&amount=0.01&trigger_price=" +
                                    trigger + "&algo_price=" + algo_price);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const std::string id = id_of(answer);
  ASSERT_EQ(id.size(), 32u) << answer.body;  // DigiFinex's order id form

  const auto messages = texts(ws);
  ASSERT_GE(messages.size(), 3u);
  const Seen waiting = decode(messages[0]);
  EXPECT_EQ(messages[0], expected_push(algo_price, "0.01", id, "buy", 0, waiting.ms, trigger));
  EXPECT_EQ(waiting.method, "order_algo.update");
  EXPECT_EQ(waiting.type, OrderType::trigger);
  EXPECT_EQ(waiting.id, id);
  EXPECT_EQ(waiting.symbol, "BTC_USDT");
  EXPECT_EQ(waiting.side, Side::buy);
  EXPECT_EQ(waiting.status, "0");
  EXPECT_EQ(waiting.qty, "0.01");
  EXPECT_EQ(waiting.price, algo_price);
  EXPECT_EQ(waiting.trigger_price, trigger);

  const Seen triggered = decode(messages[1]);
  EXPECT_EQ(messages[1], expected_push(algo_price, "0.01", id, "buy", 1, triggered.ms, trigger));
  EXPECT_EQ(triggered.type, OrderType::trigger);
  EXPECT_EQ(triggered.id, id);
  EXPECT_EQ(triggered.status, "1");
  EXPECT_EQ(triggered.side, Side::buy);
  EXPECT_EQ(triggered.qty, "0.01");
  EXPECT_EQ(triggered.price, algo_price);
  EXPECT_EQ(triggered.trigger_price, trigger);
  EXPECT_GT(triggered.ms, waiting.ms);

  // The limit order booked on the trigger: the client's newest order, reported by order.update.
  const auto recent = exchange.recent_orders(0, 1);
  ASSERT_EQ(recent.size(), 1u);
  const Order& placed = *recent[0];
  EXPECT_EQ(text(placed.price), algo_price);
  EXPECT_EQ(text(placed.quantity), "0.01");
  EXPECT_TRUE(placed.buy);
  const Seen order = decode(messages[2]);
  EXPECT_EQ(order.method, "order.update");
  EXPECT_EQ(order.type, OrderType::limit);
  EXPECT_EQ(order.id, placed.id);
  EXPECT_NE(order.id, id);
  EXPECT_EQ(order.side, Side::buy);
  EXPECT_EQ(order.price, algo_price);
  EXPECT_EQ(order.qty, "0.01");
  for (std::size_t i = 2; i < messages.size(); ++i) EXPECT_EQ(decode(messages[i]).method, "order.update") << messages[i];

  // Fired once only: the market moving on pushes nothing more about it.
  for (int i = 0; i < 50; ++i) exchange.synthetic_step();
  for (const std::string& message : texts(ws)) EXPECT_NE(decode(message).method, "order_algo.update") << message;
}

TEST_F(DigiFinexAlgoOrders, ASellTriggerWaitsUntilTheMarketFallsToIt) {
  WsConnection ws(venue_, "/ws/v1/");
  connect(ws);
  Exchange& exchange = venue_.exchange();
  const Amount tick = exchange.symbols()[0].tick;
  const Amount below = std::min(exchange.last_price(0), exchange.best(0, true)->first) - tick;
  const std::string trigger = text(below);
  const std::string algo_price = text(below - 10 * tick);  // rests or takes, either way an order
  const HttpAnswer answer = control("/algo_order?venue=digifinex&symbol=btc_usdt&side=sell&amount=0.002&trigger_price=" +
                                    trigger + "&algo_price=" + algo_price);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const std::string id = id_of(answer);

  auto messages = texts(ws);
  ASSERT_EQ(messages.size(), 1u);  // waiting: not reached yet
  const Seen waiting = decode(messages[0]);
  EXPECT_EQ(messages[0], expected_push(algo_price, "0.002", id, "sell", 0, exchange.clock().now_ms(), trigger));
  EXPECT_EQ(waiting.side, Side::sell);

  // The market steps (through the control endpoint) until a trade at or below the trigger.
  std::vector<std::string> after;
  int steps = 0;
  while (after.empty() && steps < 5000) {
    ASSERT_EQ(control("/step?venue=digifinex&n=1").status, 200);
    ++steps;
    for (std::string& message : texts(ws)) {
      if (!after.empty() || message.rfind(R"({"method":"order_algo.update")", 0) == 0) after.push_back(std::move(message));
    }
  }
  ASSERT_GE(after.size(), 2u) << "not triggered after " << steps << " steps";
  const Seen triggered = decode(after[0]);
  EXPECT_EQ(after[0], expected_push(algo_price, "0.002", id, "sell", 1, triggered.ms, trigger));
  EXPECT_EQ(triggered.status, "1");
  const Seen order = decode(after[1]);
  EXPECT_EQ(order.method, "order.update");
  EXPECT_EQ(order.side, Side::sell);
  EXPECT_EQ(order.price, algo_price);
  EXPECT_EQ(order.qty, "0.002");
}

TEST_F(DigiFinexAlgoOrders, BadParametersAndOtherVenuesAreAnswered400) {
  WsConnection ws(venue_, "/ws/v1/");
  connect(ws);
  const std::string good = "symbol=BTC_USDT&side=buy&amount=0.01&trigger_price=1&algo_price=1";
  const std::vector<std::string> bad = {
      "/algo_order?symbol=BTC_USDT&side=buy&amount=0.01&trigger_price=1&algo_price=1",  // no venue
      "/algo_order?venue=all&" + good,
      "/algo_order?venue=btse&" + good,
      "/algo_order?venue=nowhere&" + good,
      "/algo_order?venue=digifinex&symbol=BTC_USDT&side=buy&amount=0.01&algo_price=1",  // no trigger
      "/algo_order?venue=digifinex&symbol=XRP_USDT&side=buy&amount=0.01&trigger_price=1&algo_price=1",
      "/algo_order?venue=digifinex&symbol=BTC_USDT&side=up&amount=0.01&trigger_price=1&algo_price=1",
      "/algo_order?venue=digifinex&symbol=BTC_USDT&side=buy&amount=-1&trigger_price=1&algo_price=1",
      "/algo_order?venue=digifinex&symbol=BTC_USDT&side=buy&amount=0.01&trigger_price=x&algo_price=1",
      "/algo_order?venue=digifinex&symbol=BTC_USDT&side=buy&amount=0.01&trigger_price=1&algo_price=0",
  };
  for (const std::string& target : bad) {
    const HttpAnswer answer = control(target);
    EXPECT_EQ(answer.status, 400) << target;
    EXPECT_EQ(answer.body.rfind(R"({"error":")", 0), 0u) << target << " " << answer.body;
  }
  EXPECT_TRUE(texts(ws).empty());  // nothing created, nothing pushed
  EXPECT_EQ(control("/algo_order?venue=btse&" + good).body, R"({"error":"venue btse has no algo orders"})");
}

}  // namespace
}  // namespace oex::sim::testing
