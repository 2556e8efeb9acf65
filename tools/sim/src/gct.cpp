// GCT (gct-rest-v1.md): REST /v1/... with JSON bodies carrying accessKey, timestamp (within
// 5 s of the server) and signature = base64(HMAC-SHA256(secretKey, k1=v1&k2=v2...)) over the
// other parameters sorted by ASCII name; trading limited to 30 calls a second
// (`excessive_access`); the push socket on "/" that sends transactions after {"accessKey":...}.
#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "venues.hpp"

namespace oex::sim {
namespace {

constexpr std::int64_t kTimestampWindowMs = 5000;

class Gct final : public Venue {
 public:
  Gct(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
      : Venue("gct", std::move(credentials), std::move(exchange), fault_seed), hmac_(this->credentials().secret),
        trade_limit_(30), market_limit_(1) {}

  std::string endpoints(const std::string& https, const std::string& wss) const override {
    return R"("rest":")" + https + R"(/v1","ws":")" + wss + R"(/","pay_password":")" + credentials().pay_password + "\"";
  }

  void on_http(Session& session, const HttpRequest& request) override {
    if (request.path.rfind("/v1/", 0) != 0) {
      fail(session, "access_failure");
      return;
    }
    const std::string method = request.path.substr(3);
    // The document's two limits: market interfaces once a second, trading (the rest) 30.
    const bool trading = method.rfind("/market/", 0) != 0;
    if (faults().throttle || (rate_limits() && !(trading ? trade_limit_ : market_limit_).allow(wall_ms()))) {
      fail(session, "excessive_access");
      return;
    }
    if (request.method == "GET") {
      const Params params = parse_form(request.query);
      const std::string* key = find_param(params, "accessKey");
      if (key == nullptr || *key != credentials().api_key) {
        fail(session, "access_key_not_found");
        return;
      }
      if (method == "/order/queryOrderById") {
        const std::string* id = find_param(params, "orderId");
        Order* order = id == nullptr ? nullptr : exchange().find(*id);
        if (order == nullptr) {
          fail(session, "entrust_failure_0016");
          return;
        }
        std::string data;
        order_json(data, *order);
        succeed(session, data);
      } else if (method == "/order/openOrders") {
        std::string data = "[";
        for (Order* order : exchange().open_orders(std::nullopt)) {
          if (data.size() > 1) data += ',';
          order_json(data, *order);
        }
        succeed(session, data + "]");
      } else if (method.rfind("/market/", 0) == 0) {
        market(session, method, params);
      } else if (method == "/order/current" || method == "/order/queryMyEntrust" || method == "/order/queryMyHisEntrust" ||
                 method == "/order/queryMyEntrustOrder") {
        order_lists(session, method, params);
      } else if (method == "/personal/getUserFinanceList") {
        finance_list(session, params);
      } else if (method == "/coin/enabled" || method == "/coin/exchange" || method == "/cms/bulletin") {
        basic(session, method, params);
      } else {
        fail(session, "access_failure");
      }
      return;
    }
    json::Document doc(512, 16);
    if (doc.parse(request.body) != codecs::CodecError::ok || !doc.root().is_object()) {
      fail(session, "json_unresolved");
      return;
    }
    const auto root = doc.root();
    const auto key = root["accessKey"].as_text();
    if (!key || key.value() != credentials().api_key) {
      fail(session, "access_key_not_found");
      return;
    }
    const auto signature = root["signature"].as_string();
    if (!signature) {
      fail(session, "signature_verification_failed");
      return;
    }
    std::vector<std::pair<std::string_view, std::string_view>> fields;
    for (const auto member : root) {
      if (member.key == "signature") continue;
      fields.emplace_back(member.key, member.value.raw());
    }
    std::sort(fields.begin(), fields.end());
    std::string text;
    for (const auto& [name, value] : fields) {
      if (!text.empty()) text += '&';
      text += name;
      text += '=';
      text += value;
    }
    const auto digest = hmac_.sign({text});
    if (!equal_constant_time(signature.value(), base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())))) {
      fail(session, "inconsistent_parameters_and_signatures");
      return;
    }
    const auto timestamp = root["timestamp"].as_text();
    const long long ts = timestamp ? std::strtoll(std::string(timestamp.value()).c_str(), nullptr, 10) : 0;
    if (std::llabs(ts - wall_ms()) > kTimestampWindowMs) {
      fail(session, "signature_verification_failed");  // outside the 5-second window
      return;
    }
    if (method == "/order/saveEntrust") {
      save_entrust(session, root);
    } else if (method == "/order/cancelEntrust") {
      const auto id = root["id"].as_text();
      Order* order = id ? exchange().find(id.value()) : nullptr;
      cancel_one(session, order);
    } else if (method == "/order/cancelEntrustByClientOrderId") {
      const auto id = root["clientOrderId"].as_text();
      Order* order = id ? exchange().find_client(id.value()) : nullptr;
      cancel_one(session, order);
    } else if (method == "/order/batchCancel") {
      const auto ids = root["ids"];
      for (std::size_t i = 0; ids.is_array() && i < ids.size(); ++i) {
        if (const auto id = ids.at(i).as_text()) {
          if (Order* order = exchange().find(id.value())) exchange().cancel(*order);
        }
      }
      succeed(session, "null");
    } else if (method == "/order/batchCancelByClientOrderIds") {
      const auto ids = root["clientOrderIds"];
      if (!ids.is_array() || ids.size() == 0) return fail(session, "entrust_failure_0039");
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (const auto id = ids.at(i).as_text()) {
          if (Order* order = exchange().find_client(id.value())) exchange().cancel(*order);
        }
      }
      succeed(session, "null");
    } else if (method == "/order/batchCancelOpenOrders") {
      const auto symbol = root["symbol"].as_string();
      const auto type = root["type"].as_string();
      for (Order* order : exchange().open_orders(symbol ? symbol_index(symbol.value()) : std::nullopt)) {
        if (type && order->buy != (type.value() == "BUY")) continue;
        exchange().cancel(*order);
      }
      succeed(session, "null");
    } else {
      fail(session, "access_failure");
    }
  }

  bool on_ws_open(Session& session, const HttpRequest&) override {
    register_session(session);
    return true;
  }

  void on_ws_message(Session& session, std::string_view payload, bool) override {
    json::Document doc(64, 8);
    if (doc.parse(payload) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.send_text(R"({"status":"failure","message":"json_unresolved","data":null})");
      return;
    }
    const auto key = doc.root()["accessKey"].as_text();
    session.authenticated = key && key.value() == credentials().api_key;
    session.send_text(session.authenticated ? R"({"status":"success","message":"common_success","data":null})"
                                            : R"({"status":"failure","message":"access_key_not_found","data":null})");
  }

  void on_order(const Order&, bool) override {}

  void on_fill(const Order& order) override {
    std::string payload = R"({"count":)";
    append_amount(payload, order.last_fill_quantity);
    payload += R"(,"dealTime":)";
    append_int(payload, order.updated_ms);
    payload += R"(,"entrustId":")" + order.id + R"(","oneselfDeal":false,"price":)";
    append_amount(payload, order.last_fill_price);
    payload += R"(,"symbol":")" + symbol_name(order.symbol) + R"(","type":")";
    payload += order.buy ? "BUY" : "SELL";
    payload += R"(","userId":)" + credentials().user_id + "}";
    for (auto& [id, session] : sessions_) {
      if (session->authenticated) notify(*session, payload, false);
    }
  }

  void on_book(std::size_t, bool, Amount, Amount) override {}
  void on_trade(std::size_t, bool, Amount, Amount, std::uint64_t) override {}
  void on_balance(const std::string&, const Balance&, const Balance&) override {}

 private:
  // GET /market/...: tradeInfo, tickers, ticker, depth, trade, kline.
  void market(Session& session, const std::string& method, const Params& params) {
    std::optional<std::size_t> symbol;
    if (const std::string* name = find_param(params, "symbol")) {
      symbol = symbol_index(*name);
      if (!symbol) return fail(session, "api_market_002");
    }
    if (method == "/market/tradeInfo") {
      std::string data = "[";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        const SymbolSpec& spec = exchange().symbols()[s];
        if (s != 0) data += ',';
        // The exchange takes prices and counts with 8 decimals.
        data += R"({"symbol":")" + symbol_name(s) + R"(","baseCurrency":")" + spec.base + R"(","quoteCurrency":")" +
                spec.quote + R"(","pricePrecision":8,"countPrescision":8})";
      }
      return succeed(session, data + "]");
    }
    if (method == "/market/tickers") {
      std::string data = "[";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (s != 0) data += ',';
        ticker_json(data, s);
      }
      return succeed(session, data + "]");
    }
    if (!symbol) return fail(session, "api_market_003");  // the other market calls name a pair
    if (method == "/market/ticker") {
      std::string data;
      ticker_json(data, *symbol);
      return succeed(session, data);
    }
    if (method == "/market/depth") {
      // STEP0 is levels 0-99; STEP1..STEP5 are levels 0-19, 20-39, ... 80-99.
      const std::string* step_text = find_param(params, "step");
      const std::string step = step_text == nullptr ? "" : upper(*step_text);
      if (step.size() != 5 || step.rfind("STEP", 0) != 0 || step[4] < '0' || step[4] > '5') return fail(session, "api_market_003");
      const std::size_t n = static_cast<std::size_t>(step[4] - '0');
      const std::size_t from = n == 0 ? 0 : (n - 1) * 20;
      const std::size_t to = n == 0 ? 100 : n * 20;
      std::string data = R"({"buy":[)";
      for (const bool bids : {true, false}) {
        if (!bids) data += R"(],"sell":[)";
        const auto levels = exchange().depth(*symbol, bids, to);
        for (std::size_t i = from; i < levels.size(); ++i) {
          if (i != from) data += ',';
          data += R"({"price":)";
          append_amount(data, levels[i].first);
          data += R"(,"amount":)";
          append_amount(data, levels[i].second);
          data += '}';
        }
      }
      return succeed(session, data + "]}");
    }
    if (method == "/market/trade") {
      const auto& tape = exchange().trades(*symbol);
      std::string data = "[";
      std::size_t count = 0;
      for (auto it = tape.rbegin(); it != tape.rend() && count < 100; ++it, ++count) {
        if (count != 0) data += ',';
        data += R"({"price":)";
        append_amount(data, it->price);
        data += R"(,"amount":)";
        append_amount(data, it->quantity);
        data += it->taker_buy ? R"(,"direction":"BUY","time":)" : R"(,"direction":"SELL","time":)";
        append_int(data, it->ms);
        data += '}';
      }
      return succeed(session, data + "]");
    }
    if (method == "/market/kline") {
      static constexpr std::pair<std::string_view, std::int64_t> kTypes[] = {
          {"min", 1}, {"min5", 5}, {"min15", 15}, {"min30", 30}, {"hour1", 60}, {"hour4", 240}, {"day", 1440}, {"week", 10080}};
      const std::string* type = find_param(params, "klineType");
      const std::string* step_text = find_param(params, "klineStep");
      std::int64_t minutes = 0;
      for (const auto& [name, length] : kTypes) {
        if (type != nullptr && *type == name) minutes = length;
      }
      const std::string step = step_text == nullptr ? "" : upper(*step_text);
      if (minutes == 0 || step.size() != 5 || step.rfind("STEP", 0) != 0 || step[4] < '0' || step[4] > '5') {
        return fail(session, "api_market_003");
      }
      const std::size_t length = 50 * static_cast<std::size_t>(step[4] - '0' + 1);  // STEP0 50 ... STEP5 300
      std::string data = "[";
      for (const Candle& candle : exchange().candles(*symbol, minutes, length)) {
        if (data.size() > 1) data += ',';
        data += '[';
        for (const Amount value : {candle.high, candle.open, candle.low, candle.close, candle.volume}) {
          append_amount(data, value);
          data += ',';
        }
        append_int(data, candle.start_ms);
        data += ']';
      }
      return succeed(session, data + "]");
    }
    fail(session, "access_failure");
  }

  // The "Basic" calls: the currencies traded, their prices in the quote currency (the
  // exchange quotes in one currency, so shortName must name it), and an empty bulletin.
  void basic(Session& session, const std::string& method, const Params& params) {
    if (method == "/coin/enabled") {
      std::string data = "[";
      for (const auto& [asset, balance] : exchange().balances()) {
        if (data.size() > 1) data += ',';
        data += '"' + asset + '"';
      }
      return succeed(session, data + "]");
    }
    if (method == "/coin/exchange") {
      const std::string* short_name = find_param(params, "shortName");
      const std::string& quote = exchange().symbols().front().quote;
      if (short_name == nullptr || !equal_ignore_case(*short_name, quote)) return fail(session, "api_market_003");
      std::string data = "{";
      for (const auto& [asset, balance] : exchange().balances()) {
        Amount price = asset == quote ? kAmountScale : 0;
        for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
          if (exchange().symbols()[s].base == asset && exchange().symbols()[s].quote == quote) price = exchange().last_price(s);
        }
        if (data.size() > 1) data += ',';
        data += '"' + asset + R"(":")";
        append_amount(data, price);
        data += '"';
      }
      return succeed(session, data + "}");
    }
    const auto page = int_param(params, "pageNum", 1);
    const auto size = int_param(params, "pageSize", 10);
    if (!page || !size || *page < 1 || *size < 1) return fail(session, "api_market_003");
    std::string data = R"({"pageNum":)";
    append_int(data, *page);
    data += R"(,"pageSize":)";
    append_int(data, *size);
    succeed(session, data + R"(,"total":0,"pages":0,"list":[]})");
  }

  void ticker_json(std::string& out, std::size_t symbol) {
    const DayStats day = exchange().day_stats(symbol);
    const auto bid = exchange().best(symbol, true);
    const auto ask = exchange().best(symbol, false);
    out += R"({"tradeName":")" + symbol_name(symbol) + R"(","buy":)";
    append_amount(out, bid ? bid->first : 0);
    out += R"(,"sell":)";
    append_amount(out, ask ? ask->first : 0);
    out += R"(,"high":)";
    append_amount(out, day.high);
    out += R"(,"low":)";
    append_amount(out, day.low);
    out += R"(,"last":)";
    append_amount(out, day.last);
    out += R"(,"open":)";
    append_amount(out, day.open);
    out += R"(,"chg":)";  // the change since the open, in percent
    append_amount_fixed(out, change_ratio(day.open, day.last) * 100, 2);
    out += R"(,"vol24hour":)";
    append_amount(out, day.volume);
    out += '}';
  }

  // Ids GCT gives trading pairs and currencies, numbered from 1 in the exchange's order.
  std::size_t coin_id(const std::string& asset) {
    std::size_t id = 1;
    for (const auto& [name, balance] : exchange().balances()) {
      if (name == asset) return id;
      ++id;
    }
    return 0;
  }

  // order/current (a list), queryMyEntrust, queryMyHisEntrust and queryMyEntrustOrder (pages:
  // pageNum, pageSize, total, pages and the rows in `list`).
  void order_lists(Session& session, const std::string& method, const Params& params) {
    std::optional<std::size_t> symbol;
    if (const std::string* name = find_param(params, "symbol")) {
      symbol = symbol_index(*name);
      if (!symbol) return fail(session, "entrust_failure_0009");
    }
    const std::string* type = find_param(params, "type");
    const std::string* match_type = find_param(params, "matchType");
    const std::string* status = find_param(params, "status");
    const bool current = method == "/order/current";
    const auto page = int_param(params, "currentPage", 1);
    const auto size = int_param(params, "pageSize", current ? 100 : 10);
    if (!page || !size || *page < 1 || *size < 1 || *size > 200) return fail(session, "api_market_003");
    auto wanted = [&](bool buy, bool market) {
      return (type == nullptr || *type == (buy ? "BUY" : "SELL")) &&
             (match_type == nullptr || *match_type == (market ? "MARKET" : "LIMIT"));
    };
    std::vector<std::string> rows;
    if (method == "/order/queryMyEntrustOrder") {
      const auto& fills = exchange().fills();
      for (auto it = fills.rbegin(); it != fills.rend(); ++it) {
        if ((symbol && it->symbol != *symbol) || !wanted(it->buy, it->market)) continue;
        const SymbolSpec& spec = exchange().symbols()[it->symbol];
        std::string row = R"({"id":)";
        append_int(row, static_cast<std::int64_t>(it->trade_id));
        row += R"(,"entrustId":)" + it->order_id + R"(,"symbol":")" + symbol_name(it->symbol) + R"(","type":")";
        row += it->buy ? "BUY" : "SELL";
        row += R"(","tradeId":)";
        append_int(row, static_cast<std::int64_t>(it->symbol + 1));
        row += R"(,"buyCoinId":)";
        append_int(row, static_cast<std::int64_t>(coin_id(it->buy ? spec.base : spec.quote)));
        row += R"(,"sellCoinId":)";
        append_int(row, static_cast<std::int64_t>(coin_id(it->buy ? spec.quote : spec.base)));
        row += R"(,"price":)";
        append_amount(row, it->price);
        row += R"(,"count":)";
        append_amount(row, it->quantity);
        row += R"(,"amount":)";
        append_amount(row, amount_product(it->price, it->quantity));
        row += R"(,"fees":)";
        append_amount(row, it->fee);
        row += R"(,"createTime":)";
        append_int(row, it->ms);
        rows.push_back(row + "}");
      }
    } else {
      const bool history = method == "/order/queryMyHisEntrust";
      const auto orders = history ? exchange().recent_orders(symbol, SIZE_MAX) : exchange().open_orders(symbol);
      for (const Order* order : orders) {
        if (history && order->open()) continue;
        if (!wanted(order->buy, order->market)) continue;
        if (status != nullptr && *status != status_text(*order)) continue;
        std::string row;
        order_json(row, *order, !current);
        rows.push_back(row);
      }
    }
    const std::size_t first = static_cast<std::size_t>((*page - 1) * *size);
    std::string list = "[";
    for (std::size_t i = first; i < rows.size() && i < first + static_cast<std::size_t>(*size); ++i) {
      if (list.size() > 1) list += ',';
      list += rows[i];
    }
    list += ']';
    if (current) return succeed(session, list);
    std::string data = R"({"pageNum":)";
    append_int(data, *page);
    data += R"(,"pageSize":)";
    append_int(data, *size);
    data += R"(,"total":)";
    append_int(data, static_cast<std::int64_t>(rows.size()));
    data += R"(,"pages":)";
    append_int(data, static_cast<std::int64_t>((rows.size() + static_cast<std::size_t>(*size) - 1) / static_cast<std::size_t>(*size)));
    data += R"(,"list":)" + list + "}";
    succeed(session, data);
  }

  // The account's assets: `total` is what is available, `frozen` what open orders hold;
  // selectType=noall leaves out the empty ones.
  void finance_list(Session& session, const Params& params) {
    const std::string* select = find_param(params, "selectType");
    const bool all = select == nullptr || *select != "noall";
    std::string data = "[";
    for (const auto& [asset, balance] : exchange().balances()) {
      if (!all && balance.total == 0) continue;
      if (data.size() > 1) data += ',';
      data += R"({"coinId":)";
      append_int(data, static_cast<std::int64_t>(coin_id(asset)));
      data += R"(,"coinName":")" + asset + R"(","total":)";
      append_amount(data, balance.free());
      data += R"(,"frozen":)";
      append_amount(data, balance.locked);
      data += R"(,"financing":0})";
    }
    succeed(session, data + "]");
  }

  static void succeed(Session& session, const std::string& data) {
    session.respond(200, R"({"status":"success","message":"common_success","data":)" + data + "}");
  }
  static void fail(Session& session, std::string_view code) {
    std::string body = R"({"status":"failure","message":")";
    body += code;
    session.respond(200, body + R"(","data":null})");
  }

  std::string symbol_name(std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    return upper(spec.base + spec.quote);
  }

  std::optional<std::size_t> symbol_index(std::string_view name) {
    for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
      if (equal_ignore_case(symbol_name(s), name)) return s;
    }
    return std::nullopt;
  }

  static std::string_view status_text(const Order& order) {
    if (order.end == OrderEnd::filled) return "COMPLE-TRADE";
    if (order.end != OrderEnd::none) return "WITHDRAWN";
    return order.filled > 0 ? "SOME-TRADE" : "NO-TRADE";
  }

  // `ids`: the pair and currency ids the order-query pages add (tradeId, buyCoinId, sellCoinId).
  void order_json(std::string& out, const Order& order, bool ids = false) {
    out += R"({"id":)" + order.id + R"(,"userId":)" + credentials().user_id + R"(,"symbol":")" + symbol_name(order.symbol);

    out += R"(","type":")";
    out += order.buy ? "BUY" : "SELL";
    out += R"(","matchType":")";
    out += order.market ? "MARKET" : "LIMIT";
    out += R"(","price":)";
    append_amount(out, order.price);
    out += R"(,"count":)";
    append_amount(out, order.quantity);
    out += R"(,"amount":)";
    append_amount(out, amount_product(order.price, order.quantity));
    out += R"(,"leftCount":)";
    append_amount(out, order.remaining());
    out += R"(,"completeCount":)";
    append_amount(out, order.filled);
    out += R"(,"completePrice":)";
    append_amount(out, order.average_price());
    out += R"(,"completeAmount":)";
    append_amount(out, order.filled_value());
    out += R"(,"fees":)";
    append_amount(out, order.fees);
    out += R"(,"status":")";
    out += status_text(order);
    out += R"(","clientOrderId":)";
    if (order.client_id.empty()) {
      out += "null";
    } else {
      append_json_string(out, order.client_id);
    }
    out += R"(,"createTime":)";
    append_int(out, order.created_ms);
    out += R"(,"version":)";
    append_int(out, static_cast<std::int64_t>(order.filled > 0 ? 2 : 1));
    if (ids) {
      const SymbolSpec& spec = exchange().symbols()[order.symbol];
      out += R"(,"tradeId":)";
      append_int(out, static_cast<std::int64_t>(order.symbol + 1));
      out += R"(,"buyCoinId":)";
      append_int(out, static_cast<std::int64_t>(coin_id(order.buy ? spec.base : spec.quote)));
      out += R"(,"sellCoinId":)";
      append_int(out, static_cast<std::int64_t>(coin_id(order.buy ? spec.quote : spec.base)));
    }
    out += '}';
  }

  void save_entrust(Session& session, json::Value root) {
    const auto count_text = root["count"].as_text();
    const auto match_type = root["matchType"].as_string();
    const auto pay = root["payPwd"].as_text();
    const auto symbol = root["symbol"].as_string();
    const auto type = root["type"].as_string();
    if (!match_type) return fail(session, "entrust_failure_0003");
    if (!pay) return fail(session, "entrust_failure_0010");
    if (!equal_constant_time(pay.value(), credentials().pay_password)) return fail(session, "entrust_failure_0011");
    if (!type) return fail(session, "entrust_failure_0012");
    if (!count_text) return fail(session, "entrust_failure_0013");
    const auto index = symbol ? symbol_index(symbol.value()) : std::nullopt;
    if (!index) return fail(session, "entrust_failure_0009");
    NewOrder request;
    request.symbol = *index;
    request.buy = type.value() == "BUY";
    request.market = match_type.value() == "MARKET";
    const auto quantity = parse_amount(count_text.value());
    if (!quantity || *quantity <= 0) return fail(session, "entrust_failure_0013");
    request.quantity = *quantity;
    if (!request.market) {
      const auto price_text = root["price"].as_text();
      const auto price = price_text ? parse_amount(price_text.value()) : std::nullopt;
      if (!price || *price <= 0) return fail(session, "entrust_failure_0014");
      request.price = *price;
    }
    if (const auto client = root["clientOrderId"].as_text()) request.client_id = std::string(client.value());
    if (inject_reject()) return fail(session, "entrust_failure_0001");
    Order* order = nullptr;
    if (exchange().submit(request, order) != SubmitError::ok) return fail(session, "entrust_failure_0001");
    succeed(session, order->id);
  }

  void cancel_one(Session& session, Order* order) {
    if (order == nullptr) return fail(session, "entrust_failure_0016");
    if (!exchange().cancel(*order)) return fail(session, "entrust_failure_0018");
    succeed(session, "null");
  }

  codecs::HmacSha256 hmac_;
  RateLimit trade_limit_;
  RateLimit market_limit_;
};

}  // namespace

std::unique_ptr<Venue> make_gct(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<Gct>(std::move(credentials), std::move(exchange), fault_seed);
}

Exchange::IdMaker numeric_order_ids(std::uint64_t base) {
  return [base](std::uint64_t seq, std::uint64_t) { return std::to_string(base + seq); };
}

}  // namespace oex::sim
