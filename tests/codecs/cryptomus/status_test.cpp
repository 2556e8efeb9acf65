#include "oex/codecs/cryptomus/status.hpp"

#include <gtest/gtest.h>

#include "cryptomus_test_support.hpp"

namespace oex::codecs::cryptomus {
namespace {

struct Expected {
  const char* type;
  const char* state;           // "" when not sent
  const char* internal_state;  // "" when not sent
  const char* filled;
  OrderState normalized;
  const char* venue_status;
};

std::string order_message(const Expected& e) {
  std::string info = R"({"id":"o1","symbol":"TRX_USDT","quantity":"50","filledQuantity":")" + std::string(e.filled) + '"';
  if (*e.state) info += R"(,"state":")" + std::string(e.state) + '"';
  if (*e.internal_state) info += R"(,"internalState":")" + std::string(e.internal_state) + '"';
  return R"({"id":"1","method":"order_update","data":{"type":")" + std::string(e.type) + R"(","info":)" + info +
         "}},\"error\":null}";
}

class CryptomusStatus : public ::testing::TestWithParam<Expected> {};

// One case per documented type and state, plus the refinements the header names.
INSTANTIATE_TEST_SUITE_P(
    EveryDocumentedTypeAndState, CryptomusStatus,
    ::testing::Values(Expected{"created", "", "", "0", OrderState::new_, "created"},
                      Expected{"updated", "", "", "20", OrderState::partially_filled, "updated"},
                      Expected{"updated", "", "", "0", OrderState::new_, "updated"},
                      Expected{"finished", "completed", "", "50", OrderState::filled, "completed"},
                      Expected{"finished", "completed", "filled", "50", OrderState::filled, "filled"},
                      Expected{"finished", "", "", "50", OrderState::unknown, "finished"},
                      Expected{"finished", "cancelled", "cancelled", "0", OrderState::cancelled, "cancelled"},
                      Expected{"finished", "cancelled", "partially_filled", "20", OrderState::cancelled, "partially_filled"},
                      Expected{"finished", "", "partially_filled", "20", OrderState::unknown, "partially_filled"},
                      Expected{"finished", "expired", "canceled", "0", OrderState::unknown, "canceled"}),
    [](const auto& info) {
      return std::string(info.param.type) + "_" + (*info.param.state ? info.param.state : "none") + "_" +
             (*info.param.internal_state ? info.param.internal_state : "none") + "_filled_" + info.param.filled;
    });

TEST_P(CryptomusStatus, MapsThroughTheDecoder) {
  WsDecoder decoder;
  const std::string text = order_message(GetParam());
  std::optional<OrderUpdate> order;
  ASSERT_EQ(decoder.decode(text,
                           [&](const auto& e) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(e)>, OrderUpdate>) order = e;
                           }),
            CodecError::ok);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->state, GetParam().normalized);
  EXPECT_EQ(order->venue_status, GetParam().venue_status);
}

TEST(CryptomusStatusTable, EveryRowMaps) {
  EXPECT_EQ(order_state_from_status("created"), OrderState::new_);
  EXPECT_EQ(order_state_from_status("updated"), OrderState::partially_filled);
  EXPECT_EQ(order_state_from_status("completed"), OrderState::filled);
  EXPECT_EQ(order_state_from_status("filled"), OrderState::filled);
  EXPECT_EQ(order_state_from_status("cancelled"), OrderState::cancelled);
  EXPECT_EQ(kOrderStatuses.size(), 6u);
  EXPECT_EQ(order_state_from_status("finished"), OrderState::unknown);
  EXPECT_EQ(order_state_from_status("Filled"), OrderState::unknown);
}

TEST(CryptomusErrorCodes, BothDocumentedCodesHaveTheirMeaning) {
  EXPECT_EQ(error_code_meaning("1"), "invalid message format");
  EXPECT_EQ(error_code_meaning("2"), "other errors");
  EXPECT_EQ(error_code_meaning("3"), "");
}

}  // namespace
}  // namespace oex::codecs::cryptomus
