#include "oex/codecs/digifinex/ws_decoder.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "digifinex_test_support.hpp"

namespace oex::codecs::digifinex {
namespace {

using test::decode_all;
using test::Decoded;

Decimal dec(std::string_view text) { return *Decimal::parse(text); }

// Every fixture against its golden file. OEX_WRITE_GOLDEN=1 rewrites them (review the diff).
TEST(DigifinexDecoder, EveryFixtureMatchesItsGolden) {
  WsDecoder decoder;
  const auto fixtures = test::incoming_fixtures();
  ASSERT_GE(fixtures.size(), 27u);
  const bool write = std::getenv("OEX_WRITE_GOLDEN") != nullptr;
  for (const auto& f : fixtures) {
    const std::string actual = test::golden_text(decode_all(decoder, f.text, f.answered_method));
    const auto golden_path = test::test_dir() / "golden" / (f.name + ".jsonl");
    if (write) {
      std::ofstream(golden_path, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(actual, test::read_file(golden_path)) << f.name;
  }
}

TEST(DigifinexDecoder, OrderUpdateFromTheDocument) {
  WsDecoder decoder;
  std::vector<OrderUpdate> orders;
  const std::string text = test::read_file(test::fixture_dir() / "order_update.json");
  ASSERT_EQ(decoder.decode(text, [&](const auto& e) {
              if constexpr (std::is_same_v<std::decay_t<decltype(e)>, OrderUpdate>) orders.push_back(e);
            }),
            CodecError::ok);
  ASSERT_EQ(orders.size(), 1u);
  const OrderUpdate& o = orders[0];
  EXPECT_EQ(o.venue, Venue::digifinex);
  EXPECT_EQ(o.order_id, "31b7f41c81787b4200c75eb074e6edc9");
  EXPECT_EQ(o.symbol, "BTC_USDT");
  EXPECT_EQ(o.side, Side::buy);
  EXPECT_EQ(o.type, OrderType::market);
  EXPECT_EQ(o.state, OrderState::filled);
  EXPECT_EQ(o.venue_status, "2");
  EXPECT_EQ(o.qty, dec("0"));
  EXPECT_EQ(o.filled_qty, dec("0.9969"));
  EXPECT_EQ(o.filled_notional, dec("9713.82"));
  EXPECT_EQ(o.avg_price, dec("9700"));
  EXPECT_EQ(o.venue_time_ms, 1589272547000);
  EXPECT_FALSE(o.client_order_id.has_value());  // not sent, not invented
  EXPECT_FALSE(o.trade_id.has_value());
}

TEST(DigifinexDecoder, SeveralOrdersInOneMessageGiveOneEventEachInOrder) {
  WsDecoder decoder;
  const auto d = decode_all(decoder, test::read_file(test::fixture_dir() / "order_update_two_orders.json"));
  ASSERT_EQ(d.result, CodecError::ok);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_NE(d.events[0].find(R"("order_id":"a1b2c3d4e5f60718293a4b5c6d7e8f90")"), std::string::npos);
  EXPECT_NE(d.events[0].find(R"("state":"partially_filled")"), std::string::npos);
  EXPECT_NE(d.events[1].find(R"("order_id":"0f9e8d7c6b5a49382716051423324150")"), std::string::npos);
  EXPECT_NE(d.events[1].find(R"("state":"cancelled")"), std::string::npos);
}

TEST(DigifinexDecoder, ABadOrderAnywhereInTheListEmitsNothing) {
  WsDecoder decoder;
  const auto d = decode_all(
      decoder,
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":0,"side":"buy"},{"id":"b","symbol":"BTC_USDT","status":0,"side":"up"}],"id":null})");
  EXPECT_EQ(d.result, CodecError::invalid_value);
  EXPECT_TRUE(d.events.empty());
}

TEST(DigifinexDecoder, DepthCleanFlagIsTheSnapshotFlag) {
  WsDecoder decoder;
  std::vector<BookUpdate> books;
  std::vector<std::vector<BookLevel>> bids;
  std::vector<std::vector<BookLevel>> asks;
  auto sink = [&](const auto& e) {
    if constexpr (std::is_same_v<std::decay_t<decltype(e)>, BookUpdate>) {
      books.push_back(e);
      bids.emplace_back(e.bids.begin(), e.bids.end());
      asks.emplace_back(e.asks.begin(), e.asks.end());
    }
  };
  // Events are views of the text: both texts live as long as the events are read.
  const std::string full = test::read_file(test::fixture_dir() / "depth_update.json");
  const std::string increment = test::read_file(test::fixture_dir() / "depth_update_increment.json");
  ASSERT_EQ(decoder.decode(full, sink), CodecError::ok);
  ASSERT_EQ(decoder.decode(increment, sink), CodecError::ok);
  ASSERT_EQ(books.size(), 2u);
  EXPECT_TRUE(books[0].snapshot);
  EXPECT_EQ(books[0].symbol, "EOS_USDT");
  ASSERT_EQ(asks[0].size(), 1u);
  EXPECT_EQ(asks[0][0].price, dec("8000"));
  EXPECT_EQ(asks[0][0].qty, dec("9.625"));
  EXPECT_FALSE(books[1].snapshot);
  ASSERT_EQ(asks[1].size(), 2u);
  EXPECT_TRUE(asks[1][0].qty.is_zero());  // a zero quantity removes the level
  ASSERT_EQ(bids[1].size(), 1u);
  EXPECT_EQ(bids[1][0].price, dec("7999.99"));
}

TEST(DigifinexDecoder, DepthLongerThanTheStorageIsTooManyLevels) {
  WsDecoder decoder(WsDecoder::Limits{.max_values = 1024, .max_depth = 16, .max_book_levels = 1});
  const auto d = decode_all(decoder, test::read_file(test::fixture_dir() / "depth_update_increment.json"));
  EXPECT_EQ(d.result, CodecError::too_many_levels);
  EXPECT_TRUE(d.events.empty());
}

TEST(DigifinexDecoder, TradeTimeInFractionalSecondsBecomesExactMilliseconds) {
  WsDecoder decoder;
  std::vector<PublicTrade> trades;
  const std::string text = test::read_file(test::fixture_dir() / "trades_update.json");
  ASSERT_EQ(decoder.decode(text,
                           [&](const auto& e) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(e)>, PublicTrade>) trades.push_back(e);
                           }),
            CodecError::ok);
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].venue_time_ms, 1523339279761);
  EXPECT_EQ(trades[0].trade_id, "7172173");
  EXPECT_EQ(trades[0].price, dec("398.59"));
  EXPECT_EQ(trades[0].qty, dec("0.027"));
  EXPECT_EQ(trades[0].side, Side::buy);
  EXPECT_EQ(trades[0].symbol, "ETH_USDT");
}

