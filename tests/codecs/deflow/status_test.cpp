// One test per documented Deflow status code, the derivation from the volumes, and the
// undocumented codes read from the volumes.
#include <gtest/gtest.h>

#include "oex/codecs/deflow/status.hpp"

namespace oex::codecs::deflow {
namespace {

std::optional<Decimal> d(std::string_view s) { return *Decimal::parse(s); }

TEST(DeflowStatus, OneIsUnfilled) {
  EXPECT_EQ(order_state_from_status("1"), OrderState::new_);
  EXPECT_EQ(derive_order_state("1", d("0.996575"), d("0"), d("0.996575")), OrderState::new_);
}

TEST(DeflowStatus, TwoIsFullyFilled) {
  EXPECT_EQ(order_state_from_status("2"), OrderState::filled);
  EXPECT_EQ(derive_order_state("2", d("0.01"), d("0.01"), d("0")), OrderState::filled);
}

TEST(DeflowStatus, TheTableHoldsExactlyTheDocumentedCodes) {
  ASSERT_EQ(kStatusTable.size(), 2u);
  EXPECT_EQ(kStatusTable[0].status_msg, "未成交");
  EXPECT_EQ(kStatusTable[1].status_msg, "完全成交");
}

TEST(DeflowStatus, AnOpenOrderWithDealtVolumeIsPartiallyFilled) {
  EXPECT_EQ(derive_order_state("1", d("1"), d("0.4"), d("0.6")), OrderState::partially_filled);
  EXPECT_EQ(derive_order_state("1", d("1"), d("1"), d("0")), OrderState::filled);
  EXPECT_EQ(derive_order_state("1", std::nullopt, std::nullopt, std::nullopt), OrderState::new_);
}

TEST(DeflowStatus, FullyFilledWithVolumeLeftIsAContradictionSurfacedAsUnknown) {
  EXPECT_EQ(derive_order_state("2", d("1"), d("0.4"), d("0.6")), OrderState::unknown);
  EXPECT_EQ(derive_order_state("2", std::nullopt, std::nullopt, std::nullopt), OrderState::filled);
}

TEST(DeflowStatus, UndocumentedCodesAreReadFromTheVolumes) {
  for (const std::string_view code : {"0", "3", "4", "5", "-1", "", "02"}) {
    EXPECT_EQ(order_state_from_status(code), OrderState::unknown) << code;
    // Still standing: listed among the open orders, or volume remaining.
    EXPECT_EQ(derive_order_state(code, d("1"), d("0"), d("0"), true), OrderState::new_) << code;
    EXPECT_EQ(derive_order_state(code, d("1"), d("0.4"), d("0.6")), OrderState::partially_filled) << code;
    EXPECT_EQ(derive_order_state(code, d("1"), d("0"), d("1")), OrderState::new_) << code;
    // Ended: nothing remaining, filled only if the whole volume dealt.
    EXPECT_EQ(derive_order_state(code, d("1"), d("1"), d("0")), OrderState::filled) << code;
    EXPECT_EQ(derive_order_state(code, d("1"), d("0.4"), d("0")), OrderState::cancelled) << code;
    EXPECT_EQ(derive_order_state(code, d("1"), d("0"), d("0")), OrderState::cancelled) << code;
    // Nothing to read it from.
    EXPECT_EQ(derive_order_state(code, d("1"), d("0.4"), std::nullopt), OrderState::unknown) << code;
  }
}

}  // namespace
}  // namespace oex::codecs::deflow
