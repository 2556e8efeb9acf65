#pragma once
// BTSE's status codes (the "API Enum" section of btse-spot-v3.3.md, the per-endpoint status
// lists and the open-orders `orderState` texts) mapped onto the normalized order states. Every
// documented code is named here; a code the document does not list maps to unknown, and the
// decoders keep the raw text in venue_status either way.
#include <array>
#include <string_view>

#include "oex/core/enums.hpp"

namespace oex::codecs::btse {

struct StatusCode {
  std::string_view code;  // as BTSE sends it: "2", "-1", "STATUS_ACTIVE"
  std::string_view name;  // the document's name for it
  OrderState state;
};

// Codes that describe no order (transfers, query kinds, buy/sell modes, futures events) map to
// unknown: they say nothing about where an order stands.
inline constexpr std::array<StatusCode, 52> kStatusTable = {{
    {"-1", "TIMEOUT", OrderState::unknown},  // outcome unknown: the order must be queried
    {"1", "MARKET_UNAVAILABLE", OrderState::rejected},
    {"2", "ORDER_INSERTED", OrderState::new_},
    // "3: 订单已成交" (cancel response list): some quantity traded; 4 is the code for "fully".
    {"3", "ORDER_TRANSACTED", OrderState::partially_filled},
    {"4", "ORDER_FULLY_TRANSACTED", OrderState::filled},
    {"5", "ORDER_PARTIALLY_TRANSACTED", OrderState::partially_filled},
    {"6", "ORDER_CANCELLED", OrderState::cancelled},
    // The unfilled remainder was refunded: the order is over without filling completely.
    {"7", "ORDER_REFUNDED", OrderState::cancelled},
    {"8", "INSUFFICIENT_BALANCE", OrderState::rejected},
    {"9", "TRIGGER_INSERTED", OrderState::pending_trigger},
    {"10", "TRIGGER_ACTIVATED", OrderState::new_},
    {"11", "ERROR_INVALID_CURRENCY", OrderState::rejected},
    {"12", "ERROR_UPDATE_RISK_LIMIT", OrderState::rejected},
    {"13", "ERROR_INVALID_LEVERAGE", OrderState::rejected},
    // In notificationApiV3, 15 means an amend failed (the order itself stands); the decoders
    // turn it into an AmendReject there rather than applying this state.
    {"15", "ORDER_REJECTED", OrderState::rejected},
    {"16", "ORDER_NOTFOUND", OrderState::unknown},
    {"17", "REQUEST_FAILED", OrderState::unknown},  // "please check the order status"
    {"20", "SUCCESS", OrderState::unknown},
    {"21", "FREEZE_SUCCESSFUL", OrderState::unknown},
    {"27", "TRANSFER_SUCCESSFUL", OrderState::unknown},
    {"28", "TRANSFER_UNSUCCESSFUL", OrderState::unknown},
    {"29", "QUERY_GET_ORDERS", OrderState::unknown},
    {"31", "QUERY_GET_POSITIONS", OrderState::unknown},
    {"33", "QUERY_GET_ALL_POSITIONS_ORDERS", OrderState::unknown},
    {"34", "QUERY_WALLET", OrderState::unknown},
    {"36", "QUERY_FUTURES_MARGIN", OrderState::unknown},
    {"41", "ERROR_INVALID_RISK_LIMIT", OrderState::rejected},
    {"51", "QUERY_GET_ORDERS_WITH_LIMIT", OrderState::unknown},
    {"64", "STATUS_LIQUIDATION", OrderState::unknown},
    {"65", "STATUS_ACTIVE", OrderState::new_},
    {"66", "MODE_BUY", OrderState::unknown},
    {"76", "ORDER_TYPE_LIMIT", OrderState::unknown},
    {"77", "ORDER_TYPE_MARKET", OrderState::unknown},
    {"80", "ORDER_TYPE_PEG", OrderState::unknown},
    {"81", "ORDER_TYPE_OTC", OrderState::unknown},
    {"83", "MODE_SELL", OrderState::unknown},
    {"85", "STATUS_PROCESSING", OrderState::pending_new},
    // Inactive open orders are the trigger orders not yet triggered.
    {"88", "STATUS_INACTIVE", OrderState::pending_trigger},
    {"101", "FUTURES_ORDER_PRICE_OUTSIDE_LIQUIDATION_PRICE", OrderState::rejected},
    {"110", "FUTURES_FUNDING", OrderState::unknown},
    {"123", "AMEND_ORDER", OrderState::unknown},
    {"124", "UNFREEZE_SUCCESSFUL", OrderState::unknown},
    {"300", "ERROR_MAX_ORDER_SIZE_EXCEEDED", OrderState::rejected},
    {"301", "ERROR_INVALID_ORDER_SIZE", OrderState::rejected},
    {"302", "ERROR_INVALID_ORDER_PRICE", OrderState::rejected},
    {"303", "ERROR_RATE_LIMITS_EXCEEDED", OrderState::rejected},
    {"304", "ERROR_MAX_OPEN_ORDER_EXCEEDED", OrderState::rejected},
    {"1003", "ORDER_LIQUIDATION", OrderState::unknown},
    {"1004", "ORDER_ADL", OrderState::unknown},
    {"30410", "BLOCK_TRADE_COMPLETE_SUCCESS", OrderState::unknown},
    {"STATUS_ACTIVE", "STATUS_ACTIVE", OrderState::new_},
    {"STATUS_INACTIVE", "STATUS_INACTIVE", OrderState::pending_trigger},
}};

// The table entry for `code`, or nullptr when the document does not list it.
[[nodiscard]] const StatusCode* find_status(std::string_view code) noexcept;
// The normalized state for `code`; unknown for a code the document does not list.
[[nodiscard]] OrderState order_state_from_status(std::string_view code) noexcept;

}  // namespace oex::codecs::btse
