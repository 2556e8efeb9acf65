#pragma once
// Latencies in nanoseconds, counted in fixed log-linear buckets: 16 sub-buckets per power of two,
// so any recorded value is reported within 1/16 (6.25%) of itself, from 1 ns to 2^64 ns. The
// storage is inside the object; recording is a few instructions and never allocates.
#include <array>
#include <bit>
#include <cstdint>

namespace oex {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 4;
  static constexpr std::uint64_t kSubBuckets = 1u << kSubBits;
  static constexpr std::size_t kBuckets = (64 - kSubBits + 1) * kSubBuckets;

  void record(std::uint64_t ns) noexcept {
    ++counts_[index_of(ns)];
    ++total_;
    if (ns > max_) max_ = ns;
    if (ns < min_) min_ = ns;
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
  [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
  [[nodiscard]] std::uint64_t min() const noexcept { return total_ == 0 ? 0 : min_; }

  // The smallest bucket bound at or above `permille`/1000 of the values (p50 = 500, p99.9 = 999),
  // never above the largest value recorded; 0 when empty.
  [[nodiscard]] std::uint64_t percentile_permille(unsigned permille) const noexcept {
    if (total_ == 0) return 0;
    const std::uint64_t rank = (total_ * permille + 999) / 1000;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= (rank == 0 ? 1 : rank)) {
        const std::uint64_t upper = upper_bound_of(i);
        return upper < max_ ? upper : max_;
      }
    }
    return max_;
  }

  void merge(const LatencyHistogram& other) noexcept {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_ > max_) max_ = other.max_;
    if (other.min_ < min_) min_ = other.min_;
  }
  void reset() noexcept { *this = LatencyHistogram(); }

  // Bucket i holds values in [lower_bound_of(i), upper_bound_of(i)].
  [[nodiscard]] static constexpr std::size_t index_of(std::uint64_t v) noexcept {
    if (v < kSubBuckets) return static_cast<std::size_t>(v);
    const int magnitude = 63 - std::countl_zero(v);  // >= kSubBits
    const int shift = magnitude - kSubBits;
    const std::uint64_t sub = (v >> shift) - kSubBuckets;  // 0..kSubBuckets-1
    return static_cast<std::size_t>((static_cast<std::uint64_t>(shift) + 1) * kSubBuckets + sub);
  }
  [[nodiscard]] static constexpr std::uint64_t lower_bound_of(std::size_t i) noexcept {
    if (i < kSubBuckets) return i;
    const std::uint64_t shift = i / kSubBuckets - 1;
    return (kSubBuckets + i % kSubBuckets) << shift;
  }
  [[nodiscard]] static constexpr std::uint64_t upper_bound_of(std::size_t i) noexcept {
    return i + 1 < kBuckets ? lower_bound_of(i + 1) - 1 : UINT64_MAX;
  }
  [[nodiscard]] std::uint64_t bucket_count(std::size_t i) const noexcept { return counts_[i]; }

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t total_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
};

}  // namespace oex
