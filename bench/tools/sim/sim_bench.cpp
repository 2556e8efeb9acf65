// oex-sim's order throughput on one core: signed order requests parsed, verified, matched and
// answered by a venue in-process (no sockets), the work the server does per order message.
#include <benchmark/benchmark.h>

#include <oex/codecs/signing.hpp>

#include <memory>
#include <string>

#include "exchange.hpp"
#include "session.hpp"
#include "venues.hpp"

namespace {

using namespace oex::sim;

struct DiscardSink final : SessionSink {
  std::size_t bytes = 0;
  void write(std::string_view data) override { bytes += data.size(); }
  void close() override {}
};

std::vector<SymbolSpec> symbols() {
  return {SymbolSpec{"BTC", "USDT", 30000 * kAmountScale, kAmountScale / 2, kAmountScale / 1000}};
}

Credentials credentials() { return Credentials{"bench-key", "bench-secret", "1", "1"}; }

std::unique_ptr<Venue> make(const std::string& name, Clock& clock) {
  ExchangeConfig config;
  config.venue = name;
  config.symbols = symbols();
  auto exchange = std::make_unique<Exchange>(config, clock, name == "btse" ? btse_order_ids() : digifinex_order_ids(), nullptr);
  auto venue = name == "btse" ? make_btse(credentials(), std::move(exchange), 1) : make_digifinex(credentials(), std::move(exchange), 1);
  venue->set_rate_limits(false);
  return venue;
}

std::string btse_request(const std::string& body) {
  const std::string nonce = "1700000000000";
  oex::codecs::HmacSha384 hmac("bench-secret");
  const auto digest = hmac.sign({std::string_view("/api/v3.3/order"), std::string_view(nonce), std::string_view(body)});
  return "POST /spot/api/v3.3/order HTTP/1.1\r\nHost: 127.0.0.1\r\nrequest-api: bench-key\r\nrequest-nonce: " + nonce +
         "\r\nrequest-sign: " + hex(digest.data(), digest.size()) + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string digifinex_request(const std::string& form) {
  oex::codecs::HmacSha256 hmac("bench-secret");
  const auto digest = hmac.sign({std::string_view(form)});
  return "POST /v3/spot/order/new HTTP/1.1\r\nHost: 127.0.0.1\r\nACCESS-KEY: bench-key\r\nACCESS-TIMESTAMP: " +
         std::to_string(wall_ms() / 1000) + "\r\nACCESS-SIGN: " + hex(digest.data(), digest.size()) +
         "\r\nContent-Length: " + std::to_string(form.size()) + "\r\n\r\n" + form;
}

void run(benchmark::State& state, const std::string& venue_name, const std::string& request) {
  Clock clock(true);
  auto venue = make(venue_name, clock);
  DiscardSink sink;
  Session session(*venue, sink, 1);
  for (auto _ : state) {
    session.on_bytes(request);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_out_per_order"] = static_cast<double>(sink.bytes) / static_cast<double>(state.iterations());
}

// An immediate-or-cancel order below the market: booked, answered and closed, never resting.
void BM_Sim_btse_order_ioc(benchmark::State& state) {
  run(state, "btse", btse_request(R"({"symbol":"BTC-USDT","size":0.001,"price":1000,"side":"BUY","type":"LIMIT","time_in_force":"IOC"})"));
}
BENCHMARK(BM_Sim_btse_order_ioc)->Name("BM_Sim/btse/order_ioc/oex");

// A marketable order that takes from the synthetic book, which replenishes every time.
void BM_Sim_btse_order_fill(benchmark::State& state) {
  Clock clock(true);
  auto venue = make("btse", clock);
  DiscardSink sink;
  Session session(*venue, sink, 1);
  const std::string request =
      btse_request(R"({"symbol":"BTC-USDT","size":0.001,"price":40000,"side":"BUY","type":"LIMIT","time_in_force":"IOC"})");
  for (auto _ : state) {
    session.on_bytes(request);
    venue->exchange().synthetic_step();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sim_btse_order_fill)->Name("BM_Sim/btse/order_fill/oex");

void BM_Sim_digifinex_order(benchmark::State& state) {
  // Resting orders would grow the book, so each is below the market and then cancelled by
  // the synthetic participants' bounded window; here the exchange keeps them: limit the run.
  run(state, "digifinex", digifinex_request("symbol=btc_usdt&type=sell&amount=0.001&price=1000000"));
}
BENCHMARK(BM_Sim_digifinex_order)->Name("BM_Sim/digifinex/order_rest/oex")->Iterations(200000);

}  // namespace
