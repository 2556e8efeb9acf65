#include "oex/codecs/json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "allocation_counter.hpp"

namespace oex::json {
namespace {

constexpr std::string_view kMessage = R"( {"method":"order.update","params":[{"id":"7","price":"0.0025",
  "amount":12.5,"filled":0,"ok":true,"none":null,"nested":{"a":[1,2,{"b":"c\"d"}]},"esc":"\u00e9"}],"id":null} )";

TEST(Json, NavigatesObjectsAndArrays) {
  Document doc(64);
  ASSERT_EQ(doc.parse(kMessage), CodecError::ok);
  const Value root = doc.root();
  ASSERT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 3u);
  EXPECT_EQ(*root["method"].as_string(), "order.update");
  EXPECT_TRUE(root["id"].is_null());
  EXPECT_TRUE(root["id"].is_missing());
  EXPECT_FALSE(root["nope"].present());
  EXPECT_TRUE(root["nope"]["deeper"].is_missing());
  const Value order = root["params"].at(0);
  EXPECT_EQ(order["price"].as_decimal()->to_string(), "0.0025");
  EXPECT_EQ(order["amount"].as_decimal()->to_string(), "12.5");
  EXPECT_EQ(*order["id"].as_int64(), 7);
  EXPECT_EQ(*order["ok"].as_bool(), true);
  EXPECT_EQ(order["none"].as_decimal().error(), CodecError::missing_field);
  EXPECT_EQ(order["ok"].as_decimal().error(), CodecError::wrong_type);
  EXPECT_EQ(order["nested"]["a"].at(2)["b"].raw(), "c\\\"d");
  EXPECT_TRUE(order["nested"]["a"].at(2)["b"].has_escapes());
  EXPECT_EQ(order["nested"].raw(), R"({"a":[1,2,{"b":"c\"d"}]})");
  EXPECT_EQ(order["nested"]["a"].raw(), R"([1,2,{"b":"c\"d"}])");
  EXPECT_FALSE(root["params"].at(1).present());

  std::vector<std::string> keys;
  for (const auto member : order) keys.emplace_back(member.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "price", "amount", "filled", "ok", "none", "nested", "esc"}));
  std::vector<std::string> elements;
  for (const auto member : order["nested"]["a"]) elements.emplace_back(member.value.raw());
  EXPECT_EQ(elements, (std::vector<std::string>{"1", "2", R"({"b":"c\"d"})"}));
}

TEST(Json, IntegersAreCheckedExactly) {
  Document doc(16);
  ASSERT_EQ(doc.parse(R"([9223372036854775807,-9223372036854775808,9223372036854775808,"12",1.5])"), CodecError::ok);
  const Value a = doc.root();
  EXPECT_EQ(*a.at(0).as_int64(), INT64_MAX);
  EXPECT_EQ(*a.at(1).as_int64(), INT64_MIN);
  EXPECT_EQ(a.at(2).as_int64().error(), CodecError::number_out_of_range);
  EXPECT_EQ(*a.at(3).as_int64(), 12);
  EXPECT_EQ(a.at(4).as_int64().error(), CodecError::invalid_number);
}

TEST(Json, RejectsWhatIsNotJson) {
  const char* bad[] = {"",        "   ",      "{",         "}",       "[1,]",     "{\"a\":1,}", "{\"a\" 1}",
                       "{a:1}",   "[01]",     "[1.]",      "[.5]",    "[-]",      "[1e]",       "tru",
                       "nul",     "[\"\\x\"]", "[\"\\u12\"]", "\"a",     "[1] [2]",  "{\"a\":1}}", "[\"\x01\"]",
                       "{\"TRX,\"x\":1}", "{\"state\": \"completed\"\"internalState\": \"filled\"}",
                       "{\"updateTs\": 1,}"};
  Document doc(64);
  for (const char* text : bad) EXPECT_EQ(doc.parse(text), CodecError::malformed_json) << text;
}

TEST(Json, LimitsAreReportedNotExceeded) {
  Document small(4, 2);
  EXPECT_EQ(small.parse("[1,2,3,4,5]"), CodecError::too_many_values);
  EXPECT_EQ(small.parse("[[[1]]]"), CodecError::too_many_values);
  EXPECT_EQ(small.parse("[[1]]"), CodecError::ok);
}

// Every truncation of a valid message is an error, never a crash or a read past the end.
TEST(Json, EveryTruncationIsATypedError) {
  Document doc(64);
  const std::string text(kMessage.substr(0, kMessage.find_last_not_of(' ') + 1));
  for (std::size_t len = 0; len < text.size(); ++len) {
    const std::string cut = text.substr(0, len);  // its own allocation: ASan sees any overread
    EXPECT_NE(doc.parse(cut), CodecError::ok) << len;
  }
  EXPECT_EQ(doc.parse(text), CodecError::ok);
}

TEST(Json, ParsingAndReadingAllocateNothing) {
  Document doc(64);
  ASSERT_EQ(doc.parse(kMessage), CodecError::ok);
  testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(doc.parse(kMessage), CodecError::ok);
    ASSERT_TRUE(doc.root()["params"].at(0)["price"].as_decimal().ok());
  }
  EXPECT_EQ(scope.allocations(), 0u);
}

}  // namespace
}  // namespace oex::json
