#pragma once
// The BTSE fixtures (fixtures.manifest: file, decoder, endpoint, HTTP status, origin) and a
// renderer that turns a decode into golden text: one JSON line per event, then "result <error>".
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "oex/codecs/btse/book_decoder.hpp"
#include "oex/codecs/btse/rest_decoder.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace oex::codecs::btse::testing {

inline const std::string kDir = std::string(OEX_SOURCE_DIR) + "/tests/codecs/btse/";

struct FixtureEntry {
  std::string file;
  std::string decoder;  // rest, ws, book
  Endpoint endpoint = Endpoint::time;
  int http_status = 200;
  std::string origin;
};

inline bool endpoint_from_name(std::string_view name, Endpoint& out) {
  static constexpr std::array<std::pair<std::string_view, Endpoint>, 15> kNames = {{
      {"ohlcv", Endpoint::ohlcv},
      {"create_order", Endpoint::create_order},   {"amend_order", Endpoint::amend_order},
      {"cancel_order", Endpoint::cancel_order},   {"cancel_all_after", Endpoint::cancel_all_after},
      {"query_order", Endpoint::query_order},     {"open_orders", Endpoint::open_orders},
      {"trade_history", Endpoint::trade_history}, {"fees", Endpoint::fees},
      {"market_summary", Endpoint::market_summary}, {"price", Endpoint::price},
      {"orderbook", Endpoint::orderbook},         {"orderbook_l2", Endpoint::orderbook_l2},
      {"trades", Endpoint::trades},               {"time", Endpoint::time},
  }};
  for (const auto& [n, e] : kNames) {
    if (n == name) {
      out = e;
      return true;
    }
  }
  return false;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<FixtureEntry> load_manifest() {
  std::vector<FixtureEntry> entries;
  std::istringstream in(read_file(kDir + "fixtures.manifest"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    FixtureEntry e;
    std::string endpoint, status;
    fields >> e.file >> e.decoder >> endpoint >> status >> e.origin;
    if (e.decoder == "rest") {
      (void)endpoint_from_name(endpoint, e.endpoint);
      e.http_status = std::stoi(status);
    }
    entries.push_back(e);
  }
  return entries;
}

inline void write_fee_rates(BufferWriter& w, const FeeRates& f) {
  w.put("{\"venue\":\"btse\",\"event\":\"fee_rates\",\"symbol\":")
      .put_json_string(f.symbol)
      .put(",\"maker_fee\":\"")
      .put_decimal(f.maker_fee)
      .put("\",\"taker_fee\":\"")
      .put_decimal(f.taker_fee)
      .put("\"}");
}

inline void write_candle(BufferWriter& w, const Candle& c) {
  w.put("{\"venue\":\"btse\",\"event\":\"candle\",\"open_time_s\":").put_int(c.open_time_s);
  w.put(",\"open\":\"").put_decimal(c.open).put("\",\"high\":\"").put_decimal(c.high);
  w.put("\",\"low\":\"").put_decimal(c.low).put("\",\"close\":\"").put_decimal(c.close);
  w.put("\",\"volume\":\"").put_decimal(c.volume).put("\"}");
}

// Renders every event into `out`, one line each.
struct RenderSink {
  std::string* out;
  template <class Event>
  void operator()(const Event& event) const {
    char buffer[16384];
    BufferWriter w(buffer, sizeof buffer);
    if constexpr (std::is_same_v<Event, FeeRates>) {
      write_fee_rates(w, event);
    } else if constexpr (std::is_same_v<Event, Candle>) {
      write_candle(w, event);
    } else {
      write_event_json(w, event);
    }
    out->append(w.view()).append("\n");
  }
};

struct Decoders {
  RestDecoder rest;
  WsDecoder ws;
  BookDecoder book;
};

template <class Sink>
CodecError decode_with(Decoders& d, const FixtureEntry& e, std::string_view text, Sink&& sink) {
  if (e.decoder == "rest") return d.rest.decode(e.endpoint, e.http_status, text, sink);
  if (e.decoder == "book") return d.book.decode(text, sink);
  return d.ws.decode(text, sink);
}

// The golden text of one decode.
inline std::string render(Decoders& d, const FixtureEntry& e, std::string_view text) {
  std::string out;
  const CodecError result = decode_with(d, e, text, RenderSink{&out});
  out.append("result ").append(error_name(result)).append("\n");
  return out;
}

}  // namespace oex::codecs::btse::testing
