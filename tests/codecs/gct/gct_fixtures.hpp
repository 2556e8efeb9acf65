#pragma once
// The GCT fixtures and the endpoint each answers, plus a sink that renders decoded events as
// JSON lines (write_event_json; Candle and SymbolInfo, which have no normalized event, in the
// same style). Shared by the golden, sweep and allocation tests.
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "oex/codecs/event_json.hpp"
#include "oex/codecs/gct/decoder.hpp"

namespace oex::codecs::gct::testing {

struct Fixture {
  std::string_view file;
  bool push;  // the transaction push socket rather than a REST answer
  Endpoint endpoint;
};

inline constexpr std::array<Fixture, 22> kFixtures = {{
    {"save_entrust_ok.json", false, Endpoint::save_entrust},
    {"save_entrust_rejected.json", false, Endpoint::save_entrust},
    {"cancel_ok.json", false, Endpoint::cancel_entrust},
    {"cancel_rejected.json", false, Endpoint::cancel_entrust},
    {"error_signature.json", false, Endpoint::batch_cancel_open_orders},
    {"error_undocumented.json", false, Endpoint::query_order_by_id},
    {"query_order_by_id.json", false, Endpoint::query_order_by_id},
    {"open_orders.json", false, Endpoint::open_orders},
    {"current_orders.json", false, Endpoint::current_orders},
    {"query_my_entrust.json", false, Endpoint::query_my_entrust},
    {"query_my_his_entrust.json", false, Endpoint::query_my_his_entrust},
    {"query_my_entrust_order.json", false, Endpoint::query_my_entrust_order},
    {"user_finance_list.json", false, Endpoint::user_finance_list},
    {"market_tickers.json", false, Endpoint::market_tickers},
    {"market_ticker.json", false, Endpoint::market_ticker},
    {"market_depth.json", false, Endpoint::market_depth},
    {"market_trade.json", false, Endpoint::market_trade},
    {"market_kline.json", false, Endpoint::market_kline},
    {"market_trade_info.json", false, Endpoint::market_trade_info},
    {"market_error.json", false, Endpoint::market_depth},
    {"push_transaction.json", true, Endpoint::save_entrust},
    {"bad_signing_example_original.json", false, Endpoint::save_entrust},
}};

inline std::string fixture_dir() { return std::string(OEX_SOURCE_DIR) + "/tests/codecs/gct/fixtures/"; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string read_fixture(std::string_view name) { return read_file(fixture_dir() + std::string(name)); }

// The request each fixture answers, as the order-management layer would name it.
inline constexpr std::array<std::string_view, 1> kCancelIds = {"1382913578910371842"};
inline RequestRef ref_for(const Fixture& f) {
  RequestRef ref;
  ref.symbol = "BTCUSDT";
  if (f.endpoint == Endpoint::cancel_entrust) ref.order_ids = kCancelIds;
  if (f.endpoint == Endpoint::save_entrust) ref.client_order_id = "88888888";
  return ref;
}

// Appends one JSON line per event to `out`, into a fixed buffer (no allocation once `out` has room).
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
    w.put("{\"venue\":\"gct\",\"event\":\"candle\",\"symbol\":").put_json_string(c.symbol);
    w.put(",\"high\":\"").put_decimal(c.high).put("\",\"open\":\"").put_decimal(c.open);
    w.put("\",\"low\":\"").put_decimal(c.low).put("\",\"close\":\"").put_decimal(c.close);
    w.put("\",\"volume\":\"").put_decimal(c.volume).put("\",\"time_ms\":").put_int(c.time_ms).put('}');
  }
  static void render(BufferWriter& w, const SymbolInfo& s) {
    w.put("{\"venue\":\"gct\",\"event\":\"symbol_info\",\"symbol\":").put_json_string(s.symbol);
    w.put(",\"base\":").put_json_string(s.base_currency).put(",\"quote\":").put_json_string(s.quote_currency);
    w.put(",\"price_precision\":").put_int(s.price_precision).put(",\"count_precision\":");
    if (s.count_precision) {
      w.put_int(*s.count_precision);
    } else {
      w.put("null");
    }
    w.put('}');
  }
  std::string& out_;
};

}  // namespace oex::codecs::gct::testing
