#pragma once
// Decodes the answers of BTSE spot v3.3 REST calls into normalized events, given the call a
// response answers and its HTTP status.
//
// Events, in message order:
// - create_order: per order of the answer (OCO gives two), NewOrderAck then OrderUpdate, or
//   NewOrderReject when the status code is a refusal (1, 8, 11-13, 15, 41, 101, 300-304).
// - amend_order: AmendAck then OrderUpdate, or AmendReject (a refusal, 16 not found, 17 / -1).
// - cancel_order: CancelAck then OrderUpdate for a cancelled order (6, 7); otherwise
//   CancelReject, followed by OrderUpdate when the status still says where the order stands.
// - cancel_all_after: nothing (the document promises only HTTP 200).
// - query_order, open_orders: OrderUpdate each. trade_history: Fill each. fees: FeeRates each.
// - market_summary, price: Ticker each. orderbook, orderbook_l2: one snapshot BookUpdate.
//   trades: PublicTrade each. time: ServerTime. ohlcv: Candle each.
// - An HTTP status outside 2xx: a refusal the document says was not processed (400, 401, 403,
//   404, 405, 429) of an order call gives NewOrderReject / AmendReject / CancelReject from the
//   caller's RequestContext; anything else (408 timeout, 5xx: the outcome is unknown) VenueError.
//
// Returns venue_error exactly when a *Reject or VenueError event was delivered, ok for every
// other answer that decoded, and a decode error (no event delivered) otherwise: every order of an
// answer is validated before the first event goes out.
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "oex/codecs/btse/detail.hpp"
#include "oex/codecs/btse/types.hpp"

namespace oex::codecs::btse {

class RestDecoder {
 public:
  // Start-up: the JSON tape for `max_values` values and book storage for `max_levels` per side.
  explicit RestDecoder(std::size_t max_values = 65536, std::size_t max_levels = 1024)
      : doc_(max_values, 64),
        max_levels_(max_levels),
        bids_(std::make_unique<BookLevel[]>(max_levels)),
        asks_(std::make_unique<BookLevel[]>(max_levels)) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(Endpoint endpoint, int http_status, std::string_view body, Sink&& sink,
                                  const RequestContext& request = {}) noexcept {
    if (http_status < 200 || http_status > 299) return http_error(endpoint, http_status, body, sink, request);
    if (endpoint == Endpoint::cancel_all_after) return CodecError::ok;
    if (const CodecError e = doc_.parse(body); e != CodecError::ok) return e;
    const json::Value root = doc_.root();
    switch (endpoint) {
      case Endpoint::create_order:
      case Endpoint::amend_order:
      case Endpoint::cancel_order: return order_answers(endpoint, root, sink);
      case Endpoint::query_order: return each<OrderUpdate>(root, false, sink, [](json::Value v, OrderUpdate& u) noexcept {
          return read_order_update(v, u);
        });
      case Endpoint::open_orders: return each<OrderUpdate>(root, true, sink, [](json::Value v, OrderUpdate& u) noexcept {
          return read_order_update(v, u);
        });
      case Endpoint::trade_history: return each<Fill>(root, true, sink, [](json::Value v, Fill& f) noexcept {
          return detail::read_trade_history(v, f);
        });
      case Endpoint::fees: return each<FeeRates>(root, root.is_array(), sink, [](json::Value v, FeeRates& f) noexcept {
          return detail::read_fees(v, f);
        });
      case Endpoint::market_summary: return each<Ticker>(root, true, sink, [](json::Value v, Ticker& t) noexcept {
          return detail::read_market_summary(v, t);
        });
      case Endpoint::price: return each<Ticker>(root, true, sink, [](json::Value v, Ticker& t) noexcept {
          return detail::read_price(v, t);
        });
      case Endpoint::trades: return each<PublicTrade>(root, true, sink, [](json::Value v, PublicTrade& t) noexcept {
          return detail::read_public_trade(v, t);
        });
      case Endpoint::time: return each<ServerTime>(root, false, sink, [](json::Value v, ServerTime& t) noexcept {
          return detail::read_time(v, t);
        });
      case Endpoint::ohlcv: return each<Candle>(root, true, sink, [](json::Value v, Candle& c) noexcept {
          return detail::read_candle(v, c);
        });
      case Endpoint::orderbook:
      case Endpoint::orderbook_l2: return book(root, sink);
      case Endpoint::cancel_all_after: break;
    }
    return CodecError::invalid_argument;
  }

 private:
  static CodecError read_order_update(json::Value v, OrderUpdate& u) noexcept {
    detail::OrderRead read;
    if (const CodecError e = detail::read_order(v, read); e != CodecError::ok) return e;
    if (read.update.order_id.empty()) return CodecError::missing_field;
    u = read.update;
    return CodecError::ok;
  }

  // One event per element of an array (or of the single object when `array` is false); all are
  // read once to validate before the first goes out.
  template <class Event, class Sink, class Read>
  static CodecError each(json::Value root, bool array, Sink& sink, Read read) noexcept {
    Event event{};
    if (!array) {
      if (!root.is_object()) return CodecError::wrong_type;
      if (const CodecError e = read(root, event); e != CodecError::ok) return e;
      sink(static_cast<const Event&>(event));
      return CodecError::ok;
    }
    if (!root.is_array()) return CodecError::wrong_type;
    for (const auto element : root) {
      if (const CodecError e = read(element.value, event); e != CodecError::ok) return e;
    }
    for (const auto element : root) {
      (void)read(element.value, event);
      sink(static_cast<const Event&>(event));
    }
    return CodecError::ok;
  }

  enum class Outcome : std::uint8_t { accepted, refused, refused_with_state };

