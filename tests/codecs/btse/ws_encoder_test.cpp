// The WebSocket client frames, byte for byte.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "oex/codecs/btse/ws_encoder.hpp"

namespace oex::codecs::btse {
namespace {

std::string frame(const Result<std::size_t, CodecError>& n, const char* buffer) {
  EXPECT_TRUE(n.ok()) << error_name(n.error());
  return n.ok() ? std::string(buffer, *n) : std::string();
}

TEST(BtseWsEncoder, Ping) {
  char buffer[16];
  EXPECT_EQ(frame(encode_ping(buffer), buffer), "ping");
}

TEST(BtseWsEncoder, SubscribeAndUnsubscribe) {
  char buffer[256];
  const std::array<std::string_view, 1> notification = {"notificationApiV3"};
  EXPECT_EQ(frame(encode_subscribe(notification, buffer), buffer), R"({"op":"subscribe","args":["notificationApiV3"]})");
  const std::array<std::string_view, 3> topics = {"fills", "tradeHistoryApi:BTC-USD", "update:BTC-USD_0"};
  EXPECT_EQ(frame(encode_subscribe(topics, buffer), buffer),
            R"({"op":"subscribe","args":["fills","tradeHistoryApi:BTC-USD","update:BTC-USD_0"]})");
  const std::array<std::string_view, 1> l1 = {"snapshotL1:BTC-USD"};
  EXPECT_EQ(frame(encode_unsubscribe(l1, buffer), buffer), R"({"op":"unsubscribe","args":["snapshotL1:BTC-USD"]})");
}

TEST(BtseWsEncoder, TopicTextIsEscaped) {
  char buffer[64];
  const std::array<std::string_view, 1> topics = {"a\"b"};
  EXPECT_EQ(frame(encode_subscribe(topics, buffer), buffer), R"({"op":"subscribe","args":["a\"b"]})");
}

TEST(BtseWsEncoder, NoTopicOrAnEmptyTopicIsRefused) {
  char buffer[64];
  EXPECT_EQ(encode_subscribe({}, buffer).error(), CodecError::invalid_argument);
  const std::array<std::string_view, 2> topics = {"fills", ""};
  EXPECT_EQ(encode_unsubscribe(topics, buffer).error(), CodecError::invalid_argument);
  const HmacSha384 key("secret");
  EXPECT_EQ(encode_auth("", key, 1, buffer).error(), CodecError::invalid_argument);
}

}  // namespace
}  // namespace oex::codecs::btse
