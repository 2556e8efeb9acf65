#include "oex/transport/inflate.hpp"

#include <libdeflate.h>

#include <new>

namespace oex::transport {

bool looks_like_zlib(std::span<const std::uint8_t> in) noexcept {
  if (in.size() < 2) return false;
  const unsigned cmf = in[0], flg = in[1];
  return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0 && (flg & 0x20) == 0;
}

Inflater::Inflater(std::size_t max_output)
    : decompressor_(libdeflate_alloc_decompressor()),
      max_output_(max_output),
      out_(std::make_unique<std::uint8_t[]>(max_output == 0 ? 1 : max_output)) {
  if (decompressor_ == nullptr) throw std::bad_alloc();
}

Inflater::~Inflater() { libdeflate_free_decompressor(decompressor_); }

Result<std::span<const std::uint8_t>, TransportError> Inflater::inflate(std::span<const std::uint8_t> in,
                                                                       DeflateFormat format) noexcept {
  if (format == DeflateFormat::automatic) format = looks_like_zlib(in) ? DeflateFormat::zlib : DeflateFormat::raw;
  std::size_t produced = 0;
  std::size_t used = 0;
  const libdeflate_result r =
      format == DeflateFormat::zlib
          ? libdeflate_zlib_decompress_ex(decompressor_, in.data(), in.size(), out_.get(), max_output_, &used, &produced)
          : libdeflate_deflate_decompress_ex(decompressor_, in.data(), in.size(), out_.get(), max_output_, &used,
                                             &produced);
  switch (r) {
    case LIBDEFLATE_SUCCESS:
      // Trailing bytes after the stream mean the frame is not what it claims to be.
      if (used != in.size()) return TransportError::inflate_corrupt;
      return std::span<const std::uint8_t>(out_.get(), produced);
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      return TransportError::inflate_too_large;
    default:
      return TransportError::inflate_corrupt;
  }
}

}  // namespace oex::transport
