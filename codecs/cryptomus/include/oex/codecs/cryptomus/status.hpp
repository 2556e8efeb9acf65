#pragma once
// Cryptomus order_update states onto the normalized ones (cryptomus-ws.md, "order" events).
// The venue says how an order stands in three fields: `type` (created, updated, finished) and,
// on finished, `state` (completed) and `internalState` (filled). The decoder keeps the most
// specific one it was sent as OrderUpdate::venue_status (internalState, else state, else type)
// and maps it through this table. Anything else (a finished order without a state, a state the
// document does not show) is `unknown`, with the raw text kept.
#include <array>
#include <string_view>

#include "oex/codecs/text_equal.hpp"
#include "oex/core/enums.hpp"

namespace oex::codecs::cryptomus {

struct StatusMapping {
  std::string_view status;
  std::string_view field;  // which field of order_update carries it
  OrderState state;
};

// "updated" is a partial fill in the document's example; an update that reports nothing filled
// is mapped to new_ by the decoder (the cumulative filledQuantity is the order's truth).
// The document shows only how a filled order finishes; a cancelled one is assumed to finish with
// state "cancelled" (internalState "cancelled", or "partially_filled" when it kept fills, which
// the decoder resolves through `state`), as oex-sim sends it.
inline constexpr std::array<StatusMapping, 6> kOrderStatuses = {{
    {"created", "type", OrderState::new_},
    {"updated", "type", OrderState::partially_filled},
    {"completed", "state", OrderState::filled},
    {"filled", "internalState", OrderState::filled},
    {"cancelled", "state", OrderState::cancelled},
    {"cancelled", "internalState", OrderState::cancelled},
}};

[[nodiscard]] constexpr OrderState order_state_from_status(std::string_view status) noexcept {
  for (const StatusMapping& m : kOrderStatuses) {
    if (text_equal(m.status, status)) return m.state;
  }
  return OrderState::unknown;
}

// The error codes of the response message ("code" with "message").
struct ErrorCode {
  std::string_view code;
  std::string_view meaning;
};
inline constexpr std::array<ErrorCode, 2> kErrorCodes = {{
    {"1", "invalid message format"},
    {"2", "other errors"},
}};

[[nodiscard]] constexpr std::string_view error_code_meaning(std::string_view code) noexcept {
  for (const ErrorCode& e : kErrorCodes) {
    if (e.code == code) return e.meaning;
  }
  return {};
}

}  // namespace oex::codecs::cryptomus
