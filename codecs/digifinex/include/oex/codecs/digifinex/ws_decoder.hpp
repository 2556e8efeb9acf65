#pragma once
// DigiFinex WS v1 server messages (the inflated text) into normalized events.
//
// Notifications carry "method" and "params": trades.update -> PublicTrade per trade,
// depth.update -> one BookUpdate (snapshot = the `clean` flag), ticker.update and
// all_ticker.update -> Ticker per element, order.update -> OrderUpdate per order (one message
// may hold several), order_algo.update -> OrderUpdate (type trigger) per order,
// balance.update -> Balance per currency. Fills are not reported by the venue: the order's
// cumulative `filled` is its truth and oms/ derives fills from it.
//
// Responses are {"error":..,"result":..,"id":..}. They do not name the request they answer, so
// the caller (which keeps id -> method) may pass the answered method: "pong" -> Pong, an
// integer -> ServerTime, {"status":"success"} -> SubscriptionAck whose topic is that method
// (empty when not given; subscribed is false for *.unsubscribe). A non-null `error`, or a status
// other than success, gives one VenueError event and returns CodecError::venue_error.
//
// Every list is validated in full before its first event is emitted, so a message that fails
// emits nothing. All views point into `text` and into storage owned by the decoder; both must
// outlive the events' use.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::digifinex {

namespace detail {
enum class Method : std::uint8_t {
  trades_update,
  depth_update,
  ticker_update,
  all_ticker_update,
  order_update,
  order_algo_update,
  balance_update,
  unknown,
};
[[nodiscard]] Method method_from_name(std::string_view name) noexcept;

[[nodiscard]] CodecError parse_trade(json::Value trade, std::string_view market, PublicTrade& out) noexcept;
[[nodiscard]] CodecError parse_ticker(json::Value ticker, Ticker& out) noexcept;
[[nodiscard]] CodecError parse_order(json::Value order, OrderUpdate& out) noexcept;
[[nodiscard]] CodecError parse_algo_order(json::Value order, OrderUpdate& out) noexcept;
[[nodiscard]] CodecError parse_balance(json::Value balance, Balance& out) noexcept;
[[nodiscard]] CodecError parse_levels(json::Value levels, BookLevel* storage, std::size_t capacity,
                                      std::size_t& count) noexcept;
[[nodiscard]] CodecError check_array(json::Value v) noexcept;

// The order fast path: a compact `{"method":"order.update","params":[{...}...]...}` read and
// validated in one pass with no tape, into at most `capacity` orders. false means "take the
// Document path", which then gives the events or the typed error; the two paths decode every
// message alike (tests and the fuzzer compare them).
[[nodiscard]] bool fast_order_update(std::string_view text, std::size_t max_values, std::size_t max_depth,
                                     OrderUpdate* out, std::size_t capacity, std::size_t& count) noexcept;
[[nodiscard]] CodecError read_market(json::Value v, std::string_view& out) noexcept;

// The response's event kinds, resolved without a sink so the template below stays small.
struct Response {
  enum class Kind : std::uint8_t { pong, time, ack, error } kind = Kind::error;
  std::int64_t time_ms = 0;
  SubscriptionAck ack{};
  VenueError error{};
};
[[nodiscard]] CodecError parse_response(json::Value root, std::string_view answered_method, Response& out) noexcept;

// Parses every element into a scratch event first (when there is more than one), then again to
// emit: a bad element anywhere means no event at all.
template <class Event, class Parse, class Sink>
[[nodiscard]] CodecError emit_each(json::Value list, Parse&& parse, Sink& sink) noexcept {
  if (list.size() > 1) {
    for (const auto member : list) {
      Event scratch{};
      if (const CodecError e = parse(member.value, scratch); e != CodecError::ok) return e;
    }
  }
  for (const auto member : list) {
    Event event{};
    if (const CodecError e = parse(member.value, event); e != CodecError::ok) return e;
    sink(static_cast<const Event&>(event));
  }
  return CodecError::ok;
}
}  // namespace detail

class WsDecoder {
 public:
  struct Limits {
    std::size_t max_values = 16384;     // JSON values per message (a full all_ticker needs many)
    std::size_t max_depth = 16;         // nesting
    std::size_t max_book_levels = 1024;  // per side of one depth.update
    bool order_fast_path = true;         // false only to compare the two paths in tests
  };

