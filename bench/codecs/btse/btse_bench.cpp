// BTSE benchmarks, one run gives every ratio of issue 3:
//   BM_Decode/btse/notificationApiV3/{oex,simdjson,rapidjson_dom}
//   BM_Encode/btse/create/{oex,usual_way}
// The three decoders extract the same fields of an order notification; ours and simdjson's read
// prices and sizes exactly into Decimal, the DOM way into double and std::string as usual code
// does. The encoders write and sign the same LIMIT order.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "oex/codecs/btse/rest_encoder.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"

namespace {

using namespace oex;
using namespace oex::codecs;

// A partial fill as the venue pushes it (tests/codecs/btse/fixtures/ws_notification_partial.json).
constexpr std::string_view kNotification =
    R"({"topic":"notificationApiV3","data":{"symbol":"BTC-USD","orderID":"5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81",)"
    R"("side":"BUY","orderType":"76","price":"30000.5","avgFilledPrice":30000.5,"status":5,"clOrderID":"oex-1",)"
    R"("maker":true,"stealth":1,"timestamp":1700000001456,"pegPriceDeviation":"0","time_in_force":"GTC","txType":0,)"
    R"("triggerPrice":"0","originalOrderBaseSize":1.5,"originalOrderQuoteSize":null,"currentOrderBaseSize":1.5,)"
    R"("currentOrderQuoteSize":null,"filledBaseSize":0.4,"totalFilledBaseSize":0.4,"remainingBaseSize":1.1,)"
    R"("remainingQuoteSize":null,"orderCurrency":"base"}})";

void BM_Decode_btse_notification_oex(benchmark::State& state) {
  btse::WsDecoder decoder;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    const CodecError e = decoder.decode(kNotification, [&](const auto& event) {
      if constexpr (std::is_same_v<std::decay_t<decltype(event)>, OrderUpdate>) {
        checksum += static_cast<std::int64_t>(event.filled_qty->units()) + event.order_id.size();
      }
    });
    if (e != CodecError::ok) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(checksum);
  }
}
BENCHMARK(BM_Decode_btse_notification_oex)->Name("BM_Decode/btse/notificationApiV3/oex");

// The fields ours reads, found with simdjson On-Demand (fields in document order, as On-Demand
// reads fastest) and numbers parsed exactly from their text.
struct SimdNotification {
  std::string_view symbol, order_id, side, order_type, status, client_order_id, time_in_force, tx_type;
  Decimal price, avg_price, trigger_price, qty, fill_qty, filled_qty, remaining_qty;
  std::int64_t timestamp = 0;
};

std::string_view raw_number(simdjson::ondemand::value v) {
  if (v.type() == simdjson::ondemand::json_type::string) return std::string_view(v.get_string().value());
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n')) raw.remove_suffix(1);
  return raw;
}

bool decode_simdjson(simdjson::ondemand::parser& parser, const simdjson::padded_string& json, SimdNotification& n) {
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc)) return false;
  std::string_view topic;
  if (doc["topic"].get_string().get(topic) || topic != "notificationApiV3") return false;
  simdjson::ondemand::object data;
  if (doc["data"].get_object().get(data)) return false;
  for (auto field : data) {
    std::string_view key = field.unescaped_key().value();
    simdjson::ondemand::value v = field.value();
    if (key == "symbol") n.symbol = v.get_string().value();
    else if (key == "orderID") n.order_id = v.get_string().value();
    else if (key == "side") n.side = v.get_string().value();
    else if (key == "orderType") n.order_type = raw_number(v);
    else if (key == "price") n.price = *Decimal::parse(raw_number(v));
    else if (key == "avgFilledPrice") n.avg_price = *Decimal::parse(raw_number(v));
    else if (key == "status") n.status = raw_number(v);
    else if (key == "clOrderID") n.client_order_id = v.get_string().value();
    else if (key == "timestamp") n.timestamp = v.get_int64().value();
    else if (key == "time_in_force") n.time_in_force = v.get_string().value();
    else if (key == "txType") n.tx_type = raw_number(v);
    else if (key == "triggerPrice") n.trigger_price = *Decimal::parse(raw_number(v));
    else if (key == "currentOrderBaseSize") n.qty = *Decimal::parse(raw_number(v));
    else if (key == "filledBaseSize") n.fill_qty = *Decimal::parse(raw_number(v));
    else if (key == "totalFilledBaseSize") n.filled_qty = *Decimal::parse(raw_number(v));
    else if (key == "remainingBaseSize") n.remaining_qty = *Decimal::parse(raw_number(v));
  }
  return true;
}

