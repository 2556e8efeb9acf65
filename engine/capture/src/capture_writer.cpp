#include "oex/capture/capture_writer.hpp"

#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include "oex/core/cpu_affinity.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#include <tmmintrin.h>
#endif

namespace oex::capture {
namespace {

// Bytes JSON wants escaped: a quote or a backslash gets one more byte, a control byte five.
constexpr std::array<std::uint8_t, 256> kEscapeExtra = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 5;
  t['"'] = 1;
  t['\\'] = 1;
  return t;
}();

// Set bits in a byte, by table: the baseline x86-64 build has no popcnt instruction.
constexpr std::array<std::uint8_t, 256> kOnes = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned m = 0; m < 256; ++m) t[m] = static_cast<std::uint8_t>(std::popcount(m));
  return t;
}();

// Which of 16 bytes are quotes or backslashes, and which are control bytes (bit i for byte i).
struct Specials {
  unsigned quoted = 0;
  unsigned control = 0;
};
#if defined(__SSE2__)
Specials specials16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i quoted = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  return {static_cast<unsigned>(_mm_movemask_epi8(quoted)), static_cast<unsigned>(_mm_movemask_epi8(control))};
}
#else
Specials specials16(const char* p) noexcept {
  Specials s;
  for (int i = 0; i < 16; ++i) {
    const std::uint8_t e = kEscapeExtra[static_cast<unsigned char>(p[i])];
    s.quoted |= (e == 1 ? 1u : 0u) << i;
    s.control |= (e == 5 ? 1u : 0u) << i;
  }
  return s;
}
#endif

// Writes one byte escaped at o, returns the end.
char* put_escaped(char* o, char c) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  switch (kEscapeExtra[u]) {
    case 0: *o++ = c; break;
    case 1: *o++ = '\\'; *o++ = c; break;
    default:
      std::memcpy(o, "\\u00", 4);
      o[4] = kHex[u >> 4];
      o[5] = kHex[u & 15];
      o += 6;
  }
  return o;
}

#if defined(__SSE2__)
// For each pattern of quotes or backslashes in 8 bytes: the shuffle that spreads the 8 bytes
// out with a gap before each of them, the backslashes that fill the gaps, and the length.
struct Spread {
  alignas(16) std::array<std::array<std::uint8_t, 16>, 256> shuffle{};
  alignas(16) std::array<std::array<std::uint8_t, 16>, 256> backslashes{};
  std::array<std::uint8_t, 256> length{};
};
constexpr Spread kSpread = [] {
  Spread t;
  for (unsigned m = 0; m < 256; ++m) {
    unsigned j = 0;
    for (unsigned i = 0; i < 8; ++i) {
      if ((m >> i) & 1u) {
        t.shuffle[m][j] = 0x80;  // a zero byte, then the backslash
        t.backslashes[m][j++] = '\\';
      }
      t.shuffle[m][j++] = static_cast<std::uint8_t>(i);
    }
    for (; j < 16; ++j) t.shuffle[m][j] = 0x80;
    t.length[m] = static_cast<std::uint8_t>(8 + kOnes[m]);
  }
  return t;
}();

// Eight bytes at a time with one shuffle (SSSE3, which every x86-64 server since 2006 has; the
// baseline build does not assume it, so this is chosen at run time).
[[gnu::target("ssse3")]] char* escape_blocks_ssse3(const char*& p, const char* end, char* o) noexcept {
  for (; end - p >= 16; p += 16) {
    const Specials s = specials16(p);
    if (s.control != 0) {
      for (int i = 0; i < 16; ++i) o = put_escaped(o, p[i]);
      continue;
    }
    for (int half = 0; half < 2; ++half) {
      const unsigned m = (s.quoted >> (8 * half)) & 0xFFu;
      const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 8 * half));
      const __m128i spread = _mm_shuffle_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kSpread.shuffle[m].data())));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o),
                       _mm_or_si128(spread, _mm_load_si128(reinterpret_cast<const __m128i*>(kSpread.backslashes[m].data()))));
      o += kSpread.length[m];
    }
  }
  return o;
}
const bool kHasSsse3 = __builtin_cpu_supports("ssse3");
#endif

// Without SSSE3: a block with quotes or backslashes only is written without a branch per byte
// (a backslash is stored before every byte and kept only where it is needed).
char* escape_blocks(const char*& p, const char* end, char* o) noexcept {
#if defined(__SSE2__)
  if (kHasSsse3) return escape_blocks_ssse3(p, end, o);
#endif
  for (; end - p >= 16; p += 16) {
    const Specials s = specials16(p);
    if (s.control != 0) {
      for (int i = 0; i < 16; ++i) o = put_escaped(o, p[i]);
      continue;
    }
    for (int i = 0; i < 16; ++i) {
      const unsigned escaped = (s.quoted >> i) & 1u;
      o[0] = '\\';
      o[escaped] = p[i];
      o += 1 + escaped;
    }
  }
  return o;
}

