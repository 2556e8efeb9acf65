#pragma once
// Memory for one asynchronous operation's handler at a time, so that a recurring wait (a read
// readiness wait, a poll or heartbeat timer) allocates nothing once running. Asio recycles
// handler memory per thread, but only a couple of blocks: with several waits outstanding at
// once, some of them would reach the heap on every turn.
//
//   HandlerMemory memory_;                       // one per recurring operation
//   timer_.async_wait(memory_.bind([this](const boost::system::error_code& ec) { ... }));
//
// The storage lives on the heap, apart from its owner: when the owner goes while its wait is
// still queued (the io_context destroys that handler later), the storage is freed by the
// handler's deallocation instead.
#include <boost/asio/bind_allocator.hpp>

#include <cstddef>
#include <utility>

namespace oex {

class HandlerMemory {
  class Slot {
   public:
    void* allocate(std::size_t n) {
      if (!used_ && n <= sizeof(storage_)) {
        used_ = true;
        return storage_;
      }
      return ::operator new(n);  // a second operation at once, or a larger handler
    }
    void deallocate(void* p) noexcept {
      if (p != static_cast<void*>(storage_)) {
        ::operator delete(p);
        return;
      }
      used_ = false;
      if (orphaned_) delete this;
    }
    // The owner is going: delete now, or at the deallocation of the handler still holding it.
    void release() noexcept {
      if (used_) {
        orphaned_ = true;
      } else {
        delete this;
      }
    }

   private:
    alignas(std::max_align_t) unsigned char storage_[256];
    bool used_ = false;
    bool orphaned_ = false;
  };

 public:
  template <class T>
  struct Allocator {
    using value_type = T;
    Slot* slot;
    explicit Allocator(Slot* s) noexcept : slot(s) {}
    template <class U>
    Allocator(const Allocator<U>& other) noexcept : slot(other.slot) {}  // NOLINT: rebinding
    T* allocate(std::size_t n) { return static_cast<T*>(slot->allocate(sizeof(T) * n)); }
    void deallocate(T* p, std::size_t) noexcept { slot->deallocate(p); }
    template <class U>
    bool operator==(const Allocator<U>& other) const noexcept {
      return slot == other.slot;
    }
  };

  HandlerMemory() : slot_(new Slot) {}
  ~HandlerMemory() { slot_->release(); }
  HandlerMemory(const HandlerMemory&) = delete;
  HandlerMemory& operator=(const HandlerMemory&) = delete;

  // The handler, with this memory as its associated allocator.
  template <class Handler>
  [[nodiscard]] auto bind(Handler&& handler) noexcept {
    return boost::asio::bind_allocator(Allocator<int>(slot_), std::forward<Handler>(handler));
  }

 private:
  Slot* slot_;
};

}  // namespace oex
