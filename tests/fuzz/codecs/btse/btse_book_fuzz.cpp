// /ws/oss/spot frames, with small book storage so too_many_levels is reached.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_sink.hpp"
#include "oex/codecs/btse/book_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::codecs::btse;
  static BookDecoder decoder(8);
  fuzz::RenderingSink sink;
  fuzz::check(decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size), sink), sink);
  return 0;
}
