#include "oex/transport/aes_gcm.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace oex::transport::aes_gcm {

#if defined(__x86_64__)

bool cpu_supported() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  return (c & bit_AES) != 0 && (c & bit_PCLMUL) != 0 && (c & bit_SSE4_1) != 0 && (c & bit_SSSE3) != 0;
}

namespace {

#define OEX_AES_GCM_TARGET gnu::target("aes,pclmul,sse4.1")

struct Schedule {
  __m128i round[15];
  int rounds;
};

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i expand_step(__m128i key, __m128i assist) noexcept {
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

// FIPS 197 key expansion; aeskeygenassist takes its round constant as an immediate, so each
// round is written out.
[[OEX_AES_GCM_TARGET]] void expand_128(const std::uint8_t* key, Schedule& s) noexcept {
  __m128i* r = s.round;
  r[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
#define OEX_ROUND_128(i, rcon) \
  r[i] = expand_step(r[i - 1], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(r[i - 1], rcon), 0xFF))
  OEX_ROUND_128(1, 0x01);
  OEX_ROUND_128(2, 0x02);
  OEX_ROUND_128(3, 0x04);
  OEX_ROUND_128(4, 0x08);
  OEX_ROUND_128(5, 0x10);
  OEX_ROUND_128(6, 0x20);
  OEX_ROUND_128(7, 0x40);
  OEX_ROUND_128(8, 0x80);
  OEX_ROUND_128(9, 0x1B);
  OEX_ROUND_128(10, 0x36);
#undef OEX_ROUND_128
  s.rounds = 10;
}

[[OEX_AES_GCM_TARGET]] void expand_256(const std::uint8_t* key, Schedule& s) noexcept {
  __m128i* r = s.round;
  r[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  r[1] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 16));
  // Even round keys take RotWord+SubWord of the last word with the round constant, odd ones SubWord alone.
#define OEX_EVEN_256(i, rcon) \
  r[i] = expand_step(r[i - 2], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(r[i - 1], rcon), 0xFF))
#define OEX_ODD_256(i) r[i] = expand_step(r[i - 2], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(r[i - 1], 0), 0xAA))
  OEX_EVEN_256(2, 0x01);
  OEX_ODD_256(3);
  OEX_EVEN_256(4, 0x02);
  OEX_ODD_256(5);
  OEX_EVEN_256(6, 0x04);
  OEX_ODD_256(7);
  OEX_EVEN_256(8, 0x08);
  OEX_ODD_256(9);
  OEX_EVEN_256(10, 0x10);
  OEX_ODD_256(11);
  OEX_EVEN_256(12, 0x20);
  OEX_ODD_256(13);
  OEX_EVEN_256(14, 0x40);
#undef OEX_EVEN_256
#undef OEX_ODD_256
  s.rounds = 14;
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i encrypt_block(const Schedule& s, __m128i x) noexcept {
  x = _mm_xor_si128(x, s.round[0]);
  for (int i = 1; i < s.rounds; ++i) x = _mm_aesenc_si128(x, s.round[i]);
  return _mm_aesenclast_si128(x, s.round[s.rounds]);
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i byte_reverse(__m128i x) noexcept {
  return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// Multiplication in GF(2^128) of two byte-reversed GHASH blocks (Gueron and Kounavis, "Intel
// Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode", algorithm 5):
// the 256-bit carry-less product, then (reduce) shifted left one bit for GCM's reflected bit
// order and reduced modulo x^128 + x^7 + x^2 + x + 1. Both steps are linear, so the sum of several
// products needs only one of them.
struct Wide {
  __m128i low, high;
};

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline Wide product(__m128i a, __m128i b) noexcept {
  const __m128i middle = _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x10), _mm_clmulepi64_si128(a, b, 0x01));
  return {_mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x00), _mm_slli_si128(middle, 8)),
          _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x11), _mm_srli_si128(middle, 8))};
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline Wide operator^(Wide a, Wide b) noexcept {
  return {_mm_xor_si128(a.low, b.low), _mm_xor_si128(a.high, b.high)};
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i reduce(Wide w) noexcept {
  __m128i low = w.low, high = w.high;
  __m128i carry_low = _mm_srli_epi32(low, 31);
  __m128i carry_high = _mm_srli_epi32(high, 31);
  low = _mm_slli_epi32(low, 1);
  high = _mm_slli_epi32(high, 1);
  const __m128i across = _mm_srli_si128(carry_low, 12);
  carry_high = _mm_slli_si128(carry_high, 4);
  carry_low = _mm_slli_si128(carry_low, 4);
  low = _mm_or_si128(low, carry_low);
  high = _mm_or_si128(_mm_or_si128(high, carry_high), across);

  __m128i fold = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(low, 31), _mm_slli_epi32(low, 30)), _mm_slli_epi32(low, 25));
  const __m128i fold_high = _mm_srli_si128(fold, 4);
  fold = _mm_slli_si128(fold, 12);
  low = _mm_xor_si128(low, fold);
  __m128i rest = _mm_xor_si128(_mm_xor_si128(_mm_srli_epi32(low, 1), _mm_srli_epi32(low, 2)), _mm_srli_epi32(low, 7));
  rest = _mm_xor_si128(rest, fold_high);
  low = _mm_xor_si128(low, rest);
  return _mm_xor_si128(high, low);
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i gf_multiply(__m128i a, __m128i b) noexcept {
  return reduce(product(a, b));
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i load_partial(const std::uint8_t* p, std::size_t n) noexcept {
  alignas(16) std::uint8_t block[16] = {};
  std::memcpy(block, p, n);
  return _mm_load_si128(reinterpret_cast<const __m128i*>(block));
}

// H, H^2, H^3, H^4, byte-reversed: four blocks then cost four independent multiplications,
// (((y + x0)H + x1)H + x2)H + x3)H = (y + x0)H^4 + x1 H^3 + x2 H^2 + x3 H, and one reduction,
// instead of a chain of four.
struct HashKey {
  __m128i power[4];
};

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i load_block(const std::uint8_t* p) noexcept {
  return byte_reverse(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// y <- GHASH of y and `size` bytes (the last block zero-padded), all byte-reversed.
[[OEX_AES_GCM_TARGET]] __m128i ghash(__m128i y, const HashKey& k, const std::uint8_t* data, std::size_t size) noexcept {
  std::size_t i = 0;
  for (; i + 64 <= size; i += 64) {
    y = reduce(product(_mm_xor_si128(y, load_block(data + i)), k.power[3]) ^
               product(load_block(data + i + 16), k.power[2]) ^ product(load_block(data + i + 32), k.power[1]) ^
               product(load_block(data + i + 48), k.power[0]));
  }
  for (; i + 16 <= size; i += 16) y = gf_multiply(_mm_xor_si128(y, load_block(data + i)), k.power[0]);
  if (i < size) y = gf_multiply(_mm_xor_si128(y, byte_reverse(load_partial(data + i, size - i))), k.power[0]);
  return y;
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline __m128i counter_block(__m128i iv, std::uint32_t counter) noexcept {
  return _mm_insert_epi32(iv, static_cast<int>(__builtin_bswap32(counter)), 3);
}

[[OEX_AES_GCM_TARGET, gnu::always_inline]] inline void xor_block(const std::uint8_t* in, std::uint8_t* out,
                                                                 __m128i key) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                   _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in)), key));
}

