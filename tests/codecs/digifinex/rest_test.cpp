// DigiFinex REST order entry (codecs/digifinex/rest.hpp): the exact bytes, headers and signature
// of every request, a buffer-length sweep with a canary for every encoder, the answers decoded
// into normalized events (golden lines), every truncation of every answer, and no allocation
// after the first pass.
//
// Signatures are checked against OpenSSL, computed outside this code base with
//   printf '%s' '<body or query>' | openssl dgst -sha256 -hmac 'oex-test-secret'
// and pasted below.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "digifinex_test_support.hpp"
#include "oex/codecs/digifinex/rest.hpp"

namespace oex::codecs::digifinex {
namespace {

using test::read_file;
using test::render;

constexpr std::string_view kKey = "oex-test-key";
constexpr std::int64_t kTimestamp = 1763800000;  // seconds

Decimal dec(const char* text) { return *Decimal::parse(text); }

struct Credentials {
  HmacSha256 hmac{"oex-test-secret"};
  RestCredentials view() const { return {kKey, hmac}; }
};

std::string header(const RestRequest& r, std::string_view name) {
  for (const Header& h : r.headers()) {
    if (h.name == name) return std::string(h.value);
  }
  return "<absent>";
}

NewOrderFields limit_buy() {
  NewOrderFields f;
  f.symbol = "BTC_USDT";
  f.side = Side::buy;
  f.amount = dec("0.01");
  f.price = dec("29000");
  return f;
}

// ---------------------------------------------------------------------------------------------
// Encoders: exact bytes and signatures

TEST(DigifinexRestEncode, NewLimitOrderIsTheSignedForm) {
  Credentials c;
  char buf[1024];
  const auto r = encode_new_order(buf, limit_buy(), c.view(), kTimestamp);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/v3/spot/order/new");
  EXPECT_EQ(r->content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(r->body, "symbol=BTC_USDT&type=buy&amount=0.01&price=29000&post_only=0");
  ASSERT_EQ(r->headers().size(), 3u);
  EXPECT_EQ(header(*r, "ACCESS-KEY"), "oex-test-key");
  EXPECT_EQ(header(*r, "ACCESS-TIMESTAMP"), "1763800000");
  // printf '%s' 'symbol=BTC_USDT&type=buy&amount=0.01&price=29000&post_only=0' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*r, "ACCESS-SIGN"), "2bb73b20583f9a635bbbce887b9bdcfee53eb7746d7cd5aa8156503438d39f4a");
}

TEST(DigifinexRestEncode, PostOnlySellAndMarketSell) {
  Credentials c;
  char buf[1024];
  NewOrderFields sell;
  sell.symbol = "BTC_USDT";
  sell.side = Side::sell;
  sell.amount = dec("0.2000");
  sell.price = dec("29999.50");
  sell.post_only = true;
  const auto s = encode_new_order(buf, sell, c.view(), kTimestamp);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->body, "symbol=BTC_USDT&type=sell&amount=0.2&price=29999.5&post_only=1");  // decimals canonical
  // printf '%s' 'symbol=BTC_USDT&type=sell&amount=0.2&price=29999.5&post_only=1' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*s, "ACCESS-SIGN"), "6b06092f22452c962e1c576258f91a7a56d0a9efe92049e16aca45947380f21e");

  char buf2[1024];
  NewOrderFields market;
  market.symbol = "ETH_USDT";
  market.side = Side::sell;
  market.market = true;
  market.amount = dec("0.004");
  market.price = dec("123");  // not sent for a market order
  const auto m = encode_new_order(buf2, market, c.view(), kTimestamp);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->body, "symbol=ETH_USDT&type=sell_market&amount=0.004");
  // printf '%s' 'symbol=ETH_USDT&type=sell_market&amount=0.004' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*m, "ACCESS-SIGN"), "ac53cdee5d44ff92b049f79cddaec9c6f45c2e509a5fab5361365ce1b33d4389");

  market.side = Side::buy;
  const auto b = encode_new_order(buf2, market, c.view(), kTimestamp);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->body, "symbol=ETH_USDT&type=buy_market&amount=0.004");
}

