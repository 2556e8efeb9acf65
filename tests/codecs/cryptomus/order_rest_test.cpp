// Cryptomus order entry (codecs/cryptomus/order_rest.hpp): the exact bytes, headers and signature
// of every request, every buffer length with a canary, the answers' normalized events, every
// truncation of every answer, and no allocation after the first pass.
//
// Every expected `sign` below was computed outside this code base, with the body and key shown:
//   b=$(printf '%s' "$BODY" | base64 -w0); printf '%s%s' "$b" 'test-api-key-123' | md5sum
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "cryptomus_test_support.hpp"
#include "oex/codecs/cryptomus/order_rest.hpp"

namespace oex::codecs::cryptomus {
namespace {

constexpr UserCredentials kCredentials{"u-1f3c", "test-api-key-123"};

Decimal dec(std::string_view text) { return *Decimal::parse(text); }

std::string header(const RestRequest& r, std::string_view name) {
  for (const Header& h : r.headers()) {
    if (h.name == name) return std::string(h.value);
  }
  return "<absent>";
}

LimitOrderFields limit_order() {
  return {"BTC_USDT", Side::buy, dec("0.5"), dec("30000.10"), "1700000000000001"};
}
MarketOrderFields market_sell() { return {"ETH_USDT", Side::sell, dec("1.250"), std::nullopt, "42"}; }
MarketOrderFields market_buy_by_value() { return {"BTC_USDT", Side::buy, std::nullopt, dec("100"), ""}; }

TEST(CryptomusOrderRestEncoder, LimitOrderBytesHeadersAndSignature) {
  char buf[1024];
  const auto r = encode_limit_order(buf, limit_order(), kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/v2/user-api/exchange/orders");
  EXPECT_EQ(r->content_type, "application/json");
  // 111 bytes: three whole 48-byte pieces of base64 input and a short last one.
  EXPECT_EQ(r->body,
            R"({"market":"BTC_USDT","direction":"buy","quantity":"0.5","price":"30000.1","client_order_id":"1700000000000001"})");
  ASSERT_EQ(r->headers().size(), 2u);
  EXPECT_EQ(header(*r, "userId"), "u-1f3c");
  EXPECT_EQ(header(*r, "sign"), "b9857c3d25c48e90f42af15b0b34a8ba");
}

TEST(CryptomusOrderRestEncoder, MarketSellByQuantity) {
  char buf[1024];
  const auto r = encode_market_order(buf, market_sell(), kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/v2/user-api/exchange/orders/market");
  EXPECT_EQ(r->body, R"({"market":"ETH_USDT","direction":"sell","quantity":"1.25","client_order_id":"42"})");
  EXPECT_EQ(header(*r, "userId"), "u-1f3c");
  EXPECT_EQ(header(*r, "sign"), "6c820693c2cfd50fd7d8058d414f965e");
}

TEST(CryptomusOrderRestEncoder, MarketBuyByQuoteValueWithoutClientId) {
  char buf[1024];
  const auto r = encode_market_order(buf, market_buy_by_value(), kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->body, R"({"market":"BTC_USDT","direction":"buy","value":"100"})");
  EXPECT_EQ(header(*r, "sign"), "ad65417d2cef3531a1e4b3f39db3ee6f");
}

TEST(CryptomusOrderRestEncoder, CancelPutsTheIdInThePathAndSignsTheEmptyBody) {
  char buf[1024];
  const auto r = encode_cancel_order(buf, "01J7E836F6K5KCX5DP2W0F6FAG", kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "DELETE");
  EXPECT_EQ(r->target, "/v2/user-api/exchange/orders/01J7E836F6K5KCX5DP2W0F6FAG");
  EXPECT_TRUE(r->body.empty());
  EXPECT_TRUE(r->content_type.empty());
  EXPECT_EQ(header(*r, "userId"), "u-1f3c");
  // printf '%s' 'test-api-key-123' | md5sum  (base64 of the empty body is empty)
  EXPECT_EQ(header(*r, "sign"), "243803a7915cfddb629813ae00da7da3");
}

TEST(CryptomusOrderRestEncoder, OpenOrders) {
  char buf[1024];
  const auto r = encode_open_orders(buf, kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/v2/user-api/exchange/orders");
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(header(*r, "sign"), "243803a7915cfddb629813ae00da7da3");
}

TEST(CryptomusOrderRestEncoder, OrderHistory) {
  char buf[1024];
  const auto r = encode_order_history(buf, kCredentials);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/v2/user-api/exchange/orders/history");
  EXPECT_TRUE(r->body.empty());
  EXPECT_TRUE(r->content_type.empty());
  ASSERT_EQ(r->headers().size(), 2u);
  EXPECT_EQ(header(*r, "userId"), "u-1f3c");
  // printf '%s' 'test-api-key-123' | md5sum  (the empty body; the path is not signed)
  EXPECT_EQ(header(*r, "sign"), "243803a7915cfddb629813ae00da7da3");
}

TEST(CryptomusOrderRestEncoder, TheTokenRequestSignsThroughTheSameSigner) {
  char buf[256];
  RestRequest token;
  ASSERT_EQ(encode_token_request(buf, {.method = "POST", .path = "/t"}, "u-1f3c", "test-api-key-123", token),
            CodecError::ok);
  EXPECT_EQ(header(token, "sign"), "243803a7915cfddb629813ae00da7da3");
}

TEST(CryptomusOrderRestEncoder, RefusesWhatCannotBeSent) {
  char buf[1024];
  LimitOrderFields no_market = limit_order();
  no_market.market = {};
  EXPECT_EQ(encode_limit_order(buf, no_market, kCredentials).error(), CodecError::invalid_argument);
  LimitOrderFields zero_price = limit_order();
  zero_price.price = Decimal{};
  EXPECT_EQ(encode_limit_order(buf, zero_price, kCredentials).error(), CodecError::invalid_argument);
  LimitOrderFields negative_qty = limit_order();
  negative_qty.quantity = dec("-1");
  EXPECT_EQ(encode_limit_order(buf, negative_qty, kCredentials).error(), CodecError::invalid_argument);
  MarketOrderFields both = market_sell();
  both.value = dec("10");
  EXPECT_EQ(encode_market_order(buf, both, kCredentials).error(), CodecError::invalid_argument);
  MarketOrderFields neither = market_sell();
  neither.quantity.reset();
  EXPECT_EQ(encode_market_order(buf, neither, kCredentials).error(), CodecError::invalid_argument);
  MarketOrderFields sell_by_value = market_buy_by_value();
  sell_by_value.side = Side::sell;
  EXPECT_EQ(encode_market_order(buf, sell_by_value, kCredentials).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_cancel_order(buf, "", kCredentials).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_cancel_order(buf, "../orders", kCredentials).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_cancel_order(buf, "a?b", kCredentials).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_open_orders(buf, {"", "key"}).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_order_history(buf, {"", "key"}).error(), CodecError::invalid_argument);
}

TEST(CryptomusOrderRestEncoder, TheApiKeyIsNeverWritten) {
  char buf[1024];
  std::memset(buf, 0, sizeof buf);
  ASSERT_TRUE(encode_limit_order(buf, limit_order(), kCredentials).ok());
  EXPECT_EQ(std::string_view(buf, sizeof buf).find("test-api-key-123"), std::string_view::npos);
}

// hffix style: every length from 0, a canary after the buffer; short buffers fail, never overrun.
template <class Encode>
void sweep(const char* name, Encode encode) {
  char reference[1024];
  const auto full = encode(std::span<char>(reference, sizeof reference));
  ASSERT_TRUE(full.ok()) << name;
  const std::size_t needed = static_cast<std::size_t>(full->body.data() + full->body.size() - reference) +
                             header(*full, "userId").size() + 32;
  std::vector<char> storage(needed + 1);
  for (std::size_t len = 0; len <= needed; ++len) {
    storage.assign(needed + 1, '\0');
    storage[len] = '#';
    const auto r = encode(std::span<char>(storage.data(), len));
    EXPECT_EQ(storage[len], '#') << name << " overran at length " << len;
    if (len < needed) {
      ASSERT_FALSE(r.ok()) << name << " reported success short at " << len;
      EXPECT_EQ(r.error(), CodecError::buffer_too_small) << name;
    } else {
      ASSERT_TRUE(r.ok()) << name << " failed at its exact length " << len;
      EXPECT_EQ(r->body, full->body) << name;
      EXPECT_EQ(r->target, full->target) << name;
      EXPECT_EQ(header(*r, "sign"), header(*full, "sign")) << name;
    }
  }
}

TEST(CryptomusOrderRestEncoder, EveryBufferLengthWithACanary) {
  sweep("limit", [](std::span<char> b) { return encode_limit_order(b, limit_order(), kCredentials); });
  sweep("market", [](std::span<char> b) { return encode_market_order(b, market_sell(), kCredentials); });
  sweep("market_value", [](std::span<char> b) { return encode_market_order(b, market_buy_by_value(), kCredentials); });
  sweep("cancel", [](std::span<char> b) { return encode_cancel_order(b, "01J7E836F6K5KCX5DP2W0F6FAG", kCredentials); });
  sweep("open_orders", [](std::span<char> b) { return encode_open_orders(b, kCredentials); });
  sweep("order_history", [](std::span<char> b) { return encode_order_history(b, kCredentials); });
}

// --- answers ---

struct AnswerCase {
  const char* fixture;
  OrderEndpoint endpoint;
  int status;
  CodecError result;
  std::vector<std::string> events;
};

OrderRestContext context_for(OrderEndpoint endpoint) {
  OrderRestContext c;
  c.endpoint = endpoint;
  c.market = "BTC_USDT";
  c.client_order_id = "1700000000000001";
  c.order_id = "01J7E836F6K5KCX5DP2W0F6FAG";
  return c;
}

const std::vector<AnswerCase>& answer_cases() {
  static const std::vector<AnswerCase> cases = {
      {"new_order_ack", OrderEndpoint::limit_order, 200, CodecError::ok,
       {R"({"venue":"cryptomus","event":"new_ack","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":"1700000000000001","symbol":"BTC_USDT","state":null,"venue_time_ms":null})"}},
      {"new_order_refused", OrderEndpoint::market_order, 422, CodecError::venue_error,
       {R"({"venue":"cryptomus","event":"new_reject","client_order_id":"1700000000000001","symbol":"BTC_USDT","code":"422","detail":"Insufficient funds"})"}},
      {"new_order_invalid", OrderEndpoint::limit_order, 422, CodecError::venue_error,
       {R"({"venue":"cryptomus","event":"new_reject","client_order_id":"1700000000000001","symbol":"BTC_USDT","code":"422","detail":"The given data was invalid."})"}},
      {"throttled", OrderEndpoint::cancel_order, 429, CodecError::venue_error,
       {R"({"venue":"cryptomus","event":"cancel_reject","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":null,"symbol":"","code":"429","detail":"Too Many Attempts."})"}},
      {"cancel_ack", OrderEndpoint::cancel_order, 200, CodecError::ok,
       {R"({"venue":"cryptomus","event":"cancel_ack","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":null,"symbol":""})"}},
      {"cancel_not_found", OrderEndpoint::cancel_order, 404, CodecError::venue_error,
       {R"({"venue":"cryptomus","event":"cancel_reject","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":null,"symbol":"","code":"404","detail":"Order not found"})"}},
      {"open_orders_empty", OrderEndpoint::open_orders, 200, CodecError::ok, {}},
      {"open_orders", OrderEndpoint::open_orders, 200, CodecError::ok, {}},  // field by field below
      {"order_history", OrderEndpoint::order_history, 200, CodecError::ok, {}},  // field by field below
  };
  return cases;
}

std::string fixture_text(const char* name) {
  return test::read_file(test::fixture_dir() / "order_rest" / (std::string(name) + ".json"));
}

test::Decoded decode(OrderRestDecoder& decoder, const AnswerCase& c, std::string_view text) {
  test::Decoded d;
  d.result = decoder.decode(context_for(c.endpoint), c.status, text,
                            [&](const auto& event) { d.events.push_back(test::render(event)); });
  return d;
}

// A 200 answer to `endpoint`: its order updates, and every event rendered. The updates view
// `text`, which must outlive them.
struct DecodedOrders {
  CodecError result = CodecError::ok;
  std::vector<OrderUpdate> updates;
  std::vector<std::string> rendered;
};
DecodedOrders decode_orders(OrderRestDecoder& decoder, OrderEndpoint endpoint, std::string_view text) {
  DecodedOrders d;
  d.result = decoder.decode(context_for(endpoint), 200, text, [&](const auto& event) {
    d.rendered.push_back(test::render(event));
    if constexpr (std::is_same_v<std::decay_t<decltype(event)>, OrderUpdate>) d.updates.push_back(event);
  });
  return d;
}

TEST(CryptomusOrderRestDecoder, EveryFixtureHasACase) {
  EXPECT_EQ(test::fixtures_in("order_rest").size(), answer_cases().size());
}

TEST(CryptomusOrderRestDecoder, AnswersGolden) {
  OrderRestDecoder decoder;
  for (const AnswerCase& c : answer_cases()) {
    if (std::string_view(c.fixture) == "open_orders" || std::string_view(c.fixture) == "order_history") continue;
    const auto d = decode(decoder, c, fixture_text(c.fixture));
    EXPECT_EQ(d.result, c.result) << c.fixture << ": " << error_name(d.result);
    EXPECT_EQ(d.events, c.events) << c.fixture;
  }
}

TEST(CryptomusOrderRestDecoder, OpenOrdersAreStandingOrdersByTheirFilledQuantity) {
  OrderRestDecoder decoder;
  const std::string text = fixture_text("open_orders");
  const auto [e, updates, rendered] = decode_orders(decoder, OrderEndpoint::open_orders, text);
  ASSERT_EQ(e, CodecError::ok);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].order_id, "01J7E836F6K5KCX5DP2W0F6FAG");
  EXPECT_EQ(updates[0].client_order_id, OptText("1700000000000001"));
  EXPECT_EQ(updates[0].symbol, "BTC_USDT");
  EXPECT_EQ(updates[0].side, Side::buy);
  EXPECT_EQ(updates[0].type, OrderType::limit);
  EXPECT_EQ(updates[0].state, OrderState::new_);
  EXPECT_EQ(*updates[0].price, dec("30000.1"));
  EXPECT_EQ(*updates[0].qty, dec("0.5"));
  EXPECT_TRUE(updates[0].filled_qty->is_zero());
  EXPECT_EQ(updates[0].venue_time_ms, OptMillis(1750774869000));
  EXPECT_EQ(updates[1].state, OrderState::partially_filled);
  EXPECT_FALSE(updates[1].client_order_id.has_value());
  EXPECT_EQ(updates[1].side, Side::sell);
  EXPECT_EQ(*updates[1].filled_qty, dec("0.75"));
  EXPECT_EQ(*updates[1].filled_notional, dec("1875"));
  EXPECT_EQ(updates[1].venue_time_ms, OptMillis(1750774901000));
  EXPECT_EQ(rendered[1],
            R"({"venue":"cryptomus","event":"order","order_id":"01J7E836F6K5KCX5DP2W0F6FAH","client_order_id":null,"symbol":"ETH_USDT","side":"sell","type":"limit","time_in_force":null,"state":"partially_filled","price":"2500","qty":"2","filled_qty":"0.75","avg_price":null,"venue_status":"updated","filled_notional":"1875","remaining_qty":null,"trigger_price":null,"last_fill_qty":null,"last_fill_price":null,"trade_id":null,"fee":null,"fee_ccy":null,"venue_time_ms":1750774901000})")
      << "(the rendering is event_json's; venue_status names the type the list implies)";
}

TEST(CryptomusOrderRestDecoder, TheOrderHistoryTellsFilledFromCancelledWithTheirFills) {
  OrderRestDecoder decoder;
  const std::string text = fixture_text("order_history");
  const auto [e, updates, rendered] = decode_orders(decoder, OrderEndpoint::order_history, text);
  ASSERT_EQ(e, CodecError::ok);
  ASSERT_EQ(updates.size(), 3u);
  // state completed, internalState filled: filled, with its whole quantity.
  EXPECT_EQ(updates[0].order_id, "01J7E836F6K5KCX5DP2W0F6FAJ");
  EXPECT_EQ(updates[0].client_order_id, OptText("1700000000000002"));
  EXPECT_EQ(updates[0].symbol, "BTC_USDT");
  EXPECT_EQ(updates[0].side, Side::buy);
  EXPECT_EQ(updates[0].state, OrderState::filled);
  EXPECT_EQ(updates[0].venue_status, "filled");
  EXPECT_EQ(*updates[0].qty, dec("0.002"));
  EXPECT_EQ(*updates[0].filled_qty, dec("0.002"));
  EXPECT_EQ(*updates[0].filled_notional, dec("60"));
  EXPECT_EQ(updates[0].venue_time_ms, OptMillis(1750774990000));
  // state cancelled, internalState partially_filled: cancelled, keeping what it filled.
  EXPECT_EQ(updates[1].order_id, "01J7E836F6K5KCX5DP2W0F6FAH");
  EXPECT_FALSE(updates[1].client_order_id.has_value());
  EXPECT_EQ(updates[1].state, OrderState::cancelled);
  EXPECT_EQ(updates[1].venue_status, "partially_filled");
  EXPECT_EQ(*updates[1].filled_qty, dec("0.75"));
  EXPECT_EQ(*updates[1].filled_notional, dec("1875"));
  // state cancelled, internalState cancelled: cancelled, nothing filled.
  EXPECT_EQ(updates[2].order_id, "01J7E836F6K5KCX5DP2W0F6FAG");
  EXPECT_EQ(updates[2].state, OrderState::cancelled);
  EXPECT_EQ(updates[2].venue_status, "cancelled");
  EXPECT_TRUE(updates[2].filled_qty->is_zero());
  ASSERT_EQ(rendered.size(), 3u);
  EXPECT_NE(rendered[0].find(R"("state":"filled")"), std::string::npos) << rendered[0];
  EXPECT_NE(rendered[1].find(R"("state":"cancelled")"), std::string::npos) << rendered[1];

  // A refusal of the history is a VenueError, as for the open orders.
  const auto refused = decode(decoder, {"-", OrderEndpoint::order_history, 429, CodecError::venue_error, {}},
                              R"({"state":1,"message":"Too Many Attempts."})");
  EXPECT_EQ(refused.result, CodecError::venue_error);
  ASSERT_EQ(refused.events.size(), 1u);
  EXPECT_NE(refused.events[0].find(R"("code":"429")"), std::string::npos) << refused.events[0];
}

TEST(CryptomusOrderRestDecoder, AFinishedOrderInTheListKeepsItsState) {
  OrderRestDecoder decoder;
  const std::string text =
      R"({"result":[{"id":"X1","symbol":"BTC_USDT","direction":"buy","quantity":"1","filledQuantity":"1","state":"completed","internalState":"filled","finishTs":1750774999}]})";
  const auto [e, updates, rendered] = decode_orders(decoder, OrderEndpoint::open_orders, text);
  ASSERT_EQ(e, CodecError::ok);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].state, OrderState::filled);
  EXPECT_EQ(updates[0].venue_status, "filled");
}

TEST(CryptomusOrderRestDecoder, MalformedAnswersAreTypedErrorsAndTheNextOneDecodes) {
  OrderRestDecoder decoder;
  struct Bad {
    OrderEndpoint endpoint;
    int status;
    std::string_view body;
    CodecError expected;
  } bad[] = {
      {OrderEndpoint::limit_order, 200, R"({"order_id":)", CodecError::malformed_json},
      {OrderEndpoint::limit_order, 200, R"({})", CodecError::missing_field},
      {OrderEndpoint::limit_order, 200, R"({"order_id":12})", CodecError::wrong_type},
      {OrderEndpoint::limit_order, 200, R"({"order_id":""})", CodecError::invalid_value},
      {OrderEndpoint::limit_order, 200, R"([1])", CodecError::unknown_message},
      {OrderEndpoint::cancel_order, 200, R"({"success":"yes"})", CodecError::wrong_type},
      {OrderEndpoint::open_orders, 200, R"({"result":{}})", CodecError::wrong_type},
      {OrderEndpoint::open_orders, 200, R"({"result":[{"id":"A","symbol":"BTC_USDT","filledQuantity":"x"}]})",
       CodecError::invalid_number},
      {OrderEndpoint::open_orders, 200, R"({"result":[{"id":"A","symbol":"BTC_USDT"}]})", CodecError::missing_field},
      {OrderEndpoint::open_orders, 200, R"({"state":"x","result":[]})", CodecError::invalid_number},
      {OrderEndpoint::order_history, 200, R"({})", CodecError::missing_field},
      {OrderEndpoint::order_history, 200, R"({"result":"none"})", CodecError::wrong_type},
      {OrderEndpoint::order_history, 200, R"({"result":[{"id":"A","symbol":"BTC_USDT","state":"cancelled"}]})",
       CodecError::missing_field},
      {OrderEndpoint::order_history, 200,
       R"({"result":[{"id":"A","symbol":"BTC_USDT","filledQuantity":"1","state":"completed"},7]})",
       CodecError::wrong_type},
  };
  for (const Bad& b : bad) {
    std::size_t events = 0;
    const CodecError e = decoder.decode(context_for(b.endpoint), b.status, b.body, [&](const auto&) { ++events; });
    EXPECT_EQ(e, b.expected) << b.body << " gave " << error_name(e);
    EXPECT_EQ(events, 0u) << b.body;
    const auto next = decode(decoder, answer_cases()[0], fixture_text("new_order_ack"));
    EXPECT_EQ(next.result, CodecError::ok);
    EXPECT_EQ(next.events, answer_cases()[0].events);
  }
}

TEST(CryptomusOrderRestDecoder, ARefusalWithoutAJsonBodyStillNamesItsStatus) {
  OrderRestDecoder decoder;
  const auto d = decode(decoder, {"-", OrderEndpoint::open_orders, 502, CodecError::venue_error, {}}, "<html>bad gateway");
  EXPECT_EQ(d.result, CodecError::venue_error);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_NE(d.events[0].find(R"("code":"502")"), std::string::npos) << d.events[0];
  const auto refused_ok_status =
      decode(decoder, {"-", OrderEndpoint::limit_order, 200, CodecError::venue_error, {}}, R"({"state":1,"message":"no"})");
  EXPECT_EQ(refused_ok_status.result, CodecError::venue_error);
  ASSERT_EQ(refused_ok_status.events.size(), 1u);
  EXPECT_NE(refused_ok_status.events[0].find("new_reject"), std::string::npos);
}

// Every prefix of every answer, each in its own string (so ASan sees an overread): a typed error,
// or events; an error other than venue_error delivers nothing.
TEST(CryptomusOrderRestDecoder, EveryTruncationOfEveryAnswer) {
  OrderRestDecoder decoder;
  std::size_t cases = 0;
  for (const AnswerCase& c : answer_cases()) {
    const std::string full = fixture_text(c.fixture);
    for (std::size_t len = 0; len <= full.size(); ++len) {
      const std::string prefix = full.substr(0, len);
      std::size_t events = 0;
      const CodecError e = decoder.decode(context_for(c.endpoint), c.status, prefix, [&](const auto& event) {
        ++events;
        (void)test::render(event);
      });
      EXPECT_NE(error_name(e), "unknown_error") << c.fixture << " at " << len;
      if (e != CodecError::ok && e != CodecError::venue_error) {
        EXPECT_EQ(events, 0u) << c.fixture << " at " << len;
      }
      if (e == CodecError::venue_error) {
        EXPECT_EQ(events, 1u) << c.fixture << " at " << len;
      }
      if (len == full.size()) {
        EXPECT_EQ(e, c.result) << c.fixture;
      }
      ++cases;
    }
  }
  EXPECT_GT(cases, 2000u);
}

TEST(CryptomusOrderRestZeroAllocation, EncodeAndDecodeEveryRequestAndAnswerAfterTheFirstPass) {
  OrderRestDecoder decoder;
  std::vector<std::string> texts;
  for (const AnswerCase& c : answer_cases()) texts.push_back(fixture_text(c.fixture));
  char request[1024];
  char rendered[4096];
  std::size_t events = 0;
  std::size_t failures = 0;
  auto sink = [&](const auto& event) {
    BufferWriter w(rendered, sizeof rendered);
    write_event_json(w, event);
    ++events;
  };
  auto pass = [&] {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const AnswerCase& c = answer_cases()[i];
      failures += decoder.decode(context_for(c.endpoint), c.status, texts[i], sink) != c.result;
    }
    failures += !encode_limit_order(request, limit_order(), kCredentials).ok();
    failures += !encode_market_order(request, market_sell(), kCredentials).ok();
    failures += !encode_market_order(request, market_buy_by_value(), kCredentials).ok();
    failures += !encode_cancel_order(request, "01J7E836F6K5KCX5DP2W0F6FAG", kCredentials).ok();
    failures += !encode_open_orders(request, kCredentials).ok();
    failures += !encode_order_history(request, kCredentials).ok();
  };
  pass();
  const std::size_t first = events;
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(events, first * 101);
}

}  // namespace
}  // namespace oex::codecs::cryptomus
