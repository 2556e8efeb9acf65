#include "oex/codecs/btse/rest_encoder.hpp"

#include "oex/codecs/buffer_writer.hpp"

namespace oex::codecs::btse {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

std::string_view tif_text(TimeInForce tif) noexcept {
  switch (tif) {
    case TimeInForce::gtc: return "GTC";
    case TimeInForce::ioc: return "IOC";
    case TimeInForce::fok: return "FOK";
    case TimeInForce::halfmin: return "HALFMIN";
    case TimeInForce::fivemin: return "FIVEMIN";
    case TimeInForce::hour: return "HOUR";
    case TimeInForce::twelvehour: return "TWELVEHOUR";
    case TimeInForce::day: return "DAY";
    case TimeInForce::week: return "WEEK";
    case TimeInForce::month: return "MONTH";
  }
  return "GTC";
}

// Writes one request: target (prefix + path + query), body, then the nonce and signature text,
// all into the caller's buffer; views are taken only once everything fitted.
class RequestWriter {
 public:
  RequestWriter(std::span<char> buffer, std::string_view prefix, std::string_view path) noexcept : w_(buffer) {
    w_.put(prefix);
    path_begin_ = w_.size();
    w_.put(path);
    path_end_ = w_.size();
  }

  RequestWriter& param(std::string_view name, std::string_view value) noexcept {
    if (value.empty()) return *this;
    key(name).put_url_encoded(value);
    return *this;
  }
  RequestWriter& param(std::string_view name, const std::optional<std::int64_t>& value) noexcept {
    if (value) key(name).put_int(*value);
    return *this;
  }
  RequestWriter& param(std::string_view name, const std::optional<bool>& value) noexcept {
    if (value) key(name).put(*value ? "true" : "false");
    return *this;
  }

  // Ends the target; what the caller writes to writer() from here is the body.
  BufferWriter& body() noexcept {
    target_end_ = w_.size();
    body_begin_ = w_.size();
    return w_;
  }

  // Ends the body, signs when `key` is given, and fills `out`.
  CodecError finish(std::string_view method, std::string_view content_type, const HmacSha384* key,
                    std::string_view api_key, std::int64_t nonce_ms, RestRequest& out) noexcept {
    if (target_end_ == 0) body();
    const std::size_t body_end = w_.size();
    std::size_t nonce_begin = 0;
    std::size_t nonce_end = 0;
    char* signature = nullptr;
    if (key != nullptr) {
      nonce_begin = w_.size();
      w_.put_int(nonce_ms);
      nonce_end = w_.size();
      signature = w_.reserve(2 * Sha384::kDigestSize);
    }
    if (!w_.ok()) return CodecError::buffer_too_small;
    const char* data = w_.data();
    out = RestRequest{};
    out.method = method;
    out.target = std::string_view(data, target_end_);
    out.body = std::string_view(data + body_begin_, body_end - body_begin_);
    out.content_type = out.body.empty() ? std::string_view{} : content_type;
    if (key != nullptr) {
      const std::string_view path(data + path_begin_, path_end_ - path_begin_);
      const std::string_view nonce(data + nonce_begin, nonce_end - nonce_begin);
      const Signature digest = rest_signature(*key, path, nonce, out.body);
      for (std::size_t i = 0; i < digest.size(); ++i) {
        signature[2 * i] = kHex[digest[i] >> 4];
        signature[2 * i + 1] = kHex[digest[i] & 15];
      }
      out.add_header("request-api", api_key);
      out.add_header("request-nonce", nonce);
      out.add_header("request-sign", std::string_view(signature, 2 * Sha384::kDigestSize));
    }
    return CodecError::ok;
  }

 private:
  BufferWriter& key(std::string_view name) noexcept {
    w_.put(first_ ? '?' : '&').put(name).put('=');
    first_ = false;
    return w_;
  }

  BufferWriter w_;
  std::size_t path_begin_ = 0;
  std::size_t path_end_ = 0;
  std::size_t target_end_ = 0;
  std::size_t body_begin_ = 0;
  bool first_ = true;
};

// A JSON object written member by member, in the order the caller gives.
class JsonObject {
 public:
  explicit JsonObject(BufferWriter& w) noexcept : w_(w) { w_.put('{'); }
  JsonObject& text(std::string_view name, std::string_view value) noexcept {
    key(name).put_json_string(value);
    return *this;
  }
  JsonObject& decimal(std::string_view name, const OptDecimal& value) noexcept {
    if (value) key(name).put_decimal(*value);
    return *this;
  }
  JsonObject& integer(std::string_view name, std::int64_t value) noexcept {
    key(name).put_int(value);
    return *this;
  }
  JsonObject& boolean(std::string_view name, const std::optional<bool>& value) noexcept {
    if (value) key(name).put(*value ? "true" : "false");
    return *this;
  }
  void close() noexcept { w_.put('}'); }

