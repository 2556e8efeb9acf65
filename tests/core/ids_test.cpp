#include <gtest/gtest.h>

#include <set>
#include <string>

#include "allocation_counter.hpp"
#include "oex/core/client_order_id.hpp"
#include "oex/core/clock.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/core/symbol_table.hpp"

namespace oex {
namespace {

// The strictest rule any of the five venues sets: BTSE types clOrderID as a Long in one answer,
// GCT's example is all digits, the rest take short ASCII strings.
bool valid_for_every_venue(std::string_view id) {
  if (id.empty() || id.size() > 18 || id[0] == '0') return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

TEST(ClientOrderId, UniqueAcrossSimulatedRestartsAndValidForEveryVenue) {
  std::set<std::string> seen;
  std::uint64_t clock_us = wall_clock_us();
  // Three runs of the engine; each restart comes 50 ms after the previous run stopped, and each
  // run issues a burst faster than the clock (several ids per microsecond) then a steady stream.
  for (int run = 0; run < 3; ++run) {
    auto generator = ClientOrderIdGenerator::create(7);
    ASSERT_TRUE(generator.ok());
    for (int i = 0; i < 20'000; ++i) {
      const ClientOrderId id = generator->next(clock_us);
      ASSERT_TRUE(valid_for_every_venue(id.view())) << id.view();
      ASSERT_TRUE(seen.insert(std::string(id.view())).second) << "duplicate " << id.view() << " in run " << run;
      clock_us += (i < 5'000) ? 0 : 2;  // the burst first, then one id every 2 us
    }
    clock_us += 50'000;
  }
  EXPECT_EQ(seen.size(), 60'000u);
}

TEST(ClientOrderId, InstancesSharingAnAccountNeverCollide) {
  auto a = ClientOrderIdGenerator::create(1);
  auto b = ClientOrderIdGenerator::create(2);
  std::set<std::string> seen;
  for (std::uint64_t t = 1'700'000'000'000'000ULL; t < 1'700'000'000'001'000ULL; ++t) {
    ASSERT_TRUE(seen.insert(std::string(a->next(t).view())).second);
    ASSERT_TRUE(seen.insert(std::string(b->next(t).view())).second);
  }
  EXPECT_EQ(ClientOrderIdGenerator::create(100).error(), Error::invalid_argument);
}

TEST(ClientOrderId, ANewIdAllocatesNothing) {
  auto generator = ClientOrderIdGenerator::create(0);
  testing::AllocationScope scope;
  for (int i = 0; i < 1000; ++i) (void)generator->next();
  EXPECT_EQ(scope.allocations(), 0u);
}

TEST(InlineString, HoldsUpToItsCapacity) {
  EXPECT_EQ(VenueOrderId::from("a1b2c3d4-0000-4000-8000-1234567890ab")->view(), "a1b2c3d4-0000-4000-8000-1234567890ab");
  EXPECT_EQ(InlineString<4>::from("abcde").error(), Error::buffer_too_small);
  EXPECT_TRUE(InlineString<4>::from("abcd").ok());
}

TEST(SymbolTable, InternsFindsAndReportsFull) {
  SymbolTable table(3);
  const auto btc = table.intern("BTC-USD");
  ASSERT_TRUE(btc.ok());
  EXPECT_EQ(*table.intern("BTC-USD"), *btc);
  const auto eth = table.intern("eth_usdt");
  EXPECT_NE(*eth, *btc);
  EXPECT_EQ(table.text(*eth), "eth_usdt");
  EXPECT_EQ(table.find("eth_usdt"), *eth);
  EXPECT_FALSE(table.find("ETH_USDT").has_value());
  EXPECT_TRUE(table.intern("TRX_USDT").ok());
  EXPECT_EQ(table.intern("XRP_USDT").error(), Error::capacity_exhausted);
  EXPECT_EQ(table.intern(std::string(40, 'x')).error(), Error::capacity_exhausted);
  testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) (void)table.find("BTC-USD");
  EXPECT_EQ(scope.allocations(), 0u);
}

TEST(Enums, NamesAreTheContractTexts) {
  EXPECT_EQ(to_string(OrderState::new_), "new");
  EXPECT_EQ(to_string(OrderState::pending_trigger), "pending_trigger");
  EXPECT_EQ(to_string(Venue::cryptomus), "cryptomus");
  EXPECT_EQ(venue_from_string("gct"), Venue::gct);
  EXPECT_FALSE(venue_from_string("binance").has_value());
  EXPECT_TRUE(is_terminal(OrderState::cancelled));
  EXPECT_FALSE(is_terminal(OrderState::pending_cancel));
}

TEST(Clock, MonotonicAndCalibrated) {
  const Clock clock = Clock::calibrate(5);
  std::uint64_t previous = clock.now_ns();
  for (int i = 0; i < 10'000; ++i) {
    const std::uint64_t now = clock.now_ns();
    ASSERT_GE(now, previous);
    previous = now;
  }
  // The calibrated clock and CLOCK_MONOTONIC agree to well within a millisecond per second.
  const std::uint64_t a0 = clock.now_ns(), m0 = monotonic_ns();
  const timespec pause{0, 50'000'000};
  nanosleep(&pause, nullptr);
  const std::uint64_t a1 = clock.now_ns(), m1 = monotonic_ns();
  const auto drift = static_cast<std::int64_t>(a1 - a0) - static_cast<std::int64_t>(m1 - m0);
  EXPECT_LT(drift < 0 ? -drift : drift, 1'000'000) << (clock.uses_tsc() ? "tsc" : "monotonic");
  EXPECT_GT(wall_clock_ms(), 1'600'000'000'000ULL);
}

}  // namespace
}  // namespace oex
