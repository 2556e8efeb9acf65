#include "oex/risk/token_bucket.hpp"

#include <gtest/gtest.h>

namespace oex::risk {
namespace {

constexpr std::uint64_t kSecond = 1'000'000'000ULL;

TEST(TokenBucket, BurstThenSteadyRate) {
  TokenBucket b(10, 3);
  const std::uint64_t t0 = 42 * kSecond;
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 + kSecond / 10 - 1));  // just short of one token
  EXPECT_TRUE(b.try_take(t0 + kSecond / 10));       // exactly one
  EXPECT_FALSE(b.try_take(t0 + kSecond / 10));
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurstAndSurvivesLongGaps) {
  TokenBucket b(75, 75);
  EXPECT_TRUE(b.try_take(0));
  EXPECT_TRUE(b.would_allow(~0ULL));  // a gap of centuries neither overflows nor overfills
  EXPECT_EQ(b.tokens_billionths(), 75 * TokenBucket::kScale);
  int taken = 0;
  while (b.try_take(~0ULL)) ++taken;
  EXPECT_EQ(taken, 75);
}

TEST(TokenBucket, ClockSteppingBackRefillsNothing) {
  TokenBucket b(1, 1);
  EXPECT_TRUE(b.try_take(10 * kSecond));
  EXPECT_FALSE(b.try_take(5 * kSecond));
  EXPECT_FALSE(b.try_take(10 * kSecond + kSecond - 1));
  EXPECT_TRUE(b.try_take(11 * kSecond));
}

}  // namespace
}  // namespace oex::risk
