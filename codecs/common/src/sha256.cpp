#include "oex/codecs/sha256.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace oex::codecs {
namespace sha256_detail {
namespace {

alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) noexcept { return (x >> n) | (x << (32 - n)); }

std::uint32_t load_be32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}

}  // namespace

void compress_portable(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) noexcept {
  for (; blocks > 0; --blocks, data += 64) {
    std::uint32_t w[64];
    for (int t = 0; t < 16; ++t) w[t] = load_be32(data + 4 * t);
    for (int t = 16; t < 64; ++t) {
      const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
      const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
      const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#if defined(__x86_64__)

bool cpu_has_sha_extensions() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const bool ssse3_sse41 = (c & bit_SSSE3) != 0 && (c & bit_SSE4_1) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  return ssse3_sse41 && (b & bit_SHA) != 0;
}

namespace {

// Four rounds: the state is kept as the instructions want it, ABEF in one register and CDGH in
// the other; each sha256rnds2 does two rounds and leaves the new ABEF in its first operand.
[[gnu::target("sha,sse4.1"), gnu::always_inline]] inline void four_rounds(__m128i& abef, __m128i& cdgh, __m128i w,
                                                                          int first) noexcept {
  __m128i wk = _mm_add_epi32(w, _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + first)));
  cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
  wk = _mm_shuffle_epi32(wk, 0x0E);
  abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
}

// W[t..t+3] from the sixteen before them, x0 the oldest four: W[t-16] + s0(W[t-15]) from msg1,
// + W[t-7] (the four starting one word into x2), + s1(W[t-2]) from msg2.
[[gnu::target("sha,sse4.1"), gnu::always_inline]] inline __m128i next_words(__m128i x0, __m128i x1, __m128i x2,
                                                                            __m128i x3) noexcept {
  return _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(x0, x1), _mm_alignr_epi8(x3, x2, 4)), x3);
}

[[gnu::target("sha,sse4.1"), gnu::always_inline]] inline __m128i load_words(const std::uint8_t* data) noexcept {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data)), byte_swap);
}

}  // namespace

[[gnu::target("sha,sse4.1")]] void compress_sha_extensions(std::uint32_t state[8], const std::uint8_t* data,
                                                          std::size_t blocks) noexcept {
  const __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0xB1);
  const __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)), 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    __m128i m0 = load_words(data + 0);
    four_rounds(abef, cdgh, m0, 0);
    __m128i m1 = load_words(data + 16);
    four_rounds(abef, cdgh, m1, 4);
    __m128i m2 = load_words(data + 32);
    four_rounds(abef, cdgh, m2, 8);
    __m128i m3 = load_words(data + 48);
    four_rounds(abef, cdgh, m3, 12);
    for (int t = 16; t < 64; t += 16) {
      m0 = next_words(m0, m1, m2, m3);
      four_rounds(abef, cdgh, m0, t);
      m1 = next_words(m1, m2, m3, m0);
      four_rounds(abef, cdgh, m1, t + 4);
      m2 = next_words(m2, m3, m0, m1);
      four_rounds(abef, cdgh, m2, t + 8);
      m3 = next_words(m3, m0, m1, m2);
      four_rounds(abef, cdgh, m3, t + 12);
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));     // DCBA
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));  // HGFE
}

#else

bool cpu_has_sha_extensions() noexcept { return false; }
void compress_sha_extensions(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) noexcept {
  compress_portable(state, data, blocks);
}

#endif

}  // namespace sha256_detail

namespace {
// Chosen at the first use (not by a static initializer, which another's could run before).
void compress(std::uint32_t* state, const std::uint8_t* data, std::size_t blocks) noexcept {
  using Compress = void (*)(std::uint32_t*, const std::uint8_t*, std::size_t) noexcept;
  static const Compress chosen = sha256_detail::cpu_has_sha_extensions() ? sha256_detail::compress_sha_extensions
                                                                          : sha256_detail::compress_portable;
  chosen(state, data, blocks);
}
}  // namespace

void Sha256Hasher::reset() noexcept {
  static constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::memcpy(state_, kInitial, sizeof state_);
  pending_size_ = 0;
  total_size_ = 0;
}

void Sha256Hasher::update(const std::uint8_t* data, std::size_t size) noexcept {
  total_size_ += size;
  if (pending_size_ > 0) {
    const std::size_t take = size < kBlockSize - pending_size_ ? size : kBlockSize - pending_size_;
    std::memcpy(pending_ + pending_size_, data, take);
    pending_size_ += take;
    data += take;
    size -= take;
    if (pending_size_ < kBlockSize) return;
    compress(state_, pending_, 1);
    pending_size_ = 0;
  }
  if (size >= kBlockSize) {
    compress(state_, data, size / kBlockSize);
    data += size / kBlockSize * kBlockSize;
    size %= kBlockSize;
  }
  if (size > 0) std::memcpy(pending_, data, size);
  pending_size_ = size;
}

void Sha256Hasher::finish(std::uint8_t* digest) noexcept {
  const std::uint64_t bits = total_size_ * 8;
  pending_[pending_size_++] = 0x80;
  if (pending_size_ > kBlockSize - 8) {
    std::memset(pending_ + pending_size_, 0, kBlockSize - pending_size_);
    compress(state_, pending_, 1);
    pending_size_ = 0;
  }
  std::memset(pending_ + pending_size_, 0, kBlockSize - 8 - pending_size_);
  for (int i = 0; i < 8; ++i) pending_[kBlockSize - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  compress(state_, pending_, 1);
  for (int i = 0; i < 8; ++i) {
    digest[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
    digest[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
    digest[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
    digest[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
  }
}

}  // namespace oex::codecs
