#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "cryptomus_test_support.hpp"

namespace oex::codecs::cryptomus {
namespace {

using test::Decoded;

Decimal dec(std::string_view text) { return *Decimal::parse(text); }

template <class Event>
std::vector<Event> collect(WsDecoder& decoder, std::string_view text, CodecError expected = CodecError::ok) {
  std::vector<Event> out;
  EXPECT_EQ(decoder.decode(text,
                           [&](const auto& e) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(e)>, Event>) out.push_back(e);
                           }),
            expected);
  return out;
}

// Every WS and REST fixture against its golden file. OEX_WRITE_GOLDEN=1 rewrites them.
TEST(CryptomusDecoder, EveryFixtureMatchesItsGolden) {
  WsDecoder ws;
  RestDecoder rest;
  const bool write = std::getenv("OEX_WRITE_GOLDEN") != nullptr;
  std::size_t count = 0;
  auto check = [&](const std::string& golden_name, const std::string& actual) {
    ++count;
    const auto path = test::test_dir() / "golden" / (golden_name + ".jsonl");
    if (write) {
      std::ofstream(path, std::ios::binary) << actual;
      return;
    }
    EXPECT_EQ(actual, test::read_file(path)) << golden_name;
  };
  for (const auto& f : test::fixtures_in("ws")) {
    check("ws_" + f.name, test::golden_text(test::decode_ws(ws, f.text, f.answered_method)));
  }
  for (const auto& f : test::fixtures_in("rest")) {
    check("rest_" + f.name, test::golden_text(test::decode_rest(rest, test::endpoint_for(f.name), 200, f.text)));
  }
  EXPECT_EQ(count, 28u);
}

TEST(CryptomusDecoder, OrderCreatedUpdatedFinished) {
  WsDecoder decoder;
  const std::string created = test::read_file(test::fixture_dir() / "ws/order_update_created.json");
  const std::string updated = test::read_file(test::fixture_dir() / "ws/order_update_updated.json");
  const std::string finished = test::read_file(test::fixture_dir() / "ws/order_update_finished.json");
  const auto a = collect<OrderUpdate>(decoder, created);
  const auto b = collect<OrderUpdate>(decoder, updated);
  const auto c = collect<OrderUpdate>(decoder, finished);
  ASSERT_EQ(a.size() + b.size() + c.size(), 3u);
  EXPECT_EQ(a[0].order_id, "01JYET5DQ772MPYHHE417FQF1J");
  EXPECT_EQ(a[0].symbol, "TRX_USDT");
  EXPECT_EQ(a[0].side, Side::sell);
  EXPECT_EQ(a[0].type, OrderType::limit);
  EXPECT_EQ(a[0].state, OrderState::new_);
  EXPECT_EQ(a[0].venue_status, "created");
  EXPECT_EQ(a[0].price, dec("0.22"));
  EXPECT_EQ(a[0].qty, dec("50"));
  EXPECT_EQ(a[0].filled_qty, dec("0"));
  EXPECT_FALSE(a[0].client_order_id.has_value());  // clientOid null
  EXPECT_EQ(a[0].venue_time_ms, 1750696376000);

  EXPECT_EQ(b[0].state, OrderState::partially_filled);
  EXPECT_EQ(b[0].filled_qty, dec("20"));
  EXPECT_EQ(b[0].filled_notional, dec("4.4"));
  EXPECT_EQ(b[0].venue_time_ms, 1750696487000);

  EXPECT_EQ(c[0].state, OrderState::filled);
  EXPECT_EQ(c[0].venue_status, "filled");  // internalState, the most specific
  EXPECT_EQ(c[0].filled_qty, dec("50"));
  EXPECT_EQ(c[0].venue_time_ms, 1750696417000);
}

TEST(CryptomusDecoder, DealIsAFillWithTheDealIdAndNoOrderId) {
  WsDecoder decoder;
  const std::string text = test::read_file(test::fixture_dir() / "ws/deal_update.json");
  const auto fills = collect<Fill>(decoder, text);
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].trade_id, "01JYH50V5VWPP3QTYGM6CPZ0AR");
  EXPECT_TRUE(fills[0].order_id.empty());
  EXPECT_EQ(fills[0].price, dec("0.272696"));
  EXPECT_EQ(fills[0].qty, dec("100"));
  EXPECT_EQ(fills[0].fee, dec("1.090784"));
  EXPECT_EQ(fills[0].fee_ccy, "USDT");
  EXPECT_EQ(fills[0].liquidity, Liquidity::taker);
  EXPECT_FALSE(fills[0].derived);
  EXPECT_EQ(fills[0].venue_time_ms, 1750774869000);
}

