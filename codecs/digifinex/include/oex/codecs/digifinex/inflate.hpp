#pragma once
// DigiFinex sends every server frame deflated ("zlib deflate"). FrameInflater inflates one whole
// frame into a caller buffer of fixed size, accepting both a zlib-wrapped stream (RFC 1950,
// checksum verified) and raw deflate (RFC 1951). The libdeflate decompressor is allocated once,
// at construction; inflate() never allocates. Transport owns the buffer; the decoder then reads
// the inflated text.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/core/result.hpp"

struct libdeflate_decompressor;

namespace oex::codecs::digifinex {

class FrameInflater {
 public:
  FrameInflater();
  ~FrameInflater();
  FrameInflater(const FrameInflater&) = delete;
  FrameInflater& operator=(const FrameInflater&) = delete;

  // The inflated text as a view of `out`, or inflate_failed when the frame is corrupt, has bytes
  // after its end, or would inflate past out.size() (nothing is written past the buffer).
  [[nodiscard]] Result<std::string_view, CodecError> inflate(std::span<const std::uint8_t> frame,
                                                             std::span<char> out) noexcept;

 private:
  libdeflate_decompressor* decompressor_;
};

}  // namespace oex::codecs::digifinex
