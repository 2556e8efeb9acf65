#pragma once
// Boost.Asio under the busy-poll loop: each iteration runs the handlers that are ready and
// returns at once. The work guard keeps Asio from treating an idle moment as the end, and the
// per-iteration budget keeps a handler that always re-posts itself from starving other agents
// (io_context::poll() would run it forever).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace oex {

// The loop's io_context: one thread, so Asio may skip its internal locking. Anything that posts
// from another thread goes through an SpscQueue instead.
inline constexpr int kLoopConcurrencyHint = BOOST_ASIO_CONCURRENCY_HINT_UNSAFE;

class AsioAgent {
 public:
  explicit AsioAgent(boost::asio::io_context& io, int budget = 64) noexcept
      : io_(io), guard_(io.get_executor()), budget_(budget) {}

  int do_work() noexcept {
    int done = 0;
    while (done < budget_ && io_.poll_one() != 0) ++done;
    return done;
  }
  [[nodiscard]] boost::asio::io_context& io() noexcept { return io_; }

 private:
  boost::asio::io_context& io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  int budget_;
};

}  // namespace oex
