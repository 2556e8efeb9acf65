#pragma once
// DigiFinex sends every server frame deflated ("zlib deflate"). FrameInflater inflates one whole
// frame into a caller buffer of fixed size, accepting both a zlib-wrapped stream (RFC 1950,
// checksum verified) and raw deflate (RFC 1951), with the core's DeflateDecoder, whose tables
// live in the object; inflate() never allocates. Transport owns the buffer; the decoder then reads
// the inflated text.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/core/inflate.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::digifinex {

class FrameInflater {
 public:
  // The inflated text as a view of `out`, or inflate_failed when the frame is corrupt, has bytes
  // after its end, or would inflate past out.size() (nothing is written past the buffer).
  [[nodiscard]] Result<std::string_view, CodecError> inflate(std::span<const std::uint8_t> frame,
                                                             std::span<char> out) noexcept;

 private:
  DeflateDecoder decoder_;
};

}  // namespace oex::codecs::digifinex
