#pragma once
// A bounded lock-free queue for exactly one producer thread and one consumer thread: commands
// from a strategy on another thread to the loop. Storage is allocated once, at construction.
#include <atomic>
#include <bit>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace oex {

template <class T>
class SpscQueue {
  static_assert(std::is_nothrow_copy_assignable_v<T> && std::is_nothrow_default_constructible_v<T>,
                "elements are copied in and out of preallocated slots");

 public:
  // Holds at least `capacity` elements (rounded up to a power of two).
  explicit SpscQueue(std::size_t capacity)
      : mask_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity) - 1),
        slots_(std::make_unique<T[]>(mask_ + 1)) {}

  // Producer only. false when full.
  [[nodiscard]] bool try_push(const T& value) noexcept {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_cache_ > mask_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (tail - head_cache_ > mask_) return false;
    }
    slots_[tail & mask_] = value;
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }

  // Consumer only. false when empty.
  [[nodiscard]] bool try_pop(T& out) noexcept {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_cache_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head == tail_cache_) return false;
    }
    out = slots_[head & mask_];
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  [[nodiscard]] std::size_t capacity() const noexcept { return mask_ + 1; }

 private:
  static constexpr std::size_t kLine = 64;  // keeps each side's indices off the other's cache line
  const std::size_t mask_;
  const std::unique_ptr<T[]> slots_;
  alignas(kLine) std::atomic<std::size_t> head_{0};  // written by the consumer
  std::size_t tail_cache_ = 0;                       // the consumer's last look at tail_
  alignas(kLine) std::atomic<std::size_t> tail_{0};  // written by the producer
  std::size_t head_cache_ = 0;                       // the producer's last look at head_
};

}  // namespace oex
