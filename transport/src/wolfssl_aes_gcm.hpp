#pragma once
// Hands wolfSSL's AES-GCM to aes_gcm.hpp through wolfSSL's crypto callback: a context given this
// device id runs its AES-GCM records there, and everything else in wolfSSL itself.
namespace oex::transport {
// The device id to give a WOLFSSL_CTX, or INVALID_DEVID when this CPU lacks the instructions.
[[nodiscard]] int aes_gcm_device_id() noexcept;
}  // namespace oex::transport
