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
//   bits 8-11   the codeword's (remaining) length, where the extra bits start; for a subtable
//               pointer, the subtable's index bits
//   bit 12      subtable pointer
//   bit 13      end of block
//   bits 16-30  literal byte, length or distance base, precode symbol, or subtable start
//   bit 31      literal
constexpr std::uint32_t kSubtable = 1u << 12;
constexpr std::uint32_t kEndOfBlock = 1u << 13;
constexpr std::uint32_t kLiteral = 1u << 31;

constexpr std::uint32_t result_entry(std::uint32_t value, std::uint32_t extra_bits) { return value << 16 | extra_bits; }

constexpr std::uint32_t make_entry(std::uint32_t result, unsigned codeword_length) {
  return result + (codeword_length << 8) + codeword_length;
}

constexpr unsigned bits_to_consume(std::uint32_t entry) { return entry & 0xFF; }
constexpr unsigned codeword_length(std::uint32_t entry) { return (entry >> 8) & 0xF; }
constexpr std::uint64_t low_bits_mask(unsigned n) { return (std::uint64_t{1} << n) - 1; }

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

constexpr std::array<std::uint32_t, 19> kPrecodeResults = [] {
  std::array<std::uint32_t, 19> r{};
  for (std::uint32_t i = 0; i < r.size(); ++i) r[i] = result_entry(i, 0);
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

// The low `length` bits of `code`, in reverse order.
OEX_INFLATE_INLINE unsigned reverse_bits(unsigned code, unsigned length) noexcept {
  return (unsigned{kReversedBytes[code & 0xFF]} << 8 | kReversedBytes[code >> 8]) >> (16 - length);
}

// Counts of codewords by length (index 0 unused) and the symbols that have one, increasing.
struct CodeShape {
  std::array<std::uint32_t, kMaxCodewordLength + 1> counts{};
  std::span<const std::uint16_t> used;
};

// Fills `table` for the canonical code of `lengths`: a main table of min(longest codeword,
// max_table_bits) index bits, then one subtable per main-table prefix of the longer codewords.
// The main table is built at the shortest codeword length and doubled by copying as the lengths
// grow, so each codeword is stored once and its replicas are block copies. Returns the main table's
// index bits, or 0 when the lengths do not form a code libdeflate accepts.
unsigned build_table(std::uint32_t* table, std::size_t capacity, const std::uint8_t* lengths, const CodeShape& shape,
                     const std::uint32_t* results, unsigned max_table_bits, unsigned max_length,
                     std::uint16_t* sorted) noexcept {
  const auto& counts = shape.counts;
  unsigned longest = 1;
  std::uint32_t codespace_used = 0;  // in units of 2^-max_length
  for (unsigned len = 1; len <= max_length; ++len) {
    codespace_used = (codespace_used << 1) + counts[len];
    if (counts[len] != 0) longest = len;
  }
  const unsigned table_bits = std::min(max_table_bits, longest);
  if (codespace_used > (1u << max_length)) return 0;
  if (codespace_used < (1u << max_length)) {
    std::uint32_t entry;
    if (codespace_used == 0) {
      entry = make_entry(results[0], 1);
    } else if (codespace_used == 1u << (max_length - 1) && counts[1] == 1) {
      entry = make_entry(results[shape.used[0]], 1);
    } else {
      return 0;
    }
    std::fill_n(table, std::size_t{1} << table_bits, entry);
    return table_bits;
  }

  std::array<std::uint32_t, kMaxCodewordLength + 1> offsets;
  offsets[1] = 0;
  for (unsigned len = 1; len < max_length; ++len) offsets[len + 1] = offsets[len] + counts[len];
  for (const std::uint16_t symbol : shape.used) sorted[offsets[lengths[symbol]]++] = symbol;

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
    for (unsigned k = counts[len]; k != 0; --k) {
      table[reverse_bits(code++, len)] = make_entry(results[*next_symbol++], len);
    }
    if (len == table_bits) break;
    std::memcpy(table + table_end, table, table_end * sizeof *table);
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
      const std::uint32_t entry = make_entry(results[*next_symbol++], len - table_bits);
      const unsigned stride = 1u << (len - table_bits);
      for (unsigned i = subtable_start + (codeword >> table_bits); i < table_end; i += stride) table[i] = entry;
    }
  }
  return table_bits;
}

