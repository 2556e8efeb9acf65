// Deflow (deflow-rest-v1.md): REST /v1/... with form-urlencoded parameters, api_key, time and
// sign = MD5(k1v1k2v2... + secretKey) over the parameters sorted by name (empty ones left out);
// answers {"code":"0","msg":"suc","data":...}. No socket: orders are followed by polling.
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "venues.hpp"

namespace oex::sim {
namespace {

class Deflow final : public Venue {
 public:
  Deflow(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
      : Venue("deflow", std::move(credentials), std::move(exchange), fault_seed), limit_(20) {}

  std::string endpoints(const std::string& https, const std::string&) const override {
    return R"("rest":")" + https + R"(/v1")";
  }

  void on_http(Session& session, const HttpRequest& request) override {
    if (faults().throttle || (rate_limits() && !limit_.allow(wall_ms()))) {
      fail(session, "100001", "too many requests");
      return;
    }
    Params params = parse_form(request.query);
    for (auto& p : parse_form(request.body)) params.push_back(std::move(p));
    // The market data the document marks "서명 검증 불필요" (no signature check).
    if (request.method == "GET" && public_call(session, request.path, params)) return;
    const std::string* key = find_param(params, "api_key");
    const std::string* sign = find_param(params, "sign");
    if (key == nullptr || sign == nullptr || *key != credentials().api_key) {
      fail(session, "100005", "parameter signature error");
      return;
    }
    std::vector<std::pair<std::string, std::string>> sorted;
    for (const auto& [name, value] : params) {
      if (name != "sign" && !value.empty()) sorted.emplace_back(name, value);
    }
    std::sort(sorted.begin(), sorted.end());
    std::string text;
    for (const auto& [name, value] : sorted) text += name + value;
    const auto digest = codecs::digest<codecs::Md5>({text, credentials().secret});
    if (!equal_constant_time(lower(*sign), hex(digest.data(), digest.size()))) {
      fail(session, "100005", "parameter signature error");
      return;
    }
    if (request.path == "/v1/order" && request.method == "POST") {
      place(session, params);
    } else if (request.path == "/v1/order" && request.method == "DELETE") {
      const std::string* id = find_param(params, "order_id");
      Order* order = id == nullptr ? nullptr : exchange().find(*id);
      if (order == nullptr || !exchange().cancel(*order)) {
        fail(session, "8", "order cancel failed");
        return;
      }
      session.respond(200, R"({"code":"0","msg":"suc","data":null})");
    } else if (request.path == "/v1/order/info" && request.method == "GET") {
      const std::string* id = find_param(params, "order_id");
      Order* order = id == nullptr ? nullptr : exchange().find(*id);
      if (order == nullptr) {
        fail(session, "100004", "order not found");
        return;
      }
      std::string body = R"({"code":"0","msg":"suc","data":{"trade_list":)";
      trade_list_json(body, *order);
      body += R"(,"order_info":)";
      order_json(body, *order);
      session.respond(200, body + "}}");
    } else if ((request.path == "/v1/order/new" || request.path == "/v1/order") && request.method == "GET") {
      const bool open_only = request.path == "/v1/order/new";
      // The market is a required parameter of both lists (필수기입): each answers for its market.
      const std::string* name = find_param(params, "symbol");
      const auto market = name == nullptr ? std::nullopt : symbol_index(*name);
      if (!market) {
        fail(session, "100004", "symbol is missing or unknown");
        return;
      }
      const auto orders = open_only ? exchange().open_orders(market) : exchange().recent_orders(market, 100);
      std::string body = R"({"code":"0","msg":"suc","data":{"count":)";
      append_int(body, static_cast<std::int64_t>(orders.size()));
      body += open_only ? R"(,"resultList":[)" : R"(,"orderList":[)";
      for (std::size_t i = 0; i < orders.size(); ++i) {
        if (i != 0) body += ',';
        order_json(body, *orders[i]);
      }
      session.respond(200, body + "]}}");
    } else if (request.path == "/v1/trade" && request.method == "GET") {
      account_trades(session, params);
    } else if (request.path == "/v1/user/accounts" && request.method == "GET") {
      accounts(session);
    } else if (request.path == "/v1/market" && request.method == "GET") {
      std::string body = R"({"code":"0","msg":"suc","data":{)";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (s != 0) body += ',';
        body += '"' + market_name(s) + R"(":)";
        append_amount(body, exchange().last_price(s));
      }
      session.respond(200, body + "}}");
    } else {
      fail(session, "100004", "unknown request");
    }
  }

