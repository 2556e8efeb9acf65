#pragma once
// Inflate for deflated venue frames (DigiFinex sends zlib or raw deflate) with the core's
// DeflateDecoder, into one output buffer sized at construction. A corrupt or oversized frame is
// a typed error and the next frame inflates normally.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "oex/core/inflate.hpp"
#include "oex/core/result.hpp"
#include "oex/transport/error.hpp"

namespace oex::transport {

enum class DeflateFormat : std::uint8_t {
  zlib,  // RFC 1950: header, deflate stream, Adler-32
  raw,   // RFC 1951
  automatic,  // DeflateDecoder::inflate_zlib_or_raw: zlib when the header says so, else (or failing that) raw
};

class Inflater {
 public:
  explicit Inflater(std::size_t max_output);

  // The inflated bytes, valid until the next call. inflate_too_large when the output would
  // exceed max_output; inflate_corrupt for anything else that is not a complete stream.
  [[nodiscard]] Result<std::span<const std::uint8_t>, TransportError> inflate(
      std::span<const std::uint8_t> in, DeflateFormat format = DeflateFormat::automatic) noexcept;
  [[nodiscard]] std::size_t max_output() const noexcept { return max_output_; }

 private:
  DeflateDecoder decoder_;
  std::size_t max_output_;
  std::unique_ptr<std::uint8_t[]> out_;
};

}  // namespace oex::transport
