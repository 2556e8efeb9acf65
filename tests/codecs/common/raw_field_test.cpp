// The number readers the decoders' fast paths share (raw_field.hpp), checked against the
// general readers they stand in for.
#include "oex/codecs/raw_field.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace oex::codecs {
namespace {

// Whatever the inline reader takes, it reads as Decimal::parse does (value and scale).
void expect_agrees(const std::string& text) {
  Decimal plain;
  if (!parse_plain_decimal(text, plain)) return;
  const auto general = Decimal::parse(text);
  ASSERT_TRUE(general.ok()) << text;
  EXPECT_EQ(plain.units(), general->units()) << text;
  EXPECT_EQ(plain.scale(), general->scale()) << text;
}

TEST(ParsePlainDecimal, ReadsWhatVenuesSendAsDecimalParseDoes) {
  for (const char* text : {"0", "-0", "9713.82", "-0.0050", "0.2200000000000000", "50.0000000000000000",
                           "9713.8200000000000000", "123456789012345678", "0.00000000000000001",
                           "999999999999999999", "1.5", "100", "0.10", "00012.50"}) {
    Decimal d;
    EXPECT_TRUE(parse_plain_decimal(text, d)) << text;
    expect_agrees(text);
  }
  Decimal d;
  ASSERT_TRUE(parse_plain_decimal("9713.8200000000000000", d));
  EXPECT_EQ(d.units(), 971382);
  EXPECT_EQ(d.scale(), 2);
}

TEST(ParsePlainDecimal, LeavesEverythingElseToDecimalParse) {
  for (const char* text : {"", "-", ".5", "1.", "1e5", "1.5e2", "+1", "1.2.3", "12a", " 1", "1 ",
                           "1234567890123456789", "0.1234567890123456789", "12345678901.12345678"}) {
    Decimal d;
    EXPECT_FALSE(parse_plain_decimal(text, d)) << text;
  }
}

TEST(ParsePlainDecimal, AgreesWithDecimalParseOnRandomText) {
  std::mt19937_64 rng(20261202);
  const std::string alphabet = "0000123456789.-e";
  for (int i = 0; i < 200000; ++i) {
    std::string text(1 + rng() % 24, '0');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    expect_agrees(text);
  }
}

TEST(ParseInt64, IsExactToTheEdgesOf64Bits) {
  std::int64_t v = 0;
  EXPECT_EQ(parse_int64("9223372036854775807", v), CodecError::ok);
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_EQ(parse_int64("-9223372036854775808", v), CodecError::ok);
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_EQ(parse_int64("1589272547000", v), CodecError::ok);
  EXPECT_EQ(v, 1589272547000);
  EXPECT_EQ(parse_int64("9223372036854775808", v), CodecError::number_out_of_range);
  EXPECT_EQ(parse_int64("-9223372036854775809", v), CodecError::number_out_of_range);
  EXPECT_EQ(parse_int64("99999999999999999999", v), CodecError::number_out_of_range);
  EXPECT_EQ(parse_int64("184467440737095516160", v), CodecError::number_out_of_range);  // 2^64 x 10
  EXPECT_EQ(parse_int64("", v), CodecError::invalid_number);
  EXPECT_EQ(parse_int64("-", v), CodecError::invalid_number);
  EXPECT_EQ(parse_int64("12a", v), CodecError::invalid_number);
}

}  // namespace
}  // namespace oex::codecs
