#pragma once
// Reading one field of a json::Value into a normalized field, the same way for every venue:
// a required field that is absent or null is missing_field, an optional one stays empty, and a
// present one must convert exactly (text as sent, escapes and all; decimals and integers exact).
#include <cstdint>
#include <optional>
#include <string_view>

#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs {

namespace value_read_detail {
template <class T, class Convert>
CodecError required(json::Value v, T& out, Convert convert) noexcept {
  if (v.is_missing()) return CodecError::missing_field;
  const auto r = convert(v);
  if (!r.ok()) return r.error();
  out = *r;
  return CodecError::ok;
}
template <class T, class Convert>
CodecError optional(json::Value v, std::optional<T>& out, Convert convert) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto r = convert(v);
  if (!r.ok()) return r.error();
  out = *r;
  return CodecError::ok;
}
constexpr auto kDecimal = [](json::Value v) noexcept { return v.as_decimal(); };
constexpr auto kText = [](json::Value v) noexcept { return v.as_text(); };
constexpr auto kInt64 = [](json::Value v) noexcept { return v.as_int64(); };
}  // namespace value_read_detail

inline CodecError read(json::Value v, Decimal& out) noexcept {
  return value_read_detail::required(v, out, value_read_detail::kDecimal);
}
inline CodecError read(json::Value v, OptDecimal& out) noexcept {
  return value_read_detail::optional(v, out, value_read_detail::kDecimal);
}
inline CodecError read(json::Value v, std::string_view& out) noexcept {
  return value_read_detail::required(v, out, value_read_detail::kText);
}
inline CodecError read(json::Value v, OptText& out) noexcept {
  return value_read_detail::optional(v, out, value_read_detail::kText);
}
inline CodecError read(json::Value v, std::int64_t& out) noexcept {
  return value_read_detail::required(v, out, value_read_detail::kInt64);
}
inline CodecError read(json::Value v, std::optional<std::int64_t>& out) noexcept {
  return value_read_detail::optional(v, out, value_read_detail::kInt64);
}

}  // namespace oex::codecs
