// GCT (gct-rest-v1.md): REST /v1/... with JSON bodies carrying accessKey, timestamp (within
// 5 s of the server) and signature = base64(HMAC-SHA256(secretKey, k1=v1&k2=v2...)) over the
// other parameters sorted by ASCII name; trading limited to 30 calls a second
// (`excessive_access`); the push socket on "/" that sends transactions after {"accessKey":...}.
#include <oex/codecs/json.hpp>
#include <oex/codecs/signing.hpp>

#include <algorithm>
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
    const bool trading = method.rfind("/order/", 0) == 0;
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

  void order_json(std::string& out, const Order& order) {
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
