#include "oex/oms/state_machine.hpp"

namespace oex::oms {

Transition transition(OrderState current, OrderState reported, bool accepted) noexcept {
  if (is_terminal(current)) return {current, TransitionKind::unchanged};  // first terminal report wins
  if (reported == OrderState::unknown || reported == current) return {current, TransitionKind::unchanged};
  if (reported == OrderState::rejected) {
    if (accepted || (current != OrderState::pending_new && current != OrderState::unknown)) {
      return {current, TransitionKind::illegal};
    }
    return {reported, TransitionKind::moved};
  }
  if (current == OrderState::unknown) return {reported, TransitionKind::moved};
  if (reported == OrderState::pending_new) return {current, TransitionKind::unchanged};
  if (progress_rank(reported) > progress_rank(current)) return {reported, TransitionKind::moved};
  return {current, TransitionKind::unchanged};
}

bool is_legal_move(OrderState from, OrderState to) noexcept {
  if (from == to) return true;
  if (is_terminal(from)) return false;
  if (to == OrderState::unknown || from == OrderState::unknown) return true;
  if (from == OrderState::pending_cancel && (to == OrderState::new_ || to == OrderState::partially_filled)) {
    return true;  // the cancel was rejected
  }
  if (to == OrderState::rejected) return from == OrderState::pending_new;
  return progress_rank(to) > progress_rank(from);
}

}  // namespace oex::oms
