// The golden comparison: equal texts, and a readable diff with line numbers when they differ.
#include <gtest/gtest.h>

#include "oex/replay/golden_diff.hpp"

namespace oex::replay {
namespace {

TEST(GoldenDiff, EqualTextsGiveNoDiff) {
  const DiffResult d = diff_lines("a\nb\n", "a\nb\n");
  EXPECT_TRUE(d.equal);
  EXPECT_TRUE(d.text.empty());
}

TEST(GoldenDiff, AChangedLineShowsAsRemovedAndAdded) {
  const DiffResult d = diff_lines("1\n2\n3\n4\n5\n6\n", "1\n2\n3\nX\n5\n6\n", 1);
  EXPECT_FALSE(d.equal);
  EXPECT_EQ(d.removed, 1u);
  EXPECT_EQ(d.added, 1u);
  EXPECT_EQ(d.text,
            "@@ golden line 3, output line 3 @@\n  3\n- 4\n+ X\n  5\n"
            "1 line(s) only in the golden, 1 line(s) only in the output\n");
}

TEST(GoldenDiff, InsertionsAndDeletionsAreAlignedNotShifted) {
  const DiffResult d = diff_lines("a\nb\nc\nd\n", "a\nc\nd\ne\n", 0);
  EXPECT_EQ(d.removed, 1u);
  EXPECT_EQ(d.added, 1u);
  EXPECT_NE(d.text.find("- b\n"), std::string::npos);
  EXPECT_NE(d.text.find("+ e\n"), std::string::npos);
  EXPECT_EQ(d.text.find("- c"), std::string::npos);
}

TEST(GoldenDiff, AMissingFinalNewlineIsReported) {
  const DiffResult d = diff_lines("a\n", "a");
  EXPECT_FALSE(d.equal);
  EXPECT_NE(d.text.find("final newline"), std::string::npos);
}

}  // namespace
}  // namespace oex::replay
