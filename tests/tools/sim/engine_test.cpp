// The simulator's exchange and protocol layer in-process: price-time priority, partial and
// full fills, cancels, fill-or-kill, post-only, balances, bounded memory of closed orders;
// HTTP pipelining and WebSocket framing rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exchange.hpp"
#include "session.hpp"

namespace oex::sim {
namespace {

struct Recorder final : ExchangeListener {
  std::vector<std::string> events;
  void on_order(const Order& order, bool created) override {
    events.push_back((created ? "created " : order.open() ? "updated " : "closed ") + order.id + " filled=" +
                     amount_text(order.filled));
  }
  void on_fill(const Order& order) override {
    events.push_back("fill " + order.id + " " + amount_text(order.last_fill_quantity) + "@" + amount_text(order.last_fill_price) +
                     (order.last_fill_maker ? " maker" : " taker"));
  }
  void on_book(std::size_t, bool, Amount, Amount) override {}
  void on_trade(std::size_t, bool, Amount, Amount, std::uint64_t) override {}
  void on_balance(const std::string&, const Balance&, const Balance&) override {}
};

Amount A(const char* text) { return *parse_amount(text); }

class ExchangeTest : public ::testing::Test {
 protected:
  ExchangeTest() {
    ExchangeConfig config;
    config.venue = "test";
    config.symbols = {SymbolSpec{"BTC", "USDT", A("100"), A("1"), A("1")}};
    config.synthetic_levels = 0;  // an empty book: the test places both sides
    config.finished_orders_kept = 3;
    exchange_ = std::make_unique<Exchange>(config, clock_, [](std::uint64_t seq, std::uint64_t) { return "o" + std::to_string(seq); },
                                           nullptr);
    exchange_->set_listener(&recorder_);
  }
  Order* place(bool buy, const char* price, const char* quantity, TimeInForce tif = TimeInForce::gtc, bool post_only = false) {
    NewOrder request;
    request.buy = buy;
    request.price = A(price);
    request.quantity = A(quantity);
    request.tif = tif;
    request.post_only = post_only;
    Order* order = nullptr;
    last_error_ = exchange_->submit(request, order);
    return order;
  }
  Clock clock_{true};
  Recorder recorder_;
  std::unique_ptr<Exchange> exchange_;
  SubmitError last_error_ = SubmitError::ok;
};

TEST_F(ExchangeTest, PriceThenTimePriorityAndPartialFills) {
  Order* first = place(false, "101", "2");
  Order* better = place(false, "100.5", "1");
  Order* second = place(false, "101", "2");
  ASSERT_NE(first, nullptr);
  Order* taker = place(true, "101", "4");
  ASSERT_NE(taker, nullptr);
  EXPECT_FALSE(better->open());
  EXPECT_FALSE(first->open());
  EXPECT_EQ(second->filled, A("1"));
  EXPECT_TRUE(second->open());
  EXPECT_EQ(taker->end, OrderEnd::filled);
  EXPECT_EQ(amount_text(taker->average_price()), "100.875");  // (100.5 + 3 * 101) / 4
  const std::vector<std::string> fills = {"fill o2 1@100.5 maker", "fill o4 1@100.5 taker", "fill o1 2@101 maker",
                                          "fill o4 2@101 taker",   "fill o3 1@101 maker", "fill o4 1@101 taker"};
  std::vector<std::string> seen;
  for (const auto& e : recorder_.events) {
    if (e.rfind("fill", 0) == 0) seen.push_back(e);
  }
  EXPECT_EQ(seen, fills);
}

TEST_F(ExchangeTest, CancelReleasesTheReservationAndClosesOnce) {
  const Amount locked_before = exchange_->balances().at("USDT").locked;
  Order* order = place(true, "99", "3");
  EXPECT_EQ(exchange_->balances().at("USDT").locked - locked_before, A("297"));
  EXPECT_TRUE(exchange_->cancel(*order));
  EXPECT_FALSE(exchange_->cancel(*order));
  EXPECT_EQ(exchange_->balances().at("USDT").locked, locked_before);
  EXPECT_EQ(order->end, OrderEnd::cancelled);
}

TEST_F(ExchangeTest, FillOrKillAndImmediateOrCancelAndPostOnly) {
  place(false, "101", "1");
  Order* fok = place(true, "101", "2", TimeInForce::fok);
  EXPECT_EQ(fok->end, OrderEnd::cancelled);
  EXPECT_EQ(fok->filled, 0);
  Order* ioc = place(true, "101", "2", TimeInForce::ioc);
  EXPECT_EQ(ioc->end, OrderEnd::cancelled);
  EXPECT_EQ(ioc->filled, A("1"));
  place(false, "102", "1");
  EXPECT_EQ(place(true, "102", "1", TimeInForce::gtc, true), nullptr);
  EXPECT_EQ(last_error_, SubmitError::post_only_would_take);
}

TEST_F(ExchangeTest, ClosedOrdersAreForgottenBeyondTheWindow) {
  for (int i = 0; i < 10; ++i) {
    Order* order = place(true, "50", "1", TimeInForce::ioc);
    EXPECT_EQ(order->end, OrderEnd::cancelled);
  }
  EXPECT_EQ(exchange_->live_order_count(), 3u);
  EXPECT_EQ(exchange_->find("o1"), nullptr);
  EXPECT_NE(exchange_->find("o10"), nullptr);
}

TEST(AmountText, ParsesAndPrintsExactly) {
  EXPECT_EQ(amount_text(A("8500.0")), "8500");
  EXPECT_EQ(amount_text(A("0.002")), "0.002");
  EXPECT_EQ(amount_text(A("-1.50")), "-1.5");
  EXPECT_FALSE(parse_amount("1e5").has_value());
  EXPECT_FALSE(parse_amount("0.000000001").has_value());
  EXPECT_TRUE(parse_amount("0.100000000").has_value());
  EXPECT_FALSE(parse_amount("").has_value());
  EXPECT_FALSE(parse_amount(".").has_value());
}

struct Sink final : SessionSink {
  std::string written;
  bool closed = false;
  void write(std::string_view bytes) override { written.append(bytes); }
  void close() override { closed = true; }
};

struct EchoHandler final : Handler {
  std::vector<std::string> seen;
  void on_http(Session& session, const HttpRequest& request) override {
    seen.push_back(request.method + " " + request.target + " " + request.body);
    session.respond(200, "{}");
  }
  bool on_ws_open(Session&, const HttpRequest&) override { return true; }
  void on_ws_message(Session& session, std::string_view payload, bool) override {
    seen.emplace_back(payload);
    session.send_text(payload);
  }
  void on_close(Session&) override { seen.emplace_back("closed"); }
};

TEST(SessionTest, PipelinedRequestsSplitAcrossReads) {
  Sink sink;
  EchoHandler handler;
  Session session(handler, sink, 1);
  const std::string two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b?x=1 HTTP/1.1\r\n\r\n";
  session.on_bytes(two.substr(0, 20));
  session.on_bytes(two.substr(20));
  EXPECT_EQ(handler.seen, (std::vector<std::string>{"POST /a abc", "GET /b?x=1 "}));
  EXPECT_EQ(sink.written.find("HTTP/1.1 200 OK"), 0u);
}

std::string masked_frame(std::uint8_t opcode, std::string_view payload, bool fin = true) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
  frame.push_back(static_cast<char>(0x80 | payload.size()));
  const char mask[4] = {1, 2, 3, 4};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(static_cast<char>(payload[i] ^ mask[i & 3]));
  return frame;
}

TEST(SessionTest, WebSocketUpgradeFragmentsAndUnmaskedRefusal) {
  Sink sink;
  EchoHandler handler;
  Session session(handler, sink, 1);
  session.on_bytes("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  // RFC 6455's example key gives this accept value.
  EXPECT_NE(sink.written.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos);
  session.on_bytes(masked_frame(0x1, "hel", false) + masked_frame(0x0, "lo"));
  EXPECT_EQ(handler.seen.back(), "hello");
  sink.written.clear();
  session.on_bytes(std::string("\x81\x02hi", 4));  // unmasked: a protocol error
  EXPECT_TRUE(sink.closed);
  EXPECT_EQ(static_cast<unsigned char>(sink.written[0]), 0x88u);
  EXPECT_EQ(handler.seen.back(), "closed");
}

}  // namespace
}  // namespace oex::sim
