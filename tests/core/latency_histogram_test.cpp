#include "oex/core/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "allocation_counter.hpp"

namespace oex {
namespace {

TEST(LatencyHistogram, BucketsCoverEveryValueWithinOneSixteenth) {
  for (std::uint64_t v : std::initializer_list<std::uint64_t>{0, 1, 15, 16, 17, 31, 32, 1000, 123456789, 1ULL << 40,
                          UINT64_MAX / 3, UINT64_MAX}) {
    const std::size_t i = LatencyHistogram::index_of(v);
    ASSERT_LT(i, LatencyHistogram::kBuckets) << v;
    EXPECT_LE(LatencyHistogram::lower_bound_of(i), v) << v;
    EXPECT_GE(LatencyHistogram::upper_bound_of(i), v) << v;
    const std::uint64_t width = LatencyHistogram::upper_bound_of(i) - LatencyHistogram::lower_bound_of(i);
    EXPECT_LE(width, std::max<std::uint64_t>(v / 16, 1)) << v;
  }
}

TEST(LatencyHistogram, PercentilesMatchTheSortedValuesWithinTheBucketWidth) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(8.0, 1.0);  // test data only: ~3 us median
  std::vector<std::uint64_t> values(100'000);
  LatencyHistogram h;
  for (auto& v : values) {
    v = static_cast<std::uint64_t>(dist(rng));
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (unsigned permille : {500u, 900u, 990u, 999u}) {
    const std::uint64_t exact = values[(values.size() * permille + 999) / 1000 - 1];
    const std::uint64_t reported = h.percentile_permille(permille);
    EXPECT_GE(reported, exact) << permille;
    EXPECT_LE(reported, exact + exact / 16 + 1) << permille;
  }
  EXPECT_EQ(h.percentile_permille(1000), values.back());
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.count(), values.size());
}

TEST(LatencyHistogram, MergesAndRecordsWithoutAllocating) {
  LatencyHistogram a, b;
  testing::AllocationScope scope;
  for (std::uint64_t i = 1; i <= 1000; ++i) (i % 2 ? a : b).record(i);
  a.merge(b);
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(a.count(), 1000u);
  EXPECT_EQ(a.max(), 1000u);
  EXPECT_EQ(LatencyHistogram().percentile_permille(500), 0u);
}

}  // namespace
}  // namespace oex
