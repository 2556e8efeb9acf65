#pragma once
// Decodes the frames of BTSE's /ws/spot socket:
// - "pong" -> Pong
// - {"event":"subscribe"|"unsubscribe","channel":[...]} -> SubscriptionAck per topic
// - notificationApiV3 -> OrderUpdate; status 15 there means an amend failed (the order stands)
//   and gives AmendReject instead
// - fills -> Fill per trade (with tradeId and maker flag)
// - tradeHistoryApi:<symbol> -> PublicTrade per trade
// - {"errors":[{"error":{"code":..,"message":..}}]} -> VenueError per error
// Returns venue_error exactly when an AmendReject or VenueError was delivered; a frame that does
// not decode delivers nothing and returns its error (unknown_topic for an undocumented topic).
#include <array>
#include <cstddef>
#include <string_view>

#include "oex/codecs/btse/detail.hpp"
#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs::btse {

namespace detail {

// Error frames and subscription acknowledgements, shared by both sockets. Returns true when the
// frame was one of them, with `result` set.
template <class Sink>
bool common_frames(json::Value root, Sink& sink, CodecError& result) noexcept {
  bool subscribed = true;
  if (is_subscription_event(root, subscribed)) {
    const json::Value channels = root["channel"];
    if (!channels.is_array()) {
      result = channels.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
      return true;
    }
    for (const auto channel : channels) {
      if (!channel.value.is_string()) {
        result = CodecError::wrong_type;
        return true;
      }
    }
    for (const auto channel : channels) {
      sink(static_cast<const SubscriptionAck&>(SubscriptionAck{Venue::btse, channel.value.raw(), subscribed}));
    }
    result = CodecError::ok;
    return true;
  }
  const json::Value errors = root["errors"];
  if (errors.present()) {
    if (!errors.is_array() || errors.size() == 0) {
      result = errors.is_array() ? CodecError::missing_field : CodecError::wrong_type;
      return true;
    }
    VenueError error;
    for (const auto element : errors) {
      if (const CodecError e = read_ws_error(element.value, error); e != CodecError::ok) {
        result = e;
        return true;
      }
    }
    for (const auto element : errors) {
      (void)read_ws_error(element.value, error);
      sink(static_cast<const VenueError&>(error));
    }
    result = CodecError::venue_error;
    return true;
  }
  return false;
}

}  // namespace detail

