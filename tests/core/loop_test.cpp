#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <functional>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>
#include <thread>
#include <vector>

#include "allocation_counter.hpp"
#include "oex/core/agent_runner.hpp"
#include "oex/core/asio_agent.hpp"
#include "oex/core/cpu_affinity.hpp"
#include "oex/core/poll_set.hpp"
#include "oex/core/spsc_queue.hpp"
#include "oex/core/timer_wheel.hpp"

namespace oex {
namespace {

struct Fired {
  std::uint64_t deadline;
  std::uint64_t fired_at;
  std::uint64_t previous_poll;
};

// Random deadlines, random poll times (including stalls longer than the wheel's whole span):
// every timer fires in deadline order, at the first poll at or after its deadline.
TEST(TimerWheel, FiresInDeadlineOrderAtTheFirstPollPastTheDeadline) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    constexpr std::uint64_t tick = 1'000;  // 1 us ticks, 64 slots: a span of 64 us
    TimerWheel wheel(tick, 64, 512, 0);
    std::vector<std::uint64_t> deadlines(400);
    for (auto& d : deadlines) d = rng() % 300'000;
    for (std::size_t i = 0; i < deadlines.size(); ++i) ASSERT_TRUE(wheel.schedule(deadlines[i], i).ok());
    std::vector<Fired> fired;
    std::uint64_t now = 0, previous = 0;
    while (wheel.active() > 0) {
      now += (rng() % 10 == 0) ? rng() % 100'000 : rng() % 1'500;
      wheel.poll(now, [&](std::uint64_t token, TimerWheel::TimerId) {
        fired.push_back({deadlines[token], now, previous});
      });
      previous = now;
    }
    ASSERT_EQ(fired.size(), deadlines.size());
    for (std::size_t i = 0; i < fired.size(); ++i) {
      EXPECT_LE(fired[i].deadline, fired[i].fired_at);
      EXPECT_TRUE(fired[i].deadline > fired[i].previous_poll || fired[i].deadline == 0) << "fired late";
      if (i > 0) {
        EXPECT_LE(fired[i - 1].deadline, fired[i].deadline) << "out of order, seed " << seed;
      }
    }
  }
}

