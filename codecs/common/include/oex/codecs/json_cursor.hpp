#pragma once
// The one forward-only JSON reader of the venues' hot messages. It checks the same grammar as
// json::Document (RFC 8259, with the same value and depth limits) while the caller picks the
// fields it needs, so a message is read once with no tape: values it is not asked for are
// validated and skipped, strings are scanned sixteen bytes at a time (SSE2), keys are handed
// over as views for the caller to compare by length and then bytes, and numbers stay views of
// the text until the caller converts the ones it keeps (raw_field.hpp, exactly into Decimal).
// Any failure just makes the caller fall back to the Document path, which reports the typed
// error, so the cursor never has to name one.
//
// Three ways to walk an object: fields(keys, out) into a struct of RawFields, members(on_member)
// for a callback per member, or next_member(key) in a loop (with next_element for arrays) where
// a callback does not fit.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "oex/codecs/raw_field.hpp"
#include "oex/codecs/text_equal.hpp"

namespace oex::codecs {

// The scanning primitives, shared by JsonCursor and the venues' walkers: each takes a position
// and the end of the text and returns the position after what it scanned (nullptr: bad text).
namespace json_scan {

constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The first byte at or after `p` that is a quote, a backslash or a control byte (or `end`).
[[nodiscard]] [[gnu::always_inline]] inline const char* skip_plain(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                      _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v));  // v <= 0x1f
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  // Eight bytes at a time (SWAR): a byte's high bit marks a match; borrows only spill upward,
  // so the lowest marked byte is exact.
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    const std::uint64_t q = x ^ (kOnes * '"');
    const std::uint64_t b = x ^ (kOnes * '\\');
    const std::uint64_t marks = (((q - kOnes) & ~q) | ((b - kOnes) & ~b) | ((x - kOnes * 0x20) & ~x)) & kHighs;
    if (marks != 0) return p + __builtin_ctzll(marks) / 8;  // little-endian: the first byte
    p += 8;
  }
  while (p != end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
  return p;
}

// The rest of a string from `q` (the first byte the fast scan stopped at), which holds an
// escape or is bad text: the closing quote, or nullptr. A free function and out of line, so a
// cursor's own address never escapes and its position can live in a register.
[[nodiscard]] [[gnu::noinline]] inline const char* string_slow(const char* p, const char* end) noexcept {
  while (p != end) {
    const char c = *p;
    if (c == '"') return p;
    if (static_cast<unsigned char>(c) < 0x20) return nullptr;
    if (c == '\\') {
      if (++p == end) return nullptr;
      switch (*p) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
        case 'u':
          for (int i = 0; i < 4; ++i) {
            if (++p == end || !is_hex(*p)) return nullptr;
          }
          break;
        default: return nullptr;
      }
      ++p;
      continue;
    }
    p = skip_plain(p + 1, end);
  }
  return nullptr;
}

// From just after a string's opening quote: its closing quote, or nullptr for bad text;
// `escaped` says whether an escape came before it (then the content needs decoding).
[[nodiscard]] [[gnu::always_inline]] inline const char* string_end(const char* p, const char* end,
                                                                   bool& escaped) noexcept {
  const char* q = skip_plain(p, end);
  if (q != end && *q == '"') {  // the usual string: no escape, found by the first scan
    escaped = false;
    return q;
  }
  escaped = true;  // only an escape lets string_slow find the end
  return string_slow(q, end);
}

// A JSON number (RFC 8259 grammar) at `p`: one past its end, or nullptr.
[[nodiscard]] [[gnu::always_inline]] inline const char* number_end(const char* p, const char* end) noexcept {
  if (p != end && *p == '-') ++p;
  if (p == end) return nullptr;
  if (*p == '0') {
    ++p;
  } else if (is_digit(*p)) {
    while (p != end && is_digit(*p)) ++p;
  } else {
    return nullptr;
  }
  if (p != end && *p == '.') {
    ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  return p;
}

}  // namespace json_scan

// A member name as a venue writes it, `"name":`, zero-padded to 32 bytes: one masked compare of
// the text both finds the key and checks it, with no scan for the closing quote.
struct QuotedKey {
  alignas(16) char text[32] = {};
  std::uint8_t size = 0;  // of `"name":`
  std::uint16_t low_mask = 0;   // the bytes of text[0, 16) that count, one bit each
  std::uint16_t high_mask = 0;  // and of text[16, 32)

