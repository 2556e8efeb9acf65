#include "oex/codecs/json.hpp"

#include "oex/codecs/json_cursor.hpp"
#include "oex/codecs/raw_field.hpp"

#include <cstring>
#include <limits>

namespace oex::json {
namespace {

constexpr bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The scanners are JsonCursor's (json_cursor.hpp), so both readers accept exactly the same text.
const char* scan_number(const char* p, const char* end) { return codecs::json_scan::number_end(p, end); }
// From just after the opening quote; returns the closing quote, or nullptr.
const char* scan_string(const char* p, const char* end, bool& escaped) {
  return codecs::json_scan::string_end(p, end, escaped);
}

}  // namespace

Document::Document(std::size_t max_values, std::size_t max_depth)
    : capacity_(max_values < std::numeric_limits<std::uint32_t>::max() ? max_values : std::numeric_limits<std::uint32_t>::max() - 1),
      max_depth_(max_depth),
      nodes_(std::make_unique<Node[]>(capacity_)),
      stack_(std::make_unique<std::uint32_t[]>(max_depth + 1)) {}

std::uint32_t Document::add(Kind kind, std::size_t begin, std::size_t length, bool escaped) noexcept {
  const std::uint32_t index = count_++;
  nodes_[index] = Node{kind, escaped, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(length), index + 1, 0};
  return index;
}

CodecError Document::parse(std::string_view text) noexcept {
  text_ = text;
  count_ = 0;
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) return CodecError::too_many_values;
  const char* const base = text.data();
  const char* p = base;
  const char* const end = base + text.size();
  std::size_t depth = 0;
  // What may come next inside the innermost open container.
  enum class Expect { value, first_value_or_close, key, first_key_or_close, colon, comma_or_close } expect = Expect::value;

  auto close_value = [&]() {  // a value just ended: count it in its parent
    if (depth > 0) {
      ++nodes_[stack_[depth - 1]].length;
      expect = Expect::comma_or_close;
    }
  };

  for (;;) {
    while (p != end && is_space(*p)) ++p;
    if (depth == 0 && count_ > 0) break;  // the root value is complete
    if (p == end) return CodecError::malformed_json;
    const char c = *p;
    if (expect == Expect::colon) {
      if (c != ':') return CodecError::malformed_json;
      ++p;
      expect = Expect::value;
      continue;
    }
    if (expect == Expect::comma_or_close || expect == Expect::first_key_or_close ||
        expect == Expect::first_value_or_close) {
      const bool in_object = nodes_[stack_[depth - 1]].kind == Kind::object;
      if (c == (in_object ? '}' : ']')) {
        ++p;
        const std::uint32_t open = stack_[--depth];
        nodes_[open].end = count_;
        nodes_[open].text_end = static_cast<std::uint32_t>(p - base);
        close_value();
        if (depth == 0) expect = Expect::value;
        continue;
      }
      if (expect == Expect::comma_or_close) {
        if (c != ',') return CodecError::malformed_json;
        ++p;
        expect = in_object ? Expect::key : Expect::value;
        continue;
      }
      expect = in_object ? Expect::key : Expect::value;
    }
    if (count_ == capacity_) return CodecError::too_many_values;
    if (expect == Expect::key) {
      if (c != '"') return CodecError::malformed_json;
      bool escaped = false;
      const char* close = scan_string(p + 1, end, escaped);
      if (close == nullptr) return CodecError::malformed_json;
      (void)add(Kind::string, static_cast<std::size_t>(p + 1 - base), static_cast<std::size_t>(close - p - 1), escaped);
      p = close + 1;
      expect = Expect::colon;
      continue;
    }
    // Expect::value
    switch (c) {
      case '{':
      case '[': {
        if (depth == max_depth_) return CodecError::too_many_values;
        const std::uint32_t index = add(c == '{' ? Kind::object : Kind::array, static_cast<std::size_t>(p - base), 0, false);
        stack_[depth++] = index;
        ++p;
        expect = c == '{' ? Expect::first_key_or_close : Expect::first_value_or_close;
        continue;
      }
      case '"': {
        bool escaped = false;
        const char* close = scan_string(p + 1, end, escaped);
        if (close == nullptr) return CodecError::malformed_json;
        (void)add(Kind::string, static_cast<std::size_t>(p + 1 - base), static_cast<std::size_t>(close - p - 1), escaped);
        p = close + 1;
        break;
      }
      case 't':
      case 'f':
      case 'n': {
        const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
        if (static_cast<std::size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) {
          return CodecError::malformed_json;
        }
        (void)add(c == 'n' ? Kind::null : Kind::boolean, static_cast<std::size_t>(p - base), word.size(), false);
        p += word.size();
        break;
      }
      default: {
        const char* number_end = scan_number(p, end);
        if (number_end == nullptr) return CodecError::malformed_json;
        (void)add(Kind::number, static_cast<std::size_t>(p - base), static_cast<std::size_t>(number_end - p), false);
        p = number_end;
        break;
      }
    }
    close_value();
  }
  return p == end ? CodecError::ok : CodecError::malformed_json;
}

