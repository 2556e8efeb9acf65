// The main job until the engine's venue sessions exist: shows what the parts do on this machine.
// Exact decimals on the venues' own numbers, client order ids, the busy-poll loop running timers
// and a strategy thread's commands (with how late timers fired, measured), and every venue's
// documented messages decoded and applied to the order-management core.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "oex/core/agent_runner.hpp"
#include "oex/core/client_order_id.hpp"
#include "oex/core/clock.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/spsc_queue.hpp"
#include "oex/core/timer_wheel.hpp"
#include "oex/codecs/json.hpp"
#include "oex/replay/replayer.hpp"

namespace {

void show_decimals() {
  std::printf("== exact decimals (the venues' own numbers)\n");
  const char* price_text = "99944652.8478545303601106";  // DigiFinex, 24 significant digits
  const char* qty_text = "0.0025";
  const oex::Decimal price = *oex::Decimal::parse(price_text);
  const oex::Decimal qty = *oex::Decimal::parse(qty_text);
  const oex::Decimal notional = *oex::multiply(price, qty);
  std::printf("  %s x %s = %s exactly\n", price_text, qty_text, notional.to_string().c_str());
  std::printf("  the same through double: %.17g\n", 99944652.8478545303601106 * 0.0025);
  std::printf("  \"50.0000000000000000\" prints as %s; 0.1 + 0.2 = %s\n",
              oex::Decimal::parse("50.0000000000000000")->to_string().c_str(),
              oex::add(*oex::Decimal::parse("0.1"), *oex::Decimal::parse("0.2"))->to_string().c_str());
  const auto bad = oex::Decimal::parse("1.2.3");
  std::printf("  \"1.2.3\" -> error %s\n", std::string(oex::error_name(bad.error())).c_str());
}

void show_client_order_ids() {
  std::printf("== client order ids (unique across restarts, digits only: valid on all five venues)\n");
  auto ids = oex::ClientOrderIdGenerator::create(1);
  for (int i = 0; i < 3; ++i) std::printf("  %s\n", std::string(ids->next().view()).c_str());
}

// Four periodic timers and a command queue fed by a "strategy" thread, on one busy-poll loop.
struct DemoLoop {
  oex::Clock clock = oex::Clock::calibrate();
  oex::TimerWheel wheel{100'000, 1024, 16, clock.now_ns()};  // 100 us ticks
  oex::SpscQueue<std::uint64_t> commands{1024};
  std::vector<std::uint64_t> lateness_ns;
  std::uint64_t commands_done = 0;
  std::uint64_t periods[4] = {1'000'000, 2'500'000, 5'000'000, 10'000'000};

  int do_work() noexcept {
    int work = 0;
    std::uint64_t c = 0;
    while (commands.try_pop(c)) ++commands_done, ++work;
    const std::uint64_t now = clock.now_ns();
    work += wheel.poll(now, [&](std::uint64_t token, oex::TimerWheel::TimerId) {
      const std::uint64_t deadline = token >> 8;
      if (lateness_ns.size() < lateness_ns.capacity()) lateness_ns.push_back(now - deadline);
      const std::uint64_t next = deadline + periods[token & 0xff];
      (void)wheel.schedule(next, (next << 8) | (token & 0xff));
    });
    return work;
  }
};

void show_loop() {
  std::printf("== the busy-poll loop (timers, and commands from another thread through the SPSC queue)\n");
  DemoLoop loop;
  loop.lateness_ns.reserve(4096);
  const std::uint64_t start = loop.clock.now_ns();
  for (std::uint64_t i = 0; i < 4; ++i) {
    const std::uint64_t first = start + loop.periods[i];
    (void)loop.wheel.schedule(first, (first << 8) | i);
  }
  oex::AgentRunner<DemoLoop, oex::BusySpinIdle> runner(loop);
  std::atomic<bool> producing{true};
  std::uint64_t sent = 0;
  std::thread strategy([&] {
    while (producing.load(std::memory_order_relaxed)) {
      if (loop.commands.try_push(sent)) ++sent;
    }
  });
  while (loop.clock.now_ns() - start < 300'000'000) runner.run_once();
  producing.store(false);
  strategy.join();
  while (runner.run_once() > 0) {
  }
  std::vector<std::uint64_t> late = loop.lateness_ns;
  std::sort(late.begin(), late.end());
  auto pct = [&](double p) { return late[static_cast<std::size_t>(p * static_cast<double>(late.size() - 1))]; };
  std::printf("  clock: %s\n", loop.clock.uses_tsc() ? "TSC calibrated against CLOCK_MONOTONIC" : "CLOCK_MONOTONIC");
  std::printf("  300 ms: %zu timer firings, lateness after deadline p50 %llu ns, p99 %llu ns, max %llu ns\n",
              late.size(), static_cast<unsigned long long>(pct(0.5)), static_cast<unsigned long long>(pct(0.99)),
              static_cast<unsigned long long>(late.back()));
  std::printf("  %llu commands from the strategy thread, %llu applied, none lost\n",
              static_cast<unsigned long long>(sent), static_cast<unsigned long long>(loop.commands_done));
}

// Every documented message of each venue, with the fault sequences the replay tests add
// (duplicates, reordering, a gap, a corrupt frame), through the codecs and the order core.
void show_venues() {
  std::printf("== the five venues' documented messages through the codecs and the order-management core\n");
  std::printf("  %-10s %8s %7s %6s %7s  %s\n", "venue", "messages", "events", "fills", "errors", "final order states");
  for (const oex::Venue venue : oex::kAllVenues) {
    const std::string path =
        std::string(OEX_SOURCE_DIR) + "/tests/tools/replay/data/" + std::string(oex::to_string(venue)) + ".jsonl";
    std::ifstream in(path);
    if (!in) {
      std::printf("  %-10s cannot read %s\n", std::string(oex::to_string(venue)).c_str(), path.c_str());
      continue;
    }
    oex::replay::Replayer replayer;
    std::string line;
    std::uint64_t line_no = 0;
    while (std::getline(in, line)) replayer.feed_line(line, ++line_no);
    replayer.finish();
    std::map<std::string, int> states;
    int fills = 0;
    oex::json::Document doc(64);
    std::string_view out = replayer.output();
    while (!out.empty()) {
      const std::size_t end = out.find('\n');
      const std::string_view record = out.substr(0, end);
      out = end == std::string_view::npos ? std::string_view() : out.substr(end + 1);
      if (doc.parse(record) != oex::codecs::CodecError::ok) continue;
      const auto event = doc.root()["event"].as_string();
      if (!event.ok()) continue;
      if (*event == "fill") ++fills;
      if (*event == "final") ++states[std::string(*doc.root()["state"].as_string())];
    }
    std::string summary;
    for (const auto& [state, count] : states) summary += std::to_string(count) + " " + state + "  ";
    const auto& stats = replayer.stats();
    std::printf("  %-10s %8llu %7llu %6d %7llu  %s\n", std::string(oex::to_string(venue)).c_str(),
                static_cast<unsigned long long>(stats.messages_in + stats.messages_out),
                static_cast<unsigned long long>(stats.events), fills, static_cast<unsigned long long>(stats.errors),
                summary.c_str());
  }
  std::printf("  (errors: bad input kept on purpose (the documents' malformed or descriptive examples, injected\n"
              "   corrupt frames) and answers about orders the capture never placed; each is reported with its\n"
              "   line and the replay goes on. `oex-replay FILE` prints every event.)\n");
}

}  // namespace

int main() {
  std::printf("oex demo: the foundation, the codecs and the order core (venue sessions come with the engine)\n\n");
  show_decimals();
  show_client_order_ids();
  show_loop();
  show_venues();
  std::printf("\ndone\n");
  return 0;
}