TEST(DigifinexRestEncode, CancelJoinsTheIdsWithCommas) {
  Credentials c;
  char buf[1024];
  const std::string_view ids[] = {"00000000075bcd150000000000000007", "00000000075bcd150000000000000008"};
  const auto r = encode_cancel_orders(buf, ids, c.view(), kTimestamp);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->target, "/v3/spot/order/cancel");
  EXPECT_EQ(r->body, "order_id=00000000075bcd150000000000000007,00000000075bcd150000000000000008");
  // printf '%s' 'order_id=00000000075bcd150000000000000007,00000000075bcd150000000000000008' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*r, "ACCESS-SIGN"), "f19711984c1b0c80d755c26353c43e4aa027d28a5070f2b2b5fba43d85d3ef36");
}

TEST(DigifinexRestEncode, GetsSignTheQueryString) {
  Credentials c;
  char buf[1024];
  const auto one = encode_current_orders(buf, "BTC_USDT", c.view(), kTimestamp);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->method, "GET");
  EXPECT_EQ(one->target, "/v3/spot/order/current?symbol=BTC_USDT");
  EXPECT_TRUE(one->body.empty());
  EXPECT_TRUE(one->content_type.empty());
  // printf '%s' 'symbol=BTC_USDT' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*one, "ACCESS-SIGN"), "552b5f623f029390075e843efec557d66825decea615be5f6c87580a4c453f81");

  const auto all = encode_current_orders(buf, {}, c.view(), kTimestamp);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->target, "/v3/spot/order/current");
  // printf '%s' '' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*all, "ACCESS-SIGN"), "828e644ff87573948a238c327e90f869ccf6919bb65dd0ac288183ab8fe336eb");

  const std::string_view ids[] = {"00000000075bcd15000000000000000b"};
  const auto query = encode_query_orders(buf, ids, c.view(), kTimestamp);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->target, "/v3/spot/order?order_id=00000000075bcd15000000000000000b");
  // printf '%s' 'order_id=00000000075bcd15000000000000000b' | openssl dgst -sha256 -hmac 'oex-test-secret'
  EXPECT_EQ(header(*query, "ACCESS-SIGN"), "1444c348d801bd0fd5875677931f55a713c183955173553e30aabc99666f429a");
}

TEST(DigifinexRestEncode, RefusesRequestsTheVenueCannotTake) {
  Credentials c;
  char buf[1024];
  EXPECT_EQ(encode_cancel_orders(buf, {}, c.view(), kTimestamp).error(), CodecError::invalid_argument);
  const std::string_view empty_id[] = {""};
  EXPECT_EQ(encode_query_orders(buf, empty_id, c.view(), kTimestamp).error(), CodecError::invalid_argument);
  NewOrderFields no_symbol = limit_buy();
  no_symbol.symbol = {};
  EXPECT_EQ(encode_new_order(buf, no_symbol, c.view(), kTimestamp).error(), CodecError::invalid_argument);
}

// Every encoder into every buffer length from 0: never a byte past the buffer, never success
// short of the full request, and the full request at the exact length.
TEST(DigifinexRestEncode, BufferLengthSweepWithCanary) {
  Credentials c;
  const std::string_view ids[] = {"00000000075bcd150000000000000007", "00000000075bcd150000000000000008"};
  using Encode = std::function<RestEncodeResult(std::span<char>)>;
  const std::vector<std::pair<std::string, Encode>> encoders = {
      {"new", [&](std::span<char> b) { return encode_new_order(b, limit_buy(), c.view(), kTimestamp); }},
      {"cancel", [&](std::span<char> b) { return encode_cancel_orders(b, ids, c.view(), kTimestamp); }},
      {"current", [&](std::span<char> b) { return encode_current_orders(b, "BTC_USDT", c.view(), kTimestamp); }},
      {"current_all", [&](std::span<char> b) { return encode_current_orders(b, {}, c.view(), kTimestamp); }},
      {"query", [&](std::span<char> b) { return encode_query_orders(b, ids, c.view(), kTimestamp); }},
  };
  for (const auto& [name, encode] : encoders) {
    std::vector<char> full(4096);
    const auto reference = encode(full);
    ASSERT_TRUE(reference.ok()) << name;
    const std::string body(reference->body);
    const std::string target(reference->target);
    const std::string sign = header(*reference, "ACCESS-SIGN");
    std::size_t needed = 0;
    for (std::size_t len = 0; len < 400; ++len) {
      std::vector<char> buf(len + 1, '\x7e');
      const auto r = encode(std::span<char>(buf.data(), len));
      EXPECT_EQ(buf[len], '\x7e') << name << ": wrote past a buffer of " << len;
      if (!r.ok()) {
        EXPECT_EQ(r.error(), CodecError::buffer_too_small) << name << " at " << len;
        continue;
      }
      if (needed == 0) needed = len;
      EXPECT_EQ(r->body, body) << name << " at " << len;
      EXPECT_EQ(r->target, target) << name << " at " << len;
      EXPECT_EQ(header(*r, "ACCESS-SIGN"), sign) << name << " at " << len;
    }
    EXPECT_GT(needed, 0u) << name << " never fitted";
  }
}

