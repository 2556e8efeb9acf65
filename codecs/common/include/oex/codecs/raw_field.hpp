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
  json::Kind kind = json::Kind::absent;
  std::string_view text;  // a string's content (without quotes) or a number's digits
  bool escaped = false;

  [[nodiscard]] bool present() const noexcept { return kind != json::Kind::absent; }
  [[nodiscard]] bool is_missing() const noexcept { return kind == json::Kind::absent || kind == json::Kind::null; }
  [[nodiscard]] static RawField of(json::Value v) noexcept { return {v.kind(), v.raw(), v.has_escapes()}; }
};

// A string or a number, as text.
[[nodiscard]] CodecError as_text(const RawField& f, std::string_view& out) noexcept;
// A string only.
[[nodiscard]] CodecError as_string(const RawField& f, std::string_view& out) noexcept;
// Text handed on as a view of the message: an escaped one cannot be, so it is invalid_value.
[[nodiscard]] CodecError read_text(const RawField& f, std::string_view& out) noexcept;
[[nodiscard]] CodecError read_opt_text(const RawField& f, OptText& out) noexcept;
// Exact, from the text, never through binary floating point; quoted or bare.
[[nodiscard]] CodecError read_decimal(const RawField& f, Decimal& out) noexcept;
[[nodiscard]] CodecError read_opt_decimal(const RawField& f, OptDecimal& out) noexcept;
[[nodiscard]] CodecError read_int64(const RawField& f, std::int64_t& out) noexcept;
// "buy" or "sell".
[[nodiscard]] CodecError read_side(const RawField& f, std::optional<Side>& out) noexcept;

// A key compared with a literal of known length: the compiler turns it into one or two loads.
template <std::size_t N>
[[nodiscard]] bool key_is(std::string_view key, const char (&literal)[N]) noexcept {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

}  // namespace oex::codecs
