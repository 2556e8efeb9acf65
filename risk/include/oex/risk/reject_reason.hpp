#pragma once
// Why pre-trade risk refused an order or an amend: stable snake_case names for logs and tests.
#include <cstdint>
#include <string_view>

namespace oex::risk {

enum class RejectReason : std::uint8_t {
  none = 0,                   // passed every check
  kill_switch,                // the kill switch is on and the order adds risk
  invalid_order,              // zero or negative quantity, a limit order without a price
  duplicate_client_order_id,  // an order on this venue already carries this client order id
  max_order_qty,
  max_order_notional,
  no_reference_price,         // a check needs a market price and none has been seen
  price_collar,               // the limit price is too far from the reference price
  max_open_orders_instrument,
  max_open_orders_venue,
  position_limit,             // the position if every open order on this side filled
  self_trade,                 // would cross one of our own resting orders
  throttled,                  // the venue's order-rate budget is spent for now
  unknown_order,              // an amend of an order the core does not hold open
};

[[nodiscard]] constexpr std::string_view reject_name(RejectReason r) noexcept {
  switch (r) {
    case RejectReason::none: return "none";
    case RejectReason::kill_switch: return "kill_switch";
    case RejectReason::invalid_order: return "invalid_order";
    case RejectReason::duplicate_client_order_id: return "duplicate_client_order_id";
    case RejectReason::max_order_qty: return "max_order_qty";
    case RejectReason::max_order_notional: return "max_order_notional";
    case RejectReason::no_reference_price: return "no_reference_price";
    case RejectReason::price_collar: return "price_collar";
    case RejectReason::max_open_orders_instrument: return "max_open_orders_instrument";
    case RejectReason::max_open_orders_venue: return "max_open_orders_venue";
    case RejectReason::position_limit: return "position_limit";
    case RejectReason::self_trade: return "self_trade";
    case RejectReason::throttled: return "throttled";
    case RejectReason::unknown_order: return "unknown_order";
  }
  return "unknown_reason";
}

}  // namespace oex::risk
