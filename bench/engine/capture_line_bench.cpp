// The capture writer's cost per line: one BTSE order notification formatted as a capture line,
// its secrets redacted and its text escaped (capture::format_line), beside the usual way to
// escape text into a JSON object, RapidJSON's Writer, which redacts nothing. The writer keeps
// up with a loop at full speed only if a line costs about what the loop spends on a message.
#include <benchmark/benchmark.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "oex/capture/capture_writer.hpp"

namespace {

using namespace oex;

constexpr std::string_view kNotification =
    R"({"topic":"notificationApiV3","data":{"symbol":"BTC-USD","orderID":"5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81","side":"BUY","orderType":"76","price":"30000.5","avgFilledPrice":30000.5,"status":5,"clOrderID":"7","maker":true,"timestamp":1700000001456,"time_in_force":"GTC","txType":0,"originalOrderBaseSize":1.5,"currentOrderBaseSize":1.5,"filledBaseSize":0.4,"totalFilledBaseSize":0.4,"remainingBaseSize":1.1,"orderCurrency":"base"}})";

capture::Record notification() {
  capture::Record r;
  r.ts_ns = 1700000001456000000ULL;
  r.venue = Venue::btse;
  r.payload = kNotification;
  return r;
}

void BM_CaptureLine_oex(benchmark::State& state) {
  capture::Redactor redactor;
  redactor.add_secret("4e9a1c3b7d2f48a6b0c5e8f1a2d3b4c5");  // an API key and secret of this run
  redactor.add_secret("8f2d6a0c4e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4e6b");
  const capture::Record r = notification();
  std::string line;
  std::string scratch;
  for (auto _ : state) {
    capture::format_line(r, redactor, line, scratch);
    benchmark::DoNotOptimize(line.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kNotification.size()));
}

void BM_CaptureLine_rapidjson(benchmark::State& state) {
  const capture::Record r = notification();
  rapidjson::StringBuffer buffer;
  for (auto _ : state) {
    buffer.Clear();
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ts");
    w.Uint64(r.ts_ns);
    w.Key("venue");
    w.String("btse");
    w.Key("dir");
    w.String("in");
    w.Key("ch");
    w.String("ws");
    w.Key("text");
    w.String(r.payload.data(), static_cast<rapidjson::SizeType>(r.payload.size()));
    w.EndObject();
    benchmark::DoNotOptimize(buffer.GetString());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kNotification.size()));
}

BENCHMARK(BM_CaptureLine_oex)->Name("BM_CaptureLine/notificationApiV3/oex");
BENCHMARK(BM_CaptureLine_rapidjson)->Name("BM_CaptureLine/notificationApiV3/rapidjson_writer");

}  // namespace
