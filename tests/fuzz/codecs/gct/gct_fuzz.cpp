// Feeds each input to the GCT push decoder and to the REST decoder as the answer of every
// endpoint (the fixtures seed it, and any of them may arrive for any request), under two HTTP
// statuses. Every event is rendered, so every view an event holds is read.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/codecs/event_json.hpp"
#include "oex/codecs/gct/decoder.hpp"

namespace {

using namespace oex::codecs;
using namespace oex::codecs::gct;

struct TouchSink {
  template <class Event>
  void operator()(const Event& e) noexcept {
    std::array<char, 8192> buffer;
    BufferWriter w(buffer.data(), buffer.size());
    write_event_json(w, e);
    bytes += w.size();
  }
  void operator()(const Candle& c) noexcept { bytes += c.symbol.size() + static_cast<std::size_t>(c.time_ms & 1); }
  void operator()(const SymbolInfo& s) noexcept { bytes += s.symbol.size() + s.base_currency.size() + s.quote_currency.size(); }
  std::size_t bytes = 0;
};

// Renders every normalized event; the venue-only records have no rendering and are not sent
// for the answers compared here.
struct RenderSink {
  template <class Event>
  void operator()(const Event& e) noexcept {
    if constexpr (requires { write_event_json(w, e); }) write_event_json(w, e);
  }
  BufferWriter w;
};

constexpr std::array<std::string_view, 2> kIds = {"1", "2"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RestDecoder rest(4096, 64);
  static PushDecoder push;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  TouchSink sink;
  // The push's one-pass path must agree with the generic reader on every input.
  std::array<char, 1024> fast_json{};
  std::array<char, 1024> generic_json{};
  BufferWriter fast_w(fast_json.data(), fast_json.size());
  BufferWriter generic_w(generic_json.data(), generic_json.size());
  const CodecError fast = push.decode(text, [&](const oex::Fill& f) { write_event_json(fast_w, f); });
  const CodecError generic = push.decode_generic(text, [&](const oex::Fill& f) { write_event_json(generic_w, f); });
  if (fast != generic || fast_w.view() != generic_w.view()) __builtin_trap();
  // So must queryOrderById's.
  std::array<char, 8192> fast_rest_json{};
  std::array<char, 8192> generic_rest_json{};
  RenderSink fast_rest_sink{BufferWriter(fast_rest_json.data(), fast_rest_json.size())};
  RenderSink generic_rest_sink{BufferWriter(generic_rest_json.data(), generic_rest_json.size())};
  const CodecError fast_rest = rest.decode(Endpoint::query_order_by_id, 200, text, fast_rest_sink);
  const CodecError generic_rest = rest.decode_generic(Endpoint::query_order_by_id, 200, text, generic_rest_sink);
  if (fast_rest != generic_rest || fast_rest_sink.w.view() != generic_rest_sink.w.view()) __builtin_trap();
  RequestRef ref;
  ref.symbol = "BTCUSDT";
  ref.order_ids = kIds;
  ref.client_order_ids = kIds;
  for (int e = 0; e <= static_cast<int>(Endpoint::market_trade_info); ++e) {
    for (const int status : {200, 500}) (void)rest.decode(static_cast<Endpoint>(e), status, text, sink, ref);
  }
  return 0;
}
