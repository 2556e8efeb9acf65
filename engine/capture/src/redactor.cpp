#include "oex/capture/redactor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#if defined(__SSE2__)
#include <tmmintrin.h>
#endif

namespace oex::capture {
namespace {

// Field names whose values are credentials or signatures at one of the five venues.
constexpr std::array<std::string_view, 14> kSecretFields = {
    "request-api", "request-sign", "access-key", "access-sign", "accesskey", "secretkey", "secret_key",
    "secret",      "signature",    "sign",       "token",       "apikey",    "api_key",   "passphrase"};

// Character classes by table: std::isalnum consults the locale on every byte.
enum : std::uint8_t { kAlnum = 1, kHex = 2 };
constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kAlnum | kHex;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAlnum | (c <= 'f' ? kHex : 0);
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAlnum | (c <= 'F' ? kHex : 0);
  return t;
}();
bool is_alnum(char c) { return (kClass[static_cast<unsigned char>(c)] & kAlnum) != 0; }
bool is_name_char(char c) { return is_alnum(c) || c == '-' || c == '_'; }
bool is_hex(char c) { return (kClass[static_cast<unsigned char>(c)] & kHex) != 0; }
bool is_base64(char c) { return is_alnum(c) || c == '+' || c == '/'; }

constexpr std::size_t kLongestSecretField = 12;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }
bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}
bool is_secret_field(std::string_view name) {
  // Most words are not: their length or first letter already says so.
  if (name.size() < 4 || name.size() > kLongestSecretField) return false;
  const char first = static_cast<char>(name[0] | 0x20);
  if (first != 'r' && first != 'a' && first != 's' && first != 't' && first != 'p') return false;
  return std::any_of(kSecretFields.begin(), kSecretFields.end(), [&](std::string_view f) {
    return f.size() == name.size() && f[0] == first && equals_ignore_case(name, f);
  });
}

// After a field name: where its value starts and ends, for "name":"v", "name": v, name=v, name: v.
bool value_span(std::string_view text, std::size_t after_name, bool quoted_name, std::size_t& begin,
                std::size_t& end) {
  std::size_t i = after_name;
  if (quoted_name) {
    if (i >= text.size() || text[i] != '"') return false;
    ++i;
  }
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || (text[i] != ':' && text[i] != '=')) return false;
  ++i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i < text.size() && text[i] == '"') {
    begin = ++i;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    end = std::min(i, text.size());
    return true;
  }
  begin = i;
  while (i < text.size() && text[i] != '&' && text[i] != ',' && text[i] != '}' && text[i] != '\r' &&
         text[i] != '\n' && text[i] != ' ' && text[i] != ']') {
    ++i;
  }
  end = i;
  return end > begin;
}

// A JSON value written bare ("userId":123) is masked as a string, so the line stays JSON.
bool bare_json_value(std::string_view text, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && text[i - 1] == ' ') --i;
  if (i == 0 || text[i - 1] != ':') return false;
  --i;
  while (i > 0 && text[i - 1] == ' ') --i;
  return i > 0 && text[i - 1] == '"';  // "name": value, not a header's name: value
}
std::string_view mask_for(std::string_view text, std::size_t at) {
  return bare_json_value(text, at) ? std::string_view("\"***\"") : Redactor::kMask;
}

// Appends text, masking signature-shaped runs.
void append_masking_signatures(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_base64(text[i])) {
      std::size_t j = i + 1;
      while (j < text.size() && !is_base64(text[j])) ++j;
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    std::size_t j = i;
    bool all_hex = true;
    while (j < text.size() && is_base64(text[j])) all_hex = all_hex && is_hex(text[j]), ++j;
    std::size_t run = j - i;
    std::size_t padded = j;
    while (padded < text.size() && text[padded] == '=' && padded - j < 2) ++padded;
    const bool hex_signature = all_hex && (run == 64 || run == 96 || run == 128);
    const bool base64_signature = padded > j && (padded - i == 44 || padded - i == 24);
    if (hex_signature || base64_signature) {
      out += Redactor::kMask;
      i = base64_signature ? padded : j;
    } else {
      out.append(text.substr(i, run));
      i = j;
    }
  }
}

// Which bytes of 64 are name characters, base64 characters, and letters a secret field's name
// starts with (bit i for byte i). Classifying a block at once lets the passes below visit only
// the words and runs that matter instead of deciding byte by byte.
struct Classes {
  std::uint64_t name = 0;
  std::uint64_t base64 = 0;
  std::uint64_t initial = 0;
};

