#pragma once
// The one normalized order state machine. Venue statuses reach it already mapped to OrderState by
// each codec's table; this decides which reported state an order may move to from where it is.
//
// Order of progress (a venue update never moves an order to a lower rank):
//   pending_new / unknown  <  pending_trigger  <  new  <  partially_filled  <  pending_cancel  <  terminal
// Terminal states (filled, cancelled, rejected, expired) never change again; late fills after a
// cancel are still booked but leave the state alone. `unknown` (after a disconnect) accepts any
// answer. `rejected` is legal only for an order the venue never accepted: a `rejected` reported
// for an accepted order is illegal, and the core reads it as a failed amend (BTSE status 15 in
// notificationApiV3) when one is in flight.
#include <cstdint>

#include "oex/core/enums.hpp"

namespace oex::oms {

[[nodiscard]] constexpr int progress_rank(OrderState s) noexcept {
  switch (s) {
    case OrderState::pending_new:
    case OrderState::unknown: return 0;
    case OrderState::pending_trigger: return 1;
    case OrderState::new_: return 2;
    case OrderState::partially_filled: return 3;
    case OrderState::pending_cancel: return 4;
    case OrderState::filled:
    case OrderState::cancelled:
    case OrderState::rejected:
    case OrderState::expired: return 5;
  }
  return 0;
}

enum class TransitionKind : std::uint8_t {
  moved,      // the order takes the reported state
  unchanged,  // the report says nothing new (same state, or a stale, lower-ranked one)
  illegal,    // the report cannot apply to an order in this state
};

struct Transition {
  OrderState next;
  TransitionKind kind;
};

// `accepted`: the venue has acknowledged the order at some point (so `rejected` cannot apply).
[[nodiscard]] Transition transition(OrderState current, OrderState reported, bool accepted) noexcept;

// Every move the core can make, for venue reports and for its own requests and answers
// (pending_cancel goes back to new/partially_filled on a cancel reject, anything open goes to
// unknown on a disconnect).
[[nodiscard]] bool is_legal_move(OrderState from, OrderState to) noexcept;

}  // namespace oex::oms