TEST(TimerWheel, CancelsAndRefusesStaleIds) {
  TimerWheel wheel(1'000, 8, 2, 0);
  const auto a = wheel.schedule(5'000, 1);
  const auto b = wheel.schedule(6'000, 2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(wheel.schedule(7'000, 3).error(), Error::capacity_exhausted);
  EXPECT_TRUE(wheel.cancel(*a));
  EXPECT_FALSE(wheel.cancel(*a));
  std::vector<std::uint64_t> tokens;
  wheel.poll(10'000, [&](std::uint64_t token, TimerWheel::TimerId) { tokens.push_back(token); });
  EXPECT_EQ(tokens, std::vector<std::uint64_t>{2});
  EXPECT_FALSE(wheel.cancel(*b)) << "a fired timer's id is stale";
  const auto c = wheel.schedule(1, 4);  // already past: fires at the next poll
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(wheel.poll(10'000, [](std::uint64_t, TimerWheel::TimerId) {}), 1);
}

TEST(TimerWheel, EqualDeadlinesFireInSchedulingOrderAndHandlersMayReschedule) {
  TimerWheel wheel(1'000, 16, 8, 0);
  for (std::uint64_t t = 0; t < 4; ++t) ASSERT_TRUE(wheel.schedule(3'000, t).ok());
  std::vector<std::uint64_t> tokens;
  wheel.poll(3'000, [&](std::uint64_t token, TimerWheel::TimerId) {
    tokens.push_back(token);
    if (token == 0) (void)wheel.schedule(9'000, 10);
  });
  EXPECT_EQ(tokens, (std::vector<std::uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(wheel.poll(8'999, [](std::uint64_t, TimerWheel::TimerId) {}), 0);
  EXPECT_EQ(wheel.poll(9'000, [](std::uint64_t, TimerWheel::TimerId) {}), 1);
}

TEST(SpscQueue, RefusesWhenFullAndKeepsOrder) {
  SpscQueue<int> q(4);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(q.try_push(i));
  EXPECT_FALSE(q.try_push(99));
  int v = -1;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(q.try_pop(v));
    EXPECT_EQ(v, i);
  }
  EXPECT_FALSE(q.try_pop(v));
}

TEST(SpscQueue, TwoThreadStress) {
  struct Command {
    std::uint64_t seq = 0;
    std::uint64_t check = 0;
  };
  SpscQueue<Command> q(1024);
  constexpr std::uint64_t kCount = 2'000'000;
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kCount; ++i) {
      while (!q.try_push(Command{i, i * 2654435761u})) cpu_relax();
    }
  });
  std::uint64_t expected = 0;
  Command c;
  while (expected < kCount) {
    if (!q.try_pop(c)) {
      cpu_relax();
      continue;
    }
    ASSERT_EQ(c.seq, expected);
    ASSERT_EQ(c.check, expected * 2654435761u);
    ++expected;
  }
  producer.join();
  EXPECT_FALSE(q.try_pop(c));
}

struct CountingAgent {
  int remaining = 0;
  int calls = 0;
  int do_work() noexcept {
    ++calls;
    return remaining > 0 ? (remaining--, 1) : 0;
  }
};

TEST(AgentRunner, RunsAgentsUntilStoppedAndReportsWork) {
  CountingAgent a{3}, b{5};
  CompositeAgent both(a, b);
  AgentRunner<CompositeAgent<CountingAgent, CountingAgent>, BackoffIdle> runner(both);
  int total = 0;
  for (int i = 0; i < 10; ++i) total += runner.run_once();
  EXPECT_EQ(total, 8);
  EXPECT_EQ(a.calls, 10);

  struct StopAfter {
    std::function<void()> stop;
    int left = 1000;
    int do_work() noexcept {
      if (--left == 0) stop();
      return 1;
    }
  } stopper;
  AgentRunner<StopAfter, BusySpinIdle> r2(stopper);
  stopper.stop = [&r2] { r2.stop(); };
  r2.run();
  EXPECT_EQ(stopper.left, 0);
}

// The loop as the engine runs it: Asio handlers, a timer wheel, and a command queue, polled
// without blocking. After warm-up nothing in it allocates.
struct LoopUnderTest {
  boost::asio::io_context io{kLoopConcurrencyHint};
  AsioAgent asio{io};
  TimerWheel wheel{1'000, 256, 64, 0};
  SpscQueue<std::uint64_t> commands{64};
  std::uint64_t now = 0;
  std::uint64_t timers_fired = 0;
  std::uint64_t commands_seen = 0;
  std::uint64_t handlers_run = 0;

  struct Timers {
    LoopUnderTest* loop;
    int do_work() noexcept {
      loop->now += 700;
      return loop->wheel.poll(loop->now, [this](std::uint64_t token, TimerWheel::TimerId) {
        ++loop->timers_fired;
        (void)loop->wheel.schedule(loop->now + 5'000 + token, token);  // periodic
      });
    }
  } timers{this};
  struct Commands {
    LoopUnderTest* loop;
    int do_work() noexcept {
      std::uint64_t c = 0;
      int n = 0;
      while (loop->commands.try_pop(c)) ++n, ++loop->commands_seen;
      return n;
    }
  } command_agent{this};

  void post_chain() {
    boost::asio::post(io, [this] {
      ++handlers_run;
      post_chain();
    });
  }
};

TEST(Loop, SteadyStateAllocatesNothing) {
  LoopUnderTest loop;
  for (std::uint64_t t = 0; t < 8; ++t) ASSERT_TRUE(loop.wheel.schedule(1'000 * t, t).ok());
  boost::asio::steady_timer asio_timer(loop.io);
  loop.post_chain();
  CompositeAgent all(loop.asio, loop.timers, loop.command_agent);
  AgentRunner<decltype(all), BusySpinIdle> runner(all);
  for (int i = 0; i < 1'000; ++i) {  // warm-up: Asio's handler memory is recycled after this
    (void)loop.commands.try_push(static_cast<std::uint64_t>(i));
    runner.run_once();
  }
  testing::AllocationScope scope;
  const auto fired_before = loop.timers_fired;
  const auto handlers_before = loop.handlers_run;
  for (int i = 0; i < 100'000; ++i) {
    (void)loop.commands.try_push(static_cast<std::uint64_t>(i));
    runner.run_once();
  }
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_GT(loop.timers_fired - fired_before, 10'000u);
  EXPECT_GE(loop.handlers_run - handlers_before, 100'000u);
  EXPECT_EQ(loop.commands_seen, 101'000u);
}

// A member that counts its polls and may run an action from inside its own poll.
struct CountingMember {
  Pollable node;
  int polls = 0;
  std::function<void()> during_poll;
  CountingMember() {
    node.self = this;
    node.poll = [](void* self) noexcept {
      auto& m = *static_cast<CountingMember*>(self);
      ++m.polls;
      if (m.during_poll) m.during_poll();
      return 1;
    };
  }
};

TEST(PollSet, PollsEveryMemberOnceAndMembersMayLeaveFromInsideAPoll) {
  boost::asio::io_context io;
  PollSet& set = PollSet::of(io);
  EXPECT_EQ(&set, &PollSet::of(io));  // one per io_context
  CountingMember a, b, c;
  set.join(a.node);
  set.join(b.node);
  set.join(b.node);  // joining twice changes nothing
  set.join(c.node);
  EXPECT_EQ(set.poll_all(), 3);
  EXPECT_EQ(a.polls + b.polls + c.polls, 3);

  a.during_poll = [&] { set.leave(b.node); };  // the next member leaves before its turn
  EXPECT_EQ(set.poll_all(), 2);
  EXPECT_EQ(b.polls, 1);
  EXPECT_EQ(c.polls, 2);

  a.during_poll = [&] { set.leave(a.node); };  // a member leaves during its own poll
  EXPECT_EQ(set.poll_all(), 2);
  EXPECT_EQ(set.poll_all(), 1);
  EXPECT_EQ(a.polls, 3);
  EXPECT_EQ(c.polls, 4);

  set.leave(c.node);
  set.leave(c.node);  // leaving twice changes nothing
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.poll_all(), 0);
  set.join(b.node);  // a member that left may come back
  EXPECT_EQ(set.poll_all(), 1);
  EXPECT_EQ(b.polls, 2);
}

// Without polled members Asio runs on every iteration; with one, on every interval-th only,
// and the member on every iteration.
TEST(AsioAgent, RunsTheReactorEveryIntervalWhileMembersArePolled) {
  boost::asio::io_context io{kLoopConcurrencyHint};
  AsioAgent agent(io, 64, 4);
  int handlers = 0;
  const auto post_one = [&] { boost::asio::post(io, [&] { ++handlers; }); };
  post_one();
  agent.do_work();
  EXPECT_EQ(handlers, 1);

  CountingMember member;
  PollSet::of(io).join(member.node);
  int iterations_until_handler = 0;
  post_one();
  while (handlers == 1) {
    agent.do_work();
    ++iterations_until_handler;
  }
  EXPECT_EQ(iterations_until_handler, 4);
  EXPECT_EQ(member.polls, 4);

  PollSet::of(io).leave(member.node);
  post_one();
  agent.do_work();
  EXPECT_EQ(handlers, 3);
}

TEST(CpuAffinity, PinsToAnAllowedCpuAndNamesTheAllowedOnesOtherwise) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  absl::Status ok_status, bad_status;
  std::thread t([&] {
    ok_status = pin_current_thread(first);
    bad_status = pin_current_thread(CPU_SETSIZE + 5);
  });
  t.join();
  EXPECT_TRUE(ok_status.ok()) << ok_status;
  EXPECT_EQ(bad_status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_status.message().find("not available"), std::string_view::npos) << bad_status;
}

}  // namespace
}  // namespace oex
