#include "oex/replay/capture_line.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "oex/codecs/json_cursor.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

constexpr int base64_value(char c) noexcept {
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
  static constexpr auto kTable = [] {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) v = -1;
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(base64_value(static_cast<char>(c)));
    return t;
  }();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  const std::size_t whole = text.size() / 4;
  const std::size_t tail = text.size() % 4;
  const std::size_t size = whole * 3 + (tail == 0 ? 0 : tail - 1);
  if (size > capacity) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = 0;
  // Four characters make three bytes; any invalid character turns the OR of the values negative.
  for (std::size_t q = 0; q < whole; ++q, p += 4) {
    const int a = kTable[p[0]], b = kTable[p[1]], c = kTable[p[2]], d = kTable[p[3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const std::uint32_t v = (static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
                            (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d);
    out[n++] = static_cast<char>(v >> 16);
    out[n++] = static_cast<char>((v >> 8) & 0xFF);
    out[n++] = static_cast<char>(v & 0xFF);
  }
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t k = 0; k < tail; ++k) {
    const int v = kTable[p[k]];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return n;
}

CaptureLineReader::CaptureLineReader(std::size_t max_message_bytes)
    : doc_(64, 4),
      payload_(std::make_unique<char[]>(max_message_bytes + 64)),  // slack for whole-block stores
      req_(std::make_unique<char[]>(4096)),
      capacity_(max_message_bytes) {}

LineError CaptureLineReader::finish_fields(std::string_view venue, std::string_view dir, std::string_view ch,
                                           CaptureRecord& out) noexcept {
  const auto v = venue_from_string(venue);
  if (!v) return LineError::unknown_venue;
  out.venue = *v;
  venue_known_ = true;
  if (dir == "in") out.dir = Direction::in;
  else if (dir == "out") out.dir = Direction::out;
  else return LineError::unknown_direction;
  if (ch == "ws") out.ch = Channel::ws;
  else if (ch == "http") out.ch = Channel::http;
  else return LineError::unknown_channel;
  return LineError::ok;
}

namespace {

// A plain JSON string at line[i] (after its opening quote) without escapes: its content, with i
// past the closing quote; nullopt when it has escapes or control characters or does not end.
std::optional<std::string_view> plain_string(std::string_view line, std::size_t& i) noexcept {
  const std::size_t begin = i;
  i = static_cast<std::size_t>(codecs::json_scan::skip_plain(line.data() + i, line.data() + line.size()) - line.data());
  if (i < line.size() && line[i] == '"') return line.substr(begin, i++ - begin);
  return std::nullopt;
}

// Copies from `p` into `dst` the bytes that need no attention inside a JSON string, up to the
// first quote, backslash or control character (or `size`), and returns how many. Sixteen at a
// time where SSE2 is there: whole blocks are stored, so `dst` needs 16 bytes of slack.
std::size_t copy_plain_run(const char* p, std::size_t size, char* dst) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), v);
    // Control characters: below 0x20 as unsigned bytes, i.e. max(v, 0x20) == 0x20 but v != 0x20.
    const __m128i at_most_space = _mm_cmpeq_epi8(_mm_max_epu8(v, space), space);
    const __m128i control = _mm_andnot_si128(_mm_cmpeq_epi8(v, space), at_most_space);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < size; ++i) {
    const char c = p[i];
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return i;
    dst[i] = c;
  }
  return size;
}

// The one-character escapes of JSON, by the character after the backslash (0: not one).
constexpr std::array<char, 256> kSimpleEscapes = [] {
  std::array<char, 256> t{};
  t['"'] = '"';
  t['\\'] = '\\';
  t['/'] = '/';
  t['b'] = '\b';
  t['f'] = '\f';
  t['n'] = '\n';
  t['r'] = '\r';
  t['t'] = '\t';
  return t;
}();