TEST(CryptomusDecoder, BareNumberTradesDecodeExactly) {
  WsDecoder decoder;
  const std::string text = test::read_file(test::fixture_dir() / "ws/trade_update.json");
  const auto trades = collect<PublicTrade>(decoder, text);
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].price, dec("107100.01"));
  EXPECT_EQ(trades[0].qty, dec("0.000254"));
  EXPECT_EQ(trades[0].side, Side::buy);
  EXPECT_EQ(trades[0].symbol, "BTC_USDT");
}

TEST(CryptomusDecoder, DepthNamesTheBookByMarketAndScaleIndex) {
  WsDecoder decoder;
  const std::string partial = test::read_file(test::fixture_dir() / "ws/depth_update.json");
  const auto books = collect<BookUpdate>(decoder, partial);
  ASSERT_EQ(books.size(), 1u);
  EXPECT_EQ(books[0].symbol, "BTC_USDT:0");
  EXPECT_FALSE(books[0].snapshot);
  ASSERT_EQ(books[0].bids.size(), 1u);
  EXPECT_TRUE(books[0].bids[0].qty.is_zero());
  const std::string reload =
      R"({"id":0,"method":"depth_update","data":{"symbol":"ETH_USDT","timestamp":1750952911,"full_reload":true,"scale_index":3,"asks":[],"bids":[["1","2"]]},"error":null})";
  const auto full = collect<BookUpdate>(decoder, reload);
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].symbol, "ETH_USDT:3");
  EXPECT_TRUE(full[0].snapshot);
}

TEST(CryptomusDecoder, SubscribeAnswersWithAndWithoutMethod) {
  WsDecoder decoder;
  const std::string with_method = test::read_file(test::fixture_dir() / "ws/order_subscribe_response.json");
  const std::string without = test::read_file(test::fixture_dir() / "ws/order_unsubscribe_response.json");
  EXPECT_EQ(test::decode_ws(decoder, with_method).events.at(0),
            R"({"venue":"cryptomus","event":"subscribed","topic":"order_subscribe","subscribed":true})");
  EXPECT_EQ(test::decode_ws(decoder, without, "order_unsubscribe").events.at(0),
            R"({"venue":"cryptomus","event":"subscribed","topic":"order_unsubscribe","subscribed":false})");
  EXPECT_EQ(test::decode_ws(decoder, without).events.at(0),
            R"({"venue":"cryptomus","event":"subscribed","topic":"","subscribed":true})");
  const auto failed = test::decode_ws(decoder, R"({"id":0,"method":"trade_subscribe","data":{"status":"failed"},"error":null})");
  EXPECT_EQ(failed.result, CodecError::venue_error);
  ASSERT_EQ(failed.events.size(), 1u);
  EXPECT_NE(failed.events[0].find(R"("code":"failed")"), std::string::npos);
}

TEST(CryptomusDecoder, ErrorCodesOneAndTwoGiveVenueErrors) {
  WsDecoder decoder;
  const auto one = test::decode_ws(
      decoder, R"({"id":0,"data":null,"error":{"code":1,"message":"Invalid message format"}})");
  EXPECT_EQ(one.result, CodecError::venue_error);
  ASSERT_EQ(one.events.size(), 1u);
  EXPECT_EQ(one.events[0],
            R"({"venue":"cryptomus","event":"venue_error","code":"1","detail":"Invalid message format","http_status":null})");
  // The response table lists code and message beside error: that form is read as well.
  const auto two = test::decode_ws(decoder, R"({"id":5,"data":null,"error":"Other errors","code":2,"message":"Other errors"})");
  EXPECT_EQ(two.result, CodecError::venue_error);
  ASSERT_EQ(two.events.size(), 1u);
  EXPECT_EQ(two.events[0],
            R"({"venue":"cryptomus","event":"venue_error","code":"2","detail":"Other errors","http_status":null})");
}

struct BadFixture {
  const char* name;
  CodecError expected;
};

