#pragma once
// A one-pass reader for the flat JSON objects of GCT's push socket: members whose values are
// strings without escapes, numbers or literals. It validates as RFC 8259 does (number grammar,
// literals, no control bytes in strings, nothing after the object) and yields each member in
// turn without building a tape. Anything it does not take on (a nested value, an escape,
// a syntax error, more members than the generic reader holds) makes it return false, and the
// caller decodes the message with the generic json::Document, which names the error. So it
// never accepts what the generic reader rejects; the fuzzer checks the two agree.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "oex/codecs/json.hpp"

namespace oex::codecs::gct::detail {

struct FlatValue {
  json::Kind kind = json::Kind::absent;
  std::string_view text;  // string content without quotes, number digits, or the literal
};

// A cursor: open(), then next() per member until it returns false; done() says whether the
// whole text was a valid flat object. Written to inline into the caller's loop.
class FlatObjectReader {
 public:
  // max_members: beyond it the generic reader (sized for max_values) could refuse; fall back.
  FlatObjectReader(std::string_view text, std::size_t max_members) noexcept
      : p_(text.data()), end_(text.data() + text.size()), budget_(max_members) {}

  [[nodiscard]] bool open() noexcept {
    skip_space();
    if (p_ == end_ || *p_ != '{') return false;
    ++p_;
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      closed_ = true;
    }
    return true;
  }

  // The next member; false at the end of the object or on anything this reader does not take.
  [[nodiscard]] bool next(std::string_view& key, FlatValue& value) noexcept {
    if (closed_ || failed_) return false;
    if (budget_ == 0 || !string(key)) return fail();
    --budget_;
    skip_space();
    if (p_ == end_ || *p_ != ':') return fail();
    ++p_;
    skip_space();
    if (!scalar(value)) return fail();
    skip_space();
    if (p_ == end_) return fail();
    if (*p_ == '}') {
      ++p_;
      closed_ = true;
    } else if (*p_ == ',') {
      ++p_;
      skip_space();
    } else {
      return fail();
    }
    return true;
  }

  // After next() returned false: the object was whole and valid, with nothing after it.
  [[nodiscard]] bool done() noexcept {
    if (failed_ || !closed_) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  bool fail() noexcept {
    failed_ = true;
    return false;
  }
  void skip_space() noexcept {
    // Venues rarely send white space: one comparison decides the common case.
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }
  static bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

  // Eight bytes at a time (SWAR): the high bit of each byte that is a quote, a backslash or a
  // control byte. Borrows only spill upward, so the lowest flagged byte is always a true one.
  static std::uint64_t special8(const char* p) noexcept {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    const std::uint64_t quote = x ^ (kOnes * '"');
    const std::uint64_t backslash = x ^ (kOnes * '\\');
    return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((x - kOnes * 0x20) & ~x)) & kHigh;
  }

  bool string(std::string_view& out) noexcept {
    if (p_ == end_ || *p_ != '"') return false;
    const char* const begin = ++p_;
    while (end_ - p_ >= 8) {
      const std::uint64_t special = special8(p_);
      if (special != 0) {
        p_ += __builtin_ctzll(special) / 8;
        break;
      }
      p_ += 8;
    }
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) return false;
      ++p_;
    }
    return false;
  }

  bool literal(std::string_view word) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool digits() noexcept {
    if (p_ == end_ || !digit(*p_)) return false;
    while (p_ != end_ && digit(*p_)) ++p_;
    return true;
  }

  bool number() noexcept {
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  bool scalar(FlatValue& out) noexcept {
    if (p_ == end_) return false;
    const char* const begin = p_;
    bool ok = false;
    switch (*p_) {
      case '"': out.kind = json::Kind::string; return string(out.text);
      case 't': out.kind = json::Kind::boolean; ok = literal("true"); break;
      case 'f': out.kind = json::Kind::boolean; ok = literal("false"); break;
      case 'n': out.kind = json::Kind::null; ok = literal("null"); break;
      default: out.kind = json::Kind::number; ok = number(); break;
    }
    out.text = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    return ok;
  }

  const char* p_;
  const char* end_;
  std::size_t budget_;
  bool closed_ = false;
  bool failed_ = false;
};

}  // namespace oex::codecs::gct::detail
