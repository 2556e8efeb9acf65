// BM_Replay/jsonl/<venue>/oex: a capture of one venue's private traffic (order lifecycles: new,
// partial, filled; trade reports where the venue sends them; DigiFinex frames deflated and
// base64'd as the capture stores them) replayed through the whole replay engine. items/s is
// capture lines (messages) per second on one core; the output is rendered and discarded.
#include <benchmark/benchmark.h>
#include <libdeflate.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"

namespace {

constexpr int kOrders = 4000;  // per capture; each order's lifecycle is a few messages

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (static_cast<std::uint8_t>(bytes[i]) << 16) |
                            (static_cast<std::uint8_t>(bytes[i + 1]) << 8) | static_cast<std::uint8_t>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = static_cast<std::uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

class CaptureBuilder {
 public:
  explicit CaptureBuilder(std::string venue) : venue_(std::move(venue)) {}
  void ws(const std::string& text) { line(R"("dir":"in","ch":"ws","text":")" + escape(text) + "\""); }
  void ws_deflated(const std::string& text) {
    std::string out(libdeflate_zlib_compress_bound(compressor_, text.size()), '\0');
    out.resize(libdeflate_zlib_compress(compressor_, text.data(), text.size(), out.data(), out.size()));
    line(R"("dir":"in","ch":"ws","b64":")" + base64(out) + "\"");
  }
  void http(const std::string& req, const std::string& body) {
    line(R"("dir":"in","ch":"http","req":")" + req + R"(","status":200,"text":")" + escape(body) + "\"");
  }
  std::string take() { return std::move(text_); }
  std::size_t lines() const { return lines_; }
  ~CaptureBuilder() { libdeflate_free_compressor(compressor_); }

 private:
  void line(const std::string& body) {
    ts_ += 1000;
    text_ += "{\"ts\":" + std::to_string(ts_) + ",\"venue\":\"" + venue_ + "\"," + body + "}\n";
    ++lines_;
  }
  std::string venue_;
  std::string text_;
  std::int64_t ts_ = 1'700'000'000'000'000'000;
  std::size_t lines_ = 0;
  libdeflate_compressor* compressor_ = libdeflate_alloc_compressor(6);
};

std::string digifinex_order(int i, int status, const char* filled, const char* notional) {
  return R"({"method":"order.update","params":[{"amount":"1","filled":")" + std::string(filled) +
         R"(","id":"dfx)" + std::to_string(i) + R"(","mode":1,"notional":")" + notional +
         R"(","price":"100","price_avg":"100","side":"buy","status":)" + std::to_string(status) +
         R"(,"symbol":"BTC_USDT","timestamp":1589272547000,"type":"limit"}],"id":null})";
}

std::string btse_note(int i, int status, const char* filled, const char* cum, const char* remaining) {
  return R"({"topic":"notificationApiV3","data":{"symbol":"BTC-USD","orderID":"o-)" + std::to_string(i) +
         R"(","side":"BUY","orderType":"76","price":"30000.5","avgFilledPrice":30000.5,"status":)" +
         std::to_string(status) + R"(,"clOrderID":"c-)" + std::to_string(i) +
         R"(","maker":true,"stealth":1,"timestamp":1700000001456,"pegPriceDeviation":"0","time_in_force":"GTC",)"
         R"("txType":0,"triggerPrice":"0","originalOrderBaseSize":1.5,"originalOrderQuoteSize":null,)"
         R"("currentOrderBaseSize":1.5,"currentOrderQuoteSize":null,"filledBaseSize":)" + filled +
         R"(,"totalFilledBaseSize":)" + cum + R"(,"remainingBaseSize":)" + remaining +
         R"(,"remainingQuoteSize":null,"orderCurrency":"base"}})";
}

std::string btse_fill(int i, int trade, const char* size) {
  return R"({"topic":"fills","data":[{"orderId":"o-)" + std::to_string(i) + R"(","serialId":")" +
         std::to_string(trade) + R"(","clOrderId":"c-)" + std::to_string(i) +
         R"(","type":"76","symbol":"BTC-USD","side":"BUY","price":"30000.5","size":")" + size +
         R"(","feeAmount":"0.0004","feeCurrency":"BTC","base":"BTC","quote":"USD","maker":true,)"
         R"("timestamp":"1700000001456","tradeId":"t-)" + std::to_string(i) + "-" + std::to_string(trade) + "\"}]}";
}

std::string cryptomus_update(int i, const char* type, const char* filled, const char* extra) {
  return R"({"id":"1","method":"order_update","data":{"type":")" + std::string(type) + R"(","info":{"id":"cm)" +
         std::to_string(i) + R"(","symbol":"TRX_USDT","orderType":"limit","direction":"sell","price":"0.22",)"
         R"("quantity":"50","value":"11","filledQuantity":")" + filled + R"(","filledValue":"5.5",)"
         R"("clientOid":null,"createTs":1750696376)" + extra + "}},\"error\":null}";
}

std::string gct_push(int i, int k) {
  return R"({"count":0.5,"dealTime":)" + std::to_string(1566963399019LL + k) + R"(,"entrustId":")" +
         std::to_string(1382913578910371842LL + i) +
         R"(","oneselfDeal":false,"price":16.5,"symbol":"BTCUSDT","type":"BUY","userId":100231})";
}

