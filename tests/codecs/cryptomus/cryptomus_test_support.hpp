#pragma once
// Fixture loading and event rendering shared by the Cryptomus codec tests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace oex::codecs::cryptomus::test {

inline std::filesystem::path test_dir() { return std::filesystem::path(OEX_SOURCE_DIR) / "tests/codecs/cryptomus"; }
inline std::filesystem::path fixture_dir() { return test_dir() / "fixtures"; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  std::string name;  // file name without .json
  std::string text;
  std::string answered_method;  // for answers that do not name their method
};

// "deal_subscribe_response" -> "deal_subscribe": what the session passes from its id table.
inline std::string answered_method_for(const std::string& name) {
  const std::string suffix = "_response";
  if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
  return name.substr(0, name.size() - suffix.size());
}

inline std::vector<Fixture> fixtures_in(const std::string& folder) {
  std::vector<Fixture> out;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir() / folder)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string name = entry.path().stem().string();
    out.push_back({name, read_file(entry.path()), answered_method_for(name)});
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  return out;
}

// Start-up REST results have no normalized event: rendered here in the same one-line style.
inline void write_json(BufferWriter& w, const TokenResponse& t) {
  w.put(R"({"venue":"cryptomus","event":"token","token":)").put_json_string(t.token).put('}');
}
inline void write_opt_decimal(BufferWriter& w, std::string_view key, const OptDecimal& d) {
  w.put(",\"").put(key).put("\":");
  if (d) {
    w.put('"').put_decimal(*d).put('"');
  } else {
    w.put("null");
  }
}
inline void write_opt_int(BufferWriter& w, std::string_view key, const std::optional<std::int64_t>& v) {
  w.put(",\"").put(key).put("\":");
  if (v) {
    w.put_int(*v);
  } else {
    w.put("null");
  }
}
inline void write_opt_text(BufferWriter& w, std::string_view key, const OptText& v) {
  w.put(",\"").put(key).put("\":");
  if (v) {
    w.put_json_string(*v);
  } else {
    w.put("null");
  }
}
inline void write_json(BufferWriter& w, const MarketInfo& m) {
  w.put(R"({"venue":"cryptomus","event":"market","id":)").put_json_string(m.id);
  w.put(R"(,"symbol":)").put_json_string(m.symbol);
  w.put(R"(,"base":)").put_json_string(m.base_currency);
  w.put(R"(,"quote":)").put_json_string(m.quote_currency);
  write_opt_decimal(w, "base_min_size", m.base_min_size);
  write_opt_decimal(w, "quote_min_size", m.quote_min_size);
  write_opt_decimal(w, "base_max_size", m.base_max_size);
  write_opt_decimal(w, "quote_max_size", m.quote_max_size);
  write_opt_int(w, "base_precision", m.base_precision);
  write_opt_int(w, "quote_precision", m.quote_precision);
  write_opt_text(w, "base_name", m.base_currency_name);
  write_opt_text(w, "quote_name", m.quote_currency_name);
  w.put('}');
}
inline void write_json(BufferWriter& w, const DepthScale& s) {
  w.put(R"({"venue":"cryptomus","event":"depth_scale","scale":")").put_decimal(s.scale).put(R"(","index":)");
  w.put_int(s.index).put('}');
}
template <class Event>
void write_json(BufferWriter& w, const Event& e) {
  write_event_json(w, e);
}

template <class Event>
std::string render(const Event& event) {
  char buf[16384];
  BufferWriter w(buf, sizeof buf);
  write_json(w, event);
  return w.finish().ok() ? std::string(w.view()) : std::string("<render overflow>");
}

struct Decoded {
  CodecError result = CodecError::ok;
  std::vector<std::string> events;
};

inline Decoded decode_ws(WsDecoder& decoder, std::string_view text, std::string_view answered_method = {}) {
  Decoded d;
  d.result = decoder.decode(text, [&](const auto& event) { d.events.push_back(render(event)); }, answered_method);
  return d;
}

inline Endpoint endpoint_for(const std::string& name) {
  if (name == "token") return Endpoint::token;
  if (name == "markets") return Endpoint::markets;
  return Endpoint::depth_scales;
}

inline Decoded decode_rest(RestDecoder& decoder, Endpoint endpoint, int status, std::string_view text) {
  Decoded d;
  d.result = decoder.decode(endpoint, status, text, [&](const auto& event) { d.events.push_back(render(event)); });
  return d;
}

inline std::string golden_text(const Decoded& d) {
  std::string out;
  for (const auto& line : d.events) out += line + "\n";
  out += "result: " + std::string(error_name(d.result)) + "\n";
  return out;
}

}  // namespace oex::codecs::cryptomus::test
