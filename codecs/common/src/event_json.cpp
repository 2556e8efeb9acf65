#include "oex/codecs/event_json.hpp"

#include <charconv>

#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs {
namespace {

// Writes `"name":value` pairs after the opening of an event object. Each pair is one put_all,
// its value rendered first into a local buffer where it needs rendering.
class Fields {
 public:
  Fields(BufferWriter& w, Venue venue, std::string_view event) noexcept : w_(w) {
    w_.put_all(std::string_view("{\"venue\":\""), to_string(venue), std::string_view("\",\"event\":\""), event,
               std::string_view("\""));
  }
  ~Fields() { w_.put('}'); }
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;

  Fields& text(std::string_view name, std::string_view value) noexcept {
    const char* end = value.data() + value.size();
    if (json_scan::skip_plain(value.data(), end) == end) return field(name, "\"", value, "\"");  // nothing to escape
    w_.put_all(std::string_view(",\""), name, std::string_view("\":")).put_json_string(value);
    return *this;
  }
  Fields& text(std::string_view name, const OptText& value) noexcept {
    return value ? text(name, *value) : null(name);
  }
  Fields& decimal(std::string_view name, const Decimal& value) noexcept {
    char digits[Decimal::kMaxTextLength];
    const char* end = value.to_chars(digits, digits + sizeof digits);
    return field(name, "\"", std::string_view(digits, static_cast<std::size_t>(end - digits)), "\"");
  }
  Fields& decimal(std::string_view name, const OptDecimal& value) noexcept {
    return value ? decimal(name, *value) : null(name);
  }
  Fields& integer(std::string_view name, const std::optional<std::int64_t>& value) noexcept {
    if (!value) return null(name);
    char digits[20];
    const auto end = std::to_chars(digits, digits + sizeof digits, *value).ptr;
    return field(name, std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }
  Fields& boolean(std::string_view name, bool value) noexcept { return field(name, value ? "true" : "false"); }
  template <class Enum>
  Fields& name(std::string_view field, const std::optional<Enum>& value) noexcept {
    return value ? text(field, to_string(*value)) : null(field);
  }
  Fields& levels(std::string_view name, std::span<const BookLevel> levels) noexcept {
    field(name, "[");
    for (std::size_t i = 0; i < levels.size(); ++i) {
      w_.put(i == 0 ? "[\"" : ",[\"").put_decimal(levels[i].price).put("\",\"").put_decimal(levels[i].qty).put("\"]");
    }
    w_.put(']');
    return *this;
  }

 private:
  template <class... Texts>
  Fields& field(std::string_view name, const Texts&... value) noexcept {
    w_.put_all(std::string_view(",\""), name, std::string_view("\":"), std::string_view(value)...);
    return *this;
  }
  Fields& null(std::string_view name) noexcept { return field(name, "null"); }
  BufferWriter& w_;
};

}  // namespace

void write_event_json(BufferWriter& w, const OrderUpdate& e) noexcept {
  Fields(w, e.venue, "order")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .name("side", e.side)
      .name("type", e.type)
      .name("time_in_force", e.time_in_force)
      .text("state", to_string(e.state))
      .decimal("price", e.price)
      .decimal("qty", e.qty)
      .decimal("filled_qty", e.filled_qty)
      .decimal("avg_price", e.avg_price)
      .text("venue_status", e.venue_status)
      .decimal("filled_notional", e.filled_notional)
      .decimal("remaining_qty", e.remaining_qty)
      .decimal("trigger_price", e.trigger_price)
      .decimal("last_fill_qty", e.last_fill_qty)
      .decimal("last_fill_price", e.last_fill_price)
      .text("trade_id", e.trade_id)
      .decimal("fee", e.fee)
      .text("fee_ccy", e.fee_ccy)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const Fill& e) noexcept {
  Fields(w, e.venue, "fill")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .text("trade_id", e.trade_id)
      .boolean("derived", e.derived)
      .name("side", e.side)
      .decimal("price", e.price)
      .decimal("qty", e.qty)
      .decimal("fee", e.fee)
      .text("fee_ccy", e.fee_ccy)
      .text("liquidity", to_string(e.liquidity))
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const NewOrderAck& e) noexcept {
  Fields(w, e.venue, "new_ack")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .name("state", e.state)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const NewOrderReject& e) noexcept {
  Fields(w, e.venue, "new_reject")
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .text("code", e.code)
      .text("detail", e.message);
}

void write_event_json(BufferWriter& w, const CancelAck& e) noexcept {
  Fields(w, e.venue, "cancel_ack")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol);
}

void write_event_json(BufferWriter& w, const CancelReject& e) noexcept {
  Fields(w, e.venue, "cancel_reject")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .text("code", e.code)
      .text("detail", e.message);
}

void write_event_json(BufferWriter& w, const AmendAck& e) noexcept {
  Fields(w, e.venue, "amend_ack")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .decimal("price", e.price)
      .decimal("qty", e.qty)
      .decimal("trigger_price", e.trigger_price);
}

void write_event_json(BufferWriter& w, const AmendReject& e) noexcept {
  Fields(w, e.venue, "amend_reject")
      .text("order_id", e.order_id)
      .text("client_order_id", e.client_order_id)
      .text("symbol", e.symbol)
      .text("code", e.code)
      .text("detail", e.message);
}

void write_event_json(BufferWriter& w, const Balance& e) noexcept {
  Fields(w, e.venue, "balance")
      .text("asset", e.asset)
      .decimal("free", e.free)
      .decimal("locked", e.locked)
      .decimal("total", e.total)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const BookUpdate& e) noexcept {
  Fields(w, e.venue, "book")
      .text("symbol", e.symbol)
      .boolean("snapshot", e.snapshot)
      .integer("seq", e.seq)
      .integer("prev_seq", e.prev_seq)
      .levels("bids", e.bids)
      .levels("asks", e.asks)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const PublicTrade& e) noexcept {
  Fields(w, e.venue, "trade")
      .text("symbol", e.symbol)
      .text("trade_id", e.trade_id)
      .decimal("price", e.price)
      .decimal("qty", e.qty)
      .name("side", e.side)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const Ticker& e) noexcept {
  Fields(w, e.venue, "ticker")
      .text("symbol", e.symbol)
      .decimal("last", e.last)
      .decimal("best_bid", e.best_bid)
      .decimal("best_bid_qty", e.best_bid_qty)
      .decimal("best_ask", e.best_ask)
      .decimal("best_ask_qty", e.best_ask_qty)
      .decimal("open", e.open)
      .decimal("high", e.high)
      .decimal("low", e.low)
      .decimal("base_volume", e.base_volume)
      .decimal("quote_volume", e.quote_volume)
      .integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const Pong& e) noexcept {
  Fields(w, e.venue, "pong").integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const ServerTime& e) noexcept {
  Fields(w, e.venue, "server_time").integer("venue_time_ms", e.venue_time_ms);
}

void write_event_json(BufferWriter& w, const SubscriptionAck& e) noexcept {
  Fields(w, e.venue, "subscribed").text("topic", e.topic).boolean("subscribed", e.subscribed);
}

void write_event_json(BufferWriter& w, const VenueError& e) noexcept {
  std::optional<std::int64_t> status;
  if (e.http_status) status = *e.http_status;
  Fields(w, e.venue, "venue_error").text("code", e.code).text("detail", e.message).integer("http_status", status);
}

}  // namespace oex::codecs