// The document's malformed examples (INDEX.md errata), kept as printed: each gives a clear
// error and the next message decodes.
TEST(CryptomusDecoder, TheDocumentsMalformedExamplesAreTypedErrors) {
  const BadFixture bad[] = {
      {"order_update_updated_trailing_comma", CodecError::malformed_json},
      {"order_update_finished_missing_comma", CodecError::malformed_json},
      {"balance_subscribe_missing_quote", CodecError::malformed_json},
      {"deal_subscribe_missing_quote", CodecError::malformed_json},
      {"deal_unsubscribe_missing_quote", CodecError::malformed_json},
      // The generic "update event" example: data [] where every update has an object.
      {"update_event_shape", CodecError::wrong_type},
  };
  ASSERT_EQ(test::fixtures_in("bad").size(), std::size(bad));
  WsDecoder decoder;
  const std::string good = test::read_file(test::fixture_dir() / "ws/order_update_finished.json");
  for (const BadFixture& b : bad) {
    const std::string text = test::read_file(test::fixture_dir() / "bad" / (std::string(b.name) + ".json"));
    ASSERT_FALSE(text.empty()) << b.name;
    const auto d = test::decode_ws(decoder, text);
    EXPECT_EQ(error_name(d.result), error_name(b.expected)) << b.name;
    EXPECT_TRUE(d.events.empty());
    EXPECT_EQ(test::decode_ws(decoder, good).result, CodecError::ok);
  }
}

struct BadCase {
  const char* text;
  CodecError expected;
};

TEST(CryptomusDecoder, BadInputGivesATypedErrorAndTheNextMessageStillDecodes) {
  const BadCase cases[] = {
      {"", CodecError::malformed_json},
      {R"({"id":0,"method":"order_update","data":{)", CodecError::malformed_json},
      {"42", CodecError::unknown_message},
      {R"({"id":0})", CodecError::unknown_message},
      {R"({"id":0,"method":"candles_update","data":{}})", CodecError::unknown_topic},
      {R"({"id":0,"method":7,"data":{}})", CodecError::wrong_type},
      {R"({"id":0,"method":"order_update","data":{"type":"created"}})", CodecError::missing_field},
      {R"({"id":0,"method":"order_update","data":{"type":"moved","info":{"id":"a","symbol":"B"}}})",
       CodecError::invalid_value},
      {R"({"id":0,"method":"order_update","data":{"type":"created","info":{"symbol":"B"}}})", CodecError::missing_field},
      {R"({"id":0,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"B","price":"x"}}})",
       CodecError::invalid_number},
      {R"({"id":0,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"B","quantity":1234567890123456789012345678901234567890}}})",
       CodecError::number_out_of_range},
      {R"({"id":0,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"B","direction":"long"}}})",
       CodecError::invalid_value},
      {R"({"id":0,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"B","createTs":"soon"}}})",
       CodecError::invalid_number},
      {R"({"id":0,"method":"deal_update","data":{"info":{"symbol":"B","filledPrice":"1","filledQuantity":"1"}}})",
       CodecError::missing_field},
      {R"({"id":0,"method":"deal_update","data":{"info":{"dealId":"d","symbol":"B","filledPrice":"1","filledQuantity":"1","tradeRole":"both"}}})",
       CodecError::invalid_value},
      {R"({"id":0,"method":"depth_update","data":{"symbol":"B","full_reload":"no","scale_index":0}})",
       CodecError::wrong_type},
      {R"({"id":0,"method":"depth_update","data":{"symbol":"B","full_reload":true}})", CodecError::missing_field},
      {R"({"id":0,"method":"depth_update","data":{"symbol":"B","full_reload":true,"scale_index":0,"asks":[["1"]]}})",
       CodecError::missing_field},
      {R"({"id":0,"method":"trade_update","data":{"symbol":"B","trades":[{"price":1,"quantity":1},{"price":1}]}})",
       CodecError::missing_field},
      {R"({"id":0,"method":"lastprice_update","data":{"symbol":"B"}})", CodecError::missing_field},
      {R"({"id":0,"method":"balance_update","data":{"info":{"newBalance":"1"}}})", CodecError::missing_field},
      {R"({"id":0,"method":"trade_subscribe","data":{"status":true}})", CodecError::wrong_type},
  };
  WsDecoder decoder(WsDecoder::Limits{.max_values = 256, .max_depth = 8, .max_book_levels = 16});
  const std::string good = test::read_file(test::fixture_dir() / "ws/deal_update.json");
  for (const BadCase& c : cases) {
    const auto bad = test::decode_ws(decoder, c.text);
    EXPECT_EQ(error_name(bad.result), error_name(c.expected)) << c.text;
    EXPECT_TRUE(bad.events.empty()) << c.text;
    const auto next = test::decode_ws(decoder, good);
    EXPECT_EQ(next.result, CodecError::ok) << "after " << c.text;
    EXPECT_EQ(next.events.size(), 1u);
  }
}

