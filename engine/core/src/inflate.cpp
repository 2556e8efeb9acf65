#include "oex/core/inflate.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Where RFC 1951 leaves room, this decoder does what libdeflate 1.14 does, so that the two accept
// exactly the same streams: litlen symbols 286 and 287 decode as length 258 and distance symbols
// 30 and 31 as 24577 plus 13 extra bits; HLIT may count up to 288 lengths and HDIST up to 32; a
// repeat code may run past the last length (the excess is ignored); a code with no codeword at
// all, or with a single codeword of length 1, is accepted (both of its one-bit codewords then
// decode to that symbol, and an empty code decodes everything to symbol 0); every other
// incomplete code is rejected.

#define OEX_INFLATE_INLINE [[gnu::always_inline]] inline

namespace oex {
namespace {

// Decode table entries:
//   bits 0-7    bits to consume: the codeword's (remaining) length plus the symbol's extra bits;
//               for a subtable pointer, the main table's index bits
//   bits 8-15   the codeword's (remaining) length, where the extra bits start; for a subtable
//               pointer, the subtable's index bits; with bit 31, the main table's index bits
//   bit 12      subtable pointer
//   bit 13      end of block
//   bits 16-30  literal byte, length or distance base, precode run (below), or subtable start
//   bit 31      literal, or precode symbol: another symbol of the same table follows at once
// With bit 31, bits 0-15 are the control operand of a bextr that takes the next symbol's index
// from the bits at this codeword: one instruction between one table load and the next.
constexpr std::uint32_t kSubtable = 1u << 12;
constexpr std::uint32_t kEndOfBlock = 1u << 13;
constexpr std::uint32_t kLiteral = 1u << 31;
constexpr std::uint32_t kChained = 1u << 31;

constexpr std::uint32_t result_entry(std::uint32_t value, std::uint32_t extra_bits) { return value << 16 | extra_bits; }

constexpr std::uint32_t make_entry(std::uint32_t result, unsigned codeword_length, unsigned table_bits) {
  return result + (((result & kChained) != 0 ? table_bits : codeword_length) << 8) + codeword_length;
}

constexpr unsigned bits_to_consume(std::uint32_t entry) { return entry & 0xFF; }
constexpr unsigned codeword_length(std::uint32_t entry) { return (entry >> 8) & 0xF; }
constexpr std::uint64_t low_bits_mask(unsigned n) { return (std::uint64_t{1} << n) - 1; }

// The table index of the symbol after `entry` (with bit 31), from the bits at its codeword. The
// bextr is written in assembly because only the caller, not this function, is compiled for BMI.
template <bool kBmi>
OEX_INFLATE_INLINE std::size_t next_index(std::uint64_t bits_at_codeword, std::uint32_t entry,
                                          std::uint64_t table_mask) noexcept {
#if defined(__x86_64__)
  if constexpr (kBmi) {
    std::uint64_t index;
    asm("bextr %2, %1, %0" : "=r"(index) : "r"(bits_at_codeword), "r"(std::uint64_t{entry}) : "cc");
    return index;
  }
#endif
  return (bits_at_codeword >> bits_to_consume(entry)) & table_mask;
}

constexpr std::array<std::uint32_t, 288> kLitlenResults = [] {
  std::array<std::uint32_t, 288> r{};
  for (std::uint32_t i = 0; i < 256; ++i) r[i] = kLiteral | i << 16;
  r[256] = kEndOfBlock;
  constexpr std::uint16_t kBase[] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                     31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  constexpr std::uint8_t kExtra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                     2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  for (std::size_t i = 0; i < std::size(kBase); ++i) r[257 + i] = result_entry(kBase[i], kExtra[i]);
  r[286] = r[287] = result_entry(258, 0);
  return r;
}();

constexpr std::array<std::uint32_t, 32> kDistResults = [] {
  std::array<std::uint32_t, 32> r{};
  std::uint32_t base = 1;
  for (std::uint32_t i = 0; i < 30; ++i) {
    const std::uint32_t extra = i < 4 ? 0 : i / 2 - 1;
    r[i] = result_entry(base, extra);
    base += 1u << extra;
  }
  r[30] = r[31] = r[29];
  return r;
}();

// A precode symbol decodes to a run of code lengths: bits 16-19 of its entry hold the run's
// length before the extra bits are added, bits 20-23 the code length it repeats, bit 24 says to
// repeat the previous length instead, and bits 25-27 count the extra bits. Every symbol then
// takes the same branch-free path.
constexpr std::uint32_t kRepeatPrevious = 1u << 24;

constexpr std::uint32_t precode_result(std::uint32_t run, std::uint32_t length, std::uint32_t extra_bits) {
  return kChained | result_entry(extra_bits << 9 | length << 4 | run, extra_bits);
}

constexpr std::array<std::uint32_t, 19> kPrecodeResults = [] {
  std::array<std::uint32_t, 19> r{};
  for (std::uint32_t i = 0; i < 16; ++i) r[i] = precode_result(1, i, 0);
  r[16] = kRepeatPrevious | precode_result(3, 0, 2);
  r[17] = precode_result(3, 0, 3);
  r[18] = precode_result(11, 0, 7);
  return r;
}();

// A used symbol with its rank among the symbols of its length (see CodeShape).
constexpr std::uint32_t ranked_symbol(std::uint32_t symbol, std::uint32_t rank) { return rank << 16 | symbol; }
constexpr std::uint32_t symbol_of(std::uint32_t ranked) { return ranked & 0xFFFF; }
constexpr std::uint32_t rank_of(std::uint32_t ranked) { return ranked >> 16; }

using U32x4 [[gnu::vector_size(16)]] = std::uint32_t;
constexpr U32x4 kRunOffsets = {ranked_symbol(0, 0), ranked_symbol(1, 1), ranked_symbol(2, 2), ranked_symbol(3, 3)};

using U8x16 [[gnu::vector_size(16)]] = std::uint8_t;
// Sixteen copies of each code length.
constexpr std::array<U8x16, 16> kLengthRuns = [] {
  std::array<U8x16, 16> r{};
  for (std::uint8_t length = 0; length < 16; ++length) r[length] = U8x16{} + length;
  return r;
}();

// The order in which a dynamic block's header gives the precode lengths.
constexpr std::uint8_t kPrecodeOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

constexpr unsigned kMaxCodewordLength = 15;
constexpr unsigned kMaxPrecodeCodewordLength = 7;
// A match takes at most 15 + 5 (length) + 15 + 13 (distance) bits, all available after a refill.
constexpr unsigned kMaxMatchBits = 48;
constexpr std::size_t kMaxMatchLength = 258;

constexpr std::array<std::uint8_t, 256> kReversedBytes = [] {
  std::array<std::uint8_t, 256> r{};
  for (unsigned i = 0; i < 256; ++i) {
    for (unsigned bit = 0; bit < 8; ++bit) r[i] = static_cast<std::uint8_t>(r[i] | ((i >> bit) & 1) << (7 - bit));
  }
  return r;
}();

// Main tables have at most 10 index bits: their codewords reverse with one load.
constexpr unsigned kMaxTableBits = 10;
constexpr std::array<std::uint16_t, 1u << kMaxTableBits> kReversed10 = [] {
  std::array<std::uint16_t, 1u << kMaxTableBits> r{};
  for (unsigned i = 0; i < r.size(); ++i) {
    for (unsigned bit = 0; bit < kMaxTableBits; ++bit) {
      r[i] = static_cast<std::uint16_t>(r[i] | ((i >> bit) & 1) << (kMaxTableBits - 1 - bit));
    }
  }
  return r;
}();

// The low `length` bits of `code`, in reverse order.
OEX_INFLATE_INLINE unsigned reverse_bits(unsigned code, unsigned length) noexcept {
  return (unsigned{kReversedBytes[code & 0xFF]} << 8 | kReversedBytes[code >> 8]) >> (16 - length);
}

// Counts of codewords by length (index 0 unused), and the symbols that have one, increasing,
// each with its rank among the symbols of its length: its place in the canonical order without a
// counting sort, whose increments of one counter after another wait on each other in memory.
struct CodeShape {
  std::array<std::uint32_t, kMaxCodewordLength + 1> counts{};
  std::span<const std::uint32_t> used;
};

// Doubles a table by copying its first `n` (a power of two) entries after them. The tables are
// small and the copies many, so inline 16-byte moves beat calls to memcpy.
OEX_INFLATE_INLINE void copy_entries(std::uint32_t* dst, const std::uint32_t* src, std::size_t n) noexcept {
  if (n < 4) {
    for (std::size_t k = 0; k < n; ++k) dst[k] = src[k];
    return;
  }
  for (std::size_t k = 0; k < n; k += 4) std::memcpy(dst + k, src + k, 16);
}

// Fills `table` for the canonical code of `lengths`: a main table of min(longest codeword,
// max_table_bits) index bits, then one subtable per main-table prefix of the longer codewords.
// The main table is built at the shortest codeword length and doubled by copying as the lengths
// grow, so each codeword is stored once and its replicas are block copies. Returns the main table's
// index bits, or 0 when the lengths do not form a code libdeflate accepts. kMaxLength, the
// longest codeword the format allows, is a constant so that the loops over lengths unroll.
template <unsigned kMaxLength>
unsigned build_table(std::uint32_t* table, std::size_t capacity, const std::uint8_t* lengths, const CodeShape& shape,
                     const std::uint32_t* results, unsigned max_table_bits, std::uint16_t* sorted) noexcept {
  const auto& counts = shape.counts;
  unsigned longest = 1;
  std::uint32_t codespace_used = 0;  // in units of 2^-kMaxLength
  for (unsigned len = 1; len <= kMaxLength; ++len) {
    codespace_used = (codespace_used << 1) + counts[len];
    if (counts[len] != 0) longest = len;
  }
  const unsigned table_bits = std::min(max_table_bits, longest);
  if (codespace_used > (1u << kMaxLength)) return 0;
  if (codespace_used < (1u << kMaxLength)) {
    std::uint32_t entry;
    if (codespace_used == 0) {
      entry = make_entry(results[0], 1, table_bits);
    } else if (codespace_used == 1u << (kMaxLength - 1) && counts[1] == 1) {
      entry = make_entry(results[symbol_of(shape.used[0])], 1, table_bits);
    } else {
      return 0;
    }
    std::fill_n(table, std::size_t{1} << table_bits, entry);
    return table_bits;
  }

  std::array<std::uint32_t, kMaxCodewordLength + 1> offsets;
  offsets[1] = 0;
  for (unsigned len = 1; len < kMaxLength; ++len) offsets[len + 1] = offsets[len] + counts[len];
  for (const std::uint32_t ranked : shape.used) {
    const std::uint32_t symbol = symbol_of(ranked);
    sorted[offsets[lengths[symbol]] + rank_of(ranked)] = static_cast<std::uint16_t>(symbol);
  }

  // Canonical codewords in order; the stream sends each most significant bit first, so the table
  // is indexed by their bit-reversal. Reversing each on its own, not incrementing a reversed
  // codeword, keeps consecutive codewords independent of one another.
  const std::uint16_t* next_symbol = sorted;
  unsigned code = 0;
  unsigned len = 1;
  while (counts[len] == 0) {
    ++len;
    code <<= 1;
  }
  unsigned table_end = 1u << len;
  for (;; ++len, code <<= 1) {
    const unsigned shift = kMaxTableBits - len;
    for (unsigned k = counts[len]; k != 0; --k) {
      table[kReversed10[code++] >> shift] = make_entry(results[*next_symbol++], len, table_bits);
    }
    if (len == table_bits) break;
    copy_entries(table + table_end, table, table_end);
    table_end <<= 1;
  }

  const unsigned main_mask = (1u << table_bits) - 1;
  unsigned subtable_prefix = ~0u;
  unsigned subtable_start = 0;
  while (++len, code <<= 1, len <= longest) {
    for (unsigned k = counts[len]; k != 0; --k) {
      const unsigned codeword = reverse_bits(code++, len);
      if ((codeword & main_mask) != subtable_prefix) {
        subtable_prefix = codeword & main_mask;
        subtable_start = table_end;
        // Wide enough for the codewords under this prefix: grow until they fill it.
        unsigned subtable_bits = len - table_bits;
        std::uint32_t space = k;
        while (space < (1u << subtable_bits)) {
          ++subtable_bits;
          space = (space << 1) + counts[table_bits + subtable_bits];
        }
        table_end = subtable_start + (1u << subtable_bits);
        if (table_end > capacity) return 0;  // capacity is zlib's proven bound: a guard, not a path
        table[subtable_prefix] = subtable_start << 16 | kSubtable | subtable_bits << 8 | table_bits;
      }
      const std::uint32_t entry = make_entry(results[*next_symbol++], len - table_bits, table_bits);
      const unsigned stride = 1u << (len - table_bits);
      for (unsigned i = subtable_start + (codeword >> table_bits); i < table_end; i += stride) table[i] = entry;
    }
  }
  return table_bits;
}

// Matches copied 16 or 8 bytes at a time write up to 15 bytes past their end.
constexpr std::size_t kCopyOvershoot = 15;
// The fast loop decodes up to three literals or a match per step, after one eight-byte load.
constexpr std::size_t kFastOutputMargin = kMaxMatchLength + kCopyOvershoot;
constexpr std::size_t kFastInputMargin = 8;

OEX_INFLATE_INLINE void copy_match_with_overshoot(std::uint8_t* dst, std::size_t distance,
                                                  std::size_t length) noexcept {
  const std::uint8_t* src = dst - distance;
  std::uint8_t* const end = dst + length;
  if (distance >= 16) {
    do {
      std::memcpy(dst, src, 16);
      dst += 16;
      src += 16;
    } while (dst < end);
  } else if (distance >= 8) {
    do {
      std::memcpy(dst, src, 8);
      dst += 8;
      src += 8;
    } while (dst < end);
  } else if (distance == 1) {
    const std::uint64_t run = 0x0101010101010101ull * *src;
    do {
      std::memcpy(dst, &run, 8);
      dst += 8;
    } while (dst < end);
  } else {
    do *dst++ = *src++;
    while (dst < end);
  }
}

constexpr std::uint32_t kAdlerModulus = 65521;

struct Adler32 {
  std::uint32_t s1 = 1;
  std::uint32_t s2 = 0;