std::string gct_query(int i, const char* status, const char* complete, const char* left) {
  return R"({"status":"success","message":"common_success","data":{"id":")" +
         std::to_string(1382913578910371842LL + i) +
         R"(","userId":100231,"tradeId":12,"buyCoinId":2,"sellCoinId":1,"status":")" + status +
         R"(","type":"BUY","matchType":"LIMIT","price":16.5,"count":1,"amount":16.5,"leftCount":)" + left +
         R"(,"completeCount":)" + complete +
         R"(,"completePrice":16.5,"completeAmount":8.25,"source":"API","createTime":"2019-08-28 11:36:39",)"
         R"("fees":0.012375,"version":3,"symbol":"BTCUSDT"}})";
}

std::string deflow_info(int i, int status, const char* deal, const char* remain) {
  return R"({"code":"0","msg":"suc","data":{"trade_list":[{"volume":"0.5","feeCoin":"USDT","price":"50",)"
         R"("fee":"0","ctime":1534991068000,"deal_price":"25","id":)" + std::to_string(2 * i) +
         R"(,"type":"SELL"}],"order_info":{"side":"SELL","total_price":"50","created_at":1534991067588,)"
         R"("avg_price":"50","countCoin":"usdt","source":3,"type":1,"side_msg":"SELL","volume":"1","price":"50",)"
         R"("source_msg":"API","status_msg":"","deal_volume":")" + deal + R"(","id":)" + std::to_string(i) +
         R"(,"remain_volume":")" + remain + R"(","baseCoin":"eth","status":)" + std::to_string(status) + "}}}";
}

struct Capture {
  std::string text;
  std::size_t lines = 0;
};

// Orders [first, first + kOrders): captures with different ranges are different orders.
Capture build(const std::string& venue, int first) {
  CaptureBuilder b(venue);
  for (int i = first; i < first + kOrders; ++i) {
    if (venue == "digifinex") {
      b.ws_deflated(digifinex_order(i, 0, "0", "0"));
      b.ws_deflated(digifinex_order(i, 1, "0.5", "50"));
      b.ws_deflated(digifinex_order(i, 2, "1", "100"));
    } else if (venue == "btse") {
      b.ws(btse_note(i, 2, "0", "0", "1.5"));
      b.ws(btse_fill(i, 1, "0.5"));
      b.ws(btse_note(i, 5, "0.5", "0.5", "1"));
      b.ws(btse_fill(i, 2, "1"));
      b.ws(btse_note(i, 4, "1", "1.5", "0"));
    } else if (venue == "cryptomus") {
      b.ws(cryptomus_update(i, "created", "0", ""));
      b.ws(cryptomus_update(i, "updated", "25", ""));
      b.ws(cryptomus_update(i, "finished", "50", R"(,"finishTs":1750696417,"state":"completed","internalState":"filled")"));
    } else if (venue == "gct") {
      const std::string req = "GET /v1/order/queryOrderById?id=" + std::to_string(1382913578910371842LL + i);
      b.http(req, gct_query(i, "NO-TRADE", "0", "1"));
      b.ws(gct_push(i, 0));
      b.ws(gct_push(i, 1));
      b.http(req, gct_query(i, "COMPLE-TRADE", "1", "0"));
    } else {
      const std::string req = "GET /v1/order/info?symbol=ethusdt&order_id=" + std::to_string(i);
      b.http(req, deflow_info(i, 1, "0.5", "0.5"));
      b.http(req, deflow_info(i, 2, "1", "0"));
    }
  }
  Capture c;
  c.lines = b.lines();
  c.text = b.take();
  return c;
}

void BM_ReplayJsonl(benchmark::State& state, const char* venue) {
  // One long replay: the captures follow each other with fresh order ids (the core keeps 4096
  // orders and recycles finished ones, so after a full cycle the first ids are new again).
  constexpr int kCaptures = 4;
  // Built once per venue: the benchmark is entered several times while it sizes its run.
  static std::map<std::string, std::vector<Capture>> built;
  std::vector<Capture>& captures = built[venue];
  if (captures.empty()) {
    for (int c = 0; c < kCaptures; ++c) captures.push_back(build(venue, c * kOrders));
  }
  // The output goes where the tool's would: written out in blocks (here to /dev/null).
  std::FILE* sink = std::fopen("/dev/null", "w");
  oex::replay::Replayer replayer;
  replayer.set_output_file(sink);
  std::size_t next = 0;
  std::int64_t lines = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const Capture& capture = captures[next];
    next = (next + 1) % kCaptures;
    oex::replay::replay_jsonl(capture.text, replayer);
    benchmark::DoNotOptimize(replayer.flush());
    lines += static_cast<std::int64_t>(capture.lines);
    bytes += static_cast<std::int64_t>(capture.text.size());
  }
  std::fclose(sink);
  state.SetItemsProcessed(lines);
  state.SetBytesProcessed(bytes);
  state.counters["error_lines"] = static_cast<double>(replayer.stats().errors);  // 0: all decoded and applied
}

BENCHMARK_CAPTURE(BM_ReplayJsonl, digifinex, "digifinex")->Name("BM_Replay/jsonl/digifinex/oex")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReplayJsonl, btse, "btse")->Name("BM_Replay/jsonl/btse/oex")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReplayJsonl, cryptomus, "cryptomus")->Name("BM_Replay/jsonl/cryptomus/oex")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReplayJsonl, gct, "gct")->Name("BM_Replay/jsonl/gct/oex")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReplayJsonl, deflow, "deflow")->Name("BM_Replay/jsonl/deflow/oex")->Unit(benchmark::kMillisecond);

}  // namespace
