// Decimal parse and print on the venues' own price strings, beside the double-based ways:
// strtod + snprintf, and std::from_chars / std::to_chars. Names: BM_Decimal<Op>/venue_prices/all/<impl>.
#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "oex/core/decimal.hpp"

namespace {

// Taken from the five documents: DigiFinex's 24-digit amounts, Cryptomus's 16-place padding,
// BTSE's trailing-zero prices, GCT's and Deflow's short quotes.
const std::vector<std::string>& venue_prices() {
  static const std::vector<std::string> prices = {
      "99944652.8478545303601106", "0.0025",          "8500.0",      "50.0000000000000000",
      "0.002",                     "29.2305000000000000", "0.00000001", "43211.12345678",
      "1.00000000",                "6.4102",          "0.1",         "37892.1",
      "2.00001000000000000000",    "190.5",           "0.021",       "45012.5",
  };
  return prices;
}

void BM_DecimalParse_oex(benchmark::State& state) {
  const auto& prices = venue_prices();
  for (auto _ : state) {
    for (const auto& p : prices) benchmark::DoNotOptimize(oex::Decimal::parse(p));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * prices.size()));
}
BENCHMARK(BM_DecimalParse_oex)->Name("BM_DecimalParse/venue_prices/all/oex");

void BM_DecimalParse_strtod(benchmark::State& state) {
  const auto& prices = venue_prices();
  for (auto _ : state) {
    for (const auto& p : prices) benchmark::DoNotOptimize(std::strtod(p.c_str(), nullptr));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * prices.size()));
}
BENCHMARK(BM_DecimalParse_strtod)->Name("BM_DecimalParse/venue_prices/all/strtod");

void BM_DecimalParse_from_chars(benchmark::State& state) {
  const auto& prices = venue_prices();
  for (auto _ : state) {
    for (const auto& p : prices) {
      double d = 0;
      std::from_chars(p.data(), p.data() + p.size(), d);
      benchmark::DoNotOptimize(d);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * prices.size()));
}
BENCHMARK(BM_DecimalParse_from_chars)->Name("BM_DecimalParse/venue_prices/all/from_chars");

void BM_DecimalPrint_oex(benchmark::State& state) {
  std::vector<oex::Decimal> values;
  for (const auto& p : venue_prices()) values.push_back(*oex::Decimal::parse(p));
  char buf[oex::Decimal::kMaxTextLength];
  for (auto _ : state) {
    for (const auto& v : values) benchmark::DoNotOptimize(v.to_chars(buf, buf + sizeof buf));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_DecimalPrint_oex)->Name("BM_DecimalPrint/venue_prices/all/oex");

void BM_DecimalPrint_snprintf(benchmark::State& state) {
  std::vector<double> values;
  for (const auto& p : venue_prices()) values.push_back(std::strtod(p.c_str(), nullptr));
  char buf[64];
  for (auto _ : state) {
    for (const double v : values) benchmark::DoNotOptimize(std::snprintf(buf, sizeof buf, "%.17g", v));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_DecimalPrint_snprintf)->Name("BM_DecimalPrint/venue_prices/all/snprintf");

void BM_DecimalPrint_to_chars(benchmark::State& state) {
  std::vector<double> values;
  for (const auto& p : venue_prices()) values.push_back(std::strtod(p.c_str(), nullptr));
  char buf[64];
  for (auto _ : state) {
    for (const double v : values) benchmark::DoNotOptimize(std::to_chars(buf, buf + sizeof buf, v));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_DecimalPrint_to_chars)->Name("BM_DecimalPrint/venue_prices/all/to_chars");

}  // namespace
