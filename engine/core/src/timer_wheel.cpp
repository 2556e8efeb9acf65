#include "oex/core/timer_wheel.hpp"

#include <bit>

namespace oex {

TimerWheel::TimerWheel(std::uint64_t tick_ns, std::size_t slots, std::size_t capacity, std::uint64_t start_ns)
    : tick_ns_(tick_ns == 0 ? 1 : tick_ns),
      start_ns_(start_ns),
      mask_(std::bit_ceil(slots == 0 ? std::size_t{1} : slots) - 1),
      capacity_(capacity),
      nodes_(std::make_unique<Node[]>(capacity)),
      heads_(std::make_unique<std::uint32_t[]>(mask_ + 1)) {
  for (std::size_t i = 0; i <= mask_; ++i) heads_[i] = kNil;
  for (std::size_t i = 0; i < capacity; ++i) nodes_[i].next = i + 1 < capacity ? static_cast<std::uint32_t>(i + 1) : kNil;
  free_head_ = capacity > 0 ? 0 : kNil;
}

Result<TimerWheel::TimerId> TimerWheel::schedule(std::uint64_t deadline_ns, std::uint64_t token) noexcept {
  if (free_head_ == kNil) return Error::capacity_exhausted;
  const std::uint32_t index = free_head_;
  Node& node = nodes_[index];
  free_head_ = node.next;
  node.deadline_ns = deadline_ns;
  node.token = token;
  node.active = true;
  const std::uint64_t tick = tick_of(deadline_ns);
  node.tick = tick < cursor_ ? cursor_ : tick;

  // Sorted insert: after every timer of the slot whose deadline is not later.
  std::uint32_t* link = &heads_[node.tick & mask_];
  std::uint32_t prev = kNil;
  while (*link != kNil && nodes_[*link].deadline_ns <= deadline_ns) {
    prev = *link;
    link = &nodes_[*link].next;
  }
  node.next = *link;
  node.prev = prev;
  if (node.next != kNil) nodes_[node.next].prev = index;
  *link = index;
  ++active_;
  return (static_cast<std::uint64_t>(node.generation) << 32) | index;
}

bool TimerWheel::cancel(TimerId id) noexcept {
  const auto index = static_cast<std::uint32_t>(id & 0xFFFFFFFFu);
  if (index >= capacity_) return false;
  const Node& node = nodes_[index];
  if (!node.active || node.generation != static_cast<std::uint32_t>(id >> 32)) return false;
  unlink(index);
  return true;
}

void TimerWheel::unlink(std::uint32_t index) noexcept {
  Node& node = nodes_[index];
  if (node.prev != kNil) {
    nodes_[node.prev].next = node.next;
  } else {
    heads_[node.tick & mask_] = node.next;
  }
  if (node.next != kNil) nodes_[node.next].prev = node.prev;
  node.active = false;
  ++node.generation;
  node.prev = kNil;
  node.next = free_head_;
  free_head_ = index;
  --active_;
}

}  // namespace oex
