// Deflow (deflow-rest-v1.md): REST /v1/... with form-urlencoded parameters, api_key, time and
// sign = MD5(k1v1k2v2... + secretKey) over the parameters sorted by name (empty ones left out);
// answers {"code":"0","msg":"suc","data":...}. No socket: orders are followed by polling.
#include <oex/codecs/signing.hpp>

#include <algorithm>

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
      std::string body = R"({"code":"0","msg":"suc","data":{"order_info":)";
      order_json(body, *order);
      session.respond(200, body + "}}");
    } else if ((request.path == "/v1/order/new" || request.path == "/v1/order") && request.method == "GET") {
      const bool open_only = request.path == "/v1/order/new";
      const auto orders = open_only ? exchange().open_orders(std::nullopt) : exchange().recent_orders(std::nullopt, 100);
      std::string body = R"({"code":"0","msg":"suc","data":{"count":)";
      append_int(body, static_cast<std::int64_t>(orders.size()));
      body += open_only ? R"(,"resultList":[)" : R"(,"orderList":[)";
      for (std::size_t i = 0; i < orders.size(); ++i) {
        if (i != 0) body += ',';
        order_json(body, *orders[i]);
      }
      session.respond(200, body + "]}}");
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
    out += R"(","source":3,"source_msg":"API","tradeList":[]})";
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
    if (inject_reject()) return fail(session, "5", "order creation failed");
    Order* order = nullptr;
    const SubmitError error = exchange().submit(request, order);
    if (error == SubmitError::insufficient_balance) return fail(session, "19", "insufficient balance");
    if (error != SubmitError::ok) return fail(session, "5", "order creation failed");
    session.respond(200, R"({"code":"0","msg":"suc","data":{"order_id":)" + order->id + "}}");
  }

  RateLimit limit_;
};

}  // namespace

std::unique_ptr<Venue> make_deflow(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed) {
  return std::make_unique<Deflow>(std::move(credentials), std::move(exchange), fault_seed);
}

}  // namespace oex::sim
