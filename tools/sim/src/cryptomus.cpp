// Cryptomus (cryptomus-ws.md): a one-time WS token from REST (single use, 5 minutes), WS
// /ws?token=... with ping/pong, subscriptions and order_update / deal_update / balance_update;
// invalid JSON closes the connection, as does 60 s without a client message. Order entry
// through the public REST API the document omits (INDEX.md "Beyond the documents"):
// /v2/user-api/exchange/orders[/market|/{id}|/history], headers userId and
// sign = hex(MD5(base64(body) + api key)).
#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <cstdio>

#include "venues.hpp"

namespace oex::sim {
namespace {

constexpr std::string_view kOrders = "/v2/user-api/exchange/orders";
constexpr std::string_view kOrderHistory = "/v2/user-api/exchange/orders/history";
constexpr std::size_t kHistoryLimit = 100;  // finished orders one history answer lists
constexpr std::int64_t kTokenLifetimeMs = 5 * 60 * 1000;
constexpr std::int64_t kIdleCloseMs = 60 * 1000;

class Cryptomus final : public Venue {
 public:
  Cryptomus(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
      : Venue("cryptomus", std::move(credentials), std::move(exchange), fault_seed), token_rng_(fault_seed ^ 0xC0FFEE) {}

  std::string endpoints(const std::string& https, const std::string& wss) const override {
    return R"("rest":")" + https + R"(","token":")" + https + std::string(kTokenPath) + R"(","ws":")" + wss + R"(/ws")";
  }

  void on_http(Session& session, const HttpRequest& request) override {
    if (faults().throttle) {
      session.respond(429, R"({"state":1,"message":"Too Many Attempts."})");
      return;
    }
    // The market list and the depth scales are public: the WS session reads them before it
    // has a token. The document names neither path; these are the simulator's.
    if (request.method == "GET" && request.path == kMarketsPath) {
      market_list(session);
      return;
    }
    if (request.method == "GET" && request.path == kDepthScalesPath) {
      depth_scales(session, parse_form(request.query));
      return;
    }
    const std::string* user = request.header("userId");
    const std::string* sign = request.header("sign");
    if (user == nullptr || sign == nullptr || *user != credentials().user_id) {
      session.respond(401, R"({"state":1,"message":"Unauthorized"})");
      return;
    }
    const auto digest = codecs::digest<codecs::Md5>({base64(request.body), credentials().api_key});
    if (!equal_constant_time(lower(*sign), hex(digest.data(), digest.size()))) {
      session.respond(401, R"({"state":1,"message":"Invalid Sign"})");
      return;
    }
    if (request.path == kTokenPath && request.method == "POST") {
      std::string token;
      for (int i = 0; i < 4; ++i) {
        const std::uint64_t v = token_rng_.next();
        append_hex(token, reinterpret_cast<const std::uint8_t*>(&v), sizeof v);
      }
      expire_tokens();
      tokens_[token] = wall_ms() + kTokenLifetimeMs;
      session.respond(200, R"({"token":")" + token + "\"}");
    } else if ((request.path == kOrders || request.path == std::string(kOrders) + "/market") && request.method == "POST") {
      place(session, request.body, request.path != kOrders);
    } else if (request.path.rfind(std::string(kOrders) + "/", 0) == 0 && request.method == "DELETE") {
      Order* order = exchange().find(std::string_view(request.path).substr(kOrders.size() + 1));
      if (order == nullptr || !exchange().cancel(*order)) {
        session.respond(404, R"({"state":1,"message":"Order not found"})");
        return;
      }
      session.respond(200, R"({"success":true})");
    } else if (request.path == kOrders && request.method == "GET") {
      order_list(session, exchange().open_orders(std::nullopt));
    } else if (request.path == kOrderHistory && request.method == "GET") {
      order_history(session, parse_form(request.query));
    } else {
      session.respond(404, R"({"state":1,"message":"Not found"})");
    }
  }

