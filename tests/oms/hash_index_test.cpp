// The fixed tables under the order core: linear probing with backward-shift deletion must keep
// every remaining key findable, whatever the order of inserts and erases and however the
// hashes collide; the fill-key set forgets only its oldest keys, and only when full.
#include "oex/oms/hash_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace oex::oms {
namespace {

TEST(SlotIndex, RandomInsertsAndErasesMatchAReferenceMap) {
  constexpr std::size_t kCapacity = 64;
  SlotIndex index(kCapacity);
  std::map<std::uint32_t, std::uint64_t> reference;  // slot -> hash
  std::mt19937_64 rng(7);
  for (int step = 0; step < 200000; ++step) {
    const auto slot = static_cast<std::uint32_t>(rng() % 100);
    // Few distinct hashes, many wrapping near the table's end: long, colliding probe runs.
    const std::uint64_t hash = (rng() % 3 == 0) ? ~0ULL - (rng() % 4) : rng() % 16;
    auto it = reference.find(slot);
    if (it == reference.end()) {
      if (reference.size() < kCapacity) {
        ASSERT_TRUE(index.insert(hash, slot));
        reference[slot] = hash;
      } else {
        ASSERT_FALSE(index.insert(hash, slot));
      }
    } else {
      ASSERT_TRUE(index.erase(it->second, slot));
      reference.erase(it);
    }
    ASSERT_EQ(index.size(), reference.size());
    if (step % 97 == 0) {
      for (const auto& [s, h] : reference) {
        ASSERT_EQ(index.find(h, [&, s = s](std::uint32_t candidate) { return candidate == s; }), s);
      }
    }
  }
}

TEST(SlotIndex, MissingKeysAreNotFound) {
  SlotIndex index(4);
  ASSERT_TRUE(index.insert(5, 1));
  EXPECT_EQ(index.find(5, [](std::uint32_t s) { return s == 2; }), SlotIndex::kNone);
  EXPECT_EQ(index.find(6, [](std::uint32_t) { return true; }), SlotIndex::kNone);
  EXPECT_FALSE(index.erase(5, 2));
}

TEST(FillKeySet, RemembersTheMostRecentKeysAndForgetsTheOldest) {
  FillKeySet set(4);
  for (std::uint64_t k = 1; k <= 4; ++k) set.insert(7, k);
  for (std::uint64_t k = 1; k <= 4; ++k) EXPECT_TRUE(set.contains(7, k));
  EXPECT_FALSE(set.contains(8, 1));  // keys are per order serial
  set.insert(7, 5);
  EXPECT_FALSE(set.contains(7, 1));
  for (std::uint64_t k = 2; k <= 5; ++k) EXPECT_TRUE(set.contains(7, k));
  EXPECT_EQ(set.forgotten(), 1u);
  EXPECT_EQ(set.size(), 4u);
}

TEST(HashText, DependsOnEveryByteAndTheLength) {
  EXPECT_NE(hash_text("174000000000000042", 1), hash_text("174000000000000043", 1));
  EXPECT_NE(hash_text("274000000000000042", 1), hash_text("174000000000000042", 1));
  EXPECT_NE(hash_text("abc", 1), hash_text("abd", 1));
  EXPECT_NE(hash_text("abc", 1), hash_text("abc", 2));
  EXPECT_NE(hash_text("", 1), hash_text(std::string_view("\0", 1), 1));
  EXPECT_EQ(hash_text("3c9c9c1f-8fef-43d0-82c7-ccef67435b14", 3), hash_text("3c9c9c1f-8fef-43d0-82c7-ccef67435b14", 3));
}

}  // namespace
}  // namespace oex::oms