  bool on_ws_open(Session& session, const HttpRequest&) override {
    session.respond(404, R"({"code":"100004","msg":"no WebSocket: Deflow is polled"})");
    return false;
  }
  void on_ws_message(Session&, std::string_view, bool) override {}
  void on_order(const Order&, bool) override {}
  void on_fill(const Order&) override {}
  void on_book(std::size_t, bool, Amount, Amount) override {}
  void on_trade(std::size_t, bool, Amount, Amount, std::uint64_t) override {}
  void on_balance(const std::string&, const Balance&, const Balance&) override {}

 private:
  static void fail(Session& session, std::string_view code, std::string_view message) {
    std::string body = R"({"code":")";
    body += code;
    body += R"(","msg":)";
    append_json_string(body, message);
    session.respond(200, body + R"(,"data":null})");
  }

  std::optional<std::size_t> symbol_index(std::string_view name) {
    for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
      const SymbolSpec& spec = exchange().symbols()[s];
      if (equal_ignore_case(spec.base + spec.quote, name)) return s;
    }
    return std::nullopt;
  }

  void order_json(std::string& out, const Order& order) {
    const SymbolSpec& spec = exchange().symbols()[order.symbol];
    out += R"({"id":)" + order.id + R"(,"created_at":)";
    append_int(out, order.created_ms);
    out += R"(,"volume":")";
    append_amount(out, order.quantity);
    out += R"(","deal_volume":")";
    append_amount(out, order.filled);
    out += R"(","remain_volume":")";
    append_amount(out, order.open() ? order.remaining() : 0);
    out += R"(","price":")";
    append_amount(out, order.price);
    out += R"(","avg_price":")";
    append_amount(out, order.average_price());
    out += R"(","total_price":")";
    append_amount(out, order.filled_value());
    out += R"(","countCoin":")" + lower(spec.quote) + R"(","baseCoin":")" + lower(spec.base) + R"(","type":)";
    out += order.market ? "2" : "1";
    out += order.buy ? R"(,"side":"BUY","side_msg":"bid")" : R"(,"side":"SELL","side_msg":"ask")";
    // The document shows only 1 (unfilled) and 2 (fully filled); the rest follow its numbering.
    const int status = order.end == OrderEnd::filled ? 2 : order.end == OrderEnd::none ? (order.filled > 0 ? 3 : 1) : 4;
    out += R"(,"status":)";
    append_int(out, status);
    out += R"(,"status_msg":")";
    out += status == 1 ? "未成交" : status == 2 ? "完全成交" : status == 3 ? "部分成交" : "已撤销";
    out += R"(","source":3,"source_msg":"API","tradeList":)";
    trade_list_json(out, order);
    out += '}';
  }

  // The order's fills, oldest first, as its tradeList and order/info's trade_list carry them.
  void trade_list_json(std::string& out, const Order& order) {
    out += '[';
    bool first = true;
    for (const FillRecord& fill : exchange().fills()) {
      if (fill.order_id != order.id) continue;
      if (!first) out += ',';
      first = false;
      fill_json(out, fill, false);
    }
    out += ']';
  }

  // One fill; `account` adds what /v1/trade rows carry (side, bid_id, ask_id).
  void fill_json(std::string& out, const FillRecord& fill, bool account) {
    const SymbolSpec& spec = exchange().symbols()[fill.symbol];
    out += R"({"volume":")";
    append_amount(out, fill.quantity);
    if (account) out += fill.buy ? R"(","side":"BUY)" : R"(","side":"SELL)";
    out += R"(","feeCoin":")" + spec.quote + R"(","price":")";
    append_amount(out, fill.price);
    out += R"(","fee":")";
    append_amount(out, fill.fee);
    out += R"(","ctime":)";
    append_int(out, fill.ms);
    out += R"(,"deal_price":")";
    append_amount(out, amount_product(fill.price, fill.quantity));
    out += R"(","id":)";
    append_int(out, static_cast<std::int64_t>(fill.trade_id));
    out += fill.buy ? R"(,"type":"买入")" : R"(,"type":"卖出")";
    if (account) {
      const std::string other = exchange().id_for(fill.counterparty_seq);
      out += R"(,"bid_id":)" + (fill.buy ? fill.order_id : other) + R"(,"ask_id":)" + (fill.buy ? other : fill.order_id);
    }
    out += '}';
  }

  std::string market_name(std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    return lower(spec.base + spec.quote);
  }

  // GET /v1/common/symbols, /v1/records, /v1/ticker, /v1/trades, /v1/market/dept; false for
  // any other path.
  bool public_call(Session& session, const std::string& path, const Params& params) {
    if (path == "/v1/common/symbols") {
      std::string body = R"({"code":"0","msg":"suc","data":[)";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        const SymbolSpec& spec = exchange().symbols()[s];
        if (s != 0) body += ',';
        // The exchange takes prices and amounts with 8 decimals.
        body += R"({"symbol":")" + market_name(s) + R"(","count_coin":")" + lower(spec.quote) +
                R"(","amount_precision":8,"base_coin":")" + lower(spec.base) + R"(","price_precision":8})";
      }
      session.respond(200, body + "]}");
      return true;
    }
    if (path != "/v1/records" && path != "/v1/ticker" && path != "/v1/trades" && path != "/v1/market/dept") return false;
    const std::string* name = find_param(params, "symbol");
    const bool all = path == "/v1/ticker" && name != nullptr && *name == "all";
    const auto symbol = name == nullptr || all ? std::nullopt : symbol_index(*name);
    if (!symbol && !all) {
      fail(session, "100004", "symbol is missing or unknown");
      return true;
    }
    const std::size_t market = symbol.value_or(0);  // checked above unless `all`
    std::string body = R"({"code":"0","msg":"suc","data":)";
    if (path == "/v1/records") {
      const auto period = int_param(params, "period", 0);
      if (!period || *period < 1 || *period > 43200) {
        fail(session, "100004", "period (minutes) is required");
        return true;
      }
      body += '[';
      for (const Candle& candle : exchange().candles(market, *period, 300)) {
        if (body.back() != '[') body += ',';
        body += '[';
        append_int(body, candle.start_ms / 1000);
        for (const Amount value : {candle.open, candle.high, candle.low, candle.close, candle.volume}) {
          body += ',';
          append_amount(body, value);
        }
        body += ']';
      }
      body += ']';
    } else if (path == "/v1/ticker") {
      // Keyed by market, for one market as for all (the document's example).
      body += '{';
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (!all && market != s) continue;
        if (body.back() != '{') body += ',';
        const DayStats day = exchange().day_stats(s);
        const auto bid = exchange().best(s, true);
        const auto ask = exchange().best(s, false);
        body += '"' + market_name(s) + R"(":{"high":)";
        append_amount(body, day.high);
        body += R"(,"vol":)";
        append_amount(body, day.volume);
        body += R"(,"last":)";
        append_amount(body, day.last);
        body += R"(,"low":)";
        append_amount(body, day.low);
        body += R"(,"buy":")";
        append_amount(body, bid ? bid->first : 0);
        body += R"(","sell":")";
        append_amount(body, ask ? ask->first : 0);
        body += R"(","time":)";
        append_int(body, exchange().clock().now_ms());
        body += '}';
      }
      body += '}';
    } else if (path == "/v1/trades") {
      const auto& tape = exchange().trades(market);
      body += '[';
      std::size_t count = 0;
      for (auto it = tape.rbegin(); it != tape.rend() && count < 100; ++it, ++count) {
        if (count != 0) body += ',';
        body += R"({"amount":)";
        append_amount(body, it->quantity);
        body += R"(,"price":)";
        append_amount(body, it->price);
        body += R"(,"id":)";
        append_int(body, static_cast<std::int64_t>(it->id));
        body += it->taker_buy ? R"(,"type":"buy"})" : R"(,"type":"sell"})";
      }
      body += ']';
    } else {
      // step0 is the book as it rests; step1 and step2 merge it into 10 and 100 price ticks.
      const std::string* type = find_param(params, "type");
      if (type == nullptr || (*type != "step0" && *type != "step1" && *type != "step2")) {
        fail(session, "100004", "type must be step0, step1 or step2");
        return true;
      }
      const Amount step = *type == "step0" ? 1 : exchange().symbols()[market].tick * (*type == "step1" ? 10 : 100);
      body += R"({"tick":{"asks":[)";
      for (const bool bids : {false, true}) {
        if (bids) body += R"(],"bids":[)";
        std::vector<std::pair<Amount, Amount>> merged;
        for (const auto& [price, size] : exchange().depth(market, bids, SIZE_MAX)) {
          Amount bucket = price - price % step;
          if (!bids && bucket != price) bucket += step;
          if (!merged.empty() && merged.back().first == bucket) {
            merged.back().second += size;
          } else {
            if (merged.size() == 150) break;
            merged.emplace_back(bucket, size);
          }
        }
        for (std::size_t i = 0; i < merged.size(); ++i) {
          if (i != 0) body += ',';
          body += "[\"";
          append_amount(body, merged[i].first);
          body += "\",";
          append_amount(body, merged[i].second);
          body += ']';
        }
      }
      body += R"(],"time":)";
      append_int(body, exchange().clock().now_ms());
      body += "}}";
    }
    session.respond(200, body + "}");
    return true;
  }

  void account_trades(Session& session, const Params& params) {
    const std::string* name = find_param(params, "symbol");
    const auto symbol = name == nullptr ? std::nullopt : symbol_index(*name);
    if (!symbol) return fail(session, "100004", "symbol is missing or unknown");
    const auto page = int_param(params, "page", 1);
    const auto size = int_param(params, "pageSize", 10);
    if (!page || !size || *page < 1 || *size < 1) return fail(session, "100004", "page and pageSize are positive numbers");
    std::vector<const FillRecord*> rows;
    const auto& fills = exchange().fills();
    for (auto it = fills.rbegin(); it != fills.rend(); ++it) {
      if (it->symbol == *symbol) rows.push_back(&*it);
    }
    std::string body = R"({"code":"0","msg":"suc","data":{"count":)";
    append_int(body, static_cast<std::int64_t>(rows.size()));
    body += R"(,"resultList":[)";
    const std::size_t first = static_cast<std::size_t>((*page - 1) * *size);
    for (std::size_t i = first; i < rows.size() && i < first + static_cast<std::size_t>(*size); ++i) {
      if (i != first) body += ',';
      fill_json(body, *rows[i], true);
    }
    session.respond(200, body + "]}}");
  }

  // Every asset: `normal` is available, `locked` held by open orders; total_asset values them
  // all in the quote currency at the last prices.
  void accounts(Session& session) {
    Wide value = 0;
    std::string coins;
    for (const auto& [asset, balance] : exchange().balances()) {
      Amount price = kAmountScale;
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (exchange().symbols()[s].base == asset) price = exchange().last_price(s);
      }
      value += static_cast<Wide>(balance.total) * price / kAmountScale;
      if (!coins.empty()) coins += ',';
      coins += R"({"normal":")";
      append_amount(coins, balance.free());
      coins += R"(","locked":")";
      append_amount(coins, balance.locked);
      coins += R"(","coin":")" + lower(asset) + "\"}";
    }
    std::string body = R"({"code":"0","msg":"suc","data":{"total_asset":")";
    append_amount(body, static_cast<Amount>(value));
    session.respond(200, body + R"(","coin_list":[)" + coins + "]}}");
  }

  void place(Session& session, const Params& params) {
    const std::string* side = find_param(params, "side");
    const std::string* type = find_param(params, "type");
    const std::string* volume = find_param(params, "volume");
    const std::string* price = find_param(params, "price");
    const std::string* symbol = find_param(params, "symbol");
    if (volume == nullptr) return fail(session, "22", "volume missing");
    if (side == nullptr || type == nullptr || symbol == nullptr) return fail(session, "100004", "side, type and symbol are required");
    const auto index = symbol_index(*symbol);
    if (!index) return fail(session, "100004", "unknown symbol");
    NewOrder request;
    request.symbol = *index;
    request.buy = *side == "BUY";
    request.market = *type == "2";
    const auto quantity = parse_amount(*volume);
    if (!quantity || *quantity <= 0) return fail(session, "6", "volume below the minimum");
    request.quantity = *quantity;
    if (!request.market) {
      const auto limit = price == nullptr ? std::nullopt : parse_amount(*price);
      if (!limit || *limit <= 0) return fail(session, "24", "price missing");
      request.price = *limit;
    }
    // Deflow has no client order id; the exchange marks what came through the API as the client's
    // own, so the ground truth tells these orders from the other participants'.
    request.client_id = "api-" + std::to_string(++api_orders_);
    if (inject_reject()) return fail(session, "5", "order creation failed");
    Order* order = nullptr;
    const SubmitError error = exchange().submit(request, order);
    if (error == SubmitError::insufficient_balance) return fail(session, "19", "insufficient balance");
    if (error != SubmitError::ok) return fail(session, "5", "order creation failed");
    session.respond(200, R"({"code":"0","msg":"suc","data":{"order_id":)" + order->id + "}}");
  }

  RateLimit limit_;
  std::uint64_t api_orders_ = 0;
};

}  // namespace

std::unique_ptr<Venue> make_deflow(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<Deflow>(std::move(credentials), std::move(exchange), fault_seed);
}

}  // namespace oex::sim