  void update_bytewise(const std::uint8_t* p, std::size_t n) noexcept {
    constexpr std::size_t kMaxBytesBeforeModulo = 5552;  // s2 stays below 2^32
    while (n != 0) {
      const std::size_t chunk = std::min(n, kMaxBytesBeforeModulo);
      for (std::size_t i = 0; i < chunk; ++i) {
        s1 += p[i];
        s2 += s1;
      }
      s1 %= kAdlerModulus;
      s2 %= kAdlerModulus;
      p += chunk;
      n -= chunk;
    }
  }
  [[nodiscard]] std::uint32_t value() const noexcept { return s2 << 16 | s1; }
};

#if defined(__x86_64__)
[[gnu::target("avx2"), gnu::always_inline]] inline std::uint64_t sum_lanes(__m256i v) noexcept {
  alignas(32) std::uint32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), v);
  std::uint64_t sum = 0;
  for (const std::uint32_t lane : lanes) sum += lane;
  return sum;
}

// 32 bytes a step: s1 by sums of absolute differences with zero; s2 by the running s1 and the
// step's bytes weighted 32 down to 1 (vpmaddubsw, then vpmaddwd to 32-bit lanes). 1024 steps
// keep every lane below 2^32.
[[gnu::target("avx2")]] void adler32_avx2(Adler32& adler, const std::uint8_t* p, std::size_t n) noexcept {
  constexpr std::size_t kStep = 32;
  constexpr std::size_t kMaxSteps = 1024;
  const __m256i zero = _mm256_setzero_si256();
  const __m256i weights = _mm256_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
                                           13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
  const __m256i ones = _mm256_set1_epi16(1);
  while (n >= kStep) {
    const std::size_t steps = std::min(n / kStep, kMaxSteps);
    __m256i s1_lanes = zero;
    __m256i s1_before_each_step = zero;
    __m256i weighted = zero;
    for (std::size_t i = 0; i < steps; ++i, p += kStep) {
      const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      s1_before_each_step = _mm256_add_epi32(s1_before_each_step, s1_lanes);
      s1_lanes = _mm256_add_epi32(s1_lanes, _mm256_sad_epu8(bytes, zero));
      weighted = _mm256_add_epi32(weighted, _mm256_madd_epi16(_mm256_maddubs_epi16(bytes, weights), ones));
    }
    const std::uint64_t s2 = adler.s2 + std::uint64_t{adler.s1} * (steps * kStep) +
                             kStep * sum_lanes(s1_before_each_step) + sum_lanes(weighted);
    adler.s1 = static_cast<std::uint32_t>((adler.s1 + sum_lanes(s1_lanes)) % kAdlerModulus);
    adler.s2 = static_cast<std::uint32_t>(s2 % kAdlerModulus);
    n -= steps * kStep;
  }
  adler.update_bytewise(p, n);
}

