// DigiFinex server frames: the input decoded as text, and inflated (zlib or raw) then decoded.
// Every event is rendered (touching every view it holds); an error other than venue_error must
// deliver nothing, and every error has a stable name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex::codecs;

struct RenderingSink {
  std::size_t events = 0;
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    char buffer[65536];
    BufferWriter w(buffer, sizeof buffer);
    write_event_json(w, event);
  }
};

void decode(digifinex::WsDecoder& decoder, std::string_view text) {
  RenderingSink sink;
  const CodecError e = decoder.decode(text, sink, "order.subscribe");
  if (error_name(e) == "unknown_error") std::abort();
  if (e != CodecError::ok && e != CodecError::venue_error && sink.events != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static digifinex::WsDecoder decoder(digifinex::WsDecoder::Limits{.max_values = 4096, .max_depth = 16,
                                                                   .max_book_levels = 64});
  static digifinex::FrameInflater inflater;
  static char inflated[1 << 16];
  decode(decoder, std::string_view(reinterpret_cast<const char*>(data), size));
  const auto text = inflater.inflate({data, size}, inflated);
  if (text.ok()) {
    decode(decoder, *text);
  } else if (text.error() != CodecError::inflate_failed) {
    std::abort();
  }
  return 0;
}
