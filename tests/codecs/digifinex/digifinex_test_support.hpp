#pragma once
// Fixture loading and event rendering shared by the DigiFinex codec tests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace oex::codecs::digifinex::test {

inline std::filesystem::path test_dir() { return std::filesystem::path(OEX_SOURCE_DIR) / "tests/codecs/digifinex"; }
inline std::filesystem::path fixture_dir() { return test_dir() / "fixtures"; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The request method a response fixture answers, as the session would pass it from its id table:
// "order_algo_unsubscribe_response" -> "order_algo.unsubscribe", "ping_response" -> "server.ping".
inline std::string answered_method_for(const std::string& name) {
  const std::string suffix = "_response";
  if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
  const std::string request = name.substr(0, name.size() - suffix.size());
  if (request == "ping" || request == "time" || request == "auth") return "server." + request;
  for (const std::string action : {"_unsubscribe", "_subscribe"}) {
    if (request.size() > action.size() && request.compare(request.size() - action.size(), action.size(), action) == 0) {
      return request.substr(0, request.size() - action.size()) + "." + action.substr(1);
    }
  }
  return {};
}

struct Fixture {
  std::string name;  // file name without .json
  std::string text;
  std::string answered_method;
};

// What the server sends: fixtures/*.json (the requests are in fixtures/requests/).
inline std::vector<Fixture> incoming_fixtures() {
  std::vector<Fixture> out;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string name = entry.path().stem().string();
    out.push_back({name, read_file(entry.path()), answered_method_for(name)});
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  return out;
}

template <class Event>
std::string render(const Event& event) {
  char buf[16384];
  BufferWriter w(buf, sizeof buf);
  write_event_json(w, event);
  return w.finish().ok() ? std::string(w.view()) : std::string("<render overflow>");
}

struct Decoded {
  CodecError result = CodecError::ok;
  std::vector<std::string> events;  // write_event_json lines, in order
};

inline Decoded decode_all(WsDecoder& decoder, std::string_view text, std::string_view answered_method = {}) {
  Decoded d;
  d.result = decoder.decode(text, [&](const auto& event) { d.events.push_back(render(event)); }, answered_method);
  return d;
}

// The golden text: one event per line, then the decode result.
inline std::string golden_text(const Decoded& d) {
  std::string out;
  for (const auto& line : d.events) out += line + "\n";
  out += "result: " + std::string(error_name(d.result)) + "\n";
  return out;
}

}  // namespace oex::codecs::digifinex::test
