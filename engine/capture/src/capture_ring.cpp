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

// How the loop claims a record's lines and how the writer flushes them is chosen once, at
// start-up, by what the CPU has: the baseline x86-64 build may assume neither instruction, and
// clang 14's __builtin_cpu_supports knows neither feature, hence CPUID.
//
// claim_lines asks for [first, end) ahead of the stores to come. PREFETCHW brings each line in
// owned, taking it from the other core's caches now rather than when a store needs it; without
// it, a plain prefetch at least brings the line near.
//
// flush_lines evicts [first, end) from every cache. CLFLUSHOPT does not wait for the lines
// flushed before it; without it, CLFLUSH does.
using LineRange = void (*)(std::uintptr_t first, std::uintptr_t end) noexcept;

void claim_lines_near(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(line), 1);
}

#if defined(__x86_64__)
[[gnu::target("prfchw")]] void claim_lines_owned(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(line), 1);
}
[[gnu::target("clflushopt")]] void flush_lines_unordered(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) _mm_clflushopt(reinterpret_cast<void*>(line));
}
void flush_lines_ordered(std::uintptr_t first, std::uintptr_t end) noexcept {
  for (std::uintptr_t line = first; line < end; line += 64) _mm_clflush(reinterpret_cast<const void*>(line));
}
bool has_prefetchw() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __get_cpuid(0x80000001, &a, &b, &c, &d) != 0 && (c & bit_PRFCHW) != 0;
}
bool has_clflushopt() noexcept {
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && (b & bit_CLFLUSHOPT) != 0;
}
const LineRange claim_lines = has_prefetchw() ? claim_lines_owned : claim_lines_near;
const LineRange flush_lines = has_clflushopt() ? flush_lines_unordered : flush_lines_ordered;
#else
const LineRange claim_lines = claim_lines_near;
void flush_lines(std::uintptr_t, std::uintptr_t) noexcept {}
#endif

std::uintptr_t line_of(const unsigned char* p) noexcept {
  return reinterpret_cast<std::uintptr_t>(p) & ~std::uintptr_t{63};
}

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
  const unsigned char* at = bytes_.get() + offset;
  const std::size_t claim = std::min({bytes, free_bytes, to_end, kClaimAheadMax});
  claim_lines(line_of(at), reinterpret_cast<std::uintptr_t>(at) + claim);
}

void CaptureRing::evict(const unsigned char* entry, std::size_t bytes) noexcept {
  flush_lines(line_of(entry), reinterpret_cast<std::uintptr_t>(entry) + bytes);
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
