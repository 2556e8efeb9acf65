#pragma once
// The simulator's ground-truth log (oex-sim --ground-truth FILE: one JSON line per order event and
// per fill booked for the client) read back, and compared with what the engine's order core
// believes: the check behind the demo's table and the end-to-end tests.
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/oms/order_manager.hpp"

namespace oex::tools {

struct TruthOrder {
  Venue venue{};
  std::string order_id;
  std::string client_order_id;
  bool buy = true;
  std::string state;  // the last event: new, amended, filled or cancelled
  Decimal qty;
  Decimal filled_qty;  // the sum of its fills
  std::size_t fills = 0;
};

struct GroundTruth {
  std::map<std::pair<Venue, std::string>, TruthOrder> orders;  // by venue and venue order id
  std::size_t fills = 0;
  [[nodiscard]] Decimal net_position(Venue venue) const;  // bought minus sold, every symbol
};

[[nodiscard]] absl::StatusOr<GroundTruth> read_ground_truth(const std::string& path);

// The engine's state of an order as the simulator would name it: open, filled, cancelled, or
// the engine's own state name when it has none (pending_new, unknown, ...: not settled).
[[nodiscard]] std::string truth_state(OrderState state);

struct Comparison {
  std::size_t orders = 0;   // orders of ours the simulator booked, on the venues compared
  std::size_t matched = 0;  // same state and the same filled quantity in the engine
  std::vector<std::string> differences;  // one readable line each
  [[nodiscard]] bool ok() const noexcept { return differences.empty(); }
};

// Every order of ours the simulator booked on `venues` must be in the engine with the same final
// state and filled quantity, every order the engine placed and the venue acknowledged must be
// in the simulator's log, and each venue's net position must agree.
[[nodiscard]] Comparison compare(const GroundTruth& truth, const oms::OrderManager& orders, std::span<const Venue> venues);

// Writes every order of the core as oex-replay's `final` lines (ARCHITECTURE.md), in the order
// the core first saw them: what a replay of the same traffic must end with.
[[nodiscard]] bool write_final_lines(const oms::OrderManager& orders, const std::string& path);

}  // namespace oex::tools