  [[nodiscard]] constexpr std::string_view name() const noexcept { return {text + 1, size - 3u}; }
};
consteval QuotedKey quoted_key(std::string_view name) {
  QuotedKey k;
  if (name.size() + 3 > sizeof k.text) throw "a key of at most 29 bytes";  // a compile-time error
  k.text[0] = '"';
  for (std::size_t i = 0; i < name.size(); ++i) k.text[i + 1] = name[i];
  k.text[name.size() + 1] = '"';
  k.text[name.size() + 2] = ':';
  k.size = static_cast<std::uint8_t>(name.size() + 3);
  k.low_mask = static_cast<std::uint16_t>(k.size >= 16 ? 0xffffu : (1u << k.size) - 1);
  k.high_mask = static_cast<std::uint16_t>(k.size <= 16 ? 0u : (1u << (k.size - 16)) - 1);
  return k;
}

// Whether the text at `p` is `k` (`"name":`), compared sixteen bytes at a time.
[[nodiscard]] [[gnu::always_inline]] inline bool at_quoted_key(const char* p, const char* end,
                                                               const QuotedKey& k) noexcept {
#if defined(__SSE2__)
  const auto equal = [&](std::size_t at) noexcept {
    const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i want = _mm_load_si128(reinterpret_cast<const __m128i*>(k.text + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(text, want)));
  };
  if (end - p >= 32 || (end - p >= 16 && k.high_mask == 0)) {
    if ((equal(0) & k.low_mask) != k.low_mask) return false;
    return k.high_mask == 0 || (equal(16) & k.high_mask) == k.high_mask;
  }
#endif
  return end - p >= k.size && std::memcmp(p, k.text, k.size) == 0;
}

// Where JsonCursor::fields puts the value of one member: `slot` of the caller's struct, or
// nowhere (nullptr) for a member that is listed only so that finding it costs one compare.
template <class Fields>
struct FieldKey {
  QuotedKey key;
  RawField Fields::*slot = nullptr;
};

// Which of a repeated member counts: each venue's decoders agree with its Document path.
enum class Repeats : std::uint8_t { first_counts, last_counts };

// The index in `keys` of the member named `key` (N when it is not listed).
template <class Fields, std::size_t N>
[[nodiscard]] [[gnu::always_inline]] constexpr std::size_t find_field(const FieldKey<Fields> (&keys)[N],
                                                                      std::string_view key) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (text_equal(keys[i].key.name(), key)) return i;
  }
  return N;
}

// Where the value of member keys[index] goes in `out` (index N: an unlisted member): its slot, or
// nullptr when it has none or is a repeat that does not count.
template <class Fields, std::size_t N>
[[nodiscard]] [[gnu::always_inline]] inline RawField* slot_of(const FieldKey<Fields> (&keys)[N], Fields& out,
                                                              std::size_t index, Repeats repeats) noexcept {
  if (index >= N || keys[index].slot == nullptr) return nullptr;
  RawField& slot = out.*keys[index].slot;
  return repeats == Repeats::first_counts && slot.present() ? nullptr : &slot;
}

// The same for the member named `key`: the Document paths read their members through this, so a
// message decodes the same whichever path read it.
template <class Fields, std::size_t N>
[[nodiscard]] inline RawField* field_slot(const FieldKey<Fields> (&keys)[N], Fields& out, std::string_view key,
                                          Repeats repeats) noexcept {
  return slot_of(keys, out, find_field(keys, key), repeats);
}

class JsonCursor {
 public:
  JsonCursor(std::string_view text, std::size_t max_values, std::size_t max_depth) noexcept
      : p_(text.data()), end_(text.data() + text.size()), values_left_(max_values), max_depth_(max_depth) {}

  // Consumes `c` after white space; false (and nothing consumed) when it is not next.
  [[gnu::always_inline]] bool take(char c) noexcept {
    skip_space();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  // The next byte after white space ('\0' at the end), not consumed.
  [[gnu::always_inline]] char peek() noexcept {
    skip_space();
    return p_ != end_ ? *p_ : '\0';
  }
  // Only white space left.
  bool at_end() noexcept {
    skip_space();
    return p_ == end_;
  }

  // An object key (with its colon): counts as a value, as in the Document.
  [[gnu::always_inline]] bool key(std::string_view& out) noexcept {
    bool escaped = false;
    skip_space();
    if (!string(out, escaped)) return false;
    return take(':');
  }

  // Any value: scalars into `out`, containers validated and skipped (kind set, text empty).
  [[gnu::always_inline]] bool value(RawField& out, std::size_t depth) noexcept {
    skip_space();
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      out.kind = json::Kind::string;
      return string(out.text, out.escaped);
    }
    if (c == '{' || c == '[') {
      out.kind = c == '{' ? json::Kind::object : json::Kind::array;
      out.text = {};
      return skip_container(depth + 1);
    }
    return bare_scalar(out);
  }

