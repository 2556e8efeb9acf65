// The notificationApiV3 and fills fast paths against the shared JSON reader: for every fixture,
// every truncation and every one-byte change of the notification and fills fixtures, both give
// the same events and the same error.
#include <gtest/gtest.h>

#include <string>

#include "btse_fixtures.hpp"

namespace oex::codecs::btse::testing {
namespace {

std::string render_ws(WsDecoder& decoder, std::string_view text) {
  std::string out;
  const CodecError result = decoder.decode(text, RenderSink{&out});
  return out.append("result ").append(error_name(result));
}

class BtseFastPath : public ::testing::Test {
 protected:
  void expect_same(std::string_view text, const std::string& what) {
    const std::string copy(text);  // its own allocation, so ASan sees an overread
    EXPECT_EQ(render_ws(fast_, copy), render_ws(shared_, copy)) << what;
  }
  WsDecoder fast_{8192, true};
  WsDecoder shared_{8192, false};
};

TEST_F(BtseFastPath, SameAsTheSharedReaderOnEveryFixtureAndTruncation) {
  for (const auto& e : load_manifest()) {
    if (e.decoder != "ws") continue;
    const std::string text = read_file(kDir + "fixtures/" + e.file);
    for (std::size_t n = 0; n <= text.size(); ++n) expect_same(std::string_view(text).substr(0, n), e.file);
  }
}

TEST_F(BtseFastPath, SameAsTheSharedReaderOnEveryOneByteChange) {
  constexpr char kBytes[] = {'"', '\\', '\x01', '\x7f', '{', '}', '[', ']', ',', ':', ' ', '\n', '0', '-', '.',
                             'e', 'x', 'n', 't', 'u', '\xc3'};
  for (const char* file : {"ws_notification_partial.json", "ws_notification_new.json", "ws_fills.json"}) {
    const std::string text = read_file(kDir + "fixtures/" + file);
    for (std::size_t i = 0; i < text.size(); ++i) {
      for (const char b : kBytes) {
        std::string changed = text;
        changed[i] = b;
        expect_same(changed, std::string(file) + " byte " + std::to_string(i) + " -> " + std::to_string(b));
      }
    }
  }
}

TEST_F(BtseFastPath, PrettyPrintedRepeatedAndReorderedMembers) {
  expect_same(read_file(kDir + "fixtures/ws_notification_api_v3_doc.json"), "the document's layout");
  expect_same(R"( { "data" : {"orderID":"a","status":2,"price":"1","price":"2"} , "topic" : "notificationApiV3" } )",
              "data first, a repeated price");
  expect_same(R"({"topic":"notificationApiV3","data":{"status":4,"orderID":"a","orderID":"b"}})", "repeated id");
  expect_same(R"({"topic":"notificationApiV3","topic":"fills","data":{"status":4,"orderID":"a"}})", "repeated topic");
  expect_same(R"({"topic":"notificationApiV3","data":{"status":4,"orderID":"a\u0041\n"}})", "escaped text");
  expect_same(R"({"topic":"notificationApiV3","data":{"status":4,"orderID":"a","extra":{"x":1}}})", "nested value");
  expect_same(R"({"topic":"notificationApiV3","data":{}})", "empty data");
  expect_same(R"({"topic":"notificationApiV3","data":{"status":4,"orderID":"a"},"event":"subscribe"})", "event");
}

TEST_F(BtseFastPath, FillsOfEveryShape) {
  const std::string fill = R"({"orderId":"o","symbol":"BTC-USD","side":"SELL","price":"1.5","size":2,"maker":"taker"})";
  std::string eight = "[";
  for (int i = 0; i < 8; ++i) eight += (i == 0 ? "" : ",") + fill;
  expect_same(R"({"topic":"fills","data":)" + fill + "}", "one object");
  expect_same(R"({"topic":"fills","data":)" + eight + "]}", "eight, the fast path's capacity");
  expect_same(R"({"topic":"fills","data":)" + eight + "," + fill + "]}", "nine");
  expect_same(R"({"data":[)" + fill + R"(],"topic":"fills"})", "data first");
  expect_same(R"({"topic":"fills","data":[]})", "no fill");
  expect_same(R"({"topic":"fills","data":null})", "null data");
  expect_same(R"({"topic":"fills","data":[1]})", "not an object");
  expect_same(R"({"topic":"fills","data":[)" + fill + R"(,{"orderId":"o"}]})", "the second misses its price");
  expect_same(R"({"topic":"fills","data":[{"orderId":"a","orderId":"b","symbol":"X","price":1,"size":1}]})", "repeated id");
  expect_same(R"({"topic":"fills","data":[{"orderId":"a\"b","symbol":"X","price":1,"size":1,"clOrderId":""}]})", "escaped id");
  expect_same(R"({"topic":"fills","data":[{"orderId":"a","symbol":"X","price":1,"size":1,"maker":1}]})", "numeric maker");
  expect_same(R"({"topic":"fills","data":[{"orderId":"a","symbol":"X","price":1,"size":1,"side":"buy"}]})", "lower-case side");
  expect_same(R"({"topic":"fills","data":[{"orderId":"a","symbol":"X","price":1,"size":1,"x":{"y":[{}]}}]})", "nested value");
  expect_same(R"({"topic":"fills","data":[)" + fill + R"(],"event":"subscribe","channel":["fills"]})", "event");
  expect_same(R"({"topic":"fills","data":[)" + fill + R"(],"errors":[]})", "errors");
  expect_same(R"({"topic":"fills","topic":"x","data":[)" + fill + "]}", "repeated topic");
  expect_same(R"({"topic":"fills","data":[)" + fill + "],\"data\":[]}", "repeated data");
}

