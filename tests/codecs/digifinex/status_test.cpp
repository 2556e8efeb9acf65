#include "oex/codecs/digifinex/status.hpp"

#include <gtest/gtest.h>

#include "digifinex_test_support.hpp"

namespace oex::codecs::digifinex {
namespace {

struct Expected {
  const char* code;
  OrderState state;
};

class DigifinexStatus : public ::testing::TestWithParam<Expected> {};

// 0 unfilled, 1 partially filled, 2 fully filled, 3 cancelled unfilled, 4 cancelled partially filled.
INSTANTIATE_TEST_SUITE_P(EveryDocumentedCode, DigifinexStatus,
                         ::testing::Values(Expected{"0", OrderState::new_}, Expected{"1", OrderState::partially_filled},
                                           Expected{"2", OrderState::filled}, Expected{"3", OrderState::cancelled},
                                           Expected{"4", OrderState::cancelled}),
                         [](const auto& info) { return std::string("code_") + info.param.code; });

TEST_P(DigifinexStatus, MapsThroughTheTableAndThroughTheDecoder) {
  EXPECT_EQ(order_state_from_status(GetParam().code), GetParam().state);
  WsDecoder decoder;
  const std::string text = std::string(R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":)") +
                           GetParam().code + "}],\"id\":null}";
  std::optional<OrderUpdate> order;
  ASSERT_EQ(decoder.decode(text,
                           [&](const auto& e) {
                             if constexpr (std::is_same_v<std::decay_t<decltype(e)>, OrderUpdate>) order = e;
                           }),
            CodecError::ok);
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->state, GetParam().state);
  EXPECT_EQ(order->venue_status, GetParam().code);
}

TEST(DigifinexStatusTable, NamesEveryDocumentedCodeOnce) {
  ASSERT_EQ(kOrderStatuses.size(), 5u);
  for (std::size_t i = 0; i < kOrderStatuses.size(); ++i) {
    EXPECT_EQ(kOrderStatuses[i].code, std::string(1, static_cast<char>('0' + i)));
  }
}

TEST(DigifinexStatusTable, AnUndocumentedCodeIsUnknownAndKeptRaw) {
  EXPECT_EQ(order_state_from_status("5"), OrderState::unknown);
  EXPECT_EQ(order_state_from_status(""), OrderState::unknown);
  EXPECT_EQ(order_state_from_status("-1"), OrderState::unknown);
  WsDecoder decoder;
  const auto d = test::decode_all(decoder, R"({"method":"order.update","params":[{"id":"x","symbol":"BTC_USDT","status":"17"}]})");
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_NE(d.events[0].find(R"("state":"unknown")"), std::string::npos);
  EXPECT_NE(d.events[0].find(R"("venue_status":"17")"), std::string::npos);
}

TEST(DigifinexStatusTable, AlgoOrderStatusIsUndocumentedSoUnknownWithTheRawCode) {
  WsDecoder decoder;
  const auto d = test::decode_all(decoder, test::read_file(test::fixture_dir() / "order_algo_update.json"));
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_NE(d.events[0].find(R"("state":"unknown")"), std::string::npos);
  EXPECT_NE(d.events[0].find(R"("venue_status":"0")"), std::string::npos);
  EXPECT_NE(d.events[0].find(R"("type":"trigger")"), std::string::npos);
}

}  // namespace
}  // namespace oex::codecs::digifinex
