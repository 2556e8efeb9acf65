#include "oex/transport/inflate.hpp"

namespace oex::transport {

Inflater::Inflater(std::size_t max_output)
    : max_output_(max_output), out_(std::make_unique<std::uint8_t[]>(max_output == 0 ? 1 : max_output)) {}

Result<std::span<const std::uint8_t>, TransportError> Inflater::inflate(std::span<const std::uint8_t> in,
                                                                       DeflateFormat format) noexcept {
  const std::span<std::uint8_t> out(out_.get(), max_output_);
  const auto r = format == DeflateFormat::zlib  ? decoder_.inflate_zlib(in, out)
                 : format == DeflateFormat::raw ? decoder_.inflate_raw(in, out)
                                                : decoder_.inflate_zlib_or_raw(in, out);
  if (r.ok()) return std::span<const std::uint8_t>(out_.get(), *r);
  return r.error() == InflateError::output_full ? TransportError::inflate_too_large : TransportError::inflate_corrupt;
}

}  // namespace oex::transport
