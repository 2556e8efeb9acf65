// Every decimal literal in the five venue documents round-trips exactly through Decimal.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "oex/core/decimal.hpp"

namespace oex {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Numbers standing alone: not part of a word, a version, an address, a date or a hex string.
std::vector<std::string> decimal_literals(const std::string& text) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts = is_digit(text[i]) || (text[i] == '-' && i + 1 < text.size() && is_digit(text[i + 1]));
    if (!starts || (i > 0 && is_word(text[i - 1]))) continue;
    std::size_t j = i + 1;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
      ++j;
      while (j < text.size() && is_digit(text[j])) ++j;
    }
    if (j < text.size() && is_word(text[j])) {
      while (j < text.size() && is_word(text[j])) ++j;  // skip the rest of the word
    } else {
      found.emplace_back(text.substr(i, j - i));
    }
    i = j;
  }
  return found;
}

// The canonical form of ARCHITECTURE.md, computed on the text alone.
std::string canonical(std::string s) {
  const bool negative = s[0] == '-';
  if (negative) s.erase(0, 1);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  std::size_t lead = 0;
  while (lead + 1 < s.size() && s[lead] == '0' && s[lead + 1] != '.') ++lead;
  s.erase(0, lead);
  if (s == "0") return s;
  return negative ? "-" + s : s;
}

std::size_t significant_digits(const std::string& canon) {
  std::string digits;
  for (char c : canon) {
    if (is_digit(c)) digits += c;
  }
  const auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? 0 : digits.size() - first;
}

TEST(VenueLiterals, EveryDecimalInTheDocumentsRoundTrips) {
  const char* documents[] = {"btse-spot-v3.3.md", "cryptomus-ws.md", "deflow-rest-v1.md", "digifinex-ws-v1.md",
                             "gct-rest-v1.md"};
  std::size_t total = 0;
  std::size_t fractional = 0;
  for (const char* name : documents) {
    const std::string text = read_file(std::string(OEX_SHARED_DIR) + "/venues/" + name);
    ASSERT_FALSE(text.empty()) << "cannot read " << name << " under " << OEX_SHARED_DIR;
    for (const std::string& literal : decimal_literals(text)) {
      const std::string expected = canonical(literal);
      const auto parsed = Decimal::parse(literal);
      if (significant_digits(expected) > Decimal::kMaxDigits) {
        EXPECT_EQ(parsed.error(), Error::too_many_digits) << name << ": " << literal;
        continue;
      }
      ASSERT_TRUE(parsed.ok()) << name << ": " << literal << ": " << error_name(parsed.error());
      EXPECT_EQ(parsed->to_string(), expected) << name << ": " << literal;
      // And quoted, as JSON strings carry them.
      const auto quoted = Decimal::parse("\"" + literal + "\"");
      ASSERT_TRUE(quoted.ok()) << literal;
      EXPECT_EQ(*quoted, *parsed) << literal;
      ++total;
      fractional += literal.find('.') != std::string::npos;
    }
  }
  // The documents hold well over a thousand numbers, hundreds with a fraction; finding far fewer
  // means the scan broke, not that the round trip passed.
  EXPECT_GT(total, 1000u);
  EXPECT_GT(fractional, 200u);
  std::cout << "round-tripped " << total << " literals, " << fractional << " with a fraction\n";
}

}  // namespace
}  // namespace oex
