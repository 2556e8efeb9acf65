#include "oex/core/inflate.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace oex {
namespace {

using Bytes = std::vector<std::uint8_t>;

enum class Wrap { raw, zlib };

constexpr std::string_view kOrderUpdate =
    R"({"method":"order.update","params":[{"amount":"1","filled":"0.5","id":"dfx123456","mode":1,)"
    R"("notional":"50","price":"100","price_avg":"100","side":"buy","status":1,"symbol":"BTC_USDT",)"
    R"("timestamp":1589272547000,"type":"limit"}],"id":null})";

Bytes as_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

std::uint64_t next_random(std::uint64_t& state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return state >> 33;
}

Bytes order_book_json(std::size_t target_bytes) {
  std::uint64_t state = 7;
  std::string json = R"({"method":"depth.update","params":[true,{"asks":[)";
  char level[64];
  unsigned price = 974512;
  for (bool first = true; json.size() < target_bytes; first = false) {
    price += 1 + next_random(state) % 40;
    std::snprintf(level, sizeof level, R"(%s["%u.%02u","%u.%04u"])", first ? "" : ",", price / 100, price % 100,
                  static_cast<unsigned>(next_random(state) % 20), static_cast<unsigned>(next_random(state) % 10000));
    json += level;
  }
  json += R"(]},"BTC_USDT"],"id":null})";
  return as_bytes(json);
}

Bytes random_bytes(std::size_t n, std::uint64_t seed) {
  Bytes bytes(n);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(next_random(seed));
  return bytes;
}

// Runs of one byte (distance-1 matches) and of short patterns (distances 2-7), between random bytes.
Bytes runs(std::size_t n) {
  Bytes bytes;
  std::uint64_t state = 3;
  while (bytes.size() < n) {
    const std::size_t period = 1 + next_random(state) % 7;
    const std::size_t length = next_random(state) % 600;
    const Bytes pattern = random_bytes(period, next_random(state));
    for (std::size_t i = 0; i < length && bytes.size() < n; ++i) bytes.push_back(pattern[i % period]);
    for (int i = 0; i < 5 && bytes.size() < n; ++i) bytes.push_back(static_cast<std::uint8_t>(next_random(state)));
  }
  return bytes;
}

// Text-like bytes over a small alphabet: long dynamic blocks with codewords up to 15 bits.
Bytes skewed_text(std::size_t n) {
  Bytes bytes(n);
  std::uint64_t state = 11;
  for (auto& b : bytes) {
    const unsigned r = static_cast<unsigned>(next_random(state) % 4096);
    b = static_cast<std::uint8_t>(r < 2048 ? 'a' + r % 3 : r < 3584 ? 'd' + r % 20 : r % 256);
  }
  return bytes;
}

Bytes libdeflate_compress(const Bytes& data, int level, Wrap wrap) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  Bytes out(libdeflate_zlib_compress_bound(c, data.size()));
  const std::size_t n = wrap == Wrap::zlib
                            ? libdeflate_zlib_compress(c, data.data(), data.size(), out.data(), out.size())
                            : libdeflate_deflate_compress(c, data.data(), data.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  out.resize(n);
  return out;
}

// zlib's deflate, zlib-wrapped or raw (windowBits -15), with a strategy (Z_FIXED forces block type 1).
Bytes zlib_compress(const Bytes& data, int level, Wrap wrap, int strategy = Z_DEFAULT_STRATEGY) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, wrap == Wrap::zlib ? 15 : -15, 8, strategy), Z_OK);
  Bytes out(deflateBound(&z, data.size()) + 16);
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class Inflate : public ::testing::Test {
 protected:
  Result<std::size_t, InflateError> inflate(const Bytes& stream, Wrap wrap, std::span<std::uint8_t> out) {
    return wrap == Wrap::zlib ? decoder_.inflate_zlib(stream, out) : decoder_.inflate_raw(stream, out);
  }

  // Inflates into a buffer of exactly the original size, then one byte smaller; checks libdeflate agrees.
  void expect_round_trip(const Bytes& stream, Wrap wrap, const Bytes& original, const std::string& what) {
    Bytes out(original.size());
    const auto r = inflate(stream, wrap, out);
    ASSERT_TRUE(r.ok()) << what << ": " << error_name(r.error());
    ASSERT_EQ(*r, original.size()) << what;
    ASSERT_TRUE(out == original) << what;

    Bytes oracle(original.size());
    std::size_t consumed = 0;
    std::size_t produced = 0;
    const auto lr = wrap == Wrap::zlib
                        ? libdeflate_zlib_decompress_ex(libdeflate_, stream.data(), stream.size(), oracle.data(),
                                                        oracle.size(), &consumed, &produced)
                        : libdeflate_deflate_decompress_ex(libdeflate_, stream.data(), stream.size(), oracle.data(),
                                                           oracle.size(), &consumed, &produced);
    ASSERT_EQ(lr, LIBDEFLATE_SUCCESS) << what;
    ASSERT_EQ(consumed, stream.size()) << what;
    ASSERT_TRUE(oracle == original) << what;

    if (!original.empty()) {
      Bytes small(original.size() - 1);
      EXPECT_EQ(inflate(stream, wrap, small).error(), InflateError::output_full) << what;
    }
  }

  void TearDown() override { libdeflate_free_decompressor(libdeflate_); }

  DeflateDecoder decoder_;
  libdeflate_decompressor* libdeflate_ = libdeflate_alloc_decompressor();
};

