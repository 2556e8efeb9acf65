// Deflow has no order notification: orders are polled, and GET /v1/order/info is the answer
// that carries an order's state and its trades. Decoded three ways: ours (exact Decimals,
// views); simdjson On-Demand extracting the same fields in the same exact form; the usual way,
// a RapidJSON DOM copied into std::string and double fields. The message is the document's
// example as a server sends it (without the pretty-printing).
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "oex/codecs/deflow/decoder.hpp"

namespace {

constexpr std::string_view kOrderInfo =
    R"({"code":"0","msg":"suc","data":{"trade_list":[{"volume":"0.00900000","feeCoin":"USDT","price":"6431.63",)"
    R"("fee":"0.05","ctime":1534991068000,"deal_price":"57.88","id":55,"type":"卖出"},{"volume":"0.00100000",)"
    R"("feeCoin":"USDT","price":"6431.63","fee":"0.00","ctime":1534991089000,"deal_price":"6.43","id":56,)"
    R"("type":"卖出"}],"order_info":{"side":"SELL","total_price":"64.31","created_at":1534991067588,)"
    R"("avg_price":"6431.63","countCoin":"usdt","source":3,"type":1,"side_msg":"卖出","volume":"0.01000000",)"
    R"("price":"6431.63","source_msg":"API","status_msg":"完全成交","deal_volume":"0.01000000","id":100,)"
    R"("remain_volume":"0.00000000","baseCoin":"btc","tradeList":[{"volume":"0.00900000","feeCoin":"USDT",)"
    R"("price":"6431.63","fee":"0.05","ctime":1534991068000,"deal_price":"57.88","id":55,"type":"卖出"},)"
    R"({"volume":"0.00100000","feeCoin":"USDT","price":"6431.63","fee":"0.00","ctime":1534991089000,)"
    R"("deal_price":"6.43","id":56,"type":"卖出"}],"status":2}}})";

// What every consumer keeps: the order's state and each trade.
struct Trade {
  std::string_view id;
  oex::Decimal price;
  oex::Decimal qty;
  oex::Decimal fee;
  std::string_view fee_ccy;
  std::int64_t time_ms = 0;
};
struct Order {
  std::string_view id;
  std::string_view status;
  bool sell = false;
  oex::Decimal price;
  oex::Decimal qty;
  oex::Decimal filled;
  oex::Decimal remaining;
  oex::Decimal avg;
  std::int64_t created = 0;
  std::array<Trade, 4> trades{};
  std::size_t trade_count = 0;
};

void BM_Decode_deflow_order_info_oex(benchmark::State& state) {
  oex::codecs::deflow::RestDecoder decoder;
  const oex::codecs::deflow::RequestRef ref{"btcusdt", "100"};
  for (auto _ : state) {
    Order o;
    const auto e = decoder.decode(
        oex::codecs::deflow::Endpoint::order_info, 200, kOrderInfo,
        [&o](const auto& ev) {
          using E = std::decay_t<decltype(ev)>;
          if constexpr (std::is_same_v<E, oex::OrderUpdate>) {
            o.id = ev.order_id;
            o.status = ev.venue_status;
            o.sell = ev.side == oex::Side::sell;
            o.price = *ev.price;
            o.qty = *ev.qty;
            o.filled = *ev.filled_qty;
            o.remaining = *ev.remaining_qty;
            o.avg = *ev.avg_price;
            o.created = *ev.venue_time_ms;
          } else if constexpr (std::is_same_v<E, oex::Fill>) {
            if (o.trade_count < o.trades.size()) {
              o.trades[o.trade_count++] = Trade{*ev.trade_id, ev.price, ev.qty, *ev.fee, *ev.fee_ccy, *ev.venue_time_ms};
            }
          }
        },
        ref);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_deflow_order_info_oex)->Name("BM_Decode/deflow/order_info/oex");

template <class Value>
oex::Decimal exact(Value& v) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  return *oex::Decimal::parse(t);
}

void BM_Decode_deflow_order_info_simdjson(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string text(kOrderInfo);
  for (auto _ : state) {
    Order o;
    auto doc = parser.iterate(text);
    simdjson::ondemand::object root = doc.get_object();
    for (auto top : root) {
      if (std::string_view(top.unescaped_key()) != "data") continue;
      simdjson::ondemand::object data = top.value().get_object();
      for (auto part : data) {
        const std::string_view name = part.unescaped_key();
        if (name == "trade_list") {
          for (auto t : part.value().get_array()) {
            Trade tr;
            for (auto f : t.get_object()) {
              const std::string_view k = f.unescaped_key();
              auto v = f.value();
              if (k == "id") {
                tr.id = std::string_view(v.raw_json_token());
              } else if (k == "price") {
                tr.price = exact(v);
              } else if (k == "volume") {
                tr.qty = exact(v);
              } else if (k == "fee") {
                tr.fee = exact(v);
              } else if (k == "feeCoin") {
                tr.fee_ccy = v.get_string();
              } else if (k == "ctime") {
                tr.time_ms = v.get_int64();
              }
            }
            if (o.trade_count < o.trades.size()) o.trades[o.trade_count++] = tr;
          }
        } else if (name == "order_info") {
          for (auto f : part.value().get_object()) {
            const std::string_view k = f.unescaped_key();
            auto v = f.value();
            if (k == "id") {
              o.id = std::string_view(v.raw_json_token());
            } else if (k == "status") {
              o.status = std::string_view(v.raw_json_token());
            } else if (k == "side") {
              o.sell = std::string_view(v.get_string()) == "SELL";
            } else if (k == "price") {
              o.price = exact(v);
            } else if (k == "volume") {
              o.qty = exact(v);
            } else if (k == "deal_volume") {
              o.filled = exact(v);
            } else if (k == "remain_volume") {
              o.remaining = exact(v);
            } else if (k == "avg_price") {
              o.avg = exact(v);
            } else if (k == "created_at") {
              o.created = v.get_int64();
            }
          }
        }
      }
    }
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_deflow_order_info_simdjson)->Name("BM_Decode/deflow/order_info/simdjson");

struct DomTrade {
  std::string id;
  double price = 0;
  double qty = 0;
  double fee = 0;
  std::string fee_ccy;
  std::int64_t time_ms = 0;
};
struct DomOrder {
  std::string id;
  std::string status;
  std::string side;
  double price = 0;
  double qty = 0;
  double filled = 0;
  double remaining = 0;
  double avg = 0;
  std::int64_t created = 0;
  std::vector<DomTrade> trades;
};

void BM_Decode_deflow_order_info_rapidjson_dom(benchmark::State& state) {
  const std::string text(kOrderInfo);
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    const auto& data = doc["data"];
    const auto& info = data["order_info"];
    DomOrder o;
    o.id = std::to_string(info["id"].GetInt64());
    o.status = std::to_string(info["status"].GetInt());
    o.side = info["side"].GetString();
    o.price = std::stod(info["price"].GetString());
    o.qty = std::stod(info["volume"].GetString());
    o.filled = std::stod(info["deal_volume"].GetString());
    o.remaining = std::stod(info["remain_volume"].GetString());
    o.avg = std::stod(info["avg_price"].GetString());
    o.created = info["created_at"].GetInt64();
    for (const auto& t : data["trade_list"].GetArray()) {
      DomTrade tr;
      tr.id = std::to_string(t["id"].GetInt64());
      tr.price = std::stod(t["price"].GetString());
      tr.qty = std::stod(t["volume"].GetString());
      tr.fee = std::stod(t["fee"].GetString());
      tr.fee_ccy = t["feeCoin"].GetString();
      tr.time_ms = t["ctime"].GetInt64();
      o.trades.push_back(std::move(tr));
    }
    benchmark::DoNotOptimize(o);
  }
}
BENCHMARK(BM_Decode_deflow_order_info_rapidjson_dom)->Name("BM_Decode/deflow/order_info/rapidjson_dom");

}  // namespace
