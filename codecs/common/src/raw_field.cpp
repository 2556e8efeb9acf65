#include "oex/codecs/raw_field.hpp"

namespace oex::codecs {

namespace {
constexpr CodecError kOk = CodecError::ok;
}

CodecError as_text(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string && f.kind != json::Kind::number) return CodecError::wrong_type;
  out = f.text;
  return kOk;
}

CodecError as_string(const RawField& f, std::string_view& out) noexcept {
  if (f.is_missing()) return CodecError::missing_field;
  if (f.kind != json::Kind::string) return CodecError::wrong_type;
  out = f.text;
  return kOk;
}

CodecError read_text(const RawField& f, std::string_view& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != kOk) return e;
  if (f.escaped) return CodecError::invalid_value;
  out = text;
  return kOk;
}

CodecError read_opt_text(const RawField& f, OptText& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = read_text(f, text); e != kOk) return e;
  out = text;
  return kOk;
}

CodecError read_decimal(const RawField& f, Decimal& out) noexcept {
  std::string_view text;
  if (const CodecError e = as_text(f, text); e != kOk) return e;
  const auto d = Decimal::parse(text);
  if (!d.ok()) {
    return d.error() == Error::too_many_digits || d.error() == Error::overflow ? CodecError::number_out_of_range
                                                                               : CodecError::invalid_number;
  }
  out = *d;
  return kOk;
}

CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept {
  if (f.is_missing()) return kOk;
  Decimal d;
  if (const CodecError e = read_decimal(f, d); e != kOk) return e;
  out = d;
  return kOk;
}

CodecError read_int64(const RawField& f, std::int64_t& out) noexcept {
  std::string_view t;
  if (const CodecError e = as_text(f, t); e != kOk) return e;
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty()) return CodecError::invalid_number;
  std::uint64_t v = 0;
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  for (const char c : t) {
    if (static_cast<unsigned char>(c - '0') >= 10) return CodecError::invalid_number;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (limit - d) / 10) return CodecError::number_out_of_range;
    v = v * 10 + d;
  }
  out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return kOk;
}

CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept {
  if (f.is_missing()) return kOk;
  std::string_view text;
  if (const CodecError e = as_string(f, text); e != kOk) return e;
  if (text == "buy") {
    out = Side::buy;
  } else if (text == "sell") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return kOk;
}

}  // namespace oex::codecs
