#pragma once
// A one-pass, validating JSON cursor for the polled order answers: the decoder walks the
// members it needs and skips (while still validating) the rest, without building a tape. It
// takes strings without escapes only and gives up (returns false, failed() true) on anything
// else, on a syntax error, or beyond the generic reader's limits; the decoder then decodes the
// answer with json::Document, which names the error. The fuzzer checks the two paths agree.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/codecs/json.hpp"
#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs::deflow::detail {

struct Scalar {
  json::Kind kind = json::Kind::absent;
  std::string_view text;  // string content without quotes, number digits, or the literal
};

class Cursor {
 public:
  static constexpr std::size_t kMaxDepth = 63;  // below the generic reader's 64

  Cursor(std::string_view text, std::size_t max_values) noexcept
      : p_(text.data()), end_(text.data() + text.size()), values_left_(max_values) {}

  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] bool fail() noexcept {
    failed_ = true;
    return false;
  }

  // The next value is an object / array: enter it.
  [[nodiscard]] bool enter_object() noexcept { return enter('{'); }
  [[nodiscard]] bool enter_array() noexcept { return enter('['); }
  [[nodiscard]] bool at_object() noexcept { return peek() == '{'; }
  [[nodiscard]] bool at_array() noexcept { return peek() == '['; }

  // Inside an object: the next member's key (the cursor then stands on its value); false at
  // the closing brace (the object is left) or on failure.
  [[nodiscard]] [[gnu::always_inline]] bool next_member(std::string_view& key) noexcept {
    if (!next_item('}')) return false;
    if (!count_value() || !string(key)) return fail();
    skip_space();
    if (p_ == end_ || *p_ != ':') return fail();
    ++p_;
    return true;
  }

  // Inside an array: true when an element follows (the cursor stands on it).
  [[nodiscard]] bool next_element() noexcept { return next_item(']'); }

  // A string, number or literal; false (and failed) for anything else.
  [[nodiscard]] [[gnu::always_inline]] bool scalar(Scalar& out) noexcept {
    skip_space();
    if (p_ == end_ || !count_value()) return fail();
    const char* const begin = p_;
    bool ok = false;
    switch (*p_) {
      case '"': out.kind = json::Kind::string; return string(out.text) || fail();
      case 't': out.kind = json::Kind::boolean; ok = literal("true"); break;
      case 'f': out.kind = json::Kind::boolean; ok = literal("false"); break;
      case 'n': out.kind = json::Kind::null; ok = literal("null"); break;
      default: out.kind = json::Kind::number; ok = number(); break;
    }
    out.text = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    return ok || fail();
  }

  // Skips one value of any kind, validating it.
  [[nodiscard]] bool skip() noexcept {
    skip_space();
    if (p_ == end_) return fail();
    if (*p_ == '{') {
      if (!enter_object()) return false;
      std::string_view key;
      while (next_member(key)) {
        if (!skip()) return false;
      }
      return !failed_;
    }
    if (*p_ == '[') {
      if (!enter_array()) return false;
      while (next_element()) {
        if (!skip()) return false;
      }
      return !failed_;
    }
    Scalar ignored;
    return scalar(ignored);
  }

  // After the root value: only white space remains.
  [[nodiscard]] bool finish() noexcept {
    skip_space();
    return !failed_ && depth_ == 0 && p_ == end_;
  }

 private:
  char peek() noexcept {
    skip_space();
    return p_ == end_ ? '\0' : *p_;
  }

  [[gnu::always_inline]] bool count_value() noexcept {
    if (values_left_ == 0) return false;
    --values_left_;
    return true;
  }

  bool enter(char open) noexcept {
    skip_space();
    if (p_ == end_ || *p_ != open || depth_ == kMaxDepth || !count_value()) return fail();
    ++p_;
    first_[++depth_] = true;
    return true;
  }

  // Before each member or element: the separator, or the closing bracket that ends the level.
  [[gnu::always_inline]] bool next_item(char close) noexcept {
    if (failed_ || depth_ == 0) return false;
    skip_space();
    if (p_ == end_) return fail();
    if (*p_ == close) {
      // `{,}` or `[1,]` never get here: a comma is only taken when an item follows.
      ++p_;
      --depth_;
      return false;
    }
    if (!first_[depth_]) {
      if (*p_ != ',') return fail();
      ++p_;
      skip_space();
      if (p_ == end_ || *p_ == close) return fail();
    }
    first_[depth_] = false;
    return true;
  }

  [[gnu::always_inline]] void skip_space() noexcept {
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' &&
           (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
      ++p_;
    }
  }

  // Strings without escapes only: the shared scanner finds the end sixteen bytes at a time.
  [[gnu::always_inline]] bool string(std::string_view& out) noexcept {
    skip_space();
    if (p_ == end_ || *p_ != '"') return false;
    const char* const begin = p_ + 1;
    const char* const close = json_scan::skip_plain(begin, end_);
    if (close == end_ || *close != '"') return false;  // an escape, a control byte or no end
    out = std::string_view(begin, static_cast<std::size_t>(close - begin));
    p_ = close + 1;
    return true;
  }

  bool literal(std::string_view word) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  [[gnu::always_inline]] bool number() noexcept {
    const char* const after = json_scan::number_end(p_, end_);
    if (after == nullptr) return false;
    p_ = after;
    return true;
  }

  const char* p_;
  const char* end_;
  std::size_t values_left_;
  std::size_t depth_ = 0;
  std::array<bool, kMaxDepth + 1> first_{};
  bool failed_ = false;
};

}  // namespace oex::codecs::deflow::detail
