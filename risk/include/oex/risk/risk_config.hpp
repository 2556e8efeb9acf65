#pragma once
// Risk limits, loaded once at start-up from a JSON file. Decimal limits are JSON strings
// ("max_order_qty": "2.5") so they are read exactly; counts are integers. Every error names the
// key it is about. Example:
//
// {
//   "defaults": {"max_order_qty": "10", "max_order_notional": "100000", "price_collar": "0.05",
//                "max_open_orders": 50, "max_position": "100", "reject_without_reference_price": true},
//   "venues": {"btse": {"max_open_orders": 200, "orders_per_second": 75, "burst": 75}},
//   "instruments": [{"venue": "btse", "symbol": "BTC-USDT", "max_order_qty": "2"}],
//   "btse_dead_man": {"timeout_ms": 10000, "renew_every_ms": 3000}
// }
//
// Omitted keys keep the defaults below; an instrument entry starts from "defaults". Unknown keys
// are errors, so a misspelt limit is never silently ignored.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"

namespace oex::risk {

struct InstrumentLimits {
  Decimal max_order_qty = Decimal::from_int(1'000'000);
  Decimal max_order_notional = Decimal::from_int(1'000'000'000);
  Decimal price_collar = Decimal::from_int(1);  // fraction of the reference price ("0.05" = 5 %)
  std::uint32_t max_open_orders = 100;
  Decimal max_position = Decimal::from_int(1'000'000);
  bool reject_without_reference_price = true;
};

struct VenueLimits {
  std::uint32_t max_open_orders = 1000;
  std::uint32_t orders_per_second = 10;  // venues whose documents state no limit
  std::uint32_t burst = 10;
};

struct InstrumentEntry {
  Venue venue{};
  std::string symbol;
  InstrumentLimits limits;
};

struct DeadManConfig {
  std::uint32_t timeout_ms = 10'000;     // BTSE cancelAllAfter timeout
  std::uint32_t renew_every_ms = 3'000;  // renewed this often while the engine is healthy
};

struct RiskConfig {
  InstrumentLimits defaults;
  std::array<VenueLimits, kAllVenues.size()> venues = default_venue_limits();
  std::vector<InstrumentEntry> instruments;
  DeadManConfig btse_dead_man;
  // Limit orders are first checked on integer images of the limits (see RiskGate); anything that
  // image cannot pass takes the exact Decimal path. false: every order takes the exact path (the
  // reference the integer path is tested against; not read from the file).
  bool integer_fast_path = true;

  // The documents' order limits: BTSE 75 per second per key, GCT 30 per second.
  static std::array<VenueLimits, kAllVenues.size()> default_venue_limits() {
    std::array<VenueLimits, kAllVenues.size()> v{};
    v[static_cast<std::size_t>(Venue::btse)] = {1000, 75, 75};
    v[static_cast<std::size_t>(Venue::gct)] = {1000, 30, 30};
    return v;
  }
};

[[nodiscard]] absl::StatusOr<RiskConfig> parse_risk_config(std::string_view json);
[[nodiscard]] absl::StatusOr<RiskConfig> load_risk_config(const std::string& path);

}  // namespace oex::risk