 private:
  BufferWriter& key(std::string_view name) noexcept {
    if (!first_) w_.put(',');
    first_ = false;
    return w_.put('"').put(name).put("\":");
  }
  BufferWriter& w_;
  bool first_ = true;
};

bool positive(const OptDecimal& d) noexcept { return d && !d->is_negative() && !d->is_zero(); }
bool not_negative(const OptDecimal& d) noexcept { return !d || !d->is_negative(); }

}  // namespace

CodecError RestEncoder::create_order(const NewOrder& order, std::int64_t nonce_ms, std::span<char> buffer,
                                     RestRequest& out) const noexcept {
  std::string_view type;
  switch (order.type) {
    case OrderType::limit: type = "LIMIT"; break;
    case OrderType::market: type = "MARKET"; break;
    case OrderType::oco: type = "OCO"; break;
    case OrderType::peg: type = "PEG"; break;
    case OrderType::stop:
    case OrderType::trigger: return CodecError::invalid_argument;  // BTSE spells these with txType
  }
  const bool priced = order.type != OrderType::market;
  const bool triggered = order.tx_type == TxType::stop || order.tx_type == TxType::trigger;
  if (order.symbol.empty() || order.size.is_negative() || order.size.is_zero()) return CodecError::invalid_argument;
  if (priced && !positive(order.price)) return CodecError::invalid_argument;
  if (!not_negative(order.price)) return CodecError::invalid_argument;
  if ((triggered || order.type == OrderType::oco) && !positive(order.trigger_price)) {
    return CodecError::invalid_argument;
  }
  if (order.type == OrderType::oco && !positive(order.stop_price)) return CodecError::invalid_argument;
  if (!not_negative(order.stop_price) || !not_negative(order.trigger_price) || !not_negative(order.stealth)) {
    return CodecError::invalid_argument;
  }

  RequestWriter request(buffer, prefix_, order.peg_endpoint ? "/api/v3.3/order/peg" : "/api/v3.3/order");
  JsonObject body(request.body());
  if (!order.client_order_id.empty()) body.text("clOrderID", order.client_order_id);
  body.decimal("deviation", order.deviation)
      .boolean("postOnly", order.post_only)
      .decimal("price", order.price)
      .text("side", order.side == Side::buy ? "BUY" : "SELL")
      .decimal("size", order.size)
      .decimal("stealth", order.stealth)
      .decimal("stopPrice", order.stop_price)
      .text("symbol", order.symbol);
  if (order.time_in_force) body.text("time_in_force", tif_text(*order.time_in_force));
  body.decimal("trailValue", order.trail_value).decimal("triggerPrice", order.trigger_price);
  switch (order.tx_type) {
    case TxType::none: break;
    case TxType::limit: body.text("txType", "LIMIT"); break;
    case TxType::stop: body.text("txType", "STOP"); break;
    case TxType::trigger: body.text("txType", "TRIGGER"); break;
  }
  body.text("type", type).close();
  return request.finish("POST", "application/json", &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::amend_order(const AmendOrder& amend, std::int64_t nonce_ms, std::span<char> buffer,
                                    RestRequest& out) const noexcept {
  if (amend.symbol.empty() || (amend.order_id.empty() && amend.client_order_id.empty())) {
    return CodecError::invalid_argument;
  }
  std::string_view type;
  switch (amend.type) {
    case AmendType::price: type = "PRICE"; break;
    case AmendType::size: type = "SIZE"; break;
    case AmendType::trigger_price: type = "TRIGGERPRICE"; break;
    case AmendType::all: type = "ALL"; break;
  }
  if (amend.type == AmendType::all) {
    if (!amend.order_price && !amend.order_size && !amend.trigger_price) return CodecError::invalid_argument;
    if (amend.value) return CodecError::invalid_argument;
  } else if (!positive(amend.value) || amend.order_price || amend.order_size || amend.trigger_price) {
    return CodecError::invalid_argument;
  }
  if (!not_negative(amend.order_price) || !not_negative(amend.order_size) || !not_negative(amend.trigger_price)) {
    return CodecError::invalid_argument;
  }
  RequestWriter request(buffer, prefix_, "/api/v3.3/order");
  JsonObject body(request.body());
  if (amend.order_id.empty()) {
    body.text("clOrderID", amend.client_order_id);
  } else {
    body.text("orderID", amend.order_id);
  }
  body.decimal("orderPrice", amend.order_price)
      .decimal("orderSize", amend.order_size)
      .text("symbol", amend.symbol)
      .decimal("triggerPrice", amend.trigger_price)
      .text("type", type)
      .decimal("value", amend.value)
      .close();
  return request.finish("PUT", "application/json", &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::cancel_order(const CancelOrder& cancel, std::int64_t nonce_ms, std::span<char> buffer,
                                     RestRequest& out) const noexcept {
  const bool by_id = !cancel.order_id.empty() || !cancel.client_order_id.empty();
  if (cancel.symbol.empty() || by_id == cancel.all_in_symbol) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/order");
  request.param("symbol", cancel.symbol);
  if (!cancel.order_id.empty()) {
    request.param("orderID", cancel.order_id);
  } else {
    request.param("clOrderID", cancel.client_order_id);
  }
  return request.finish("DELETE", {}, &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::cancel_all_after(std::int64_t timeout_ms, std::int64_t nonce_ms, std::span<char> buffer,
                                         RestRequest& out) const noexcept {
  if (timeout_ms < 0) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/order/cancelAllAfter");
  JsonObject(request.body()).integer("timeout", timeout_ms).close();
  return request.finish("POST", "application/json", &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::query_order(const OrderLookup& lookup, std::int64_t nonce_ms, std::span<char> buffer,
                                    RestRequest& out) const noexcept {
  if (lookup.order_id.empty() && lookup.client_order_id.empty()) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/order");
  if (!lookup.order_id.empty()) {
    request.param("orderID", lookup.order_id);
  } else {
    request.param("clOrderID", lookup.client_order_id);
  }
  return request.finish("GET", {}, &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::open_orders(const OpenOrdersQuery& query, std::int64_t nonce_ms, std::span<char> buffer,
                                    RestRequest& out) const noexcept {
  RequestWriter request(buffer, prefix_, "/api/v3.3/user/open_orders");
  request.param("symbol", query.symbol).param("orderID", query.order_id).param("clOrderID", query.client_order_id);
  return request.finish("GET", {}, &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::trade_history(const TradeHistoryQuery& query, std::int64_t nonce_ms, std::span<char> buffer,
                                      RestRequest& out) const noexcept {
  if (query.symbol.empty()) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/user/trade_history");
  request.param("symbol", query.symbol)
      .param("startTime", query.start_time_ms)
      .param("endTime", query.end_time_ms)
      .param("count", query.count)
      .param("clOrderID", query.client_order_id)
      .param("orderID", query.order_id)
      .param("isMatchSymbol", query.is_match_symbol);
  return request.finish("GET", {}, &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::fees(std::string_view symbol, std::int64_t nonce_ms, std::span<char> buffer,
                             RestRequest& out) const noexcept {
  RequestWriter request(buffer, prefix_, "/api/v3.3/user/fees");
  request.param("symbol", symbol);
  return request.finish("GET", {}, &key_, api_key_, nonce_ms, out);
}

CodecError RestEncoder::market_summary(std::string_view symbol, std::span<char> buffer,
                                       RestRequest& out) const noexcept {
  RequestWriter request(buffer, prefix_, "/api/v3.3/market_summary");
  request.param("symbol", symbol);
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::price(std::string_view symbol, std::span<char> buffer, RestRequest& out) const noexcept {
  RequestWriter request(buffer, prefix_, "/api/v3.3/price");
  request.param("symbol", symbol);
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::orderbook(const OrderbookQuery& query, std::span<char> buffer,
                                  RestRequest& out) const noexcept {
  if (query.symbol.empty()) return CodecError::invalid_argument;
  if (query.group && (*query.group < 0 || *query.group > 8)) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/orderbook");
  request.param("symbol", query.symbol)
      .param("group", query.group)
      .param("limit_bids", query.limit_bids)
      .param("limit_asks", query.limit_asks);
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::orderbook_l2(const OrderbookL2Query& query, std::span<char> buffer,
                                     RestRequest& out) const noexcept {
  if (query.symbol.empty()) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/orderbook/L2");
  request.param("symbol", query.symbol).param("depth", query.depth);
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::trades(const TradesQuery& query, std::span<char> buffer, RestRequest& out) const noexcept {
  if (query.symbol.empty()) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/trades");
  request.param("symbol", query.symbol)
      .param("startTime", query.start_time_ms)
      .param("endTime", query.end_time_ms)
      .param("count", query.count);
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::time(std::span<char> buffer, RestRequest& out) const noexcept {
  RequestWriter request(buffer, prefix_, "/api/v3.3/time");
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

CodecError RestEncoder::ohlcv(const OhlcvQuery& query, std::span<char> buffer, RestRequest& out) const noexcept {
  static constexpr std::int64_t kResolutions[] = {1, 5, 15, 30, 60, 240, 360, 1440, 10080, 43200};
  bool documented = false;
  for (const std::int64_t r : kResolutions) documented = documented || r == query.resolution_minutes;
  if (query.symbol.empty() || !documented) return CodecError::invalid_argument;
  RequestWriter request(buffer, prefix_, "/api/v3.3/ohlcv");
  request.param("symbol", query.symbol)
      .param("start", query.start_ms)
      .param("end", query.end_ms)
      .param("resolution", std::optional<std::int64_t>(query.resolution_minutes));
  return request.finish("GET", {}, nullptr, {}, 0, out);
}

}  // namespace oex::codecs::btse
