// Inflater over arbitrary frames in each format: a typed error or output within the bound, and
// the next (valid) frame always inflates.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "oex/transport/inflate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::transport;
  if (size == 0) return 0;
  static Inflater inflater(64 * 1024);
  const auto format = static_cast<DeflateFormat>(data[0] % 3);
  const auto r = inflater.inflate({data + 1, size - 1}, format);
  if (r.ok() && r.value().size() > inflater.max_output()) std::abort();
  if (!r.ok() && r.error() != TransportError::inflate_corrupt && r.error() != TransportError::inflate_too_large) std::abort();
  // "hello" as a raw deflate stored block
  static const std::uint8_t valid[] = {0x01, 0x05, 0x00, 0xFA, 0xFF, 'h', 'e', 'l', 'l', 'o'};
  const auto ok = inflater.inflate(valid, DeflateFormat::raw);
  if (!ok.ok() || ok.value().size() != 5) std::abort();
  return 0;
}
