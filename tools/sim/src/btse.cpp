// BTSE spot v3.3 (btse-spot-v3.3.md): REST under /spot/api/v3.3 signed with
// HMAC-SHA384(secret, urlpath + nonce + body), WS /ws/spot (authKeyExpires, notificationApiV3,
// fills) and /ws/oss/spot (update:<symbol>_0 snapshots and deltas with seqNum/prevSeqNum).
#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "venues.hpp"

namespace oex::sim {
namespace {

constexpr std::string_view kRestPrefix = "/spot";

class Btse final : public Venue {
 public:
  Btse(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
      : Venue("btse", std::move(credentials), std::move(exchange), fault_seed), hmac_(this->credentials().secret),
        order_limit_(75), query_limit_(15), seq_(exchange_symbols(), 1) {}

  std::string endpoints(const std::string& https, const std::string& wss) const override {
    return R"("rest":")" + https + R"(/spot","ws":")" + wss + R"(/ws/spot","ws_book":")" + wss + R"(/ws/oss/spot")";
  }

  void on_http(Session& session, const HttpRequest& request) override {
    if (request.path.rfind(kRestPrefix, 0) != 0) {
      session.respond(404, R"({"status":404,"errorCode":404,"message":"NOT_FOUND"})");
      return;
    }
    const std::string urlpath = request.path.substr(kRestPrefix.size());
    const bool order_call = urlpath == "/api/v3.3/order" && request.method != "GET";
    const bool open_orders = urlpath == "/api/v3.3/user/open_orders";
    const bool query = urlpath == "/api/v3.3/order" && request.method == "GET";
    const bool cancel_all_after = urlpath == "/api/v3.3/order/cancelAllAfter" && request.method == "POST";
    const bool trade_history = urlpath == "/api/v3.3/user/trade_history" && request.method == "GET";
    const bool fees = urlpath == "/api/v3.3/user/fees" && request.method == "GET";
    if (urlpath == "/api/v3.3/time") {
      const std::int64_t now = wall_ms();
      std::string body = R"({"iso":")";
      append_iso_time(body, now);
      body += R"(","epoch":)";
      append_int(body, now / 1000);
      body += '}';
      session.respond(200, body);
      return;
    }
    if (request.method == "GET" && public_call(session, urlpath, parse_form(request.query))) return;
    if (!order_call && !open_orders && !query && !cancel_all_after && !trade_history && !fees) {
      session.respond(404, R"({"status":404,"errorCode":404,"message":"NOT_FOUND"})");
      return;
    }
    const std::int64_t now = wall_ms();
    if (faults().throttle || (rate_limits() && !(order_call ? order_limit_ : query_limit_).allow(now))) {
      session.respond(429, R"({"status":429,"errorCode":303,"message":"ERROR_RATE_LIMITS_EXCEEDED"})");
      return;
    }
    const std::string* key = request.header("request-api");
    const std::string* nonce = request.header("request-nonce");
    const std::string* sign = request.header("request-sign");
    if (key == nullptr || nonce == nullptr || sign == nullptr || *key != credentials().api_key) {
      session.respond(401, R"({"status":401,"errorCode":401,"message":"AUTHENTICATE ERROR"})");
      return;
    }
    const auto digest = hmac_.sign({urlpath, *nonce, request.body});
    if (!equal_constant_time(lower(*sign), hex(digest.data(), digest.size()))) {
      session.respond(401, R"({"status":401,"errorCode":401,"message":"AUTHENTICATE ERROR: signature mismatch"})");
      return;
    }
    const Params params = parse_form(request.query);
    if (cancel_all_after) {
      json::Document doc(16, 4);
      const auto timeout = doc.parse(request.body) == codecs::CodecError::ok ? doc.root()["timeout"].as_int64()
                                                                           : Result<std::int64_t, codecs::CodecError>(codecs::CodecError::malformed_json);
      if (!timeout || timeout.value() < 0) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: timeout (ms) is required"})");
        return;
      }
      // 0 switches the dead-man timer off; otherwise every open order goes when it runs out.
      cancel_all_deadline_ms_ = timeout.value() == 0 ? 0 : wall_ms() + timeout.value();
      session.respond(200, "");
      return;
    }
    if (trade_history) {
      user_trade_history(session, params);
      return;
    }
    if (fees) {
      user_fees(session, params);
      return;
    }
    if (order_call && request.method == "PUT") {
      amend(session, request.body);
    } else if (order_call && request.method == "POST") {
      place(session, request.body);
    } else if (order_call && request.method == "DELETE") {
      cancel(session, params);
    } else if (query) {
      const std::string* id = find_param(params, "orderID");
      const std::string* client = find_param(params, "clOrderID");
      Order* order = id != nullptr ? exchange().find(*id) : client != nullptr ? exchange().find_client(*client) : nullptr;
      if (order == nullptr) {
        session.respond(404, R"({"status":404,"errorCode":16,"message":"ORDER_NOTFOUND"})");
        return;
      }
      std::string body;
      order_json(body, *order, status_of(*order), false);
      session.respond(200, body);
    } else {
      const std::string* symbol = find_param(params, "symbol");
      std::optional<std::size_t> filter;
      if (symbol != nullptr) filter = symbol_index(*symbol);
      std::string body = "[";
      for (Order* order : exchange().open_orders(filter)) {
        if (body.size() > 1) body += ',';
        order_json(body, *order, status_of(*order), true);
      }
      body += ']';
      session.respond(200, body);
    }
  }

  bool on_ws_open(Session& session, const HttpRequest& request) override {
    if (request.path != "/ws/spot" && request.path != "/ws/oss/spot") {
      session.respond(404, R"({"status":404,"message":"NOT_FOUND"})");
      return false;
    }
    register_session(session);
    return true;
  }

  void on_ws_message(Session& session, std::string_view payload, bool) override {
    if (payload == "ping") {
      session.send_text("pong");
      return;
    }
    json::Document doc(256, 16);
    if (doc.parse(payload) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.send_text(R"({"event":"error","errorCode":1002,"message":"Invalid request. Please check your request and provide all the required information."})");
      return;
    }
    const auto op = doc.root()["op"].as_string();
    const auto args = doc.root()["args"];
    const bool book_socket = session.ws_path().rfind("/ws/oss/spot", 0) == 0;
    if (op && op.value() == "authKeyExpires" && !book_socket) {
      const auto key = args.at(0).as_text();
      const auto nonce = args.at(1).as_text();
      const auto sign = args.at(2).as_text();
      bool ok = key && nonce && sign && key.value() == credentials().api_key;
      if (ok) {
        const auto digest = hmac_.sign({std::string_view("/ws/spot"), nonce.value()});
        ok = equal_constant_time(lower(sign.value()), hex(digest.data(), digest.size()));
      }
      session.authenticated = ok;
      session.send_text(ok ? R"({"event":"login","success":true})"
                           : R"({"event":"login","success":false,"errorCode":401,"message":"AUTHENTICATE ERROR"})");
      return;
    }
    if (op && (op.value() == "subscribe" || op.value() == "unsubscribe") && args.is_array()) {
      const bool subscribe = op.value() == "subscribe";
      std::string reply = R"({"event":")";
      reply += op.value();
      reply += R"(","channel":[)";
      std::vector<std::string> snapshots;
      bool first = true;
      for (std::size_t i = 0; i < args.size(); ++i) {
        const auto topic = args.at(i).as_string();
        if (!topic) continue;
        const std::string name(topic.value());
        if (book_socket) {
          if (!book_topic_symbol(name) && !l1_topic_symbol(name)) {
            session.send_text(R"({"event":"error","errorCode":1005,"message":"The provided topic does not exist."})");
            continue;
          }
        } else if (name != "notificationApiV3" && name != "fills" && name.rfind("tradeHistoryApi:", 0) != 0) {
          continue;
        }
        if (subscribe) {
          session.subscribe(name);
          if (book_socket) snapshots.push_back(name);
        } else {
          session.unsubscribe(name);
        }
        if (!first) reply += ',';
        first = false;
        append_json_string(reply, name);
      }
      reply += "]}";
      session.send_text(reply);
      for (const std::string& topic : snapshots) send_snapshot(session, topic);
      return;
    }
    session.send_text(R"({"event":"error","errorCode":1001,"message":"The provided operation is not supported."})");
  }

  // Exchange events.
  void on_order(const Order& order, bool created) override {
    if (created && order.open() && order.filled == 0 && order.end == OrderEnd::none) {
      notify_order(order, 2);
      return;
    }
    notify_order(order, status_of(order));
  }

  void on_fill(const Order& order) override {
    std::string payload = R"({"topic":"fills","data":[{"orderId":)";
    append_json_string(payload, order.id);
    payload += R"(,"serialId":")";
    append_int(payload, static_cast<std::int64_t>(order.last_trade_id));
    payload += R"(","clOrderId":)";
    append_json_string(payload, order.client_id);
    payload += R"(,"type":)";
    payload += order.market ? "77" : "76";
    payload += R"(,"symbol":")";
    payload += symbol_name(order.symbol);
    payload += order.buy ? R"(","side":"BUY","price":")" : R"(","side":"SELL","price":")";
    append_amount(payload, order.last_fill_price);
    payload += R"(","size":")";
    append_amount(payload, order.last_fill_quantity);
    payload += R"(","feeAmount":")";
    const Amount value = amount_product(order.last_fill_price, order.last_fill_quantity);
    append_amount(payload, value * (order.last_fill_maker ? 500 : 1000) / 1'000'000);
    const SymbolSpec& spec = exchange().symbols()[order.symbol];
    payload += R"(","feeCurrency":")" + spec.quote + R"(","base":")" + spec.base + R"(","quote":")" + spec.quote;
    payload += order.last_fill_maker ? R"(","maker":true,"timestamp":)" : R"(","maker":false,"timestamp":)";
    append_int(payload, order.updated_ms);
    payload += R"(,"tradeId":")";
    append_int(payload, static_cast<std::int64_t>(order.last_trade_id));
    payload += "\"}]}";
    for (auto& [id, session] : sessions_) {
      if (session->authenticated && session->subscribed("fills")) notify(*session, payload, false);
    }
  }

  void on_book(std::size_t symbol, bool bid, Amount price, Amount size) override {
    push_l1(symbol);
    const std::string topic = "update:" + symbol_name(symbol) + "_0";
    bool any = false;
    for (auto& [id, session] : sessions_) any = any || session->subscribed(topic);
    std::uint64_t& seq = seq_[symbol];
    seq += inject_skip_seq() ? 2 : 1;  // a skipped number: the packet before this one never comes
    const std::uint64_t prev = seq - 1;
    if (!any) return;
    std::string payload = R"({"topic":")" + topic + R"(","data":{"bids":[)";
    std::string level = "[\"";
    append_amount(level, price);
    level += "\",\"";
    append_amount(level, size);
    level += "\"]";
    payload += bid ? level : "";
    payload += R"(],"asks":[)";
    payload += bid ? "" : level;
    payload += R"(],"seqNum":)";
    append_int(payload, static_cast<std::int64_t>(seq));
    payload += R"(,"prevSeqNum":)";
    append_int(payload, static_cast<std::int64_t>(prev));
    payload += R"(,"type":"delta","timestamp":)";
    append_int(payload, exchange().clock().now_ms());
    payload += R"(,"symbol":")" + symbol_name(symbol) + "\"}}";
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(topic)) notify(*session, payload, false);
    }
  }

  void on_trade(std::size_t symbol, bool taker_buy, Amount price, Amount quantity, std::uint64_t trade_id) override {
    const std::string topic = "tradeHistoryApi:" + symbol_name(symbol);
    std::string payload;
    for (auto& [id, session] : sessions_) {
      if (!session->subscribed(topic)) continue;
      if (payload.empty()) {
        payload = R"({"topic":")" + topic + R"(","data":[{"symbol":")" + symbol_name(symbol);
        payload += taker_buy ? R"(","side":"BUY","size":)" : R"(","side":"SELL","size":)";
        append_amount(payload, quantity);
        payload += R"(,"price":)";
        append_amount(payload, price);
        payload += R"(,"tradeId":)";
        append_int(payload, static_cast<std::int64_t>(trade_id));
        payload += R"(,"timestamp":)";
        append_int(payload, exchange().clock().now_ms());
        payload += "}]}";
      }
      notify(*session, payload, false);
    }
  }

  void on_balance(const std::string&, const Balance&, const Balance&) override {}

  void tick(std::int64_t now_ms) override {
    if (cancel_all_deadline_ms_ == 0 || now_ms < cancel_all_deadline_ms_) return;
    cancel_all_deadline_ms_ = 0;
    for (Order* order : exchange().open_orders(std::nullopt)) exchange().cancel(*order);
  }

 private:
  // The public market endpoints (no signature); false when `urlpath` is none of them.
  bool public_call(Session& session, const std::string& urlpath, const Params& params) {
    const std::string prefix = "/api/v3.3/";
    if (urlpath.rfind(prefix, 0) != 0) return false;
    const std::string name = urlpath.substr(prefix.size());
    if (name != "market_summary" && name != "price" && name != "ohlcv" && name != "orderbook" && name != "orderbook/L2" &&
        name != "trades") {
      return false;
    }
    if (faults().throttle) {
      session.respond(429, R"({"status":429,"errorCode":303,"message":"ERROR_RATE_LIMITS_EXCEEDED"})");
      return true;
    }
    const std::string* symbol_text = find_param(params, "symbol");
    std::optional<std::size_t> symbol;
    if (symbol_text != nullptr) {
      symbol = symbol_index(*symbol_text);
      if (!symbol) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: unknown symbol"})");
        return true;
      }
    }
    const bool symbol_required = name != "market_summary" && name != "price";
    if (symbol_required && !symbol) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: symbol is required"})");
      return true;
    }
    std::string body;
    if (name == "market_summary" || name == "price") {
      body = "[";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (symbol && *symbol != s) continue;
        if (body.size() > 1) body += ',';
        if (name == "price") {
          price_json(body, s);
        } else {
          market_summary_json(body, s);
        }
      }
      body += ']';
    } else if (name == "ohlcv") {
      const auto resolution = int_param(params, "resolution", 0);
      static constexpr std::int64_t kResolutions[] = {1, 5, 15, 30, 60, 240, 360, 1440, 10080, 43200};
      if (!resolution || std::find(std::begin(kResolutions), std::end(kResolutions), *resolution) == std::end(kResolutions)) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: resolution must be 1, 5, 15, 30, 60, 240, 360, 1440, 10080 or 43200"})");
        return true;
      }
      const auto start = int_param(params, "start", 0);
      const auto end = int_param(params, "end", INT64_MAX);
      if (!start || !end) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: start and end are milliseconds"})");
        return true;
      }
      auto candles = exchange().candles(*symbol, *resolution, Exchange::kMinuteCandlesKept);
      // Newest first, as the document's example; 300 points at most.
      body = "[";
      std::size_t count = 0;
      for (auto it = candles.rbegin(); it != candles.rend() && count < 300; ++it) {
        if (it->start_ms < *start || it->start_ms > *end) continue;
        if (body.size() > 1) body += ',';
        ++count;
        body += '[';
        append_int(body, it->start_ms / 1000);
        for (const Amount value : {it->open, it->high, it->low, it->close, it->volume}) {
          body += ',';
          append_amount(body, value);
        }
        body += ']';
      }
      body += ']';
    } else if (name == "orderbook" || name == "orderbook/L2") {
      const auto group = int_param(params, "group", 0);
      const auto depth = int_param(params, "depth", 50);
      const auto limit_bids = int_param(params, "limit_bids", name == "orderbook" ? 50 : depth.value_or(50));
      const auto limit_asks = int_param(params, "limit_asks", name == "orderbook" ? 50 : depth.value_or(50));
      if (!group || *group < 0 || *group > 8 || !depth || !limit_bids || !limit_asks || *depth < 0 || *limit_bids < 0 ||
          *limit_asks < 0) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: group is 0-8; depth and limits are counts"})");
        return true;
      }
      // Grouping merges levels into steps of 10^group price ticks: the simulator's synthetic
      // levels already sit on one tick, so group 0 is the book as it rests.
      body = R"({"buyQuote":[)";
      quotes_json(body, *symbol, true, static_cast<std::size_t>(*limit_bids), *group);
      body += R"(],"sellQuote":[)";
      quotes_json(body, *symbol, false, static_cast<std::size_t>(*limit_asks), *group);
      body += R"(],"timestamp":)";
      append_int(body, exchange().clock().now_ms());
      body += R"(,"symbol":")" + symbol_name(*symbol) + "\"}";
    } else {
      const auto count = int_param(params, "count", 50);
      const auto start = int_param(params, "startTime", 0);
      const auto end = int_param(params, "endTime", INT64_MAX);
      if (!count || *count < 0 || !start || !end) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: count, startTime and endTime are numbers"})");
        return true;
      }
      const auto& trades = exchange().trades(*symbol);
      body = "[";
      std::int64_t written = 0;
      for (auto it = trades.rbegin(); it != trades.rend() && written < *count; ++it) {
        if (it->ms < *start || it->ms > *end) continue;
        if (body.size() > 1) body += ',';
        ++written;
        body += R"({"price":)";
        append_amount(body, it->price);
        body += R"(,"size":)";
        append_amount(body, it->quantity);
        body += it->taker_buy ? R"(,"side":"BUY","symbol":")" : R"(,"side":"SELL","symbol":")";
        body += symbol_name(*symbol) + R"(","serialId":)";
        append_int(body, static_cast<std::int64_t>(it->id));
        body += R"(,"timestamp":)";
        append_int(body, it->ms);
        body += '}';
      }
      body += ']';
    }
    session.respond(200, body);
    return true;
  }

  void market_summary_json(std::string& out, std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    const DayStats day = exchange().day_stats(symbol);
    const auto bid = exchange().best(symbol, true);
    const auto ask = exchange().best(symbol, false);
    out += R"({"symbol":")" + symbol_name(symbol) + R"(","last":)";
    append_amount(out, day.last);
    out += R"(,"lowestAsk":)";
    append_amount(out, ask ? ask->first : 0);
    out += R"(,"highestBid":)";
    append_amount(out, bid ? bid->first : 0);
    out += R"(,"percentageChange":)";
    append_amount(out, change_ratio(day.open, day.last) * 100);
    out += R"(,"volume":)";
    append_amount(out, day.quote_volume);
    out += R"(,"high24Hr":)";
    append_amount(out, day.high);
    out += R"(,"low24Hr":)";
    append_amount(out, day.low);
    out += R"(,"base":")" + spec.base + R"(","quote":")" + spec.quote + R"(","active":true,"size":)";
    append_amount(out, day.volume);
    // The exchange takes any price and size in steps of 1e-8.
    out += R"(,"minValidPrice":0.00000001,"minPriceIncrement":0.00000001,"minOrderSize":0.00000001,)"
           R"("maxOrderSize":1000000,"minSizeIncrement":0.00000001,"openInterest":0,"openInterestUSD":0,)"
           R"("contractStart":0,"contractEnd":0,"timeBasedContract":false,"openTime":0,"closeTime":0,)"
           R"("startMatching":0,"inactiveTime":0,"fundingRate":0,"contractSize":0,"maxPosition":0,)"
           R"("minRiskLimit":0,"maxRiskLimit":0,"availableSettlement":null,"futures":false,)"
           R"("isMarketOpenToOtc":false,"isMarketOpenToSpot":true})";
  }

  void price_json(std::string& out, std::size_t symbol) {
    // No index exists beside the one book: the index price is its mid (last when a side is empty).
    const auto bid = exchange().best(symbol, true);
    const auto ask = exchange().best(symbol, false);
    const Amount last = exchange().last_price(symbol);
    const Amount index = bid && ask ? (bid->first + ask->first) / 2 : last;
    out += R"({"symbol":")" + symbol_name(symbol) + R"(","indexPrice":)";
    append_amount(out, index);
    out += R"(,"lastPrice":)";
    append_amount(out, last);
    out += R"(,"markPrice":0})";
  }

  // Levels best first; with `group` > 0 merged into buckets of 10^group price ticks (bids
  // rounded down, asks up), as BTSE groups its book.
  void quotes_json(std::string& out, std::size_t symbol, bool bids, std::size_t limit, std::int64_t group) {
    Amount step = 1;
    for (std::int64_t i = 0; i < group; ++i) step *= 10;
    step *= exchange().symbols()[symbol].tick;
    std::vector<std::pair<Amount, Amount>> levels;
    for (const auto& [price, size] : exchange().depth(symbol, bids, SIZE_MAX)) {
      Amount bucket = price;
      if (group > 0) {
        bucket = price - price % step;
        if (!bids && bucket != price) bucket += step;
      }
      if (!levels.empty() && levels.back().first == bucket) {
        levels.back().second += size;
      } else {
        if (levels.size() == limit) break;
        levels.emplace_back(bucket, size);
      }
    }
    bool first = true;
    for (const auto& [price, size] : levels) {
      if (!first) out += ',';
      first = false;
      out += R"({"price":")";
      append_amount(out, price);
      out += R"(","size":")";
      append_amount(out, size);
      out += "\"}";
    }
  }

  void user_trade_history(Session& session, const Params& params) {
    const std::string* symbol_text = find_param(params, "symbol");
    const auto symbol = symbol_text == nullptr ? std::nullopt : symbol_index(*symbol_text);
    if (!symbol) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: symbol is required"})");
      return;
    }
    const std::string* order_id = find_param(params, "orderID");
    const std::string* client_id = find_param(params, "clOrderID");
    const auto count = int_param(params, "count", 500);
    const auto start = int_param(params, "startTime", 0);
    const auto end = int_param(params, "endTime", INT64_MAX);
    if (!count || *count < 0 || !start || !end) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: count, startTime and endTime are numbers"})");
      return;
    }
    const SymbolSpec& spec = exchange().symbols()[*symbol];
    std::string body = "[";
    std::int64_t written = 0;
    const auto& fills = exchange().fills();
    for (auto it = fills.rbegin(); it != fills.rend() && written < *count; ++it) {
      const FillRecord& fill = *it;
      if (fill.symbol != *symbol || fill.ms < *start || fill.ms > *end) continue;
      if (order_id != nullptr && fill.order_id != *order_id) continue;
      if (client_id != nullptr && fill.client_id != *client_id) continue;
      if (body.size() > 1) body += ',';
      ++written;
      body += R"({"tradeId":")";
      append_int(body, static_cast<std::int64_t>(fill.trade_id));
      body += R"(","orderId":)";
      append_json_string(body, fill.order_id);
      body += R"(,"clOrderID":)";
      if (fill.client_id.empty()) {
        body += "null";
      } else {
        append_json_string(body, fill.client_id);
      }
      body += fill.buy ? R"(,"username":"oexsim","side":"BUY","orderType":)" : R"(,"username":"oexsim","side":"SELL","orderType":)";
      body += fill.market ? "77" : "76";
      body += R"(,"triggerType":0,"price":)";
      append_amount(body, fill.market ? fill.price : fill.order_price);
      body += R"(,"size":)";
      append_amount(body, fill.order_quantity);
      body += R"(,"filledPrice":)";
      append_amount(body, fill.price);
      body += R"(,"filledSize":)";
      append_amount(body, fill.quantity);
      body += R"(,"triggerPrice":0,"base":")" + spec.base + R"(","quote":")" + spec.quote + R"(","symbol":")" +
              symbol_name(fill.symbol) + R"(","feeCurrency":")" + spec.quote + R"(","feeAmount":)";
      append_amount(body, fill.fee);
      body += R"(,"wallet":"SPOT@","realizedPnl":0,"total":0,"serialId":)";
      append_int(body, static_cast<std::int64_t>(fill.trade_id));
      body += R"(,"timestamp":)";
      append_int(body, fill.ms);
      body += R"(,"avgFilledPrice":)";
      append_amount(body, fill.order_average);
      body += '}';
    }
    session.respond(200, body + "]");
  }

  void user_fees(Session& session, const Params& params) {
    const std::string* symbol_text = find_param(params, "symbol");
    std::optional<std::size_t> symbol;
    if (symbol_text != nullptr) {
      symbol = symbol_index(*symbol_text);
      if (!symbol) {
        session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: unknown symbol"})");
        return;
      }
    }
    auto one = [&](std::string& out, std::size_t s) {
      out += R"({"makerfee":)";
      append_amount(out, exchange().maker_fee_ppm() * (kAmountScale / 1'000'000));
      out += R"(,"symbol":")" + symbol_name(s) + R"(","takerfee":)";
      append_amount(out, exchange().taker_fee_ppm() * (kAmountScale / 1'000'000));
      out += '}';
    };
    std::string body;
    if (symbol) {
      one(body, *symbol);  // one market: the object the document shows
    } else {
      body = "[";
      for (std::size_t s = 0; s < exchange().symbols().size(); ++s) {
        if (s != 0) body += ',';
        one(body, s);
      }
      body += ']';
    }
    session.respond(200, body);
  }

  void amend(Session& session, std::string_view body) {
    json::Document doc(64, 8);
    if (doc.parse(body) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: malformed JSON"})");
      return;
    }
    const auto root = doc.root();
    const auto id = root["orderID"].as_text();
    const auto client = root["clOrderID"].as_text();
    const auto type = root["type"].as_string();
    Order* order = id ? exchange().find(id.value()) : client ? exchange().find_client(client.value()) : nullptr;
    if (order == nullptr || !order->open()) {
      refuse(session, "ORDER_NOTFOUND", 16);
      return;
    }
    auto amount = [&](std::string_view name) -> Amount {
      const auto text = root[name].as_text();
      return text ? parse_amount(text.value()).value_or(0) : 0;
    };
    Amount price = order->price;
    Amount size = order->quantity;
    if (type && type.value() == "PRICE") {
      price = amount("value");
    } else if (type && type.value() == "SIZE") {
      size = amount("value");
    } else if (type && type.value() == "ALL") {
      price = amount("orderPrice");
      size = amount("orderSize");
    } else {
      refuse(session, "ORDER_REJECTED: type must be PRICE, SIZE or ALL", 15);
      return;
    }
    if (!exchange().amend(*order, price, size)) {
      refuse(session, "ORDER_REJECTED", 15);
      return;
    }
    std::string answer = "[";
    order_json(answer, *order, status_of(*order), false);
    session.respond(200, answer + "]");
  }

  std::int64_t cancel_all_deadline_ms_ = 0;

  std::size_t exchange_symbols() { return exchange().symbols().size(); }

  std::string symbol_name(std::size_t symbol) {
    const SymbolSpec& spec = exchange().symbols()[symbol];
    return spec.base + "-" + spec.quote;
  }

  std::optional<std::size_t> symbol_index(std::string_view name) {
    const std::size_t dash = name.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    return exchange().find_symbol(name.substr(0, dash), name.substr(dash + 1));
  }

  std::optional<std::size_t> book_topic_symbol(const std::string& topic) {
    if (topic.rfind("update:", 0) != 0) return std::nullopt;
    const std::size_t underscore = topic.rfind('_');
    if (underscore == std::string::npos || underscore < 7) return std::nullopt;
    return symbol_index(std::string_view(topic).substr(7, underscore - 7));
  }

  static int status_of(const Order& order) {
    switch (order.end) {
      case OrderEnd::filled: return 4;
      case OrderEnd::cancelled: return 6;
      case OrderEnd::rejected: return 15;
      case OrderEnd::none: return order.filled > 0 ? 5 : 2;
    }
    return 2;
  }

  void order_json(std::string& out, const Order& order, int status, bool open_orders_shape) {
    out += R"({"status":)";
    append_int(out, status);
    out += R"(,"symbol":")" + symbol_name(order.symbol);
    out += R"(","orderType":)";
    out += order.market ? "77" : "76";
    out += R"(,"price":)";
    append_amount(out, order.price);
    out += order.buy ? R"(,"side":"BUY","orderID":)" : R"(,"side":"SELL","orderID":)";
    append_json_string(out, order.id);
    out += R"(,"timestamp":)";
    append_int(out, order.updated_ms);
    out += R"(,"triggerPrice":0,"stopPrice":null,"trigger":false,"message":"","avgFilledPrice":)";
    append_amount(out, order.average_price());
    out += R"(,"clOrderID":)";
    if (order.client_id.empty()) {
      out += "null";
    } else {
      append_json_string(out, order.client_id);
    }
    out += R"(,"stealth":1,"deviation":1,"postOnly":)";
    out += order.post_only ? "true" : "false";
    out += R"(,"time_in_force":")";
    out += order.tif == TimeInForce::gtc ? "GTC" : order.tif == TimeInForce::ioc ? "IOC" : "FOK";
    out += R"(","originalOrderBaseSize":)";
    append_amount(out, order.quantity);
    out += R"(,"originalOrderQuoteSize":null,"currentOrderBaseSize":)";
    append_amount(out, order.quantity);
    out += R"(,"currentOrderQuoteSize":null,"remainingOrderBaseSize":)";
    append_amount(out, order.remaining());
    out += R"(,"remainingOrderQuoteSize":null,"filledBaseSize":)";
    append_amount(out, order.last_fill_quantity);
    out += R"(,"totalFilledBaseSize":)";
    append_amount(out, order.filled);
    out += R"(,"orderCurrency":"base")";
    if (open_orders_shape) out += order.open() ? R"(,"orderState":"STATUS_ACTIVE")" : R"(,"orderState":"STATUS_INACTIVE")";
    out += '}';
  }

  void refuse(Session& session, std::string_view message, int status) {
    std::string body = R"([{"status":)";
    append_int(body, status);
    body += R"(,"message":)";
    append_json_string(body, message);
    body += "}]";
    session.respond(400, body);
  }

  void place(Session& session, std::string_view body) {
    json::Document doc(256, 16);
    if (doc.parse(body) != codecs::CodecError::ok || !doc.root().is_object()) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: malformed JSON"})");
      return;
    }
    const auto root = doc.root();
    NewOrder request;
    const auto symbol = root["symbol"].as_string();
    const auto side = root["side"].as_string();
    const auto type = root["type"].as_string();
    const auto size = root["size"].as_text();
    if (!symbol || !side || !type || !size) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: symbol, size, side and type are required"})");
      return;
    }
    const auto index = symbol_index(symbol.value());
    if (!index) {
      refuse(session, "MARKET_UNAVAILABLE", 1);
      return;
    }
    request.symbol = *index;
    request.buy = equal_ignore_case(side.value(), "BUY");
    request.market = equal_ignore_case(type.value(), "MARKET");
    const auto quantity = parse_amount(size.value());
    if (!quantity || *quantity <= 0) {
      refuse(session, "ERROR_INVALID_ORDER_SIZE", 301);
      return;
    }
    request.quantity = *quantity;
    if (!request.market) {
      const auto price_text = root["price"].as_text();
      const auto price = price_text ? parse_amount(price_text.value()) : std::nullopt;
      if (!price || *price <= 0) {
        refuse(session, "ERROR_INVALID_ORDER_PRICE", 302);
        return;
      }
      request.price = *price;
    }
    if (const auto tif = root["time_in_force"].as_string()) {
      request.tif = tif.value() == "IOC" ? TimeInForce::ioc : tif.value() == "FOK" ? TimeInForce::fok : TimeInForce::gtc;
    }
    if (const auto post = root["postOnly"].as_bool()) request.post_only = post.value();
    if (const auto client = root["clOrderID"].as_text()) request.client_id = std::string(client.value());
    if (inject_reject()) {
      refuse(session, "ORDER_REJECTED", 15);
      return;
    }
    Order* order = nullptr;
    const SubmitError error = exchange().submit(request, order);
    if (error == SubmitError::insufficient_balance) {
      refuse(session, "INSUFFICIENT_BALANCE", 8);
      return;
    }
    if (error != SubmitError::ok) {
      refuse(session, to_string(error), 15);
      return;
    }
    std::string answer = "[";
    order_json(answer, *order, order->open() && order->filled == 0 ? 2 : status_of(*order), false);
    answer += ']';
    session.respond(200, answer);
  }

  void cancel(Session& session, const Params& params) {
    const std::string* id = find_param(params, "orderID");
    const std::string* client = find_param(params, "clOrderID");
    const std::string* symbol = find_param(params, "symbol");
    if (symbol == nullptr) {
      session.respond(400, R"({"status":400,"errorCode":400,"message":"BAD_REQUEST: symbol is required"})");
      return;
    }
    std::vector<Order*> targets;
    if (id != nullptr) {
      if (Order* order = exchange().find(*id)) targets.push_back(order);
    } else if (client != nullptr) {
      if (Order* order = exchange().find_client(*client)) targets.push_back(order);
    } else {
      targets = exchange().open_orders(symbol_index(*symbol));
    }
    std::string body = "[";
    for (Order* order : targets) {
      if (!exchange().cancel(*order)) continue;
      if (body.size() > 1) body += ',';
      order_json(body, *order, 6, false);
    }
    if (body.size() == 1) {
      body += R"({"status":16,"symbol":)";
      append_json_string(body, *symbol);
      body += R"(,"message":"ORDER_NOTFOUND"})";
    }
    body += ']';
    session.respond(200, body);
  }

  void notify_order(const Order& order, int status) {
    std::string payload = R"({"topic":"notificationApiV3","data":)";
    std::string data;
    order_json(data, order, status, false);
    // The notification carries the fill price while filling and txType, as the document shows.
    data.pop_back();
    data += R"(,"maker":)";
    data += order.last_fill_maker ? "true" : "false";
    data += R"(,"txType":0,"pegPriceDeviation":1})";
    payload += data;
    payload += '}';
    for (auto& [id, session] : sessions_) {
      if (session->authenticated && session->subscribed("notificationApiV3")) notify(*session, payload, false);
    }
  }

  std::optional<std::size_t> l1_topic_symbol(const std::string& topic) {
    if (topic.rfind("snapshotL1:", 0) != 0) return std::nullopt;
    return symbol_index(std::string_view(topic).substr(11));
  }

  // snapshotL1:<symbol>: the best bid and ask, sent on subscribe and whenever either changes.
  std::string l1_message(std::size_t symbol) {
    const std::string name = symbol_name(symbol);
    std::string payload = R"({"topic":"snapshotL1:)" + name + R"(","data":{"bids":[)";
    for (const bool bids : {true, false}) {
      if (!bids) payload += R"(],"asks":[)";
      if (const auto top = exchange().best(symbol, bids)) {
        payload += "[\"";
        append_amount(payload, top->first);
        payload += "\",\"";
        append_amount(payload, top->second);
        payload += "\"]";
      }
    }
    payload += R"(],"type":"snapshotL1","symbol":")" + name + R"(","timestamp":)";
    append_int(payload, exchange().clock().now_ms());
    return payload + "}}";
  }

  void push_l1(std::size_t symbol) {
    const std::string topic = "snapshotL1:" + symbol_name(symbol);
    bool any = false;
    for (auto& [id, session] : sessions_) any = any || session->subscribed(topic);
    if (!any) return;
    const auto bid = exchange().best(symbol, true);
    const auto ask = exchange().best(symbol, false);
    Top top{bid.value_or(std::pair<Amount, Amount>{0, 0}), ask.value_or(std::pair<Amount, Amount>{0, 0})};
    if (l1_sent_.size() <= symbol) l1_sent_.resize(exchange().symbols().size());
    if (l1_sent_[symbol] == top) return;
    l1_sent_[symbol] = top;
    const std::string payload = l1_message(symbol);
    for (auto& [id, session] : sessions_) {
      if (session->subscribed(topic)) notify(*session, payload, false);
    }
  }

  void send_snapshot(Session& session, const std::string& topic) {
    if (const auto l1 = l1_topic_symbol(topic)) {
      notify(session, l1_message(*l1), false);
      return;
    }
    const auto symbol = book_topic_symbol(topic);
    if (!symbol) return;
    std::string payload = R"({"topic":")" + topic + R"(","data":{"bids":[)";
    auto levels = [&](bool bids) {
      bool first = true;
      for (const auto& [price, size] : exchange().depth(*symbol, bids, 50)) {
        if (!first) payload += ',';
        first = false;
        payload += "[\"";
        append_amount(payload, price);
        payload += "\",\"";
        append_amount(payload, size);
        payload += "\"]";
      }
    };
    levels(true);
    payload += R"(],"asks":[)";
    levels(false);
    payload += R"(],"seqNum":)";
    append_int(payload, static_cast<std::int64_t>(seq_[*symbol]));
    payload += R"(,"prevSeqNum":)";
    append_int(payload, static_cast<std::int64_t>(seq_[*symbol] - 1));
    payload += R"(,"type":"snapshot","timestamp":)";
    append_int(payload, exchange().clock().now_ms());
    payload += R"(,"symbol":")" + symbol_name(*symbol) + "\"}}";
    notify(session, payload, false);
  }

  codecs::HmacSha384 hmac_;
  RateLimit order_limit_;
  RateLimit query_limit_;
  std::vector<std::uint64_t> seq_;
  // The best bid and ask last sent on snapshotL1, per symbol.
  struct Top {
    std::pair<Amount, Amount> bid;
    std::pair<Amount, Amount> ask;
    bool operator==(const Top&) const = default;
  };
  std::vector<Top> l1_sent_;
};

}  // namespace

std::unique_ptr<Venue> make_btse(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<Btse>(std::move(credentials), std::move(exchange), fault_seed);
}

}  // namespace oex::sim
