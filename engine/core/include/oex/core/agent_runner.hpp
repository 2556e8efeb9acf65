#pragma once
// The single-threaded loop, after Aeron's AgentRunner<Agent, IdleStrategy>: each iteration asks
// the agent for work, and the idle strategy decides what an iteration without work costs.
#include <atomic>
#include <concepts>
#include <cstddef>
#include <tuple>
#include <utility>

#include "oex/core/idle_strategy.hpp"

namespace oex {

// An agent does a bounded amount of work without blocking and says how much it did.
template <class A>
concept Agent = requires(A& a) {
  { a.do_work() } -> std::convertible_to<int>;
};

template <class I>
concept IdleStrategy = requires(I& i, int work) {
  i.idle(work);
  i.reset();
};

// Several agents as one, each polled once per iteration in order (no virtual call).
template <Agent... Agents>
class CompositeAgent {
 public:
  explicit CompositeAgent(Agents&... agents) noexcept : agents_(agents...) {}
  int do_work() noexcept {
    return std::apply([](auto&... a) { return (0 + ... + static_cast<int>(a.do_work())); }, agents_);
  }

 private:
  std::tuple<Agents&...> agents_;
};

template <Agent A, IdleStrategy I = BusySpinIdle>
class AgentRunner {
 public:
  explicit AgentRunner(A& agent, I idle = I{}) noexcept : agent_(agent), idle_(std::move(idle)) {}

  // One iteration; returns the work it did.
  int run_once() noexcept {
    const int work = static_cast<int>(agent_.do_work());
    idle_.idle(work);
    return work;
  }

  // Iterates until stop() is called (from any thread, or from inside the agent), also when that
  // happened before run().
  void run() noexcept {
    while (running_.load(std::memory_order_relaxed)) run_once();
  }
  void stop() noexcept { running_.store(false, std::memory_order_relaxed); }
  [[nodiscard]] bool running() const noexcept { return running_.load(std::memory_order_relaxed); }

 private:
  A& agent_;
  I idle_;
  std::atomic<bool> running_{true};
};

}  // namespace oex