Classes classify64_bytewise(const char* p) noexcept {
  Classes c;
  for (int i = 0; i < 64; ++i) {
    const char ch = p[i];
    const auto bit = std::uint64_t{1} << i;
    if (is_name_char(ch)) c.name |= bit;
    if (is_base64(ch)) c.base64 |= bit;
    const char lower = ascii_lower(ch);
    if (lower == 'r' || lower == 'a' || lower == 's' || lower == 't' || lower == 'p') c.initial |= bit;
  }
  return c;
}

#if defined(__SSE2__)
// Each class is a union of rectangles (a set of high nibbles by a set of low nibbles), one bit a
// rectangle, so two 16-entry tables classify 16 bytes with two shuffles (SSSE3, which every
// x86-64 server since 2006 has; the baseline build does not assume it, so it is chosen at run
// time). Bytes of 0x80 and above have high nibbles the tables leave empty.
struct NibbleTables {
  alignas(16) std::array<std::uint8_t, 16> low{};
  alignas(16) std::array<std::uint8_t, 16> high{};
};
enum : std::uint8_t {
  kDigit = 1,          // 0-9
  kLetterLow = 2,      // A-O a-o
  kLetterHigh = 4,     // P-Z p-z
  kDash = 8,           // -
  kUnderscore = 16,    // _
  kPlusSlash = 32,     // + /
  kInitialA = 64,      // A a
  kInitialPRST = 128,  // P R S T p r s t
  kNameBits = kDigit | kLetterLow | kLetterHigh | kDash | kUnderscore,
  kBase64Bits = kDigit | kLetterLow | kLetterHigh | kPlusSlash,
  kInitialBits = kInitialA | kInitialPRST,
};
constexpr NibbleTables kNibbles = [] {
  NibbleTables t;
  const auto add = [&t](std::uint8_t bit, std::initializer_list<int> highs, std::initializer_list<int> lows) {
    for (const int h : highs) t.high[h] |= bit;
    for (const int l : lows) t.low[l] |= bit;
  };
  add(kDigit, {3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  add(kLetterLow, {4, 6}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  add(kLetterHigh, {5, 7}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  add(kDash, {2}, {13});
  add(kUnderscore, {5}, {15});
  add(kPlusSlash, {2}, {11, 15});
  add(kInitialA, {4, 6}, {1});
  add(kInitialPRST, {5, 7}, {0, 2, 3, 4});
  return t;
}();

[[gnu::target("ssse3")]] Classes classify64_ssse3(const char* p) noexcept {
  const __m128i low_table = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.low.data()));
  const __m128i high_table = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.high.data()));
  const __m128i nibble = _mm_set1_epi8(0x0F);
  const __m128i zero = _mm_setzero_si128();
  const auto in = [&zero](__m128i classes, std::uint8_t bits) {
    const __m128i outside = _mm_cmpeq_epi8(_mm_and_si128(classes, _mm_set1_epi8(static_cast<char>(bits))), zero);
    return static_cast<std::uint64_t>(~static_cast<unsigned>(_mm_movemask_epi8(outside)) & 0xFFFFu);
  };
  Classes c;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i classes =
        _mm_and_si128(_mm_shuffle_epi8(low_table, _mm_and_si128(v, nibble)),
                      _mm_shuffle_epi8(high_table, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
    const int shift = 16 * k;
    c.name |= in(classes, kNameBits) << shift;
    c.base64 |= in(classes, kBase64Bits) << shift;
    c.initial |= in(classes, kInitialBits) << shift;
  }
  return c;
}
const bool kHasSsse3 = __builtin_cpu_supports("ssse3");
#endif

Classes classify64(const char* p) noexcept {
#if defined(__SSE2__)
  if (kHasSsse3) return classify64_ssse3(p);
#endif
  return classify64_bytewise(p);
}

// Calls on_block(base, classes) for each 64 bytes of `text`; the last block is read from a
// zero-padded copy (a zero byte is in no class).
template <class OnBlock>
void for_each_block(std::string_view text, OnBlock&& on_block) {
  std::size_t base = 0;
  for (; base + 64 <= text.size(); base += 64) on_block(base, classify64(text.data() + base));
  if (base < text.size()) {
    char last[64] = {};
    std::memcpy(last, text.data() + base, text.size() - base);
    on_block(base, classify64(last));
  }
}

// Finds a run of base64 characters as long as the shortest signature shape (22: a base64
// HMAC-SHA256 less its padding), fed the classes of each 64 bytes in turn.
class SignatureLengthRun {
 public:
  void add(std::uint64_t base64) noexcept {
    // Bit i stays set while bytes i..i+21 are all base64: runs of 2, 4, 8, 16, then 16 and 6 more.
    std::uint64_t t = base64 & (base64 >> 1);
    t &= t >> 2;
    t &= t >> 4;
    t &= t >> 8;
    t &= t >> 6;
    const bool full = base64 == ~std::uint64_t{0};
    const std::size_t leading = full ? 64 : static_cast<std::size_t>(__builtin_ctzll(~base64));
    if (t != 0 || carried_ + leading >= kShortest) found_ = true;
    carried_ = full ? carried_ + 64 : static_cast<std::size_t>(__builtin_clzll(~base64));
  }
  [[nodiscard]] bool found() const noexcept { return found_; }

 private:
  static constexpr std::size_t kShortest = 22;
  std::size_t carried_ = 0;  // the run that ends the previous block
  bool found_ = false;
};

bool has_signature_length_run(std::string_view text) {
  SignatureLengthRun run;
  for_each_block(text, [&](std::size_t, const Classes& c) { run.add(c.base64); });
  return run.found();
}

// Appends text with the value of every secret-named field masked, and says whether what it
// appended may hold a signature-shaped run. A word (a maximal run of name characters) can name a
// secret field only if it starts with one of their initials and is no longer than the longest;
// the others are copied with what lies between them.
bool mask_secret_fields(std::string_view text, std::string& out) {
  const std::size_t from = out.size();
  std::size_t copied = 0;  // text before this is in out
  bool masked = false;
  std::uint64_t previous_name = 0;
  SignatureLengthRun run;
  for_each_block(text, [&](std::size_t base, const Classes& c) {
    run.add(c.base64);
    const std::uint64_t starts = c.name & ~((c.name << 1) | (previous_name >> 63));
    previous_name = c.name;
    for (std::uint64_t candidates = starts & c.initial; candidates != 0; candidates &= candidates - 1) {
      const auto bit = static_cast<unsigned>(__builtin_ctzll(candidates));
      const std::size_t i = base + bit;
      if (i < copied) continue;  // inside a value already masked
      // The word's end from the mask, then byte by byte if it goes on into the next block.
      const std::uint64_t word_on = c.name >> bit;
      std::size_t j = i + (word_on == ~std::uint64_t{0} ? 64 : static_cast<std::size_t>(__builtin_ctzll(~word_on)));
      while (j < text.size() && j - i <= kLongestSecretField && is_name_char(text[j])) ++j;
      const bool quoted = i > 0 && text[i - 1] == '"';
      std::size_t begin = 0, end = 0;
      if (is_secret_field(text.substr(i, j - i)) && value_span(text, j, quoted, begin, end)) {
        out.append(text.substr(copied, begin - copied));
        out += mask_for(text, begin);
        copied = end;
        masked = true;
      }
    }
  });
  out.append(text.substr(copied));
  // A mask only breaks runs up, but it may sit where a run was: then look at what was written.
  return masked ? has_signature_length_run(std::string_view(out).substr(from)) : run.found();
}

}  // namespace