std::vector<std::pair<std::string, Bytes>> corpus() {
  return {{"empty", {}},
          {"one_byte", {0x42}},
          {"order_update", as_bytes(kOrderUpdate)},
          {"book_40k", order_book_json(40 * 1024)},
          {"random_100k", random_bytes(100 * 1024, 5)},
          {"runs_300k", runs(300 * 1024)},
          {"skewed_1m", skewed_text(1024 * 1024)}};
}

TEST_F(Inflate, DecodesLibdeflateAtEveryLevelLikeLibdeflate) {
  for (const auto& [name, data] : corpus()) {
    for (int level = 0; level <= 12; ++level) {
      for (const Wrap wrap : {Wrap::raw, Wrap::zlib}) {
        const std::string what =
            name + " libdeflate level " + std::to_string(level) + (wrap == Wrap::zlib ? " zlib" : " raw");
        expect_round_trip(libdeflate_compress(data, level, wrap), wrap, data, what);
      }
    }
  }
}

TEST_F(Inflate, DecodesZlibAtEveryLevelAndFixedCodes) {
  for (const auto& [name, data] : corpus()) {
    for (int level = 0; level <= 9; ++level) {
      for (const Wrap wrap : {Wrap::raw, Wrap::zlib}) {
        const std::string what =
            name + " zlib level " + std::to_string(level) + (wrap == Wrap::zlib ? " zlib" : " raw");
        expect_round_trip(zlib_compress(data, level, wrap), wrap, data, what);
      }
    }
    expect_round_trip(zlib_compress(data, 6, Wrap::zlib, Z_FIXED), Wrap::zlib, data, name + " fixed codes");
    expect_round_trip(zlib_compress(data, 6, Wrap::raw, Z_HUFFMAN_ONLY), Wrap::raw, data, name + " huffman only");
  }
}

TEST_F(Inflate, EveryTruncationIsReportedAsTruncated) {
  const Bytes text = as_bytes(kOrderUpdate);
  const Bytes streams[] = {libdeflate_compress(text, 6, Wrap::raw), libdeflate_compress(text, 0, Wrap::raw),
                           zlib_compress(text, 6, Wrap::raw, Z_FIXED), zlib_compress(runs(5000), 9, Wrap::raw)};
  for (const Bytes& stream : streams) {
    for (std::size_t n = 0; n < stream.size(); ++n) {
      Bytes out(64 * 1024);
      EXPECT_EQ(decoder_.inflate_raw(std::span(stream).first(n), out).error(), InflateError::truncated)
          << n << " of " << stream.size();
    }
  }
  const Bytes zlib_stream = libdeflate_compress(text, 6, Wrap::zlib);
  for (std::size_t n = 0; n < zlib_stream.size(); ++n) {
    Bytes out(64 * 1024);
    EXPECT_EQ(decoder_.inflate_zlib(std::span(zlib_stream).first(n), out).error(), InflateError::truncated)
        << n << " of " << zlib_stream.size();
  }
}

