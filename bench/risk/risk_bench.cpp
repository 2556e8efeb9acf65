// Every pre-trade check on a new order, beside one lookup in a std::unordered_map<std::string, ...>
// keyed by a client order id (the cost the issue holds all checks under).
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>

#include "oex/risk/risk_gate.hpp"

namespace {

using oex::Decimal;
using oex::Venue;
namespace oms = oex::oms;
namespace risk = oex::risk;

Decimal dec(const char* text) { return *Decimal::parse(text); }

void BM_Risk_check_all_oex(benchmark::State& state) {
  risk::RiskConfig config;
  config.defaults.price_collar = dec("0.05");
  for (auto& v : config.venues) v = {100000, 2'000'000'000u, 2'000'000'000u};  // never throttled here
  config.instruments.push_back({Venue::btse, "BTC-USDT", config.defaults});
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate gate(config, orders);
  const auto sym = *orders.symbols().find("BTC-USDT");
  gate.set_reference(Venue::btse, sym, risk::ReferencePrice{dec("34799"), dec("34800"), dec("34799.5")});
  // Some resting orders on both sides, so exposure, position and self-trade have work to do.
  for (int i = 0; i < 8; ++i) {
    oms::NewOrderRequest r;
    r.venue = Venue::btse;
    r.symbol = sym;
    r.side = i % 2 ? oex::Side::buy : oex::Side::sell;
    r.price = Decimal::from_int(i % 2 ? 34000 - i : 35500 + i);
    r.qty = dec("0.25");
    r.client_order_id = *oex::ClientOrderId::from(std::to_string(200000 + i));
    (void)orders.add_pending(r);
  }
  oms::NewOrderRequest request;
  request.venue = Venue::btse;
  request.symbol = sym;
  request.side = oex::Side::buy;
  request.price = dec("34801.5");
  request.qty = dec("0.0125");
  request.client_order_id = *oex::ClientOrderId::from("174000000000000042");
  std::uint64_t now = 1'000'000'000;
  std::uint64_t passed = 0;
  for (auto _ : state) {
    now += 1000;
    passed += gate.check(request, now) == risk::RejectReason::none;
  }
  if (passed != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("a check rejected");
}
BENCHMARK(BM_Risk_check_all_oex)->Name("BM_Risk/check/all/oex");

void BM_Risk_check_lookup_unordered_map(benchmark::State& state) {
  std::unordered_map<std::string, int> orders;
  for (int i = 0; i < 1024; ++i) orders[std::to_string(174000000000000000LL + i * 7)] = i;
  const std::string key = "174000000000000042";  // the same 18-digit client order id, not present
  for (auto _ : state) {
    auto it = orders.find(key);
    benchmark::DoNotOptimize(it);
  }
}
BENCHMARK(BM_Risk_check_lookup_unordered_map)->Name("BM_Risk/check/lookup/unordered_map");

// The same lookup the way a std::string-keyed book is usually fed: the id arrives as a view into
// a buffer (or an inline id) and becomes a std::string key first (18 digits: past the SSO).
void BM_Risk_check_lookup_from_view_unordered_map(benchmark::State& state) {
  std::unordered_map<std::string, int> orders;
  for (int i = 0; i < 1024; ++i) orders[std::to_string(174000000000000000LL + i * 7)] = i;
  const auto id = *oex::ClientOrderId::from("174000000000000042");
  for (auto _ : state) {
    auto it = orders.find(std::string(id.view()));
    benchmark::DoNotOptimize(it);
  }
}
BENCHMARK(BM_Risk_check_lookup_from_view_unordered_map)->Name("BM_Risk/check/lookup_from_view/unordered_map");

}  // namespace
