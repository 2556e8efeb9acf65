#include "oex/core/decimal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oex {
namespace {

Decimal D(std::string_view text) {
  auto r = Decimal::parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << error_name(r.error());
  return *r;
}

TEST(Decimal, ParsesPlainQuotedAndExponentText) {
  EXPECT_EQ(D("50.0000000000000000").to_string(), "50");
  EXPECT_EQ(D("\"0.00250000\"").to_string(), "0.0025");
  EXPECT_EQ(D("99944652.8478545303601106").to_string(), "99944652.8478545303601106");
  EXPECT_EQ(D("-0.5").to_string(), "-0.5");
  EXPECT_EQ(D("-0").to_string(), "0");
  EXPECT_EQ(D("000123.4500").to_string(), "123.45");
  EXPECT_EQ(D("1e-8").to_string(), "0.00000001");
  EXPECT_EQ(D("1.5E+3").to_string(), "1500");
  EXPECT_EQ(D("0e10").to_string(), "0");
  EXPECT_EQ(D("12345678901234567890123456789012345678").to_string(), "12345678901234567890123456789012345678");
  EXPECT_EQ(D("0.00000000000000000000000000000000000001").to_string(), "0.00000000000000000000000000000000000001");
  EXPECT_EQ(D("-9999999999999999999.9999999999999999999").to_string(), "-9999999999999999999.9999999999999999999");
}

TEST(Decimal, ScaleIsTheSmallestExactOne) {
  EXPECT_EQ(D("1.10").scale(), 1);
  EXPECT_EQ(D("100").scale(), 0);
  EXPECT_EQ(D("100").units(), 100);
  EXPECT_EQ(D("0.000").scale(), 0);
}

struct Malformed {
  const char* text;
  Error error;
};

TEST(Decimal, MalformedTextGivesATypedError) {
  const Malformed cases[] = {
      {"", Error::empty},
      {"\"\"", Error::empty},
      {"1.2.3", Error::invalid_format},
      {"-", Error::invalid_format},
      {".", Error::invalid_format},
      {"-.", Error::invalid_format},
      {".5", Error::invalid_format},
      {"5.", Error::invalid_format},
      {"1e", Error::invalid_format},
      {"1e+", Error::invalid_format},
      {"1-2", Error::invalid_format},
      {"--1", Error::invalid_format},
      {"123456789012345678901234567890123456789", Error::too_many_digits},
      {"1.23456789012345678901234567890123456789", Error::too_many_digits},
      {"0.000000000000000000000000000000000000001", Error::too_many_digits},
      {"1e39", Error::too_many_digits},
      {"12a", Error::invalid_character},
      {"a", Error::invalid_character},
      {" 1", Error::invalid_character},
      {"1 ", Error::invalid_character},
      {"+1", Error::invalid_character},
      {"1,5", Error::invalid_character},
      {"\"1", Error::invalid_character},
      {"NaN", Error::invalid_character},
      {"1e5x", Error::invalid_character},
  };
  for (const auto& c : cases) {
    const auto r = Decimal::parse(c.text);
    EXPECT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(error_name(r.error()), error_name(c.error)) << c.text;
  }
}

TEST(Decimal, ThirtyEightSignificantDigitsIgnoringLeadingAndTrailingZeros) {
  EXPECT_TRUE(Decimal::parse("000012345678901234567890123456789012345678.000").ok());
  EXPECT_TRUE(Decimal::parse("0.12345678901234567890123456789012345678").ok());
  EXPECT_EQ(Decimal::parse("0.012345678901234567890123456789012345678").error(), Error::too_many_digits);
}

TEST(Decimal, ComparesByValueAcrossScales) {
  EXPECT_EQ(D("1.5"), D("1.50000"));
  EXPECT_LT(D("1.4999999999"), D("1.5"));
  EXPECT_GT(D("-1.4"), D("-1.5"));
  EXPECT_LT(D("-12345678901234567890123456789012345678"), D("0.00000000000000000000000000000000000001"));
  EXPECT_GT(D("12345678901234567890123456789012345678"), D("9.9999999999999999999999999999999999999"));
  EXPECT_LT(D("-12345678901234567890123456789012345678"), D("-9.9"));
}

TEST(Decimal, AddsAndSubtractsExactly) {
  EXPECT_EQ(add(D("0.1"), D("0.2"))->to_string(), "0.3");
  EXPECT_EQ(subtract(D("1"), D("0.00000001"))->to_string(), "0.99999999");
  EXPECT_EQ(subtract(D("-2.5"), D("-2.5"))->to_string(), "0");
  EXPECT_EQ(add(D("99999999999999999999999999999999999999"), D("1")).error(), Error::overflow);
}

TEST(Decimal, MultipliesPriceByQuantity) {
  EXPECT_EQ(multiply(D("99944652.8478545303601106"), D("0.001"))->to_string(), "99944.6528478545303601106");
  EXPECT_EQ(multiply(D("-1.5"), D("2"))->to_string(), "-3");
  EXPECT_EQ(multiply(D("0.0000000000000000001"), D("0.00000000000000000001")).error(), Error::inexact);
  EXPECT_EQ(multiply(D("10000000000000000000"), D("10000000000000000000")).error(), Error::overflow);
  // Trailing zeros that overflow 128 bits are removed before giving up.
  Int128 ten_pow_37 = 1;
  for (int i = 0; i < 37; ++i) ten_pow_37 *= 10;
  const Decimal one = *Decimal::from_units(ten_pow_37, 37);
  const Decimal two = *Decimal::from_units(2 * ten_pow_37, 37);
  EXPECT_EQ(multiply(one, two)->to_string(), "2");
}

TEST(Decimal, DividesWithTheNamedRounding) {
  EXPECT_EQ(divide(D("10"), D("4"), 2, RoundingMode::down)->to_string(), "2.5");
  EXPECT_EQ(divide(D("2"), D("3"), 4, RoundingMode::down)->to_string(), "0.6666");
  EXPECT_EQ(divide(D("2"), D("3"), 4, RoundingMode::half_even)->to_string(), "0.6667");
  EXPECT_EQ(divide(D("-2"), D("3"), 4, RoundingMode::floor)->to_string(), "-0.6667");
  EXPECT_EQ(divide(D("-2"), D("3"), 4, RoundingMode::ceiling)->to_string(), "-0.6666");
  EXPECT_EQ(divide(D("1"), D("-8"), 2, RoundingMode::half_even)->to_string(), "-0.12");
  EXPECT_EQ(divide(D("1"), D("-8"), 2, RoundingMode::half_up)->to_string(), "-0.13");
  EXPECT_EQ(divide(D("1"), D("0"), 2, RoundingMode::down).error(), Error::division_by_zero);
}

TEST(Decimal, RescalesWithEveryRoundingMode) {
  struct Case {
    const char* in;
    RoundingMode mode;
    const char* out;
  };
  const Case cases[] = {
      {"2.5", RoundingMode::half_even, "2"},   {"3.5", RoundingMode::half_even, "4"},
      {"2.5", RoundingMode::half_up, "3"},     {"2.5", RoundingMode::half_down, "2"},
      {"-2.5", RoundingMode::half_up, "-3"},   {"-2.5", RoundingMode::half_down, "-2"},
      {"2.1", RoundingMode::up, "3"},          {"-2.1", RoundingMode::up, "-3"},
      {"2.9", RoundingMode::down, "2"},        {"-2.9", RoundingMode::down, "-2"},
      {"-2.1", RoundingMode::floor, "-3"},     {"2.1", RoundingMode::ceiling, "3"},
      {"2.51", RoundingMode::half_down, "3"},  {"2", RoundingMode::up, "2"},
  };
  for (const auto& c : cases) EXPECT_EQ(D(c.in).rescaled(0, c.mode)->to_string(), c.out) << c.in;
  const auto finer = D("1.5").rescaled(8, RoundingMode::down);
  EXPECT_EQ(finer->scale(), 8);
  EXPECT_EQ(finer->to_string(), "1.5");
  EXPECT_EQ(D("12345678901234567890123456789012345678").rescaled(1, RoundingMode::down).error(), Error::overflow);
}

TEST(Decimal, PrintsIntoExactlyTheBufferItNeeds) {
  const Decimal d = D("-0.000123");
  const std::string text = d.to_string();
  char buf[64];
  for (std::size_t len = 0; len < text.size(); ++len) {
    buf[len] = '#';
    EXPECT_EQ(d.to_chars(buf, buf + len), nullptr);
    EXPECT_EQ(buf[len], '#') << "wrote past the end at length " << len;
  }
  char* end = d.to_chars(buf, buf + text.size());
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(std::string(buf, end), "-0.000123");
}

TEST(Decimal, FromUnitsChecksItsRange) {
  EXPECT_EQ(Decimal::from_units(12345, 2)->to_string(), "123.45");
  EXPECT_EQ(Decimal::from_units(1, 39).error(), Error::too_many_digits);
  EXPECT_EQ(Decimal::from_int(-7).to_string(), "-7");
}

}  // namespace
}  // namespace oex

