#pragma once
// Deflow order status numbers. The document shows only two, by example: 1 with status_msg
// 未成交 (unfilled) and 2 with 完全成交 (fully filled). The table maps those.
//
// The code alone is ambiguous where the volumes say more: an open order (1) that has dealt
// part of its volume is partially filled. derive_order_state() reads volume / deal_volume /
// remain_volume for that, and surfaces a contradiction (2 "fully filled" with volume left) as
// unknown rather than choosing a side. A code the document does not show (the venue has more:
// partly filled, cancelled) is read from what the volumes and the answer say: an order in the
// open-orders list, or with volume remaining, still stands; one with nothing remaining has
// ended, filled if it dealt its whole volume and cancelled otherwise. Without volumes it is
// unknown, with the raw code kept.
#include <array>
#include <optional>
#include <string_view>

#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"

namespace oex::codecs::deflow {

struct StatusMapping {
  std::string_view status;
  OrderState state;
  std::string_view status_msg;  // as the document's examples print it
};

inline constexpr std::array<StatusMapping, 2> kStatusTable = {{
    {"1", OrderState::new_, "未成交"},
    {"2", OrderState::filled, "完全成交"},
}};

[[nodiscard]] constexpr OrderState order_state_from_status(std::string_view status) noexcept {
  for (const StatusMapping& m : kStatusTable) {
    if (m.status == status) return m.state;
  }
  return OrderState::unknown;
}

// The state from the code and the volumes the order carries (each absent when not sent);
// `listed_open`: the order came in the open-orders list.
[[nodiscard]] inline OrderState derive_order_state(std::string_view status, const std::optional<Decimal>& volume,
                                                   const std::optional<Decimal>& deal_volume,
                                                   const std::optional<Decimal>& remain_volume,
                                                   bool listed_open = false) noexcept {
  const OrderState coded = order_state_from_status(status);
  const bool dealt_some = deal_volume && !deal_volume->is_zero() && !deal_volume->is_negative();
  const bool dealt_all = (deal_volume && volume && *deal_volume >= *volume) || (remain_volume && remain_volume->is_zero() && dealt_some);
  const bool volume_left = (remain_volume && !remain_volume->is_zero()) || (deal_volume && volume && *deal_volume < *volume);
  if (coded == OrderState::new_) {
    if (dealt_all) return OrderState::filled;
    return dealt_some ? OrderState::partially_filled : OrderState::new_;
  }
  if (coded == OrderState::filled) return volume_left ? OrderState::unknown : OrderState::filled;
  if (listed_open || (remain_volume && !remain_volume->is_zero())) {
    return dealt_some ? OrderState::partially_filled : OrderState::new_;
  }
  if (remain_volume) {
    const bool dealt_whole_volume = deal_volume && volume && *deal_volume >= *volume;
    return dealt_whole_volume ? OrderState::filled : OrderState::cancelled;
  }
  return OrderState::unknown;
}

}  // namespace oex::codecs::deflow
