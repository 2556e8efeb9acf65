// DigiFinex server frames: the input decoded as text, and inflated (zlib or raw) then decoded.
// Every event is rendered (touching every view it holds); an error other than venue_error must
// deliver nothing, every error has a stable name, and the order fast path must decode exactly
// as the Document path does (same events, same result).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex::codecs;

// Renders every event, one after another, into one transcript.
struct Transcript {
  char text[1 << 17];
  BufferWriter w{text, sizeof text};
  std::size_t events = 0;
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    write_event_json(w, event);
    w.put('\n');
  }
};

void decode_both(digifinex::WsDecoder& fast, digifinex::WsDecoder& slow, std::string_view text) {
  static Transcript a;
  static Transcript b;
  a.w = BufferWriter(a.text, sizeof a.text);
  b.w = BufferWriter(b.text, sizeof b.text);
  a.events = b.events = 0;
  const CodecError ea = fast.decode(text, a, "order.subscribe");
  const CodecError eb = slow.decode(text, b, "order.subscribe");
  if (error_name(ea) == "unknown_error") std::abort();
  if (ea != CodecError::ok && ea != CodecError::venue_error && a.events != 0) std::abort();
  if (ea != eb || a.events != b.events || a.w.view() != b.w.view()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using Limits = digifinex::WsDecoder::Limits;
  static digifinex::WsDecoder fast(Limits{.max_values = 4096, .max_depth = 16, .max_book_levels = 64});
  static digifinex::WsDecoder slow(
      Limits{.max_values = 4096, .max_depth = 16, .max_book_levels = 64, .order_fast_path = false});
  static digifinex::FrameInflater inflater;
  static char inflated[1 << 16];
  decode_both(fast, slow, std::string_view(reinterpret_cast<const char*>(data), size));
  const auto text = inflater.inflate({data, size}, inflated);
  if (text.ok()) {
    decode_both(fast, slow, *text);
  } else if (text.error() != CodecError::inflate_failed) {
    std::abort();
  }
  return 0;
}
