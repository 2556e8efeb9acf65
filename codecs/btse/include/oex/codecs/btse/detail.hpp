#pragma once
// Field readers behind the BTSE decoders (not part of the codec's interface): each reads one JSON
// object of a documented shape into a normalized event, or says why it cannot.
#include <cstddef>
#include <span>
#include <string_view>

#include "oex/codecs/btse/status.hpp"
#include "oex/codecs/btse/types.hpp"
#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::btse::detail {

// One order object: REST create / amend / cancel answers, query order, open orders and the data
// of notificationApiV3.
struct OrderRead {
  OrderUpdate update;
  const StatusCode* status = nullptr;  // nullptr when the document does not list the code
  std::string_view message;            // the answer's "message", empty when none
};
[[nodiscard]] CodecError read_order(json::Value order, OrderRead& out) noexcept;

// notificationApiV3 data: an order object plus txType and the fill this notification reports.
[[nodiscard]] CodecError read_notification(json::Value data, OrderRead& out) noexcept;

// One element of the `fills` topic.
[[nodiscard]] CodecError read_ws_fill(json::Value fill, Fill& out) noexcept;
// One element of GET /user/trade_history.
[[nodiscard]] CodecError read_trade_history(json::Value trade, Fill& out) noexcept;
// One element of GET /trades or of the tradeHistoryApi topic.
[[nodiscard]] CodecError read_public_trade(json::Value trade, PublicTrade& out) noexcept;
// [["price","size"], ...] (the order-book socket) into storage.
[[nodiscard]] CodecError read_level_pairs(json::Value levels, std::span<BookLevel> storage,
                                          std::span<const BookLevel>& out) noexcept;
// [{"price":..,"size":..}, ...] (the REST order books) into storage.
[[nodiscard]] CodecError read_level_quotes(json::Value levels, std::span<BookLevel> storage,
                                           std::span<const BookLevel>& out) noexcept;
[[nodiscard]] CodecError read_market_summary(json::Value market, Ticker& out) noexcept;
[[nodiscard]] CodecError read_price(json::Value price, Ticker& out) noexcept;
[[nodiscard]] CodecError read_time(json::Value time, ServerTime& out) noexcept;
[[nodiscard]] CodecError read_fees(json::Value fees, FeeRates& out) noexcept;

// An error frame of the WebSocket servers: {"errors":[{"error":{"code":..,"message":..}}]}.
// Reads one element of "errors".
[[nodiscard]] CodecError read_ws_error(json::Value element, VenueError& out) noexcept;

// The code and text of an HTTP error answer. The document shows no error body, so any JSON
// object's errorCode / code / status and message / msg / error are read; a body that is not
// JSON becomes the message, and the HTTP status (written into `status_text`) the code.
void read_http_error(json::Document& doc, std::string_view body, int http_status, std::span<char, 4> status_text,
                     VenueError& out) noexcept;

// Subscribe / unsubscribe acknowledgements: {"event":"subscribe","channel":[...]}.
[[nodiscard]] bool is_subscription_event(json::Value root, bool& subscribed) noexcept;

}  // namespace oex::codecs::btse::detail
