// The notificationApiV3 fast path: BTSE pushes each order notification as a two-level object of
// scalars, which one pass over the text can validate and index without building a tape. The
// grammar checks are those of the shared reader (codecs/common json.cpp); anything this scanner
// does not accept goes to the shared reader, which decides and names the error.
#include <bit>
#include <cstdint>
#include <cstring>

#include "oex/codecs/btse/detail.hpp"

namespace oex::codecs::btse::detail {
namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Eight bytes at a time: a mask with the high bit set in each byte that is a quote, a backslash
// or a control byte. Bytes after the first match may be flagged too (a borrow), never before it,
// so the lowest set bit is exact.
static_assert(std::endian::native == std::endian::little, "the first byte in memory is the lowest");
std::uint64_t special_bytes(const char* p) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t zero_quote = (quote - kOnes) & ~quote;
  const std::uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w;
  return (zero_quote | zero_backslash | below_space) & kHighs;
}

constexpr bool is_special(char c) noexcept {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

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
    const char* begin = p_;
    for (;;) {
      if (end_ - p_ >= 8) {
        const std::uint64_t special = special_bytes(p_);
        if (special == 0) {
          p_ += 8;
          continue;
        }
        p_ += static_cast<unsigned>(__builtin_ctzll(special)) >> 3;  // little-endian: the first byte
      } else {
        while (p_ != end_ && !is_special(*p_)) ++p_;
        if (p_ == end_) return false;
      }
      const char c = *p_;
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c == '\\') {
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
    content = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    ++p_;
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
  // The JSON number grammar.
  [[nodiscard]] [[gnu::always_inline]] bool number() noexcept {
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

  const char* p_;
  const char* end_;
};

// The members of notificationApiV3's data in the order BTSE sends them (the document's example),
// each as its text `"name":` and the field it fills. Matching the expected name as literal text
// reads a key in one comparison; a key in another place is read byte by byte as usual.
struct ExpectedMember {
  std::string_view quoted;  // "name":
  OrderField field;
};
constexpr ExpectedMember kNotificationOrder[] = {
    {R"("symbol":)", OrderField::symbol},
    {R"("orderID":)", OrderField::order_id},
    {R"("side":)", OrderField::side},
    {R"("orderType":)", OrderField::order_type},
    {R"("price":)", OrderField::price},
    {R"("avgFilledPrice":)", OrderField::avg_filled_price},
    {R"("status":)", OrderField::status},
    {R"("clOrderID":)", OrderField::cl_order_id},
    {R"("maker":)", OrderField::count_},
    {R"("stealth":)", OrderField::count_},
    {R"("timestamp":)", OrderField::timestamp},
    {R"("pegPriceDeviation":)", OrderField::count_},
    {R"("time_in_force":)", OrderField::time_in_force},
    {R"("txType":)", OrderField::tx_type},
    {R"("triggerPrice":)", OrderField::trigger_price},
    {R"("originalOrderBaseSize":)", OrderField::original_base_size},
    {R"("originalOrderQuoteSize":)", OrderField::count_},
    {R"("currentOrderBaseSize":)", OrderField::current_base_size},
    {R"("currentOrderQuoteSize":)", OrderField::count_},
    {R"("filledBaseSize":)", OrderField::filled_base_size},
    {R"("totalFilledBaseSize":)", OrderField::total_filled_base_size},
    {R"("remainingBaseSize":)", OrderField::remaining_base_size},
    {R"("remainingQuoteSize":)", OrderField::count_},
    {R"("orderCurrency":)", OrderField::count_},
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
    if (expected < std::size(kNotificationOrder) && s.literal(kNotificationOrder[expected].quoted)) {
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
