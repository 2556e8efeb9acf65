#pragma once
// Cryptomus WS messages into normalized events. Every message is {"id", "method", "data",
// "error"}:
//   pong -> Pong; <channel>_subscribe / _unsubscribe answers ({"status":"success"}) ->
//   SubscriptionAck with the method as topic; the answers that carry no method (the document's
//   unsubscribe and deal_subscribe answers) take the topic from `answered_method`, which the
//   caller passes from its id table (empty when not given);
//   lastprice_update -> Ticker (last); ticker_update -> Ticker; trade_update -> PublicTrade per
//   trade; depth_update -> BookUpdate whose symbol is the stream's "market:scale_index" (books at
//   different scales are different books; snapshot = full_reload); order_update -> OrderUpdate
//   (see status.hpp); balance_update -> Balance (total = newBalance); deal_update -> Fill with
//   the deal id as trade id and no order id (the venue sends none).
// A non-null `error` (codes 1 and 2, status.hpp), or a subscription status other than success,
// gives one VenueError event and returns CodecError::venue_error. A message that fails emits
// nothing. Views point into `text` and into storage owned by the decoder.
#include <array>
#include <cstddef>
#include <memory>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/detail.hpp"
#include "oex/codecs/cryptomus/raw_field.hpp"

namespace oex::codecs::cryptomus {

class WsDecoder {
 public:
  struct Limits {
    std::size_t max_values = 16384;
    std::size_t max_depth = 16;
    std::size_t max_book_levels = 1024;  // per side
    bool order_fast_path = true;         // false only to compare the two paths in tests
  };

  explicit WsDecoder(Limits limits);
  WsDecoder() : WsDecoder(Limits{}) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view text, Sink&& sink,
                                  std::string_view answered_method = {}) noexcept;

 private:
  template <class Sink>
  [[nodiscard]] CodecError decode_ack(json::Value root, std::string_view topic, Sink& sink) noexcept;
  template <class Sink>
  [[nodiscard]] CodecError decode_depth(json::Value data, Sink& sink) noexcept;
  template <class Sink>
  [[nodiscard]] CodecError decode_trades(json::Value data, Sink& sink) noexcept;

  json::Document doc_;
  std::size_t max_values_;
  std::size_t max_depth_;
  bool fast_path_;
  std::size_t max_levels_;
  std::unique_ptr<BookLevel[]> bids_;
  std::unique_ptr<BookLevel[]> asks_;
  std::array<char, 96> book_topic_{};  // "market:scale_index" of the last depth_update
};

template <class Sink>
CodecError WsDecoder::decode(std::string_view text, Sink&& sink, std::string_view answered_method) noexcept {
  if (fast_path_) {
    // Order notifications first, read in one pass; anything else (or anything odd) gives up
    // within the first members and takes the Document path below.
    OrderUpdate order;
    if (detail::fast_order_update(text, max_values_, max_depth_, order)) {
      sink(static_cast<const OrderUpdate&>(order));
      return CodecError::ok;
    }
  }
  if (const CodecError e = doc_.parse(text); e != CodecError::ok) return e;
  const json::Value root = doc_.root();
  if (!root.is_object()) return CodecError::unknown_message;

  if (!root["error"].is_missing()) {
    VenueError error{};
    detail::parse_error(root, error);
    sink(static_cast<const VenueError&>(error));
    return CodecError::venue_error;
  }

  const json::Value method = root["method"];
  if (method.is_missing()) {
    if (!root["data"].is_object()) return CodecError::unknown_message;
    return decode_ack(root, answered_method, sink);
  }
  const auto name_result = method.as_string();
  if (!name_result.ok()) return name_result.error();
  const std::string_view name = *name_result;
  const json::Value data = root["data"];

  if (name == "order_update") {
    OrderUpdate order{};
    if (const CodecError e = detail::parse_order(data, order); e != CodecError::ok) return e;
    sink(static_cast<const OrderUpdate&>(order));
    return CodecError::ok;
  }
  if (name == "deal_update") {
    Fill fill{};
    if (const CodecError e = detail::parse_deal(data, fill); e != CodecError::ok) return e;
    sink(static_cast<const Fill&>(fill));
    return CodecError::ok;
  }
  if (name == "balance_update") {
    Balance balance{};
    if (const CodecError e = detail::parse_balance(data, balance); e != CodecError::ok) return e;
    sink(static_cast<const Balance&>(balance));
    return CodecError::ok;
  }
  if (name == "depth_update") return decode_depth(data, sink);
  if (name == "trade_update") return decode_trades(data, sink);
  if (name == "lastprice_update" || name == "ticker_update") {
    Ticker ticker{};
    const CodecError e =
        name == "ticker_update" ? detail::parse_ticker(data, ticker) : detail::parse_lastprice(data, ticker);
    if (e != CodecError::ok) return e;
    sink(static_cast<const Ticker&>(ticker));
    return CodecError::ok;
  }
  if (name == "pong") {
    sink(static_cast<const Pong&>(Pong{Venue::cryptomus, {}}));
    return CodecError::ok;
  }
  if (name.ends_with("_subscribe") || name.ends_with("_unsubscribe")) return decode_ack(root, name, sink);
  return CodecError::unknown_topic;
}

