#pragma once
// A validating forward-only JSON reader for the order fast path: it checks the same grammar as
// json::Document (RFC 8259, with the same value and depth limits) while the caller picks the
// fields it needs, so a message is read once with no tape. Any failure just makes the caller fall
// back to the Document path, which reports the typed error.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "oex/codecs/raw_field.hpp"

namespace oex::codecs {

class JsonCursor {
 public:
  JsonCursor(std::string_view text, std::size_t max_values, std::size_t max_depth) noexcept
      : p_(text.data()), end_(text.data() + text.size()), values_left_(max_values), max_depth_(max_depth) {}

  // Consumes `c` after white space; false (and nothing consumed) when it is not next.
  bool take(char c) noexcept {
    skip_space();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  // Only white space left.
  bool at_end() noexcept {
    skip_space();
    return p_ == end_;
  }

  // An object key (with its colon): counts as a value, as in the Document.
  bool key(std::string_view& out) noexcept {
    bool escaped = false;
    skip_space();
    if (!string(out, escaped)) return false;
    return take(':');
  }

  // Any value: scalars into `out`, containers validated and skipped (kind set, text empty).
  bool value(RawField& out, std::size_t depth) noexcept {
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
    if (!count()) return false;
    if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) {
        return false;
      }
      out.kind = c == 'n' ? json::Kind::null : json::Kind::boolean;
      out.text = std::string_view(p_, word.size());
      p_ += word.size();
      return true;
    }
    const char* start = p_;
    if (!number()) return false;
    out.kind = json::Kind::number;
    out.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
    return true;
  }

  // Reads the rest of an object whose '{' was taken: `on_member(key)` must consume the value.
  template <class OnMember>
  bool members(OnMember&& on_member) noexcept {
    if (take('}')) return true;
    for (;;) {
      std::string_view k;
      if (!key(k) || !on_member(k)) return false;
      if (take(',')) continue;
      return take('}');
    }
  }

  // Opens a container as a value (counted, depth-checked): '{' or '['.
  bool open(char bracket, std::size_t depth) noexcept {
    if (depth + 1 > max_depth_) return false;
    skip_space();
    if (p_ == end_ || *p_ != bracket) return false;
    if (!count()) return false;
    ++p_;
    return true;
  }

 private:
  static constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }
  static constexpr bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  void skip_space() noexcept {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool count() noexcept {
    if (values_left_ == 0) return false;
    --values_left_;
    return true;
  }

  bool string(std::string_view& out, bool& escaped) noexcept {
    if (p_ == end_ || *p_ != '"' || !count()) return false;
    const char* start = ++p_;
    escaped = false;
    skip_plain_string_bytes();
    while (p_ != end_) {
      const char c = *p_;
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        if (++p_ == end_) return false;
        switch (*p_) {
          case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
          case 'u':
            for (int i = 0; i < 4; ++i) {
              if (++p_ == end_ || !is_hex(*p_)) return false;
            }
            break;
          default: return false;
        }
      }
      ++p_;
    }
    return false;
  }

  // Eight bytes at a time past what needs no attention inside a string: anything but '"', '\\'
  // and control bytes (SWAR: a byte's high bit marks a match; the lowest marked byte is exact).
  void skip_plain_string_bytes() noexcept {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHighs = 0x8080808080808080ull;
    while (end_ - p_ >= 8) {
      std::uint64_t x;
      std::memcpy(&x, p_, sizeof x);
      const std::uint64_t quote = x ^ (kOnes * '"');
      const std::uint64_t backslash = x ^ (kOnes * '\\');
      const std::uint64_t hits = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                 ((x - kOnes * 0x20) & ~x);
      const std::uint64_t marks = hits & kHighs;
      if (marks != 0) {
        p_ += __builtin_ctzll(marks) / 8;  // little-endian: the first byte that needs a look
        return;
      }
      p_ += 8;
    }
  }

  bool number() noexcept {
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (is_digit(*p_)) {
      while (p_ != end_ && is_digit(*p_)) ++p_;
    } else {
      return false;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    return true;
  }

  // From just before the bracket; `depth` is the container's own depth.
  bool skip_container(std::size_t depth) noexcept {
    const char bracket = *p_;
    if (!open(bracket, depth - 1)) return false;
    RawField ignored;
    if (bracket == '{') {
      return members([&](std::string_view) { return value(ignored, depth); });
    }
    if (take(']')) return true;
    for (;;) {
      if (!value(ignored, depth)) return false;
      if (take(',')) continue;
      return take(']');
    }
  }

  const char* p_;
  const char* end_;
  std::size_t values_left_;
  std::size_t max_depth_;
};

}  // namespace oex::codecs
