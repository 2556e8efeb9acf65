#include "oex/codecs/digifinex/raw_field.hpp"

#include <new>

#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs::digifinex::detail {

// In this file with the field readers it inlines: one pass over the message, no tape.
bool fast_order_update(std::string_view text, std::size_t max_values, std::size_t max_depth, OrderUpdate* out,
                       std::size_t capacity, std::size_t& count) noexcept {
  JsonCursor c(text, max_values, max_depth);
  count = 0;
  if (!c.open('{', 0)) return false;
  bool have_method = false;
  bool have_params = false;
  auto read_params = [&]() noexcept {
    if (!c.open('[', 1)) return false;
    if (c.take(']')) return true;
    for (;;) {
      if (count == capacity || !c.open('{', 2)) return false;
      OrderFields fields;
      if (!c.fields(kOrderKeys, fields, 3, Repeats::first_counts)) return false;
      // Default-initialised in place (each member's own initialiser), not a zeroed temporary
      // copied over: the event is large and this runs per order.
      OrderUpdate* order = ::new (static_cast<void*>(&out[count])) OrderUpdate;
      if (convert_order(fields, *order) != CodecError::ok) return false;
      ++count;
      if (c.take(',')) continue;
      return c.take(']');
    }
  };
  const bool root_ok = c.members([&](std::string_view key) noexcept {
    if (key_is(key, "method")) {
      RawField method;
      if (have_method || !c.value(method, 1)) return false;
      have_method = method.kind == json::Kind::string && !method.escaped && key_is(method.text, "order.update");
      return have_method;
    }
    if (key_is(key, "params")) {
      if (!have_method || have_params) return false;  // the venue sends method first
      have_params = true;
      return read_params();
    }
    return c.skip(1);
  });
  return root_ok && have_params && c.at_end();
}

}  // namespace oex::codecs::digifinex::detail