// Matches copied 16 or 8 bytes at a time write up to 15 bytes past their end.
constexpr std::size_t kCopyOvershoot = 15;
// The fast loop decodes up to two literals and a match per iteration and refills twice.
constexpr std::size_t kFastOutputMargin = 2 + kMaxMatchLength + kCopyOvershoot;
constexpr std::size_t kFastInputMargin = 16;

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
[[gnu::target("avx2")]] std::uint32_t adler32_avx2(std::span<const std::uint8_t> data) noexcept {
  constexpr std::size_t kStep = 32;
  constexpr std::size_t kMaxSteps = 1024;
  Adler32 adler;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
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
  return adler.value();
}
#endif

std::uint32_t adler32(std::span<const std::uint8_t> data) noexcept {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return adler32_avx2(data);
#endif
  Adler32 adler;
  adler.update_bytewise(data.data(), data.size());
  return adler.value();
}

}  // namespace

// Input bits, least significant first. Past the end of the input it supplies zero bytes, counted,
// so that decoding need not tell lookahead from a real overrun until a block or the stream ends.
struct DeflateDecoder::BitReader {
  const std::uint8_t* next;
  const std::uint8_t* end;
  std::uint64_t buffer = 0;  // bits above `count` are zero or the input's next bits
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
  std::array<std::uint16_t, kNumLitlenSymbols> symbols;
  CodeShape shape;
  for (std::uint16_t i = 0; i < kNumLitlenSymbols; ++i) {
    lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    symbols[i] = i;
    ++shape.counts[lengths[i]];
  }
  shape.used = symbols;
  build_table(fixed_litlen_table_.data(), fixed_litlen_table_.size(), lengths.data(), shape, kLitlenResults.data(), 9,
              kMaxCodewordLength, sorted_symbols_.data());
  shape.counts = {};
  shape.counts[5] = kNumDistSymbols;
  shape.used = std::span(symbols).first(kNumDistSymbols);
  std::fill_n(lengths.begin(), kNumDistSymbols, 5);
  build_table(fixed_dist_table_.data(), fixed_dist_table_.size(), lengths.data(), shape, kDistResults.data(), 5,
              kMaxCodewordLength, sorted_symbols_.data());
}

