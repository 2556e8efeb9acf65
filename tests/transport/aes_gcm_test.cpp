#include "oex/transport/aes_gcm.hpp"

#include <gtest/gtest.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/aes.h>

#include <random>
#include <vector>

namespace oex::transport::aes_gcm {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes random_bytes(std::mt19937_64& rng, std::size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

Record record_of(const Bytes& key, const Bytes& iv, const Bytes& aad) {
  return {key.data(), key.size(), iv.data(), iv.size(), aad.data(), aad.size()};
}

// wolfCrypt's own AES-GCM (software, no device): the reference.
void wolfcrypt_seal(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& in, Bytes& out, Bytes& tag) {
  Aes aes;
  ASSERT_EQ(wc_AesInit(&aes, nullptr, INVALID_DEVID), 0);
  ASSERT_EQ(wc_AesGcmSetKey(&aes, key.data(), static_cast<word32>(key.size())), 0);
  out.resize(in.size());
  ASSERT_EQ(wc_AesGcmEncrypt(&aes, out.data(), in.data(), static_cast<word32>(in.size()), iv.data(),
                             static_cast<word32>(iv.size()), tag.data(), static_cast<word32>(tag.size()), aad.data(),
                             static_cast<word32>(aad.size())),
            0);
  wc_AesFree(&aes);
}

class AesGcm : public testing::Test {
 protected:
  void SetUp() override {
    if (!cpu_supported()) GTEST_SKIP() << "this CPU has no AES-NI and PCLMULQDQ; wolfSSL keeps AES-GCM";
  }
};

// Every size from 0 to 300 bytes (partial blocks, the four-block loop's edges), both key sizes,
// AAD of TLS 1.3's 5 bytes, TLS 1.2's 13 and odd others: the same ciphertext and tag as wolfCrypt,
// and open() gives back the plaintext.
TEST_F(AesGcm, AgreesWithWolfCryptAndRoundTrips) {
  std::mt19937_64 rng(20261202);
  for (const std::size_t key_size : {16u, 32u}) {
    for (std::size_t size = 0; size <= 300; ++size) {
      const Bytes key = random_bytes(rng, key_size), iv = random_bytes(rng, 12);
      const Bytes aad = random_bytes(rng, std::array<std::size_t, 5>{0, 5, 13, 17, 40}[size % 5]);
      const Bytes plain = random_bytes(rng, size);
      Bytes expected, expected_tag(16);
      wolfcrypt_seal(key, iv, aad, plain, expected, expected_tag);

      Bytes sealed(size), tag(16);
      ASSERT_EQ(seal(record_of(key, iv, aad), plain.data(), size, sealed.data(), tag.data(), 16), Status::ok);
      ASSERT_EQ(sealed, expected) << "key " << key_size << " size " << size;
      ASSERT_EQ(tag, expected_tag) << "key " << key_size << " size " << size;

      Bytes opened(size);
      ASSERT_EQ(open(record_of(key, iv, aad), sealed.data(), size, opened.data(), tag.data(), 16), Status::ok);
      ASSERT_EQ(opened, plain);
    }
  }
}

TEST_F(AesGcm, LargeRecordsInPlace) {
  std::mt19937_64 rng(5);
  const Bytes key = random_bytes(rng, 16), iv = random_bytes(rng, 12), aad = random_bytes(rng, 5);
  const Bytes plain = random_bytes(rng, 16384 + 17);
  Bytes expected, expected_tag(16);
  wolfcrypt_seal(key, iv, aad, plain, expected, expected_tag);
  Bytes buffer = plain, tag(16);
  ASSERT_EQ(seal(record_of(key, iv, aad), buffer.data(), buffer.size(), buffer.data(), tag.data(), 16), Status::ok);
  EXPECT_EQ(buffer, expected);
  EXPECT_EQ(tag, expected_tag);
  ASSERT_EQ(open(record_of(key, iv, aad), buffer.data(), buffer.size(), buffer.data(), tag.data(), 16), Status::ok);
  EXPECT_EQ(buffer, plain);
}

// A changed bit anywhere - ciphertext, tag, AAD - is refused and the output left as it was.
TEST_F(AesGcm, AnyChangedBitIsRefusedAndNothingIsWritten) {
  std::mt19937_64 rng(9);
  const Bytes key = random_bytes(rng, 32), iv = random_bytes(rng, 12), aad = random_bytes(rng, 13);
  const Bytes plain = random_bytes(rng, 70);
  Bytes sealed(plain.size()), tag(16);
  ASSERT_EQ(seal(record_of(key, iv, aad), plain.data(), plain.size(), sealed.data(), tag.data(), 16), Status::ok);
  for (std::size_t bit = 0; bit < (sealed.size() + tag.size() + aad.size()) * 8; ++bit) {
    Bytes c = sealed, t = tag, a = aad;
    const std::size_t byte = bit / 8;
    Bytes& target = byte < c.size() ? c : byte < c.size() + t.size() ? t : a;
    const std::size_t at = byte < c.size() ? byte : byte < c.size() + t.size() ? byte - c.size() : byte - c.size() - t.size();
    target[at] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    Bytes out(c.size(), 0xEE);
    ASSERT_EQ(open(record_of(key, iv, a), c.data(), c.size(), out.data(), t.data(), 16), Status::tag_mismatch) << bit;
    ASSERT_EQ(out, Bytes(c.size(), 0xEE));
  }
}

TEST_F(AesGcm, ShapesTlsDoesNotUseAreLeftToWolfSsl) {
  const Bytes key(24, 1), iv12(12, 2), iv16(16, 2), aad;
  std::uint8_t data[16] = {}, tag[16];
  EXPECT_EQ(seal(record_of(key, iv12, aad), data, 16, data, tag, 16), Status::unsupported);  // AES-192
  const Bytes key16(16, 1);
  EXPECT_EQ(seal(record_of(key16, iv16, aad), data, 16, data, tag, 16), Status::unsupported);  // a 16-byte IV
}

}  // namespace
}  // namespace oex::transport::aes_gcm
