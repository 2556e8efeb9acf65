#include "wolfssl_memory.hpp"

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/memory.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace oex::transport {
namespace {

// Blocks carry a 16-byte header holding their size class; classes are powers of two from 2 KiB
// to 1 MiB. The smallest class is large on purpose: every small record buffer (a ping, an order,
// an alert) shares it, so one warmed-up block serves them all. Larger blocks go straight to malloc.
constexpr std::size_t kHeader = 16;
constexpr int kMinShift = 11;
constexpr int kClasses = 10;  // 2 KiB .. 1 MiB
constexpr std::size_t kMaxCached = 64;  // blocks kept per class and thread

struct FreeList {
  void* blocks[kMaxCached];
  std::size_t count = 0;
};

struct Cache {
  FreeList lists[kClasses];
  ~Cache() {
    for (auto& l : lists)
      for (std::size_t i = 0; i < l.count; ++i) std::free(l.blocks[i]);
  }
};

thread_local Cache t_cache;

int size_class(std::size_t size) noexcept {
  std::size_t cap = std::size_t{1} << kMinShift;
  for (int c = 0; c < kClasses; ++c, cap <<= 1)
    if (size <= cap) return c;
  return -1;
}

void* pooled_malloc(std::size_t size) {
  const int c = size_class(size);
  void* raw = nullptr;
  if (c >= 0 && t_cache.lists[c].count > 0) {
    raw = t_cache.lists[c].blocks[--t_cache.lists[c].count];
  } else {
    const std::size_t bytes = c >= 0 ? (std::size_t{1} << (kMinShift + c)) : size;
    raw = std::malloc(bytes + kHeader);
    if (raw == nullptr) return nullptr;
  }
  const std::int64_t cls = c;
  std::memcpy(raw, &cls, sizeof cls);
  const std::uint64_t requested = size;
  std::memcpy(static_cast<char*>(raw) + 8, &requested, sizeof requested);
  return static_cast<char*>(raw) + kHeader;
}

void pooled_free(void* p) {
  if (p == nullptr) return;
  void* raw = static_cast<char*>(p) - kHeader;
  std::int64_t cls;
  std::memcpy(&cls, raw, sizeof cls);
  if (cls >= 0 && cls < kClasses && t_cache.lists[cls].count < kMaxCached) {
    t_cache.lists[cls].blocks[t_cache.lists[cls].count++] = raw;
    return;
  }
  std::free(raw);
}

void* pooled_realloc(void* p, std::size_t size) {
  if (p == nullptr) return pooled_malloc(size);
  std::uint64_t old_size;
  std::memcpy(&old_size, static_cast<char*>(p) - kHeader + 8, sizeof old_size);
  void* fresh = pooled_malloc(size);
  if (fresh == nullptr) return nullptr;
  std::memcpy(fresh, p, old_size < size ? old_size : size);
  pooled_free(p);
  return fresh;
}

}  // namespace

void ensure_wolfssl_initialized() noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
    wolfSSL_SetAllocators(pooled_malloc, pooled_free, pooled_realloc);
    wolfSSL_Init();
  });
}

}  // namespace oex::transport
