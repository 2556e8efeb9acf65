#include "oex/codecs/json_cursor.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace oex::codecs {
namespace {

struct Fields {
  RawField id, price, longer_than_16_bytes;
};
constexpr FieldKey<Fields> kKeys[] = {
    {quoted_key("id"), &Fields::id},
    {quoted_key("price"), &Fields::price},
    {quoted_key("longer_than_16_bytes"), &Fields::longer_than_16_bytes},
};

// Reads `text` (one object) through fields(); false when the cursor refused it.
bool read(std::string_view text, Fields& out, Repeats repeats = Repeats::first_counts) {
  JsonCursor c(text, 64, 8);
  if (!c.open('{', 0)) return false;
  return c.fields(kKeys, out, 1, repeats) && c.at_end();
}

TEST(JsonCursorFields, TakesMembersInTheListedOrder) {
  Fields f;
  ASSERT_TRUE(read(R"({"id":"7","price":1.25,"longer_than_16_bytes":true})", f));
  EXPECT_EQ(f.id.kind, json::Kind::string);
  EXPECT_EQ(f.id.text, "7");
  EXPECT_EQ(f.price.kind, json::Kind::number);
  EXPECT_EQ(f.price.text, "1.25");
  EXPECT_EQ(f.longer_than_16_bytes.kind, json::Kind::boolean);
}

TEST(JsonCursorFields, TakesMembersOutOfOrderAndSkipsUnknownOnes) {
  Fields f;
  ASSERT_TRUE(read(R"({"other":{"x":[1,2]},"price":"3","zzz":null,"id":"9"})", f));
  EXPECT_EQ(f.id.text, "9");
  EXPECT_EQ(f.price.text, "3");
  EXPECT_FALSE(f.longer_than_16_bytes.present());
}

TEST(JsonCursorFields, AcceptsWhiteSpaceWhereverJsonAllowsIt) {
  Fields f;
  ASSERT_TRUE(read(" {\n \"id\" : \"1\" ,\t\"price\":2 } ", f));
  EXPECT_EQ(f.id.text, "1");
  EXPECT_EQ(f.price.text, "2");
}

TEST(JsonCursorFields, RepeatsFollowTheAskedRule) {
  const std::string_view text = R"({"id":"first","price":1,"id":"second"})";
  Fields first;
  ASSERT_TRUE(read(text, first, Repeats::first_counts));
  EXPECT_EQ(first.id.text, "first");
  Fields last;
  ASSERT_TRUE(read(text, last, Repeats::last_counts));
  EXPECT_EQ(last.id.text, "second");
}

TEST(JsonCursorFields, AKeyThatOnlyStartsLikeAListedOneIsNotIt) {
  Fields f;
  ASSERT_TRUE(read(R"({"idx":"1","pric":"2","price_avg":"3"})", f));
  EXPECT_FALSE(f.id.present());
  EXPECT_FALSE(f.price.present());
}

TEST(JsonCursorFields, EscapedKeysAreNotTheirUnescapedNames) {
  // Like the decoders' Document paths, keys are compared as written.
  Fields f;
  ASSERT_TRUE(read(R"({"\u0069d":"1"})", f));
  EXPECT_FALSE(f.id.present());
}

TEST(JsonCursorFields, RefusesBadTextAtEveryLength) {
  const std::string text = R"({"id":"7","price":1.25,"longer_than_16_bytes":true})";
  for (std::size_t n = 0; n < text.size(); ++n) {
    // Each prefix in a block of its own size, so a sanitizer sees any read past its end.
    const auto prefix = std::make_unique<char[]>(n);
    std::memcpy(prefix.get(), text.data(), n);
    Fields f;
    EXPECT_FALSE(read(std::string_view(prefix.get(), n), f)) << n;
  }
  for (const char* bad : {R"({"id" "7"})", R"({"id":})", R"({"id":"7",})", R"({"id":"7" "price":1})", R"({,})"}) {
    Fields f;
    EXPECT_FALSE(read(bad, f)) << bad;
  }
}

TEST(JsonCursorFields, CountsKeysAsValuesLikeTheDocument) {
  // Three members are six values and the object a seventh: a limit of six refuses it.
  const std::string_view text = R"({"id":"1","price":2,"zzz":3})";
  for (const std::size_t limit : {6u, 7u}) {
    JsonCursor c(text, limit, 8);
    Fields f;
    const bool ok = c.open('{', 0) && c.fields(kKeys, f, 1, Repeats::first_counts);
    EXPECT_EQ(ok, limit == 7) << limit;
  }
}

}  // namespace
}  // namespace oex::codecs
