// The capture-line reader: every field of the ARCHITECTURE.md format, escapes and base64 decoded,
// and each kind of bad line named.
#include <gtest/gtest.h>

#include <string>

#include "allocation_counter.hpp"
#include "oex/replay/capture_line.hpp"

namespace oex::replay {
namespace {

TEST(CaptureLine, ReadsAWebSocketLine) {
  CaptureLineReader reader;
  CaptureRecord r;
  ASSERT_EQ(reader.read(R"({"ts":17,"venue":"btse","dir":"in","ch":"ws","text":"pong"})", r), LineError::ok);
  EXPECT_EQ(r.ts, 17);
  EXPECT_EQ(r.venue, Venue::btse);
  EXPECT_EQ(r.dir, Direction::in);
  EXPECT_EQ(r.ch, Channel::ws);
  EXPECT_EQ(r.payload, "pong");
  EXPECT_FALSE(r.binary);
  EXPECT_FALSE(r.status.has_value());
}

TEST(CaptureLine, ReadsAnHttpResponseWithEscapes) {
  CaptureLineReader reader;
  CaptureRecord r;
  const std::string line =
      R"({"ts":1,"venue":"gct","dir":"in","ch":"http","req":"GET /v1/market/ticker?symbol=BTCUSDT","status":200,)"
      R"("text":"{\"a\":\"x\\ny\",\"b\":\"\u00e9\ud83d\ude00\"}"})";
  ASSERT_EQ(reader.read(line, r), LineError::ok);
  EXPECT_EQ(r.req, "GET /v1/market/ticker?symbol=BTCUSDT");
  ASSERT_TRUE(r.status.has_value());
  EXPECT_EQ(*r.status, 200);
  EXPECT_EQ(r.payload, "{\"a\":\"x\\ny\",\"b\":\"\xC3\xA9\xF0\x9F\x98\x80\"}");
}

TEST(CaptureLine, DecodesBase64Payloads) {
  CaptureLineReader reader;
  CaptureRecord r;
  ASSERT_EQ(reader.read(R"({"ts":1,"venue":"digifinex","dir":"in","ch":"ws","b64":"AAEC/w=="})", r), LineError::ok);
  EXPECT_TRUE(r.binary);
  EXPECT_EQ(r.payload, std::string("\x00\x01\x02\xff", 4));
}

TEST(CaptureLine, NamesEachBadLine) {
  CaptureLineReader reader;
  CaptureRecord r;
  EXPECT_EQ(reader.read("not json", r), LineError::bad_json);
  EXPECT_EQ(reader.read("[1]", r), LineError::bad_json);
  EXPECT_EQ(reader.read(R"({"venue":"btse","dir":"in","ch":"ws","text":""})", r), LineError::missing_field);
  EXPECT_EQ(reader.read(R"({"ts":"x","venue":"btse","dir":"in","ch":"ws","text":""})", r), LineError::wrong_type);
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"kraken","dir":"in","ch":"ws","text":""})", r), LineError::unknown_venue);
  EXPECT_FALSE(reader.venue_known());
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"up","ch":"ws","text":""})", r), LineError::unknown_direction);
  EXPECT_TRUE(reader.venue_known());
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"fix","text":""})", r), LineError::unknown_channel);
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"ws"})", r), LineError::missing_field);
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"ws","b64":"a$=="})", r), LineError::bad_base64);
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"ws","text":"\ud800"})", r), LineError::bad_escape);
  // The next good line still reads.
  EXPECT_EQ(reader.read(R"({"ts":2,"venue":"btse","dir":"in","ch":"ws","text":"pong"})", r), LineError::ok);
  EXPECT_EQ(r.payload, "pong");
}

TEST(CaptureLine, AMessageLargerThanTheBufferIsTooLarge) {
  CaptureLineReader reader(8);
  CaptureRecord r;
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"ws","text":"\"0123456789\""})", r),
            LineError::too_large);
  EXPECT_EQ(reader.read(R"({"ts":1,"venue":"btse","dir":"in","ch":"ws","b64":"AAAAAAAAAAAAAAAA"})", r),
            LineError::too_large);
}

TEST(CaptureLine, ReadingALineAllocatesNothing) {
  CaptureLineReader reader;
  CaptureRecord r;
  const std::string line = R"({"ts":1,"venue":"btse","dir":"in","ch":"ws","text":"{\"topic\":\"x\"}"})";
  ASSERT_EQ(reader.read(line, r), LineError::ok);
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(reader.read(line, r), LineError::ok);
  EXPECT_EQ(scope.allocations(), 0u);
}

}  // namespace
}  // namespace oex::replay