#endif

// AVX2 but not AVX-512: on some Intel parts a 512-bit instruction lowers the core's clock for a
// while, which the loop's latency would pay for long after the checksum.
std::uint32_t adler32(std::span<const std::uint8_t> data) noexcept {
  Adler32 adler;
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    adler32_avx2(adler, data.data(), data.size());
    return adler.value();
  }
#endif
  adler.update_bytewise(data.data(), data.size());
  return adler.value();
}

}  // namespace

// Input bits, least significant first. Past the end of the input it supplies zero bytes, counted,
// so that decoding need not tell lookahead from a real overrun until a block or the stream ends.
struct DeflateDecoder::BitReader {
  const std::uint8_t* next;
  const std::uint8_t* end;
  std::uint64_t buffer = 0;  // bits above `count` are zero or the input's next bits (all 64 after refill_word)
  unsigned count = 0;
  unsigned overread = 0;  // zero bytes supplied past `end`

  // Tops up to at least 56 bits from eight readable bytes with one load.
  OEX_INFLATE_INLINE void refill_word() noexcept {
    std::uint64_t word;
    std::memcpy(&word, next, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    buffer |= word << count;
    next += 7 - ((count >> 3) & 7);
    count |= 56;
  }

  // Tops up to at least 56 bits. False once more zero bytes were supplied than the buffer holds:
  // the stream then certainly runs past the input.
  OEX_INFLATE_INLINE bool refill() noexcept {
    if (end - next >= 8) {
      refill_word();
      return true;
    }
    while (count < 56) {
      if (next != end) {
        buffer |= std::uint64_t{*next++} << count;
      } else if (++overread > 8) {
        return false;
      }
      count += 8;
    }
    return true;
  }

  [[nodiscard]] OEX_INFLATE_INLINE bool ensure(unsigned bits) noexcept { return count >= bits || refill(); }
  [[nodiscard]] OEX_INFLATE_INLINE std::uint32_t peek(unsigned bits) const noexcept {
    return static_cast<std::uint32_t>(buffer & low_bits_mask(bits));
  }
  OEX_INFLATE_INLINE void consume(unsigned bits) noexcept {
    buffer >>= bits;
    count -= bits;
  }
  OEX_INFLATE_INLINE std::uint32_t pop(unsigned bits) noexcept {
    const std::uint32_t v = peek(bits);
    consume(bits);
    return v;
  }
  // Whether the bits consumed so far include supplied zeros.
  [[nodiscard]] bool overran() const noexcept { return overread > count / 8; }
  // A corrupt-looking stream that has run past the input is a truncated one.
  [[nodiscard]] InflateError failure(InflateError e) const noexcept { return overran() ? InflateError::truncated : e; }
  // Drops the rest of the current byte and gives the unconsumed whole bytes back to the input.
  [[nodiscard]] bool align_to_byte() noexcept {
    if (overran()) return false;
    next -= count / 8 - overread;
    buffer = 0;
    count = 0;
    overread = 0;
    return true;
  }
};

DeflateDecoder::DeflateDecoder() noexcept {
  std::array<std::uint8_t, kNumLitlenSymbols> lengths;
  std::array<std::uint32_t, kNumLitlenSymbols> symbols;
  CodeShape shape;
  for (std::uint32_t i = 0; i < kNumLitlenSymbols; ++i) {
    lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    symbols[i] = ranked_symbol(i, shape.counts[lengths[i]]++);
  }
  shape.used = symbols;
  build_table<kMaxCodewordLength>(fixed_litlen_table_.data(), fixed_litlen_table_.size(), lengths.data(), shape,
                                  kLitlenResults.data(), 9, sorted_symbols_.data());
  shape.counts = {};
  shape.counts[5] = kNumDistSymbols;
  for (std::uint32_t i = 0; i < kNumDistSymbols; ++i) symbols[i] = ranked_symbol(i, i);
  shape.used = std::span(symbols).first(kNumDistSymbols);
  std::fill_n(lengths.begin(), kNumDistSymbols, 5);
  build_table<kMaxCodewordLength>(fixed_dist_table_.data(), fixed_dist_table_.size(), lengths.data(), shape,
                                  kDistResults.data(), 5, sorted_symbols_.data());
}

template <bool kBmi>
OEX_INFLATE_INLINE InflateError DeflateDecoder::read_dynamic_codes(BitReader& reader, unsigned& litlen_bits,
                                                                   unsigned& dist_bits) noexcept {
  // A local copy stays in registers: through the reference, every byte stored to the lengths
  // might alias it, and each step would wait on a store and a reload of the bit buffer.
  BitReader bits = reader;
  static_assert(kLitlenTableBits <= kMaxTableBits && kDistTableBits <= kMaxTableBits &&
                kPrecodeTableBits <= kMaxTableBits);
  // The counts and the first ten precode lengths, then the other nine: two reads of the buffer.
  if (!bits.ensure(14 + 30)) return InflateError::truncated;
  const unsigned num_litlen = bits.pop(5) + 257;
  const unsigned num_dist = bits.pop(5) + 1;
  const unsigned num_precode = bits.pop(4) + 4;
  const unsigned num_first = std::min(num_precode, 10u);
  const std::uint32_t first = bits.pop(3 * num_first);
  if (!bits.ensure(27)) return InflateError::truncated;
  const std::uint32_t second = bits.pop(3 * (num_precode - num_first));
  std::array<std::uint8_t, kNumPrecodeSymbols> precode_lengths;
  for (unsigned k = 0; k < 10; ++k) precode_lengths[kPrecodeOrder[k]] = (first >> (3 * k)) & 7;
  for (unsigned k = 0; k < 9; ++k) precode_lengths[kPrecodeOrder[10 + k]] = (second >> (3 * k)) & 7;
  std::array<std::uint32_t, kNumPrecodeSymbols> precode_used;
  CodeShape precode;
  std::size_t num_precode_used = 0;
  for (std::uint32_t symbol = 0; symbol < kNumPrecodeSymbols; ++symbol) {
    const unsigned length = precode_lengths[symbol];
    precode_used[num_precode_used] = ranked_symbol(symbol, precode.counts[length]++);
    num_precode_used += length != 0;
  }
  precode.used = std::span(precode_used).first(num_precode_used);
  const unsigned precode_bits = build_table<kMaxPrecodeCodewordLength>(
      precode_table_.data(), precode_table_.size(), precode_lengths.data(), precode, kPrecodeResults.data(),
      kPrecodeTableBits, sorted_symbols_.data());
  if (precode_bits == 0) return bits.failure(InflateError::bad_huffman_code);

  // The lengths are counted and their symbols listed as they are decoded, so that building the
  // tables visits the used symbols only: a small frame's code uses a fraction of the 288.
  const unsigned total = num_litlen + num_dist;
  std::uint8_t* const lengths = lengths_.data();
  std::uint32_t* const used = used_symbols_.data();
  std::array<std::uint32_t, kMaxCodewordLength + 1> counts{};
  unsigned num_used = 0;
  unsigned i = 0;
  const std::uint64_t precode_mask = low_bits_mask(precode_bits);
  unsigned previous = 0;
  // Each symbol's entry is loaded while the one before it is worked on.
  if (!bits.ensure(kMaxPrecodeCodewordLength)) return InflateError::truncated;
  std::uint32_t entry = precode_table_[bits.buffer & precode_mask];
  while (i < total) {
    // This symbol's codeword and extra bits, and the next symbol's codeword.
    if (!bits.ensure(2 * kMaxPrecodeCodewordLength + 7)) return InflateError::truncated;
    const std::uint64_t saved = bits.buffer;
    const std::uint32_t next = precode_table_[next_index<kBmi>(saved, entry, precode_mask)];
    const unsigned consumed = bits_to_consume(entry);
    bits.consume(consumed);
    if ((entry & kRepeatPrevious) != 0 && i == 0) return bits.failure(InflateError::bad_huffman_code);
    const unsigned extra_bits = (entry >> 25) & 7;
    const unsigned run =
        ((entry >> 16) & 0xF) + static_cast<unsigned>((saved & low_bits_mask(consumed)) >> (consumed - extra_bits));
    const unsigned length = (entry & kRepeatPrevious) != 0 ? previous : (entry >> 20) & 0xF;
    entry = next;
    // Runs of a non-zero length are at most 6 long and of zeros mostly at most 16: fixed-size
    // stores cover them, and the next run overwrites what they wrote past this one.
    std::memcpy(lengths + i, &kLengthRuns[length], sizeof kLengthRuns[length]);
    if (run > 16) std::memset(lengths + i + 16, 0, run - 16);
    const std::uint32_t rank = counts[length];
    const U32x4 run_symbols = ranked_symbol(i, rank) + kRunOffsets;
    const U32x4 more_run_symbols = run_symbols + ranked_symbol(4, 4);
    std::memcpy(used + num_used, &run_symbols, sizeof run_symbols);
    std::memcpy(used + num_used + 4, &more_run_symbols, sizeof more_run_symbols);
    counts[length] = rank + run;
    num_used += length != 0 ? run : 0;
    previous = length;
    i += run;
  }
  if (i > total && lengths[total - 1] != 0) {  // a repeat of a non-zero length ran past the end
    num_used -= i - total;
    counts[lengths[total - 1]] -= i - total;
  }

  CodeShape litlen;
  CodeShape dist;
  unsigned split = num_used;
  while (split > 0 && symbol_of(used[split - 1]) >= num_litlen) {
    --split;
    used[split] -= num_litlen;
    ++dist.counts[lengths[num_litlen + symbol_of(used[split])]];
  }
  for (unsigned len = 1; len <= kMaxCodewordLength; ++len) litlen.counts[len] = counts[len] - dist.counts[len];
  // A distance symbol's rank counted every litlen symbol of its length before it.
  for (unsigned k = split; k < num_used; ++k) {
    used[k] -= ranked_symbol(0, litlen.counts[lengths[num_litlen + symbol_of(used[k])]]);
  }
  litlen.used = std::span<const std::uint32_t>(used, split);
  dist.used = std::span<const std::uint32_t>(used + split, num_used - split);

  dist_bits = build_table<kMaxCodewordLength>(dist_table_.data(), dist_table_.size(), lengths + num_litlen, dist,
                                              kDistResults.data(), kDistTableBits, sorted_symbols_.data());
  if (dist_bits == 0) return bits.failure(InflateError::bad_huffman_code);
  litlen_bits = build_table<kMaxCodewordLength>(litlen_table_.data(), litlen_table_.size(), lengths, litlen,
                                                kLitlenResults.data(), kLitlenTableBits, sorted_symbols_.data());
  if (litlen_bits == 0) return bits.failure(InflateError::bad_huffman_code);
  reader = bits;
  return InflateError::ok;
}

template <bool kBmi>
OEX_INFLATE_INLINE InflateError DeflateDecoder::decode_block(BitReader& reader, const std::uint32_t* litlen,
                                                             unsigned litlen_bits, const std::uint32_t* dist,
                                                             unsigned dist_bits, std::uint8_t* const out_begin,
                                                             std::uint8_t*& out_next,
                                                             std::uint8_t* const out_end) noexcept {
  BitReader bits = reader;  // a local copy stays in registers
  std::uint8_t* out = out_next;
  const auto finish = [&](InflateError e) {
    reader = bits;
    out_next = out;
    return e;
  };
  const std::uint64_t litlen_mask = low_bits_mask(litlen_bits);
  const std::uint64_t dist_mask = low_bits_mask(dist_bits);
  // The length or distance base plus the extra bits that follow the codeword.
  const auto value_of = [](std::uint32_t entry, std::uint64_t bits_at_codeword) {
    return (entry >> 16) + static_cast<std::uint32_t>((bits_at_codeword & low_bits_mask(bits_to_consume(entry))) >>
                                                      codeword_length(entry));
  };

  // The entry of the codeword at the head of the buffer, through its subtable where it has one.
  const auto look_up = [&](const std::uint32_t* table, std::uint64_t mask) noexcept {
    std::uint32_t entry = table[bits.buffer & mask];
    if (entry & kSubtable) {
      bits.consume(bits_to_consume(entry));
      entry = table[(entry >> 16) + bits.peek(codeword_length(entry))];
    }
    return entry;
  };
  // A distance code and its extra bits, which the buffer holds once a match's length is read.
  const auto read_distance = [&]() noexcept {
    const std::uint32_t entry = look_up(dist, dist_mask);
    const std::uint64_t saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    return value_of(entry, saved);
  };

  // While the input and output are far from their ends: no bounds checks but the distance. Each
  // step starts from a refill, which leaves 64 bits of input in the buffer (`count` says at least
  // 56): enough for three literals from the main table, or for a match, and then to look up the
  // next symbol. That lookup is made as soon as the current symbol's length is known, so that the
  // refills stay off the chain from one table load to the next.
  const auto far_from_ends = [&] {
    return static_cast<std::size_t>(bits.end - bits.next) >= kFastInputMargin &&
           static_cast<std::size_t>(out_end - out) >= kFastOutputMargin;
  };
  if (far_from_ends()) {
    bits.refill_word();
    std::uint32_t entry = litlen[bits.buffer & litlen_mask];
    for (;;) {
      if (entry & kLiteral) {
        std::uint32_t next = litlen[next_index<kBmi>(bits.buffer, entry, litlen_mask)];
        bits.consume(bits_to_consume(entry));
        *out++ = static_cast<std::uint8_t>(entry >> 16);
        entry = next;
        if (entry & kLiteral) {
          next = litlen[next_index<kBmi>(bits.buffer, entry, litlen_mask)];
          bits.consume(bits_to_consume(entry));
          *out++ = static_cast<std::uint8_t>(entry >> 16);
          entry = next;
          if (entry & kLiteral) {
            next = litlen[next_index<kBmi>(bits.buffer, entry, litlen_mask)];
            bits.consume(bits_to_consume(entry));
            *out++ = static_cast<std::uint8_t>(entry >> 16);
            entry = next;
          }
        }
      } else {
        if (entry & kSubtable) {
          bits.consume(bits_to_consume(entry));
          entry = litlen[(entry >> 16) + bits.peek(codeword_length(entry))];
        }
        if (entry & kLiteral) {
          bits.consume(bits_to_consume(entry));
          const std::uint32_t next = litlen[bits.buffer & litlen_mask];
          *out++ = static_cast<std::uint8_t>(entry >> 16);
          entry = next;
        } else {
          const std::uint64_t saved = bits.buffer;
          bits.consume(bits_to_consume(entry));
          if (entry & kEndOfBlock) return finish(InflateError::ok);
          const std::uint32_t length = value_of(entry, saved);
          const std::uint32_t distance = read_distance();
          if (distance > static_cast<std::size_t>(out - out_begin)) return finish(InflateError::bad_distance);
          entry = litlen[bits.buffer & litlen_mask];
          copy_match_with_overshoot(out, distance, length);
          out += length;
        }
      }
      if (!far_from_ends()) break;
      bits.refill_word();
    }
  }

  for (;;) {
    if (!bits.ensure(kMaxMatchBits)) return finish(InflateError::truncated);
    const std::uint32_t entry = look_up(litlen, litlen_mask);
    const std::uint64_t saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    if (entry & kLiteral) {
      if (out == out_end) return finish(bits.failure(InflateError::output_full));
      *out++ = static_cast<std::uint8_t>(entry >> 16);
      continue;
    }
    if (entry & kEndOfBlock) return finish(InflateError::ok);
    const std::uint32_t length = value_of(entry, saved);
    const std::uint32_t distance = read_distance();
    if (distance > static_cast<std::size_t>(out - out_begin)) return finish(bits.failure(InflateError::bad_distance));
    if (length > static_cast<std::size_t>(out_end - out)) return finish(bits.failure(InflateError::output_full));
    const std::uint8_t* src = out - distance;
    for (std::uint32_t k = 0; k < length; ++k) out[k] = src[k];
    out += length;
  }
}

template <bool kBmi>
OEX_INFLATE_INLINE Result<std::size_t, InflateError> DeflateDecoder::decode_stream(std::span<const std::uint8_t> in,
                                                                                   std::span<std::uint8_t> out,
                                                                                   std::size_t& consumed) noexcept {
  BitReader bits{in.data(), in.data() + in.size()};
  std::uint8_t* const out_begin = out.data();
  std::uint8_t* const out_end = out_begin + out.size();
  std::uint8_t* out_next = out_begin;
  bool final_block = false;
  while (!final_block) {
    if (!bits.ensure(3)) return InflateError::truncated;
    final_block = bits.pop(1) != 0;
    const unsigned type = bits.pop(2);
    if (type == 0) {  // stored: LEN, NLEN, then LEN bytes, from the next byte boundary
      if (!bits.align_to_byte()) return InflateError::truncated;
      if (bits.end - bits.next < 4) return InflateError::truncated;
      const std::size_t length = bits.next[0] | bits.next[1] << 8;
      const std::size_t length_complement = bits.next[2] | bits.next[3] << 8;
      bits.next += 4;
      if (length != (~length_complement & 0xFFFF)) return InflateError::bad_stored_length;
      if (length > static_cast<std::size_t>(out_end - out_next)) return InflateError::output_full;
      if (length > static_cast<std::size_t>(bits.end - bits.next)) return InflateError::truncated;
      if (length != 0) std::memcpy(out_next, bits.next, length);
      out_next += length;
      bits.next += length;
      continue;
    }
    InflateError e;
    if (type == 1) {
      e = decode_block<kBmi>(bits, fixed_litlen_table_.data(), 9, fixed_dist_table_.data(), 5, out_begin, out_next,
                             out_end);
    } else if (type == 2) {
      unsigned litlen_bits = 0;
      unsigned dist_bits = 0;
      e = read_dynamic_codes<kBmi>(bits, litlen_bits, dist_bits);
      if (e == InflateError::ok) {
        e = decode_block<kBmi>(bits, litlen_table_.data(), litlen_bits, dist_table_.data(), dist_bits, out_begin,
                               out_next, out_end);
      }
    } else {
      e = bits.failure(InflateError::bad_block_type);
    }
    if (e != InflateError::ok) return e;
  }
  if (!bits.align_to_byte()) return InflateError::truncated;
  consumed = static_cast<std::size_t>(bits.next - in.data());
  return static_cast<std::size_t>(out_next - out_begin);
}

#if defined(__x86_64__)
[[gnu::target("bmi,bmi2")]] Result<std::size_t, InflateError> DeflateDecoder::inflate_stream_bmi(
    std::span<const std::uint8_t> in, std::span<std::uint8_t> out, std::size_t& consumed) noexcept {
  return decode_stream<true>(in, out, consumed);
}
#endif

Result<std::size_t, InflateError> DeflateDecoder::inflate_stream(std::span<const std::uint8_t> in,
                                                                 std::span<std::uint8_t> out,
                                                                 std::size_t& consumed) noexcept {
#if defined(__x86_64__)
  static const bool bmi = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
  if (bmi) return inflate_stream_bmi(in, out, consumed);
#endif
  return decode_stream<false>(in, out, consumed);
}

Result<std::size_t, InflateError> DeflateDecoder::inflate_raw(std::span<const std::uint8_t> in,
                                                              std::span<std::uint8_t> out) noexcept {
  std::size_t consumed = 0;
  const auto produced = inflate_stream(in, out, consumed);
  if (produced.ok() && consumed != in.size()) return InflateError::trailing_bytes;
  return produced;
}

Result<std::size_t, InflateError> DeflateDecoder::inflate_zlib(std::span<const std::uint8_t> in,
                                                               std::span<std::uint8_t> out) noexcept {
  constexpr std::size_t kHeaderBytes = 2;
  constexpr std::size_t kTrailerBytes = 4;
  if (in.size() < kHeaderBytes) return InflateError::truncated;
  const unsigned cmf = in[0];
  const unsigned flg = in[1];
  if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (flg & 0x20) != 0 || ((cmf << 8) | flg) % 31 != 0) {
    return InflateError::bad_zlib_header;
  }
  if (in.size() < kHeaderBytes + kTrailerBytes) return InflateError::truncated;
  // As libdeflate does, the deflate stream must end before the trailer's four bytes.
  const auto body = in.subspan(kHeaderBytes, in.size() - kHeaderBytes - kTrailerBytes);
  std::size_t consumed = 0;
  const auto produced = inflate_stream(body, out, consumed);
  if (!produced.ok()) return produced;
  if (consumed != body.size()) return InflateError::trailing_bytes;
  const std::uint8_t* trailer = in.data() + in.size() - kTrailerBytes;
  const std::uint32_t expected =
      std::uint32_t{trailer[0]} << 24 | std::uint32_t{trailer[1]} << 16 | std::uint32_t{trailer[2]} << 8 | trailer[3];
  if (adler32(out.first(*produced)) != expected) return InflateError::bad_checksum;
  return produced;
}

Result<std::size_t, InflateError> DeflateDecoder::inflate_zlib_or_raw(std::span<const std::uint8_t> in,
                                                                      std::span<std::uint8_t> out) noexcept {
  if (!looks_like_zlib(in)) return inflate_raw(in, out);
  const auto zlib = inflate_zlib(in, out);
  if (zlib.ok()) return zlib;
  const auto raw = inflate_raw(in, out);
  return raw.ok() ? raw : zlib;
}

bool looks_like_zlib(std::span<const std::uint8_t> in) noexcept {
  if (in.size() < 2) return false;
  const unsigned cmf = in[0];
  const unsigned flg = in[1];
  return (cmf & 0x0Fu) == 8 && (cmf >> 4) <= 7 && (flg & 0x20u) == 0 && ((cmf << 8) | flg) % 31 == 0;
}

}  // namespace oex