// ---------------------------------------------------------------------------------------------
// Decoders

struct AnswerCase {
  std::string fixture;  // under fixtures/rest/
  int status;
  RestContext context;
};

std::vector<AnswerCase> answer_cases() {
  RestContext new_order{RestEndpoint::new_order, "BTC_USDT", std::string_view("123456789012345678"), {}};
  RestContext cancel{RestEndpoint::cancel_order, {}, {},
                     "00000000075bcd150000000000000007,00000000075bcd150000000000000008"};
  RestContext current{RestEndpoint::current_orders, {}, {}, {}};
  RestContext query{RestEndpoint::query_order, {}, {}, {}};
  return {
      {"new_order_accepted", 200, new_order}, {"new_order_rejected", 200, new_order},
      {"cancel_answer", 200, cancel},         {"cancel_throttled", 200, cancel},
      {"current_orders", 200, current},       {"current_orders_empty", 200, current},
      {"query_orders", 200, query},           {"query_not_found", 404, query},
  };
}

std::string fixture(const std::string& name) {
  return read_file(test::fixture_dir() / "rest" / (name + ".json"));
}

test::Decoded decode_answer(RestDecoder& decoder, std::string_view body, int status, const RestContext& context) {
  test::Decoded d;
  d.result = decoder.decode(body, status, context, [&](const auto& event) { d.events.push_back(render(event)); });
  return d;
}

TEST(DigifinexRestDecode, NewOrderAnswers) {
  RestDecoder decoder;
  const auto cases = answer_cases();
  const auto accepted = decode_answer(decoder, fixture("new_order_accepted"), 200, cases[0].context);
  EXPECT_EQ(accepted.result, CodecError::ok);
  ASSERT_EQ(accepted.events.size(), 1u);
  EXPECT_EQ(accepted.events[0],
            R"({"venue":"digifinex","event":"new_ack","order_id":"00000000075bcd150000000000000007",)"
            R"("client_order_id":"123456789012345678","symbol":"BTC_USDT","state":null,"venue_time_ms":null})");

  const auto rejected = decode_answer(decoder, fixture("new_order_rejected"), 200, cases[0].context);
  EXPECT_EQ(rejected.result, CodecError::venue_error);
  ASSERT_EQ(rejected.events.size(), 1u);
  EXPECT_EQ(rejected.events[0],
            R"({"venue":"digifinex","event":"new_reject","client_order_id":"123456789012345678","symbol":"BTC_USDT",)"
            R"("code":"20009","detail":"insufficient balance"})");
}

TEST(DigifinexRestDecode, CancelAnswers) {
  RestDecoder decoder;
  const auto cases = answer_cases();
  const auto answer = decode_answer(decoder, fixture("cancel_answer"), 200, cases[2].context);
  EXPECT_EQ(answer.result, CodecError::ok);
  ASSERT_EQ(answer.events.size(), 3u);
  EXPECT_NE(answer.events[0].find(R"("event":"cancel_ack")"), std::string::npos) << answer.events[0];
  EXPECT_NE(answer.events[0].find("00000000075bcd150000000000000007"), std::string::npos);
  EXPECT_NE(answer.events[1].find("00000000075bcd150000000000000008"), std::string::npos);
  EXPECT_NE(answer.events[2].find(R"("event":"cancel_reject")"), std::string::npos) << answer.events[2];
  EXPECT_NE(answer.events[2].find("00000000075bcd150000000000000009"), std::string::npos);

  // A refused call rejects every id it carried.
  const auto throttled = decode_answer(decoder, fixture("cancel_throttled"), 200, cases[3].context);
  EXPECT_EQ(throttled.result, CodecError::venue_error);
  ASSERT_EQ(throttled.events.size(), 2u);
  for (const auto& line : throttled.events) {
    EXPECT_NE(line.find(R"("event":"cancel_reject")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("code":"10002")"), std::string::npos) << line;
  }
}

