#pragma once
// Renders every event the decoder delivers (touching every view it holds) and counts them; a
// decode error must deliver nothing.
#include <cstdlib>

#include "oex/codecs/btse/types.hpp"
#include "oex/codecs/event_json.hpp"

namespace oex::codecs::btse::fuzz {

struct RenderingSink {
  std::size_t events = 0;
  template <class Event>
  void operator()(const Event& event) {
    ++events;
    char buffer[8192];
    BufferWriter w(buffer, sizeof buffer);
    if constexpr (std::is_same_v<Event, FeeRates>) {
      w.put(event.symbol).put_decimal(event.maker_fee).put_decimal(event.taker_fee);
    } else if constexpr (std::is_same_v<Event, Candle>) {
      w.put_int(event.open_time_s).put_decimal(event.open).put_decimal(event.volume);
    } else {
      write_event_json(w, event);
    }
  }
};

inline void check(CodecError result, const RenderingSink& sink) {
  if (error_name(result) == "unknown_error") std::abort();
  if (result != CodecError::ok && result != CodecError::venue_error && sink.events != 0) std::abort();
}

}  // namespace oex::codecs::btse::fuzz
