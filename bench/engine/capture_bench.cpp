// The loop's cost of capture: one BTSE order notification taken in (stamped, captured when on),
// decoded and applied, with the capture ring drained by its writer thread to a file, beside the
// same loop with capture off. Each message's time in the loop goes into a histogram; its p50 and
// p99 are the counters compared (bench/targets.txt: on <= 1.2x off). Both run as the engine is
// deployed: the loop pinned to one core (CPU 0), the writer pinned to another (CPU 1); unpinned,
// the scheduler now and then gives the writer the loop's core, and the figures measure that.
// `dropped` counts the records the writer could not keep up with; recorded_p50_ns and
// recorded_p99_ns are the same percentiles over the messages that were recorded.
//
// A third run is a control for the host, not for the code: capture off, with a thread on CPU 1
// doing register arithmetic alone (no memory, nothing shared with the loop). On a machine whose
// cores are its own, it leaves the loop's figures as capture off has them. Where two virtual CPUs
// share a physical core (a hypervisor may place them on SMT siblings, for minutes at a time), any
// work on CPU 1 slows CPU 0, and capture on cannot be told from the host's cost: read capture on's
// ratio beside this one's.
#include <benchmark/benchmark.h>

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "oex/capture/capture_writer.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/core/cpu_affinity.hpp"
#include "oex/core/latency_histogram.hpp"
#include "oex/engine/session_host.hpp"

namespace {

using namespace oex;

constexpr std::string_view kNotification =
    R"({"topic":"notificationApiV3","data":{"symbol":"BTC-USD","orderID":"5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81","side":"BUY","orderType":"76","price":"30000.5","avgFilledPrice":30000.5,"status":5,"clOrderID":"7","maker":true,"timestamp":1700000001456,"time_in_force":"GTC","txType":0,"originalOrderBaseSize":1.5,"currentOrderBaseSize":1.5,"filledBaseSize":0.4,"totalFilledBaseSize":0.4,"remainingBaseSize":1.1,"orderCurrency":"base"}})";

// Pins the bench thread to CPU 0 for one benchmark, and gives it back its CPUs after.
class LoopPinned {
 public:
  LoopPinned() {
    pinned_ = std::thread::hardware_concurrency() >= 2 &&
              pthread_getaffinity_np(pthread_self(), sizeof before_, &before_) == 0 && pin_current_thread(0).ok();
  }
  ~LoopPinned() {
    if (pinned_) pthread_setaffinity_np(pthread_self(), sizeof before_, &before_);
  }
  explicit operator bool() const noexcept { return pinned_; }

 private:
  cpu_set_t before_{};
  bool pinned_ = false;
};

enum class Mode { capture_on, capture_off, other_cpu_busy };

// Register arithmetic pinned to CPU 1 until destroyed: the host's cost of work on the other core.
class OtherCpuBusy {
 public:
  OtherCpuBusy()
      : thread_([this] {
          if (!pin_current_thread(1).ok()) return;
          std::uint64_t x = 1;
          while (!stop_.load(std::memory_order_relaxed)) {
            for (int i = 0; i < 1024; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            benchmark::DoNotOptimize(x);
          }
        }) {}
  ~OtherCpuBusy() {
    stop_.store(true, std::memory_order_relaxed);
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void loop(benchmark::State& state, Mode mode) {
  const bool capture_on = mode == Mode::capture_on;
  engine::EngineConfig config;
  engine::VenueConfig btse;
  btse.venue = Venue::btse;
  btse.instruments.push_back({"BTC-USD", *Decimal::parse("0.5"), *Decimal::parse("0.0001")});
  config.venues.push_back(btse);
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(config.risk, orders);
  const Clock clock = Clock::calibrate();
  engine::SessionHost host(config, orders, risk, clock);
  capture::CaptureRing ring(64u << 20);
  const std::string path = "/tmp/oex-capture-bench.jsonl";
  std::unique_ptr<capture::CaptureWriter> writer;
  LoopPinned pinned;
  if (capture_on) {
    auto started = capture::CaptureWriter::start(ring, path, capture::Redactor{},
                                                 pinned ? std::optional<int>(1) : std::nullopt);
    if (!started.ok()) {
      state.SkipWithError("cannot open the capture file");
      return;
    }
    writer = std::move(*started);
    host.set_capture(&ring);
  }
  std::optional<OtherCpuBusy> busy;
  if (mode == Mode::other_cpu_busy) {
    if (!pinned) {
      state.SkipWithError("needs two CPUs");
      return;
    }
    busy.emplace();
  }
  codecs::btse::WsDecoder decoder;
  auto sink = [&host](const auto& e) {
    if constexpr (requires { host.deliver(e); }) (void)host.deliver(e);
  };
  LatencyHistogram latency;
  LatencyHistogram recorded;  // the messages that went into the ring: drops cannot flatter these
  for (auto _ : state) {
    const std::uint64_t records = ring.recorded();
    const std::uint64_t start = clock.now_ns();
    engine::InboundMessage message(host, Venue::btse, capture::Channel::ws, kNotification);
    const auto e = decoder.decode(kNotification, sink);
    benchmark::DoNotOptimize(e);
    const std::uint64_t took = clock.now_ns() - start;
    latency.record(took);
    if (ring.recorded() != records) recorded.record(took);
  }
  state.counters["p50_ns"] = static_cast<double>(latency.percentile_permille(500));
  state.counters["p99_ns"] = static_cast<double>(latency.percentile_permille(990));
  if (capture_on) {
    state.counters["recorded_p50_ns"] = static_cast<double>(recorded.percentile_permille(500));
    state.counters["recorded_p99_ns"] = static_cast<double>(recorded.percentile_permille(990));
  }
  state.counters["dropped"] = static_cast<double>(ring.dropped());
  host.set_capture(nullptr);
  writer.reset();
  std::remove(path.c_str());
}

void BM_Capture_loop_on(benchmark::State& state) { loop(state, Mode::capture_on); }
void BM_Capture_loop_off(benchmark::State& state) { loop(state, Mode::capture_off); }
void BM_Capture_loop_other_cpu_busy(benchmark::State& state) { loop(state, Mode::other_cpu_busy); }
BENCHMARK(BM_Capture_loop_on)->Name("BM_Capture/loop/notificationApiV3/oex");
BENCHMARK(BM_Capture_loop_off)->Name("BM_Capture/loop/notificationApiV3/capture_off");
BENCHMARK(BM_Capture_loop_other_cpu_busy)->Name("BM_Capture/loop/notificationApiV3/other_cpu_busy");

}  // namespace
