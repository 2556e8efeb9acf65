#pragma once
// Inflates one whole deflate stream (RFC 1951), bare or zlib-wrapped (RFC 1950), into a caller's
// buffer. Venues such as DigiFinex deflate every WebSocket frame, mostly to a few hundred bytes
// with a dynamic Huffman block each: at that size the cost is building the decode tables, not
// decoding, so the tables here are sized by the block's own longest code and built from the
// symbols it uses only. Acceptance follows libdeflate exactly (see inflate.cpp), so that a frame
// inflates here if and only if it inflates there, to the same bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/core/result.hpp"

namespace oex {

enum class InflateError : std::uint8_t {
  ok = 0,
  truncated,          // the input ends before the final block, or before the zlib trailer
  bad_zlib_header,    // not method 8 with a window of at most 32 KiB, a preset dictionary, or FCHECK fails
  bad_block_type,     // block type 3
  bad_stored_length,  // a stored block's LEN is not the complement of its NLEN
  bad_huffman_code,   // code lengths that over-subscribe or leave a code unusably incomplete
  bad_distance,       // a match reaching back before the first byte of the output
  output_full,        // the output does not fit; nothing was written past the buffer
  bad_checksum,       // the Adler-32 of the output differs from the zlib trailer
  trailing_bytes,     // bytes follow the end of the stream
};

[[nodiscard]] constexpr std::string_view error_name(InflateError e) noexcept {
  switch (e) {
    case InflateError::ok:
      return "ok";
    case InflateError::truncated:
      return "truncated";
    case InflateError::bad_zlib_header:
      return "bad_zlib_header";
    case InflateError::bad_block_type:
      return "bad_block_type";
    case InflateError::bad_stored_length:
      return "bad_stored_length";
    case InflateError::bad_huffman_code:
      return "bad_huffman_code";
    case InflateError::bad_distance:
      return "bad_distance";
    case InflateError::output_full:
      return "output_full";
    case InflateError::bad_checksum:
      return "bad_checksum";
    case InflateError::trailing_bytes:
      return "trailing_bytes";
  }
  return "unknown_error";
}

// True when `in` starts with a valid RFC 1950 header (deflate, a window of at most 32 KiB, no
// preset dictionary, FCHECK): how a frame that may come either way is told apart. A raw stream
// can pass it by chance (1 in 31 or so), so a failed zlib inflate is worth retrying raw.
[[nodiscard]] bool looks_like_zlib(std::span<const std::uint8_t> in) noexcept;

// Holds the decode tables (about 12 KiB), so one per thread; construct it at start-up. Inflating
// never allocates or throws, never reads past `in` and never writes past `out` (bytes of `out`
// beyond the returned size may be overwritten).
class DeflateDecoder {
 public:
  DeflateDecoder() noexcept;

  // The number of bytes written to `out`.
  [[nodiscard]] Result<std::size_t, InflateError> inflate_raw(std::span<const std::uint8_t> in,
                                                              std::span<std::uint8_t> out) noexcept;
  // As inflate_raw, with the two-byte header checked and the Adler-32 trailer verified.
  [[nodiscard]] Result<std::size_t, InflateError> inflate_zlib(std::span<const std::uint8_t> in,
                                                               std::span<std::uint8_t> out) noexcept;
  // A stream that may come either way (DigiFinex frames): zlib when the header passes
  // looks_like_zlib, raw otherwise, and raw again when the zlib attempt fails, since a raw stream
  // can pass the header check by chance. When both fail, the zlib attempt's error.
  [[nodiscard]] Result<std::size_t, InflateError> inflate_zlib_or_raw(std::span<const std::uint8_t> in,
                                                                      std::span<std::uint8_t> out) noexcept;

 private:
  // Main-table index bits at most; longer codewords go through one level of subtables.
  static constexpr unsigned kLitlenTableBits = 10;
  static constexpr unsigned kDistTableBits = 8;
  static constexpr unsigned kPrecodeTableBits = 7;  // the longest precode codeword: no subtables
  static constexpr std::size_t kNumLitlenSymbols = 288;
  static constexpr std::size_t kNumDistSymbols = 32;
  static constexpr std::size_t kNumPrecodeSymbols = 19;
  // A repeat code may run up to 137 lengths past the last one (libdeflate ignores the excess).
  static constexpr std::size_t kMaxLengths = kNumLitlenSymbols + kNumDistSymbols + 137;
  // The largest main table plus subtables over all complete codes of up to 15 bits: zlib's
  // examples/enough.c, "enough 288 10 15" and "enough 32 8 15".
  static constexpr std::size_t kLitlenTableCapacity = 1334;
  static constexpr std::size_t kDistTableCapacity = 402;

  struct BitReader;

  // Decodes the stream at the start of `in`; `consumed` is set to the bytes it took. Runs
  // decode_stream<true> where the CPU has BMI1 and BMI2 (checked once), decode_stream<false>
  // elsewhere.
  Result<std::size_t, InflateError> inflate_stream(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                                                   std::size_t& consumed) noexcept;
  // decode_stream<true>, compiled for x86-64 with BMI1 and BMI2.
  Result<std::size_t, InflateError> inflate_stream_bmi(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                                                       std::size_t& consumed) noexcept;
  // kBmi: find the next symbol's table index with one bextr.
  template <bool kBmi>
  Result<std::size_t, InflateError> decode_stream(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                                                  std::size_t& consumed) noexcept;
  // Reads a dynamic block's code lengths and builds its litlen and distance tables.
  template <bool kBmi>
  InflateError read_dynamic_codes(BitReader& reader, unsigned& litlen_bits, unsigned& dist_bits) noexcept;
  // Decodes one Huffman block's symbols up to and including its end-of-block code.
  template <bool kBmi>
  static InflateError decode_block(BitReader& reader, const std::uint32_t* litlen, unsigned litlen_bits,
                                   const std::uint32_t* dist, unsigned dist_bits, std::uint8_t* out_begin,
                                   std::uint8_t*& out_next, std::uint8_t* out_end) noexcept;

  std::array<std::uint32_t, kLitlenTableCapacity> litlen_table_{};
  std::array<std::uint32_t, kDistTableCapacity> dist_table_{};
  std::array<std::uint32_t, std::size_t{1} << kPrecodeTableBits> precode_table_{};
  // The fixed codes (block type 1) never change: built once, by the constructor.
  std::array<std::uint32_t, std::size_t{1} << 9> fixed_litlen_table_{};
  std::array<std::uint32_t, std::size_t{1} << 5> fixed_dist_table_{};
  // Scratch for a dynamic block's header: code lengths, the symbols with a non-zero length in
  // increasing order, each with its rank among the symbols of its length in the high half, and
  // the same symbols sorted by codeword.
  std::array<std::uint8_t, kMaxLengths> lengths_{};
  std::array<std::uint32_t, kMaxLengths> used_symbols_{};
  std::array<std::uint16_t, kNumLitlenSymbols> sorted_symbols_{};
};

}  // namespace oex
