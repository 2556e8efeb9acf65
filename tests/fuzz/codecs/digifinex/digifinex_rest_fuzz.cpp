// DigiFinex REST answers (codecs/digifinex/rest.hpp): the input decoded as the answer to each of
// the four requests, under a success status and an error status. Every event is rendered
// (touching every view it holds); an error other than venue_error must deliver nothing, and every
// result has a stable name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/rest.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex::codecs;
using namespace oex::codecs::digifinex;

struct Transcript {
  char text[1 << 16];
  BufferWriter w{text, sizeof text};
  std::size_t events = 0;
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    write_event_json(w, event);
    w.put('\n');
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RestDecoder decoder;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const RestContext contexts[] = {
      {RestEndpoint::new_order, "BTC_USDT", std::string_view("123456789012345678"), {}},
      {RestEndpoint::cancel_order, {}, {}, "a1,b2,,c3"},
      {RestEndpoint::current_orders, {}, {}, {}},
      {RestEndpoint::query_order, {}, {}, {}},
  };
  for (const RestContext& context : contexts) {
    for (const int status : {200, 404, 502}) {
      Transcript transcript;
      const CodecError e = decoder.decode(body, status, context, transcript);
      if (error_name(e).empty()) std::abort();
      if (e != CodecError::ok && e != CodecError::venue_error && transcript.events != 0) std::abort();
      if (status != 200 && e == CodecError::ok) std::abort();  // an error status never reads as a success
    }
  }
  return 0;
}
