#pragma once
// DigiFinex order entry through its public REST API (v3), which the WS document omits (INDEX.md
// "Beyond the documents"; oex-sim serves it as tools/sim/src/digifinex.cpp shows):
//
//   POST /v3/spot/order/new      form symbol, type (buy|sell|buy_market|sell_market), amount,
//                                price (limit only), post_only (limit only, 0|1)
//                                -> {"code":0,"order_id":"..."}
//   POST /v3/spot/order/cancel   form order_id=<id>[,<id>...]
//                                -> {"code":0,"success":[ids],"error":[ids]}
//   GET  /v3/spot/order/current  [?symbol=...]           -> {"code":0,"data":[order...]}
//   GET  /v3/spot/order          ?order_id=<id>[,<id>...] -> {"code":0,"data":[order...]}
//   any error                    -> {"code":<non-zero>,"msg":"..."}
//
// Every request carries ACCESS-KEY, ACCESS-TIMESTAMP (Unix seconds) and ACCESS-SIGN = lower-case
// hex HMAC-SHA256(secret, form body) for POST, of the query string (without '?') for GET. The
// HMAC is keyed once at start-up and passed in; the secret never reaches the buffer.
//
// Encoders write the target, body and header values into the caller's buffer and fill a
// RestRequest whose views point there; nothing allocates. A buffer too small gives
// buffer_too_small and the request is not to be sent.
//
// RestDecoder reads an answer given the request it answers (RestContext: the endpoint, and what
// the answer itself does not repeat: the new order's client id and symbol, the cancelled ids).
// Outcomes:
//   new order   code 0 -> NewOrderAck; code != 0 -> NewOrderReject (returns venue_error)
//   cancel      code 0 -> CancelAck per `success` id, CancelReject (code "error") per `error` id,
//               returns ok; code != 0 -> CancelReject per requested id (returns venue_error)
//   current / query   code 0 -> OrderUpdate per order (state through the status table, filled
//               quantity cumulative); code != 0 -> VenueError (returns venue_error)
// An HTTP status other than 2xx whose body is not such a JSON answer gives the same reject (or
// VenueError) with the status as its code, and returns venue_error. Any other malformed answer
// gives a typed error and no event. Every order list is validated in full before the first
// event, so an answer that fails emits nothing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/events.hpp"
#include "oex/core/result.hpp"

namespace oex::codecs::digifinex {

inline constexpr std::string_view kNewOrderPath = "/v3/spot/order/new";
inline constexpr std::string_view kCancelOrderPath = "/v3/spot/order/cancel";
inline constexpr std::string_view kCurrentOrdersPath = "/v3/spot/order/current";
inline constexpr std::string_view kQueryOrderPath = "/v3/spot/order";
inline constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

enum class RestEndpoint : std::uint8_t { new_order, cancel_order, current_orders, query_order };

// The credentials of every request: the key as sent, the HMAC keyed with the secret at start-up.
struct RestCredentials {
  std::string_view api_key;
  const HmacSha256& secret;
};

struct NewOrderFields {
  std::string_view symbol;  // as the venue spells it, e.g. BTC_USDT
  Side side = Side::buy;
  bool market = false;    // buy_market / sell_market; price and post_only are then not sent
  Decimal amount;         // base quantity (the quote amount for a market buy, as the venue takes it)
  Decimal price;          // limit orders only
  bool post_only = false;
};

using RestEncodeResult = Result<RestRequest, CodecError>;

[[nodiscard]] RestEncodeResult encode_new_order(std::span<char> out, const NewOrderFields& order,
                                                const RestCredentials& credentials,
                                                std::int64_t timestamp_s) noexcept;
// One or more ids, joined with commas (the venue cancels them in one call). No id: invalid_argument.
[[nodiscard]] RestEncodeResult encode_cancel_orders(std::span<char> out, std::span<const std::string_view> order_ids,
                                                    const RestCredentials& credentials,
                                                    std::int64_t timestamp_s) noexcept;
// Open orders of one market, or of every market when `symbol` is empty.
[[nodiscard]] RestEncodeResult encode_current_orders(std::span<char> out, std::string_view symbol,
                                                     const RestCredentials& credentials,
                                                     std::int64_t timestamp_s) noexcept;
// The orders with these ids, open or finished. No id: invalid_argument.
[[nodiscard]] RestEncodeResult encode_query_orders(std::span<char> out, std::span<const std::string_view> order_ids,
                                                   const RestCredentials& credentials,
                                                   std::int64_t timestamp_s) noexcept;

// What an answer does not say about its request.
struct RestContext {
  RestEndpoint endpoint = RestEndpoint::new_order;
  std::string_view symbol;          // new order: the market it was placed on
  OptText client_order_id;          // new order: ours (the venue has no client id)
  std::string_view order_ids;       // cancel: the comma-separated ids sent
};

namespace detail {
// One element of an order list into an OrderUpdate (REST spelling: order_id, amount,
// executed_amount, avg_price, status as an integer, type buy|sell|buy_market|sell_market).
[[nodiscard]] CodecError parse_rest_order(json::Value order, OrderUpdate& out) noexcept;
// Each element of a JSON array of ids as text; wrong_type for anything else.
[[nodiscard]] CodecError check_id_list(json::Value list) noexcept;
}  // namespace detail

class RestDecoder {
 public:
  struct Limits {
    std::size_t max_values = 65536;  // JSON values per answer (an order has 14)
    std::size_t max_depth = 8;
  };
  explicit RestDecoder(Limits limits);
  RestDecoder() : RestDecoder(Limits{}) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view body, int http_status, const RestContext& context,
                                  Sink&& sink) noexcept;