void Redactor::add_secret(std::string_view secret) {
  if (!secret.empty()) secrets_.emplace_back(secret);
}

void Redactor::redact(std::string_view text, std::string& out) const {
  // 1. Exact secrets, as whole tokens: a short numeric secret (a user id) must not mask the
  // middle of a price or an order id. The text is copied only when one occurs.
  std::string replaced;
  std::string_view work = text;
  for (const std::string& s : secrets_) {
    if (work.find(s) == std::string_view::npos) continue;
    if (replaced.empty()) {
      replaced.assign(text);
    }
    for (std::size_t at = replaced.find(s); at != std::string::npos; at = replaced.find(s, at)) {
      const std::size_t after = at + s.size();
      const bool whole = (at == 0 || !is_name_char(replaced[at - 1])) &&
                         (after == replaced.size() || !is_name_char(replaced[after]));
      if (!whole) {
        ++at;
        continue;
      }
      const std::string_view mask = mask_for(replaced, at);
      replaced.replace(at, s.size(), mask);
      at += mask.size();
    }
    work = replaced;
  }
  // 2. Values of secret fields, written to `out`; 3. signature-shaped runs, rewritten in place
  // when the text has a run of base64 characters long enough to be one (few messages do).
  const std::size_t from = out.size();
  if (mask_secret_fields(work, out)) {
    const std::string fields = out.substr(from);
    out.resize(from);
    append_masking_signatures(fields, out);
  }
}

}  // namespace oex::capture
