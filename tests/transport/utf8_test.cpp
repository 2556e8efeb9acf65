#include "oex/transport/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oex::transport {
namespace {

bool valid(const std::string& s) { return is_valid_utf8(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

TEST(Utf8, AcceptsAsciiAndEveryEncodingLength) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("Hello-µ@ßöäüàá-UTF-8!!"));
  EXPECT_TRUE(valid("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));  // κόσμε
  EXPECT_TRUE(valid("\xf0\x9f\x98\x80"));                              // U+1F600
  EXPECT_TRUE(valid("\xf4\x8f\xbf\xbf"));                              // U+10FFFF
  EXPECT_TRUE(valid("\xef\xbf\xbf"));                                  // U+FFFF
}

TEST(Utf8, RejectsOverlongsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(valid("\xc0\xaf"));
  EXPECT_FALSE(valid("\xe0\x80\xaf"));
  EXPECT_FALSE(valid("\xf0\x80\x80\xaf"));
  EXPECT_FALSE(valid("\xed\xa0\x80"));          // U+D800
  EXPECT_FALSE(valid("\xed\xbf\xbf"));          // U+DFFF
  EXPECT_FALSE(valid("\xf4\x90\x80\x80"));      // U+110000
  EXPECT_FALSE(valid("\xff"));
  EXPECT_FALSE(valid("\x80"));
  EXPECT_FALSE(valid("\xce\xba\xe1\xbd"));      // truncated at the end
  EXPECT_FALSE(valid("abc\xe1\xbd" "def"));
}

TEST(Utf8, ValidatesAcrossEverySplit) {
  const std::string text = "a\xce\xba\xe1\xbd\xb9\xf0\x9f\x98\x80z0123456789abcdef";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Utf8Validator v;
    ASSERT_TRUE(v.feed(reinterpret_cast<const std::uint8_t*>(text.data()), cut));
    ASSERT_TRUE(v.feed(reinterpret_cast<const std::uint8_t*>(text.data()) + cut, text.size() - cut));
    EXPECT_TRUE(v.complete()) << cut;
  }
}

TEST(Utf8, FailsFastOnTheFirstImpossibleByte) {
  Utf8Validator v;
  const std::string head = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90";
  EXPECT_FALSE(v.feed(reinterpret_cast<const std::uint8_t*>(head.data()), head.size()));
}

}  // namespace
}  // namespace oex::transport
