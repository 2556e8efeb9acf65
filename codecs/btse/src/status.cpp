#include "oex/codecs/btse/status.hpp"

namespace oex::codecs::btse {

const StatusCode* find_status(std::string_view code) noexcept {
  for (const StatusCode& entry : kStatusTable) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

OrderState order_state_from_status(std::string_view code) noexcept {
  const StatusCode* entry = find_status(code);
  return entry != nullptr ? entry->state : OrderState::unknown;
}

}  // namespace oex::codecs::btse
