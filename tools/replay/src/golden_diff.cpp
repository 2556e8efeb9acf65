#include "oex/replay/golden_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace oex::replay {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

enum class Op : std::uint8_t { keep, remove, add };
struct Step {
  Op op;
  std::size_t golden_line;  // 1-based, of the golden (keep, remove)
  std::size_t actual_line;  // 1-based, of the output (keep, add)
  std::string_view text;
};

// Longest common subsequence of the middle part (after common prefix and suffix); a middle too
// large for the table is shown as all removed then all added.
void diff_middle(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, std::size_t a0,
                 std::size_t a1, std::size_t b0, std::size_t b1, std::vector<Step>& steps) {
  const std::size_t n = a1 - a0;
  const std::size_t m = b1 - b0;
  constexpr std::size_t kMaxCells = 16u << 20;
  if (n == 0 || m == 0 || (n + 1) * (m + 1) > kMaxCells) {
    for (std::size_t i = a0; i < a1; ++i) steps.push_back({Op::remove, i + 1, 0, a[i]});
    for (std::size_t j = b0; j < b1; ++j) steps.push_back({Op::add, 0, j + 1, b[j]});
    return;
  }
  std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[a0 + i] == b[b0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] == b[b0 + j]) {
      steps.push_back({Op::keep, a0 + i + 1, b0 + j + 1, a[a0 + i]});
      ++i, ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      steps.push_back({Op::remove, a0 + i + 1, 0, a[a0 + i]});  // on a tie the golden's line goes first
      ++i;
    } else {
      steps.push_back({Op::add, 0, b0 + j + 1, b[b0 + j]});
      ++j;
    }
  }
}

}  // namespace

DiffResult diff_lines(std::string_view golden, std::string_view actual, std::size_t context) {
  DiffResult result;
  if (golden == actual) return result;
  const auto a = split_lines(golden);
  const auto b = split_lines(actual);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Step> steps;
  for (std::size_t i = 0; i < prefix; ++i) steps.push_back({Op::keep, i + 1, i + 1, a[i]});
  diff_middle(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix, steps);
  for (std::size_t k = suffix; k > 0; --k) {
    steps.push_back({Op::keep, a.size() - k + 1, b.size() - k + 1, a[a.size() - k]});
  }

  // Lines equal as text but different in their final newline still differ: say so.
  const bool newline_differs = (!golden.empty() && golden.back() == '\n') != (!actual.empty() && actual.back() == '\n');

  std::vector<bool> shown(steps.size(), false);
  for (std::size_t s = 0; s < steps.size(); ++s) {
    if (steps[s].op == Op::keep) continue;
    const std::size_t from = s >= context ? s - context : 0;
    const std::size_t to = std::min(steps.size(), s + context + 1);
    for (std::size_t k = from; k < to; ++k) shown[k] = true;
  }
  std::string& out = result.text;
  bool in_hunk = false;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    if (!shown[s]) {
      in_hunk = false;
      continue;
    }
    const Step& st = steps[s];
    if (!in_hunk) {
      out += "@@ golden line " + std::to_string(st.op == Op::add ? 0 : st.golden_line) + ", output line " +
             std::to_string(st.op == Op::remove ? 0 : st.actual_line) + " @@\n";
      in_hunk = true;
    }
    switch (st.op) {
      case Op::keep: out += "  "; break;
      case Op::remove:
        out += "- ";
        ++result.removed;
        break;
      case Op::add:
        out += "+ ";
        ++result.added;
        break;
    }
    out.append(st.text);
    out += '\n';
  }
  if (newline_differs && result.removed == 0 && result.added == 0) out += "(the files differ only in the final newline)\n";
  result.equal = false;
  out += std::to_string(result.removed) + " line(s) only in the golden, " + std::to_string(result.added) +
         " line(s) only in the output\n";
  return result;
}

}  // namespace oex::replay
