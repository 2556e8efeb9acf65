#pragma once
// Boost.Asio under the busy-poll loop: each iteration runs the handlers that are ready and
// returns at once. The work guard keeps Asio from treating an idle moment as the end, and the
// per-iteration budget keeps a handler that always re-posts itself from starving other agents
// (io_context::poll() would run it forever).
//
// Sockets that read by polling (PollSet) are polled on every iteration; while there are any,
// the reactor (epoll_wait: timers, connects, writes that had to wait, other sockets) runs on
// every reactor_interval-th iteration only, so a loop spinning for one socket's next message
// makes one system call per turn, not two.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "oex/core/poll_set.hpp"

namespace oex {

// The loop's io_context: one thread, so Asio may skip its internal locking. Anything that posts
// from another thread goes through an SpscQueue instead.
inline constexpr int kLoopConcurrencyHint = BOOST_ASIO_CONCURRENCY_HINT_UNSAFE;

class AsioAgent {
 public:
  explicit AsioAgent(boost::asio::io_context& io, int budget = 64, int reactor_interval = 8)
      : io_(io), guard_(io.get_executor()), polls_(PollSet::of(io)), budget_(budget), reactor_interval_(reactor_interval) {}

  int do_work() noexcept {
    int done = polls_.poll_all();
    if (polls_.empty() || ++since_reactor_ >= reactor_interval_) {
      since_reactor_ = 0;
      for (int handlers = 0; handlers < budget_ && io_.poll_one() != 0; ++handlers) ++done;
    }
    return done;
  }
  [[nodiscard]] boost::asio::io_context& io() noexcept { return io_; }

 private:
  boost::asio::io_context& io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  PollSet& polls_;
  int budget_;
  int reactor_interval_;
  int since_reactor_ = 0;
};

}  // namespace oex
