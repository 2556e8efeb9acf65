#include "oex/transport/random.hpp"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>

#include <cstring>
#include <stdexcept>

#include "wolfssl_memory.hpp"

namespace oex::transport {

struct SecureRandom::Rng {
  WC_RNG rng;
};

SecureRandom::SecureRandom() : rng_(std::make_unique<Rng>()) {
  ensure_wolfssl_initialized();
  if (wc_InitRng(&rng_->rng) != 0) throw std::runtime_error("wolfCrypt random generator failed to start");
}

SecureRandom::~SecureRandom() { wc_FreeRng(&rng_->rng); }

void SecureRandom::refill() noexcept {
  // A DRBG failure would leave predictable bytes: better to stop than to mask with them.
  if (wc_RNG_GenerateBlock(&rng_->rng, pool_, kPool) != 0) std::abort();
  used_ = 0;
}

void SecureRandom::fill(std::span<std::uint8_t> out) noexcept {
  std::size_t done = 0;
  while (done < out.size()) {
    if (used_ == kPool) refill();
    const std::size_t n = std::min(kPool - used_, out.size() - done);
    std::memcpy(out.data() + done, pool_ + used_, n);
    // Bytes handed out are not kept.
    std::memset(pool_ + used_, 0, n);
    used_ += n;
    done += n;
  }
}

std::uint32_t SecureRandom::next_u32() noexcept {
  std::uint32_t v;
  fill({reinterpret_cast<std::uint8_t*>(&v), sizeof v});
  return v;
}

std::uint64_t SecureRandom::next_u64() noexcept {
  std::uint64_t v;
  fill({reinterpret_cast<std::uint8_t*>(&v), sizeof v});
  return v;
}

}  // namespace oex::transport