  explicit WsDecoder(Limits limits);
  WsDecoder() : WsDecoder(Limits{}) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view text, Sink&& sink,
                                  std::string_view answered_method = {}) noexcept;

 private:
  template <class Sink>
  [[nodiscard]] CodecError decode_depth(json::Value params, Sink& sink) noexcept;

  static constexpr std::size_t kFastOrders = 16;  // more orders in one message take the Document path

  json::Document doc_;
  std::size_t max_values_;
  std::size_t max_depth_;
  bool fast_path_;
  std::unique_ptr<OrderUpdate[]> fast_orders_;
  std::size_t max_levels_;
  std::unique_ptr<BookLevel[]> bids_;
  std::unique_ptr<BookLevel[]> asks_;
};

template <class Sink>
CodecError WsDecoder::decode(std::string_view text, Sink&& sink, std::string_view answered_method) noexcept {
  if (fast_path_ && text.starts_with(R"({"method":"order.update")")) {
    std::size_t count = 0;
    if (detail::fast_order_update(text, max_values_, max_depth_, fast_orders_.get(), kFastOrders, count)) {
      for (std::size_t i = 0; i < count; ++i) sink(static_cast<const OrderUpdate&>(fast_orders_[i]));
      return CodecError::ok;
    }
  }
  if (const CodecError e = doc_.parse(text); e != CodecError::ok) return e;
  const json::Value root = doc_.root();
  if (!root.is_object()) return CodecError::unknown_message;

  const json::Value method = root["method"];
  if (method.is_missing()) {
    detail::Response response;
    if (const CodecError e = detail::parse_response(root, answered_method, response); e != CodecError::ok) return e;
    switch (response.kind) {
      case detail::Response::Kind::pong: sink(static_cast<const Pong&>(Pong{Venue::digifinex, {}})); break;
      case detail::Response::Kind::time:
        sink(static_cast<const ServerTime&>(ServerTime{Venue::digifinex, response.time_ms}));
        break;
      case detail::Response::Kind::ack: sink(static_cast<const SubscriptionAck&>(response.ack)); break;
      case detail::Response::Kind::error:
        sink(static_cast<const VenueError&>(response.error));
        return CodecError::venue_error;
    }
    return CodecError::ok;
  }

  const auto name = method.as_string();
  if (!name.ok()) return name.error();
  const detail::Method m = detail::method_from_name(*name);
  if (m == detail::Method::unknown) return CodecError::unknown_topic;
  const json::Value params = root["params"];
  if (const CodecError e = detail::check_array(params); e != CodecError::ok) return e;

  switch (m) {
    case detail::Method::trades_update: {
      // [clean, [trade...], market]; `clean` only says whether the list is complete.
      if (const CodecError e = detail::check_array(params.at(1)); e != CodecError::ok) return e;
      if (!params.at(0).as_bool().ok()) return params.at(0).as_bool().error();
      std::string_view market;
      if (const CodecError e = detail::read_market(params.at(2), market); e != CodecError::ok) return e;
      return detail::emit_each<PublicTrade>(
          params.at(1), [market](json::Value v, PublicTrade& t) noexcept { return detail::parse_trade(v, market, t); },
          sink);
    }
    case detail::Method::depth_update: return decode_depth(params, sink);
    case detail::Method::ticker_update:
    case detail::Method::all_ticker_update:
      return detail::emit_each<Ticker>(params, detail::parse_ticker, sink);
    case detail::Method::order_update: return detail::emit_each<OrderUpdate>(params, detail::parse_order, sink);
    case detail::Method::order_algo_update:
      return detail::emit_each<OrderUpdate>(params, detail::parse_algo_order, sink);
    case detail::Method::balance_update: return detail::emit_each<Balance>(params, detail::parse_balance, sink);
    case detail::Method::unknown: break;
  }
  return CodecError::unknown_topic;
}

template <class Sink>
CodecError WsDecoder::decode_depth(json::Value params, Sink& sink) noexcept {
  // [clean, {"asks":[[price, qty]...], "bids":[...]}, market]
  const auto clean = params.at(0).as_bool();
  if (!clean.ok()) return clean.error();
  const json::Value book = params.at(1);
  if (!book.is_object()) return book.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
  BookUpdate update{};
  update.venue = Venue::digifinex;
  update.snapshot = *clean;
  if (const CodecError e = detail::read_market(params.at(2), update.symbol); e != CodecError::ok) return e;
  std::size_t bid_count = 0;
  std::size_t ask_count = 0;
  if (const CodecError e = detail::parse_levels(book["bids"], bids_.get(), max_levels_, bid_count);
      e != CodecError::ok) {
    return e;
  }
  if (const CodecError e = detail::parse_levels(book["asks"], asks_.get(), max_levels_, ask_count);
      e != CodecError::ok) {
    return e;
  }
  update.bids = {bids_.get(), bid_count};
  update.asks = {asks_.get(), ask_count};
  sink(static_cast<const BookUpdate&>(update));
  return CodecError::ok;
}

}  // namespace oex::codecs::digifinex
