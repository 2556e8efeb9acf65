// After the first pass, decoding every fixture and running every encoder allocates nothing.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "btse_encoder_calls.hpp"
#include "btse_fixtures.hpp"

namespace oex::codecs::btse::testing {
namespace {

TEST(BtseAllocation, DecodeAndEncodeEveryFixtureWithoutHeapAfterTheFirstPass) {
  Decoders decoders;
  EncoderCalls calls;
  const auto entries = load_manifest();
  std::vector<std::string> texts;
  for (const auto& e : entries) texts.push_back(read_file(kDir + "fixtures/" + e.file));
  std::array<char, 4096> buffer{};
  std::size_t events = 0;
  std::uint64_t allocations = 0;
  for (int pass = 0; pass < 3; ++pass) {
    oex::testing::AllocationScope scope;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      (void)decode_with(decoders, entries[i], texts[i], [&](const auto&) { ++events; });
    }
    for (const NamedCall& c : calls.all()) {
      const auto result = c.call({buffer.data(), buffer.size()});
      EXPECT_TRUE(result.ok()) << c.name;
    }
    if (pass > 0) allocations += scope.allocations();
  }
  EXPECT_GT(events, 0u);
  EXPECT_EQ(allocations, 0u);
}

}  // namespace
}  // namespace oex::codecs::btse::testing