#if defined(__x86_64__)
// The usual 64-byte blocks of a message, where the CPU can compress bytes out of a vector
// (AVX-512 VBMI2, chosen at run time): escaped quotes and slashes only, no closing quote. Each
// such block is one compress of its backslashes out and one store. Stops at the first other
// block, which unescape_plain then takes 16 bytes at a time; `i` and `n` are where it stopped in
// the text and in `dst` (which needs 64 bytes of slack).
__attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt"))) void unescape_usual_blocks(
    const char* p, std::size_t size, char* dst, std::size_t& i, std::size_t& n) noexcept {
  const __m512i quote = _mm512_set1_epi8('"');
  const __m512i backslash = _mm512_set1_epi8('\\');
  const __m512i slash = _mm512_set1_epi8('/');
  const __m512i space = _mm512_set1_epi8(0x20);
  while (size - i >= 64) {
    const __m512i v = _mm512_loadu_si512(p + i);
    const std::uint64_t all_backslashes = _mm512_cmpeq_epi8_mask(v, backslash);
    // A backslash in the last byte escapes the next block's first: the block ends before it.
    const std::uint64_t last = all_backslashes >> 63;
    const std::uint64_t block = ~(last << 63);
    const std::uint64_t backslashes = all_backslashes & block;
    const std::uint64_t quotes = _mm512_cmpeq_epi8_mask(v, quote);
    const std::uint64_t slashes = _mm512_cmpeq_epi8_mask(v, slash);
    const std::uint64_t control = _mm512_cmplt_epu8_mask(v, space);
    const std::uint64_t escaped = backslashes << 1;
    // (An escaped backslash is a backslash after one, caught with the escapes of other characters.)
    if (control != 0 || (quotes & ~escaped) != 0 || (escaped & ~(quotes | slashes)) != 0) return;
    _mm512_storeu_si512(dst + n, _mm512_maskz_compress_epi8(block & ~backslashes, v));
    n += 64 - last - static_cast<std::size_t>(__builtin_popcountll(backslashes));
    i += 64 - last;
  }
}

const bool kHasCompress = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vbmi2");
#endif

// The content of the JSON string at `p` (after its opening quote) unescaped into `dst`, which
// needs 64 bytes of slack past the size of the text: true with `consumed` (up to and including
// the closing quote) and `produced`; false for what the general path must read (\u and bad
// escapes, control characters, no closing quote).
//
// Captured messages are JSON in JSON, so every quote of the message is escaped: escapes come
// every few bytes. A 16-byte block is stored whole, then each escape in it is decoded in place
// and the rest of the block stored again after it, without leaving the block: the branch that
// ends the walk mispredicts once per block, not once per escape.
bool unescape_plain(const char* p, std::size_t size, char* dst, std::size_t& consumed, std::size_t& produced) noexcept {
  std::size_t i = 0;
  std::size_t n = 0;
#if defined(__x86_64__)
  if (kHasCompress) unescape_usual_blocks(p, size, dst, i, n);
#endif
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  // An escape's second byte may be the next block's first, and the rest of the block is re-read
  // 16 bytes from after that escape: 34 bytes ahead keep every read inside the text.
  while (size - i >= 34) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + n), v);
    const __m128i at_most_space = _mm_cmpeq_epi8(_mm_max_epu8(v, space), space);
    const __m128i control = _mm_andnot_si128(_mm_cmpeq_epi8(v, space), at_most_space);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask == 0) {
      i += 16;
      n += 16;
      continue;
    }
    // The usual block of a message in a capture: escaped quotes (and slashes) only, none at the
    // block's end, no closing quote. Each escape then only drops its backslash: the rest of the
    // block is stored again one byte further back, with nothing to decide per escape.
    const auto backslashes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)));
    const unsigned escaped = backslashes << 1;
    const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
    const auto slashes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/'))));
    if (mask == (backslashes | quotes) && (backslashes & (escaped | 0x8000u)) == 0 && quotes == (escaped & quotes) &&
        (escaped & ~(quotes | slashes)) == 0) {
      unsigned kept_from = 0;  // where in the block the bytes not yet counted begin
      for (unsigned rest = backslashes; rest != 0; rest &= rest - 1) {
        const auto k = static_cast<unsigned>(__builtin_ctz(rest));
        n += k - kept_from;
        kept_from = k + 1;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + n),
                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + kept_from)));
      }
      n += 16 - kept_from;
      i += 16;
      continue;
    }
    unsigned segment = 0;  // where in the block the bytes not yet counted begin
    while (mask != 0) {
      const auto k = static_cast<unsigned>(__builtin_ctz(mask));
      n += k - segment;
      const char c = p[i + k];
      if (c == '"') {
        consumed = i + k + 1;
        produced = n;
        return true;
      }
      if (c != '\\') return false;  // a control character
      const char decoded = kSimpleEscapes[static_cast<unsigned char>(p[i + k + 1])];
      if (decoded == 0) return false;
      dst[n++] = decoded;
      segment = k + 2;
      mask &= ~(3u << k);  // the escaped character is not a special one
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + n),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + segment)));
    }
    const unsigned block_end = segment > 16 ? segment : 16;
    n += block_end - segment;
    i += block_end;
  }
