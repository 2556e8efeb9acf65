#include "oex/codecs/buffer_writer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace oex::codecs {
namespace {

void write_everything(BufferWriter& w) {
  const std::array<std::uint8_t, 5> bytes = {0x00, 0x7f, 0x80, 0xfe, 0xff};
  w.put("pre:").put('x').put_int(-1234567).put_uint(18446744073709551615ULL).put(' ');
  w.put_decimal(*Decimal::parse("-0.00012300")).put(' ');
  w.put_json_string("a\"b\\c\n\x01").put(' ');
  w.put_url_encoded("a b&c=d/é~").put(' ');
  w.put_hex(bytes).put(' ').put_base64(bytes).put(' ').put_base64(std::span(bytes).first(4)).put(' ');
  w.put_all(std::string_view("all:"), std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string_view(), "!");
}

constexpr std::string_view kExpected =
    "pre:x-123456718446744073709551615 -0.000123 \"a\\\"b\\\\c\\u000a\\u0001\" a%20b%26c%3Dd%2F%C3%A9~ "
    "007f80feff AH+A/v8= AH+A/g== all:ABCDEFGHIJKLMNOPQRSTUVWXYZ!";

TEST(BufferWriter, WritesEachKindOfField) {
  char buf[256];
  BufferWriter w(buf, sizeof buf);
  write_everything(w);
  ASSERT_TRUE(w.finish().ok());
  EXPECT_EQ(w.view(), kExpected);
}

// Runs that need no escape are copied whole; every character that does is escaped where it stands.
TEST(BufferWriter, JsonStringsEscapeExactlyTheCharactersThatNeedIt) {
  const std::string alphabet = std::string("ab\"\\\x01\x1f\x7f\xc3\xa9 ") + '\0';
  std::uint64_t seed = 42;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (std::size_t n = (seed >> 33) % 24; n > 0; --n) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(seed >> 33) % alphabet.size()];
    }
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string expected = "\"";
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        expected += '\\';
        expected += c;
      } else if (u < 0x20) {
        expected += "\\u00";
        expected += "0123456789abcdef"[u >> 4];
        expected += "0123456789abcdef"[u & 15];
      } else {
        expected += c;
      }
    }
    expected += '"';
    char buf[256];
    BufferWriter w(buf, sizeof buf);
    w.put_json_string(text);
    ASSERT_TRUE(w.finish().ok());
    ASSERT_EQ(w.view(), expected) << "round " << round;
  }
}

// Pieces of every length up to past one SSE block, and a character to escape at every place in
// them: short pieces are copied in registers and long runs a block at a time, also several in one
// put_all.
TEST(BufferWriter, PiecesOfEveryLengthArriveWholeWithEachEscapeInPlace) {
  std::string source;
  for (int i = 0; i < 40; ++i) source += static_cast<char>('A' + i % 26);
  for (std::size_t n = 0; n <= source.size(); ++n) {
    const std::string piece = source.substr(0, n);
    char buf[256];
    BufferWriter w(buf, sizeof buf);
    w.put("<").put(piece).put(">").put_json_string(piece);
    ASSERT_TRUE(w.finish().ok());
    ASSERT_EQ(w.view(), "<" + piece + ">\"" + piece + "\"") << n;
    BufferWriter all(buf, sizeof buf);
    all.put_all(std::string_view("<"), piece, piece, std::string_view(">"));
    ASSERT_TRUE(all.finish().ok());
    ASSERT_EQ(all.view(), "<" + piece + piece + ">") << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string quoted = piece;
      quoted[at] = '"';
      BufferWriter q(buf, sizeof buf);
      q.put_json_string(quoted);
      ASSERT_TRUE(q.finish().ok());
      ASSERT_EQ(q.view(), "\"" + piece.substr(0, at) + "\\\"" + piece.substr(at + 1) + "\"") << n << " " << at;
    }
  }
}

// hffix's sweep: into every length from 0 up, the writer never touches the canary byte after
// the buffer and never reports success unless the whole text fit.
TEST(BufferWriter, EveryBufferLengthNeitherOverrunsNorSucceedsShort) {
  for (std::size_t len = 0; len <= kExpected.size() + 1; ++len) {
    std::vector<char> buf(len + 1, '\x5a');
    BufferWriter w(buf.data(), len);
    write_everything(w);
    EXPECT_EQ(buf[len], '\x5a') << "overran a buffer of " << len;
    const auto result = w.finish();
    if (len < kExpected.size()) {
      EXPECT_EQ(result.error(), CodecError::buffer_too_small) << len;
    } else {
      ASSERT_TRUE(result.ok()) << len;
      EXPECT_EQ(*result, kExpected.size());
    }
  }
}

TEST(BufferWriter, ReserveLeavesRoomToFillInLater) {
  char buf[8];
  BufferWriter w(buf, sizeof buf);
  char* slot = w.reserve(3);
  ASSERT_NE(slot, nullptr);
  w.put("abcde");
  slot[0] = 'x', slot[1] = 'y', slot[2] = 'z';
  EXPECT_EQ(w.view(), "xyzabcde");
  EXPECT_EQ(w.reserve(1), nullptr);
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace oex::codecs