class WsDecoder {
 public:
  // `flat_fast_path`: order notifications of the usual flat shape are validated and read in one
  // pass over the text (detail::scan_flat_notification), and `fills` frames by the one-pass
  // cursor (json_cursor.hpp); every other frame, and any text those passes do not accept, goes
  // through the shared JSON reader. Off, every frame does; both ways give the same events and
  // errors (tested and fuzzed against each other).
  explicit WsDecoder(std::size_t max_values = 8192, bool flat_fast_path = true)
      : doc_(max_values, kMaxDepth), max_values_(max_values), fast_path_(flat_fast_path) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view text, Sink&& sink) noexcept {
    if (text == "pong") {
      sink(static_cast<const Pong&>(Pong{Venue::btse, std::nullopt}));
      return CodecError::ok;
    }
    if (fast_path_) {
      if (detail::scan_flat_notification(text, max_values_, fields_)) {
        detail::OrderRead read;
        if (const CodecError e = detail::read_notification(fields_, read); e != CodecError::ok) return e;
        bool refused = false;
        emit_notification(read, sink, refused);
        return refused ? CodecError::venue_error : CodecError::ok;
      }
      if (std::size_t fills = 0; fast_fills(text, fills)) {
        for (std::size_t i = 0; i < fills; ++i) sink(static_cast<const Fill&>(fills_[i]));
        return CodecError::ok;
      }
    }
    if (const CodecError e = doc_.parse(text); e != CodecError::ok) return e;
    const json::Value root = doc_.root();
    if (!root.is_object()) return CodecError::unknown_message;
    CodecError result = CodecError::ok;
    if (detail::common_frames(root, sink, result)) return result;
    const json::Value topic_value = root["topic"];
    if (topic_value.is_missing()) return CodecError::unknown_message;
    if (!topic_value.is_string()) return CodecError::wrong_type;
    const std::string_view topic = topic_value.raw();
    const json::Value data = root["data"];
    if (data.is_missing()) return CodecError::missing_field;
    if (topic == "notificationApiV3") return notification(data, sink);
    if (topic == "fills") {
      return each<Fill>(data, sink, [](json::Value v, Fill& f) noexcept { return detail::read_ws_fill(v, f); });
    }
    if (topic.starts_with("tradeHistoryApi:")) {
      return each<PublicTrade>(data, sink,
                               [](json::Value v, PublicTrade& t) noexcept { return detail::read_public_trade(v, t); });
    }
    return CodecError::unknown_topic;
  }

 private:
  static constexpr std::size_t kMaxDepth = 32;

  // A fill's members in the order BTSE writes them; the unlisted ones are only skipped.
  using FillFields = detail::WsFillFields;
  static constexpr FieldKey<FillFields> kFillKeys[] = {
      {quoted_key("orderId"), &FillFields::order_id},
      {quoted_key("serialId")},
      {quoted_key("clOrderId"), &FillFields::cl_order_id},
      {quoted_key("type")},
      {quoted_key("symbol"), &FillFields::symbol},
      {quoted_key("side"), &FillFields::side},
      {quoted_key("price"), &FillFields::price},
      {quoted_key("size"), &FillFields::size},
      {quoted_key("feeAmount"), &FillFields::fee_amount},
      {quoted_key("feeCurrency"), &FillFields::fee_currency},
      {quoted_key("base")},
      {quoted_key("quote")},
      {quoted_key("maker"), &FillFields::maker},
      {quoted_key("timestamp"), &FillFields::timestamp},
      {quoted_key("tradeId"), &FillFields::trade_id},
  };

  // {"topic":"fills","data":[fill, ...]} (or one fill object), every fill read into fills_
  // before the first is delivered. False for anything else, a root member other than those two
  // included (the shared reader decides what an "event" or "errors" frame is).
  bool fast_fills(std::string_view text, std::size_t& count) noexcept {
    JsonCursor c(text, max_values_, kMaxDepth);
    const auto is_fills = [](const RawField& topic) noexcept {
      return topic.kind == json::Kind::string && key_is(topic.text, "fills");
    };
    return c.envelope("topic", is_fills, [&] { return fast_fill_data(c, count); }, false);
  }

  bool fast_fill_data(JsonCursor& c, std::size_t& count) noexcept {
    count = 0;
    if (c.peek() == '{') return fast_fill(c, 1, fills_[count++]);
    if (!c.open('[', 1)) return false;
    bool first = true;
    bool closed = false;
    while (c.next_element(first, closed)) {
      if (count == fills_.size() || !fast_fill(c, 2, fills_[count++])) return false;
    }
    return closed;
  }

  // One fill object, its '{' next; `depth` is its parent's.
  static bool fast_fill(JsonCursor& c, std::size_t depth, Fill& out) noexcept {
    FillFields f;
    return c.open('{', depth) && c.fields(kFillKeys, f, depth + 1, Repeats::first_counts) &&
           detail::read_ws_fill(f, out) == CodecError::ok;
  }

  // `data` is one object or an array of them.
  template <class Event, class Sink, class Read>
  static CodecError each(json::Value data, Sink& sink, Read read) noexcept {
    Event event{};
    if (data.is_object()) {
      if (const CodecError e = read(data, event); e != CodecError::ok) return e;
      sink(static_cast<const Event&>(event));
      return CodecError::ok;
    }
    if (!data.is_array()) return CodecError::wrong_type;
    for (const auto element : data) {
      if (const CodecError e = read(element.value, event); e != CodecError::ok) return e;
    }
    for (const auto element : data) {
      (void)read(element.value, event);
      sink(static_cast<const Event&>(event));
    }
    return CodecError::ok;
  }

  static bool amend_failed(const detail::OrderRead& read) noexcept {
    const std::string_view code = read.update.venue_status;
    return code.size() == 2 && code[0] == '1' && code[1] == '5';
  }

  template <class Sink>
  static void emit_notification(const detail::OrderRead& r, Sink& sink, bool& refused) noexcept {
    const OrderUpdate& u = r.update;
    if (amend_failed(r)) {
      refused = true;
      const std::string_view message = r.message.empty() ? std::string_view("amend failed") : r.message;
      sink(static_cast<const AmendReject&>(
          AmendReject{Venue::btse, u.symbol, u.order_id, u.client_order_id, u.venue_status, message}));
    } else {
      sink(u);
    }
  }

  template <class Sink>
  static CodecError notification(json::Value data, Sink& sink) noexcept {
    detail::OrderRead read;
    bool refused = false;
    auto emit = [&](const detail::OrderRead& r) { emit_notification(r, sink, refused); };
    if (data.is_object()) {
      if (const CodecError e = detail::read_notification(data, read); e != CodecError::ok) return e;
      emit(read);
    } else if (data.is_array()) {
      for (const auto element : data) {
        if (const CodecError e = detail::read_notification(element.value, read); e != CodecError::ok) return e;
      }
      for (const auto element : data) {
        (void)detail::read_notification(element.value, read);
        emit(read);
      }
    } else {
      return CodecError::wrong_type;
    }
    return refused ? CodecError::venue_error : CodecError::ok;
  }

  json::Document doc_;
  detail::OrderFields fields_;  // the fast path's index, kept to avoid re-initialising it per frame
  std::array<Fill, 8> fills_;   // one `fills` frame's, read by the fast path (a longer frame goes the shared way)
  std::size_t max_values_;
  bool fast_path_;
};

}  // namespace oex::codecs::btse
