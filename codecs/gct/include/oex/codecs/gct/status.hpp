#pragma once
// GCT order status strings (the `status` field of queryOrderById, openOrders, order/current,
// queryMyEntrust and queryMyHisEntrust) mapped onto the normalized order states. The document
// names exactly four; anything else is `unknown` and the caller keeps the raw text.
#include <array>
#include <string_view>

#include "oex/core/enums.hpp"

namespace oex::codecs::gct {

struct StatusMapping {
  std::string_view status;
  OrderState state;
};

inline constexpr std::array<StatusMapping, 4> kStatusTable = {{
    {"NO-TRADE", OrderState::new_},                  // unfilled
    {"SOME-TRADE", OrderState::partially_filled},    // partial transaction
    {"COMPLE-TRADE", OrderState::filled},            // transaction complete
    {"WITHDRAWN", OrderState::cancelled},            // cancelled (keeps what was filled)
}};

[[nodiscard]] constexpr OrderState order_state_from_status(std::string_view status) noexcept {
  for (const StatusMapping& m : kStatusTable) {
    if (m.status == status) return m.state;
  }
  return OrderState::unknown;
}

}  // namespace oex::codecs::gct
