// /ws/spot frames, decoded twice: with the notificationApiV3 fast path and with the shared JSON
// reader alone. Both must give the same events and the same result.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "fuzz_sink.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"

namespace {

// Renders every event, one after another, into a fixed buffer.
struct Transcript {
  char text[1 << 16];
  oex::codecs::BufferWriter w{text, sizeof text};
  std::size_t events = 0;
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    if constexpr (std::is_same_v<Event, oex::codecs::btse::FeeRates>) {
      w.put(event.symbol);
    } else {
      oex::codecs::write_event_json(w, event);
    }
    w.put('\n');
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::codecs::btse;
  static WsDecoder fast(8192, true);
  static WsDecoder shared(8192, false);
  static Transcript a;
  static Transcript b;
  a.w = oex::codecs::BufferWriter(a.text, sizeof a.text);
  b.w = oex::codecs::BufferWriter(b.text, sizeof b.text);
  a.events = b.events = 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const oex::codecs::CodecError ra = fast.decode(text, a);
  const oex::codecs::CodecError rb = shared.decode(text, b);
  if (ra != rb || a.events != b.events || a.w.view() != b.w.view()) std::abort();
  fuzz::RenderingSink sink;
  sink.events = a.events;
  fuzz::check(ra, sink);
  return 0;
}