// CTR mode from `counter`, four blocks at a time so the AES rounds of one overlap the others'.
[[OEX_AES_GCM_TARGET]] void apply_keystream(const Schedule& s, __m128i iv, std::uint32_t counter, const std::uint8_t* in,
                                           std::size_t size, std::uint8_t* out) noexcept {
  std::size_t i = 0;
  for (; i + 64 <= size; i += 64, counter += 4) {
    __m128i b0 = _mm_xor_si128(counter_block(iv, counter), s.round[0]);
    __m128i b1 = _mm_xor_si128(counter_block(iv, counter + 1), s.round[0]);
    __m128i b2 = _mm_xor_si128(counter_block(iv, counter + 2), s.round[0]);
    __m128i b3 = _mm_xor_si128(counter_block(iv, counter + 3), s.round[0]);
    for (int r = 1; r < s.rounds; ++r) {
      const __m128i k = s.round[r];
      b0 = _mm_aesenc_si128(b0, k);
      b1 = _mm_aesenc_si128(b1, k);
      b2 = _mm_aesenc_si128(b2, k);
      b3 = _mm_aesenc_si128(b3, k);
    }
    const __m128i last = s.round[s.rounds];
    xor_block(in + i, out + i, _mm_aesenclast_si128(b0, last));
    xor_block(in + i + 16, out + i + 16, _mm_aesenclast_si128(b1, last));
    xor_block(in + i + 32, out + i + 32, _mm_aesenclast_si128(b2, last));
    xor_block(in + i + 48, out + i + 48, _mm_aesenclast_si128(b3, last));
  }
  for (; i < size; i += 16, ++counter) {
    const __m128i key = encrypt_block(s, counter_block(iv, counter));
    if (i + 16 <= size) {
      xor_block(in + i, out + i, key);
    } else {
      alignas(16) std::uint8_t block[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(block), _mm_xor_si128(load_partial(in + i, size - i), key));
      std::memcpy(out + i, block, size - i);
    }
  }
}

