#pragma once
// Counts every heap allocation the current thread makes: global operator new and delete in all
// their forms and the malloc family (malloc, calloc, realloc, aligned_alloc, posix_memalign,
// memalign, free). Hot-path tests wrap the code under test in an AllocationScope.
#include <cstdint>

namespace oex::testing {

struct AllocationCounts {
  std::uint64_t allocations = 0;    // new, malloc, calloc, aligned forms, and realloc
  std::uint64_t deallocations = 0;  // delete and free of a non-null pointer
};

// Totals for the calling thread since it started.
[[nodiscard]] AllocationCounts thread_allocation_counts() noexcept;

class AllocationScope {
 public:
  AllocationScope() noexcept : start_(thread_allocation_counts()) {}
  [[nodiscard]] std::uint64_t allocations() const noexcept {
    return thread_allocation_counts().allocations - start_.allocations;
  }
  [[nodiscard]] std::uint64_t deallocations() const noexcept {
    return thread_allocation_counts().deallocations - start_.deallocations;
  }

 private:
  AllocationCounts start_;
};

}  // namespace oex::testing