  bool on_ws_open(Session& session, const HttpRequest& request) override {
    if (request.path != "/ws") {
      session.respond(404, R"({"state":1,"message":"Not found"})");
      return false;
    }
    const Params params = parse_form(request.query);
    const std::string* token = find_param(params, "token");
    expire_tokens();
    auto it = token == nullptr ? tokens_.end() : tokens_.find(*token);
    if (it == tokens_.end()) {
      // Unknown, already used, or expired: the token is single-use and lives 5 minutes.
      session.respond(401, R"({"state":1,"message":"Invalid token"})");
      return false;
    }
    tokens_.erase(it);
    session.authenticated = true;
    session.last_client_message_ms = wall_ms();
    register_session(session);
    return true;
  }

  void on_ws_message(Session& session, std::string_view payload, bool) override {
    session.last_client_message_ms = wall_ms();
    json::Document doc(256, 16);
    if (doc.parse(payload) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.close_websocket(1003, "Invalid message format");  // the document: invalid JSON closes
      return;
    }
    const auto root = doc.root();
    const auto id_value = root["id"];
    const std::string id = id_value.present() ? (id_value.is_string() ? "\"" + std::string(id_value.raw()) + "\""
                                                                      : std::string(id_value.raw()))
                                              : "0";
    const auto method = root["method"].as_string();
    if (!method) {
      error(session, id, 1, "Invalid message format");
      return;
    }
    const std::string m(method.value());
    if (m == "ping") {
      notify(session, R"({"id":)" + id + R"(,"method":"pong","data":null,"error":null})", false);
      return;
    }
    static constexpr std::string_view kSubscribe = "_subscribe";
    static constexpr std::string_view kUnsubscribe = "_unsubscribe";
    const auto params = root["params"];
    if (m.size() > kUnsubscribe.size() && m.compare(m.size() - kUnsubscribe.size(), kUnsubscribe.size(), kUnsubscribe) == 0) {
      const std::string channel = m.substr(0, m.size() - kUnsubscribe.size());
      session.unsubscribe(channel);
      notify(session, R"({"id":)" + id + R"(,"data":{"status":"success"},"error":null})", false);
      return;
    }
    if (m.size() > kSubscribe.size() && m.compare(m.size() - kSubscribe.size(), kSubscribe.size(), kSubscribe) == 0) {
      const std::string channel = m.substr(0, m.size() - kSubscribe.size());
      static constexpr std::string_view kChannels[] = {"order", "balance", "deal", "trade", "depth", "lastprice", "ticker", "candles"};
      if (std::find(std::begin(kChannels), std::end(kChannels), channel) == std::end(kChannels)) {
        error(session, id, 2, "Unknown method");
        return;
      }
      if (session.subscribed(channel)) {
        error(session, id, 2, "Already subscribed");  // re-subscribing the same data type is refused
        return;
      }
      session.subscribe(channel);
      std::vector<std::string> markets;
      for (std::size_t i = 0; params.is_array() && i < params.size(); ++i) {
        if (const auto market = params.at(i).as_string()) {
          markets.push_back(upper(market.value()));
          session.subscribe(channel + ":" + markets.back());
        }
      }
      notify(session, R"({"id":)" + id + R"(,"method":")" + m + R"(","data":{"status":"success"},"error":null})", false);
      send_current(session, channel, markets);
      return;
    }
    error(session, id, 2, "Unknown method");
  }

  void on_order(const Order& order, bool created) override {
    std::string payload = R"({"id":"1","method":"order_update","data":{"type":")";
    payload += created ? "created" : order.open() ? "updated" : "finished";
    payload += R"(","info":)";
    order_info(payload, order);
    payload += R"(},"error":null})";
    broadcast("order", symbol_name(order.symbol), payload);
  }