TEST(DigifinexRestDecode, OrderListsMapEveryStatus) {
  RestDecoder decoder;
  const auto cases = answer_cases();
  std::vector<OrderUpdate> updates;
  std::vector<std::string> ids;
  std::vector<std::string> symbols;
  const RestContext query = cases[6].context;
  const std::string body = fixture("query_orders");
  const CodecError e = decoder.decode(body, 200, query, [&](const auto& event) {
    using E = std::decay_t<decltype(event)>;
    if constexpr (std::is_same_v<E, OrderUpdate>) {
      updates.push_back(event);
      ids.emplace_back(event.order_id);
    }
  });
  ASSERT_EQ(e, CodecError::ok);
  ASSERT_EQ(updates.size(), 4u);
  EXPECT_EQ(ids[0], "00000000075bcd15000000000000000b");
  EXPECT_EQ(updates[0].state, OrderState::filled);
  EXPECT_EQ(updates[0].side, Side::buy);
  EXPECT_EQ(updates[0].type, OrderType::limit);
  EXPECT_EQ(*updates[0].price, dec("30100"));
  EXPECT_EQ(*updates[0].qty, dec("0.002"));
  EXPECT_EQ(*updates[0].filled_qty, dec("0.002"));
  EXPECT_EQ(*updates[0].avg_price, dec("30000.25"));
  EXPECT_EQ(*updates[0].venue_time_ms, 1763800003000);  // finished_date, in ms
  EXPECT_EQ(updates[1].state, OrderState::cancelled);
  EXPECT_EQ(updates[1].side, Side::sell);
  EXPECT_EQ(updates[2].state, OrderState::cancelled);
  EXPECT_EQ(*updates[2].filled_qty, dec("0.05"));  // a cancelled order keeps its fills
  EXPECT_EQ(updates[3].type, OrderType::market);
  EXPECT_FALSE(updates[3].price.has_value()) << "a market order's 0 price is not its price";
  EXPECT_EQ(*updates[3].qty, dec("0.004"));

  std::vector<OrderState> states;
  const std::string open = fixture("current_orders");
  ASSERT_EQ(decoder.decode(open, 200, cases[4].context,
                           [&](const auto& event) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(event)>, OrderUpdate>) {
                               states.push_back(event.state);
                               EXPECT_FALSE(event.venue_time_ms != 1763800000000 && event.venue_time_ms != 1763800001000);
                             }
                           }),
            CodecError::ok);
  EXPECT_EQ(states, (std::vector<OrderState>{OrderState::new_, OrderState::partially_filled}));
}

TEST(DigifinexRestDecode, OrderLineGolden) {
  RestDecoder decoder;
  const auto d = decode_answer(decoder, fixture("current_orders"), 200, answer_cases()[4].context);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[1],
            R"({"venue":"digifinex","event":"order","order_id":"00000000075bcd15000000000000000a","client_order_id":null,)"
            R"("symbol":"btc_usdt","side":"sell","type":"limit","time_in_force":null,"state":"partially_filled",)"
            R"("price":"29999.5","qty":"0.2","filled_qty":"0.013","avg_price":"29999.5","venue_status":"1",)"
            R"("filled_notional":null,"remaining_qty":null,"trigger_price":null,"last_fill_qty":null,"last_fill_price":null,)"
            R"("trade_id":null,"fee":null,"fee_ccy":null,"venue_time_ms":1763800001000})");
}