// Every prefix in a buffer of its own size, so that the sanitizers see any read past the input:
// the fast loop then starts at every distance from the end.
TEST_F(Inflate, NeverReadsPastTheInput) {
  const Bytes text = as_bytes(kOrderUpdate);
  const Bytes streams[] = {libdeflate_compress(text, 6, Wrap::raw), zlib_compress(text, 6, Wrap::raw, Z_FIXED),
                           libdeflate_compress(text, 6, Wrap::zlib)};
  Bytes out(64 * 1024);
  for (const Bytes& stream : streams) {
    for (std::size_t n = 0; n <= stream.size(); ++n) {
      const Bytes prefix(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_EQ(decoder_.inflate_raw(prefix, out).ok(), n == stream.size() && &stream != &streams[2]) << n;
      EXPECT_EQ(decoder_.inflate_zlib(prefix, out).ok(), n == stream.size() && &stream == &streams[2]) << n;
    }
  }
}

TEST_F(Inflate, RejectsBadZlibHeaders) {
  const Bytes good = libdeflate_compress(as_bytes(kOrderUpdate), 6, Wrap::zlib);
  Bytes out(4096);
  // Each header below has a correct FCHECK except the last, so only the named field is wrong.
  const auto with_header = [&good](std::uint8_t cmf, std::uint8_t flg_without_check) {
    Bytes stream = good;
    stream[0] = cmf;
    stream[1] = static_cast<std::uint8_t>(flg_without_check + (31 - ((cmf << 8) | flg_without_check) % 31) % 31);
    return stream;
  };
  EXPECT_TRUE(decoder_.inflate_zlib(with_header(0x78, 0x80), out).ok());
  EXPECT_EQ(decoder_.inflate_zlib(with_header(0x77, 0x80), out).error(), InflateError::bad_zlib_header);  // method 7
  EXPECT_EQ(decoder_.inflate_zlib(with_header(0x88, 0x80), out).error(), InflateError::bad_zlib_header);  // 64K window
  EXPECT_EQ(decoder_.inflate_zlib(with_header(0x78, 0xA0), out).error(), InflateError::bad_zlib_header);  // dictionary
  Bytes bad_check = good;
  bad_check[1] ^= 1;
  EXPECT_EQ(decoder_.inflate_zlib(bad_check, out).error(), InflateError::bad_zlib_header);
}

// A raw stream whose first two bytes pass the zlib header check: a non-final stored block whose
// padding bits make 0x78 and whose length's low byte is 0x01 ("78 01" is a valid zlib header).
// Every deflater pads with zeros, but the format does not require it, and libdeflate accepts it.
Bytes raw_stream_that_looks_like_zlib(std::string_view text) {
  Bytes stream = {0x78, 0x01, 0x00, 0xFE, 0xFF, 'X', 0x01};  // stored "X", then the final stored block
  const auto n = static_cast<std::uint16_t>(text.size());
  for (const std::uint16_t v : {n, static_cast<std::uint16_t>(~n)}) {
    stream.push_back(static_cast<std::uint8_t>(v & 0xFF));
    stream.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  stream.insert(stream.end(), text.begin(), text.end());
  return stream;
}

TEST_F(Inflate, EitherFormatTakesZlibRawAndARawStreamThatPassesTheZlibHeaderCheck) {
  const Bytes text = as_bytes(kOrderUpdate);
  Bytes out(4096);
  const auto inflated = [&](const Bytes& stream) {
    const auto r = decoder_.inflate_zlib_or_raw(stream, out);
    EXPECT_TRUE(r.ok()) << error_name(r.error());
    return r.ok() ? std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*r)) : std::string();
  };
  EXPECT_EQ(inflated(libdeflate_compress(text, 6, Wrap::zlib)), kOrderUpdate);
  EXPECT_EQ(inflated(libdeflate_compress(text, 6, Wrap::raw)), kOrderUpdate);

  const Bytes tricky = raw_stream_that_looks_like_zlib(kOrderUpdate);
  ASSERT_TRUE(looks_like_zlib(tricky));
  EXPECT_EQ(decoder_.inflate_zlib(tricky, out).error(), InflateError::bad_stored_length);
  EXPECT_EQ(inflated(tricky), "X" + std::string(kOrderUpdate));
  std::size_t produced = 0;
  ASSERT_EQ(libdeflate_deflate_decompress(libdeflate_, tricky.data(), tricky.size(), out.data(), out.size(), &produced),
            LIBDEFLATE_SUCCESS);
  EXPECT_EQ(produced, kOrderUpdate.size() + 1);

  // Both attempts failing report the zlib attempt's error: the header said zlib.
  Bytes corrupt = libdeflate_compress(text, 6, Wrap::zlib);
  corrupt.back() ^= 0x10;
  EXPECT_EQ(decoder_.inflate_zlib_or_raw(corrupt, out).error(), InflateError::bad_checksum);
  Bytes small(8);
  EXPECT_EQ(decoder_.inflate_zlib_or_raw(libdeflate_compress(text, 6, Wrap::zlib), small).error(),
            InflateError::output_full);
  EXPECT_EQ(decoder_.inflate_zlib_or_raw(Bytes{0xFF, 0xFF, 0xFF, 0x00}, out).error(), InflateError::bad_block_type);
}

