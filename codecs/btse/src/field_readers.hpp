#pragma once
// Small readers shared by the BTSE object readers: absent or null stays absent, a present field
// of the wrong shape is an error.
#include <optional>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/json.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs::btse::detail {

template <class V>
inline CodecError opt_text(V v, OptText& out) noexcept {
  out.reset();
  if (v.is_missing()) return CodecError::ok;
  const auto text = v.as_text();
  if (!text.ok()) return text.error();
  out = *text;
  return CodecError::ok;
}

// Absent or null gives an empty view.
template <class V>
inline CodecError text_or_empty(V v, std::string_view& out) noexcept {
  out = {};
  if (v.is_missing()) return CodecError::ok;
  const auto text = v.as_text();
  if (!text.ok()) return text.error();
  out = *text;
  return CodecError::ok;
}

template <class V>
inline CodecError req_text(V v, std::string_view& out) noexcept {
  const auto text = v.as_text();
  if (!text.ok()) return text.error();
  out = *text;
  return CodecError::ok;
}

// BTSE sends "" or null for "no client order id".
template <class V>
inline CodecError opt_client_id(V v, OptText& out) noexcept {
  if (const CodecError e = opt_text(v, out); e != CodecError::ok) return e;
  if (out && out->empty()) out.reset();
  return CodecError::ok;
}

template <class V>
inline CodecError opt_decimal(V v, OptDecimal& out) noexcept {
  out.reset();
  if (v.is_missing()) return CodecError::ok;
  const auto d = v.as_decimal();
  if (!d.ok()) return d.error();
  out = *d;
  return CodecError::ok;
}

template <class V>
inline CodecError req_decimal(V v, Decimal& out) noexcept {
  const auto d = v.as_decimal();
  if (!d.ok()) return d.error();
  out = *d;
  return CodecError::ok;
}

template <class V>
inline CodecError opt_millis(V v, OptMillis& out) noexcept {
  out.reset();
  if (v.is_missing()) return CodecError::ok;
  const auto ms = v.as_int64();
  if (!ms.ok()) return ms.error();
  out = *ms;
  return CodecError::ok;
}

template <class V>
inline CodecError opt_side(V v, std::optional<Side>& out) noexcept {
  out.reset();
  if (v.is_missing()) return CodecError::ok;
  const auto text = v.as_string();
  if (!text.ok()) return text.error();
  if (*text == "BUY") {
    out = Side::buy;
  } else if (*text == "SELL") {
    out = Side::sell;
  } else {
    return CodecError::invalid_value;
  }
  return CodecError::ok;
}

}  // namespace oex::codecs::btse::detail
