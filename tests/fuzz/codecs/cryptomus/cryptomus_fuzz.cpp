// Cryptomus: each input decoded as a WS message and as each REST answer (HTTP 200 and 404).
// Every event is rendered (touching every view it holds); an error other than venue_error must
// deliver nothing, every error has a stable name, and the WS order fast path must decode exactly
// as the Document path does (same events, same result).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex;
using namespace oex::codecs;
using namespace oex::codecs::cryptomus;

struct RenderingSink {
  std::size_t events = 0;
  char buffer[65536];
  void operator()(const TokenResponse& t) { touch(t.token); }
  void operator()(const MarketInfo& m) {
    touch(m.id);
    touch(m.symbol);
    touch(m.base_currency);
    touch(m.quote_currency);
    if (m.base_currency_name) touch(*m.base_currency_name);
    if (m.quote_currency_name) touch(*m.quote_currency_name);
  }
  void operator()(const DepthScale& s) {
    ++events;
    BufferWriter w(buffer, sizeof buffer);
    w.put_decimal(s.scale).put_int(s.index);
  }
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    BufferWriter w(buffer, sizeof buffer);
    write_event_json(w, event);
  }
  void touch(std::string_view text) {
    ++events;
    BufferWriter w(buffer, sizeof buffer);
    w.put_json_string(text);
  }
};

// Renders every WS event, one after another, into one transcript.
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

void check(CodecError e, const RenderingSink& sink) {
  if (error_name(e) == "unknown_error") std::abort();
  if (e != CodecError::ok && e != CodecError::venue_error && sink.events != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static WsDecoder ws(WsDecoder::Limits{.max_values = 4096, .max_depth = 16, .max_book_levels = 64});
  static WsDecoder ws_slow(
      WsDecoder::Limits{.max_values = 4096, .max_depth = 16, .max_book_levels = 64, .order_fast_path = false});
  static RestDecoder rest(4096, 16);
  static Transcript fast_events;
  static Transcript slow_events;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    RenderingSink sink;
    check(ws.decode(text, sink, "deal_subscribe"), sink);
    fast_events.w = BufferWriter(fast_events.text, sizeof fast_events.text);
    slow_events.w = BufferWriter(slow_events.text, sizeof slow_events.text);
    fast_events.events = slow_events.events = 0;
    const CodecError a = ws.decode(text, fast_events, "deal_subscribe");
    const CodecError b = ws_slow.decode(text, slow_events, "deal_subscribe");
    if (a != b || fast_events.events != slow_events.events || fast_events.w.view() != slow_events.w.view()) {
      std::abort();
    }
  }
  for (const Endpoint endpoint : {Endpoint::token, Endpoint::markets, Endpoint::depth_scales}) {
    for (const int status : {200, 404}) {
      RenderingSink sink;
      check(rest.decode(endpoint, status, text, sink), sink);
    }
  }
  return 0;
}
