// GCT's order notification, the transaction push, decoded three ways: ours (exact Decimals,
// views into the message); simdjson On-Demand extracting the same fields in the same exact
// form; and the usual way, a RapidJSON DOM copied into std::string and double fields.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <string>
#include <string_view>

#include "oex/codecs/gct/decoder.hpp"

namespace {

constexpr std::string_view kPush =
    R"({"count":0.75,"dealTime":1566963399019,"entrustId":"1382913578910371842","oneselfDeal":false,)"
    R"("price":16.5,"symbol":"BTCUSDT","type":"BUY","userId":100231})";

struct SimdFill {
  std::string_view order_id;
  std::string_view symbol;
  bool buy = false;
  oex::Decimal price;
  oex::Decimal qty;
  std::int64_t time_ms = 0;
  bool self = false;
};

// Each consumer keeps the same fields (ours hands over a Fill; the sink copies what it needs).
void BM_Decode_gct_push_oex(benchmark::State& state) {
  oex::codecs::gct::PushDecoder decoder;
  for (auto _ : state) {
    SimdFill out;
    const auto e = decoder.decode(kPush, [&out](const oex::Fill& f) {
      out.order_id = f.order_id;
      out.symbol = f.symbol;
      out.buy = f.side == oex::Side::buy;
      out.price = f.price;
      out.qty = f.qty;
      out.time_ms = *f.venue_time_ms;
    });
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Decode_gct_push_oex)->Name("BM_Decode/gct/transaction_push/oex");

void BM_Decode_gct_push_simdjson(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string text(kPush);
  for (auto _ : state) {
    SimdFill f;
    auto doc = parser.iterate(text);
    simdjson::ondemand::object o = doc.get_object();
    for (auto field : o) {
      const std::string_view key = field.unescaped_key();
      auto value = field.value();
      if (key == "count") {
        f.qty = *oex::Decimal::parse(std::string_view(value.raw_json_token()));
      } else if (key == "dealTime") {
        f.time_ms = value.get_int64();
      } else if (key == "entrustId") {
        f.order_id = value.get_string();
      } else if (key == "oneselfDeal") {
        f.self = value.get_bool();
      } else if (key == "price") {
        f.price = *oex::Decimal::parse(std::string_view(value.raw_json_token()));
      } else if (key == "symbol") {
        f.symbol = value.get_string();
      } else if (key == "type") {
        f.buy = std::string_view(value.get_string()) == "BUY";
      }
    }
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_Decode_gct_push_simdjson)->Name("BM_Decode/gct/transaction_push/simdjson");

struct DomFill {
  std::string order_id;
  std::string symbol;
  std::string side;
  double price = 0;
  double qty = 0;
  std::int64_t time_ms = 0;
  bool self = false;
};

void BM_Decode_gct_push_rapidjson_dom(benchmark::State& state) {
  const std::string text(kPush);
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    DomFill f;
    f.order_id = doc["entrustId"].GetString();
    f.symbol = doc["symbol"].GetString();
    f.side = doc["type"].GetString();
    f.price = doc["price"].GetDouble();
    f.qty = doc["count"].GetDouble();
    f.time_ms = doc["dealTime"].GetInt64();
    f.self = doc["oneselfDeal"].GetBool();
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_Decode_gct_push_rapidjson_dom)->Name("BM_Decode/gct/transaction_push/rapidjson_dom");

}  // namespace