 private:
  // The answer's error code and message, or the HTTP status as the code when the body says
  // nothing usable. false: the answer is a success (code 0 on a 2xx status).
  struct Failure {
    std::string_view code;
    std::string_view message;
  };
  [[nodiscard]] CodecError classify(std::string_view body, int http_status, bool& failed, Failure& failure) noexcept;

  template <class Sink>
  CodecError reject_all(const RestContext& context, const Failure& failure, int http_status, Sink& sink) noexcept;

  json::Document doc_;
  std::array<char, 8> status_text_{};  // the HTTP status as a code, when the body has none
};

template <class Sink>
CodecError RestDecoder::reject_all(const RestContext& context, const Failure& failure, int http_status,
                                   Sink& sink) noexcept {
  switch (context.endpoint) {
    case RestEndpoint::new_order: {
      const NewOrderReject reject{Venue::digifinex, context.symbol, context.client_order_id, failure.code,
                                  failure.message};
      sink(reject);
      break;
    }
    case RestEndpoint::cancel_order: {
      std::string_view rest = context.order_ids;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view id = rest.substr(0, comma);
        if (!id.empty()) {
          const CancelReject reject{Venue::digifinex, {}, id, {}, failure.code, failure.message};
          sink(reject);
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      break;
    }
    case RestEndpoint::current_orders:
    case RestEndpoint::query_order: {
      const VenueError error{Venue::digifinex, failure.code, failure.message, http_status};
      sink(error);
      break;
    }
  }
  return CodecError::venue_error;
}

template <class Sink>
CodecError RestDecoder::decode(std::string_view body, int http_status, const RestContext& context,
                               Sink&& sink) noexcept {
  bool failed = false;
  Failure failure;
  if (const CodecError e = classify(body, http_status, failed, failure); e != CodecError::ok) return e;
  if (failed) return reject_all(context, failure, http_status, sink);

  const json::Value root = doc_.root();
  switch (context.endpoint) {
    case RestEndpoint::new_order: {
      const json::Value id_value = root["order_id"];
      if (id_value.is_missing()) return CodecError::missing_field;
      const auto id = id_value.as_text();
      if (!id.ok()) return id.error();
      if (id->empty()) return CodecError::invalid_value;
      NewOrderAck ack{};
      ack.venue = Venue::digifinex;
      ack.symbol = context.symbol;
      ack.order_id = *id;
      ack.client_order_id = context.client_order_id;
      sink(static_cast<const NewOrderAck&>(ack));
      return CodecError::ok;
    }
    case RestEndpoint::cancel_order: {
      const json::Value success = root["success"];
      const json::Value error = root["error"];
      if (const CodecError e = detail::check_id_list(success); e != CodecError::ok) return e;
      if (const CodecError e = detail::check_id_list(error); e != CodecError::ok) return e;
      for (const auto member : success) {
        const CancelAck ack{Venue::digifinex, {}, *member.value.as_text(), {}};
        sink(ack);
      }
      for (const auto member : error) {
        const CancelReject reject{Venue::digifinex, {}, *member.value.as_text(), {}, "error",
                                  "the venue listed the order under error"};
        sink(reject);
      }
      return CodecError::ok;
    }
    case RestEndpoint::current_orders:
    case RestEndpoint::query_order: {
      const json::Value data = root["data"];
      if (data.is_missing()) return CodecError::missing_field;
      if (!data.is_array()) return CodecError::wrong_type;
      for (const auto member : data) {
        OrderUpdate scratch{};
        if (const CodecError e = detail::parse_rest_order(member.value, scratch); e != CodecError::ok) return e;
      }
      for (const auto member : data) {
        OrderUpdate update{};
        (void)detail::parse_rest_order(member.value, update);
        sink(static_cast<const OrderUpdate&>(update));
      }
      return CodecError::ok;
    }
  }
  return CodecError::unknown_message;
}

}  // namespace oex::codecs::digifinex