TEST_F(Inflate, RejectsAWrongAdler32) {
  const Bytes good = libdeflate_compress(as_bytes(kOrderUpdate), 6, Wrap::zlib);
  Bytes out(4096);
  for (std::size_t i = good.size() - 4; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x10;
    EXPECT_EQ(decoder_.inflate_zlib(bad, out).error(), InflateError::bad_checksum) << i;
  }
}

TEST_F(Inflate, RejectsTrailingBytes) {
  for (const Wrap wrap : {Wrap::raw, Wrap::zlib}) {
    Bytes stream = libdeflate_compress(as_bytes(kOrderUpdate), 6, wrap);
    stream.push_back(0);
    Bytes out(4096);
    EXPECT_EQ(inflate(stream, wrap, out).error(), InflateError::trailing_bytes);
  }
}

// Writes a deflate stream bit by bit: header fields least significant bit first, Huffman
// codewords most significant bit first, as RFC 1951 section 3.1.1 orders them.
class BitWriter {
 public:
  BitWriter& bits(std::uint32_t value, unsigned count) {
    for (unsigned i = 0; i < count; ++i) put((value >> i) & 1);
    return *this;
  }
  BitWriter& codeword(std::uint32_t code, unsigned length) {
    for (unsigned i = length; i-- > 0;) put((code >> i) & 1);
    return *this;
  }
  // Fixed-code litlen symbols (RFC 1951 section 3.2.6).
  BitWriter& fixed_literal(std::uint8_t byte) {
    return byte < 144 ? codeword(0x30 + byte, 8) : codeword(0x190 + byte - 144, 9);
  }
  BitWriter& fixed_length_symbol(unsigned symbol) {
    return symbol < 280 ? codeword(symbol - 256, 7) : codeword(0xC0 + symbol - 280, 8);
  }
  Bytes finish() const { return bytes_; }

 private:
  void put(unsigned bit) {
    if (used_ % 8 == 0) bytes_.push_back(0);
    bytes_.back() = static_cast<std::uint8_t>(bytes_.back() | bit << (used_ % 8));
    ++used_;
  }
  Bytes bytes_;
  std::size_t used_ = 0;
};

TEST_F(Inflate, RejectsBlockTypeThree) {
  Bytes out(16);
  EXPECT_EQ(decoder_.inflate_raw(BitWriter().bits(1, 1).bits(3, 2).finish(), out).error(),
            InflateError::bad_block_type);
  // After a valid first block too.
  const Bytes two =
      BitWriter().bits(0, 1).bits(1, 2).fixed_literal('a').fixed_length_symbol(256).bits(1, 1).bits(3, 2).finish();
  EXPECT_EQ(decoder_.inflate_raw(two, out).error(), InflateError::bad_block_type);
}

TEST_F(Inflate, RejectsAStoredLengthThatDoesNotMatchItsComplement) {
  Bytes out(16);
  const Bytes good = {0x01, 0x03, 0x00, 0xFC, 0xFF, 'a', 'b', 'c'};
  const auto r = decoder_.inflate_raw(good, out);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*r)), "abc");
  Bytes bad = good;
  bad[3] = 0xFD;
  EXPECT_EQ(decoder_.inflate_raw(bad, out).error(), InflateError::bad_stored_length);
}

