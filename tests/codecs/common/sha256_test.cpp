#include "oex/codecs/sha256.hpp"

#include <gtest/gtest.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace oex::codecs {
namespace {

using Digest = std::array<std::uint8_t, Sha256Hasher::kDigestSize>;

Digest ours(std::string_view text) {
  Sha256Hasher h;
  h.update(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  Digest d{};
  h.finish(d.data());
  return d;
}

Digest wolfcrypt(std::string_view text) {
  wc_Sha256 s;
  wc_InitSha256(&s);
  wc_Sha256Update(&s, reinterpret_cast<const byte*>(text.data()), static_cast<word32>(text.size()));
  Digest d{};
  wc_Sha256Final(&s, d.data());
  wc_Sha256Free(&s);
  return d;
}

std::string hex(const Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : d) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string random_text(std::mt19937_64& rng, std::size_t size) {
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(hex(ours("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(ours("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(ours("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(ours(std::string(1'000'000, 'a'))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every length across the padding's edges (55, 56, 63, 64 ...) and several blocks, against wolfCrypt.
TEST(Sha256, AgreesWithWolfCryptOnEveryLengthUpTo1000Bytes) {
  std::mt19937_64 rng(20261202);
  for (std::size_t size = 0; size <= 1000; ++size) {
    const std::string text = random_text(rng, size);
    ASSERT_EQ(ours(text), wolfcrypt(text)) << "size " << size;
  }
}

TEST(Sha256, ThePiecesUpdatedDoNotChangeTheDigest) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    const std::string text = random_text(rng, rng() % 400);
    Sha256Hasher h;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = std::min<std::size_t>(text.size() - at, rng() % 130);
      h.update(reinterpret_cast<const std::uint8_t*>(text.data()) + at, n);
      at += n;
    }
    Digest d{};
    h.finish(d.data());
    ASSERT_EQ(d, wolfcrypt(text)) << "round " << round;
  }
}

// The two block functions give the same state on the same blocks (on a CPU without the SHA
// extensions the second is the first, and the test says so).
TEST(Sha256, TheShaExtensionsAndThePortableLoopAgree) {
  if (!sha256_detail::cpu_has_sha_extensions()) GTEST_SKIP() << "this CPU has no SHA extensions";
  std::mt19937_64 rng(11);
  for (int round = 0; round < 1000; ++round) {
    const std::size_t blocks = 1 + rng() % 4;
    const std::string data = random_text(rng, 64 * blocks);
    std::uint32_t a[8], b[8];
    for (int i = 0; i < 8; ++i) a[i] = b[i] = static_cast<std::uint32_t>(rng());
    sha256_detail::compress_portable(a, reinterpret_cast<const std::uint8_t*>(data.data()), blocks);
    sha256_detail::compress_sha_extensions(b, reinterpret_cast<const std::uint8_t*>(data.data()), blocks);
    ASSERT_TRUE(std::equal(a, a + 8, b)) << "round " << round;
  }
}

}  // namespace
}  // namespace oex::codecs
