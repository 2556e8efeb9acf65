#pragma once
// AES-GCM (NIST SP 800-38D) on the CPU's AES and carry-less multiply instructions, for TLS
// records. Debian's wolfSSL is built without them, so its AES-GCM runs table-driven C (~2.4 us for
// a 300-byte record); wolfSSL hands AES-GCM to this code through its crypto callback
// (tls.cpp) when the CPU has the instructions. The shape TLS uses only: a 12-byte IV, AES-128 or
// AES-256; anything else answers `unsupported` and wolfSSL does it itself.
#include <cstddef>
#include <cstdint>

namespace oex::transport::aes_gcm {

[[nodiscard]] bool cpu_supported() noexcept;

enum class Status : std::uint8_t { ok, unsupported, tag_mismatch };

struct Record {
  const std::uint8_t* key;
  std::size_t key_size;  // 16 or 32
  const std::uint8_t* iv;
  std::size_t iv_size;  // 12
  const std::uint8_t* aad;
  std::size_t aad_size;
};

// Encrypts `size` bytes of `in` into `out` (which may be `in`) and writes a `tag_size`-byte tag
// (at most 16).
[[nodiscard]] Status seal(const Record& record, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                          std::uint8_t* tag, std::size_t tag_size) noexcept;
// Checks the tag, then decrypts; on tag_mismatch `out` is left untouched.
[[nodiscard]] Status open(const Record& record, const std::uint8_t* in, std::size_t size, std::uint8_t* out,
                          const std::uint8_t* tag, std::size_t tag_size) noexcept;

}  // namespace oex::transport::aes_gcm
