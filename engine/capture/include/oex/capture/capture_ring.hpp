#pragma once
// The loop's side of capture: every message in and out is copied into a byte ring allocated at
// start-up, and a writer thread drains it to the capture file. Recording never blocks and never
// allocates; when the ring is full the record is dropped and counted, so a slow disk costs
// records, not latency. One producer (the loop thread), one consumer (the writer thread).
//
// Every ring line passes from one core to the other, and each such pass the loop waits on is a
// cache miss in the middle of a message. So the loop claims the lines of its next record as soon
// as it has written one (the misses then overlap the loop's other work), and the writer evicts
// each record once it has read it (the loop never has to take a line back out of the writer's
// caches, whether it writes there right away, into a full ring, or a lap later).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "oex/core/enums.hpp"

namespace oex::capture {

enum class Direction : std::uint8_t { in, out };
enum class Channel : std::uint8_t { ws, http };

struct Record {
  std::uint64_t ts_ns = 0;
  Venue venue{};
  Direction direction = Direction::in;
  Channel channel = Channel::ws;
  bool binary = false;       // raw bytes (a deflated frame): written as "b64"
  std::uint16_t status = 0;  // HTTP responses; 0 when there is none
  std::string_view request;  // HTTP: "POST /api/v3.3/order", the request sent or answered
  std::string_view payload;  // the message
};

class CaptureRing {
 public:
  // Rounded up to a power of two; a record needs its payload and request plus 32 bytes.
  explicit CaptureRing(std::size_t capacity_bytes);

  // Producer. false when the ring has no room (the record is counted in dropped()).
  bool record(const Record& r) noexcept;
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t recorded() const noexcept { return recorded_.load(std::memory_order_relaxed); }

  // Consumer. Calls on_record(const Record&) for each waiting record, oldest first, with views
  // into the ring that stay valid during the call; returns how many.
  template <class OnRecord>
  std::size_t drain(OnRecord&& on_record);

 private:
  struct Header {
    std::uint32_t size;  // bytes of this entry including the header, 8-aligned; kPadding marks a skip
    std::uint16_t status;
    std::uint8_t venue;
    std::uint8_t flags;  // bit 0 direction out, bit 1 channel http, bit 2 binary
    std::uint64_t ts_ns;
    std::uint32_t request_size;
    std::uint32_t payload_size;
  };
  static constexpr std::uint32_t kPadding = 0xFFFFFFFFu;
  static constexpr std::size_t kLine = 64;
  static constexpr std::size_t kReleaseEvery = 256;
  static constexpr std::size_t kClaimAheadMax = 2048;

  [[nodiscard]] static Record read(const Header& h, const unsigned char* entry) noexcept;
  void claim_ahead(std::uint64_t tail, std::size_t bytes) const noexcept;
  static void evict(const unsigned char* entry, std::size_t bytes) noexcept;

  const std::size_t mask_;
  const std::unique_ptr<unsigned char[]> bytes_;
  alignas(kLine) std::atomic<std::uint64_t> head_{0};  // consumer position
  alignas(kLine) std::atomic<std::uint64_t> tail_{0};  // producer position
  std::uint64_t head_cache_ = 0;
  // Written by the producer alone (a load and a store, no locked add), read by anyone.
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> recorded_{0};
};

template <class OnRecord>
std::size_t CaptureRing::drain(OnRecord&& on_record) {
  std::size_t count = 0;
  std::uint64_t head = head_.load(std::memory_order_relaxed);
  const std::uint64_t tail = tail_.load(std::memory_order_acquire);
  while (head != tail) {
    const unsigned char* entry = bytes_.get() + (head & mask_);
    // A padding marker may sit closer to the end than a whole header: read its size alone first.
    std::uint32_t size = 0;
    __builtin_memcpy(&size, entry, sizeof size);
    if (size == kPadding) {
      head += (mask_ + 1) - (head & mask_);  // to the start of the ring
      continue;
    }
    Header h;
    __builtin_memcpy(&h, entry, sizeof h);
    on_record(read(h, entry));
    evict(entry, h.size);
    head += h.size;
    // Space is handed back every kReleaseEvery records, not each one: every store takes the line
    // from the loop's core, and a loop facing a full ring reads it on every record.
    if (++count % kReleaseEvery == 0) head_.store(head, std::memory_order_release);
  }
  head_.store(head, std::memory_order_release);
  return count;
}

}  // namespace oex::capture
