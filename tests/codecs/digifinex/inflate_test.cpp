#include "oex/codecs/digifinex/inflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <memory>
#include <string>
#include <vector>

#include "digifinex_test_support.hpp"

namespace oex::codecs::digifinex {
namespace {

using Bytes = std::vector<std::uint8_t>;

enum class Wrap { zlib, raw };

Bytes compress(std::string_view text, Wrap wrap, int level = 6) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  Bytes out(libdeflate_zlib_compress_bound(c, text.size()));
  const std::size_t n = wrap == Wrap::zlib ? libdeflate_zlib_compress(c, text.data(), text.size(), out.data(), out.size())
                                           : libdeflate_deflate_compress(c, text.data(), text.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  out.resize(n);
  return out;
}

// Python's zlib.compress(b'{"error":null,"result":"pong","id":12312}', 9) and the same text as
// raw deflate (wbits -15): frames made by another compressor than the one the tests use.
const Bytes kPythonZlibPong = {0x78, 0xda, 0xab, 0x56, 0x4a, 0x2d, 0x2a, 0xca, 0x2f, 0x52, 0xb2, 0xca, 0x2b,
                               0xcd, 0xc9, 0xd1, 0x51, 0x2a, 0x4a, 0x2d, 0x2e, 0xcd, 0x29, 0x51, 0xb2, 0x52,
                               0x2a, 0xc8, 0xcf, 0x4b, 0x57, 0xd2, 0x51, 0xca, 0x4c, 0x51, 0xb2, 0x32, 0x34,
                               0x32, 0x36, 0x34, 0xaa, 0x05, 0x00, 0x27, 0xa3, 0x0d, 0x0d};
const Bytes kPythonRawPong(kPythonZlibPong.begin() + 2, kPythonZlibPong.end() - 4);
constexpr std::string_view kPong = R"({"error":null,"result":"pong","id":12312})";

TEST(DigifinexInflate, AcceptsZlibWrappedAndRawDeflateFromAnotherCompressor) {
  FrameInflater inflater;
  char out[256];
  const auto zlib = inflater.inflate(kPythonZlibPong, out);
  ASSERT_TRUE(zlib.ok());
  EXPECT_EQ(*zlib, kPong);
  const auto raw = inflater.inflate(kPythonRawPong, out);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, kPong);
}

TEST(DigifinexInflate, EveryFixtureRoundTripsBothWaysAndThenDecodes) {
  FrameInflater inflater;
  WsDecoder decoder;
  std::vector<char> out(1 << 16);
  for (const auto& f : test::incoming_fixtures()) {
    for (const Wrap wrap : {Wrap::zlib, Wrap::raw}) {
      const auto text = inflater.inflate(compress(f.text, wrap), out);
      ASSERT_TRUE(text.ok()) << f.name;
      EXPECT_EQ(*text, f.text);
      EXPECT_EQ(test::golden_text(test::decode_all(decoder, *text, f.answered_method)),
                test::read_file(test::test_dir() / "golden" / (f.name + ".jsonl")));
    }
  }
}

TEST(DigifinexInflate, ABufferOfExactlyTheInflatedSizeIsEnoughAndOneLessIsInflateFailed) {
  FrameInflater inflater;
  const std::string text = test::read_file(test::fixture_dir() / "order_update.json");
  for (const Wrap wrap : {Wrap::zlib, Wrap::raw}) {
    const Bytes frame = compress(text, wrap);
    auto exact = std::make_unique<char[]>(text.size());
    const auto ok = inflater.inflate(frame, std::span<char>(exact.get(), text.size()));
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, text);
    // Canary just past a buffer one byte short: inflate_failed and nothing written past it.
    std::vector<char> shorter(text.size(), '\0');
    shorter.back() = '\x5A';
    const auto r = inflater.inflate(frame, std::span<char>(shorter.data(), text.size() - 1));
    EXPECT_EQ(r.error(), CodecError::inflate_failed);
    EXPECT_EQ(shorter.back(), '\x5A');
  }
}

TEST(DigifinexInflate, CorruptTruncatedOrPaddedFramesAreInflateFailed) {
  FrameInflater inflater;
  char out[4096];
  EXPECT_EQ(inflater.inflate({}, out).error(), CodecError::inflate_failed);
  const Bytes garbage = {'{', '"', 'a', '"', ':', '1', '}'};
  EXPECT_EQ(inflater.inflate(garbage, out).error(), CodecError::inflate_failed);

  Bytes bad_checksum = kPythonZlibPong;
  bad_checksum.back() ^= 0x01;
  EXPECT_EQ(inflater.inflate(bad_checksum, out).error(), CodecError::inflate_failed);

  Bytes flipped = kPythonZlibPong;
  flipped[10] ^= 0x40;
  EXPECT_EQ(inflater.inflate(flipped, out).error(), CodecError::inflate_failed);

  Bytes trailing = kPythonZlibPong;
  trailing.push_back(0x00);
  EXPECT_EQ(inflater.inflate(trailing, out).error(), CodecError::inflate_failed);

  // Every proper prefix of a zlib frame lacks at least its checksum; each copy is exactly sized
  // so that ASan sees any read past it.
  for (std::size_t len = 0; len < kPythonZlibPong.size(); ++len) {
    auto copy = std::make_unique<std::uint8_t[]>(len + 1);
    std::copy_n(kPythonZlibPong.data(), len, copy.get());
    EXPECT_EQ(inflater.inflate(std::span<const std::uint8_t>(copy.get(), len), out).error(), CodecError::inflate_failed)
        << len;
  }
  // And the next good frame still inflates.
  ASSERT_TRUE(inflater.inflate(kPythonZlibPong, out).ok());
}

TEST(DigifinexInflate, AFrameThatInflatesPastTheBoundIsInflateFailed) {
  FrameInflater inflater;
  const std::string big(100000, 'x');  // compresses to a few hundred bytes
  const Bytes bomb = compress(big, Wrap::zlib, 12);
  ASSERT_LT(bomb.size(), 1000u);
  std::vector<char> out(65536);
  EXPECT_EQ(inflater.inflate(bomb, out).error(), CodecError::inflate_failed);
}

}  // namespace
}  // namespace oex::codecs::digifinex
