#pragma once
// Why a venue message could not be decoded or a request encoded: one vocabulary for all five
// venues, each name stable (tests, replay output and logs use it).
#include <cstdint>
#include <string_view>

namespace oex::codecs {

enum class CodecError : std::uint8_t {
  ok = 0,
  malformed_json,      // not JSON (bad syntax, truncated text)
  too_many_values,     // more JSON values or nesting than the reader was sized for
  missing_field,       // a field the message must carry is absent
  wrong_type,          // a field is there with the wrong JSON type
  invalid_number,      // a number field that is not an exact decimal or integer
  number_out_of_range, // more digits than Decimal holds, or an integer beyond 64 bits
  invalid_value,       // a field whose value the document does not allow
  unknown_message,     // valid JSON that is none of the venue's documented messages
  unknown_topic,       // a channel or method the venue documents no decoder for
  too_many_levels,     // a book or list longer than the decoder's fixed storage
  buffer_too_small,    // the caller's output buffer cannot hold the request; nothing past it written
  invalid_argument,    // a request the venue could not accept (e.g. more ids than a batch allows)
  venue_error,         // the venue answered with an error (an event carries its code and text)
  inflate_failed,      // a compressed frame that does not inflate, or inflates past its bound
};

[[nodiscard]] constexpr std::string_view error_name(CodecError e) noexcept {
  switch (e) {
    case CodecError::ok: return "ok";
    case CodecError::malformed_json: return "malformed_json";
    case CodecError::too_many_values: return "too_many_values";
    case CodecError::missing_field: return "missing_field";
    case CodecError::wrong_type: return "wrong_type";
    case CodecError::invalid_number: return "invalid_number";
    case CodecError::number_out_of_range: return "number_out_of_range";
    case CodecError::invalid_value: return "invalid_value";
    case CodecError::unknown_message: return "unknown_message";
    case CodecError::unknown_topic: return "unknown_topic";
    case CodecError::too_many_levels: return "too_many_levels";
    case CodecError::buffer_too_small: return "buffer_too_small";
    case CodecError::invalid_argument: return "invalid_argument";
    case CodecError::venue_error: return "venue_error";
    case CodecError::inflate_failed: return "inflate_failed";
  }
  return "unknown_error";
}

}  // namespace oex::codecs
