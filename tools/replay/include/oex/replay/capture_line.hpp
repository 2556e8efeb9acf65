#pragma once
// One line of a JSON-lines capture (ARCHITECTURE.md) read into views: the envelope is validated
// with the codecs' JSON reader, the message's JSON string is unescaped and a "b64" payload
// decoded into buffers the reader owns (sized at construction), so a line costs no allocation.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "oex/codecs/json.hpp"
#include "oex/core/enums.hpp"

namespace oex::replay {

enum class Direction : std::uint8_t { in, out };
enum class Channel : std::uint8_t { ws, http };

enum class LineError : std::uint8_t {
  ok = 0,
  bad_json,         // the line is not one JSON object
  missing_field,    // ts, venue, dir, ch, or both text and b64 absent
  wrong_type,       // a field of the wrong JSON type
  unknown_venue,
  unknown_direction,
  unknown_channel,
  bad_escape,       // the text's JSON escapes do not decode
  bad_base64,
  too_large,        // the message does not fit the reader's buffer
};

[[nodiscard]] constexpr std::string_view error_name(LineError e) noexcept {
  switch (e) {
    case LineError::ok: return "ok";
    case LineError::bad_json: return "bad_capture_json";
    case LineError::missing_field: return "capture_missing_field";
    case LineError::wrong_type: return "capture_wrong_type";
    case LineError::unknown_venue: return "unknown_venue";
    case LineError::unknown_direction: return "unknown_direction";
    case LineError::unknown_channel: return "unknown_channel";
    case LineError::bad_escape: return "bad_escape";
    case LineError::bad_base64: return "bad_base64";
    case LineError::too_large: return "message_too_large";
  }
  return "unknown_error";
}

struct CaptureRecord {
  std::int64_t ts = 0;
  Venue venue{};
  Direction dir = Direction::in;
  Channel ch = Channel::ws;
  std::string_view req;             // "METHOD /path?query" (http), empty otherwise
  std::optional<int> status;        // http responses
  std::string_view payload;         // the message: unescaped text or decoded b64 bytes
  bool binary = false;              // the payload came from "b64"
};

class CaptureLineReader {
 public:
  explicit CaptureLineReader(std::size_t max_message_bytes = 1 << 20);

  // Reads `line` (without its newline). Views in `out` stay valid until the next read.
  // On failure, `out.ts` and `out.venue` hold what could be read (venue_known says whether).
  [[nodiscard]] LineError read(std::string_view line, CaptureRecord& out) noexcept;
  [[nodiscard]] bool venue_known() const noexcept { return venue_known_; }

 private:
  // One pass over a line in the shape captures are written in (flat object, plain keys): the
  // message is unescaped while it is scanned. Returns false when the line has another shape;
  // read() then takes the general path through the JSON reader, which names what is wrong.
  [[nodiscard]] bool read_flat(std::string_view line, CaptureRecord& out, LineError& error) noexcept;
  [[nodiscard]] LineError read_general(std::string_view line, CaptureRecord& out) noexcept;
  [[nodiscard]] LineError finish_fields(std::string_view venue, std::string_view dir, std::string_view ch,
                                        CaptureRecord& out) noexcept;

  json::Document doc_;
  std::unique_ptr<char[]> payload_;
  std::unique_ptr<char[]> req_;
  std::size_t capacity_;
  bool venue_known_ = false;
};

// Decodes a JSON string's content (without quotes) into `out`; the decoded size, or nullopt
// when an escape is invalid or `out` is too small.
[[nodiscard]] std::optional<std::size_t> unescape_json(std::string_view raw, char* out, std::size_t capacity) noexcept;
// Standard base64 (padding optional) into `out`; nullopt on a bad character or when too small.
[[nodiscard]] std::optional<std::size_t> decode_base64(std::string_view text, char* out, std::size_t capacity) noexcept;

}  // namespace oex::replay
