#pragma once
// Failures of the order-management core, each with a stable snake_case name.
#include <cstdint>
#include <string_view>

namespace oex::oms {

enum class OmsError : std::uint8_t {
  ok = 0,
  capacity_exhausted,    // every order slot holds a live order, or an index/table is full
  duplicate_client_id,   // an order on this venue already has this client order id
  missing_client_id,     // a new order without a client order id
  venue_id_in_use,       // the venue order id already names another order (seen before its ack)
  unknown_order,         // no order with this handle or id
  id_too_long,           // an id or symbol does not fit its inline storage
  missing_symbol,        // an event about an order nobody knows, without the symbol to track it
  missing_side,          // an event about an order nobody knows, without the side to book it
  not_open,              // cancel or amend of an order that is already terminal
  amend_in_flight,       // a second amend before the first was answered
  arithmetic_overflow,   // a quantity or notional does not fit a Decimal
};

[[nodiscard]] constexpr std::string_view error_name(OmsError e) noexcept {
  switch (e) {
    case OmsError::ok: return "ok";
    case OmsError::capacity_exhausted: return "capacity_exhausted";
    case OmsError::duplicate_client_id: return "duplicate_client_id";
    case OmsError::missing_client_id: return "missing_client_id";
    case OmsError::venue_id_in_use: return "venue_id_in_use";
    case OmsError::unknown_order: return "unknown_order";
    case OmsError::id_too_long: return "id_too_long";
    case OmsError::missing_symbol: return "missing_symbol";
    case OmsError::missing_side: return "missing_side";
    case OmsError::not_open: return "not_open";
    case OmsError::amend_in_flight: return "amend_in_flight";
    case OmsError::arithmetic_overflow: return "arithmetic_overflow";
  }
  return "unknown_error";
}

}  // namespace oex::oms
