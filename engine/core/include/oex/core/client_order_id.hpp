#pragma once
// Client order ids that stay unique across restarts of the engine, not only within a run, and
// that every venue accepts: decimal digits only (BTSE also types clOrderID as a Long), at most
// 18 of them, no leading zero.
//
// id = max(previous + 1, microseconds since 2020-01-01) * 100 + instance.
// A restart begins at the wall clock, which has moved past every id the previous run issued as
// long as that run issued no more than one id per microsecond on average; `instance` (0-99)
// separates engines that share an account.
#include <cstdint>

#include "oex/core/inline_string.hpp"
#include "oex/core/result.hpp"

namespace oex {

class ClientOrderIdGenerator {
 public:
  static constexpr std::uint64_t kEpochUnixMicros = 1'577'836'800'000'000ULL;  // 2020-01-01T00:00:00Z
  static constexpr unsigned kMaxInstances = 100;

  [[nodiscard]] static Result<ClientOrderIdGenerator> create(unsigned instance) noexcept;

  // The next id, given the wall clock in microseconds since the Unix epoch.
  [[nodiscard]] ClientOrderId next(std::uint64_t unix_micros) noexcept;
  // The next id, reading the wall clock.
  [[nodiscard]] ClientOrderId next() noexcept;

  ClientOrderIdGenerator() noexcept = default;

 private:
  explicit ClientOrderIdGenerator(unsigned instance) noexcept : instance_(instance) {}
  unsigned instance_ = 0;
  std::uint64_t last_ = 0;
};

}  // namespace oex