#endif
  while (true) {
    const std::size_t run = copy_plain_run(p + i, size - i, dst + n);
    n += run;
    i += run;
    if (i >= size) return false;
    const char c = p[i];
    if (c == '"') break;
    if (c != '\\' || i + 1 >= size) return false;
    const char decoded = kSimpleEscapes[static_cast<unsigned char>(p[i + 1])];
    if (decoded == 0) return false;
    dst[n++] = decoded;
    i += 2;
  }
  consumed = i + 1;
  produced = n;
  return true;
}

void skip_space(std::string_view line, std::size_t& i) noexcept {
  while (i < line.size() && static_cast<unsigned char>(line[i]) <= ' ' &&
         (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n')) {
    ++i;
  }
}

// The members of a capture line, and `other` for a name the reader ignores.
enum class Member : std::uint8_t { ts, venue, dir, ch, req, status, text, b64, other };

// The member name at line[i] (after its opening quote), with i past its closing quote: the
// envelope's names are matched whole, closing quote included, without scanning for the quote;
// any other plain name is `other`. nullopt when the name has escapes or does not end.
std::optional<Member> read_member(std::string_view line, std::size_t& i) noexcept {
  const auto take = [&](std::string_view quoted_name, Member m) -> std::optional<Member> {
    if (line.substr(i, quoted_name.size()) != quoted_name) return std::nullopt;
    i += quoted_name.size();
    return m;
  };
  std::optional<Member> m;
  if (i < line.size()) {
    switch (line[i]) {
      case 't':
        m = take("ts\"", Member::ts);
        if (!m) m = take("text\"", Member::text);
        break;
      case 'v': m = take("venue\"", Member::venue); break;
      case 'd': m = take("dir\"", Member::dir); break;
      case 'c': m = take("ch\"", Member::ch); break;
      case 'r': m = take("req\"", Member::req); break;
      case 's': m = take("status\"", Member::status); break;
      case 'b': m = take("b64\"", Member::b64); break;
      default: break;
    }
  }
  if (m) return m;
  if (!plain_string(line, i)) return std::nullopt;
  return Member::other;
}

}  // namespace

