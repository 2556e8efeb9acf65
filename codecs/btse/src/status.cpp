#include "oex/codecs/btse/status.hpp"

namespace oex::codecs::btse {

namespace {

// Byte comparison without a library call: the codes are one to fifteen bytes.
bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

const StatusCode* find_status(std::string_view code) noexcept {
  for (const StatusCode& entry : kStatusTable) {
    if (same_text(entry.code, code)) return &entry;
  }
  return nullptr;
}

OrderState order_state_from_status(std::string_view code) noexcept {
  const StatusCode* entry = find_status(code);
  return entry != nullptr ? entry->state : OrderState::unknown;
}

}  // namespace oex::codecs::btse
