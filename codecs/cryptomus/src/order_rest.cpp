#include "oex/codecs/cryptomus/order_rest.hpp"

#include <charconv>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/raw_field.hpp"
#include "oex/codecs/cryptomus/rest.hpp"

namespace oex::codecs::cryptomus {
namespace {

constexpr std::size_t kSignHexSize = 2 * Md5::kDigestSize;

bool valid_id(std::string_view id) noexcept {
  if (id.empty()) return false;
  for (const char c : id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool positive(const Decimal& d) noexcept { return !d.is_zero() && !d.is_negative(); }

std::string_view direction(Side side) noexcept { return side == Side::buy ? "buy" : "sell"; }

// After the target [0, target_end) and the body [body_begin, body_end) already in `w`: the
// userId and the hex signature of the body, each into the buffer, and the request's views.
RestEncodeResult finish_signed(BufferWriter& w, RestRequest& request, std::size_t target_end, std::size_t body_begin,
                               std::size_t body_end, const UserCredentials& credentials) noexcept {
  const std::size_t user_begin = w.size();
  w.put(credentials.user_id);
  const std::size_t sign_begin = w.size();
  if (w.ok()) {
    const std::string_view body(w.data() + body_begin, body_end - body_begin);
    w.put_hex(sign_body(body, credentials.api_key));
  }
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  const char* base = w.data();
  request.target = {base, target_end};
  request.body = {base + body_begin, body_end - body_begin};
  (void)request.add_header("userId", {base + user_begin, sign_begin - user_begin});
  (void)request.add_header("sign", {base + sign_begin, kSignHexSize});
  return request;
}

void put_decimal_string(BufferWriter& w, std::string_view key, const Decimal& value) noexcept {
  w.put(",\"").put(key).put("\":\"").put_decimal(value).put('"');
}

}  // namespace

RestEncodeResult encode_limit_order(std::span<char> out, const LimitOrderFields& order,
                                    const UserCredentials& credentials) noexcept {
  if (order.market.empty() || credentials.user_id.empty()) return CodecError::invalid_argument;
  if (!positive(order.quantity) || !positive(order.price)) return CodecError::invalid_argument;
  BufferWriter w(out);
  RestRequest request;
  request.method = "POST";
  request.content_type = kJsonContentType;
  w.put(kOrdersPath);
  const std::size_t target_end = w.size();
  w.put("{\"market\":").put_json_string(order.market);
  w.put(",\"direction\":\"").put(direction(order.side)).put('"');
  put_decimal_string(w, "quantity", order.quantity);
  put_decimal_string(w, "price", order.price);
  if (!order.client_order_id.empty()) w.put(",\"client_order_id\":").put_json_string(order.client_order_id);
  w.put('}');
  return finish_signed(w, request, target_end, target_end, w.size(), credentials);
}

RestEncodeResult encode_market_order(std::span<char> out, const MarketOrderFields& order,
                                     const UserCredentials& credentials) noexcept {
  if (order.market.empty() || credentials.user_id.empty()) return CodecError::invalid_argument;
  if (order.quantity.has_value() == order.value.has_value()) return CodecError::invalid_argument;
  const Decimal& size = order.quantity ? *order.quantity : *order.value;
  if (!positive(size)) return CodecError::invalid_argument;
  if (order.value && order.side != Side::buy) return CodecError::invalid_argument;  // a sell sizes in base
  BufferWriter w(out);
  RestRequest request;
  request.method = "POST";
  request.content_type = kJsonContentType;
  w.put(kMarketOrdersPath);
  const std::size_t target_end = w.size();
  w.put("{\"market\":").put_json_string(order.market);
  w.put(",\"direction\":\"").put(direction(order.side)).put('"');
  put_decimal_string(w, order.quantity ? "quantity" : "value", size);
  if (!order.client_order_id.empty()) w.put(",\"client_order_id\":").put_json_string(order.client_order_id);
  w.put('}');
  return finish_signed(w, request, target_end, target_end, w.size(), credentials);
}

RestEncodeResult encode_cancel_order(std::span<char> out, std::string_view order_id,
                                     const UserCredentials& credentials) noexcept {
  if (!valid_id(order_id) || credentials.user_id.empty()) return CodecError::invalid_argument;
  BufferWriter w(out);
  RestRequest request;
  request.method = "DELETE";
  w.put(kOrdersPath).put('/').put(order_id);
  const std::size_t target_end = w.size();
  return finish_signed(w, request, target_end, target_end, target_end, credentials);
}

namespace {

// A GET of `path` without a body (the signature covers the empty body).
RestEncodeResult encode_signed_get(std::span<char> out, std::string_view path,
                                   const UserCredentials& credentials) noexcept {
  if (credentials.user_id.empty()) return CodecError::invalid_argument;
  BufferWriter w(out);
  RestRequest request;
  request.method = "GET";
  w.put(path);
  const std::size_t target_end = w.size();
  return finish_signed(w, request, target_end, target_end, target_end, credentials);
}

}  // namespace

RestEncodeResult encode_open_orders(std::span<char> out, const UserCredentials& credentials) noexcept {
  return encode_signed_get(out, kOrdersPath, credentials);
}

RestEncodeResult encode_order_history(std::span<char> out, const UserCredentials& credentials) noexcept {
  return encode_signed_get(out, kOrderHistoryPath, credentials);
}

namespace detail {

CodecError parse_rest_order(json::Value order, OrderUpdate& out) noexcept {
  if (!order.is_object()) return order.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
  OrderFields fields;
  for (const auto member : order) {
    if (RawField* slot = field_slot(kInfoKeys, fields, member.key, Repeats::first_counts)) {
      *slot = RawField::of(member.value);
    }
  }
  // A listed order has no event type: it is finished when it says how it ended, else standing
  // (convert_order maps `updated` with nothing filled to new).
  const bool finished = fields.state.present() || fields.internal_state.present() || fields.finish_ts.present();
  fields.type = RawField{finished ? "finished" : "updated", json::Kind::string, false};
  const CodecError e = convert_order(fields, out);
  if (e != CodecError::ok) return e;
  if (!out.filled_qty) return CodecError::missing_field;  // the order's truth for its fills
  return CodecError::ok;
}

}  // namespace detail

OrderRestDecoder::OrderRestDecoder(Limits limits) : doc_(limits.max_values, limits.max_depth) {}

CodecError OrderRestDecoder::classify(std::string_view body, int http_status, bool& refused,
                                      Refusal& refusal) noexcept {
  const bool http_ok = http_status >= 200 && http_status < 300;
  const CodecError parsed = doc_.parse(body);
  const bool object = parsed == CodecError::ok && doc_.root().is_object();
  std::string_view message;
  bool venue_refused = !http_ok;
  if (object) {
    const json::Value root = doc_.root();
    const json::Value state = root["state"];
    if (!state.is_missing()) {
      const auto n = state.as_int64();
      if (!n.ok()) {
        if (http_ok) return n.error();
      } else if (*n != 0) {
        venue_refused = true;
      }
    }
    const auto text = root["message"].as_string();
    if (text.ok()) message = *text;
  }
  if (!venue_refused) {
    if (parsed != CodecError::ok) return parsed;
    if (!object) return CodecError::unknown_message;
    refused = false;
    return CodecError::ok;
  }
  const int shown = http_status >= 0 && http_status <= 999 ? http_status : 0;
  const auto r = std::to_chars(status_text_.data(), status_text_.data() + status_text_.size(), shown);
  refused = true;
  refusal.code = {status_text_.data(), static_cast<std::size_t>(r.ptr - status_text_.data())};
  refusal.message = message.empty() && !object ? std::string_view("HTTP status without a venue answer") : message;
  return CodecError::ok;
}

}  // namespace oex::codecs::cryptomus
