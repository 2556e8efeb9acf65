#pragma once
// Request signing: SHA-256 of our own (sha256.hpp says why), SHA-384 and MD5 from wolfCrypt.
// An Hmac is built once per key at start-up: the inner and outer key pads are hashed then, and
// each message only copies those two states and hashes the message (RFC 2104 with the pads
// precomputed), never repeating the key schedule.
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/md5.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "oex/codecs/sha256.hpp"

namespace oex::codecs {

struct Sha256 {
  using State = Sha256Hasher;
  static constexpr std::size_t kBlockSize = Sha256Hasher::kBlockSize;
  static constexpr std::size_t kDigestSize = Sha256Hasher::kDigestSize;
  static int init(State* s) noexcept {
    s->reset();
    return 0;
  }
  static int update(State* s, const std::uint8_t* p, std::size_t n) noexcept {
    s->update(p, n);
    return 0;
  }
  static int final(State* s, std::uint8_t* out) noexcept {
    s->finish(out);
    return 0;
  }
  static int copy(State* from, State* to) noexcept {
    *to = *from;
    return 0;
  }
  static void free(State* s) noexcept { *s = State{}; }  // key-derived: not left behind
};

struct Sha384 {
  using State = wc_Sha384;
  static constexpr std::size_t kBlockSize = WC_SHA384_BLOCK_SIZE;
  static constexpr std::size_t kDigestSize = WC_SHA384_DIGEST_SIZE;
  static int init(State* s) noexcept { return wc_InitSha384(s); }
  static int update(State* s, const std::uint8_t* p, std::size_t n) noexcept {
    return wc_Sha384Update(s, p, static_cast<word32>(n));
  }
  static int final(State* s, std::uint8_t* out) noexcept { return wc_Sha384Final(s, out); }
  static int copy(State* from, State* to) noexcept { return wc_Sha384Copy(from, to); }
  static void free(State* s) noexcept { wc_Sha384Free(s); }
};

struct Md5 {
  using State = wc_Md5;
  static constexpr std::size_t kBlockSize = WC_MD5_BLOCK_SIZE;
  static constexpr std::size_t kDigestSize = WC_MD5_DIGEST_SIZE;
  static int init(State* s) noexcept { return wc_InitMd5(s); }
  static int update(State* s, const std::uint8_t* p, std::size_t n) noexcept {
    return wc_Md5Update(s, p, static_cast<word32>(n));
  }
  static int final(State* s, std::uint8_t* out) noexcept { return wc_Md5Final(s, out); }
  static int copy(State* from, State* to) noexcept { return wc_Md5Copy(from, to); }
  static void free(State* s) noexcept { wc_Md5Free(s); }
};

template <class Hash>
using Digest = std::array<std::uint8_t, Hash::kDigestSize>;

// The hash of the concatenated parts (Deflow's and Cryptomus's MD5 signatures).
template <class Hash>
[[nodiscard]] Digest<Hash> digest(std::initializer_list<std::string_view> parts) noexcept {
  typename Hash::State state;
  Hash::init(&state);
  for (const std::string_view part : parts) {
    Hash::update(&state, reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
  }
  Digest<Hash> out{};
  Hash::final(&state, out.data());
  Hash::free(&state);
  return out;
}

template <class Hash>
class Hmac {
 public:
  // Start-up: hashes the key pads once. The key itself is not kept.
  explicit Hmac(std::string_view key) noexcept;
  ~Hmac() {
    Hash::free(&inner_);
    Hash::free(&outer_);
  }
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  // HMAC over the concatenation of `parts` (BTSE signs path + nonce + body without joining them).
  [[nodiscard]] Digest<Hash> sign(std::initializer_list<std::string_view> parts) const noexcept;

 private:
  mutable typename Hash::State inner_;  // after the key XOR ipad block
  mutable typename Hash::State outer_;  // after the key XOR opad block
};

using HmacSha256 = Hmac<Sha256>;
using HmacSha384 = Hmac<Sha384>;

extern template class Hmac<Sha256>;
extern template class Hmac<Sha384>;

}  // namespace oex::codecs
