#include "oex/replay/capture_line.hpp"

#include <cstring>

namespace oex::replay {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view raw, std::size_t at, std::uint32_t& out) noexcept {
  if (at + 4 > raw.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const int v = hex_value(raw[at + i]);
    if (v < 0) return false;
    out = (out << 4) | static_cast<std::uint32_t>(v);
  }
  return true;
}

// Appends the UTF-8 form of `cp`; false when it does not fit.
bool put_utf8(std::uint32_t cp, char* out, std::size_t capacity, std::size_t& n) noexcept {
  char bytes[4];
  std::size_t len = 0;
  if (cp < 0x80) {
    bytes[len++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    bytes[len++] = static_cast<char>(0xC0 | (cp >> 6));
    bytes[len++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    bytes[len++] = static_cast<char>(0xE0 | (cp >> 12));
    bytes[len++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes[len++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    bytes[len++] = static_cast<char>(0xF0 | (cp >> 18));
    bytes[len++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    bytes[len++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes[len++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  if (capacity - n < len) return false;
  std::memcpy(out + n, bytes, len);
  n += len;
  return true;
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::size_t> unescape_json(std::string_view raw, char* out, std::size_t capacity) noexcept {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < raw.size()) {
    // Copy the run up to the next escape in one go: most messages have few escapes.
    const void* found = std::memchr(raw.data() + i, '\\', raw.size() - i);
    const std::size_t stop = found != nullptr ? static_cast<std::size_t>(static_cast<const char*>(found) - raw.data())
                                              : raw.size();
    const std::size_t run = stop - i;
    if (capacity - n < run) return std::nullopt;
    std::memcpy(out + n, raw.data() + i, run);
    n += run;
    i = stop;
    if (i == raw.size()) break;
    if (i + 1 >= raw.size()) return std::nullopt;
    const char e = raw[i + 1];
    char c = 0;
    switch (e) {
      case '"': c = '"'; break;
      case '\\': c = '\\'; break;
      case '/': c = '/'; break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!read_hex4(raw, i + 2, cp)) return std::nullopt;
        i += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (i + 1 >= raw.size() || raw[i] != '\\' || raw[i + 1] != 'u' || !read_hex4(raw, i + 2, low) ||
              low < 0xDC00 || low > 0xDFFF) {
            return std::nullopt;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return std::nullopt;
        }
        if (!put_utf8(cp, out, capacity, n)) return std::nullopt;
        continue;
      }
      default: return std::nullopt;
    }
    if (n == capacity) return std::nullopt;
    out[n++] = c;
    i += 2;
  }
  return n;
}

std::optional<std::size_t> decode_base64(std::string_view text, char* out, std::size_t capacity) noexcept {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::size_t n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n == capacity) return std::nullopt;
      out[n++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return n;
}

CaptureLineReader::CaptureLineReader(std::size_t max_message_bytes)
    : doc_(64, 4),
      payload_(std::make_unique<char[]>(max_message_bytes)),
      req_(std::make_unique<char[]>(4096)),
      capacity_(max_message_bytes) {}

LineError CaptureLineReader::read(std::string_view line, CaptureRecord& out) noexcept {
  venue_known_ = false;
  out = CaptureRecord{};
  if (doc_.parse(line) != codecs::CodecError::ok) return LineError::bad_json;
  const json::Value root = doc_.root();
  if (!root.is_object()) return LineError::bad_json;

  json::Value ts, venue, dir, ch, req, status, text, b64;
  for (const auto m : root) {
    const std::string_view k = m.key;
    if (k == "ts") ts = m.value;
    else if (k == "venue") venue = m.value;
    else if (k == "dir") dir = m.value;
    else if (k == "ch") ch = m.value;
    else if (k == "req") req = m.value;
    else if (k == "status") status = m.value;
    else if (k == "text") text = m.value;
    else if (k == "b64") b64 = m.value;
  }
  if (ts.is_missing() || venue.is_missing() || dir.is_missing() || ch.is_missing()) return LineError::missing_field;
  const auto ts_value = ts.as_int64();
  if (!ts_value.ok()) return LineError::wrong_type;
  out.ts = *ts_value;
  if (!venue.is_string()) return LineError::wrong_type;
  const auto v = venue_from_string(venue.raw());
  if (!v) return LineError::unknown_venue;
  out.venue = *v;
  venue_known_ = true;

  if (!dir.is_string() || !ch.is_string()) return LineError::wrong_type;
  if (dir.raw() == "in") out.dir = Direction::in;
  else if (dir.raw() == "out") out.dir = Direction::out;
  else return LineError::unknown_direction;
  if (ch.raw() == "ws") out.ch = Channel::ws;
  else if (ch.raw() == "http") out.ch = Channel::http;
  else return LineError::unknown_channel;

  if (req.present() && !req.is_null()) {
    if (!req.is_string()) return LineError::wrong_type;
    if (req.has_escapes()) {
      const auto n = unescape_json(req.raw(), req_.get(), 4096);
      if (!n) return LineError::bad_escape;
      out.req = {req_.get(), *n};
    } else {
      out.req = req.raw();
    }
  }
  if (status.present() && !status.is_null()) {
    const auto s = status.as_int64();
    if (!s.ok() || !status.is_number()) return LineError::wrong_type;
    out.status = static_cast<int>(*s);
  }

  if (!text.is_missing()) {
    if (!text.is_string()) return LineError::wrong_type;
    if (!text.has_escapes()) {
      out.payload = text.raw();  // a view into the line itself: nothing to copy
      return LineError::ok;
    }
    if (text.raw().size() > capacity_) return LineError::too_large;
    const auto n = unescape_json(text.raw(), payload_.get(), capacity_);
    if (!n) return LineError::bad_escape;
    out.payload = {payload_.get(), *n};
    return LineError::ok;
  }
  if (!b64.is_missing()) {
    if (!b64.is_string()) return LineError::wrong_type;
    if (b64.raw().size() / 4 * 3 > capacity_) return LineError::too_large;
    const auto n = decode_base64(b64.raw(), payload_.get(), capacity_);
    if (!n) return LineError::bad_base64;
    out.payload = {payload_.get(), *n};
    out.binary = true;
    return LineError::ok;
  }
  return LineError::missing_field;
}

}  // namespace oex::replay
