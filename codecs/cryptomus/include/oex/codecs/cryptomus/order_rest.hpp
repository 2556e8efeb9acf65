#pragma once
// Cryptomus order entry through its user REST API, which the WS document omits (INDEX.md
// "Beyond the documents"; oex-sim serves it as tools/sim/src/cryptomus.cpp shows):
//
//   POST   /v2/user-api/exchange/orders         {"market","direction","quantity","price","client_order_id"}
//                                                -> {"order_id":"..."}
//   POST   /v2/user-api/exchange/orders/market  {"market","direction","quantity" | "value","client_order_id"}
//                                                -> {"order_id":"..."}
//   DELETE /v2/user-api/exchange/orders/{id}    -> {"success":true}
//   GET    /v2/user-api/exchange/orders         -> {"result":[order...]} (the open orders)
//   GET    /v2/user-api/exchange/orders/history -> {"result":[order...]} (finished orders, most
//                                                   recent first, each with its state)
//   any refusal                                  -> HTTP 4xx {"state":1,"message":"..."}
//
// Every request carries `userId` and `sign` = lower-case hex MD5(base64(body) + api key)
// (sign_body in rest.hpp; an empty body signs the key alone). Decimals are sent as JSON strings,
// exactly as Decimal prints them.
//
// Encoders write the target, body and header values into the caller's buffer and fill a
// RestRequest whose views point there; nothing allocates. A buffer too small gives
// buffer_too_small and the request is not to be sent.
//
// OrderRestDecoder reads an answer given the request it answers (OrderRestContext: the endpoint,
// and what the answer does not repeat: the new order's market and client id, the cancelled id).
// Outcomes:
//   new order (limit or market)  2xx with order_id -> NewOrderAck, returns ok
//                                refusal -> NewOrderReject, returns venue_error
//   cancel                       2xx with success true -> CancelAck, returns ok
//                                success false or refusal -> CancelReject, returns venue_error
//   open orders, order history   2xx with result -> OrderUpdate per order, returns ok
//                                refusal -> VenueError, returns venue_error
// A refusal is an HTTP status outside 2xx, or a 2xx body whose `state` is not 0. Its code is
// the HTTP status as text ("422"), its message the body's `message` where there is one. Any other
// malformed answer gives a typed error and no event; an order list is validated in full before
// its first event.
//
// A listed order carries no `type` (created/updated/finished): it reads as `updated` (so as new
// or partially filled, by its filledQuantity), or `finished` when it carries a state. A history
// element finishes as state "completed" + internalState "filled" (filled), or state "cancelled"
// + internalState "cancelled" / "partially_filled" (cancelled, keeping its filledQuantity).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/events.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::cryptomus {

inline constexpr std::string_view kOrdersPath = "/v2/user-api/exchange/orders";
inline constexpr std::string_view kMarketOrdersPath = "/v2/user-api/exchange/orders/market";
inline constexpr std::string_view kOrderHistoryPath = "/v2/user-api/exchange/orders/history";
inline constexpr std::string_view kJsonContentType = "application/json";

enum class OrderEndpoint : std::uint8_t { limit_order, market_order, cancel_order, open_orders, order_history };

// Who signs: the `userId` header as sent and the api key the signature hashes (never written).
struct UserCredentials {
  std::string_view user_id;
  std::string_view api_key;
};

struct LimitOrderFields {
  std::string_view market;  // as the venue spells it, e.g. BTC_USDT
  Side side = Side::buy;
  Decimal quantity;  // base currency
  Decimal price;
  std::string_view client_order_id;  // optional: not sent when empty
};

// A market order sizes itself either in the base currency (quantity) or, for a buy, by the
// quote amount to spend (value). Exactly one of them: otherwise invalid_argument.
struct MarketOrderFields {
  std::string_view market;
  Side side = Side::buy;
  OptDecimal quantity;
  OptDecimal value;
  std::string_view client_order_id;
};

using RestEncodeResult = Result<RestRequest, CodecError>;

[[nodiscard]] RestEncodeResult encode_limit_order(std::span<char> out, const LimitOrderFields& order,
                                                  const UserCredentials& credentials) noexcept;
[[nodiscard]] RestEncodeResult encode_market_order(std::span<char> out, const MarketOrderFields& order,
                                                   const UserCredentials& credentials) noexcept;
// The id goes into the path: one made of anything but [0-9A-Za-z_-] is invalid_argument.
[[nodiscard]] RestEncodeResult encode_cancel_order(std::span<char> out, std::string_view order_id,
                                                   const UserCredentials& credentials) noexcept;
