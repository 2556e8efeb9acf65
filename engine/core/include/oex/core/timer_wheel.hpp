#pragma once
// A hashed timer wheel with a node pool fixed at construction: scheduling, cancelling and
// expiry allocate nothing. Each slot keeps its timers sorted by deadline and the wheel walks
// tick by tick, so timers fire in deadline order (ties in scheduling order), at the first poll
// whose time has reached their deadline, however long the loop was away.
#include <cstdint>
#include <memory>

#include "oex/core/result.hpp"

namespace oex {

class TimerWheel {
 public:
  using TimerId = std::uint64_t;  // generation << 32 | node index: a stale id cancels nothing

  // `slots` is rounded up to a power of two; `capacity` is the most timers alive at once.
  TimerWheel(std::uint64_t tick_ns, std::size_t slots, std::size_t capacity, std::uint64_t start_ns);

  // A deadline already past fires at the next poll. capacity_exhausted when the pool is empty.
  [[nodiscard]] Result<TimerId> schedule(std::uint64_t deadline_ns, std::uint64_t token) noexcept;
  // false when the timer already fired, was cancelled, or never existed.
  bool cancel(TimerId id) noexcept;

  // Fires every timer whose deadline is <= now_ns, in deadline order, calling
  // on_expiry(token, id) after the timer is removed (so the handler may schedule again).
  // Returns how many fired.
  template <class OnExpiry>
  int poll(std::uint64_t now_ns, OnExpiry&& on_expiry) noexcept;

  [[nodiscard]] std::size_t active() const noexcept { return active_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;
  struct Node {
    std::uint64_t deadline_ns = 0;
    std::uint64_t tick = 0;
    std::uint64_t token = 0;
    std::uint32_t next = kNil;
    std::uint32_t prev = kNil;
    std::uint32_t generation = 0;
    bool active = false;
  };

  [[nodiscard]] std::uint64_t tick_of(std::uint64_t t) const noexcept {
    return t <= start_ns_ ? 0 : (t - start_ns_) / tick_ns_;
  }
  void unlink(std::uint32_t index) noexcept;

  std::uint64_t tick_ns_;
  std::uint64_t start_ns_;
  std::size_t mask_;
  std::size_t capacity_;
  std::size_t active_ = 0;
  std::uint64_t cursor_ = 0;  // the first tick not yet fully processed
  std::uint32_t free_head_ = kNil;
  std::unique_ptr<Node[]> nodes_;
  std::unique_ptr<std::uint32_t[]> heads_;
};

template <class OnExpiry>
int TimerWheel::poll(std::uint64_t now_ns, OnExpiry&& on_expiry) noexcept {
  const std::uint64_t now_tick = tick_of(now_ns);
  int fired = 0;
  while (active_ > 0 && cursor_ <= now_tick) {
    const std::uint32_t* head = &heads_[cursor_ & mask_];
    while (*head != kNil) {
      Node& node = nodes_[*head];
      if (node.tick > cursor_ || node.deadline_ns > now_ns) break;
      const std::uint32_t index = *head;
      const TimerId id = (static_cast<std::uint64_t>(node.generation) << 32) | index;
      const std::uint64_t token = node.token;
      unlink(index);
      ++fired;
      on_expiry(token, id);
    }
    if (cursor_ == now_tick) return fired;  // this tick may still hold later deadlines
    ++cursor_;
  }
  if (active_ == 0 && cursor_ < now_tick) cursor_ = now_tick;
  return fired;
}

}  // namespace oex
