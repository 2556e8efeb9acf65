#pragma once
// A validating JSON reader that allocates nothing per message: parse() writes a tape of nodes
// (one per value, each a view into the caller's text) into storage sized at construction, and
// Value is a flyweight over that tape. Strings stay raw: escapes are validated, not decoded,
// and has_escapes() says when a caller must decode. The text must outlive the Values.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/core/decimal.hpp"

namespace oex::json {

using codecs::CodecError;

enum class Kind : std::uint8_t { absent, object, array, string, number, boolean, null };

class Document;

class Value {
 public:
  constexpr Value() noexcept = default;

  [[nodiscard]] Kind kind() const noexcept;
  [[nodiscard]] bool present() const noexcept { return doc_ != nullptr; }
  [[nodiscard]] bool is_null() const noexcept { return kind() == Kind::null; }
  // Absent or null: what a venue means by "not sent".
  [[nodiscard]] bool is_missing() const noexcept { return !present() || is_null(); }
  [[nodiscard]] bool is_object() const noexcept { return kind() == Kind::object; }
  [[nodiscard]] bool is_array() const noexcept { return kind() == Kind::array; }
  [[nodiscard]] bool is_string() const noexcept { return kind() == Kind::string; }
  [[nodiscard]] bool is_number() const noexcept { return kind() == Kind::number; }
  [[nodiscard]] bool has_escapes() const noexcept;

  // The member named `key` of an object; absent for anything else or when there is none.
  [[nodiscard]] Value operator[](std::string_view key) const noexcept;
  // The i-th element of an array; absent when out of range.
  [[nodiscard]] Value at(std::size_t i) const noexcept;
  // Members of an object or elements of an array.
  [[nodiscard]] std::size_t size() const noexcept;

  // The value's exact text: a string's content without its quotes, a number's digits,
  // "true"/"false"/"null", or an object's or array's whole text.
  [[nodiscard]] std::string_view raw() const noexcept;

  [[nodiscard]] Result<std::string_view, CodecError> as_string() const noexcept;
  // Quoted or bare, read exactly from the text: never through binary floating point.
  [[nodiscard]] Result<Decimal, CodecError> as_decimal() const noexcept;
  [[nodiscard]] Result<std::int64_t, CodecError> as_int64() const noexcept;
  [[nodiscard]] Result<bool, CodecError> as_bool() const noexcept;
  // A string or a number, as text (ids that venues send either way).
  [[nodiscard]] Result<std::string_view, CodecError> as_text() const noexcept;

  class Iterator;
  struct Member;
  // Ranges over an object's members (key, value) or an array's elements.
  [[nodiscard]] Iterator begin() const noexcept;
  [[nodiscard]] Iterator end() const noexcept;

 private:
  friend class Document;
  Value(const Document* doc, std::uint32_t index) noexcept : doc_(doc), index_(index) {}
  const Document* doc_ = nullptr;
  std::uint32_t index_ = 0;
};

struct Value::Member {
  std::string_view key;  // empty for array elements
  Value value;
};

class Value::Iterator {
 public:
  Member operator*() const noexcept;
  Iterator& operator++() noexcept;
  friend bool operator==(const Iterator& a, const Iterator& b) noexcept { return a.index_ == b.index_; }

 private:
  friend class Value;
  Iterator(const Document* doc, std::uint32_t index, bool object) noexcept
      : doc_(doc), index_(index), object_(object) {}
  const Document* doc_;
  std::uint32_t index_;
  bool object_;
};

class Document {
 public:
  // Holds up to `max_values` values (every string, number, literal, object and array counts,
  // object keys too) nested at most `max_depth` deep. Allocates here, never in parse().
  explicit Document(std::size_t max_values = 4096, std::size_t max_depth = 64);

  // Validates `text` as one JSON value (RFC 8259) with optional surrounding white space.
  [[nodiscard]] CodecError parse(std::string_view text) noexcept;
  [[nodiscard]] Value root() const noexcept { return count_ > 0 ? Value(this, 0) : Value(); }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

 private:
  friend class Value;
  friend class Value::Iterator;
  struct Node {
    Kind kind;
    bool escaped;
    std::uint32_t begin;   // offset of the value's text (a string's content, after the quote)
    std::uint32_t length;  // bytes of text; for objects and arrays, the number of children
    std::uint32_t end;     // index of the first node after this value's subtree
    std::uint32_t text_end;  // objects and arrays: offset just past the closing bracket
  };
  [[nodiscard]] std::uint32_t add(Kind kind, std::size_t begin, std::size_t length, bool escaped) noexcept;

  std::string_view text_;
  std::size_t capacity_;
  std::size_t max_depth_;
  std::uint32_t count_ = 0;
  std::unique_ptr<Node[]> nodes_;
  std::unique_ptr<std::uint32_t[]> stack_;
};

}  // namespace oex::json