void BM_Decode_btse_notification_simdjson(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string json(kNotification);
  SimdNotification n;
  for (auto _ : state) {
    if (!decode_simdjson(parser, json, n)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_Decode_btse_notification_simdjson)->Name("BM_Decode/btse/notificationApiV3/simdjson");

// The usual way: a DOM, std::string fields and doubles.
struct DomNotification {
  std::string symbol, order_id, side, status, client_order_id, time_in_force;
  int order_type = 0, tx_type = 0;
  double price = 0, avg_price = 0, trigger_price = 0, qty = 0, fill_qty = 0, filled_qty = 0, remaining_qty = 0;
  std::int64_t timestamp = 0;
};

double number(const rapidjson::Value& v) { return v.IsString() ? std::strtod(v.GetString(), nullptr) : v.GetDouble(); }

bool decode_dom(const std::string& text, DomNotification& n) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  if (std::string(doc["topic"].GetString()) != "notificationApiV3") return false;
  const rapidjson::Value& d = doc["data"];
  n.symbol = d["symbol"].GetString();
  n.order_id = d["orderID"].GetString();
  n.side = d["side"].GetString();
  n.order_type = std::atoi(d["orderType"].GetString());
  n.price = number(d["price"]);
  n.avg_price = number(d["avgFilledPrice"]);
  n.status = std::to_string(d["status"].GetInt());
  n.client_order_id = d["clOrderID"].GetString();
  n.timestamp = d["timestamp"].GetInt64();
  n.time_in_force = d["time_in_force"].GetString();
  n.tx_type = d["txType"].GetInt();
  n.trigger_price = number(d["triggerPrice"]);
  n.qty = number(d["currentOrderBaseSize"]);
  n.fill_qty = number(d["filledBaseSize"]);
  n.filled_qty = number(d["totalFilledBaseSize"]);
  n.remaining_qty = number(d["remainingBaseSize"]);
  return true;
}

void BM_Decode_btse_notification_rapidjson_dom(benchmark::State& state) {
  const std::string text(kNotification);
  DomNotification n;
  for (auto _ : state) {
    if (!decode_dom(text, n)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_Decode_btse_notification_rapidjson_dom)->Name("BM_Decode/btse/notificationApiV3/rapidjson_dom");

constexpr std::string_view kSecret = "848db84ac252b6726e5f6e7a711d9c96d9fd77d020151b45839a5b59c37203bx";
constexpr std::string_view kApiKey = "4e9536c79f0fdd72bf04f2430982d3f61d9d76c996f0175bbba470d69d59816x";

void BM_Encode_btse_create_oex(benchmark::State& state) {
  const HmacSha384 key(kSecret);
  const btse::RestEncoder encoder(kApiKey, key);
  btse::NewOrder order;
  order.symbol = "BTC-USD";
  order.size = *Decimal::parse("0.002");
  order.price = *Decimal::parse("8500.5");
  order.time_in_force = TimeInForce::gtc;
  order.post_only = false;
  order.client_order_id = "oex-1700000000-42";
  std::array<char, 1024> buffer{};
  RestRequest request;
  std::int64_t nonce = 1624985375123;
  for (auto _ : state) {
    if (encoder.create_order(order, ++nonce, buffer, request) != CodecError::ok) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(request);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Encode_btse_create_oex)->Name("BM_Encode/btse/create/oex");

// The usual way: std::ostringstream for the body and the hex, a fresh HMAC keyed per message.
struct UsualRequest {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;
};

void BM_Encode_btse_create_usual_way(benchmark::State& state) {
  const std::string secret(kSecret);
  const std::string api_key(kApiKey);
  const double price = 8500.5;
  const double size = 0.002;
  const std::string symbol = "BTC-USD";
  const std::string client_order_id = "oex-1700000000-42";
  std::int64_t nonce = 1624985375123;
  for (auto _ : state) {
    UsualRequest r;
    r.method = "POST";
    const std::string path = "/api/v3.3/order";
    r.target = "/spot" + path;
    std::ostringstream body;
    body << std::setprecision(15) << "{\"clOrderID\":\"" << client_order_id << "\",\"postOnly\":false,\"price\":" << price
         << ",\"side\":\"BUY\",\"size\":" << size << ",\"symbol\":\"" << symbol
         << "\",\"time_in_force\":\"GTC\",\"type\":\"LIMIT\"}";
    r.body = body.str();
    const std::string nonce_text = std::to_string(++nonce);
    ::Hmac hmac;
    wc_HmacInit(&hmac, nullptr, INVALID_DEVID);
    wc_HmacSetKey(&hmac, WC_SHA384, reinterpret_cast<const byte*>(secret.data()), static_cast<word32>(secret.size()));
    const std::string message = path + nonce_text + r.body;
    wc_HmacUpdate(&hmac, reinterpret_cast<const byte*>(message.data()), static_cast<word32>(message.size()));
    byte digest[WC_SHA384_DIGEST_SIZE];
    wc_HmacFinal(&hmac, digest);
    wc_HmacFree(&hmac);
    std::ostringstream hex;
    for (const byte b : digest) hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(b);
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("request-api", api_key);
    r.headers.emplace_back("request-nonce", nonce_text);
    r.headers.emplace_back("request-sign", hex.str());
    benchmark::DoNotOptimize(r);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Encode_btse_create_usual_way)->Name("BM_Encode/btse/create/usual_way");

}  // namespace
