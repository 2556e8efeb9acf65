// Differential against libdeflate, as raw deflate and as zlib: a stream that libdeflate inflates
// whole must inflate here to the same bytes, and one that inflates here must inflate there.
#include <libdeflate.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "oex/core/inflate.hpp"

namespace {

constexpr std::size_t kOutputCapacity = 1 << 18;

void check(bool zlib, std::span<const std::uint8_t> in) {
  static oex::DeflateDecoder decoder;
  static libdeflate_decompressor* const oracle = libdeflate_alloc_decompressor();
  static std::uint8_t ours[kOutputCapacity];
  static std::uint8_t theirs[kOutputCapacity];
  const auto r = zlib ? decoder.inflate_zlib(in, ours) : decoder.inflate_raw(in, ours);
  std::size_t consumed = 0;
  std::size_t produced = 0;
  const libdeflate_result lr =
      zlib
          ? libdeflate_zlib_decompress_ex(oracle, in.data(), in.size(), theirs, sizeof theirs, &consumed, &produced)
          : libdeflate_deflate_decompress_ex(oracle, in.data(), in.size(), theirs, sizeof theirs, &consumed, &produced);
  const bool oracle_ok = lr == LIBDEFLATE_SUCCESS && consumed == in.size();
  if (r.ok() != oracle_ok) __builtin_trap();
  if (r.ok() && (*r != produced || std::memcmp(ours, theirs, produced) != 0)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  check(false, in);
  check(true, in);
  return 0;
}
