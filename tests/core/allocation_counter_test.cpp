#include "allocation_counter.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace oex::testing {
namespace {

TEST(AllocationCounter, CountsNewDeleteAndTheMallocFamily) {
  AllocationScope scope;
  // volatile keeps the compiler from eliding the allocations it can see are unused.
  int* volatile p = new int(1);
  std::vector<int> v(100);
  void* volatile m = std::malloc(16);
  void* volatile c = std::calloc(4, 4);
  m = std::realloc(m, 64);
  void* volatile a = std::aligned_alloc(64, 128);
  std::free(m);
  std::free(c);
  std::free(a);
  delete p;
  EXPECT_GE(scope.allocations(), 6u);
  EXPECT_GE(scope.deallocations(), 4u);
}

TEST(AllocationCounter, SeesNothingWhenNothingAllocates) {
  int x[16] = {};
  AllocationScope scope;
  for (int i = 0; i < 16; ++i) x[i] = i * i;
  EXPECT_EQ(x[15], 225);
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(scope.deallocations(), 0u);
}

TEST(AllocationCounter, CountsOnlyTheCallingThread) {
  AllocationScope scope;
  std::thread t([] { std::string s(1000, 'x'); });
  const auto before_join = scope.allocations();  // starting the thread allocates on this one
  t.join();
  EXPECT_EQ(scope.allocations(), before_join);
}

}  // namespace
}  // namespace oex::testing
