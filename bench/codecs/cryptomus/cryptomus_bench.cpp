// Cryptomus order notification, one run gives the ratios of issue 3:
//   BM_Decode/cryptomus/order_update/{oex,simdjson,rapidjson_dom}
// All three extract the same fields of the document's finished order_update; ours and
// simdjson's read amounts exactly into Decimal, the DOM way into double and std::string.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <cstdlib>
#include <string>

#include "oex/codecs/cryptomus/status.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"

namespace {

using namespace oex;
using namespace oex::codecs;

// tests/codecs/cryptomus/fixtures/ws/order_update_finished.json, compact.
constexpr std::string_view kOrderUpdate =
    R"({"id":"3","method":"order_update","data":{"type":"finished","info":{"id":"01JYET5DQ772MPYHHE417FQF1J",)"
    R"("symbol":"TRX_USDT","orderType":"limit","direction":"sell","price":"0.2200000000000000",)"
    R"("quantity":"50.0000000000000000","value":"11.0000000000000000","filledQuantity":"50.0000000000000000",)"
    R"("filledValue":"11.0000000000000000","clientOid":null,"createTs":1750696376,"finishTs":1750696417,)"
    R"("state":"completed","internalState":"filled"}},"error":null})";

void BM_Decode_cryptomus_order_oex(benchmark::State& state) {
  cryptomus::WsDecoder decoder;
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
BENCHMARK(BM_Decode_cryptomus_order_oex)->Name("BM_Decode/cryptomus/order_update/oex");

struct SimdOrder {
  std::string_view type, id, symbol, order_type, direction, state_text, internal_state;
  std::optional<std::string_view> client_oid;
  Decimal price, quantity, value, filled_quantity, filled_value;
  std::int64_t create_ts = 0, update_ts = 0, finish_ts = 0;
  OrderState state = OrderState::unknown;
};

bool decode_simdjson(simdjson::ondemand::parser& parser, const simdjson::padded_string& json, SimdOrder& o) {
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc)) return false;
  std::string_view method;
  if (doc["method"].get_string().get(method) || method != "order_update") return false;
  simdjson::ondemand::object data;
  if (doc["data"].get_object().get(data)) return false;
  for (auto part : data) {
    const std::string_view part_key = part.unescaped_key().value();
    if (part_key == "type") {
      o.type = part.value().get_string().value();
    } else if (part_key == "info") {
      simdjson::ondemand::object info;
      if (part.value().get_object().get(info)) return false;
      for (auto field : info) {
        const std::string_view key = field.unescaped_key().value();
        simdjson::ondemand::value v = field.value();
        if (key == "id") o.id = v.get_string().value();
        else if (key == "symbol") o.symbol = v.get_string().value();
        else if (key == "orderType") o.order_type = v.get_string().value();
        else if (key == "direction") o.direction = v.get_string().value();
        else if (key == "price") o.price = *Decimal::parse(v.get_string().value());
        else if (key == "quantity") o.quantity = *Decimal::parse(v.get_string().value());
        else if (key == "value") o.value = *Decimal::parse(v.get_string().value());
        else if (key == "filledQuantity") o.filled_quantity = *Decimal::parse(v.get_string().value());
        else if (key == "filledValue") o.filled_value = *Decimal::parse(v.get_string().value());
        else if (key == "clientOid") o.client_oid = v.is_null().value() ? std::nullopt : std::optional(v.get_string().value());
        else if (key == "createTs") o.create_ts = v.get_int64().value();
        else if (key == "updateTs") o.update_ts = v.get_int64().value();
        else if (key == "finishTs") o.finish_ts = v.get_int64().value();
        else if (key == "state") o.state_text = v.get_string().value();
        else if (key == "internalState") o.internal_state = v.get_string().value();
      }
    }
  }
  o.state = cryptomus::order_state_from_status(!o.internal_state.empty() ? o.internal_state : o.type);
  return true;
}

void BM_Decode_cryptomus_order_simdjson(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string json(kOrderUpdate);
  SimdOrder o;
  for (auto _ : state) {
    if (!decode_simdjson(parser, json, o)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_cryptomus_order_simdjson)->Name("BM_Decode/cryptomus/order_update/simdjson");

// The usual way: a DOM, std::string fields and doubles.
struct DomOrder {
  std::string type, id, symbol, order_type, direction, client_oid, state, internal_state;
  double price = 0, quantity = 0, value = 0, filled_quantity = 0, filled_value = 0;
  std::int64_t create_ts = 0, finish_ts = 0;
};

bool decode_dom(const std::string& text, DomOrder& o) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  if (std::string(doc["method"].GetString()) != "order_update") return false;
  const rapidjson::Value& data = doc["data"];
  o.type = data["type"].GetString();
  const rapidjson::Value& i = data["info"];
  o.id = i["id"].GetString();
  o.symbol = i["symbol"].GetString();
  o.order_type = i["orderType"].GetString();
  o.direction = i["direction"].GetString();
  o.price = std::strtod(i["price"].GetString(), nullptr);
  o.quantity = std::strtod(i["quantity"].GetString(), nullptr);
  o.value = std::strtod(i["value"].GetString(), nullptr);
  o.filled_quantity = std::strtod(i["filledQuantity"].GetString(), nullptr);
  o.filled_value = std::strtod(i["filledValue"].GetString(), nullptr);
  o.client_oid = i["clientOid"].IsNull() ? std::string() : std::string(i["clientOid"].GetString());
  o.create_ts = i["createTs"].GetInt64();
  o.finish_ts = i["finishTs"].GetInt64();
  o.state = i["state"].GetString();
  o.internal_state = i["internalState"].GetString();
  return true;
}

void BM_Decode_cryptomus_order_rapidjson_dom(benchmark::State& state) {
  const std::string text(kOrderUpdate);
  DomOrder o;
  for (auto _ : state) {
    if (!decode_dom(text, o)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_cryptomus_order_rapidjson_dom)->Name("BM_Decode/cryptomus/order_update/rapidjson_dom");

}  // namespace
