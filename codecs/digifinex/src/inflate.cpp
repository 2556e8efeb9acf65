#include "oex/codecs/digifinex/inflate.hpp"

namespace oex::codecs::digifinex {

Result<std::string_view, CodecError> FrameInflater::inflate(std::span<const std::uint8_t> frame,
                                                            std::span<char> out) noexcept {
  const std::span<std::uint8_t> bytes(reinterpret_cast<std::uint8_t*>(out.data()), out.size());
  if (looks_like_zlib(frame)) {
    if (const auto n = decoder_.inflate_zlib(frame, bytes); n.ok()) return std::string_view(out.data(), *n);
    // A raw stream can begin with bytes that pass the zlib header check: try it as raw below.
  }
  const auto n = decoder_.inflate_raw(frame, bytes);
  if (!n.ok()) return CodecError::inflate_failed;
  return std::string_view(out.data(), *n);
}

}  // namespace oex::codecs::digifinex