InflateError DeflateDecoder::read_dynamic_codes(BitReader& bits, unsigned& litlen_bits, unsigned& dist_bits) noexcept {
  if (!bits.ensure(14)) return InflateError::truncated;
  const unsigned num_litlen = bits.pop(5) + 257;
  const unsigned num_dist = bits.pop(5) + 1;
  const unsigned num_precode = bits.pop(4) + 4;

  std::array<std::uint8_t, kNumPrecodeSymbols> precode_lengths{};
  for (unsigned i = 0; i < num_precode; ++i) {
    if (!bits.ensure(3)) return InflateError::truncated;
    precode_lengths[kPrecodeOrder[i]] = static_cast<std::uint8_t>(bits.pop(3));
  }
  std::array<std::uint16_t, kNumPrecodeSymbols> precode_used;
  CodeShape precode;
  std::size_t num_precode_used = 0;
  for (std::uint16_t symbol = 0; symbol < kNumPrecodeSymbols; ++symbol) {
    if (precode_lengths[symbol] == 0) continue;
    precode_used[num_precode_used++] = symbol;
    ++precode.counts[precode_lengths[symbol]];
  }
  precode.used = std::span(precode_used).first(num_precode_used);
  const unsigned precode_bits =
      build_table(precode_table_.data(), precode_table_.size(), precode_lengths.data(), precode, kPrecodeResults.data(),
                  kPrecodeTableBits, kMaxPrecodeCodewordLength, sorted_symbols_.data());
  if (precode_bits == 0) return bits.failure(InflateError::bad_huffman_code);

  // The lengths are counted and their symbols listed as they are decoded, so that building the
  // tables visits the used symbols only: a small frame's code uses a fraction of the 288.
  const unsigned total = num_litlen + num_dist;
  std::uint8_t* const lengths = lengths_.data();
  std::uint16_t* const used = used_symbols_.data();
  std::array<std::uint32_t, kMaxCodewordLength + 1> counts{};
  unsigned num_used = 0;
  unsigned i = 0;
  const std::uint64_t precode_mask = low_bits_mask(precode_bits);
  while (i < total) {
    if (!bits.ensure(kMaxPrecodeCodewordLength + 7)) return InflateError::truncated;
    const std::uint32_t entry = precode_table_[bits.buffer & precode_mask];
    bits.consume(bits_to_consume(entry));
    const unsigned presym = entry >> 16;
    if (presym < 16) {
      lengths[i] = static_cast<std::uint8_t>(presym);
      used[num_used] = static_cast<std::uint16_t>(i);
      num_used += presym != 0;
      ++counts[presym];
      ++i;
    } else if (presym == 16) {  // the previous length 3-6 times; stores 6 either way
      if (i == 0) return bits.failure(InflateError::bad_huffman_code);
      const std::uint8_t previous = lengths[i - 1];
      const unsigned repeat = 3 + bits.pop(2);
      for (unsigned k = 0; k < 6; ++k) {
        lengths[i + k] = previous;
        used[num_used + k] = static_cast<std::uint16_t>(i + k);
      }
      if (previous != 0) {
        num_used += repeat;
        counts[previous] += repeat;
      }
      i += repeat;
    } else if (presym == 17) {  // zero 3-10 times; stores 10 either way
      const unsigned repeat = 3 + bits.pop(3);
      std::memset(lengths + i, 0, 10);
      i += repeat;
    } else {  // zero 11-138 times
      const unsigned repeat = 11 + bits.pop(7);
      std::memset(lengths + i, 0, repeat);
      i += repeat;
    }
  }
  if (i > total && lengths[total - 1] != 0) {  // a repeat of a non-zero length ran past the end
    num_used -= i - total;
    counts[lengths[total - 1]] -= i - total;
  }

  CodeShape litlen;
  CodeShape dist;
  unsigned split = num_used;
  while (split > 0 && used[split - 1] >= num_litlen) {
    --split;
    used[split] = static_cast<std::uint16_t>(used[split] - num_litlen);
    ++dist.counts[lengths[num_litlen + used[split]]];
  }
  for (unsigned len = 1; len <= kMaxCodewordLength; ++len) litlen.counts[len] = counts[len] - dist.counts[len];
  litlen.used = std::span<const std::uint16_t>(used, split);
  dist.used = std::span<const std::uint16_t>(used + split, num_used - split);

  dist_bits = build_table(dist_table_.data(), dist_table_.size(), lengths + num_litlen, dist, kDistResults.data(),
                          kDistTableBits, kMaxCodewordLength, sorted_symbols_.data());
  if (dist_bits == 0) return bits.failure(InflateError::bad_huffman_code);
  litlen_bits = build_table(litlen_table_.data(), litlen_table_.size(), lengths, litlen, kLitlenResults.data(),
                            kLitlenTableBits, kMaxCodewordLength, sorted_symbols_.data());
  if (litlen_bits == 0) return bits.failure(InflateError::bad_huffman_code);
  return InflateError::ok;
}

