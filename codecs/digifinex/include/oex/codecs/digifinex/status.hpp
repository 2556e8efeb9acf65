#pragma once
// DigiFinex `order.update` status codes (digifinex-ws-v1.md, Order推送) onto the normalized
// states. Every documented code is in the table; anything else is `unknown` and the caller keeps
// the raw text in OrderUpdate::venue_status.
#include <array>
#include <string_view>

#include "oex/codecs/text_equal.hpp"
#include "oex/core/enums.hpp"

namespace oex::codecs::digifinex {

struct StatusMapping {
  std::string_view code;
  OrderState state;
  std::string_view meaning;  // the document's words, translated
};

inline constexpr std::array<StatusMapping, 5> kOrderStatuses = {{
    {"0", OrderState::new_, "unfilled"},
    {"1", OrderState::partially_filled, "partially filled"},
    {"2", OrderState::filled, "fully filled"},
    {"3", OrderState::cancelled, "cancelled, unfilled"},
    {"4", OrderState::cancelled, "cancelled, partially filled"},
}};

[[nodiscard]] constexpr OrderState order_state_from_status(std::string_view code) noexcept {
  for (const StatusMapping& m : kOrderStatuses) {
    if (text_equal(m.code, code)) return m.state;
  }
  return OrderState::unknown;
}

}  // namespace oex::codecs::digifinex
