#include "oex/capture/capture_writer.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>


namespace oex::capture {
namespace {

void append_json_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
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

std::string format_line(const Record& r, const Redactor& redactor) {
  std::string line = "{\"ts\":" + std::to_string(r.ts_ns) + ",\"venue\":\"";
  line += to_string(r.venue);
  line += r.direction == Direction::in ? "\",\"dir\":\"in" : "\",\"dir\":\"out";
  line += r.channel == Channel::http ? "\",\"ch\":\"http\"" : "\",\"ch\":\"ws\"";
  std::string clean;
  if (r.channel == Channel::http) {
    line += ",\"req\":";
    redactor.redact(r.request, clean);
    append_json_string(clean, line);
    if (r.status != 0) line += ",\"status\":" + std::to_string(r.status);
  }
  clean.clear();
  if (r.binary) {
    line += ",\"b64\":";  // compressed bytes: a secret inside them would not be visible here
    append_base64(r.payload, line);
  } else {
    line += ",\"text\":";
    redactor.redact(r.payload, clean);
    append_json_string(clean, line);
  }
  line += '}';
  return line;
}

absl::StatusOr<std::unique_ptr<CaptureWriter>> CaptureWriter::start(CaptureRing& ring, const std::string& path,
                                                                     Redactor redactor) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return absl::InvalidArgumentError("capture file " + path + ": " + std::strerror(errno));
  return std::unique_ptr<CaptureWriter>(new CaptureWriter(ring, file, std::move(redactor)));
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
    const std::string line = format_line(r, redactor_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
  });
  if (n > 0) {
    std::fflush(file_);
    written_.fetch_add(n, std::memory_order_relaxed);
  }
  return n;
}

void CaptureWriter::run() {
  while (!stopping_.load(std::memory_order_relaxed)) {
    if (drain_once() == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  while (drain_once() > 0) {
  }
}

}  // namespace oex::capture