namespace oex {
namespace {

// The inline fast paths and the general routines give the same answers, across the boundary
// where the fast path stops applying (64-bit units, scales 18 places apart).
TEST(Decimal, FastPathsAgreeWithTheGeneralRoutines) {
  std::uint64_t state = 88172645463325252ULL;
  auto next = [&state] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  auto random_decimal = [&] {
    const int digits = static_cast<int>(next() % 38) + 1;
    Int128 units = 0;
    for (int i = 0; i < digits; ++i) units = units * 10 + static_cast<int>(next() % 10);
    if (next() % 2) units = -units;
    return *Decimal::from_units(units, static_cast<int>(next() % 39));
  };
  for (int i = 0; i < 200'000; ++i) {
    const Decimal a = random_decimal(), b = random_decimal();
    const auto fast_sum = add(a, b), general_sum = add_general(a, b);
    ASSERT_EQ(fast_sum.error(), general_sum.error());
    if (fast_sum.ok()) {
      ASSERT_EQ(fast_sum->to_string(), general_sum->to_string());
    }
    const auto fast_product = multiply(a, b), general_product = multiply_general(a, b);
    ASSERT_EQ(fast_product.error(), general_product.error());
    if (fast_product.ok()) {
      ASSERT_EQ(fast_product->to_string(), general_product->to_string());
    }
    const auto difference = subtract(a, b);
    if (difference.ok()) {
      ASSERT_EQ(a < b, difference->is_negative()) << a.to_string() << " " << b.to_string();
      ASSERT_EQ(a == b, difference->is_zero());
    }
  }
}

}  // namespace
}  // namespace oex

