#pragma once
// Compares a replay output with a golden one, line by line, and renders the difference as a
// unified-style diff a person can read: `-` lines only the golden has, `+` lines only the
// output has, a few lines of context around each change, with their line numbers.
#include <cstddef>
#include <string>
#include <string_view>

namespace oex::replay {

struct DiffResult {
  bool equal = true;
  std::size_t removed = 0;  // golden lines missing from the output
  std::size_t added = 0;    // output lines the golden does not have
  std::string text;         // empty when equal
};

[[nodiscard]] DiffResult diff_lines(std::string_view golden, std::string_view actual, std::size_t context = 2);

}  // namespace oex::replay