  static Outcome outcome(Endpoint endpoint, const detail::OrderRead& read) noexcept {
    const OrderState state = read.update.state;
    switch (endpoint) {
      case Endpoint::create_order: return state == OrderState::rejected ? Outcome::refused : Outcome::accepted;
      case Endpoint::amend_order:
        return state == OrderState::rejected || state == OrderState::unknown ? Outcome::refused : Outcome::accepted;
      default:
        if (state == OrderState::cancelled) return Outcome::accepted;
        return state == OrderState::rejected || state == OrderState::unknown ? Outcome::refused
                                                                             : Outcome::refused_with_state;
    }
  }

  static std::string_view reject_message(const detail::OrderRead& read) noexcept {
    if (!read.message.empty() || read.status == nullptr) return read.message;
    return read.status->name;
  }

  template <class Sink>
  static CodecError order_answers(Endpoint endpoint, json::Value root, Sink& sink) noexcept {
    if (!root.is_array()) return CodecError::wrong_type;
    detail::OrderRead read;
    for (const auto element : root) {
      if (const CodecError e = detail::read_order(element.value, read); e != CodecError::ok) return e;
      if (outcome(endpoint, read) != Outcome::refused && read.update.order_id.empty()) {
        return CodecError::missing_field;
      }
    }
    bool refused = false;
    for (const auto element : root) {
      (void)detail::read_order(element.value, read);
      const OrderUpdate& u = read.update;
      const Outcome result = outcome(endpoint, read);
      refused = refused || result != Outcome::accepted;
      if (endpoint == Endpoint::create_order) {
        if (result == Outcome::accepted) {
          sink(static_cast<const NewOrderAck&>(
              NewOrderAck{Venue::btse, u.symbol, u.order_id, u.client_order_id, u.state, u.venue_time_ms}));
          sink(u);
        } else {
          sink(static_cast<const NewOrderReject&>(
              NewOrderReject{Venue::btse, u.symbol, u.client_order_id, u.venue_status, reject_message(read)}));
        }
      } else if (endpoint == Endpoint::amend_order) {
        if (result == Outcome::accepted) {
          sink(static_cast<const AmendAck&>(
              AmendAck{Venue::btse, u.symbol, u.order_id, u.client_order_id, u.price, u.qty, u.trigger_price}));
          sink(u);
        } else {
          sink(static_cast<const AmendReject&>(AmendReject{Venue::btse, u.symbol, u.order_id, u.client_order_id,
                                                           u.venue_status, reject_message(read)}));
        }
      } else {
        if (result == Outcome::accepted) {
          sink(static_cast<const CancelAck&>(CancelAck{Venue::btse, u.symbol, u.order_id, u.client_order_id}));
          sink(u);
        } else {
          sink(static_cast<const CancelReject&>(CancelReject{Venue::btse, u.symbol, u.order_id, u.client_order_id,
                                                             u.venue_status, reject_message(read)}));
          if (result == Outcome::refused_with_state) sink(u);
        }
      }
    }
    return refused ? CodecError::venue_error : CodecError::ok;
  }

  template <class Sink>
  CodecError book(json::Value root, Sink& sink) noexcept {
    if (!root.is_object()) return CodecError::wrong_type;
    BookUpdate update{};
    update.venue = Venue::btse;
    update.snapshot = true;
    const auto symbol = root["symbol"].as_text();
    if (!symbol.ok()) return symbol.error();
    update.symbol = *symbol;
    CodecError e = detail::read_level_quotes(root["buyQuote"], {bids_.get(), max_levels_}, update.bids);
    if (e != CodecError::ok) return e;
    e = detail::read_level_quotes(root["sellQuote"], {asks_.get(), max_levels_}, update.asks);
    if (e != CodecError::ok) return e;
    const json::Value timestamp = root["timestamp"];
    if (!timestamp.is_missing()) {
      const auto ms = timestamp.as_int64();
      if (!ms.ok()) return ms.error();
      update.venue_time_ms = *ms;
    }
    sink(static_cast<const BookUpdate&>(update));
    return CodecError::ok;
  }

  template <class Sink>
  CodecError http_error(Endpoint endpoint, int http_status, std::string_view body, Sink& sink,
                        const RequestContext& request) noexcept {
    VenueError error;
    detail::read_http_error(doc_, body, http_status, status_text_, error);
    // The document: 400, 401, 403 "the server will not process this request"; 404, 405 name a
    // request that cannot be served; 429 is refused by the rate limiter. 408 and 5xx leave the
    // outcome open, so they are errors, not refusals.
    const bool not_processed = http_status == 400 || http_status == 401 || http_status == 403 ||
                               http_status == 404 || http_status == 405 || http_status == 429;
    const OptText client_id =
        request.client_order_id.empty() ? OptText{} : OptText{request.client_order_id};
    if (not_processed && endpoint == Endpoint::create_order) {
      sink(static_cast<const NewOrderReject&>(
          NewOrderReject{Venue::btse, request.symbol, client_id, error.code, error.message}));
    } else if (not_processed && endpoint == Endpoint::amend_order) {
      sink(static_cast<const AmendReject&>(
          AmendReject{Venue::btse, request.symbol, request.order_id, client_id, error.code, error.message}));
    } else if (not_processed && endpoint == Endpoint::cancel_order) {
      sink(static_cast<const CancelReject&>(
          CancelReject{Venue::btse, request.symbol, request.order_id, client_id, error.code, error.message}));
    } else {
      sink(static_cast<const VenueError&>(error));
    }
    return CodecError::venue_error;
  }

  json::Document doc_;
  std::size_t max_levels_;
  std::unique_ptr<BookLevel[]> bids_;
  std::unique_ptr<BookLevel[]> asks_;
  std::array<char, 4> status_text_{};
};

}  // namespace oex::codecs::btse
