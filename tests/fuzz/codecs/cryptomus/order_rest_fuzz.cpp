// Cryptomus order entry answers (order_rest.hpp): each input decoded as the answer to every
// endpoint, with a success and a refusal status. Every event is rendered (touching every view it
// holds); an error other than venue_error must deliver nothing, venue_error exactly one event,
// and every error has a stable name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/order_rest.hpp"
#include "oex/codecs/event_json.hpp"

namespace {

using namespace oex;
using namespace oex::codecs;
using namespace oex::codecs::cryptomus;

struct RenderingSink {
  std::size_t events = 0;
  char buffer[8192];
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    BufferWriter w(buffer, sizeof buffer);
    write_event_json(w, event);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static OrderRestDecoder decoder(OrderRestDecoder::Limits{.max_values = 4096, .max_depth = 8});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const OrderEndpoint endpoint : {OrderEndpoint::limit_order, OrderEndpoint::market_order,
                                       OrderEndpoint::cancel_order, OrderEndpoint::open_orders,
                                       OrderEndpoint::order_history}) {
    for (const int status : {200, 422}) {
      OrderRestContext context;
      context.endpoint = endpoint;
      context.market = "BTC_USDT";
      context.client_order_id = "1";
      context.order_id = "01J7E836F6K5KCX5DP2W0F6FAG";
      RenderingSink sink;
      const CodecError e = decoder.decode(context, status, text, sink);
      if (error_name(e) == "unknown_error") std::abort();
      if (e == CodecError::venue_error && sink.events != 1) std::abort();
      if (e != CodecError::ok && e != CodecError::venue_error && sink.events != 0) std::abort();
    }
  }
  return 0;
}