TEST(DigifinexDecoder, ResponsesNeedTheAnsweredMethodOnlyForTheirTopic) {
  WsDecoder decoder;
  const std::string ack = test::read_file(test::fixture_dir() / "order_subscribe_response.json");
  EXPECT_EQ(decode_all(decoder, ack).events.at(0), R"({"venue":"digifinex","event":"subscribed","topic":"","subscribed":true})")
      << "without the answered method the topic stays empty";
  const auto unsubscribed = decode_all(decoder, ack, "order.unsubscribe");
  ASSERT_EQ(unsubscribed.events.size(), 1u);
  EXPECT_EQ(unsubscribed.events[0], R"({"venue":"digifinex","event":"subscribed","topic":"order.unsubscribe","subscribed":false})");

  std::vector<ServerTime> times;
  ASSERT_EQ(decoder.decode(test::read_file(test::fixture_dir() / "time_response.json"),
                           [&](const auto& e) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(e)>, ServerTime>) times.push_back(e);
                           }),
            CodecError::ok);
  ASSERT_EQ(times.size(), 1u);
  EXPECT_EQ(times[0].venue_time_ms, 1523348055000);
}

TEST(DigifinexDecoder, VenueErrorsGiveAnEventAndVenueError) {
  WsDecoder decoder;
  std::vector<VenueError> errors;
  auto sink = [&](const auto& e) {
    if constexpr (std::is_same_v<std::decay_t<decltype(e)>, VenueError>) errors.push_back(e);
  };
  const std::string error_response = test::read_file(test::fixture_dir() / "error_response.json");
  EXPECT_EQ(decoder.decode(error_response, sink), CodecError::venue_error);
  EXPECT_EQ(decoder.decode(R"({"error":null,"result":{"status":"failed"},"id":7})", sink), CodecError::venue_error);
  EXPECT_EQ(decoder.decode(R"({"error":"auth required","result":null,"id":7})", sink), CodecError::venue_error);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "1");
  EXPECT_EQ(errors[0].message, "invalid argument");
  EXPECT_EQ(errors[1].code, "failed");
  EXPECT_EQ(errors[2].code, "auth required");
}

struct BadCase {
  const char* text;
  CodecError expected;
};