Kind Value::kind() const noexcept { return doc_ == nullptr ? Kind::absent : doc_->nodes_[index_].kind; }

bool Value::has_escapes() const noexcept { return doc_ != nullptr && doc_->nodes_[index_].escaped; }

Value Value::operator[](std::string_view key) const noexcept {
  if (kind() != Kind::object) return {};
  const auto& nodes = doc_->nodes_;
  const std::uint32_t stop = nodes[index_].end;
  for (std::uint32_t k = index_ + 1; k < stop; k = nodes[k + 1].end) {
    if (doc_->text_.substr(nodes[k].begin, nodes[k].length) == key) return Value(doc_, k + 1);
  }
  return {};
}

Value Value::at(std::size_t i) const noexcept {
  if (kind() != Kind::array) return {};
  const auto& nodes = doc_->nodes_;
  const std::uint32_t stop = nodes[index_].end;
  std::uint32_t e = index_ + 1;
  for (; e < stop && i > 0; --i) e = nodes[e].end;
  return e < stop ? Value(doc_, e) : Value();
}

std::size_t Value::size() const noexcept {
  const Kind k = kind();
  return k == Kind::object || k == Kind::array ? doc_->nodes_[index_].length : 0;
}

std::string_view Value::raw() const noexcept {
  if (doc_ == nullptr) return {};
  const auto& node = doc_->nodes_[index_];
  if (node.kind != Kind::object && node.kind != Kind::array) return doc_->text_.substr(node.begin, node.length);
  return doc_->text_.substr(node.begin, node.text_end - node.begin);
}

// The conversions live in raw_field.cpp, shared with the venues' one-pass readers.
Result<std::string_view, CodecError> Value::as_string() const noexcept {
  std::string_view out;
  if (const CodecError e = codecs::as_string(codecs::RawField::of(*this), out); e != CodecError::ok) return e;
  return out;
}

Result<std::string_view, CodecError> Value::as_text() const noexcept {
  std::string_view out;
  if (const CodecError e = codecs::as_text(codecs::RawField::of(*this), out); e != CodecError::ok) return e;
  return out;
}

Result<Decimal, CodecError> Value::as_decimal() const noexcept {
  Decimal out;
  if (const CodecError e = codecs::read_decimal(codecs::RawField::of(*this), out); e != CodecError::ok) return e;
  return out;
}

Result<std::int64_t, CodecError> Value::as_int64() const noexcept {
  std::int64_t out = 0;
  if (const CodecError e = codecs::read_int64(codecs::RawField::of(*this), out); e != CodecError::ok) return e;
  return out;
}

Result<bool, CodecError> Value::as_bool() const noexcept {
  const Kind k = kind();
  if (k == Kind::absent || k == Kind::null) return CodecError::missing_field;
  if (k != Kind::boolean) return CodecError::wrong_type;
  return raw() == "true";
}

Value::Iterator Value::begin() const noexcept {
  const Kind k = kind();
  if (k != Kind::object && k != Kind::array) return end();
  return Iterator(doc_, index_ + 1, k == Kind::object);
}

Value::Iterator Value::end() const noexcept {
  const Kind k = kind();
  if (k != Kind::object && k != Kind::array) return Iterator(doc_, 0, false);
  return Iterator(doc_, doc_->nodes_[index_].end, k == Kind::object);
}

Value::Member Value::Iterator::operator*() const noexcept {
  if (!object_) return {{}, Value(doc_, index_)};
  const auto& key = doc_->nodes_[index_];
  return {doc_->text_.substr(key.begin, key.length), Value(doc_, index_ + 1)};
}

Value::Iterator& Value::Iterator::operator++() noexcept {
  index_ = object_ ? doc_->nodes_[index_ + 1].end : doc_->nodes_[index_].end;
  return *this;
}

}  // namespace oex::json
