#include "oex/capture/capture_ring.hpp"

#include <bit>
#include <cstring>

namespace oex::capture {

CaptureRing::CaptureRing(std::size_t capacity_bytes)
    : mask_(std::bit_ceil(capacity_bytes < 4096 ? std::size_t{4096} : capacity_bytes) - 1),
      bytes_(std::make_unique<unsigned char[]>(mask_ + 1)) {}

bool CaptureRing::record(const Record& r) noexcept {
  const std::size_t capacity = mask_ + 1;
  const std::size_t size = (sizeof(Header) + r.request.size() + r.payload.size() + 7) & ~std::size_t{7};
  const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
  const std::size_t offset = tail & mask_;
  // An entry never wraps: if it does not fit before the end, a padding header sends the reader
  // back to the start and the entry goes there.
  const std::size_t skip = capacity - offset < size ? capacity - offset : 0;
  const std::size_t needed = skip + size;
  if (size > capacity / 2 || (tail + needed) - head_cache_ > capacity) {
    head_cache_ = head_.load(std::memory_order_acquire);
    if (size > capacity / 2 || (tail + needed) - head_cache_ > capacity) {
      dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      return false;
    }
  }
  if (skip != 0) {
    const std::uint32_t padding = kPadding;
    std::memcpy(bytes_.get() + offset, &padding, sizeof padding);  // skip >= 8: entries are 8-aligned
  }
  unsigned char* at = bytes_.get() + ((tail + skip) & mask_);
  const Header h{static_cast<std::uint32_t>(size),
                 r.status,
                 static_cast<std::uint8_t>(r.venue),
                 static_cast<std::uint8_t>((r.direction == Direction::out ? 1 : 0) |
                                           (r.channel == Channel::http ? 2 : 0) | (r.binary ? 4 : 0)),
                 r.ts_ns,
                 static_cast<std::uint32_t>(r.request.size()),
                 static_cast<std::uint32_t>(r.payload.size())};
  std::memcpy(at, &h, sizeof h);
  if (!r.request.empty()) std::memcpy(at + sizeof h, r.request.data(), r.request.size());
  if (!r.payload.empty()) std::memcpy(at + sizeof h + r.request.size(), r.payload.data(), r.payload.size());
  tail_.store(tail + needed, std::memory_order_release);
  recorded_.store(recorded_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return true;
}

Record CaptureRing::read(const Header& h, const unsigned char* entry) noexcept {
  const auto* base = reinterpret_cast<const char*>(entry + sizeof(Header));
  Record r;
  r.ts_ns = h.ts_ns;
  r.venue = static_cast<Venue>(h.venue);
  r.direction = (h.flags & 1) ? Direction::out : Direction::in;
  r.channel = (h.flags & 2) ? Channel::http : Channel::ws;
  r.binary = (h.flags & 4) != 0;
  r.status = h.status;
  r.request = std::string_view(base, h.request_size);
  r.payload = std::string_view(base + h.request_size, h.payload_size);
  return r;
}

}  // namespace oex::capture
