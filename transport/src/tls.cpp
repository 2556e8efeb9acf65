#include "oex/transport/tls.hpp"

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <stdexcept>
#include <string>

#include "wolfssl_memory.hpp"

namespace oex::transport {

std::string_view cipher_list(CipherPreference preference) noexcept {
  if (preference == CipherPreference::chacha20_first)
    return "TLS13-CHACHA20-POLY1305-SHA256:TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:"
           "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
           "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
           "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";
  return "TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:"
         "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
         "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
         "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
}

TlsContext::TlsContext(const TlsConfig& config) : verify_peer_(config.verify_peer) {
  ensure_wolfssl_initialized();
  ctx_ = wolfSSL_CTX_new(wolfSSLv23_client_method());
  if (ctx_ == nullptr) throw std::runtime_error("wolfSSL_CTX_new failed");
  if (wolfSSL_CTX_SetMinVersion(ctx_, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS) {
    wolfSSL_CTX_free(ctx_);
    throw std::runtime_error("wolfSSL refused TLS 1.2 as the minimum version");
  }
  if (const int device = aes_gcm_device_id(); device != INVALID_DEVID) wolfSSL_CTX_SetDevId(ctx_, device);
  const std::string ciphers(cipher_list(config.ciphers));
  if (wolfSSL_CTX_set_cipher_list(ctx_, ciphers.c_str()) != WOLFSSL_SUCCESS) {
    wolfSSL_CTX_free(ctx_);
    throw std::runtime_error("wolfSSL refused the cipher list");
  }
  if (config.verify_peer) {
    const int loaded = config.ca_file.empty()
                           ? wolfSSL_CTX_load_system_CA_certs(ctx_)
                           : wolfSSL_CTX_load_verify_locations(ctx_, config.ca_file.c_str(), nullptr);
    if (loaded != WOLFSSL_SUCCESS) {
      wolfSSL_CTX_free(ctx_);
      throw std::runtime_error(config.ca_file.empty() ? "cannot load the system CA store"
                                                      : "cannot load CA file " + config.ca_file);
    }
    wolfSSL_CTX_set_verify(ctx_, WOLFSSL_VERIFY_PEER, nullptr);
  } else {
    wolfSSL_CTX_set_verify(ctx_, WOLFSSL_VERIFY_NONE, nullptr);
  }
}

CipherPreference fastest_cipher_preference() noexcept {
  return aes_gcm_device_id() != INVALID_DEVID ? CipherPreference::aes_gcm_first : CipherPreference::chacha20_first;
}

TlsContext::~TlsContext() { wolfSSL_CTX_free(ctx_); }

}  // namespace oex::transport
