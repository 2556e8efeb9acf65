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

// Captured messages are JSON inside JSON: escapes every few bytes, wherever the reader's 16- and
// 64-byte blocks happen to cut them. Every length up to a few blocks, escapes at random places
// (seeded), must decode to the original message, also when a \u escape sends the line to the
// general path.
TEST(CaptureLine, EscapesAnywhereInTheBlocksDecodeToTheOriginalMessage) {
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  CaptureLineReader reader;
  for (int round = 0; round < 40; ++round) {
    for (std::size_t length = 0; length < 300; ++length) {
      std::string message;
      std::string escaped;
      for (std::size_t k = 0; k < length; ++k) {
        // Every other round holds only what captures mostly hold: letters, and quotes and slashes
        // to escape.
        constexpr unsigned kQuotesSlashesLetters[] = {0, 1, 6, 8, 9, 10, 11, 12};
        const unsigned pick = round % 2 == 1 ? kQuotesSlashesLetters[next() % 8] : next() % 16;
        const char c = pick < 4 ? '"' : pick == 4 ? '\\' : pick == 5 ? '\n' : pick == 6 ? '/' : pick == 7 ? '\t'
                                                                                                 : static_cast<char>('a' + pick);
        message += c;
        if (c == '"' || c == '\\') {
          escaped += '\\';
          escaped += c;
        } else if (c == '\n') {
          escaped += "\\n";
        } else if (c == '\t') {
          escaped += "\\t";
        } else if (c == '/' && next() % 2 == 0) {
          escaped += "\\/";
        } else if (round % 8 == 7 && next() % 64 == 0) {
          escaped += "\\u00";
          escaped += "0123456789abcdef"[static_cast<unsigned char>(c) >> 4];
          escaped += "0123456789abcdef"[static_cast<unsigned char>(c) & 15];
        } else {
          escaped += c;
        }
      }
      // The text last, and the text followed by more than a block of the line (a member the reader
      // ignores): its closing quote must end it even where a whole block follows.
      const std::string head = R"({"ts":5,"venue":"btse","dir":"in","ch":"ws","text":")" + escaped;
      for (const std::string& line : {head + R"("})", head + R"(","note":")" + std::string(70, 'n') + R"("})"}) {
        CaptureRecord r;
        ASSERT_EQ(reader.read(line, r), LineError::ok) << line;
        ASSERT_EQ(r.payload, message) << line;
        EXPECT_EQ(r.ts, 5);
      }
    }
  }
}

TEST(CaptureLine, AControlCharacterOrUnfinishedTextIsABadLineWhereverItIs) {
  CaptureLineReader reader;
  for (std::size_t at = 0; at < 150; ++at) {
    std::string text(150, 'x');
    for (std::size_t k = 1; k < text.size(); k += 5) text[k] = '"';  // escaped below
    std::string escaped;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (k == at) escaped += '\x01';
      if (text[k] == '"') escaped += '\\';
      escaped += text[k];
    }
    CaptureRecord r;
    const std::string head = R"({"ts":5,"venue":"btse","dir":"in","ch":"ws","text":")";
    EXPECT_EQ(reader.read(head + escaped + R"("})", r), LineError::bad_json) << at;
    EXPECT_EQ(reader.read(head + escaped.substr(0, at), r), LineError::bad_json) << at;
  }
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