bool CaptureLineReader::read_flat(std::string_view line, CaptureRecord& out, LineError& error) noexcept {
  std::size_t i = 0;
  skip_space(line, i);
  if (i >= line.size() || line[i] != '{') return false;
  ++i;
  bool has_ts = false;
  std::string_view venue, dir, ch;
  bool has_text = false;
  bool has_b64 = false;
  std::string_view b64;
  while (true) {
    skip_space(line, i);
    if (i >= line.size() || line[i] != '"') return false;
    ++i;
    const auto member = read_member(line, i);
    if (!member) return false;
    const Member key = *member;
    skip_space(line, i);
    if (i >= line.size() || line[i] != ':') return false;
    ++i;
    skip_space(line, i);
    if (i >= line.size()) return false;
    const char first = line[i];
    if (first == '"') {
      ++i;
      if (key == Member::text) {
        // Unescape while scanning: one pass over the message.
        // The unescaped text is never longer than the rest of the line: one bound check here.
        if (line.size() - i > capacity_) {
          error = LineError::too_large;
          return true;
        }
        char* dst = payload_.get();
        std::size_t consumed = 0;
        std::size_t n = 0;
        if (!unescape_plain(line.data() + i, line.size() - i, dst, consumed, n)) return false;
        i += consumed;
        out.payload = {dst, n};
        has_text = true;
      } else {
        const auto value = plain_string(line, i);
        if (!value) return false;
        switch (key) {
          case Member::venue: venue = *value; break;
          case Member::dir: dir = *value; break;
          case Member::ch: ch = *value; break;
          case Member::req: out.req = *value; break;
          case Member::b64:
            b64 = *value;
            has_b64 = true;
            break;
          case Member::ts:
          case Member::status: return false;  // wrong type: the general path names it
          case Member::text:
          case Member::other: break;
        }
      }
    } else if (first == '-' || (first >= '0' && first <= '9')) {
      const bool negative = first == '-';
      if (negative) ++i;
      std::uint64_t magnitude = 0;
      std::size_t digits = 0;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        if (digits == 19) return false;  // beyond int64: the general path names it
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(line[i] - '0');
        ++i;
        ++digits;
      }
      if (digits == 0 || magnitude > static_cast<std::uint64_t>(INT64_MAX)) return false;
      if (i < line.size() && (line[i] == '.' || line[i] == 'e' || line[i] == 'E')) return false;
      const std::int64_t value = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
      if (key == Member::ts) {
        out.ts = value;
        has_ts = true;
      } else if (key == Member::status) {
        out.status = static_cast<int>(value);
      } else {
        return false;
      }
    } else if (line.substr(i, 4) == "null") {
      i += 4;
      if (key != Member::req && key != Member::status && key != Member::text && key != Member::b64) return false;
    } else {
      return false;
    }
    skip_space(line, i);
    if (i >= line.size()) return false;
    if (line[i] == ',') {
      ++i;
      continue;
    }
    if (line[i] != '}') return false;
    ++i;
    skip_space(line, i);
    if (i != line.size()) return false;
    break;
  }
  if (!has_ts || venue.empty() || dir.empty() || ch.empty() || (!has_text && !has_b64)) return false;
  if (const LineError e = finish_fields(venue, dir, ch, out); e != LineError::ok) {
    error = e;
    return true;
  }
  if (!has_text) {
    if (b64.size() / 4 * 3 > capacity_) {
      error = LineError::too_large;
      return true;
    }
    const auto n = decode_base64(b64, payload_.get(), capacity_);
    if (!n) {
      error = LineError::bad_base64;
      return true;
    }
    out.payload = {payload_.get(), *n};
    out.binary = true;
  }
  error = LineError::ok;
  return true;
}

LineError CaptureLineReader::read(std::string_view line, CaptureRecord& out) noexcept {
  venue_known_ = false;
  out = CaptureRecord{};
  LineError error = LineError::ok;
  if (read_flat(line, out, error)) return error;
  venue_known_ = false;
  out = CaptureRecord{};
  return read_general(line, out);
}

LineError CaptureLineReader::read_general(std::string_view line, CaptureRecord& out) noexcept {
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
  if (!venue.is_string() || !dir.is_string() || !ch.is_string()) {
    if (venue.is_string() && venue_from_string(venue.raw())) {
      out.venue = *venue_from_string(venue.raw());
      venue_known_ = true;
    }
    return LineError::wrong_type;
  }
  if (const LineError e = finish_fields(venue.raw(), dir.raw(), ch.raw(), out); e != LineError::ok) return e;

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
