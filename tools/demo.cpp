// The main job until the venue simulators exist: shows what the foundation does on this machine.
// Exact decimals on the venues' own numbers, client order ids, and the busy-poll loop running
// timers and a strategy thread's commands, with how late timers fired, measured.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "oex/core/agent_runner.hpp"
#include "oex/core/client_order_id.hpp"
#include "oex/core/clock.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/spsc_queue.hpp"
#include "oex/core/timer_wheel.hpp"

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

}  // namespace

int main() {
  std::printf("oex demo: the foundation (venue sessions and the simulators come with later issues)\n\n");
  show_decimals();
  show_client_order_ids();
  show_loop();
  std::printf("\ndone\n");
  return 0;
}