TEST(DigifinexRestDecode, ErrorsAndHttpStatuses) {
  RestDecoder decoder;
  const RestContext query{RestEndpoint::query_order, {}, {}, {}};
  const auto not_found = decode_answer(decoder, fixture("query_not_found"), 404, query);
  EXPECT_EQ(not_found.result, CodecError::venue_error);
  ASSERT_EQ(not_found.events.size(), 1u);
  EXPECT_NE(not_found.events[0].find(R"("code":"10001")"), std::string::npos) << not_found.events[0];

  // A gateway page instead of an answer: the status is the code.
  const RestContext new_order{RestEndpoint::new_order, "BTC_USDT", std::string_view("1"), {}};
  const auto gateway = decode_answer(decoder, "<html>bad gateway</html>", 502, new_order);
  EXPECT_EQ(gateway.result, CodecError::venue_error);
  ASSERT_EQ(gateway.events.size(), 1u);
  EXPECT_NE(gateway.events[0].find(R"("code":"502")"), std::string::npos) << gateway.events[0];

  // Malformed successes: typed errors, no event, and the next answer decodes.
  EXPECT_EQ(decode_answer(decoder, "{\"code\":0}", 200, new_order).result, CodecError::missing_field);
  EXPECT_EQ(decode_answer(decoder, "{\"code\":\"x\"}", 200, new_order).result, CodecError::invalid_number);
  EXPECT_EQ(decode_answer(decoder, "[1]", 200, new_order).result, CodecError::unknown_message);
  EXPECT_EQ(decode_answer(decoder, "{\"code\":0,\"data\":{}}", 200, query).result, CodecError::wrong_type);
  const auto bad_status = decode_answer(
      decoder, R"({"code":0,"data":[{"symbol":"btc_usdt","order_id":"1","status":0,"type":"hold","executed_amount":0}]})",
      200, query);
  EXPECT_EQ(bad_status.result, CodecError::invalid_value);
  EXPECT_TRUE(bad_status.events.empty());
  const auto next = decode_answer(decoder, fixture("new_order_accepted"), 200, new_order);
  EXPECT_EQ(next.result, CodecError::ok);
  EXPECT_EQ(next.events.size(), 1u);
}

TEST(DigifinexRestDecode, UndocumentedStatusIsUnknownWithTheRawCode) {
  RestDecoder decoder;
  OrderUpdate seen;
  const std::string body =
      R"({"code":0,"data":[{"symbol":"btc_usdt","order_id":"7","status":9,"type":"buy","amount":"1","price":"2","executed_amount":"0"}]})";
  ASSERT_EQ(decoder.decode(body, 200, RestContext{RestEndpoint::query_order, {}, {}, {}},
                           [&](const auto& event) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(event)>, OrderUpdate>) seen = event;
                           }),
            CodecError::ok);
  EXPECT_EQ(seen.state, OrderState::unknown);
  EXPECT_EQ(seen.venue_status, "9");
}

// Every answer cut at every length, each copy its own allocation (so ASan sees an overread):
// a typed error, or events that render.
TEST(DigifinexRestDecode, EveryTruncationIsATypedErrorOrAnEvent) {
  RestDecoder decoder;
  for (const AnswerCase& c : answer_cases()) {
    const std::string full = fixture(c.fixture);
    ASSERT_FALSE(full.empty()) << c.fixture;
    for (std::size_t len = 0; len <= full.size(); ++len) {
      const std::string cut = full.substr(0, len);
      const auto d = decode_answer(decoder, cut, c.status, c.context);
      EXPECT_FALSE(error_name(d.result).empty());
      if (d.result != CodecError::ok && d.result != CodecError::venue_error) {
        EXPECT_TRUE(d.events.empty()) << c.fixture << " cut at " << len;
      }
      if (len == full.size()) {
        EXPECT_TRUE(d.result == CodecError::ok || d.result == CodecError::venue_error) << c.fixture;
        EXPECT_FALSE(d.events.empty() && c.fixture != "current_orders_empty") << c.fixture;
      }
    }
  }
}

TEST(DigifinexRestZeroAllocation, EncodeAndDecodeEveryFixtureAfterTheFirstPass) {
  Credentials c;
  RestDecoder decoder;
  const auto cases = answer_cases();
  std::vector<std::string> bodies;
  for (const AnswerCase& a : cases) bodies.push_back(fixture(a.fixture));
  std::vector<char> buf(2048);
  const std::string_view ids[] = {"00000000075bcd150000000000000007", "00000000075bcd150000000000000008"};
  std::size_t events = 0;
  auto pass = [&] {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      (void)decoder.decode(bodies[i], cases[i].status, cases[i].context, [&](const auto&) { ++events; });
    }
    events += encode_new_order(buf, limit_buy(), c.view(), kTimestamp).ok() ? 1 : 0;
    events += encode_cancel_orders(buf, ids, c.view(), kTimestamp).ok() ? 1 : 0;
    events += encode_current_orders(buf, {}, c.view(), kTimestamp).ok() ? 1 : 0;
    events += encode_query_orders(buf, ids, c.view(), kTimestamp).ok() ? 1 : 0;
  };
  pass();
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 20; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_GT(events, 0u);
}

}  // namespace
}  // namespace oex::codecs::digifinex
