// Feeds each input to the Deflow REST decoder as the answer of every endpoint (any fixture may
// arrive for any request) under two HTTP statuses; every event is rendered, so every view an
// event holds is read.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex::codecs;
using namespace oex::codecs::deflow;

struct TouchSink {
  template <class Event>
  void operator()(const Event& e) noexcept {
    std::array<char, 8192> buffer;
    BufferWriter w(buffer.data(), buffer.size());
    write_event_json(w, e);
    bytes += w.size();
  }
  void operator()(const Candle& c) noexcept { bytes += c.symbol.size() + static_cast<std::size_t>(c.time_s & 1); }
  void operator()(const SymbolInfo& s) noexcept { bytes += s.symbol.size() + s.base_coin.size() + s.count_coin.size(); }
  std::size_t bytes = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RestDecoder decoder(4096, 64);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  TouchSink sink;
  const RequestRef ref{"btcusdt", "263"};
  // The one-pass path for the polled order answers must agree with the generic reader.
  for (const Endpoint e : {Endpoint::orders, Endpoint::open_orders, Endpoint::order_info}) {
    static std::array<char, 65536> fast_json;
    static std::array<char, 65536> generic_json;
    BufferWriter fast_w(fast_json.data(), fast_json.size());
    BufferWriter generic_w(generic_json.data(), generic_json.size());
    const auto render = [](BufferWriter& w) {
      return [&w](const auto& ev) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(ev)>, Candle> &&
                      !std::is_same_v<std::decay_t<decltype(ev)>, SymbolInfo>) {
          write_event_json(w, ev);
        }
      };
    };
    const CodecError fast = decoder.decode(e, 200, text, render(fast_w), ref);
    const CodecError generic = decoder.decode_generic(e, 200, text, render(generic_w), ref);
    if (fast != generic || fast_w.view() != generic_w.view()) __builtin_trap();
  }
  for (int e = 0; e <= static_cast<int>(Endpoint::market); ++e) {
    for (const int status : {200, 503}) (void)decoder.decode(static_cast<Endpoint>(e), status, text, sink, ref);
  }
  return 0;
}
