#include "oex/codecs/digifinex/rest.hpp"

#include <charconv>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/status.hpp"

namespace oex::codecs::digifinex {
namespace {

constexpr std::size_t kSignHexSize = 2 * Sha256::kDigestSize;

// Writes the three signature headers after the target and body already in `w`: the timestamp,
// the key and the hex HMAC of `signed_text` (a view of what `w` holds), each into the buffer.
RestEncodeResult finish_signed(BufferWriter& w, RestRequest& request, std::size_t target_begin,
                               std::size_t target_end, std::size_t body_begin, std::size_t body_end,
                               std::string_view signed_text, const RestCredentials& credentials,
                               std::int64_t timestamp_s) noexcept {
  const std::size_t key_begin = w.size();
  w.put(credentials.api_key);
  const std::size_t ts_begin = w.size();
  w.put_int(timestamp_s);
  const std::size_t sign_begin = w.size();
  if (w.ok()) {
    const auto digest = credentials.secret.sign({signed_text});
    w.put_hex(digest);
  }
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  const char* base = w.data();
  request.target = {base + target_begin, target_end - target_begin};
  request.body = {base + body_begin, body_end - body_begin};
  (void)request.add_header("ACCESS-KEY", {base + key_begin, ts_begin - key_begin});
  (void)request.add_header("ACCESS-TIMESTAMP", {base + ts_begin, sign_begin - ts_begin});
  (void)request.add_header("ACCESS-SIGN", {base + sign_begin, kSignHexSize});
  return request;
}

void put_id_list(BufferWriter& w, std::span<const std::string_view> ids) noexcept {
  bool first = true;
  for (const std::string_view id : ids) {
    if (!first) w.put(',');  // sent as is: the venue documents the list as comma-separated
    first = false;
    w.put_url_encoded(id);
  }
}

bool valid_ids(std::span<const std::string_view> ids) noexcept {
  if (ids.empty()) return false;
  for (const std::string_view id : ids) {
    if (id.empty()) return false;
  }
  return true;
}

// A GET: target "<path>?<query>" (or just the path for an empty query), the query signed.
template <class WriteQuery>
RestEncodeResult encode_get(std::span<char> out, std::string_view path, WriteQuery&& write_query,
                            const RestCredentials& credentials, std::int64_t timestamp_s) noexcept {
  BufferWriter w(out);
  RestRequest request;
  request.method = "GET";
  w.put(path);
  const std::size_t path_end = w.size();
  w.put('?');
  const std::size_t query_begin = w.size();
  write_query(w);
  std::size_t target_end = w.size();
  const std::size_t query_end = w.size();
  if (query_end == query_begin && w.ok()) target_end = path_end;  // no query: no '?'
  const std::string_view query = w.ok() ? std::string_view(w.data() + query_begin, query_end - query_begin)
                                        : std::string_view();
  return finish_signed(w, request, 0, target_end, query_end, query_end, query, credentials, timestamp_s);
}

}  // namespace

RestEncodeResult encode_new_order(std::span<char> out, const NewOrderFields& order, const RestCredentials& credentials,
                                  std::int64_t timestamp_s) noexcept {
  if (order.symbol.empty()) return CodecError::invalid_argument;
  BufferWriter w(out);
  RestRequest request;
  request.method = "POST";
  request.content_type = kFormContentType;
  w.put(kNewOrderPath);
  const std::size_t target_end = w.size();
  const std::size_t body_begin = w.size();
  w.put("symbol=").put_url_encoded(order.symbol);
  w.put("&type=");
  if (order.side == Side::buy) {
    w.put(order.market ? "buy_market" : "buy");
  } else {
    w.put(order.market ? "sell_market" : "sell");
  }
  w.put("&amount=").put_decimal(order.amount);
  if (!order.market) {
    w.put("&price=").put_decimal(order.price);
    w.put("&post_only=").put(order.post_only ? '1' : '0');
  }
  const std::size_t body_end = w.size();
  const std::string_view body = w.ok() ? std::string_view(w.data() + body_begin, body_end - body_begin)
                                       : std::string_view();
  return finish_signed(w, request, 0, target_end, body_begin, body_end, body, credentials, timestamp_s);
}

RestEncodeResult encode_cancel_orders(std::span<char> out, std::span<const std::string_view> order_ids,
                                      const RestCredentials& credentials, std::int64_t timestamp_s) noexcept {
  if (!valid_ids(order_ids)) return CodecError::invalid_argument;
  BufferWriter w(out);
  RestRequest request;
  request.method = "POST";
  request.content_type = kFormContentType;
  w.put(kCancelOrderPath);
  const std::size_t target_end = w.size();
  const std::size_t body_begin = w.size();
  w.put("order_id=");
  put_id_list(w, order_ids);
  const std::size_t body_end = w.size();
  const std::string_view body = w.ok() ? std::string_view(w.data() + body_begin, body_end - body_begin)
                                       : std::string_view();
  return finish_signed(w, request, 0, target_end, body_begin, body_end, body, credentials, timestamp_s);
}

RestEncodeResult encode_current_orders(std::span<char> out, std::string_view symbol, const RestCredentials& credentials,
                                       std::int64_t timestamp_s) noexcept {
  return encode_get(
      out, kCurrentOrdersPath,
      [symbol](BufferWriter& w) noexcept {
        if (!symbol.empty()) w.put("symbol=").put_url_encoded(symbol);
      },
      credentials, timestamp_s);
}

RestEncodeResult encode_query_orders(std::span<char> out, std::span<const std::string_view> order_ids,
                                     const RestCredentials& credentials, std::int64_t timestamp_s) noexcept {
  if (!valid_ids(order_ids)) return CodecError::invalid_argument;
  return encode_get(
      out, kQueryOrderPath,
      [order_ids](BufferWriter& w) noexcept {
        w.put("order_id=");
        put_id_list(w, order_ids);
      },
      credentials, timestamp_s);
}

namespace detail {
namespace {

CodecError read_opt_decimal(json::Value v, OptDecimal& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto d = v.as_decimal();
  if (!d.ok()) return d.error();
  out = *d;
  return CodecError::ok;
}

}  // namespace

CodecError check_id_list(json::Value list) noexcept {
  if (list.is_missing()) return CodecError::missing_field;
  if (!list.is_array()) return CodecError::wrong_type;
  for (const auto member : list) {
    const auto id = member.value.as_text();
    if (!id.ok()) return id.error();
    if (id->empty()) return CodecError::invalid_value;
  }
  return CodecError::ok;
}

CodecError parse_rest_order(json::Value order, OrderUpdate& out) noexcept {
  if (!order.is_object()) return order.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
  out.venue = Venue::digifinex;
  const auto id = order["order_id"].as_text();
  if (!id.ok()) return id.error();
  if (id->empty()) return CodecError::invalid_value;
  out.order_id = *id;
  const auto symbol = order["symbol"].as_string();
  if (!symbol.ok()) return symbol.error();
  out.symbol = *symbol;
  const auto status = order["status"].as_text();
  if (!status.ok()) return status.error();
  out.venue_status = *status;
  out.state = order_state_from_status(*status);

  const auto type = order["type"].as_string();
  if (!type.ok()) return type.error();
  bool market = false;
  if (*type == "buy") {
    out.side = Side::buy;
  } else if (*type == "sell") {
    out.side = Side::sell;
  } else if (*type == "buy_market") {
    out.side = Side::buy;
    market = true;
  } else if (*type == "sell_market") {
    out.side = Side::sell;
    market = true;
  } else {
    return CodecError::invalid_value;
  }
  out.type = market ? OrderType::market : OrderType::limit;

  CodecError e = CodecError::ok;
  // A market order's price is the venue's placeholder (0), and a market buy's amount is in the
  // quote currency (cash_amount): neither is the order's price or base quantity, so both stay absent.
  OptDecimal price;
  OptDecimal amount;
  if ((e = read_opt_decimal(order["price"], price)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(order["amount"], amount)) != CodecError::ok) return e;
  if (!market) out.price = price;
  if (!(market && out.side == Side::buy)) out.qty = amount;
  if ((e = read_opt_decimal(order["executed_amount"], out.filled_qty)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(order["avg_price"], out.avg_price)) != CodecError::ok) return e;
  if (!out.filled_qty) return CodecError::missing_field;  // the order's truth for its fills

  // Seconds: finished_date (0 while open), else created_date.
  std::int64_t seconds = 0;
  for (const std::string_view key : {std::string_view("finished_date"), std::string_view("created_date")}) {
    const json::Value v = order[key];
    if (v.is_missing()) continue;
    const auto s = v.as_int64();
    if (!s.ok()) return s.error();
    if (*s < 0 || *s > 32503680000) return CodecError::number_out_of_range;  // year 3000
    if (seconds == 0) seconds = *s;
  }
  if (seconds != 0) out.venue_time_ms = seconds * 1000;
  return CodecError::ok;
}

}  // namespace detail

RestDecoder::RestDecoder(Limits limits) : doc_(limits.max_values, limits.max_depth) {}

CodecError RestDecoder::classify(std::string_view body, int http_status, bool& failed, Failure& failure) noexcept {
  const bool http_ok = http_status >= 200 && http_status < 300;
  auto status_failure = [&]() noexcept {
    const int shown = http_status >= 0 && http_status <= 999 ? http_status : 0;
    const auto r = std::to_chars(status_text_.data(), status_text_.data() + status_text_.size(), shown);
    failed = true;
    failure = {std::string_view(status_text_.data(), static_cast<std::size_t>(r.ptr - status_text_.data())),
               "HTTP status without a venue answer"};
    return CodecError::ok;
  };
  const CodecError parsed = doc_.parse(body);
  if (parsed != CodecError::ok || !doc_.root().is_object()) {
    if (!http_ok) return status_failure();
    return parsed != CodecError::ok ? parsed : CodecError::unknown_message;
  }
  const json::Value root = doc_.root();
  const json::Value code = root["code"];
  if (code.is_missing()) {
    if (!http_ok) return status_failure();
    return CodecError::missing_field;
  }
  const auto code_value = code.as_int64();
  if (!code_value.ok()) {
    if (!http_ok) return status_failure();
    return code_value.error();
  }
  if (*code_value == 0 && http_ok) {
    failed = false;
    return CodecError::ok;
  }
  if (*code_value == 0) return status_failure();
  failed = true;
  failure.code = code.raw();
  const auto message = root["msg"].as_string();
  failure.message = message.ok() ? *message : std::string_view();
  return CodecError::ok;
}

}  // namespace oex::codecs::digifinex