TEST(DigifinexDecoder, BadInputGivesATypedErrorAndTheNextMessageStillDecodes) {
  const BadCase cases[] = {
      {"", CodecError::malformed_json},
      {"{", CodecError::malformed_json},
      {R"({"method":"order.update","params":[}])", CodecError::malformed_json},
      {"[1,2]", CodecError::unknown_message},
      {R"({"id":1})", CodecError::unknown_message},
      {R"({"method":"kline.update","params":[]})", CodecError::unknown_topic},
      {R"({"method":42,"params":[]})", CodecError::wrong_type},
      {R"({"method":"order.update"})", CodecError::missing_field},
      {R"({"method":"order.update","params":{}})", CodecError::wrong_type},
      {R"({"method":"order.update","params":[{"symbol":"BTC_USDT","status":0}]})", CodecError::missing_field},
      {R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":0,"filled":"1.2.3"}]})",
       CodecError::invalid_number},
      {R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":0,"filled":"123456789012345678901234567890123456789012"}]})",
       CodecError::number_out_of_range},
      {R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":0,"type":"iceberg"}]})",
       CodecError::invalid_value},
      {R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":0,"timestamp":99999999999999999999}]})",
       CodecError::number_out_of_range},
      {R"({"method":"order.update","params":[{"id":"x","symbol":"BTC\u005FUSDT","status":0}]})",
       CodecError::invalid_value},
      {R"({"method":"order.update","params":[7]})", CodecError::wrong_type},
      {R"({"method":"depth.update","params":["yes",{},"EOS_USDT"]})", CodecError::wrong_type},
      {R"({"method":"depth.update","params":[true,{"asks":[["1"]]},"EOS_USDT"]})", CodecError::missing_field},
      {R"({"method":"depth.update","params":[true,{"asks":[["1","2"]]}]})", CodecError::missing_field},
      {R"({"method":"trades.update","params":[true,{},"ETH_USDT"]})", CodecError::wrong_type},
      {R"({"method":"balance.update","params":[{"free":"1"}]})", CodecError::missing_field},
      {R"({"error":null,"result":"ping","id":1})", CodecError::invalid_value},
      {R"({"error":null,"result":null,"id":1})", CodecError::missing_field},
      {R"({"error":null,"result":[1],"id":1})", CodecError::wrong_type},
  };
  WsDecoder decoder(WsDecoder::Limits{.max_values = 256, .max_depth = 8, .max_book_levels = 16});
  const std::string good = test::read_file(test::fixture_dir() / "order_update.json");
  for (const BadCase& c : cases) {
    const auto bad = decode_all(decoder, c.text);
    EXPECT_EQ(error_name(bad.result), error_name(c.expected)) << c.text;
    EXPECT_TRUE(bad.events.empty()) << c.text;
    const auto next = decode_all(decoder, good);
    EXPECT_EQ(next.result, CodecError::ok) << "after " << c.text;
    EXPECT_EQ(next.events.size(), 1u);
  }
}

TEST(DigifinexDecoder, MoreValuesThanTheDocumentHoldsIsTooManyValues) {
  WsDecoder decoder(WsDecoder::Limits{.max_values = 8, .max_depth = 8, .max_book_levels = 16});
  EXPECT_EQ(decode_all(decoder, test::read_file(test::fixture_dir() / "order_update.json")).result,
            CodecError::too_many_values);
}

// hffix-style: every prefix of every fixture, each in its own exactly-sized heap block so that
// ASan catches a read past the end, gives a typed error or valid events.
TEST(DigifinexDecoder, EveryTruncationOfEveryFixtureGivesATypedErrorOrEvents) {
  WsDecoder decoder;
  for (const auto& f : test::incoming_fixtures()) {
    for (std::size_t len = 0; len <= f.text.size(); ++len) {
      const auto copy = std::make_unique<char[]>(len == 0 ? 1 : len);
      std::copy_n(f.text.data(), len, copy.get());
      const auto d = decode_all(decoder, std::string_view(copy.get(), len), f.answered_method);
      EXPECT_NE(error_name(d.result), "unknown_error") << f.name << " at " << len;
      if (d.result != CodecError::ok && d.result != CodecError::venue_error) {
        EXPECT_TRUE(d.events.empty()) << f.name << " at " << len;
      }
      for (const auto& line : d.events) EXPECT_NE(line, "<render overflow>");
    }
    EXPECT_EQ(test::golden_text(decode_all(decoder, f.text, f.answered_method)),
              test::read_file(test::test_dir() / "golden" / (f.name + ".jsonl")))
        << f.name << " after its truncations";
  }
}

}  // namespace
}  // namespace oex::codecs::digifinex