TEST_F(Inflate, RejectsADistanceBeforeTheStartOfTheOutput) {
  Bytes out(16);
  // 'a', then a match of length 3 at distance 1 (fine), then length 3 at distance 5 (4 bytes out).
  const auto stream = [](unsigned distance_symbol) {
    return BitWriter()
        .bits(1, 1)
        .bits(1, 2)
        .fixed_literal('a')
        .fixed_length_symbol(257)
        .codeword(0, 5)
        .fixed_length_symbol(257)
        .codeword(distance_symbol, 5)
        .bits(0, distance_symbol >= 4 ? distance_symbol / 2 - 1 : 0)
        .fixed_length_symbol(256)
        .finish();
  };
  const auto r = decoder_.inflate_raw(stream(3), out);  // distance 4: exactly the bytes produced
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*r)), "aaaaaaa");
  EXPECT_EQ(decoder_.inflate_raw(stream(4), out).error(), InflateError::bad_distance);  // distance 5
  // And in the fast path, far from the ends of a large buffer and a long input.
  Bytes far = BitWriter().bits(1, 1).bits(1, 2).fixed_literal('a').fixed_length_symbol(257).codeword(1, 5).finish();
  far.resize(far.size() + 64, 0);
  Bytes big(4096);
  EXPECT_EQ(decoder_.inflate_raw(far, big).error(), InflateError::bad_distance);
}

// A dynamic block header with HLIT = 257, HDIST = 1 and the four precode lengths given (for
// precode symbols 16, 17, 18 and 0).
Bytes dynamic_header_with_precode(unsigned l16, unsigned l17, unsigned l18, unsigned l0) {
  return BitWriter()
      .bits(1, 1)
      .bits(2, 2)
      .bits(0, 5)
      .bits(0, 5)
      .bits(0, 4)
      .bits(l16, 3)
      .bits(l17, 3)
      .bits(l18, 3)
      .bits(l0, 3)
      .bits(0, 32)
      .finish();
}

TEST_F(Inflate, RejectsOverSubscribedAndIncompleteCodes) {
  Bytes out(64);
  EXPECT_EQ(decoder_.inflate_raw(dynamic_header_with_precode(1, 1, 1, 1), out).error(), InflateError::bad_huffman_code);
  EXPECT_EQ(decoder_.inflate_raw(dynamic_header_with_precode(2, 2, 0, 0), out).error(), InflateError::bad_huffman_code);
  // Precode lengths all 2 give 0 -> '00', 16 -> '01', 17 -> '10', 18 -> '11'; a repeat (16) as
  // the first length has nothing to repeat.
  const Bytes repeat_first = BitWriter()
                                 .bits(1, 1)
                                 .bits(2, 2)
                                 .bits(0, 5)
                                 .bits(0, 5)
                                 .bits(0, 4)
                                 .bits(2, 3)
                                 .bits(2, 3)
                                 .bits(2, 3)
                                 .bits(2, 3)
                                 .codeword(1, 2)
                                 .bits(0, 2)
                                 .bits(0, 32)
                                 .finish();
  EXPECT_EQ(decoder_.inflate_raw(repeat_first, out).error(), InflateError::bad_huffman_code);
}

TEST_F(Inflate, AgreesWithLibdeflateOnDegenerateCodes) {
  // A litlen code whose only codeword is end-of-block, and a distance code with one codeword:
  // incomplete codes that libdeflate (and zlib) accept. The precode gives one bit each to
  // symbol 1 ('0') and symbol 18 ('1'), listed in the header's order.
  BitWriter w;
  w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(14, 4);  // 18 precode lengths
  for (unsigned symbol : {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1})
    w.bits(symbol == 18 || symbol == 1 ? 1 : 0, 3);
  // 256 zero lengths (138 + 118), then length 1 for end-of-block and for distance symbol 0.
  w.codeword(1, 1).bits(138 - 11, 7).codeword(1, 1).bits(118 - 11, 7).codeword(0, 1).codeword(0, 1);
  w.codeword(0, 1);  // end of block
  const Bytes stream = w.finish();
  Bytes out(16);
  std::size_t consumed = 0;
  std::size_t produced = 0;
  const auto lr = libdeflate_deflate_decompress_ex(libdeflate_, stream.data(), stream.size(), out.data(), out.size(),
                                                   &consumed, &produced);
  ASSERT_EQ(lr, LIBDEFLATE_SUCCESS);
  ASSERT_EQ(consumed, stream.size());
  const auto r = decoder_.inflate_raw(stream, out);
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(*r, produced);
}

TEST_F(Inflate, ErrorNamesAreDistinctSnakeCase) {
  std::set<std::string_view> names;
  for (int e = 0; e <= static_cast<int>(InflateError::trailing_bytes); ++e) {
    const std::string_view name = error_name(static_cast<InflateError>(e));
    EXPECT_NE(name, "unknown_error");
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(InflateError::trailing_bytes) + 1);
}

}  // namespace
}  // namespace oex
