#pragma once
// One JSON value as both readers see it — the json::Document tape and a venue's one-pass
// JsonCursor fast path: its kind and its exact text. The readers here are the only
// implementation of the conversions (json::Value's as_* call them too), so a message decodes
// the same whichever path read it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs {

struct RawField {
  std::string_view text;  // a string's content (without quotes) or a number's digits
  json::Kind kind = json::Kind::absent;
  bool escaped = false;

  [[nodiscard]] bool present() const noexcept { return kind != json::Kind::absent; }
  [[nodiscard]] bool is_missing() const noexcept { return kind == json::Kind::absent || kind == json::Kind::null; }
  [[nodiscard]] static RawField of(json::Value v) noexcept { return {v.raw(), v.kind(), v.has_escapes()}; }
};

// The readers are inline: each is a few compares around the caller's field, and the decoders'
// hot loops read a dozen fields per message.
namespace raw_field_detail {
[[nodiscard]] CodecError decimal_error(Error e) noexcept;
}  // namespace raw_field_detail

// A string or a number, as text.
[[nodiscard]] inline CodecError as_text(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string && f.kind != json::Kind::number) return CodecError::wrong_type;
  out = f.text;
  return CodecError::ok;
}
// A string only.
[[nodiscard]] inline CodecError as_string(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string) return CodecError::wrong_type;
  out = f.text;
  return CodecError::ok;
}
// Text handed on as a view of the message: an escaped one cannot be, so it is invalid_value.
[[nodiscard]] inline CodecError read_text(const RawField& f, std::string_view& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != CodecError::ok) return e;
  if (f.escaped) return CodecError::invalid_value;
  out = text;
  return CodecError::ok;
}
[[nodiscard]] inline CodecError read_opt_text(const RawField& f, OptText& out) noexcept {
  if (f.is_missing()) return CodecError::ok;
  std::string_view text;
  if (const CodecError e = read_text(f, text); e != CodecError::ok) return e;
  out = text;
  return CodecError::ok;
}
// Plain decimal text of at most 18 significant digits ("0", "9713.82", "-0.0050",
// "0.2200000000000000"), which is what venues send for prices and quantities, read inline to the
// value Decimal::parse gives (trailing zeros of the fraction dropped, so the scale is the
// smallest exact one). False for anything else (an exponent, more digits, a stray byte):
// Decimal::parse then reads it or names the error.
[[nodiscard]] [[gnu::always_inline]] inline bool parse_plain_decimal(std::string_view text, Decimal& out) noexcept {
  const auto digit = [](char c) noexcept { return static_cast<unsigned>(static_cast<unsigned char>(c - '0')); };
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  const char* const integer = p;
  while (p != end && digit(*p) < 10) ++p;
  const char* const point = p;
  if (point == integer) return false;
  // The fraction's digits that count: the trailing zeros (Cryptomus sends sixteen places) add
  // nothing, and skipping them first keeps the loop below free of a branch per zero.
  const char* significant_end = point;
  if (p != end) {
    if (*p != '.') return false;
    const char* const fraction = ++p;
    while (p != end && digit(*p) < 10) ++p;
    if (p != end || p == fraction) return false;
    significant_end = end;
    while (significant_end != fraction && significant_end[-1] == '0') --significant_end;
  }
  const int scale = significant_end > point ? static_cast<int>(significant_end - point - 1) : 0;
  // At most 18 digits: below 10^18 in 64 bits.
  if ((point - integer) + scale > 18) return false;
  std::uint64_t units = 0;
  for (const char* q = integer; q != point; ++q) units = units * 10 + digit(*q);
  if (scale > 0) {
    for (const char* q = point + 1; q != significant_end; ++q) units = units * 10 + digit(*q);
  }
  const auto whole = static_cast<std::int64_t>(units);  // below 10^18, at most 18 places
  out = Decimal::from_int_scaled(negative ? -whole : whole, scale);
  return true;
}

// Exact, from the text, never through binary floating point; quoted or bare. Always inline:
// called, it hands the value back through memory, and the caller's 16-byte load of what it
// stored as two 8-byte halves stalls on the failed store forwarding (measured: most of its time).
[[nodiscard]] [[gnu::always_inline]] inline CodecError read_decimal(const RawField& f, Decimal& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != CodecError::ok) return e;
  if (parse_plain_decimal(text, out)) return CodecError::ok;
  const auto d = Decimal::parse(text);
  if (!d.ok()) return raw_field_detail::decimal_error(d.error());
  out = *d;
  return CodecError::ok;
}
[[nodiscard]] [[gnu::always_inline]] inline CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept {
  if (f.is_missing()) return CodecError::ok;
  Decimal d;
  if (const CodecError e = read_decimal(f, d); e != CodecError::ok) return e;
  out = d;
  return CodecError::ok;
}
// An integer's text (an optional '-', then digits), exactly into 64 bits.
[[nodiscard]] inline CodecError parse_int64(std::string_view t, std::int64_t& out) noexcept {
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty()) return CodecError::invalid_number;
  std::uint64_t v = 0;
  if (t.size() <= 18) {  // below 10^18: nothing to check but the digits (two cycles a digit, not four)
    for (const char c : t) {
      const auto d = static_cast<unsigned char>(c - '0');
      if (d >= 10) return CodecError::invalid_number;
      v = v * 10 + d;
    }
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return CodecError::ok;
  }
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  for (const char c : t) {
    const auto d = static_cast<unsigned char>(c - '0');
    if (d >= 10) return CodecError::invalid_number;
    // Overflow flags, not a division per digit (a 13-digit stamp paid thirteen of those).
    if (__builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, d, &v) || v > limit) {
      return CodecError::number_out_of_range;
    }
  }
  out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return CodecError::ok;
}
[[nodiscard]] inline CodecError read_int64(const RawField& f, std::int64_t& out) noexcept {
  std::string_view t;
  if (const CodecError e = as_text(f, t); e != CodecError::ok) return e;
  return parse_int64(t, out);
}
[[nodiscard]] inline CodecError read_opt_int64(const RawField& f, std::optional<std::int64_t>& out) noexcept {
  if (f.is_missing()) return CodecError::ok;
  std::int64_t v = 0;
  if (const CodecError e = read_int64(f, v); e != CodecError::ok) return e;
  out = v;
  return CodecError::ok;
}
// A key compared with a literal: length first, then the bytes, unrolled inline (the literal's
// length is known, so this is a few compares and never a call to memcmp).
template <std::size_t N>
[[nodiscard]] [[gnu::always_inline]] inline bool key_is(std::string_view key, const char (&literal)[N]) noexcept {
  if (key.size() != N - 1) return false;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    if (key[i] != literal[i]) return false;
  }
  return true;
}

// "buy" or "sell".
[[nodiscard]] inline CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept {
  if (f.is_missing()) return CodecError::ok;
  std::string_view text;
  if (const CodecError e = as_string(f, text); e != CodecError::ok) return e;
  if (key_is(text, "buy")) {
    out = Side::buy;
  } else if (key_is(text, "sell")) {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}

}  // namespace oex::codecs
