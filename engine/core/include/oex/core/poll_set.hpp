#pragma once
// Things the loop polls itself on every iteration, beside Asio's reactor: a socket whose reads
// matter most is read with one non-blocking recv per iteration, as a plain busy-polling TCP
// client reads, instead of epoll_wait reporting it readable and a recv following. One system
// call less between the bytes' arrival and their handler, paid for with a recv per iteration.
//
// The set belongs to the loop's io_context (an Asio service), so whatever holds the io_context
// can join it and AsioAgent finds it there. Members are intrusive nodes: joining and leaving
// allocate nothing, and a member may leave (or make another leave) from inside its own poll.
#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>

namespace oex {

struct Pollable {
  int (*poll)(void* self) noexcept = nullptr;  // returns the work it did, 0 for none
  void* self = nullptr;
  Pollable* previous = nullptr;
  Pollable* next = nullptr;
  bool joined = false;
};

class PollSet : public boost::asio::execution_context::service {
 public:
  static inline boost::asio::execution_context::id id;

  explicit PollSet(boost::asio::execution_context& context) : service(context) {}
  PollSet(const PollSet&) = delete;
  PollSet& operator=(const PollSet&) = delete;

  static PollSet& of(boost::asio::io_context& io) { return boost::asio::use_service<PollSet>(io); }

  void join(Pollable& member) noexcept {
    if (member.joined) return;
    member.joined = true;
    member.previous = last_;
    member.next = nullptr;
    (last_ != nullptr ? last_->next : first_) = &member;
    last_ = &member;
  }

  void leave(Pollable& member) noexcept {
    if (!member.joined) return;
    if (cursor_ == &member) cursor_ = member.next;
    (member.previous != nullptr ? member.previous->next : first_) = member.next;
    (member.next != nullptr ? member.next->previous : last_) = member.previous;
    member.previous = member.next = nullptr;
    member.joined = false;
  }

  [[nodiscard]] bool empty() const noexcept { return first_ == nullptr; }

  // Polls every member once; returns the work they did.
  int poll_all() noexcept {
    int work = 0;
    for (Pollable* member = first_; member != nullptr; member = cursor_) {
      cursor_ = member->next;  // leave() moves it on when that member goes
      work += member->poll(member->self);
    }
    return work;
  }

 private:
  void shutdown() override {}

  Pollable* first_ = nullptr;
  Pollable* last_ = nullptr;
  Pollable* cursor_ = nullptr;
};

}  // namespace oex
