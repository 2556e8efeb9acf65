#include "oex/capture/capture_ring.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace oex::capture {
namespace {

// PREFETCHW: the line comes in owned, ready for the store. Every x86-64 CPU takes the instruction
// (those before it run it as a no-op); the compiler emits it only when told the CPU has it.
inline void prefetch_for_write(const unsigned char* p) noexcept {
#if defined(__x86_64__)
  asm volatile("prefetchw %0" : : "m"(*p));
#else
  __builtin_prefetch(p, 1);
#endif
}

// Flushes the lines of [first, end) from every cache. CLFLUSHOPT does not wait for the lines
// flushed before it; the baseline x86-64 build may not assume it, so it is chosen at run time,
// with CLFLUSH (SSE2) where it is missing.
#if defined(__x86_64__)
[[gnu::target("clflushopt")]] void flush_lines_opt(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) _mm_clflushopt(reinterpret_cast<void*>(line));
}
void flush_lines_plain(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) _mm_clflush(reinterpret_cast<const void*>(line));
}
bool has_clflushopt() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;  // clang's __builtin_cpu_supports does not know this feature
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && (b & bit_CLFLUSHOPT) != 0;
}
const auto flush_lines = has_clflushopt() ? flush_lines_opt : flush_lines_plain;
#else
void flush_lines(std::uintptr_t, std::uintptr_t) noexcept {}
#endif

}  // namespace

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
  claim_ahead(tail + needed, size);
  return true;
}

// Asks for ownership of the lines the next record will take, guessed as long as this one, and of
// no line the writer may still be reading.
void CaptureRing::claim_ahead(std::uint64_t tail, std::size_t bytes) const noexcept {
  const std::size_t offset = tail & mask_;
  const std::size_t free_bytes = (head_cache_ + mask_ + 1) - tail;
  const std::size_t to_end = (mask_ + 1) - offset;
  const std::size_t claim = std::min({bytes + kLine, free_bytes, to_end, kClaimAheadMax});
  const unsigned char* line = bytes_.get() + offset;
  for (std::size_t at = 0; at < claim; at += kLine) prefetch_for_write(line + at);
}

void CaptureRing::evict(const unsigned char* entry, std::size_t bytes) noexcept {
  const auto at = reinterpret_cast<std::uintptr_t>(entry);
  flush_lines(at & ~std::uintptr_t{kLine - 1}, at + bytes);
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