InflateError DeflateDecoder::decode_block(BitReader& reader, const std::uint32_t* litlen, unsigned litlen_bits,
                                          const std::uint32_t* dist, unsigned dist_bits, std::uint8_t* const out_begin,
                                          std::uint8_t*& out_next, std::uint8_t* const out_end) noexcept {
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

  // While the input and output are far from their ends: no bounds checks but the distance.
  while (static_cast<std::size_t>(bits.end - bits.next) >= kFastInputMargin &&
         static_cast<std::size_t>(out_end - out) >= kFastOutputMargin) {
    bits.refill_word();
    std::uint32_t entry = litlen[bits.buffer & litlen_mask];
    if (entry & kLiteral) {
      bits.consume(bits_to_consume(entry));
      *out++ = static_cast<std::uint8_t>(entry >> 16);
      entry = litlen[bits.buffer & litlen_mask];
      if (entry & kLiteral) {
        bits.consume(bits_to_consume(entry));
        *out++ = static_cast<std::uint8_t>(entry >> 16);
        entry = litlen[bits.buffer & litlen_mask];
        if (entry & kLiteral) {
          bits.consume(bits_to_consume(entry));
          *out++ = static_cast<std::uint8_t>(entry >> 16);
          continue;
        }
      }
      bits.refill_word();  // room for a whole match
    }
    if (entry & kSubtable) {
      bits.consume(bits_to_consume(entry));
      entry = litlen[(entry >> 16) + bits.peek(codeword_length(entry))];
      if (entry & kLiteral) {
        bits.consume(bits_to_consume(entry));
        *out++ = static_cast<std::uint8_t>(entry >> 16);
        continue;
      }
    }
    std::uint64_t saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    if (entry & kEndOfBlock) return finish(InflateError::ok);
    const std::uint32_t length = value_of(entry, saved);
    entry = dist[bits.buffer & dist_mask];
    if (entry & kSubtable) {
      bits.consume(bits_to_consume(entry));
      entry = dist[(entry >> 16) + bits.peek(codeword_length(entry))];
    }
    saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    const std::uint32_t distance = value_of(entry, saved);
    if (distance > static_cast<std::size_t>(out - out_begin)) return finish(InflateError::bad_distance);
    copy_match_with_overshoot(out, distance, length);
    out += length;
  }

  for (;;) {
    if (!bits.ensure(kMaxMatchBits)) return finish(InflateError::truncated);
    std::uint32_t entry = litlen[bits.buffer & litlen_mask];
    if (entry & kSubtable) {
      bits.consume(bits_to_consume(entry));
      entry = litlen[(entry >> 16) + bits.peek(codeword_length(entry))];
    }
    std::uint64_t saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    if (entry & kLiteral) {
      if (out == out_end) return finish(bits.failure(InflateError::output_full));
      *out++ = static_cast<std::uint8_t>(entry >> 16);
      continue;
    }
    if (entry & kEndOfBlock) return finish(InflateError::ok);
    const std::uint32_t length = value_of(entry, saved);
    entry = dist[bits.buffer & dist_mask];
    if (entry & kSubtable) {
      bits.consume(bits_to_consume(entry));
      entry = dist[(entry >> 16) + bits.peek(codeword_length(entry))];
    }
    saved = bits.buffer;
    bits.consume(bits_to_consume(entry));
    const std::uint32_t distance = value_of(entry, saved);
    if (distance > static_cast<std::size_t>(out - out_begin)) return finish(bits.failure(InflateError::bad_distance));
    if (length > static_cast<std::size_t>(out_end - out)) return finish(bits.failure(InflateError::output_full));
    const std::uint8_t* src = out - distance;
    for (std::uint32_t k = 0; k < length; ++k) out[k] = src[k];
    out += length;
  }
}

Result<std::size_t, InflateError> DeflateDecoder::inflate_stream(std::span<const std::uint8_t> in,
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
      e = decode_block(bits, fixed_litlen_table_.data(), 9, fixed_dist_table_.data(), 5, out_begin, out_next, out_end);
    } else if (type == 2) {
      unsigned litlen_bits = 0;
      unsigned dist_bits = 0;
      e = read_dynamic_codes(bits, litlen_bits, dist_bits);
      if (e == InflateError::ok) {
        e = decode_block(bits, litlen_table_.data(), litlen_bits, dist_table_.data(), dist_bits, out_begin, out_next,
                         out_end);
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

bool looks_like_zlib(std::span<const std::uint8_t> in) noexcept {
  if (in.size() < 2) return false;
  const unsigned cmf = in[0];
  const unsigned flg = in[1];
  return (cmf & 0x0Fu) == 8 && (cmf >> 4) <= 7 && (flg & 0x20u) == 0 && ((cmf << 8) | flg) % 31 == 0;
}

}  // namespace oex
