#include "oex/replay/endpoints.hpp"

#include <array>

namespace oex::replay {
namespace {

template <class E>
struct Route {
  std::string_view method;
  std::string_view path;
  E endpoint;
};

template <class E, std::size_t N>
std::optional<E> find_route(const std::array<Route<E>, N>& routes, const RequestLine& r) noexcept {
  for (const auto& route : routes) {
    if (route.method == r.method && route.path == r.path) return route.endpoint;
  }
  return std::nullopt;
}

using BtseE = codecs::btse::Endpoint;
constexpr std::array<Route<BtseE>, 15> kBtse{{
    {"POST", "/api/v3.3/order", BtseE::create_order},
    {"POST", "/api/v3.3/order/peg", BtseE::create_order},
    {"PUT", "/api/v3.3/order", BtseE::amend_order},
    {"DELETE", "/api/v3.3/order", BtseE::cancel_order},
    {"POST", "/api/v3.3/order/cancelAllAfter", BtseE::cancel_all_after},
    {"GET", "/api/v3.3/order", BtseE::query_order},
    {"GET", "/api/v3.3/user/open_orders", BtseE::open_orders},
    {"GET", "/api/v3.3/user/trade_history", BtseE::trade_history},
    {"GET", "/api/v3.3/user/fees", BtseE::fees},
    {"GET", "/api/v3.3/market_summary", BtseE::market_summary},
    {"GET", "/api/v3.3/price", BtseE::price},
    {"GET", "/api/v3.3/orderbook", BtseE::orderbook},
    {"GET", "/api/v3.3/orderbook/L2", BtseE::orderbook_l2},
    {"GET", "/api/v3.3/trades", BtseE::trades},
    {"GET", "/api/v3.3/time", BtseE::time},
}};

using GctE = codecs::gct::Endpoint;
constexpr std::array<Route<GctE>, 19> kGct{{
    {"POST", "/v1/order/saveEntrust", GctE::save_entrust},
    {"POST", "/v1/order/cancelEntrust", GctE::cancel_entrust},
    {"POST", "/v1/order/batchCancel", GctE::batch_cancel},
    {"POST", "/v1/order/batchCancelOpenOrders", GctE::batch_cancel_open_orders},
    {"POST", "/v1/order/cancelEntrustByClientOrderId", GctE::cancel_entrust_by_client_order_id},
    {"POST", "/v1/order/batchCancelByClientOrderIds", GctE::batch_cancel_by_client_order_ids},
    {"GET", "/v1/order/queryOrderById", GctE::query_order_by_id},
    {"GET", "/v1/order/openOrders", GctE::open_orders},
    {"GET", "/v1/order/current", GctE::current_orders},
    {"GET", "/v1/order/queryMyEntrust", GctE::query_my_entrust},
    {"GET", "/v1/order/queryMyHisEntrust", GctE::query_my_his_entrust},
    {"GET", "/v1/order/queryMyEntrustOrder", GctE::query_my_entrust_order},
    {"GET", "/v1/personal/getUserFinanceList", GctE::user_finance_list},
    {"GET", "/v1/market/tickers", GctE::market_tickers},
    {"GET", "/v1/market/ticker", GctE::market_ticker},
    {"GET", "/v1/market/depth", GctE::market_depth},
    {"GET", "/v1/market/trade", GctE::market_trade},
    {"GET", "/v1/market/kline", GctE::market_kline},
    {"GET", "/v1/market/tradeInfo", GctE::market_trade_info},
}};

using DeflowE = codecs::deflow::Endpoint;
constexpr std::array<Route<DeflowE>, 13> kDeflow{{
    {"POST", "/v1/order", DeflowE::create_order},
    {"DELETE", "/v1/order", DeflowE::cancel_order},
    {"GET", "/v1/order", DeflowE::orders},
    {"GET", "/v1/trade", DeflowE::trades},
    {"GET", "/v1/order/new", DeflowE::open_orders},
    {"GET", "/v1/order/info", DeflowE::order_info},
    {"GET", "/v1/user/accounts", DeflowE::user_accounts},
    {"GET", "/v1/common/symbols", DeflowE::symbols},
    {"GET", "/v1/records", DeflowE::records},
    {"GET", "/v1/ticker", DeflowE::ticker},
    {"GET", "/v1/trades", DeflowE::recent_trades},
    {"GET", "/v1/market/dept", DeflowE::depth},
    {"GET", "/v1/market", DeflowE::market},
}};

using DigifinexE = codecs::digifinex::RestEndpoint;
constexpr std::array<Route<DigifinexE>, 4> kDigifinex{{
    {"POST", codecs::digifinex::kNewOrderPath, DigifinexE::new_order},
    {"POST", codecs::digifinex::kCancelOrderPath, DigifinexE::cancel_order},
    {"GET", codecs::digifinex::kCurrentOrdersPath, DigifinexE::current_orders},
    {"GET", codecs::digifinex::kQueryOrderPath, DigifinexE::query_order},
}};

using CryptomusE = codecs::cryptomus::Endpoint;
constexpr std::array<Route<CryptomusE>, 2> kCryptomus{{
    {"GET", "/v2/user-api/exchange/markets", CryptomusE::markets},
    {"GET", "/v2/user-api/exchange/depth-scales", CryptomusE::depth_scales},
}};

}  // namespace

RequestLine split_request(std::string_view req) noexcept {
  RequestLine r;
  const std::size_t space = req.find(' ');
  if (space == std::string_view::npos) {
    r.path = req;
  } else {
    r.method = req.substr(0, space);
    r.path = req.substr(space + 1);
  }
  if (const std::size_t q = r.path.find('?'); q != std::string_view::npos) {
    r.query = r.path.substr(q + 1);
    r.path = r.path.substr(0, q);
  }
  return r;
}

std::optional<std::string_view> query_param(std::string_view query, std::string_view key) noexcept {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<codecs::btse::Endpoint> btse_endpoint(const RequestLine& r) noexcept { return find_route(kBtse, r); }
std::optional<codecs::gct::Endpoint> gct_endpoint(const RequestLine& r) noexcept { return find_route(kGct, r); }
std::optional<codecs::deflow::Endpoint> deflow_endpoint(const RequestLine& r) noexcept {
  return find_route(kDeflow, r);
}

std::optional<codecs::digifinex::RestEndpoint> digifinex_endpoint(const RequestLine& r) noexcept {
  return find_route(kDigifinex, r);
}

std::optional<codecs::cryptomus::Endpoint> cryptomus_endpoint(const RequestLine& r) noexcept {
  if (const auto e = find_route(kCryptomus, r)) return e;
  if (cryptomus_order_endpoint(r)) return std::nullopt;
  if (r.path.find("token") != std::string_view::npos) return codecs::cryptomus::Endpoint::token;
  return std::nullopt;
}

std::optional<codecs::cryptomus::OrderEndpoint> cryptomus_order_endpoint(const RequestLine& r,
                                                                         std::string_view* order_id) noexcept {
  using E = codecs::cryptomus::OrderEndpoint;
  using codecs::cryptomus::kMarketOrdersPath;
  using codecs::cryptomus::kOrdersPath;
  if (r.path == kOrdersPath) {
    if (r.method == "POST") return E::limit_order;
    if (r.method == "GET") return E::open_orders;
    return std::nullopt;
  }
  if (r.method == "POST" && r.path == kMarketOrdersPath) return E::market_order;
  if (r.method == "GET" && r.path == codecs::cryptomus::kOrderHistoryPath) return E::order_history;
  // DELETE /v2/user-api/exchange/orders/{id}: one segment after the orders path.
  if (r.method == "DELETE" && r.path.size() > kOrdersPath.size() + 1 && r.path.starts_with(kOrdersPath) &&
      r.path[kOrdersPath.size()] == '/') {
    const std::string_view id = r.path.substr(kOrdersPath.size() + 1);
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    if (order_id != nullptr) *order_id = id;
    return E::cancel_order;
  }
  return std::nullopt;
}

}  // namespace oex::replay
