// DigiFinex (digifinex-ws-v1.md): WS /ws/v1/ whose server frames are binary, zlib-deflated
// JSON; server.ping/time/auth, the public and private subscriptions and their updates. Order
// entry through the public REST API the document omits (INDEX.md "Beyond the documents"):
// /v3/spot/order/new, /cancel, /current and /v3/spot/order, signed with ACCESS-SIGN =
// hex(HMAC-SHA256(secret, body or query)). Algo (trigger) orders, which no document places,
// come from the control endpoint (POST /algo_order) and are reported by order_algo.update.
#include <libdeflate.h>

#include <algorithm>
#include <cstdio>

#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include "venues.hpp"

namespace oex::sim {
namespace {

class DigiFinex final : public Venue {
 public:
  DigiFinex(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
      : Venue("digifinex", std::move(credentials), std::move(exchange), fault_seed), hmac_(this->credentials().secret),
        compressor_(libdeflate_alloc_compressor(6)), algo_rng_(this->exchange().seed() ^ 0x616c676f6f726472ull) {}
  ~DigiFinex() override { libdeflate_free_compressor(compressor_); }

  std::string endpoints(const std::string& https, const std::string& wss) const override {
    return R"("rest":")" + https + R"(","ws":")" + wss + R"(/ws/v1/")";
  }

  void on_http(Session& session, const HttpRequest& request) override {
    const bool place = request.path == "/v3/spot/order/new" && request.method == "POST";
    const bool cancel = request.path == "/v3/spot/order/cancel" && request.method == "POST";
    const bool current = request.path == "/v3/spot/order/current" && request.method == "GET";
    const bool query = request.path == "/v3/spot/order" && request.method == "GET";
    if (!place && !cancel && !current && !query) {
      session.respond(404, R"({"code":10001,"msg":"not found"})");
      return;
    }
    if (faults().throttle || (rate_limits() && !limit_.allow(wall_ms()))) {
      session.respond(200, R"({"code":10002,"msg":"too many requests"})");
      return;
    }
    const std::string* key = request.header("ACCESS-KEY");
    const std::string* timestamp = request.header("ACCESS-TIMESTAMP");
    const std::string* sign = request.header("ACCESS-SIGN");
    if (key == nullptr || timestamp == nullptr || sign == nullptr || *key != credentials().api_key) {
      session.respond(200, R"({"code":20001,"msg":"invalid ACCESS-KEY"})");
      return;
    }
    const long long seconds = std::strtoll(timestamp->c_str(), nullptr, 10);
    if (std::llabs(seconds - wall_ms() / 1000) > 30) {
      session.respond(200, R"({"code":20002,"msg":"ACCESS-TIMESTAMP expired"})");
      return;
    }
    const std::string_view signed_text = request.method == "GET" ? std::string_view(request.query) : request.body;
    const auto digest = hmac_.sign({signed_text});
    if (!equal_constant_time(lower(*sign), hex(digest.data(), digest.size()))) {
      session.respond(200, R"({"code":20003,"msg":"invalid ACCESS-SIGN"})");
      return;
    }
    const Params params = parse_form(request.method == "GET" ? std::string_view(request.query) : request.body);
    if (place) {
      new_order(session, params);
      fire_algo_orders();  // the client's order may have moved the last price to a trigger
    } else if (cancel) {
      cancel_orders(session, params);
    } else {
      std::vector<Order*> orders;
      if (current) {
        const std::string* symbol = find_param(params, "symbol");
        orders = exchange().open_orders(symbol == nullptr ? std::nullopt : symbol_index(*symbol));
      } else if (const std::string* ids = find_param(params, "order_id")) {
        std::string_view rest = *ids;
        while (!rest.empty()) {
          const std::size_t comma = rest.find(',');
          if (Order* order = exchange().find(rest.substr(0, comma))) orders.push_back(order);
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
      std::string body = R"({"code":0,"data":[)";
      for (std::size_t i = 0; i < orders.size(); ++i) {
        if (i != 0) body += ',';
        rest_order_json(body, *orders[i]);
      }
      body += "]}";
      session.respond(200, body);
    }
  }

  bool on_ws_open(Session& session, const HttpRequest& request) override {
    if (request.path != "/ws/v1/" && request.path != "/ws/v1") {
      session.respond(404, R"({"code":10001,"msg":"not found"})");
      return false;
    }
    register_session(session);
    return true;
  }

  void on_ws_message(Session& session, std::string_view payload, bool) override {
    json::Document doc(256, 16);
    if (doc.parse(payload) != codecs::CodecError::ok || !doc.root().is_object()) {
      reply_error(session, "null", 1, "invalid argument");
      return;
    }
    const auto root = doc.root();
    const auto id_value = root["id"];
    const std::string id = id_value.present() ? std::string(id_value.kind() == json::Kind::string
                                                                ? "\"" + std::string(id_value.raw()) + "\""
                                                                : std::string(id_value.raw()))
                                              : std::string("null");
    const auto method = root["method"].as_string();
    const auto params = root["params"];
    if (!method || !params.is_array()) {
      reply_error(session, id, 1, "invalid argument");
      return;
    }
    const std::string_view m = method.value();
    if (m == "server.ping") {
      reply(session, R"({"error":null,"result":"pong","id":)" + id + "}");
    } else if (m == "server.time") {
      std::string text = R"({"error":null,"result":)";
      append_int(text, wall_ms() / 1000);  // the server's real time, for clock sync
      reply(session, text + R"(,"id":)" + id + "}");
    } else if (m == "server.auth") {
      const auto key = params.at(0).as_text();
      const auto timestamp = params.at(1).as_text();
      const auto sign = params.at(2).as_text();
      bool ok = key && timestamp && sign && key.value() == credentials().api_key;
      if (ok) {
        const auto digest = hmac_.sign({timestamp.value()});
        ok = equal_constant_time(sign.value(), base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));
      }
      if (!ok) {
        reply_error(session, id, 2, "authentication failed");
        return;
      }
      session.authenticated = true;
      reply(session, R"({"error":null,"result":{"status":"success"},"id":)" + id + "}");
    } else if (m.size() > 10 && m.substr(m.size() - 10) == ".subscribe") {
      const std::string channel(m.substr(0, m.size() - 10));
      const bool is_private = channel == "order" || channel == "order_algo" || channel == "balance";
      const bool known = is_private || channel == "trades" || channel == "depth" || channel == "ticker" || channel == "all_ticker";
      if (!known) {
        reply_error(session, id, 3, "method not found");
        return;
      }
      if (is_private && !session.authenticated) {
        reply_error(session, id, 6, "require auth");
        return;
      }
      std::vector<std::string> markets;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto market = params.at(i).as_string()) markets.emplace_back(upper(market.value()));
      }
      if (channel == "all_ticker") markets.emplace_back("ALL");
      for (const std::string& market : markets) session.subscribe(channel + ":" + market);
      reply(session, R"({"error":null,"result":{"status":"success"},"id":)" + id + "}");
      // Tickers start from the market as it is; later ones follow every trade.
      if (channel == "ticker") {
        for (const std::string& market : markets) {
          if (auto symbol = symbol_index(market)) send_deflated(session, ticker_message("ticker.update", symbol));
        }
      } else if (channel == "all_ticker") {
        send_deflated(session, ticker_message("all_ticker.update", std::nullopt));
      } else if (channel == "trades") {
        // The complete result first (clean = true): the latest trades, newest first.
        for (const std::string& market : markets) {
          if (auto symbol = symbol_index(market)) send_deflated(session, trades_message(*symbol, true, 50));
        }
      }
      if (channel == "depth") {
        for (const std::string& market : markets) {
          if (auto symbol = symbol_index(market)) send_depth_snapshot(session, *symbol);
        }
      }
    } else if (m.size() > 12 && m.substr(m.size() - 12) == ".unsubscribe") {
      const std::string prefix = std::string(m.substr(0, m.size() - 12)) + ":";
      auto& topics = session.topics;
      topics.erase(std::remove_if(topics.begin(), topics.end(), [&](const std::string& t) { return t.rfind(prefix, 0) == 0; }),
                   topics.end());
      reply(session, R"({"error":null,"result":{"status":"success"},"id":)" + id + "}");
    } else {
      reply_error(session, id, 3, "method not found");
    }
  }

