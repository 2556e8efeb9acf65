#include "oex/codecs/digifinex/inflate.hpp"

#include <libdeflate.h>

#include <new>

namespace oex::codecs::digifinex {
namespace {

// RFC 1950 header: deflate method, a window of at most 32K, no preset dictionary, and the
// 16-bit header a multiple of 31.
bool looks_like_zlib(std::span<const std::uint8_t> frame) noexcept {
  if (frame.size() < 6) return false;  // header and Adler-32 trailer at least
  const unsigned cmf = frame[0];
  const unsigned flg = frame[1];
  return (cmf & 0x0Fu) == 8 && (cmf >> 4) <= 7 && (flg & 0x20u) == 0 && ((cmf << 8) | flg) % 31 == 0;
}

}  // namespace

FrameInflater::FrameInflater() : decompressor_(libdeflate_alloc_decompressor()) {
  if (decompressor_ == nullptr) throw std::bad_alloc();
}

FrameInflater::~FrameInflater() { libdeflate_free_decompressor(decompressor_); }

Result<std::string_view, CodecError> FrameInflater::inflate(std::span<const std::uint8_t> frame,
                                                            std::span<char> out) noexcept {
  std::size_t consumed = 0;
  std::size_t produced = 0;
  if (looks_like_zlib(frame)) {
    const libdeflate_result r = libdeflate_zlib_decompress_ex(decompressor_, frame.data(), frame.size(), out.data(),
                                                              out.size(), &consumed, &produced);
    if (r == LIBDEFLATE_SUCCESS && consumed == frame.size()) return std::string_view(out.data(), produced);
    // A raw stream can begin with bytes that pass the zlib header check: try it as raw below.
  }
  const libdeflate_result r = libdeflate_deflate_decompress_ex(decompressor_, frame.data(), frame.size(), out.data(),
                                                               out.size(), &consumed, &produced);
  if (r != LIBDEFLATE_SUCCESS || consumed != frame.size()) return CodecError::inflate_failed;
  return std::string_view(out.data(), produced);
}

}  // namespace oex::codecs::digifinex
