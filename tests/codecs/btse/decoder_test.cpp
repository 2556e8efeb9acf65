// Decoder behaviour beyond the goldens: exact numbers, the events chosen for each answer, HTTP
// errors, and bad input giving a typed error with the next message still decoding.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "btse_fixtures.hpp"

namespace oex::codecs::btse::testing {
namespace {

using Event = std::variant<OrderUpdate, Fill, NewOrderAck, NewOrderReject, CancelAck, CancelReject, AmendAck,
                           AmendReject, BookUpdate, PublicTrade, Ticker, Pong, ServerTime, SubscriptionAck,
                           VenueError, FeeRates, Candle, Balance>;

struct Collect {
  std::vector<Event>* out;
  template <class E>
  void operator()(const E& e) const {
    out->push_back(e);
  }
};

// Events are views into the text they came from: fixtures stay loaded for the whole run.
const std::string& fixture(const std::string& name) {
  static std::map<std::string, std::string> loaded;
  auto [it, inserted] = loaded.try_emplace(name);
  if (inserted) it->second = read_file(kDir + "fixtures/" + name);
  return it->second;
}
Decimal dec(std::string_view t) { return *Decimal::parse(t); }

TEST(BtseWsDecoder, PartialFillNotificationExactly) {
  WsDecoder ws;
  std::vector<Event> events;
  ASSERT_EQ(ws.decode(fixture("ws_notification_partial.json"), Collect{&events}), CodecError::ok);
  ASSERT_EQ(events.size(), 1u);
  const auto& u = std::get<OrderUpdate>(events[0]);
  EXPECT_EQ(u.venue, Venue::btse);
  EXPECT_EQ(u.order_id, "5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81");
  EXPECT_EQ(u.client_order_id, std::optional<std::string_view>("oex-1"));
  EXPECT_EQ(u.state, OrderState::partially_filled);
  EXPECT_EQ(u.venue_status, "5");
  EXPECT_EQ(u.type, OrderType::limit);  // orderType arrives quoted: "76"
  EXPECT_EQ(u.side, Side::buy);
  EXPECT_EQ(u.time_in_force, TimeInForce::gtc);
  EXPECT_EQ(u.price, dec("30000.5"));  // quoted
  EXPECT_EQ(u.qty, dec("1.5"));        // bare
  EXPECT_EQ(u.filled_qty, dec("0.4"));
  EXPECT_EQ(u.remaining_qty, dec("1.1"));
  EXPECT_EQ(u.last_fill_qty, dec("0.4"));
  EXPECT_EQ(u.venue_time_ms, 1700000001456);
}

TEST(BtseWsDecoder, NotificationStatus15IsAFailedAmendNotARejectedOrder) {
  WsDecoder ws;
  std::vector<Event> events;
  ASSERT_EQ(ws.decode(fixture("ws_notification_amend_failed.json"), Collect{&events}), CodecError::venue_error);
  ASSERT_EQ(events.size(), 1u);
  const auto& r = std::get<AmendReject>(events[0]);
  EXPECT_EQ(r.order_id, "5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81");
  EXPECT_EQ(r.code, "15");
}

TEST(BtseWsDecoder, UndocumentedStatusIsUnknownWithTheRawCodeKept) {
  WsDecoder ws;
  std::vector<Event> events;
  ASSERT_EQ(ws.decode(fixture("ws_notification_undocumented_status.json"), Collect{&events}), CodecError::ok);
  const auto& u = std::get<OrderUpdate>(events.at(0));
  EXPECT_EQ(u.state, OrderState::unknown);
  EXPECT_EQ(u.venue_status, "99");
}

TEST(BtseWsDecoder, StopOrderFromTxType) {
  WsDecoder ws;
  std::vector<Event> events;
  ASSERT_EQ(ws.decode(fixture("ws_notification_stop_inserted.json"), Collect{&events}), CodecError::ok);
  const auto& u = std::get<OrderUpdate>(events.at(0));
  EXPECT_EQ(u.type, OrderType::stop);
  EXPECT_EQ(u.state, OrderState::pending_trigger);
  EXPECT_EQ(u.trigger_price, dec("28000"));
}

TEST(BtseWsDecoder, FillsCarryTradeIdFeeAndLiquidity) {
  WsDecoder ws;
  std::vector<Event> events;
  ASSERT_EQ(ws.decode(fixture("ws_fills.json"), Collect{&events}), CodecError::ok);
  ASSERT_EQ(events.size(), 2u);
  const auto& f = std::get<Fill>(events[0]);
  EXPECT_EQ(f.trade_id, std::optional<std::string_view>("9c6d016f-fbe3-4f82-aecc-8163e9220397"));
  EXPECT_EQ(f.price, dec("30000.5"));
  EXPECT_EQ(f.qty, dec("0.4"));
  EXPECT_EQ(f.fee, dec("0.0004"));
  EXPECT_EQ(f.fee_ccy, std::optional<std::string_view>("BTC"));
  EXPECT_EQ(f.liquidity, Liquidity::maker);
  EXPECT_EQ(f.venue_time_ms, 1700000001456);  // quoted timestamp
  EXPECT_FALSE(f.derived);
  EXPECT_EQ(std::get<Fill>(events[1]).liquidity, Liquidity::taker);
}

TEST(BtseWsDecoder, TheDocumentsTemplateExamplesAreTypedErrors) {
  // The notificationApiV3 and fills examples hold descriptions where values go
  // ("Order price or transacted price", "BUY|SELL"): they cannot decode, and say why.
  WsDecoder ws;
  std::size_t events = 0;
  EXPECT_EQ(ws.decode(fixture("ws_notification_api_v3_doc.json"), [&](const auto&) { ++events; }),
            CodecError::invalid_number);
  EXPECT_EQ(ws.decode(fixture("ws_fills_doc.json"), [&](const auto&) { ++events; }), CodecError::invalid_value);
  EXPECT_EQ(events, 0u);
}

TEST(BtseWsDecoder, BadInputGivesTypedErrorsAndTheNextMessageWorks) {
  WsDecoder ws;
  std::size_t events = 0;
  auto count = [&](const auto&) { ++events; };
  const std::string good = fixture("ws_notification_new.json");
  struct Case {
    std::string text;
    CodecError expected;
  };
  const std::vector<Case> cases = {
      {"{\"topic\":\"notificationApiV3\",\"data\":{", CodecError::malformed_json},
      {"png", CodecError::malformed_json},
      {"[1,2]", CodecError::unknown_message},
      {"{\"hello\":1}", CodecError::unknown_message},
      {"{\"topic\":\"ordersV9\",\"data\":{}}", CodecError::unknown_topic},
      {"{\"topic\":\"notificationApiV3\"}", CodecError::missing_field},
      {"{\"topic\":\"notificationApiV3\",\"data\":{\"status\":2,\"symbol\":\"BTC-USD\"}}", CodecError::missing_field},
      {"{\"topic\":\"notificationApiV3\",\"data\":{\"status\":2,\"orderID\":\"x\",\"price\":{}}}", CodecError::wrong_type},
      {"{\"topic\":\"notificationApiV3\",\"data\":{\"status\":2,\"orderID\":\"x\",\"side\":\"HOLD\"}}",
       CodecError::invalid_value},
      {"{\"topic\":\"notificationApiV3\",\"data\":{\"status\":2,\"orderID\":\"x\",\"price\":"
       "123456789012345678901234567890123456789012}}",
       CodecError::number_out_of_range},
      {"{\"topic\":\"notificationApiV3\",\"data\":{\"status\":2,\"orderID\":\"x\",\"timestamp\":1.5}}",
       CodecError::invalid_number},
      {"{\"topic\":\"fills\",\"data\":[{\"symbol\":\"BTC-USD\",\"orderId\":\"o\",\"price\":1,\"size\":1,\"maker\":"
       "\"sometimes\"}]}",
       CodecError::invalid_value},
      {"{\"event\":\"subscribe\",\"channel\":\"fills\"}", CodecError::wrong_type},
  };
  for (const Case& c : cases) {
    events = 0;
    EXPECT_EQ(ws.decode(c.text, count), c.expected) << c.text;
    EXPECT_EQ(events, 0u) << c.text;
    EXPECT_EQ(ws.decode(good, count), CodecError::ok) << "after " << c.text;
    EXPECT_EQ(events, 1u);
  }
}

TEST(BtseBookDecoder, SnapshotThenDeltaWithSequence) {
  BookDecoder book;
  std::vector<Event> events;
  ASSERT_EQ(book.decode(fixture("oss_update_snapshot.json"), Collect{&events}), CodecError::ok);
  const auto& s = std::get<BookUpdate>(events.at(0));
  EXPECT_TRUE(s.snapshot);
  EXPECT_EQ(s.seq, 628282);
  EXPECT_EQ(s.prev_seq, 628281);
  ASSERT_EQ(s.bids.size(), 5u);
  EXPECT_EQ(s.bids[0].price, dec("59252.5"));
  EXPECT_EQ(s.bids[0].qty, dec("0.06865"));
  events.clear();
  ASSERT_EQ(book.decode(fixture("oss_update_delta.json"), Collect{&events}), CodecError::ok);
  const auto& d = std::get<BookUpdate>(events.at(0));
  EXPECT_FALSE(d.snapshot);
  EXPECT_EQ(d.prev_seq, 628282);
  EXPECT_TRUE(d.bids.empty());
  ASSERT_EQ(d.asks.size(), 2u);
  EXPECT_TRUE(d.asks[1].qty.is_zero());  // removes the level
}

TEST(BtseBookDecoder, ErrorFramesGiveOneVenueErrorPerCode) {
  BookDecoder book;
  std::vector<Event> events;
  ASSERT_EQ(book.decode(fixture("oss_error_all_codes.json"), Collect{&events}), CodecError::venue_error);
  ASSERT_EQ(events.size(), 6u);
  const char* codes[] = {"1000", "1001", "1002", "1005", "1007", "1008"};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(std::get<VenueError>(events[i]).code, codes[i]);
}

TEST(BtseBookDecoder, BadBookInput) {
  BookDecoder book(2);
  std::size_t events = 0;
  auto count = [&](const auto&) { ++events; };
  EXPECT_EQ(book.decode(fixture("oss_update_snapshot.json"), count), CodecError::too_many_levels);
  EXPECT_EQ(book.decode(R"({"topic":"update:BTC-USD_0","data":{"bids":[],"asks":[],"type":"delta","symbol":"BTC-USD","prevSeqNum":1}})", count),
            CodecError::missing_field);
  EXPECT_EQ(book.decode(R"({"topic":"update:BTC-USD_0","data":{"bids":[],"asks":[],"type":"full","symbol":"BTC-USD","seqNum":2,"prevSeqNum":1}})", count),
            CodecError::invalid_value);
  EXPECT_EQ(book.decode(R"({"topic":"update:BTC-USD_0","data":{"bids":[["1"]],"asks":[],"type":"delta","symbol":"BTC-USD","seqNum":2,"prevSeqNum":1}})", count),
            CodecError::missing_field);
  EXPECT_EQ(book.decode(R"({"topic":"kline:BTC-USD","data":{}})", count), CodecError::unknown_topic);
  EXPECT_EQ(events, 0u);
  EXPECT_EQ(book.decode(fixture("oss_update_delta.json"), count), CodecError::ok);
  EXPECT_EQ(events, 1u);
}

TEST(BtseRestDecoder, OcoCreateGivesTwoAcknowledgedOrders) {
  RestDecoder rest;
  std::vector<Event> events;
  ASSERT_EQ(rest.decode(Endpoint::create_order, 200, fixture("rest_create_oco_response.json"), Collect{&events}),
            CodecError::ok);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(std::get<NewOrderAck>(events[0]).order_id, "2b672b4b-77c1-4abf-ba30-df3e82a147b0");
  EXPECT_EQ(std::get<NewOrderAck>(events[0]).state, OrderState::new_);
  EXPECT_EQ(std::get<OrderUpdate>(events[1]).price, dec("24000"));
  EXPECT_EQ(std::get<NewOrderAck>(events[2]).order_id, "7ccf5398-fddd-4d07-a89c-a4f2e72b64ce");
  EXPECT_EQ(std::get<NewOrderAck>(events[2]).state, OrderState::pending_trigger);
  EXPECT_EQ(std::get<OrderUpdate>(events[3]).trigger_price, dec("40000"));
  EXPECT_FALSE(std::get<OrderUpdate>(events[3]).client_order_id.has_value());  // null
}

TEST(BtseRestDecoder, RefusedCreateInA200IsAReject) {
  RestDecoder rest;
  std::vector<Event> events;
  const std::string body =
      R"([{"status":8,"symbol":"BTC-USD","orderType":76,"price":1,"side":"BUY","orderID":null,"clOrderID":"oex-9","message":"","timestamp":1}])";
  ASSERT_EQ(rest.decode(Endpoint::create_order, 200, body, Collect{&events}), CodecError::venue_error);
  const auto& r = std::get<NewOrderReject>(events.at(0));
  EXPECT_EQ(r.code, "8");
  EXPECT_EQ(r.message, "INSUFFICIENT_BALANCE");
  EXPECT_EQ(r.client_order_id, std::optional<std::string_view>("oex-9"));
}

TEST(BtseRestDecoder, HttpErrorsAreRefusalsOnlyWhereTheRequestWasNotProcessed) {
  RestDecoder rest;
  std::vector<Event> events;
  const RequestContext ctx{"BTC-USD", "", "oex-3"};
  ASSERT_EQ(rest.decode(Endpoint::create_order, 400, R"({"code":51,"message":"invalid size"})", Collect{&events}, ctx),
            CodecError::venue_error);
  const auto& r = std::get<NewOrderReject>(events.at(0));
  EXPECT_EQ(r.code, "51");
  EXPECT_EQ(r.message, "invalid size");
  EXPECT_EQ(r.symbol, "BTC-USD");
  EXPECT_EQ(r.client_order_id, std::optional<std::string_view>("oex-3"));

  events.clear();
  ASSERT_EQ(rest.decode(Endpoint::cancel_order, 429, "Too Many Requests", Collect{&events},
                        RequestContext{"BTC-USD", "abc", ""}),
            CodecError::venue_error);
  const auto& c = std::get<CancelReject>(events.at(0));
  EXPECT_EQ(c.code, "429");
  EXPECT_EQ(c.message, "Too Many Requests");
  EXPECT_EQ(c.order_id, "abc");

  // A timeout or a server error leaves the outcome open: an error, not a refusal.
  events.clear();
  ASSERT_EQ(rest.decode(Endpoint::create_order, 500, R"({"errorCode":500,"msg":"internal"})", Collect{&events}, ctx),
            CodecError::venue_error);
  const auto& e = std::get<VenueError>(events.at(0));
  EXPECT_EQ(e.code, "500");
  EXPECT_EQ(e.message, "internal");
  EXPECT_EQ(e.http_status, 500);

  events.clear();
  ASSERT_EQ(rest.decode(Endpoint::time, 408, "", Collect{&events}), CodecError::venue_error);
  EXPECT_EQ(std::get<VenueError>(events.at(0)).code, "408");
}

TEST(BtseRestDecoder, CancelAllAfterIsAcknowledgedByStatusAlone) {
  RestDecoder rest;
  std::size_t events = 0;
  EXPECT_EQ(rest.decode(Endpoint::cancel_all_after, 200, "", [&](const auto&) { ++events; }), CodecError::ok);
  EXPECT_EQ(events, 0u);
}

TEST(BtseRestDecoder, ServerTimeKeepsMilliseconds) {
  RestDecoder rest;
  std::vector<Event> events;
  ASSERT_EQ(rest.decode(Endpoint::time, 200, fixture("rest_time.json"), Collect{&events}), CodecError::ok);
  EXPECT_EQ(std::get<ServerTime>(events.at(0)).venue_time_ms, 1624990470886);
  events.clear();
  ASSERT_EQ(rest.decode(Endpoint::time, 200, R"({"epoch":1624990470})", Collect{&events}), CodecError::ok);
  EXPECT_EQ(std::get<ServerTime>(events.at(0)).venue_time_ms, 1624990470000);
  EXPECT_EQ(rest.decode(Endpoint::time, 200, R"({"iso":"yesterday"})", Collect{&events}), CodecError::invalid_value);
}

TEST(BtseRestDecoder, AnOrderAnswerWithOneBadOrderDeliversNothing) {
  RestDecoder rest;
  std::size_t events = 0;
  const std::string body =
      R"([{"status":2,"symbol":"BTC-USD","orderID":"a","price":1},{"status":2,"symbol":"BTC-USD","orderID":"b","price":"x"}])";
  EXPECT_EQ(rest.decode(Endpoint::create_order, 200, body, [&](const auto&) { ++events; }), CodecError::invalid_number);
  EXPECT_EQ(events, 0u);
}

TEST(BtseRestDecoder, OpenOrdersActiveWithFillsIsPartiallyFilled) {
  RestDecoder rest;
  std::vector<Event> events;
  const std::string body =
      R"([{"orderType":76,"price":35000.0,"size":0.01,"side":"BUY","filledSize":0.004,"orderID":"o1","symbol":"BTC-USD","orderState":"STATUS_ACTIVE"}])";
  ASSERT_EQ(rest.decode(Endpoint::open_orders, 200, body, Collect{&events}), CodecError::ok);
  const auto& u = std::get<OrderUpdate>(events.at(0));
  EXPECT_EQ(u.state, OrderState::partially_filled);
  EXPECT_EQ(u.filled_qty, dec("0.004"));
}

}  // namespace
}  // namespace oex::codecs::btse::testing
