// Hands wolfSSL's AES-GCM to aes_gcm.hpp through wolfSSL's crypto callback (tls.hpp).
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/cryptocb.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "oex/transport/aes_gcm.hpp"
#include "oex/transport/tls.hpp"
#include "wolfssl_memory.hpp"

namespace oex::transport {
namespace {

constexpr int kDevice = 0x6f6578;  // "oex"
thread_local std::uint64_t records_done = 0;

aes_gcm::Record record_of(const Aes* aes, const byte* iv, word32 iv_size, const byte* aad, word32 aad_size) noexcept {
  // wolfSSL keeps the raw key for a device (devKey) beside its own schedule.
  return {reinterpret_cast<const std::uint8_t*>(aes->devKey), static_cast<std::size_t>(aes->keylen), iv, iv_size, aad,
          aad_size};
}

int on_crypto(int, wc_CryptoInfo* info, void*) {
  if (info->algo_type != WC_ALGO_TYPE_CIPHER || info->cipher.type != WC_CIPHER_AES_GCM) return CRYPTOCB_UNAVAILABLE;
  aes_gcm::Status status;
  if (info->cipher.enc != 0) {
    const auto& a = info->cipher.aesgcm_enc;
    status = aes_gcm::seal(record_of(a.aes, a.iv, a.ivSz, a.authIn, a.authInSz), a.in, a.sz, a.out, a.authTag,
                           a.authTagSz);
  } else {
    const auto& a = info->cipher.aesgcm_dec;
    status = aes_gcm::open(record_of(a.aes, a.iv, a.ivSz, a.authIn, a.authInSz), a.in, a.sz, a.out, a.authTag,
                           a.authTagSz);
  }
  switch (status) {
    case aes_gcm::Status::ok:
      ++records_done;
      return 0;
    case aes_gcm::Status::tag_mismatch:
      return AES_GCM_AUTH_E;
    case aes_gcm::Status::unsupported:
      break;
  }
  return CRYPTOCB_UNAVAILABLE;
}

}  // namespace

std::uint64_t hardware_aes_gcm_records() noexcept { return records_done; }

int aes_gcm_device_id() noexcept {
  static const int id = [] {
    ensure_wolfssl_initialized();
    if (!aes_gcm::cpu_supported()) return INVALID_DEVID;
    return wc_CryptoCb_RegisterDevice(kDevice, on_crypto, nullptr) == 0 ? kDevice : INVALID_DEVID;
  }();
  return id;
}

}  // namespace oex::transport
