// /ws/spot frames.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_sink.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::codecs::btse;
  static WsDecoder decoder;
  fuzz::RenderingSink sink;
  fuzz::check(decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size), sink), sink);
  return 0;
}
