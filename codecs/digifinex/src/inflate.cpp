#include "oex/codecs/digifinex/inflate.hpp"

namespace oex::codecs::digifinex {

Result<std::string_view, CodecError> FrameInflater::inflate(std::span<const std::uint8_t> frame,
                                                            std::span<char> out) noexcept {
  const std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t*>(out.data()), out.size());
  const auto n = decoder_.inflate_zlib_or_raw(frame, bytes);
  if (!n.ok()) return CodecError::inflate_failed;
  return std::string_view(out.data(), *n);
}

}  // namespace oex::codecs::digifinex
