#pragma once
// SHA-256 (FIPS 180-4) for request signing. wolfCrypt as Debian builds it has no assembly, so
// its SHA-256 runs portable C (~200 ns a 64-byte block on the CI machines' EPYC); the x86-64
// SHA extensions do a block in a fraction of that, and every DigiFinex and GCT order is signed
// with HMAC-SHA256 on the hot path. The compression uses them when the CPU has them (checked
// once, at load) and a portable loop otherwise; both are tested against wolfCrypt.
#include <cstddef>
#include <cstdint>

namespace oex::codecs {

class Sha256Hasher {
 public:
  static constexpr std::size_t kBlockSize = 64;
  static constexpr std::size_t kDigestSize = 32;

  Sha256Hasher() noexcept { reset(); }
  void reset() noexcept;
  void update(const std::uint8_t* data, std::size_t size) noexcept;
  // Writes the digest; the hasher must be reset before it is used again.
  void finish(std::uint8_t* digest) noexcept;

 private:
  std::uint32_t state_[8];
  std::uint8_t pending_[kBlockSize];
  std::size_t pending_size_;
  std::uint64_t total_size_;
};

namespace sha256_detail {
// The block function over `blocks` consecutive 64-byte blocks, each way (for the tests).
void compress_portable(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) noexcept;
void compress_sha_extensions(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) noexcept;
[[nodiscard]] bool cpu_has_sha_extensions() noexcept;
}  // namespace sha256_detail

}  // namespace oex::codecs