TEST(CryptomusDecoder, BooksLongerThanTheStorageAreTooManyLevels) {
  WsDecoder decoder(WsDecoder::Limits{.max_values = 1024, .max_depth = 16, .max_book_levels = 1});
  const auto d = test::decode_ws(
      decoder,
      R"({"id":0,"method":"depth_update","data":{"symbol":"B","full_reload":true,"scale_index":0,"asks":[["1","1"],["2","1"]],"bids":[]}})");
  EXPECT_EQ(d.result, CodecError::too_many_levels);
  EXPECT_TRUE(d.events.empty());
}

TEST(CryptomusRestDecoder, HttpErrorsAndFailedStatusesAreVenueErrors) {
  RestDecoder decoder;
  const auto not_found = test::decode_rest(decoder, Endpoint::token, 404, R"({"message":"User not found","code":404})");
  EXPECT_EQ(not_found.result, CodecError::venue_error);
  ASSERT_EQ(not_found.events.size(), 1u);
  EXPECT_EQ(not_found.events[0],
            R"({"venue":"cryptomus","event":"venue_error","code":"404","detail":"User not found","http_status":404})");
  const auto server = test::decode_rest(decoder, Endpoint::markets, 500, "<html>oops</html>");
  EXPECT_EQ(server.result, CodecError::venue_error);
  ASSERT_EQ(server.events.size(), 1u);
  EXPECT_NE(server.events[0].find(R"("http_status":500)"), std::string::npos);
  const auto failed = test::decode_rest(decoder, Endpoint::depth_scales, 200,
                                        R"({"status":"error","message":"market not found","data":null})");
  EXPECT_EQ(failed.result, CodecError::venue_error);
  ASSERT_EQ(failed.events.size(), 1u);
  EXPECT_NE(failed.events[0].find("market not found"), std::string::npos);
}

TEST(CryptomusRestDecoder, BadBodiesAreTypedErrors) {
  RestDecoder decoder;
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::token, 200, R"({"token":""})").result, CodecError::invalid_value);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::token, 200, R"({"token":12})").result, CodecError::wrong_type);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::token, 200, R"({})").result, CodecError::missing_field);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::markets, 200, R"({"result":{}})").result, CodecError::wrong_type);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::markets, 200, R"({"result":[{"id":"a","symbol":"B","baseCurrency":"B","quoteCurrency":"U","basePrec":"eight"}]})").result,
            CodecError::invalid_number);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::depth_scales, 200, R"({"status":"success","data":[{"scale":"0.01","index":-1}]})").result,
            CodecError::invalid_value);
  EXPECT_EQ(test::decode_rest(decoder, Endpoint::depth_scales, 200, R"({"status":"success","data":[{"scale":"0.01","index":0},{"index":1}]})").events.size(),
            0u);
}

// hffix-style: every prefix of every fixture in its own exactly-sized heap block.
TEST(CryptomusDecoder, EveryTruncationOfEveryFixtureGivesATypedErrorOrEvents) {
  WsDecoder ws;
  RestDecoder rest;
  auto sweep = [](const test::Fixture& f, auto&& decode) {
    for (std::size_t len = 0; len <= f.text.size(); ++len) {
      const auto copy = std::make_unique<char[]>(len == 0 ? 1 : len);
      std::copy_n(f.text.data(), len, copy.get());
      const Decoded d = decode(std::string_view(copy.get(), len));
      EXPECT_NE(error_name(d.result), "unknown_error") << f.name << " at " << len;
      if (d.result != CodecError::ok && d.result != CodecError::venue_error) {
        EXPECT_TRUE(d.events.empty()) << f.name << " at " << len;
      }
      if (len < f.text.size() - 1) {
        EXPECT_NE(d.result, CodecError::ok) << f.name << " at " << len;  // a cut JSON text never passes
      }
    }
  };
  for (const std::string folder : {"ws", "bad", "requests"}) {
    for (const auto& f : test::fixtures_in(folder)) {
      sweep(f, [&](std::string_view text) { return test::decode_ws(ws, text, f.answered_method); });
    }
  }
  for (const auto& f : test::fixtures_in("rest")) {
    sweep(f, [&](std::string_view text) { return test::decode_rest(rest, test::endpoint_for(f.name), 200, text); });
  }
  // And everything still decodes after the sweep.
  for (const auto& f : test::fixtures_in("ws")) {
    EXPECT_EQ(test::golden_text(test::decode_ws(ws, f.text, f.answered_method)),
              test::read_file(test::test_dir() / "golden" / ("ws_" + f.name + ".jsonl")));
  }
}

}  // namespace
}  // namespace oex::codecs::cryptomus
