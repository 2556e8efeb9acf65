#pragma once
// One direction of a TCP connection put back in order: segments arrive with their sequence
// numbers in any order, repeated or overlapping (retransmissions); the stream delivers each byte
// once, in sequence order, as soon as everything before it has arrived. Sequence numbers wrap
// (RFC 793 modular comparison). A tool-side structure (replay of captured traffic), not the
// engine's hot path: it allocates as segments wait.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace oex::replay {

class TcpDirection {
 public:
  // The SYN's sequence number: data starts at isn + 1.
  void on_syn(std::uint32_t isn) noexcept;
  // A segment's payload at `seq`. Returns the bytes that became contiguous (a view valid until
  // the next call); empty when the segment filled no gap at the front.
  std::string_view on_segment(std::uint32_t seq, std::string_view payload);

  [[nodiscard]] bool started() const noexcept { return started_; }
  [[nodiscard]] std::size_t pending_segments() const noexcept { return waiting_.size(); }
  [[nodiscard]] std::uint64_t retransmitted_bytes() const noexcept { return retransmitted_; }

 private:
  bool started_ = false;
  std::uint32_t next_ = 0;           // sequence number of the next byte to deliver
  std::map<std::uint32_t, std::string> waiting_;  // out of order, keyed by offset from next_base_
  std::uint32_t base_ = 0;           // waiting_ keys are seq - base_ (so the map orders across wrap)
  std::string delivered_;
  std::uint64_t retransmitted_ = 0;
};

}  // namespace oex::replay