struct Prepared {
  Schedule schedule;
  __m128i iv;        // the IV in bytes 0-11, the counter's place zero
  HashKey hash_key;  // from H = E(K, 0)
  __m128i tag_mask;  // E(K, J0)
};

[[OEX_AES_GCM_TARGET]] bool prepare(const Record& record, Prepared& p) noexcept {
  if (record.iv_size != 12) return false;
  if (record.key_size == 16) {
    expand_128(record.key, p.schedule);
  } else if (record.key_size == 32) {
    expand_256(record.key, p.schedule);
  } else {
    return false;
  }
  p.iv = load_partial(record.iv, 12);
  const __m128i h = byte_reverse(encrypt_block(p.schedule, _mm_setzero_si128()));
  p.hash_key.power[0] = h;
  for (int i = 1; i < 4; ++i) p.hash_key.power[i] = gf_multiply(p.hash_key.power[i - 1], h);
  p.tag_mask = encrypt_block(p.schedule, counter_block(p.iv, 1));
  return true;
}

[[OEX_AES_GCM_TARGET]] __m128i tag_of(const Prepared& p, const Record& record, const std::uint8_t* ciphertext,
                                      std::size_t size) noexcept {
  __m128i y = ghash(_mm_setzero_si128(), p.hash_key, record.aad, record.aad_size);
  y = ghash(y, p.hash_key, ciphertext, size);
  const __m128i lengths = _mm_set_epi64x(static_cast<long long>(record.aad_size * 8), static_cast<long long>(size * 8));
  y = gf_multiply(_mm_xor_si128(y, lengths), p.hash_key.power[0]);
  return _mm_xor_si128(byte_reverse(y), p.tag_mask);
}

}  // namespace

[[OEX_AES_GCM_TARGET]] Status seal(const Record& record, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                                   std::uint8_t* tag, std::size_t tag_size) noexcept {
  Prepared p;
  if (tag_size > 16 || !prepare(record, p)) return Status::unsupported;
  apply_keystream(p.schedule, p.iv, 2, in, size, out);
  alignas(16) std::uint8_t full[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(full), tag_of(p, record, out, size));
  std::memcpy(tag, full, tag_size);
  return Status::ok;
}

[[OEX_AES_GCM_TARGET]] Status open(const Record& record, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                                   const std::uint8_t* tag, std::size_t tag_size) noexcept {
  Prepared p;
  if (tag_size > 16 || !prepare(record, p)) return Status::unsupported;
  alignas(16) std::uint8_t expected[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(expected), tag_of(p, record, in, size));
  std::uint8_t difference = 0;  // every byte compared, whatever the first mismatch
  for (std::size_t i = 0; i < tag_size; ++i) difference |= static_cast<std::uint8_t>(expected[i] ^ tag[i]);
  if (difference != 0) return Status::tag_mismatch;
  apply_keystream(p.schedule, p.iv, 2, in, size, out);
  return Status::ok;
}

#undef OEX_AES_GCM_TARGET

#else

bool cpu_supported() noexcept { return false; }
Status seal(const Record&, const std::uint8_t*, std::size_t, std::uint8_t*, std::uint8_t*, std::size_t) noexcept {
  return Status::unsupported;
}
Status open(const Record&, const std::uint8_t*, std::size_t, std::uint8_t*, const std::uint8_t*, std::size_t) noexcept {
  return Status::unsupported;
}

#endif

}  // namespace oex::transport::aes_gcm
