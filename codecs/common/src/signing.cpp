#include "oex/codecs/signing.hpp"

#include <cstring>

namespace oex::codecs {

template <class Hash>
Hmac<Hash>::Hmac(std::string_view key) noexcept {
  std::array<std::uint8_t, Hash::kBlockSize> block{};
  if (key.size() > Hash::kBlockSize) {
    const auto hashed = digest<Hash>({key});
    std::memcpy(block.data(), hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block.data(), key.data(), key.size());
  }
  std::array<std::uint8_t, Hash::kBlockSize> pad{};
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ 0x36;
  Hash::init(&inner_);
  Hash::update(&inner_, pad.data(), pad.size());
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block[i] ^ 0x5c;
  Hash::init(&outer_);
  Hash::update(&outer_, pad.data(), pad.size());
  // The key and its pads do not outlive the constructor.
  std::memset(block.data(), 0, block.size());
  std::memset(pad.data(), 0, pad.size());
}

template <class Hash>
Digest<Hash> Hmac<Hash>::sign(std::initializer_list<std::string_view> parts) const noexcept {
  typename Hash::State state;
  Hash::copy(&inner_, &state);
  for (const std::string_view part : parts) {
    Hash::update(&state, reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
  }
  Digest<Hash> inner_digest{};
  Hash::final(&state, inner_digest.data());
  Hash::free(&state);
  Hash::copy(&outer_, &state);
  Hash::update(&state, inner_digest.data(), inner_digest.size());
  Digest<Hash> out{};
  Hash::final(&state, out.data());
  Hash::free(&state);
  return out;
}

template class Hmac<Sha256>;
template class Hmac<Sha384>;

}  // namespace oex::codecs