TEST(BtseFastPathCapacity, TheSharedReadersCapacityStillApplies) {
  const std::string text = read_file(kDir + "fixtures/ws_notification_partial.json");
  WsDecoder fast(16, true);
  WsDecoder shared(16, false);
  std::size_t events = 0;
  EXPECT_EQ(fast.decode(text, [&](const auto&) { ++events; }), CodecError::too_many_values);
  EXPECT_EQ(shared.decode(text, [&](const auto&) { ++events; }), CodecError::too_many_values);
  EXPECT_EQ(events, 0u);
}

TEST(BtseOrderFields, DeprecatedAndAlternativeSizeFieldsAreReadInOrder) {
  WsDecoder ws;
  std::string out;
  const std::string original =
      R"({"topic":"notificationApiV3","data":{"status":5,"orderID":"a","originalOrderBaseSize":3,"size":9,)"
      R"("filledSize":1,"remainingOrderBaseSize":2,"remainingSize":7}})";
  ASSERT_EQ(ws.decode(original, [&](const auto& e) {
    if constexpr (std::is_same_v<std::decay_t<decltype(e)>, OrderUpdate>) {
      EXPECT_EQ(e.qty, *Decimal::parse("3"));
      EXPECT_EQ(e.filled_qty, *Decimal::parse("1"));
      EXPECT_EQ(e.remaining_qty, *Decimal::parse("2"));
    }
  }), CodecError::ok);
  const std::string deprecated =
      R"({"topic":"notificationApiV3","data":{"status":5,"orderID":"a","size":9,"remainingSize":7,"timeInForce":"DAY"}})";
  ASSERT_EQ(ws.decode(deprecated, [&](const auto& e) {
    if constexpr (std::is_same_v<std::decay_t<decltype(e)>, OrderUpdate>) {
      EXPECT_EQ(e.qty, *Decimal::parse("9"));
      EXPECT_EQ(e.remaining_qty, *Decimal::parse("7"));
      EXPECT_EQ(e.time_in_force, TimeInForce::day);
    }
  }), CodecError::ok);
}

}  // namespace
}  // namespace oex::codecs::btse::testing