  void on_order(const Order& order, bool) override {
    std::string payload = R"({"method":"order.update","params":[{"amount":")";
    append_amount(payload, order.market && order.buy ? order.quote_budget : order.quantity);
    payload += R"(","filled":")";
    append_amount(payload, order.filled);
    payload += R"(","id":)";
    append_json_string(payload, order.id);
    payload += R"(,"mode":1,"notional":")";
    append_amount(payload, order.filled_value());
    payload += R"(","price":")";
    append_amount(payload, order.price);
    payload += R"(","price_avg":")";
    append_amount(payload, order.average_price());
    payload += order.buy ? R"(","side":"buy","status":)" : R"(","side":"sell","status":)";
    append_int(payload, status_of(order));
    payload += R"(,"symbol":")" + symbol_name(order.symbol) + R"(","timestamp":)";
    append_int(payload, order.updated_ms);
    payload += order.market ? R"(,"type":"market"}],"id":null})" : R"(,"type":"limit"}],"id":null})";
    const std::string topic = "order:" + symbol_name(order.symbol);
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(topic)) send_deflated(*session, payload);
    }
  }

  void on_fill(const Order&) override {}  // DigiFinex reports fills only through order.update

  // Trades come from inside a match, where no order may be booked: waiting algo orders are
  // checked once the step is over (and after each REST order, and on creation).
  void on_step_done() override {
    if (!algo_orders_.empty()) fire_algo_orders();
  }

  bool place_algo_order(const Params& params, std::string& answer) override {
    const std::string* symbol = find_param(params, "symbol");
    const std::string* side = find_param(params, "side");
    const std::string* amount = find_param(params, "amount");
    const std::string* trigger = find_param(params, "trigger_price");
    const std::string* algo_price = find_param(params, "algo_price");
    if (symbol == nullptr || side == nullptr || amount == nullptr || trigger == nullptr || algo_price == nullptr) {
      answer = "symbol, side, amount, trigger_price and algo_price are required";
      return false;
    }
    const auto index = symbol_index(upper(*symbol));
    if (!index) {
      answer = "unknown symbol " + *symbol;
      return false;
    }
    if (*side != "buy" && *side != "sell") {
      answer = "side must be buy or sell";
      return false;
    }
    AlgoOrder algo;
    algo.symbol = *index;
    algo.buy = *side == "buy";
    const auto quantity = parse_amount(*amount);
    const auto trigger_price = parse_amount(*trigger);
    const auto limit = parse_amount(*algo_price);
    if (!quantity || *quantity <= 0 || !trigger_price || *trigger_price <= 0 || !limit || *limit <= 0) {
      answer = "amount, trigger_price and algo_price must be positive decimals";
      return false;
    }
    algo.amount = *quantity;
    algo.trigger_price = *trigger_price;
    algo.algo_price = *limit;
    // The id in DigiFinex's order id form (32 hex digits, as the document's example), from its
    // own sequence and a generator seeded from the exchange's seed.
    algo.id = exchange().make_id(++algo_seq_, algo_rng_.next());
    exchange().clock().tick();
    push_algo(algo, kAlgoWaiting);
    answer = algo.id;
    algo_orders_.push_back(std::move(algo));
    fire_algo_orders();  // the market may already be at the trigger
    return true;
  }

  void on_book(std::size_t symbol, bool bid, Amount price, Amount size) override {
    const std::string topic = "depth:" + symbol_name(symbol);
    std::string payload;
    for (auto& [id, session] : sessions_) {
      if (!session->subscribed(topic)) continue;
      if (payload.empty()) {
        std::string level = "[\"";
        append_amount(level, price);
        level += "\",\"";
        append_amount(level, size);
        level += "\"]";
        payload = R"({"method":"depth.update","params":[false,{"asks":[)" + (bid ? std::string() : level) +
                  R"(],"bids":[)" + (bid ? level : std::string()) + R"(]},")" + symbol_name(symbol) + R"("],"id":null})";
      }
      send_deflated(*session, payload);
    }
  }

  void on_trade(std::size_t symbol, bool, Amount, Amount, std::uint64_t) override {
    const std::string topic = "trades:" + symbol_name(symbol);
    std::string payload;
    for (auto& [id, session] : sessions_) {
      if (!session->subscribed(topic)) continue;
      if (payload.empty()) {
        payload = trades_message(symbol, false, 1);  // the trade just booked, last on the tape
      }
      send_deflated(*session, payload);
    }
    push_tickers(symbol);
  }

  void on_balance(const std::string& asset, const Balance&, const Balance& after) override {
    const std::string topic = "balance:" + asset;
    std::string payload;
    for (auto& [id, session] : sessions_) {
      if (!session->subscribed(topic)) continue;
      if (payload.empty()) {
        payload = R"({"method":"balance.update","params":[{"currency":")" + asset + R"(","free":")";
        append_amount(payload, after.free());
        payload += R"(","total":")";
        append_amount(payload, after.total);
        payload += R"(","used":")";
        append_amount(payload, after.locked);
        payload += R"("}],"id":null})";
      }
      send_deflated(*session, payload);
    }
  }

  // Public for the benchmark's in-process answers.
  void send_deflated(Session& session, std::string_view json) { notify(session, deflate(json), true); }

 private:
  // trades.update with the latest `count` trades of the tape, newest first.
  std::string trades_message(std::size_t symbol, bool clean, std::size_t count) {
    std::string payload = R"({"method":"trades.update","params":[)";
    payload += clean ? "true,[" : "false,[";
    const auto& tape = exchange().trades(symbol);
    std::size_t written = 0;
    for (auto it = tape.rbegin(); it != tape.rend() && written < count; ++it, ++written) {
      if (written != 0) payload += ',';
      payload += R"({"id":)";
      append_int(payload, static_cast<std::int64_t>(it->id));
      payload += R"(,"time":)";
      append_int(payload, it->ms / 1000);
      payload += '.';
      payload += std::to_string(1000 + it->ms % 1000).substr(1);
      payload += R"(,"price":")";
      append_amount(payload, it->price);
      payload += R"(","amount":")";
      append_amount(payload, it->quantity);
      payload += it->taker_buy ? R"(","type":"buy"})" : R"(","type":"sell"})";
    }
    payload += R"(],")" + symbol_name(symbol) + R"("],"id":null})";
    return payload;
  }

  // ticker.update to the market's subscribers, all_ticker.update (every market) to theirs.
  void push_tickers(std::size_t symbol) {
    const std::string topic = "ticker:" + symbol_name(symbol);
    std::string one;
    std::string all;
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(topic)) {
        if (one.empty()) one = ticker_message("ticker.update", symbol);
        send_deflated(*session, one);
      }
      if (session->subscribed("all_ticker:ALL")) {
        if (all.empty()) all = ticker_message("all_ticker.update", std::nullopt);
        send_deflated(*session, all);
      }
    }
  }

  // The document's ticker fields (its examples carry no high_24h, so neither does this).
  std::string ticker_message(std::string_view method, std::optional<std::size_t> only) {
    std::string payload = R"({"method":")";
    payload += method;
    payload += R"(","params":[)";
    bool first = true;
    for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
      if (only && *only != s) continue;
      if (!first) payload += ',';
      first = false;
      const DayStats day = exchange().day_stats(s);
      const auto& tape = exchange().trades(s);
      const auto bid = exchange().best(s, true);
      const auto ask = exchange().best(s, false);
      auto field = [&](std::string_view name, Amount value) {
        payload += R"(,")";
        payload += name;
        payload += R"(":")";
        append_amount(payload, value);
        payload += '"';
      };
      payload += R"({"symbol":")" + symbol_name(s) + '"';
      field("open_24h", day.open);
      field("low_24h", day.low);
      field("base_volume_24h", day.volume);
      field("quote_volume_24h", day.quote_volume);
      field("last", day.last);
      field("last_qty", tape.empty() ? 0 : tape.back().quantity);
      field("best_bid", bid ? bid->first : 0);
      field("best_bid_size", bid ? bid->second : 0);
      field("best_ask", ask ? ask->first : 0);
      field("best_ask_size", ask ? ask->second : 0);
      payload += R"(,"timestamp":)";
      append_int(payload, exchange().clock().now_ms());
      payload += '}';
    }
    payload += R"(],"id":null})";
    return payload;
  }

  std::string deflate(std::string_view json) {
    std::string out(libdeflate_zlib_compress_bound(compressor_, json.size()), '\0');
    const std::size_t n = libdeflate_zlib_compress(compressor_, json.data(), json.size(), out.data(), out.size());
    out.resize(n);
    return out;
  }

  void reply(Session& session, const std::string& json) { session.send_binary(deflate(json)); }

  void reply_error(Session& session, const std::string& id, int code, std::string_view message) {
    std::string text = R"({"error":{"code":)";
    append_int(text, code);
    text += R"(,"message":)";
    append_json_string(text, message);
    text += R"(},"result":null,"id":)" + id + "}";
    reply(session, text);
  }

  std::string symbol_name(std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    return spec.base + "_" + spec.quote;
  }

  std::optional<std::size_t> symbol_index(std::string_view name) {
    const std::size_t underscore = name.find('_');
    if (underscore == std::string_view::npos) return std::nullopt;
    return exchange().find_symbol(name.substr(0, underscore), name.substr(underscore + 1));
  }

  static int status_of(const Order& order) {
    switch (order.end) {
      case OrderEnd::filled: return 2;
      case OrderEnd::cancelled:
      case OrderEnd::rejected: return order.filled > 0 ? 4 : 3;
      case OrderEnd::none: return order.filled > 0 ? 1 : 0;
    }
    return 0;
  }

  void rest_order_json(std::string& out, const Order& order) {
    out += R"({"symbol":")" + lower(symbol_name(order.symbol)) + R"(","order_id":)";
    append_json_string(out, order.id);
    out += R"(,"created_date":)";
    append_int(out, order.created_ms / 1000);
    out += R"(,"finished_date":)";
    append_int(out, order.open() ? 0 : order.updated_ms / 1000);
    out += R"(,"price":)";
    append_amount(out, order.price);
    out += R"(,"amount":)";
    append_amount(out, order.quantity);
    out += R"(,"cash_amount":)";
    append_amount(out, order.quote_budget);
    out += R"(,"executed_amount":)";
    append_amount(out, order.filled);
    out += R"(,"avg_price":)";
    append_amount(out, order.average_price());
    out += R"(,"status":)";
    append_int(out, status_of(order));
    out += R"(,"type":")";
    out += order.buy ? (order.market ? "buy_market" : "buy") : (order.market ? "sell_market" : "sell");
    out += R"(","kind":"spot"})";
  }

  void new_order(Session& session, const Params& params) {
    const std::string* symbol = find_param(params, "symbol");
    const std::string* type = find_param(params, "type");
    const std::string* amount = find_param(params, "amount");
    const std::string* price = find_param(params, "price");
    if (symbol == nullptr || type == nullptr || amount == nullptr) {
      session.respond(200, R"({"code":10003,"msg":"symbol, type and amount are required"})");
      return;
    }
    const auto index = symbol_index(upper(*symbol));
    const auto quantity = parse_amount(*amount);
    if (!index) {
      session.respond(200, R"({"code":20007,"msg":"invalid symbol"})");
      return;
    }
    NewOrder request;
    request.symbol = *index;
    request.buy = *type == "buy" || *type == "buy_market";
    request.market = *type == "buy_market" || *type == "sell_market";
    if (*type != "buy" && *type != "sell" && !request.market) {
      session.respond(200, R"({"code":10003,"msg":"type must be buy, sell, buy_market or sell_market"})");
      return;
    }
    if (!quantity || *quantity <= 0) {
      session.respond(200, R"({"code":20012,"msg":"invalid amount"})");
      return;
    }
    // A market buy's amount is in the quote currency, as DigiFinex takes it.
    if (request.market && request.buy) {
      request.quote_budget = *quantity;
    } else {
      request.quantity = *quantity;
    }
    if (!request.market) {
      const auto limit = price == nullptr ? std::nullopt : parse_amount(*price);
      if (!limit || *limit <= 0) {
        session.respond(200, R"({"code":20011,"msg":"invalid price"})");
        return;
      }
      request.price = *limit;
    }
    if (const std::string* post_only = find_param(params, "post_only")) request.post_only = *post_only == "1";
    if (inject_reject()) {
      session.respond(200, R"({"code":20019,"msg":"order rejected"})");
      return;
    }
    Order* order = nullptr;
    const SubmitError error = exchange().submit(request, order);
    if (error == SubmitError::insufficient_balance) {
      session.respond(200, R"({"code":20009,"msg":"insufficient balance"})");
      return;
    }
    if (error != SubmitError::ok) {
      std::string body = R"({"code":20019,"msg":)";
      append_json_string(body, to_string(error));
      session.respond(200, body + "}");
      return;
    }
    std::string body = R"({"code":0,"order_id":)";
    append_json_string(body, order->id);
    session.respond(200, body + "}");
  }

  void cancel_orders(Session& session, const Params& params) {
    const std::string* ids = find_param(params, "order_id");
    if (ids == nullptr) {
      session.respond(200, R"({"code":10003,"msg":"order_id is required"})");
      return;
    }
    std::string success = "[";
    std::string error = "[";
    std::string_view rest = *ids;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view id = rest.substr(0, comma);
      Order* order = exchange().find(id);
      std::string& list = order != nullptr && exchange().cancel(*order) ? success : error;
      if (list.size() > 1) list += ',';
      append_json_string(list, id);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    session.respond(200, R"({"code":0,"success":)" + success + R"(],"error":)" + error + "]}");
  }

  void send_depth_snapshot(Session& session, std::size_t symbol) {
    std::string payload = R"({"method":"depth.update","params":[true,{"asks":[)";
    auto levels = [&](bool bids) {
      bool first = true;
      for (const auto& [price, size] : exchange().depth(symbol, bids, 30)) {
        if (!first) payload += ',';
        first = false;
        payload += "[\"";
        append_amount(payload, price);
        payload += "\",\"";
        append_amount(payload, size);
        payload += "\"]";
      }
    };
    levels(false);
    payload += R"(],"bids":[)";
    levels(true);
    payload += R"(]},")" + symbol_name(symbol) + R"("],"id":null})";
    send_deflated(session, payload);
  }

  // A waiting algo order: on its trigger, a limit order at algo_price for amount.
  struct AlgoOrder {
    std::string id;
    std::size_t symbol = 0;
    bool buy = true;
    Amount amount = 0;
    Amount trigger_price = 0;
    Amount algo_price = 0;
  };
  // order_algo.update status values. The document shows only 0 and does not explain it; these
  // three are our choice: 0 waiting, 1 triggered (the limit order is placed), 2 triggered but
  // the exchange refused the limit order (no balance, say).
  static constexpr int kAlgoWaiting = 0;
  static constexpr int kAlgoTriggered = 1;
  static constexpr int kAlgoFailed = 2;

  // The document's order_algo.update, field for field in its order; mode 1 is spot.
  void push_algo(const AlgoOrder& algo, int status) {
    const std::string topic = "order_algo:" + symbol_name(algo.symbol);
    std::string payload = R"({"method":"order_algo.update","params":[{"algo_price":")";
    append_amount(payload, algo.algo_price);
    payload += R"(","amount":")";
    append_amount(payload, algo.amount);
    payload += R"(","id":)";
    append_json_string(payload, algo.id);
    payload += algo.buy ? R"(,"mode":1,"side":"buy","status":)" : R"(,"mode":1,"side":"sell","status":)";
    append_int(payload, status);
    payload += R"(,"symbol":")" + symbol_name(algo.symbol) + R"(","timestamp":)";
    append_int(payload, exchange().clock().now_ms());
    payload += R"(,"trigger_price":")";
    append_amount(payload, algo.trigger_price);
    payload += R"("}],"id":null})";
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(topic)) send_deflated(*session, payload);
    }
  }

  // Stop semantics: a buy algo order fires when the market's last trade price rises to or above
  // its trigger, a sell when it falls to or below it. A fired order leaves the list, is reported
  // triggered, and its limit order is booked like a REST order (order.update and the ground
  // truth follow); that order may trade and reach the next trigger, so the check repeats.
  void fire_algo_orders() {
    for (;;) {
      const auto reached = std::find_if(algo_orders_.begin(), algo_orders_.end(), [&](const AlgoOrder& algo) {
        const Amount last = exchange().last_price(algo.symbol);
        return algo.buy ? last >= algo.trigger_price : last <= algo.trigger_price;
      });
      if (reached == algo_orders_.end()) return;
      const AlgoOrder algo = std::move(*reached);
      algo_orders_.erase(reached);
      exchange().clock().tick();
      push_algo(algo, kAlgoTriggered);
      NewOrder request;
      request.symbol = algo.symbol;
      request.buy = algo.buy;
      request.price = algo.algo_price;
      request.quantity = algo.amount;
      Order* order = nullptr;
      if (exchange().submit(request, order) != SubmitError::ok) {
        exchange().clock().tick();
        push_algo(algo, kAlgoFailed);
      }
    }
  }

  codecs::HmacSha256 hmac_;
  libdeflate_compressor* compressor_;
  RateLimit limit_{180};
  std::vector<AlgoOrder> algo_orders_;  // waiting, oldest first
  std::uint64_t algo_seq_ = 0;
  Rng algo_rng_;
};

}  // namespace

std::unique_ptr<Venue> make_digifinex(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<DigiFinex>(std::move(credentials), std::move(exchange), fault_seed);
}

Exchange::IdMaker btse_order_ids() {
  return [](std::uint64_t seq, std::uint64_t random) {
    std::string id = hex(reinterpret_cast<const std::uint8_t*>(&random), 8);
    char counter[16];
    std::snprintf(counter, sizeof counter, "%015llx", static_cast<unsigned long long>(seq));
    // UUID layout: 8-4-4-4-12, unique through the sequence part.
    return id.substr(0, 8) + "-" + id.substr(8, 4) + "-4" + id.substr(12, 3) + "-8" +
           std::string(counter, 3) + "-" + std::string(counter + 3, 12);
  };
}

Exchange::IdMaker digifinex_order_ids() {
  return [](std::uint64_t seq, std::uint64_t random) {
    char text[40];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(random),
                  static_cast<unsigned long long>(seq));
    return std::string(text);
  };
}

}  // namespace oex::sim
