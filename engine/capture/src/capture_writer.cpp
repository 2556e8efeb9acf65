#include "oex/capture/capture_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include "oex/core/cpu_affinity.hpp"

namespace oex::capture {
namespace {

void append_json_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run not yet appended
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out.append(text.substr(plain, i - plain));
    plain = i + 1;
    if (u >= 0x20) {
      out += '\\';
      out += text[i];
    } else {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  out.append(text.substr(plain));
  out += '"';
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