// Messages are JSON, so a capture line escapes a quote every few bytes; the escapes are counted
// first, sixteen bytes at a time, so the line is sized once, then written sixteen at a time.
void append_json_string(std::string_view text, std::string& out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  std::size_t extra = 0;
  const char* q = p;
  for (; end - q >= 16; q += 16) {
    const Specials s = specials16(q);
    extra += kOnes[s.quoted & 0xFFu] + kOnes[s.quoted >> 8] + 5u * (kOnes[s.control & 0xFFu] + kOnes[s.control >> 8]);
  }
  for (; q < end; ++q) extra += kEscapeExtra[static_cast<unsigned char>(*q)];

  const std::size_t at = out.size();
  const std::size_t size = text.size() + extra + 2;
  out.resize(at + size + 16);  // slack for the last whole-block store, cut below
  char* o = out.data() + at;
  *o++ = '"';
  o = escape_blocks(p, end, o);
  for (; p < end; ++p) o = put_escaped(o, *p);
  *o = '"';
  out.resize(at + size);
}

void append_number(std::uint64_t n, std::string& out) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_base64(std::string_view bytes, std::string& out) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out += '"';
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  out += '"';
}

}  // namespace

void format_line(const Record& r, const Redactor& redactor, std::string& line, std::string& scratch) {
  line.assign("{\"ts\":");
  append_number(r.ts_ns, line);
  line += ",\"venue\":\"";
  line += to_string(r.venue);
  line += r.direction == Direction::in ? "\",\"dir\":\"in" : "\",\"dir\":\"out";
  line += r.channel == Channel::http ? "\",\"ch\":\"http\"" : "\",\"ch\":\"ws\"";
  if (r.channel == Channel::http) {
    line += ",\"req\":";
    scratch.clear();
    redactor.redact(r.request, scratch);
    append_json_string(scratch, line);
    if (r.status != 0) {
      line += ",\"status\":";
      append_number(r.status, line);
    }
  }
  if (r.binary) {
    line += ",\"b64\":";  // compressed bytes: a secret inside them would not be visible here
    append_base64(r.payload, line);
  } else {
    line += ",\"text\":";
    scratch.clear();
    redactor.redact(r.payload, scratch);
    append_json_string(scratch, line);
  }
  line += '}';
}

std::string format_line(const Record& r, const Redactor& redactor) {
  std::string line;
  std::string scratch;
  format_line(r, redactor, line, scratch);
  return line;
}

absl::StatusOr<std::unique_ptr<CaptureWriter>> CaptureWriter::start(CaptureRing& ring, const std::string& path,
                                                                     Redactor redactor, std::optional<int> cpu) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return absl::InvalidArgumentError("capture file " + path + ": " + std::strerror(errno));
  std::setvbuf(file, nullptr, _IOFBF, kFileBuffer);
  std::unique_ptr<CaptureWriter> writer(new CaptureWriter(ring, file, std::move(redactor)));
  if (cpu) {
    if (absl::Status pinned = pin_thread(writer->thread_.native_handle(), *cpu); !pinned.ok()) {
      return absl::InvalidArgumentError("capture writer: " + std::string(pinned.message()));
    }
  }
  return writer;
}

CaptureWriter::CaptureWriter(CaptureRing& ring, std::FILE* file, Redactor redactor)
    : ring_(ring), file_(file), redactor_(std::move(redactor)), thread_([this] { run(); }) {}

CaptureWriter::~CaptureWriter() {
  stopping_.store(true, std::memory_order_relaxed);
  thread_.join();
  std::fclose(file_);
}

std::size_t CaptureWriter::drain_once() {
  const std::size_t n = ring_.drain([this](const Record& r) {
    format_line(r, redactor_, line_, scratch_);
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), file_);
  });
  unflushed_ += n;
  return n;
}

void CaptureWriter::flush() {
  std::fflush(file_);
  written_.fetch_add(unflushed_, std::memory_order_relaxed);
  unflushed_ = 0;
}

void CaptureWriter::run() {
  // Lines reach the file in blocks of kFileBuffer while records keep coming, and whenever the
  // ring is empty: a write per drain would cost a system call every few records.
  while (!stopping_.load(std::memory_order_relaxed)) {
    if (drain_once() == 0) {
      if (unflushed_ > 0) flush();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  while (drain_once() > 0) {
  }
  flush();
}

}  // namespace oex::capture
