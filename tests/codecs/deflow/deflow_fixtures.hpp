#pragma once
// The Deflow fixtures and the endpoint each answers, plus a sink rendering events as JSON
// lines (write_event_json; Candle and SymbolInfo in the same style). Shared by the tests.
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/event_json.hpp"

namespace oex::codecs::deflow::testing {

struct Fixture {
  std::string_view file;
  Endpoint endpoint;
};

inline constexpr std::array<Fixture, 20> kFixtures = {{
    {"orders.json", Endpoint::orders},
    {"trades.json", Endpoint::trades},
    {"symbols.json", Endpoint::symbols},
    {"records.json", Endpoint::records},
    {"ticker.json", Endpoint::ticker},
    {"recent_trades.json", Endpoint::recent_trades},
    {"depth.json", Endpoint::depth},
    {"market.json", Endpoint::market},
    {"open_orders.json", Endpoint::open_orders},
    {"order_info.json", Endpoint::order_info},
    {"user_accounts.json", Endpoint::user_accounts},
    {"create_ok.json", Endpoint::create_order},
    {"create_ok_numeric_code.json", Endpoint::create_order},
    {"cancel_ok.json", Endpoint::cancel_order},
    {"create_rejected.json", Endpoint::create_order},
    {"cancel_rejected.json", Endpoint::cancel_order},
    {"error_signature.json", Endpoint::order_info},
    {"error_undocumented.json", Endpoint::orders},
    {"bad_records_as_printed.json", Endpoint::records},
    {"bad_depth_as_printed.json", Endpoint::depth},
}};

inline std::string fixture_dir() { return std::string(OEX_SOURCE_DIR) + "/tests/codecs/deflow/fixtures/"; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string read_fixture(std::string_view name) { return read_file(fixture_dir() + std::string(name)); }

inline std::string golden_name(std::string_view fixture) {
  return std::string(fixture.substr(0, fixture.size() - 5)) + ".golden";
}

// The market and order each request named, read off the examples: the /v1/order and /v1/trade
// samples trade eth against btc (baseCoin eth, countCoin btc; fees in ETH and BTC), the public
// samples price eth in usdt (ethusdt 790 in the ticker), the rest are btcusdt.
inline RequestRef ref_for(const Fixture& f) {
  RequestRef ref;
  switch (f.endpoint) {
    case Endpoint::orders:
    case Endpoint::trades: ref.symbol = "ethbtc"; break;
    case Endpoint::ticker:
    case Endpoint::recent_trades:
    case Endpoint::depth:
    case Endpoint::records: ref.symbol = "ethusdt"; break;
    default: ref.symbol = "btcusdt"; break;
  }
  if (f.endpoint == Endpoint::cancel_order) ref.order_id = "263";
  if (f.endpoint == Endpoint::order_info) ref.order_id = "100";
  return ref;
}

class RenderSink {
 public:
  explicit RenderSink(std::string& out) : out_(out) {}

  template <class Event>
  void operator()(const Event& e) {
    std::array<char, 4096> buffer;
    BufferWriter w(buffer.data(), buffer.size());
    render(w, e);
    w.put('\n');
    out_.append(w.view());
  }

 private:
  template <class Event>
  static void render(BufferWriter& w, const Event& e) {
    write_event_json(w, e);
  }
  static void render(BufferWriter& w, const Candle& c) {
    w.put("{\"venue\":\"deflow\",\"event\":\"candle\",\"symbol\":").put_json_string(c.symbol);
    w.put(",\"time_s\":").put_int(c.time_s).put(",\"open\":\"").put_decimal(c.open);
    w.put("\",\"high\":\"").put_decimal(c.high).put("\",\"low\":\"").put_decimal(c.low);
    w.put("\",\"close\":\"").put_decimal(c.close).put("\",\"volume\":\"").put_decimal(c.volume).put("\"}");
  }
  static void render(BufferWriter& w, const SymbolInfo& s) {
    w.put("{\"venue\":\"deflow\",\"event\":\"symbol_info\",\"symbol\":").put_json_string(s.symbol);
    w.put(",\"base\":").put_json_string(s.base_coin).put(",\"quote\":").put_json_string(s.count_coin);
    w.put(",\"price_precision\":").put_int(s.price_precision);
    w.put(",\"amount_precision\":").put_int(s.amount_precision).put('}');
  }
  std::string& out_;
};

}  // namespace oex::codecs::deflow::testing
