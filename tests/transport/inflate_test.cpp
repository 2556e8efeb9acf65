#include "oex/transport/inflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <string>
#include <vector>

namespace oex::transport {
namespace {

std::vector<std::uint8_t> compress(const std::string& text, bool zlib) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  std::vector<std::uint8_t> out(text.size() + 1024);
  const std::size_t n = zlib ? libdeflate_zlib_compress(c, text.data(), text.size(), out.data(), out.size())
                             : libdeflate_deflate_compress(c, text.data(), text.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  out.resize(n);
  return out;
}

const std::string kDigifinexFrame =
    R"({"method":"order.update","params":[{"amount":"0.001","filled":"0.0005","id":"1980e0ed5ba74e1ebc5ba7a7fb14d9d7",)"
    R"("mode":1,"notional":"5.2","price":"10400","price_avg":"10400","side":"buy","status":1,"symbol":"BTC_USDT",)"
    R"("timestamp":1573103219,"type":"limit"}],"id":null})";

TEST(Inflate, ZlibAndRawRoundTripWithDetection) {
  Inflater inflater(64 * 1024);
  for (const bool zlib : {true, false}) {
    const auto deflated = compress(kDigifinexFrame, zlib);
    EXPECT_EQ(looks_like_zlib(deflated), zlib);
    for (const DeflateFormat f : {zlib ? DeflateFormat::zlib : DeflateFormat::raw, DeflateFormat::automatic}) {
      const auto r = inflater.inflate(deflated, f);
      ASSERT_TRUE(r.ok()) << error_name(r.error());
      EXPECT_EQ(std::string(r.value().begin(), r.value().end()), kDigifinexFrame);
    }
  }
}

// Raw deflate whose first bytes pass the zlib header check (a stored block padded with 0x78's
// bits, of length 0x0001): automatic detection must fall back to raw, not drop the frame.
TEST(Inflate, AutomaticTakesARawFrameThatPassesTheZlibHeaderCheck) {
  const std::vector<std::uint8_t> frame = {0x78, 0x01, 0x00, 0xFE, 0xFF, 'X', 0x01, 0x02, 0x00, 0xFD, 0xFF, 'h', 'i'};
  ASSERT_TRUE(looks_like_zlib(frame));
  Inflater inflater(64);
  EXPECT_EQ(inflater.inflate(frame, DeflateFormat::zlib).error(), TransportError::inflate_corrupt);
  const auto r = inflater.inflate(frame);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(std::string(r.value().begin(), r.value().end()), "Xhi");
}

TEST(Inflate, CorruptAndOversizedFramesAreTypedErrorsAndTheNextFrameWorks) {
  Inflater inflater(100);
  auto deflated = compress(kDigifinexFrame, true);
  EXPECT_EQ(inflater.inflate(deflated).error(), TransportError::inflate_too_large);
  Inflater big(64 * 1024);
  auto corrupt = deflated;
  corrupt[corrupt.size() - 1] ^= 0xFF;  // Adler-32
  EXPECT_EQ(big.inflate(corrupt, DeflateFormat::zlib).error(), TransportError::inflate_corrupt);
  const std::vector<std::uint8_t> garbage = {0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(big.inflate(garbage, DeflateFormat::raw).error(), TransportError::inflate_corrupt);
  auto truncated = deflated;
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(big.inflate(truncated).error(), TransportError::inflate_corrupt);
  auto trailing = deflated;
  trailing.push_back(0);
  EXPECT_EQ(big.inflate(trailing, DeflateFormat::zlib).error(), TransportError::inflate_corrupt);
  const auto ok = big.inflate(deflated);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().size(), kDigifinexFrame.size());
}

TEST(Inflate, EmptyInputIsCorrupt) {
  Inflater inflater(16);
  EXPECT_EQ(inflater.inflate({}).error(), TransportError::inflate_corrupt);
}

}  // namespace
}  // namespace oex::transport
