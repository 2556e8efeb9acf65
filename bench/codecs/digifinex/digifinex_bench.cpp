// DigiFinex order notification, one run gives the ratios of issue 3:
//   BM_Decode/digifinex/order.update/{oex,simdjson,rapidjson_dom}
// All three extract the same fields of the document's order.update; ours and simdjson's read
// amounts exactly into Decimal, the DOM way into double and std::string as usual code does.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <cstdlib>
#include <string>

#include "oex/codecs/digifinex/status.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"

namespace {

using namespace oex;
using namespace oex::codecs;

// tests/codecs/digifinex/fixtures/order_update.json, compact as the venue sends it.
constexpr std::string_view kOrderUpdate =
    R"({"method":"order.update","params":[{"amount":"0","filled":"0.9969","id":"31b7f41c81787b4200c75eb074e6edc9",)"
    R"("mode":1,"notional":"9713.82","price":"0","price_avg":"9700","side":"buy","status":2,"symbol":"BTC_USDT",)"
    R"("timestamp":1589272547000,"type":"market"}],"id":null})";

void BM_Decode_digifinex_order_oex(benchmark::State& state) {
  digifinex::WsDecoder decoder;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    const CodecError e = decoder.decode(kOrderUpdate, [&](const auto& event) {
      if constexpr (std::is_same_v<std::decay_t<decltype(event)>, OrderUpdate>) {
        checksum += static_cast<std::int64_t>(event.filled_qty->units()) + static_cast<std::int64_t>(event.state) +
                    static_cast<std::int64_t>(event.order_id.size());
      }
    });
    if (e != CodecError::ok) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(checksum);
  }
}
BENCHMARK(BM_Decode_digifinex_order_oex)->Name("BM_Decode/digifinex/order.update/oex");

struct SimdOrder {
  std::string_view id, symbol, side, type, status;
  Decimal amount, filled, notional, price, price_avg;
  std::int64_t timestamp = 0, mode = 0;
  OrderState state = OrderState::unknown;
};

std::string_view raw_number(simdjson::ondemand::value v) {
  if (v.type() == simdjson::ondemand::json_type::string) return std::string_view(v.get_string().value());
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n')) raw.remove_suffix(1);
  return raw;
}

bool decode_simdjson(simdjson::ondemand::parser& parser, const simdjson::padded_string& json, SimdOrder& o) {
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc)) return false;
  std::string_view method;
  if (doc["method"].get_string().get(method) || method != "order.update") return false;
  simdjson::ondemand::array params;
  if (doc["params"].get_array().get(params)) return false;
  for (auto element : params) {
    simdjson::ondemand::object order;
    if (element.get_object().get(order)) return false;
    for (auto field : order) {
      const std::string_view key = field.unescaped_key().value();
      simdjson::ondemand::value v = field.value();
      if (key == "amount") o.amount = *Decimal::parse(raw_number(v));
      else if (key == "filled") o.filled = *Decimal::parse(raw_number(v));
      else if (key == "id") o.id = v.get_string().value();
      else if (key == "mode") o.mode = v.get_int64().value();
      else if (key == "notional") o.notional = *Decimal::parse(raw_number(v));
      else if (key == "price") o.price = *Decimal::parse(raw_number(v));
      else if (key == "price_avg") o.price_avg = *Decimal::parse(raw_number(v));
      else if (key == "side") o.side = v.get_string().value();
      else if (key == "status") o.status = raw_number(v);
      else if (key == "symbol") o.symbol = v.get_string().value();
      else if (key == "timestamp") o.timestamp = v.get_int64().value();
      else if (key == "type") o.type = v.get_string().value();
    }
    o.state = digifinex::order_state_from_status(o.status);
  }
  return true;
}

void BM_Decode_digifinex_order_simdjson(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string json(kOrderUpdate);
  SimdOrder o;
  for (auto _ : state) {
    if (!decode_simdjson(parser, json, o)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_digifinex_order_simdjson)->Name("BM_Decode/digifinex/order.update/simdjson");

// The usual way: a DOM, std::string fields and doubles.
struct DomOrder {
  std::string id, symbol, side, type;
  int status = 0, mode = 0;
  double amount = 0, filled = 0, notional = 0, price = 0, price_avg = 0;
  std::int64_t timestamp = 0;
};

double number(const rapidjson::Value& v) { return v.IsString() ? std::strtod(v.GetString(), nullptr) : v.GetDouble(); }

bool decode_dom(const std::string& text, DomOrder& o) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  if (std::string(doc["method"].GetString()) != "order.update") return false;
  for (const auto& d : doc["params"].GetArray()) {
    o.amount = number(d["amount"]);
    o.filled = number(d["filled"]);
    o.id = d["id"].GetString();
    o.mode = d["mode"].GetInt();
    o.notional = number(d["notional"]);
    o.price = number(d["price"]);
    o.price_avg = number(d["price_avg"]);
    o.side = d["side"].GetString();
    o.status = d["status"].GetInt();
    o.symbol = d["symbol"].GetString();
    o.timestamp = d["timestamp"].GetInt64();
    o.type = d["type"].GetString();
  }
  return true;
}

void BM_Decode_digifinex_order_rapidjson_dom(benchmark::State& state) {
  const std::string text(kOrderUpdate);
  DomOrder o;
  for (auto _ : state) {
    if (!decode_dom(text, o)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_digifinex_order_rapidjson_dom)->Name("BM_Decode/digifinex/order.update/rapidjson_dom");

}  // namespace
