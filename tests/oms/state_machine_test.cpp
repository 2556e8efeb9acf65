#include "oex/oms/state_machine.hpp"

#include <gtest/gtest.h>

namespace oex::oms {
namespace {

constexpr OrderState kAll[] = {OrderState::pending_new, OrderState::new_,      OrderState::partially_filled,
                               OrderState::filled,      OrderState::pending_cancel, OrderState::cancelled,
                               OrderState::rejected,    OrderState::expired,   OrderState::pending_trigger,
                               OrderState::unknown};

TEST(StateMachine, TerminalStatesNeverMove) {
  for (OrderState from : kAll) {
    if (!is_terminal(from)) continue;
    for (OrderState reported : kAll) {
      const Transition t = transition(from, reported, true);
      EXPECT_EQ(t.next, from) << to_string(from) << " <- " << to_string(reported);
      EXPECT_NE(t.kind, TransitionKind::moved);
    }
  }
}

TEST(StateMachine, EveryMoveIsLegalAndNeverBackwardsOutsideUnknown) {
  for (OrderState from : kAll) {
    for (OrderState reported : kAll) {
      for (bool accepted : {false, true}) {
        const Transition t = transition(from, reported, accepted);
        EXPECT_TRUE(is_legal_move(from, t.next)) << to_string(from) << " -> " << to_string(t.next);
        if (t.kind == TransitionKind::moved && from != OrderState::unknown) {
          EXPECT_GT(progress_rank(t.next), progress_rank(from)) << to_string(from) << " -> " << to_string(t.next);
        }
      }
    }
  }
}

TEST(StateMachine, RejectedOnlyBeforeTheVenueAccepted) {
  EXPECT_EQ(transition(OrderState::pending_new, OrderState::rejected, false).next, OrderState::rejected);
  EXPECT_EQ(transition(OrderState::new_, OrderState::rejected, true).kind, TransitionKind::illegal);
  EXPECT_EQ(transition(OrderState::partially_filled, OrderState::rejected, true).next, OrderState::partially_filled);
}

TEST(StateMachine, StaleReportsLeaveTheOrderWhereItIs) {
  EXPECT_EQ(transition(OrderState::partially_filled, OrderState::new_, true).kind, TransitionKind::unchanged);
  EXPECT_EQ(transition(OrderState::pending_cancel, OrderState::partially_filled, true).next, OrderState::pending_cancel);
  EXPECT_EQ(transition(OrderState::new_, OrderState::pending_new, true).next, OrderState::new_);
}

TEST(StateMachine, UnknownAcceptsTheVenuesAnswer) {
  for (OrderState reported : kAll) {
    if (reported == OrderState::unknown) continue;
    EXPECT_EQ(transition(OrderState::unknown, reported, false).next, reported) << to_string(reported);
  }
}

TEST(StateMachine, CancelRejectMayReturnPendingCancelToOpen) {
  EXPECT_TRUE(is_legal_move(OrderState::pending_cancel, OrderState::new_));
  EXPECT_TRUE(is_legal_move(OrderState::pending_cancel, OrderState::partially_filled));
  EXPECT_FALSE(is_legal_move(OrderState::partially_filled, OrderState::new_));
  EXPECT_FALSE(is_legal_move(OrderState::cancelled, OrderState::filled));
}

}  // namespace
}  // namespace oex::oms
