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
  RequestRef ref;
  ref.symbol = "BTCUSDT";
  ref.order_ids = kIds;
  ref.client_order_ids = kIds;
  for (int e = 0; e <= static_cast<int>(Endpoint::market_trade_info); ++e) {
    for (const int status : {200, 500}) (void)rest.decode(static_cast<Endpoint>(e), status, text, sink, ref);
  }
  return 0;
}