  // Any value, validated and not kept.
  [[gnu::always_inline]] bool skip(std::size_t depth) noexcept {
    skip_space();
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      std::string_view ignored;
      bool escaped = false;
      return string(ignored, escaped);
    }
    if (c == '{' || c == '[') return skip_container(depth + 1);
    RawField ignored;
    return bare_scalar(ignored);
  }

  // A string, number or literal; false for a container (nothing consumed) or bad text.
  [[gnu::always_inline]] bool scalar(RawField& out) noexcept {
    skip_space();
    if (p_ == end_) return false;
    if (*p_ == '"') {
      out.kind = json::Kind::string;
      return string(out.text, out.escaped);
    }
    if (*p_ == '{' || *p_ == '[') return false;
    return bare_scalar(out);
  }

  // Reads the rest of an object whose '{' was taken: `on_member(key)` must consume the value.
  template <class OnMember>
  [[gnu::always_inline]] bool members(OnMember&& on_member) noexcept {
    if (take('}')) return true;
    for (;;) {
      std::string_view k;
      if (!key(k) || !on_member(k)) return false;
      if (take(',')) continue;
      return take('}');
    }
  }

  // Where next_field is in an object: kept by the caller from the object's '{' to its '}'.
  struct FieldWalk {
    bool first = true;
    bool closed = false;  // the closing brace was taken
    std::size_t guess = 0;
  };

  // Reads the rest of an object whose '{' was taken into `out`: the member named by keys[i] into
  // out.*keys[i].slot, the others validated and skipped. `depth` is the object's own.
  template <class Fields, std::size_t N>
  [[gnu::always_inline]] bool fields(const FieldKey<Fields> (&keys)[N], Fields& out, std::size_t depth,
                                     Repeats repeats) noexcept {
    FieldWalk walk;
    std::size_t index = 0;
    while (next_field(keys, walk, index)) {
      RawField* const slot = slot_of(keys, out, index, repeats);
      if (slot != nullptr ? !value(*slot, depth) : !skip(depth)) return false;
    }
    return walk.closed;
  }

  // The loop form of fields(): true when a member follows, with `index` its place in `keys` (N
  // when it is not listed); its value comes next. False at the closing brace (`walk.closed`) or
  // on bad text. Venues write their members in one order, so each key is first guessed to be
  // the one after the last it matched (keys lists them in that order) and the guess costs one
  // compare of `"name":`; a key out of order, or unknown, is read and looked up.
  template <class Fields, std::size_t N>
  [[gnu::always_inline]] bool next_field(const FieldKey<Fields> (&keys)[N], FieldWalk& walk,
                                         std::size_t& index) noexcept {
    if (!member_follows(walk.first, walk.closed)) return false;
    skip_space();
    if (walk.guess < N && at_quoted_key(p_, end_, keys[walk.guess].key)) {
      if (!count()) return false;
      p_ += keys[walk.guess].key.size;
      index = walk.guess++;
      return true;
    }
    std::string_view k;
    if (!key(k)) return false;
    index = find_field(keys, k);
    if (index < N) walk.guess = index + 1;
    return true;
  }

  // Reads the rest of an array whose '[' was taken: `on_element()` must consume each element.
  template <class OnElement>
  [[gnu::always_inline]] bool elements(OnElement&& on_element) noexcept {
    if (take(']')) return true;
    for (;;) {
      if (!on_element()) return false;
      if (take(',')) continue;
      return take(']');
    }
  }

  // The loop form of members(): `first` starts true and is kept by the caller for the object.
  // True with the key when a member follows (its value comes next); false at the closing brace
  // (consumed; `closed` set) or on bad text (`closed` clear).
  [[gnu::always_inline]] bool next_member(bool& first, std::string_view& out, bool& closed) noexcept {
    return member_follows(first, closed) && key(out);
  }
  // A venue answer's envelope, the whole text: an object holding `tag` once, a scalar that
  // `tag_ok` accepts, and "data" once, read by `read_data()` (the cursor at its value; the
  // envelope is depth 0). Other members are skipped when `skip_others`, and refuse it otherwise.
  template <std::size_t N, class TagOk, class ReadData>
  [[gnu::always_inline]] bool envelope(const char (&tag)[N], TagOk&& tag_ok, ReadData&& read_data,
                                       bool skip_others) noexcept {
    if (!open('{', 0)) return false;
    bool seen_tag = false;
    bool seen_data = false;
    bool first = true;
    bool closed = false;
    std::string_view k;
    while (next_member(first, k, closed)) {
      if (key_is(k, tag)) {
        RawField value;
        if (seen_tag || !scalar(value) || !tag_ok(value)) return false;
        seen_tag = true;
      } else if (key_is(k, "data")) {
        if (seen_data || !read_data()) return false;
        seen_data = true;
      } else if (!skip_others || !skip(1)) {
        return false;
      }
    }
    return closed && at_end() && seen_tag && seen_data;
  }
  // The same for arrays: true when an element follows.
  [[gnu::always_inline]] bool next_element(bool& first, bool& closed) noexcept {
    closed = false;
    if (first) {
      first = false;
      if (take(']')) {
        closed = true;
        return false;
      }
      return true;
    }
    if (take(',')) return true;
    closed = take(']');
    return false;
  }

  // Opens a container as a value (counted, depth-checked): '{' or '['; `depth` is the parent's.
  [[gnu::always_inline]] bool open(char bracket, std::size_t depth) noexcept {
    if (depth + 1 > max_depth_) return false;
    skip_space();
    if (p_ == end_ || *p_ != bracket) return false;
    if (!count()) return false;
    ++p_;
    return true;
  }

 private:
  // Venues rarely send white space: one comparison decides the common case.
  [[gnu::always_inline]] void skip_space() noexcept {
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }
  // Before each member: true when one follows (its separator taken); false at the closing brace
  // (consumed; `closed` set) or on bad text (`closed` clear).
  [[gnu::always_inline]] bool member_follows(bool& first, bool& closed) noexcept {
    closed = false;
    if (first) {
      first = false;
      if (!take('}')) return true;
      closed = true;
      return false;
    }
    if (take(',')) return true;
    closed = take('}');
    return false;
  }

  [[gnu::always_inline]] bool count() noexcept {
    if (values_left_ == 0) return false;
    --values_left_;
    return true;
  }

  // A string at the cursor (its opening quote); the content without quotes into `out`.
  [[gnu::always_inline]] bool string(std::string_view& out, bool& escaped) noexcept {
    if (p_ == end_ || *p_ != '"' || !count()) return false;
    const char* const start = p_ + 1;
    const char* const close = json_scan::string_end(start, end_, escaped);
    if (close == nullptr) return false;
    out = std::string_view(start, static_cast<std::size_t>(close - start));
    p_ = close + 1;
    return true;
  }

  // A number or a literal at the cursor (not a string, not a container).
  [[gnu::always_inline]] bool bare_scalar(RawField& out) noexcept {
    if (!count()) return false;
    const char c = *p_;
    const char* const start = p_;
    if (c == 't') {
      if (!literal("true")) return false;
      out.kind = json::Kind::boolean;
    } else if (c == 'n') {
      if (!literal("null")) return false;
      out.kind = json::Kind::null;
    } else if (c == 'f') {
      if (end_ - p_ < 5 || p_[4] != 'e' || !literal("fals")) return false;
      ++p_;
      out.kind = json::Kind::boolean;
    } else {
      if (!number()) return false;
      out.kind = json::Kind::number;
    }
    out.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
    out.escaped = false;
    return true;
  }

  // Four bytes of a literal (the caller checks a fifth for "false").
  [[gnu::always_inline]] bool literal(const char (&word)[5]) noexcept {
    if (end_ - p_ < 4 || std::memcmp(p_, word, 4) != 0) return false;
    p_ += 4;
    return true;
  }

  [[gnu::always_inline]] bool number() noexcept {
    const char* p = json_scan::number_end(p_, end_);
    if (p == nullptr) return false;
    p_ = p;
    return true;
  }

  // From just before the bracket; `depth` is the container's own depth. Recursive and rare, so
  // out of line, on a copy: the caller's cursor never has its address taken, which lets the
  // compiler keep its position in a register through the caller's loop.
  [[gnu::always_inline]] bool skip_container(std::size_t depth) noexcept {
    JsonCursor nested(*this);
    const bool ok = skip_nested(nested, depth);
    p_ = nested.p_;
    values_left_ = nested.values_left_;
    return ok;
  }
  [[gnu::noinline]] static bool skip_nested(JsonCursor& c, std::size_t depth) noexcept {
    const char bracket = *c.p_;
    if (!c.open(bracket, depth - 1)) return false;
    if (bracket == '{') {
      return c.members([&](std::string_view) noexcept { return c.skip(depth); });
    }
    return c.elements([&]() noexcept { return c.skip(depth); });
  }

  const char* p_;
  const char* end_;
  std::size_t values_left_;
  std::size_t max_depth_;
};

}  // namespace oex::codecs