  // deal_update in the document's shape: no order id (the venue sends none); the deal id is
  // the exchange's trade id.
  void on_fill(const Order& order) override {
    const SymbolSpec& spec = exchange().symbols()[order.symbol];
    const Amount value = amount_product(order.last_fill_price, order.last_fill_quantity);
    const Amount fee = value * (order.last_fill_maker ? exchange().maker_fee_ppm() : exchange().taker_fee_ppm()) / 1'000'000;
    std::string payload = R"({"id":"2","method":"deal_update","data":{"info":{"dealId":")";
    append_int(payload, static_cast<std::int64_t>(order.last_trade_id));
    payload += R"(","symbol":")" + symbol_name(order.symbol) + R"(","dealState":"completed","transactionId":")";
    payload += cryptomus_order_ids()(order.last_trade_id, 0x7A5C7105);
    payload += R"(","filledPrice":")";
    append_amount_fixed(payload, order.last_fill_price, 16);
    payload += R"(","filledQuantity":")";
    append_amount_fixed(payload, order.last_fill_quantity, 16);
    payload += R"(","filledValue":")";
    append_amount_fixed(payload, value, 16);
    payload += R"(","fee":")";
    append_amount_fixed(payload, fee, 16);
    payload += R"(","feeCurrency":")" + spec.quote;
    payload += order.last_fill_maker ? R"(","tradeRole":"maker","committedAt":)" : R"(","tradeRole":"taker","committedAt":)";
    append_int(payload, order.updated_ms / 1000);
    payload += R"(}},"error":null})";
    broadcast("deal", symbol_name(order.symbol), payload);
  }

  void on_book(std::size_t symbol, bool bid, Amount price, Amount size) override {
    for (std::int64_t index = 0; index < kScaleCount; ++index) {
      const std::string key = symbol_name(symbol) + ":" + std::to_string(index);
      bool any = false;
      for (auto& [id, session] : sessions_) {
        any = any || (session->subscribed("depth") && (session->subscribed("depth:" + key) || session->subscribed("depth:ALL") ||
                                                        !has_filter(*session, "depth")));
      }
      if (any) broadcast("depth", key, depth_message(symbol, index, LevelChange{bid, price, size}));
    }
  }

  // trade_update in the document's shape: the market, then its trades with bare numbers.
  void on_trade(std::size_t symbol, bool taker_buy, Amount price, Amount quantity, std::uint64_t) override {
    const std::int64_t seconds = exchange().clock().now_ms() / 1000;
    std::string payload = R"({"id":0,"method":"trade_update","data":{"symbol":")" + symbol_name(symbol) + R"(","timestamp":)";
    append_int(payload, seconds);
    payload += R"(,"trades":[{"price":)";
    append_amount(payload, price);
    payload += R"(,"quantity":)";
    append_amount(payload, quantity);
    payload += R"(,"timestamp":)";
    append_int(payload, seconds);
    payload += taker_buy ? R"(,"direction":"buy"}]},"error":null})" : R"(,"direction":"sell"}]},"error":null})";
    broadcast("trade", symbol_name(symbol), payload);
    broadcast("lastprice", symbol_name(symbol), lastprice_message(symbol));
    broadcast("ticker", symbol_name(symbol), ticker_message(symbol));
  }

  void on_balance(const std::string& asset, const Balance& before, const Balance& after) override {
    if (before.total == after.total) return;
    std::string payload = R"({"id":"4","method":"balance_update","data":{"info":{"walletId":"01J7E836F6K5KCX5DP2W0F6FAG","currencyCode":")";
    payload += asset + R"(","amount":")";
    const Amount change = after.total - before.total;
    append_amount_fixed(payload, change < 0 ? -change : change, 16);
    payload += R"(","oldBalance":")";
    append_amount_fixed(payload, before.total, 16);
    payload += R"(","newBalance":")";
    append_amount_fixed(payload, after.total, 8);
    payload += R"("}},"error":null})";
    broadcast("balance", asset, payload);
  }

  void tick(std::int64_t now_ms) override {
    std::vector<Session*> idle;
    for (auto& [id, session] : sessions_) {
      if (now_ms - session->last_client_message_ms > kIdleCloseMs) idle.push_back(session);
    }
    for (Session* session : idle) session->close_websocket(1000, "inactivity");
  }

 private:
  static constexpr std::string_view kTokenPath = "/v2/user-api/exchange/ws-token";
  static constexpr std::string_view kMarketsPath = "/v2/user-api/exchange/markets";
  static constexpr std::string_view kDepthScalesPath = "/v2/user-api/exchange/depth-scales";
  // Depth scales: index 0 is the book as it rests (the exchange's price step, 1e-8); index 1
  // merges it into steps of 100 synthetic ticks.
  static constexpr std::int64_t kScaleCount = 2;

  [[nodiscard]] Amount scale_step(std::size_t symbol, std::int64_t index) {
    return index == 0 ? 1 : exchange().symbols()[symbol].tick * 100;
  }

  // What a new subscriber starts from: the last price and ticker of the named markets (all
  // when "all" or none is named), and a full_reload book per named market:scale_index.
  void send_current(Session& session, const std::string& channel, const std::vector<std::string>& markets) {
    const bool all = markets.empty() || std::find(markets.begin(), markets.end(), "ALL") != markets.end();
    for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
      const std::string name = symbol_name(s);
      if (channel == "lastprice" || channel == "ticker") {
        if (!all && std::find(markets.begin(), markets.end(), name) == markets.end()) continue;
        notify(session, channel == "lastprice" ? lastprice_message(s) : ticker_message(s), false);
      } else if (channel == "depth") {
        for (std::int64_t index = 0; index < kScaleCount; ++index) {
          const std::string topic = name + ":" + std::to_string(index);
          if (all || std::find(markets.begin(), markets.end(), topic) != markets.end()) {
            notify(session, depth_message(s, index, std::nullopt), false);
          }
        }
      }
    }
  }

  std::string lastprice_message(std::size_t symbol) {
    std::string payload = R"({"id":0,"method":"lastprice_update","data":{"symbol":")" + symbol_name(symbol) + R"(","timestamp":)";
    append_int(payload, exchange().clock().now_ms() / 1000);
    payload += R"(,"price":")";
    append_amount(payload, exchange().last_price(symbol));
    payload += R"("},"error":null})";
    return payload;
  }

  std::string ticker_message(std::size_t symbol) {
    const DayStats day = exchange().day_stats(symbol);
    std::string payload = R"({"id":0,"method":"ticker_update","data":{"symbol":")" + symbol_name(symbol) + R"(","timestamp":)";
    append_int(payload, exchange().clock().now_ms() / 1000);
    auto field = [&](std::string_view name, Amount value) {
      payload += R"(,")";
      payload += name;
      payload += R"(":")";
      append_amount(payload, value);
      payload += '"';
    };
    field("price", day.last);
    field("open", day.open);
    field("high", day.high);
    field("low", day.low);
    field("volume", day.volume);
    field("quote_volume", day.quote_volume);
    // A percentage with two decimals, as the document's "0.04".
    payload += R"(,"price_change":")";
    append_amount_fixed(payload, change_ratio(day.open, day.last) * 100, 2);
    payload += R"("},"error":null})";
    return payload;
  }

  // Levels of one side merged into the scale's steps, best first: bids rounded down, asks up.
  std::vector<std::pair<Amount, Amount>> merged_levels(std::size_t symbol, bool bids, Amount step) {
    std::vector<std::pair<Amount, Amount>> merged;
    for (const auto& [price, size] : exchange().depth(symbol, bids, SIZE_MAX)) {
      const Amount bucket = step_of(price, bids, step);
      if (!merged.empty() && merged.back().first == bucket) {
        merged.back().second += size;
      } else {
        merged.emplace_back(bucket, size);
      }
    }
    return merged;
  }

  static Amount step_of(Amount price, bool bid, Amount step) {
    const Amount down = price - price % step;
    return bid || down == price ? down : down + step;
  }

  struct LevelChange {
    bool bid;
    Amount price;
    Amount size;
  };

  // A depth_update at one scale: the whole book (full_reload) or the step holding one changed
  // level, with its new total (0 when the step has emptied).
  std::string depth_message(std::size_t symbol, std::int64_t index, std::optional<LevelChange> change) {
    std::string payload = R"({"id":0,"method":"depth_update","data":{"symbol":")" + symbol_name(symbol) + R"(","timestamp":)";
    append_int(payload, exchange().clock().now_ms() / 1000);
    payload += change ? R"(,"full_reload":false,"scale_index":)" : R"(,"full_reload":true,"scale_index":)";
    append_int(payload, index);
    const Amount step = scale_step(symbol, index);
    for (const bool bids : {false, true}) {
      payload += bids ? R"(],"bids":[)" : R"(,"asks":[)";
      bool first = true;
      auto put = [&](Amount price, Amount size) {
        if (!first) payload += ',';
        first = false;
        payload += "[\"";
        append_amount(payload, price);
        payload += "\",\"";
        append_amount(payload, size);
        payload += "\"]";
      };
      if (!change) {
        for (const auto& [price, size] : merged_levels(symbol, bids, step)) put(price, size);
      } else if (change->bid == bids && step == 1) {
        put(change->price, change->size);
      } else if (change->bid == bids) {
        const Amount bucket = step_of(change->price, bids, step);
        Amount total = 0;
        for (const auto& [price, size] : merged_levels(symbol, bids, step)) {
          if (price == bucket) total = size;
        }
        put(bucket, total);
      }
    }
    payload += R"(]},"error":null})";
    return payload;
  }

  void market_list(Session& session) {
    std::string body = R"({"result":[)";
    for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
      const SymbolSpec& spec = exchange().symbols()[s];
      if (s != 0) body += ',';
      body += R"({"id":")" + cryptomus_order_ids()(s + 1, 0x5EED0000 + s) + R"(","symbol":")" + symbol_name(s) +
              R"(","baseCurrency":")" + spec.base + R"(","quoteCurrency":")" + spec.quote + R"(","baseMinSize":")";
      // The exchange takes sizes and prices in steps of 1e-8 (8 decimals on both sides).
      append_amount_fixed(body, 1, 16);
      body += R"(","quoteMinSize":")";
      append_amount_fixed(body, 1, 16);
      body += R"(","baseMaxSize":")";
      append_amount_fixed(body, 1'000'000 * kAmountScale, 16);
      body += R"(","quoteMaxSize":")";
      append_amount_fixed(body, 1'000'000'000 * kAmountScale, 16);
      body += R"(","basePrec":"8","quotePrec":"8","baseCurrencyFullName":)";
      append_json_string(body, full_name(spec.base));
      body += R"(,"quoteCurrencyFullName":)";
      append_json_string(body, full_name(spec.quote));
      body += '}';
    }
    session.respond(200, body + "]}");
  }

  static std::string full_name(const std::string& code) {
    if (code == "BTC") return "Bitcoin";
    if (code == "ETH") return "Ethereum";
    if (code == "USDT") return "Tether USD";
    return code;
  }

  void depth_scales(Session& session, const Params& params) {
    std::size_t symbol = 0;
    if (const std::string* market = find_param(params, "market")) {
      const auto index = symbol_index(*market);
      if (!index) {
        session.respond(404, R"({"state":1,"message":"Market not found"})");
        return;
      }
      symbol = *index;
    }
    std::string body = R"({"status":"success","message":"success","data":[)";
    for (std::int64_t index = 0; index < kScaleCount; ++index) {
      if (index != 0) body += ',';
      body += R"({"scale":")";
      append_amount(body, scale_step(symbol, index));
      body += R"(","index":)";
      append_int(body, index);
      body += '}';
    }
    session.respond(200, body + "]}");
  }

  std::optional<std::size_t> symbol_index(std::string_view name) {
    const std::size_t underscore = name.find('_');
    if (underscore == std::string_view::npos) return std::nullopt;
    return exchange().find_symbol(name.substr(0, underscore), name.substr(underscore + 1));
  }

  void expire_tokens() {
    const std::int64_t now = wall_ms();
    for (auto it = tokens_.begin(); it != tokens_.end();) {
      it = it->second < now ? tokens_.erase(it) : std::next(it);
    }
  }

  void broadcast(const std::string& channel, const std::string& key, const std::string& payload) {
    const std::string topic = channel + ":" + key;
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(channel) && (session->subscribed(topic) || session->subscribed(channel + ":ALL") ||
                                           !has_filter(*session, channel))) {
        notify(*session, payload, false);
      }
    }
  }

  static bool has_filter(const Session& session, const std::string& channel) {
    const std::string prefix = channel + ":";
    for (const std::string& topic : session.topics) {
      if (topic.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }

  void error(Session& session, const std::string& id, int code, std::string_view message) {
    std::string text = R"({"id":)" + id + R"(,"data":null,"error":{"code":)";
    append_int(text, code);
    text += R"(,"message":)";
    append_json_string(text, message);
    notify(session, text + "}}", false);
  }

  std::string symbol_name(std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    return spec.base + "_" + spec.quote;
  }

  void order_info(std::string& out, const Order& order) {
    out += R"({"id":)";
    append_json_string(out, order.id);
    out += R"(,"symbol":")" + symbol_name(order.symbol) + R"(","orderType":")";
    out += order.market ? "market" : "limit";
    out += R"(","direction":")";
    out += order.buy ? "buy" : "sell";
    out += R"(","price":")";
    append_amount_fixed(out, order.price, 16);
    out += R"(","quantity":")";
    append_amount_fixed(out, order.quantity, 16);
    out += R"(","value":")";
    append_amount_fixed(out, order.market ? order.quote_budget : amount_product(order.price, order.quantity), 16);
    out += R"(","filledQuantity":")";
    append_amount_fixed(out, order.filled, 16);
    out += R"(","filledValue":")";
    append_amount_fixed(out, order.filled_value(), 16);
    out += R"(","clientOid":)";
    if (order.client_id.empty()) {
      out += "null";
    } else {
      append_json_string(out, order.client_id);
    }
    out += R"(,"createTs":)";
    append_int(out, order.created_ms / 1000);
    if (order.open()) {
      if (order.filled > 0) {
        out += R"(,"updateTs":)";
        append_int(out, order.updated_ms / 1000);
      }
    } else {
      out += R"(,"finishTs":)";
      append_int(out, order.updated_ms / 1000);
      out += order.end == OrderEnd::filled ? R"(,"state":"completed","internalState":"filled")"
             : order.filled > 0             ? R"(,"state":"cancelled","internalState":"partially_filled")"
                                            : R"(,"state":"cancelled","internalState":"cancelled")";
    }
    out += '}';
  }

  // {"result":[order...]}, each in the order_update `info` shape.
  void order_list(Session& session, const std::vector<Order*>& orders) {
    std::string body = R"({"result":[)";
    for (std::size_t i = 0; i < orders.size(); ++i) {
      if (i != 0) body += ',';
      order_info(body, *orders[i]);
    }
    session.respond(200, body + "]}");
  }

  // The orders history: the client's finished orders (of one market when `market` names it),
  // the most recently finished first, at most kHistoryLimit; each says how it ended (order_info).
  void order_history(Session& session, const Params& params) {
    std::optional<std::size_t> market;
    if (const std::string* name = find_param(params, "market")) {
      market = symbol_index(upper(*name));
      if (!market) {
        session.respond(404, R"({"state":1,"message":"Market not found"})");
        return;
      }
    }
    std::vector<Order*> finished;
    for (Order* order : exchange().recent_orders(market, SIZE_MAX)) {
      if (!order->open()) finished.push_back(order);
    }
    // recent_orders is newest placed first; the history is newest finished first.
    std::stable_sort(finished.begin(), finished.end(),
                     [](const Order* a, const Order* b) { return a->updated_ms > b->updated_ms; });
    if (finished.size() > kHistoryLimit) finished.resize(kHistoryLimit);
    order_list(session, finished);
  }

  void place(Session& session, std::string_view body, bool market) {
    json::Document doc(256, 16);
    if (doc.parse(body) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.respond(422, R"({"state":1,"message":"The given data was invalid.","errors":{"body":["malformed JSON"]}})");
      return;
    }
    const auto root = doc.root();
    const auto symbol = root["market"].as_string();
    const auto direction = root["direction"].as_string();
    std::optional<std::size_t> index;
    if (symbol) {
      const std::size_t underscore = symbol.value().find('_');
      if (underscore != std::string_view::npos) {
        index = exchange().find_symbol(symbol.value().substr(0, underscore), symbol.value().substr(underscore + 1));
      }
    }
    if (!index || !direction || (direction.value() != "buy" && direction.value() != "sell")) {
      session.respond(422, R"({"state":1,"message":"The given data was invalid.","errors":{"market":["market and direction (buy or sell) are required"]}})");
      return;
    }
    NewOrder request;
    request.symbol = *index;
    request.buy = direction.value() == "buy";
    request.market = market;
    const auto quantity_text = root["quantity"].as_text();
    const auto value_text = root["value"].as_text();
    // 0 stands for absent or malformed: both are refused below.
    const Amount quantity = quantity_text ? parse_amount(quantity_text.value()).value_or(0) : 0;
    const Amount value = value_text ? parse_amount(value_text.value()).value_or(0) : 0;
    if (market && request.buy && value > 0) {
      request.quote_budget = value;
    } else if (quantity > 0) {
      request.quantity = quantity;
    } else {
      session.respond(422, R"({"state":1,"message":"The given data was invalid.","errors":{"quantity":["quantity must be positive"]}})");
      return;
    }
    if (!market) {
      const auto price_text = root["price"].as_text();
      const auto price = price_text ? parse_amount(price_text.value()) : std::nullopt;
      if (!price || *price <= 0) {
        session.respond(422, R"({"state":1,"message":"The given data was invalid.","errors":{"price":["price must be positive"]}})");
        return;
      }
      request.price = *price;
    }
    if (const auto client = root["client_order_id"].as_text()) request.client_id = std::string(client.value());
    if (inject_reject()) {
      session.respond(422, R"({"state":1,"message":"Order rejected"})");
      return;
    }
    Order* order = nullptr;
    const SubmitError error = exchange().submit(request, order);
    if (error != SubmitError::ok) {
      std::string text = R"({"state":1,"message":)";
      append_json_string(text, error == SubmitError::insufficient_balance ? "Insufficient funds" : to_string(error));
      session.respond(422, text + "}");
      return;
    }
    std::string text = R"({"order_id":)";
    append_json_string(text, order->id);
    session.respond(200, text + "}");
  }

  Rng token_rng_;
  std::unordered_map<std::string, std::int64_t> tokens_;  // token -> expiry (wall ms)
};

}  // namespace

std::unique_ptr<Venue> make_cryptomus(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<Cryptomus>(std::move(credentials), std::move(exchange), fault_seed);
}

Exchange::IdMaker cryptomus_order_ids() {
  // ULID-like: 26 Crockford base32 characters, unique through the sequence part.
  return [](std::uint64_t seq, std::uint64_t random) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string id = "01J";
    for (int i = 0; i < 10; ++i) id.push_back(kAlphabet[(random >> (i * 5)) & 31]);
    for (int i = 12; i >= 0; --i) id.push_back(kAlphabet[(seq >> (i * 5)) & 31]);
    return id;
  };
}

}  // namespace oex::sim