namespace oex {
namespace {

// normalized() strips exactly the trailing zeros after the point, on either side of the 64-bit
// boundary where it changes how it divides, and keeps the value.
TEST(Decimal, NormalizedStripsTrailingZerosOnlyAfterThePoint) {
  EXPECT_EQ(D("50.000000000000000000").normalized().scale(), 0);
  EXPECT_EQ(D("50.000000000000000000").normalized().units(), 50);
  EXPECT_EQ(D("1200").normalized().units(), 1200);  // zeros before the point stay
  EXPECT_EQ(D("-0.1230").normalized().scale(), 3);
  EXPECT_EQ(D("0.000").normalized().scale(), 0);
  const Int128 kBig = static_cast<Int128>(INT64_MAX) * 1000;  // past 64 bits, three zeros to strip
  for (const Int128 units : {kBig, -kBig, kBig + 10, static_cast<Int128>(INT64_MIN), static_cast<Int128>(INT64_MAX) * 10,
                             static_cast<Int128>(INT64_MIN) * 10, Int128{7} * 1'000'000'000'000'000'000LL * 100}) {
    for (int scale = 0; scale <= 38; ++scale) {
      const auto d = Decimal::from_units(units, scale);
      if (!d.ok()) continue;
      Int128 u = units;
      int s = scale;
      while (s > 0 && u % 10 == 0) u /= 10, --s;
      const Decimal n = d->normalized();
      ASSERT_TRUE(n.units() == u && n.scale() == s) << d->to_string() << " -> " << n.to_string();
      ASSERT_EQ(n, *d);
    }
  }
}

}  // namespace
}  // namespace oex
