#pragma once
// The wolfSSL client context shared by connections: TLS 1.3 preferred, 1.2 accepted, peer
// certificate and host name verified by default against the system CA store or a CA file.
// Built at start-up (it may throw then); connections only borrow it.
#include <cstdint>
#include <string>
#include <string_view>

struct WOLFSSL_CTX;

namespace oex::transport {

enum class CipherPreference : unsigned char {
  chacha20_first,  // ChaCha20-Poly1305 before AES-GCM (faster where AES has no hardware help)
  aes_gcm_first,
};

// AES-GCM first where aes_gcm_device_id() runs it on the CPU's AES-NI and PCLMULQDQ (a 300-byte
// record then costs a small fraction of wolfSSL's portable ChaCha20-Poly1305), else ChaCha20.
[[nodiscard]] CipherPreference fastest_cipher_preference() noexcept;

struct TlsConfig {
  std::string ca_file;  // PEM file of trusted CAs; empty means the system CA store
  bool verify_peer = true;  // off only for tests that must show what verification refuses
  CipherPreference ciphers = fastest_cipher_preference();
};

class TlsContext {
 public:
  explicit TlsContext(const TlsConfig& config);  // throws std::runtime_error on a bad setup
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  [[nodiscard]] WOLFSSL_CTX* native() const noexcept { return ctx_; }
  [[nodiscard]] bool verify_peer() const noexcept { return verify_peer_; }

 private:
  WOLFSSL_CTX* ctx_ = nullptr;
  bool verify_peer_ = true;
};

// A wolfSSL crypto device that runs AES-GCM records on the CPU's instructions (aes_gcm.hpp) and
// leaves everything else to wolfSSL: give it to a WOLFSSL_CTX (wolfSSL_CTX_SetDevId; TlsContext
// does). INVALID_DEVID when the CPU lacks the instructions.
[[nodiscard]] int aes_gcm_device_id() noexcept;
// TLS records this thread has sealed or opened on that device.
[[nodiscard]] std::uint64_t hardware_aes_gcm_records() noexcept;

// The cipher list for a preference, in wolfSSL's names.
[[nodiscard]] std::string_view cipher_list(CipherPreference preference) noexcept;

}  // namespace oex::transport
