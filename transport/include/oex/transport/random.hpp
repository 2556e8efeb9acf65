#pragma once
// Unpredictable bytes for WebSocket masking keys and handshake nonces, from wolfCrypt's
// Hash-DRBG (seeded by the OS). Bytes are drawn in blocks into a pool, so a masking key costs a
// memcpy and a refill now and then; nothing is allocated after construction.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace oex::transport {

class SecureRandom {
 public:
  SecureRandom();
  ~SecureRandom();
  SecureRandom(const SecureRandom&) = delete;
  SecureRandom& operator=(const SecureRandom&) = delete;

  void fill(std::span<std::uint8_t> out) noexcept;
  [[nodiscard]] std::uint32_t next_u32() noexcept;
  [[nodiscard]] std::uint64_t next_u64() noexcept;

 private:
  void refill() noexcept;
  struct Rng;
  std::unique_ptr<Rng> rng_;
  static constexpr std::size_t kPool = 1024;
  std::uint8_t pool_[kPool];
  std::size_t used_ = kPool;
};

}  // namespace oex::transport