[[nodiscard]] RestEncodeResult encode_open_orders(std::span<char> out, const UserCredentials& credentials) noexcept;
// The client's finished orders (all markets), signed like the others over the empty body.
[[nodiscard]] RestEncodeResult encode_order_history(std::span<char> out, const UserCredentials& credentials) noexcept;

// What an answer does not say about its request.
struct OrderRestContext {
  OrderEndpoint endpoint = OrderEndpoint::limit_order;
  std::string_view market;     // new order: the market it was placed on
  OptText client_order_id;     // new order: ours
  std::string_view order_id;   // cancel: the id in the path
};

namespace detail {
// One element of the open-orders or order-history list (the order_update `info` shape) into an
// OrderUpdate.
[[nodiscard]] CodecError parse_rest_order(json::Value order, OrderUpdate& out) noexcept;
}  // namespace detail

class OrderRestDecoder {
 public:
  struct Limits {
    std::size_t max_values = 65536;  // JSON values per answer (an order has 16)
    std::size_t max_depth = 8;
  };
  explicit OrderRestDecoder(Limits limits);
  OrderRestDecoder() : OrderRestDecoder(Limits{}) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(const OrderRestContext& context, int http_status, std::string_view body,
                                  Sink&& sink) noexcept;

 private:
  struct Refusal {
    std::string_view code;
    std::string_view message;
  };
  // ok with `refused` false: a success body, parsed; ok with `refused` true: a refusal.
  [[nodiscard]] CodecError classify(std::string_view body, int http_status, bool& refused, Refusal& refusal) noexcept;

  json::Document doc_;
  std::array<char, 8> status_text_{};  // the HTTP status as the refusal's code
};

template <class Sink>
CodecError OrderRestDecoder::decode(const OrderRestContext& context, int http_status, std::string_view body,
                                    Sink&& sink) noexcept {
  bool refused = false;
  Refusal refusal;
  if (const CodecError e = classify(body, http_status, refused, refusal); e != CodecError::ok) return e;
  if (refused) {
    switch (context.endpoint) {
      case OrderEndpoint::limit_order:
      case OrderEndpoint::market_order:
        sink(static_cast<const NewOrderReject&>(
            NewOrderReject{Venue::cryptomus, context.market, context.client_order_id, refusal.code, refusal.message}));
        break;
      case OrderEndpoint::cancel_order:
        sink(static_cast<const CancelReject&>(
            CancelReject{Venue::cryptomus, {}, context.order_id, {}, refusal.code, refusal.message}));
        break;
      case OrderEndpoint::open_orders:
      case OrderEndpoint::order_history:
        sink(static_cast<const VenueError&>(VenueError{Venue::cryptomus, refusal.code, refusal.message, http_status}));
        break;
    }
    return CodecError::venue_error;
  }

  const json::Value root = doc_.root();
  switch (context.endpoint) {
    case OrderEndpoint::limit_order:
    case OrderEndpoint::market_order: {
      const json::Value id_value = root["order_id"];
      if (id_value.is_missing()) return CodecError::missing_field;
      if (!id_value.is_string()) return CodecError::wrong_type;
      if (id_value.has_escapes()) return CodecError::invalid_value;
      const std::string_view id = id_value.raw();
      if (id.empty()) return CodecError::invalid_value;
      NewOrderAck ack{};
      ack.venue = Venue::cryptomus;
      ack.symbol = context.market;
      ack.order_id = id;
      ack.client_order_id = context.client_order_id;
      sink(static_cast<const NewOrderAck&>(ack));
      return CodecError::ok;
    }
    case OrderEndpoint::cancel_order: {
      const auto success = root["success"].as_bool();
      if (!success.ok()) return success.error();
      if (!*success) {
        sink(static_cast<const CancelReject&>(CancelReject{Venue::cryptomus, {}, context.order_id, {}, "success_false",
                                                           "the venue answered success false"}));
        return CodecError::venue_error;
      }
      sink(static_cast<const CancelAck&>(CancelAck{Venue::cryptomus, {}, context.order_id, {}}));
      return CodecError::ok;
    }
    case OrderEndpoint::open_orders:
    case OrderEndpoint::order_history: {
      const json::Value list = root["result"];
      if (list.is_missing()) return CodecError::missing_field;
      if (!list.is_array()) return CodecError::wrong_type;
      for (const auto member : list) {
        OrderUpdate scratch{};
        if (const CodecError e = detail::parse_rest_order(member.value, scratch); e != CodecError::ok) return e;
      }
      for (const auto member : list) {
        OrderUpdate update{};
        (void)detail::parse_rest_order(member.value, update);
        sink(static_cast<const OrderUpdate&>(update));
      }
      return CodecError::ok;
    }
  }
  return CodecError::unknown_message;
}

}  // namespace oex::codecs::cryptomus
