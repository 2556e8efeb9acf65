// The notificationApiV3 fast path: BTSE pushes each order notification as a two-level object of
// scalars, which one pass over the text can validate and index without building a tape. The
// grammar checks are those of the shared reader (codecs/common json.cpp); anything this scanner
// does not accept goes to the shared reader, which decides and names the error.
#include <cstdint>
#include <cstring>

#include "oex/codecs/btse/detail.hpp"
#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs::btse::detail {
namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) noexcept : p_(text.data()), end_(text.data() + text.size()) {}

  void skip_space() noexcept {
    while (p_ != end_ && is_space(*p_)) ++p_;
  }
  [[nodiscard]] bool at_end() const noexcept { return p_ == end_; }
  [[nodiscard]] bool consume(char c) noexcept {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  [[nodiscard]] bool peek(char c) const noexcept { return p_ != end_ && *p_ == c; }
  // Consumes `text` when the input continues with exactly it.
  [[nodiscard]] [[gnu::always_inline]] bool literal(std::string_view text) noexcept {
    const std::size_t n = text.size();
    if (static_cast<std::size_t>(end_ - p_) < n) return false;
    // Word by word: the names are short and a call to memcmp costs more than comparing them.
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t a;
      std::uint64_t b;
      std::memcpy(&a, p_ + i, 8);
      std::memcpy(&b, text.data() + i, 8);
      if (a != b) return false;
    }
    for (; i < n; ++i) {
      if (p_[i] != text[i]) return false;
    }
    p_ += n;
    return true;
  }

  // A string at the cursor; its content without the quotes.
  [[nodiscard]] [[gnu::always_inline]] bool string(std::string_view& content) noexcept {
    if (!consume('"')) return false;
    bool escaped = false;
    const char* const close = json_scan::string_end(p_, end_, escaped);
    if (close == nullptr) return false;
    content = std::string_view(p_, static_cast<std::size_t>(close - p_));
    p_ = close + 1;
    return true;
  }
  // Consumes `k` (`"name":`) when the input continues with exactly it.
  [[nodiscard]] [[gnu::always_inline]] bool key(const QuotedKey& k) noexcept {
    if (!at_quoted_key(p_, end_, k)) return false;
    p_ += k.size;
    return true;
  }

  // A string, number or literal; false for objects, arrays and anything malformed.
  [[nodiscard]] [[gnu::always_inline]] bool scalar(FieldValue& out) noexcept {
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      out.kind = json::Kind::string;
      return string(out.text);
    }
    if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
        return false;
      }
      out.kind = c == 'n' ? json::Kind::null : json::Kind::boolean;
      out.text = std::string_view(p_, word.size());
      p_ += word.size();
      return true;
    }
    const char* begin = p_;
    if (!number()) return false;
    out.kind = json::Kind::number;
    out.text = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    return true;
  }

 private:
  [[nodiscard]] [[gnu::always_inline]] bool number() noexcept {
    const char* const after = json_scan::number_end(p_, end_);
    if (after == nullptr) return false;
    p_ = after;
    return true;
  }

  const char* p_;
  const char* end_;
};

// The members of notificationApiV3's data in the order BTSE sends them (the document's example),
// each as its text `"name":` and the field it fills. Matching the expected name as literal text
// reads a key in one comparison; a key in another place is read byte by byte as usual.
struct ExpectedMember {
  QuotedKey quoted;  // "name":
  OrderField field;
};
constexpr ExpectedMember kNotificationOrder[] = {
    {quoted_key("symbol"), OrderField::symbol},
    {quoted_key("orderID"), OrderField::order_id},
    {quoted_key("side"), OrderField::side},
    {quoted_key("orderType"), OrderField::order_type},
    {quoted_key("price"), OrderField::price},
    {quoted_key("avgFilledPrice"), OrderField::avg_filled_price},
    {quoted_key("status"), OrderField::status},
    {quoted_key("clOrderID"), OrderField::cl_order_id},
    {quoted_key("maker"), OrderField::count_},
    {quoted_key("stealth"), OrderField::count_},
    {quoted_key("timestamp"), OrderField::timestamp},
    {quoted_key("pegPriceDeviation"), OrderField::count_},
    {quoted_key("time_in_force"), OrderField::time_in_force},
    {quoted_key("txType"), OrderField::tx_type},
    {quoted_key("triggerPrice"), OrderField::trigger_price},
    {quoted_key("originalOrderBaseSize"), OrderField::original_base_size},
    {quoted_key("originalOrderQuoteSize"), OrderField::count_},
    {quoted_key("currentOrderBaseSize"), OrderField::current_base_size},
    {quoted_key("currentOrderQuoteSize"), OrderField::count_},
    {quoted_key("filledBaseSize"), OrderField::filled_base_size},
    {quoted_key("totalFilledBaseSize"), OrderField::total_filled_base_size},
    {quoted_key("remainingBaseSize"), OrderField::remaining_base_size},
    {quoted_key("remainingQuoteSize"), OrderField::count_},
    {quoted_key("orderCurrency"), OrderField::count_},
};

// An object of scalars at the cursor, each member filed in `out`; counts its values.
bool flat_object(Scanner& s, OrderFields& out, std::size_t& values) noexcept {
  if (!s.consume('{')) return false;
  ++values;
  s.skip_space();
  if (s.consume('}')) return true;
  std::size_t expected = 0;
  for (;;) {
    s.skip_space();
    OrderField field = OrderField::count_;
    std::string_view key;
    if (expected < std::size(kNotificationOrder) && s.key(kNotificationOrder[expected].quoted)) {
      field = kNotificationOrder[expected].field;
    } else {
      if (!s.string(key)) return false;
      s.skip_space();
      if (!s.consume(':')) return false;
    }
    ++expected;
    s.skip_space();
    FieldValue value;
    if (!s.scalar(value)) return false;
    values += 2;
    if (key.data() == nullptr) {
      out.set(field, value);
    } else {
      out.add(key, value);
    }
    s.skip_space();
    if (s.consume('}')) return true;
    if (!s.consume(',')) return false;
  }
}

}  // namespace

bool scan_flat_notification(std::string_view text, std::size_t max_values, OrderFields& out) noexcept {
  out.clear();
  Scanner s(text);
  std::size_t values = 1;
  bool topic = false;
  bool data = false;
  // The shape BTSE sends, matched as text: the object, its topic and data's opening.
  if (s.literal(R"({"topic":"notificationApiV3","data":)")) {
    values += 3;
    if (!s.peek('{') || !flat_object(s, out, values)) return false;
    s.skip_space();
    if (!s.consume('}')) return false;
    s.skip_space();
    return s.at_end() && values <= max_values;
  }
  s.skip_space();
  if (!s.consume('{')) return false;
  for (;;) {
    s.skip_space();
    std::string_view key;
    if (!s.string(key)) return false;
    s.skip_space();
    if (!s.consume(':')) return false;
    s.skip_space();
    ++values;
    if (key == "topic" && !topic) {
      FieldValue value;
      if (!s.scalar(value) || value.kind != json::Kind::string || value.text != "notificationApiV3") return false;
      ++values;
      topic = true;
    } else if (key == "data" && !data) {
      if (!s.peek('{') || !flat_object(s, out, values)) return false;
      data = true;
    } else {
      return false;  // any other member (or a repeated one): the shared reader decides
    }
    s.skip_space();
    if (s.consume('}')) break;
    if (!s.consume(',')) return false;
  }
  s.skip_space();
  return s.at_end() && topic && data && values <= max_values;
}

}  // namespace oex::codecs::btse::detail