template <class Sink>
CodecError WsDecoder::decode_ack(json::Value root, std::string_view topic, Sink& sink) noexcept {
  const json::Value data = root["data"];
  if (const CodecError e = detail::require_object(data); e != CodecError::ok) return e;
  const auto status = data["status"].as_string();
  if (!status.ok()) return status.error();
  if (*status != "success") {
    VenueError error{};
    error.venue = Venue::cryptomus;
    error.code = *status;
    sink(static_cast<const VenueError&>(error));
    return CodecError::venue_error;
  }
  sink(static_cast<const SubscriptionAck&>(
      SubscriptionAck{Venue::cryptomus, topic, !topic.ends_with("_unsubscribe")}));
  return CodecError::ok;
}

template <class Sink>
CodecError WsDecoder::decode_depth(json::Value data, Sink& sink) noexcept {
  if (const CodecError e = detail::require_object(data); e != CodecError::ok) return e;
  BookUpdate update{};
  update.venue = Venue::cryptomus;
  std::string_view market;
  if (const CodecError e = detail::read_text(data["symbol"], market); e != CodecError::ok) return e;
  const auto full_reload = data["full_reload"].as_bool();
  if (!full_reload.ok()) return full_reload.error();
  update.snapshot = *full_reload;
  const auto scale_index = data["scale_index"].as_int64();
  if (!scale_index.ok()) return scale_index.error();
  if (const CodecError e = detail::read_opt_seconds(data["timestamp"], update.venue_time_ms); e != CodecError::ok) {
    return e;
  }
  std::size_t bid_count = 0;
  std::size_t ask_count = 0;
  if (const CodecError e = detail::parse_levels(data["bids"], bids_.get(), max_levels_, bid_count);
      e != CodecError::ok) {
    return e;
  }
  if (const CodecError e = detail::parse_levels(data["asks"], asks_.get(), max_levels_, ask_count);
      e != CodecError::ok) {
    return e;
  }
  BufferWriter topic(book_topic_.data(), book_topic_.size());
  topic.put(market).put(':').put_int(*scale_index);
  if (!topic.ok()) return CodecError::invalid_value;  // no market name is that long
  update.symbol = topic.view();
  update.bids = {bids_.get(), bid_count};
  update.asks = {asks_.get(), ask_count};
  sink(static_cast<const BookUpdate&>(update));
  return CodecError::ok;
}

template <class Sink>
CodecError WsDecoder::decode_trades(json::Value data, Sink& sink) noexcept {
  if (const CodecError e = detail::require_object(data); e != CodecError::ok) return e;
  std::string_view symbol;
  if (const CodecError e = detail::read_text(data["symbol"], symbol); e != CodecError::ok) return e;
  const json::Value trades = data["trades"];
  if (const CodecError e = detail::require_array(trades); e != CodecError::ok) return e;
  // Validate every trade first, so that a bad one anywhere emits nothing.
  if (trades.size() > 1) {
    for (const auto member : trades) {
      PublicTrade scratch{};
      if (const CodecError e = detail::parse_trade(member.value, symbol, scratch); e != CodecError::ok) return e;
    }
  }
  for (const auto member : trades) {
    PublicTrade trade{};
    if (const CodecError e = detail::parse_trade(member.value, symbol, trade); e != CodecError::ok) return e;
    sink(static_cast<const PublicTrade&>(trade));
  }
  return CodecError::ok;
}

}  // namespace oex::codecs::cryptomus
