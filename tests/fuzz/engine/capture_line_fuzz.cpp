// Any bytes as a captured message: the writer's line for it is one JSON object whose "text" (or
// "req") reads back as exactly what the Redactor made of the message, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oex/capture/capture_writer.hpp"

namespace {

// The value of the string field `name` in a line the writer made, unescaped; false when it is
// not there or not a well-formed string.
bool read_field(std::string_view line, std::string_view name, std::string& out) {
  const std::string key = "\"" + std::string(name) + "\":\"";
  const std::size_t at = line.find(key);
  if (at == std::string_view::npos) return false;
  for (std::size_t i = at + key.size(); i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') return true;
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= line.size()) return false;
    if (line[i] == '"' || line[i] == '\\') {
      out += line[i];
    } else if (line[i] == 'u' && i + 4 < line.size() && line.substr(i + 1, 2) == "00") {
      out += static_cast<char>(std::stoi(std::string(line.substr(i + 3, 2)), nullptr, 16));
      i += 4;
    } else {
      return false;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  oex::capture::Redactor redactor;
  redactor.add_secret("1001");
  redactor.add_secret("fuzz-secret-value-0123456789");
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  oex::capture::Record r;
  r.channel = (data[0] & 1) ? oex::capture::Channel::http : oex::capture::Channel::ws;
  // An HTTP record: the first line is the request, the rest the body.
  const std::size_t split = r.channel == oex::capture::Channel::http ? bytes.find('\n') : std::string_view::npos;
  r.request = split == std::string_view::npos ? std::string_view{} : bytes.substr(0, split);
  r.payload = split == std::string_view::npos ? bytes : bytes.substr(split + 1);

  const std::string line = oex::capture::format_line(r, redactor);
  if (line.empty() || line.front() != '{' || line.back() != '}' || line.find('\n') != std::string::npos) {
    __builtin_trap();
  }
  std::string expected, text;
  redactor.redact(r.payload, expected);
  if (!read_field(line, "text", text) || text != expected) __builtin_trap();
  if (r.channel == oex::capture::Channel::http) {
    std::string expected_request, request;
    redactor.redact(r.request, expected_request);
    if (!read_field(line, "req", request) || request != expected_request) __builtin_trap();
  }
  return 0;
}
