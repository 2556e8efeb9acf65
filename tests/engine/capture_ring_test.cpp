#include "oex/capture/capture_ring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "allocation_counter.hpp"

namespace oex::capture {
namespace {

Record message(std::uint64_t ts, std::string_view payload) {
  Record r;
  r.ts_ns = ts;
  r.venue = Venue::btse;
  r.payload = payload;
  return r;
}

TEST(CaptureRing, KeepsEveryFieldAndTheOrder) {
  CaptureRing ring(4096);
  Record http;
  http.ts_ns = 7;
  http.venue = Venue::gct;
  http.direction = Direction::out;
  http.channel = Channel::http;
  http.status = 200;
  http.request = "POST /v1/order/saveEntrust";
  http.payload = R"({"status":200})";
  ASSERT_TRUE(ring.record(http));
  ASSERT_TRUE(ring.record(message(8, "pong")));
  std::vector<Record> seen;
  std::vector<std::string> payloads;
  EXPECT_EQ(ring.drain([&](const Record& r) {
              seen.push_back(r);
              payloads.emplace_back(r.payload);
            }),
            2u);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].ts_ns, 7u);
  EXPECT_EQ(seen[0].venue, Venue::gct);
  EXPECT_EQ(seen[0].direction, Direction::out);
  EXPECT_EQ(seen[0].channel, Channel::http);
  EXPECT_EQ(seen[0].status, 200);
  EXPECT_EQ(payloads[0], R"({"status":200})");
  EXPECT_EQ(payloads[1], "pong");
  EXPECT_EQ(ring.drain([](const Record&) {}), 0u);
}

TEST(CaptureRing, AFullRingDropsAndCountsWithoutBlocking) {
  CaptureRing ring(4096);
  const std::string payload(1000, 'x');
  int accepted = 0;
  for (int i = 0; i < 10; ++i) accepted += ring.record(message(static_cast<std::uint64_t>(i), payload)) ? 1 : 0;
  EXPECT_EQ(accepted, 4);
  EXPECT_EQ(ring.dropped(), 6u);
  EXPECT_FALSE(ring.record(message(0, std::string(3000, 'y')))) << "larger than half the ring";
  EXPECT_EQ(ring.drain([](const Record&) {}), 4u);
  EXPECT_TRUE(ring.record(message(11, payload)));
}

TEST(CaptureRing, WrapsAroundTheEndIntact) {
  CaptureRing ring(4096);
  std::uint64_t expected = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const std::string payload(static_cast<std::size_t>(50 + (i * 37) % 700), static_cast<char>('a' + i % 26));
    ASSERT_TRUE(ring.record(message(i, payload)));
    ring.drain([&](const Record& r) {
      ASSERT_EQ(r.ts_ns, expected);
      ASSERT_EQ(r.payload.size(), 50 + (expected * 37) % 700);
      ASSERT_EQ(r.payload.front(), static_cast<char>('a' + expected % 26));
      ASSERT_EQ(r.payload.back(), static_cast<char>('a' + expected % 26));
      ++expected;
    });
  }
  EXPECT_EQ(expected, 1000u);
}

TEST(CaptureRing, RecordingAllocatesNothing) {
  CaptureRing ring(1 << 16);
  testing::AllocationScope scope;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    (void)ring.record(message(i, R"({"topic":"notificationApiV3"})"));
    if (i % 100 == 99) ring.drain([](const Record&) {});
  }
  EXPECT_EQ(scope.allocations(), 0u);
}

TEST(CaptureRing, OneProducerOneConsumerThread) {
  CaptureRing ring(1 << 14);
  constexpr std::uint64_t kCount = 200'000;
  std::thread producer([&] {
    char text[64];
    for (std::uint64_t i = 0; i < kCount; ++i) {
      const int n = std::snprintf(text, sizeof text, "message %llu", static_cast<unsigned long long>(i));
      while (!ring.record(message(i, std::string_view(text, static_cast<std::size_t>(n))))) {
      }
    }
  });
  std::uint64_t next = 0;
  while (next < kCount) {
    ring.drain([&](const Record& r) {
      ASSERT_EQ(r.ts_ns, next);
      ASSERT_EQ(r.payload, "message " + std::to_string(next));
      ++next;
    });
  }
  producer.join();
  EXPECT_EQ(ring.recorded(), kCount);
}

}  // namespace
}  // namespace oex::capture
