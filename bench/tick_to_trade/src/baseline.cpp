#include "oex/tick_to_trade/baseline.hpp"

#include <rapidjson/document.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/md5.h>
#include <zlib.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "oex/tick_to_trade/http_framing.hpp"

namespace oex::t2t {
namespace {

const std::string kApiKey = "4e9a1c3b7d2f48a6b0c5e8f1a2d3b4c5";
const std::string kSecret = "8f2d6a0c4e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4e6b";
const std::string kUserId = "5c7e1a9b-3d2f-4e6a-8b0c-1d2e3f4a5b6c";

struct Trade {
  std::string id;
  double price = 0;
  double qty = 0;
};

// What a notification says about one order.
struct Update {
  std::string order_id;
  std::string client_order_id;
  std::string symbol;
  std::string side;
  std::string status;
  double price = 0;
  double qty = 0;
  double cumulative = 0;  // filled so far, where the venue sends it
  bool has_cumulative = false;
  std::vector<Trade> trades;  // reported trades
};

struct Order {
  std::string order_id;
  std::string client_order_id;
  std::string symbol;
  std::string side;
  std::string status;
  double price = 0;
  double qty = 0;
  double filled = 0;
  std::vector<std::string> trade_ids;
};

struct NewOrder {
  std::string client_order_id;
  std::string symbol;
  std::string side;
  double price = 0;
  double qty = 0;
};

struct Request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
};

std::string text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) return std::to_string(v.GetDouble());
  return {};
}

double number(const rapidjson::Value& v) {
  if (v.IsNumber()) return v.GetDouble();
  if (v.IsString()) return std::stod(std::string(v.GetString(), v.GetStringLength()));
  return 0;
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* name) {
  static const rapidjson::Value null_value;
  if (!object.IsObject()) return null_value;
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? null_value : it->value;
}

std::string hex(const unsigned char* data, std::size_t n) {
  std::ostringstream out;
  for (std::size_t i = 0; i < n; ++i) out << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(data[i]);
  return out.str();
}

std::string base64(const unsigned char* data, std::size_t n) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < n; i += 3) {
    const unsigned v = (data[i] << 16) | (i + 1 < n ? data[i + 1] << 8 : 0) | (i + 2 < n ? data[i + 2] : 0);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < n ? kAlphabet[v & 63] : '=';
  }
  return out;
}

// HMAC with the key schedule done again for every message, as the usual client does.
std::vector<unsigned char> hmac(int type, const std::string& key, const std::string& message) {
  Hmac h;
  wc_HmacInit(&h, nullptr, INVALID_DEVID);
  wc_HmacSetKey(&h, type, reinterpret_cast<const byte*>(key.data()), static_cast<word32>(key.size()));
  wc_HmacUpdate(&h, reinterpret_cast<const byte*>(message.data()), static_cast<word32>(message.size()));
  std::vector<unsigned char> out(type == WC_SHA384 ? static_cast<std::size_t>(WC_SHA384_DIGEST_SIZE)
                                                    : static_cast<std::size_t>(WC_SHA256_DIGEST_SIZE));
  wc_HmacFinal(&h, out.data());
  wc_HmacFree(&h);
  return out;
}

std::string md5_hex(const std::string& text) {
  unsigned char digest[WC_MD5_DIGEST_SIZE];
  wc_Md5 md5;
  wc_InitMd5(&md5);
  wc_Md5Update(&md5, reinterpret_cast<const byte*>(text.data()), static_cast<word32>(text.size()));
  wc_Md5Final(&md5, digest);
  wc_Md5Free(&md5);
  return hex(digest, sizeof digest);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string format_number(double v) {
  std::ostringstream out;
  out << std::setprecision(12) << v;
  return out.str();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct BaselinePipeline::Impl {
  Impl(Venue v, const Clock& c) : venue(v), clock(c) {}

  Venue venue;
  const Clock& clock;
  std::unordered_map<std::string, Order> orders;   // by venue order id
  std::unordered_map<std::string, Order> pending;  // sent, not yet acknowledged: by client order id
  std::unordered_map<std::string, double> positions;
  std::string last_client_order_id;
  std::uint64_t next_client_order_id = 1;
  std::string framed;
  PipelineCounters counters;

  static std::string inflate(const Notification& m) {
    z_stream z{};
    inflateInit(&z);
    std::string out(m.bytes.size() * 4, '\0');
    z.next_in = const_cast<Bytef*>(m.bytes.data());
    z.avail_in = static_cast<uInt>(m.bytes.size());
    std::size_t produced = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
      if (produced == out.size()) out.resize(out.size() * 2);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      z.avail_out = static_cast<uInt>(out.size() - produced);
      rc = ::inflate(&z, Z_NO_FLUSH);
      produced = out.size() - z.avail_out;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return {};
    out.resize(produced);
    return out;
  }

  bool decode(const std::string& text, const Notification& m, Update& u) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError() || !doc.IsObject()) return false;
    switch (venue) {
      case Venue::digifinex: {
        const rapidjson::Value& params = member(doc, "params");
        if (!params.IsArray() || params.Empty()) return false;
        const rapidjson::Value& o = params[0];
        u.order_id = text_of(o, "id");
        u.symbol = text_of(o, "symbol");
        u.side = text_of(o, "side");
        u.status = text_of(o, "status");
        u.price = number(member(o, "price"));
        u.qty = number(member(o, "amount"));
        u.cumulative = number(member(o, "filled"));
        u.has_cumulative = true;
        return !u.order_id.empty();
      }
      case Venue::btse: {
        const rapidjson::Value& o = member(doc, "data");
        u.order_id = text_of(o, "orderID");
        u.client_order_id = text_of(o, "clOrderID");
        u.symbol = text_of(o, "symbol");
        u.side = text_of(o, "side");
        u.status = text_of(o, "status");
        u.price = number(member(o, "avgFilledPrice"));
        u.qty = number(member(o, "originalOrderBaseSize"));
        u.cumulative = number(member(o, "totalFilledBaseSize"));
        u.has_cumulative = true;
        return !u.order_id.empty();
      }
      case Venue::cryptomus: {
        const rapidjson::Value& o = member(member(doc, "data"), "info");
        u.order_id = text_of(o, "id");
        u.client_order_id = text_of(o, "clientOid");
        u.symbol = text_of(o, "symbol");
        u.side = text_of(o, "direction");
        u.status = text_of(o, "internalState");
        u.qty = number(member(o, "quantity"));
        u.cumulative = number(member(o, "filledQuantity"));
        const double value = number(member(o, "filledValue"));
        u.price = u.cumulative > 0 ? value / u.cumulative : number(member(o, "price"));
        u.has_cumulative = true;
        return !u.order_id.empty();
      }
      case Venue::gct: {
        u.order_id = text_of(doc, "entrustId");
        u.symbol = text_of(doc, "symbol");
        u.side = text_of(doc, "type");
        u.price = number(member(doc, "price"));
        u.trades.push_back(Trade{text_of(doc, "dealTime"), u.price, number(member(doc, "count"))});
        return !u.order_id.empty();
      }
      case Venue::deflow: {
        const rapidjson::Value& data = member(doc, "data");
        const rapidjson::Value& o = member(data, "order_info");
        u.order_id = text_of(o, "id");
        if (u.order_id.empty()) u.order_id = std::string(m.venue_order_id);
        u.symbol = "btcusdt";
        u.side = text_of(o, "side");
        u.status = text_of(o, "status");
        u.price = number(member(o, "avg_price"));
        u.qty = number(member(o, "volume"));
        u.cumulative = number(member(o, "deal_volume"));
        u.has_cumulative = true;
        const rapidjson::Value& trades = member(data, "trade_list");
        if (trades.IsArray()) {
          for (const auto& t : trades.GetArray()) {
            u.trades.push_back(Trade{text_of(t, "id"), number(member(t, "price")), number(member(t, "volume"))});
          }
        }
        return !u.order_id.empty();
      }
    }
    return false;
  }

  static std::string text_of(const rapidjson::Value& object, const char* name) { return text(member(object, name)); }

  // Books what the update adds; returns the fill (qty 0 when nothing new).
  Trade apply(const Update& u) {
    auto it = orders.find(u.order_id);
    if (it == orders.end()) {
      Order o;
      o.order_id = u.order_id;
      o.client_order_id = u.client_order_id;
      o.symbol = u.symbol;
      o.side = u.side;
      o.price = u.price;
      o.qty = u.qty;
      it = orders.emplace(u.order_id, std::move(o)).first;
    }
    Order& o = it->second;
    Trade booked;
    for (const Trade& t : u.trades) {
      bool seen = false;
      for (const std::string& id : o.trade_ids) seen = seen || id == t.id;
      if (seen) continue;
      o.trade_ids.push_back(t.id);
      if (!u.has_cumulative) {
        booked.qty += t.qty;
        booked.price = t.price;
        o.filled += t.qty;
      }
    }
    if (u.has_cumulative && u.cumulative > o.filled + 1e-12) {
      booked.qty = u.cumulative - o.filled;
      booked.price = u.price;
      o.filled = u.cumulative;
    }
    if (!u.status.empty()) o.status = u.status;
    if (booked.qty > 0) {
      positions[o.symbol] += o.side == "buy" || o.side == "BUY" ? booked.qty : -booked.qty;
      booked.id = o.symbol + "|" + o.side;
    }
    if (o.qty > 0 && o.filled >= o.qty - 1e-12) orders.erase(it);  // finished
    return booked;
  }

  bool risk_check(const NewOrder& order) {
    if (order.qty <= 0 || order.qty > 1'000'000) return false;
    if (order.price * order.qty > 1e12) return false;
    if (orders.size() + pending.size() >= 100'000) return false;
    if (std::abs(positions[order.symbol]) > 1e12) return false;
    pending.emplace(order.client_order_id, Order{"", order.client_order_id, order.symbol, order.side, "pending",
                                                 order.price, order.qty, 0, {}});
    return true;
  }

  Request encode(const NewOrder& order) {
    Request r;
    const std::string nonce = std::to_string(now_ms());
    switch (venue) {
      case Venue::btse: {
        std::ostringstream body;
        body << "{\"clOrderID\":\"" << order.client_order_id << "\",\"price\":" << format_number(order.price)
             << ",\"side\":\"" << upper(order.side) << "\",\"size\":" << format_number(order.qty) << ",\"symbol\":\""
             << order.symbol << "\",\"time_in_force\":\"GTC\",\"type\":\"LIMIT\"}";
        r.body = body.str();
        const std::string path = "/api/v3.3/order";
        const auto sign = hmac(WC_SHA384, kSecret, path + nonce + r.body);
        r.method = "POST";
        r.target = "/spot" + path;
        r.headers = {{"request-api", kApiKey}, {"request-nonce", nonce}, {"request-sign", hex(sign.data(), sign.size())}};
        r.content_type = "application/json";
        return r;
      }
      case Venue::digifinex: {
        std::ostringstream body;
        body << "symbol=" << order.symbol << "&type=" << lower(order.side) << "&amount=" << format_number(order.qty)
             << "&price=" << format_number(order.price) << "&post_only=0";
        r.body = body.str();
        const auto sign = hmac(WC_SHA256, kSecret, r.body);
        r.method = "POST";
        r.target = "/v3/spot/order/new";
        r.headers = {{"ACCESS-KEY", kApiKey},
                     {"ACCESS-TIMESTAMP", std::to_string(now_ms() / 1000)},
                     {"ACCESS-SIGN", hex(sign.data(), sign.size())}};
        r.content_type = "application/x-www-form-urlencoded";
        return r;
      }
      case Venue::cryptomus: {
        std::ostringstream body;
        body << "{\"market\":\"" << order.symbol << "\",\"direction\":\"" << lower(order.side) << "\",\"quantity\":\""
             << format_number(order.qty) << "\",\"price\":\"" << format_number(order.price)
             << "\",\"client_order_id\":\"" << order.client_order_id << "\"}";
        r.body = body.str();
        const std::string encoded = base64(reinterpret_cast<const unsigned char*>(r.body.data()), r.body.size());
        r.method = "POST";
        r.target = "/v2/user-api/exchange/orders";
        r.headers = {{"userId", kUserId}, {"sign", md5_hex(encoded + kApiKey)}};
        r.content_type = "application/json";
        return r;
      }
      case Venue::gct: {
        std::map<std::string, std::string> params{{"accessKey", kApiKey},
                                                  {"clientOrderId", order.client_order_id},
                                                  {"count", format_number(order.qty)},
                                                  {"matchType", "LIMIT"},
                                                  {"payPwd", "666666"},
                                                  {"price", format_number(order.price)},
                                                  {"symbol", order.symbol},
                                                  {"timestamp", nonce},
                                                  {"type", upper(order.side)}};
        std::ostringstream to_sign;
        for (const auto& [k, v] : params) to_sign << (to_sign.tellp() > 0 ? "&" : "") << k << '=' << v;
        const auto sign = hmac(WC_SHA256, kSecret, to_sign.str());
        params["signature"] = base64(sign.data(), sign.size());
        std::ostringstream body;
        body << '{';
        bool first = true;
        for (const auto& [k, v] : params) {
          body << (first ? "" : ",") << '"' << k << "\":\"" << v << '"';
          first = false;
        }
        body << '}';
        r.method = "POST";
        r.target = "/v1/order/saveEntrust";
        r.content_type = "application/json;charset=UTF-8";
        r.body = body.str();
        return r;
      }
      case Venue::deflow: {
        std::map<std::string, std::string> params{{"api_key", kApiKey},
                                                  {"price", format_number(order.price)},
                                                  {"side", upper(order.side)},
                                                  {"symbol", order.symbol},
                                                  {"time", nonce},
                                                  {"type", "1"},
                                                  {"volume", format_number(order.qty)}};
        std::ostringstream to_sign;
        for (const auto& [k, v] : params) to_sign << k << v;
        to_sign << kSecret;
        params["sign"] = md5_hex(to_sign.str());
        std::ostringstream body;
        for (const auto& [k, v] : params) body << (body.tellp() > 0 ? "&" : "") << k << '=' << v;
        r.method = "POST";
        r.target = "/v1/order";
        r.content_type = "application/x-www-form-urlencoded";
        r.body = body.str();
        return r;
      }
    }
    return r;
  }

  std::string frame(const Request& r) {
    std::ostringstream out;
    out << r.method << ' ' << r.target << " HTTP/1.1\r\nHost: " << std::string(venue_host(venue)) << "\r\n";
    for (const auto& [name, value] : r.headers) out << name << ": " << value << "\r\n";
    if (!r.content_type.empty()) out << "Content-Type: " << r.content_type << "\r\n";
    out << "Content-Length: " << r.body.size() << "\r\n\r\n" << r.body;
    return out.str();
  }

  bool process(const Notification& m, StageHistograms& h, Stamping stamping) {
    ++counters.messages;
    StageTimer timer(clock, h, stamping);
    std::string text;
    if (venue == Venue::digifinex) {
      text = inflate(m);
      timer.end(Stage::inflate);
      if (text.empty()) {
        ++counters.decode_errors;
        return false;
      }
    } else {
      text.assign(reinterpret_cast<const char*>(m.bytes.data()), m.bytes.size());
    }
    Update update;
    const bool decoded = decode(text, m, update);
    timer.end(Stage::decode);
    if (!decoded) {
      ++counters.decode_errors;
      return false;
    }
    const Trade booked = apply(update);
    timer.end(Stage::apply);
    if (booked.qty <= 0) return false;
    ++counters.fills_booked;

    NewOrder order;
    order.client_order_id = std::to_string(next_client_order_id++);
    order.symbol = update.symbol;
    order.side = update.side;
    order.price = booked.price;
    order.qty = booked.qty;
    timer.end(Stage::strategy);
    if (!risk_check(order)) {
      ++counters.rejected;
      return false;
    }
    last_client_order_id = order.client_order_id;
    timer.end(Stage::risk);
    const Request request = encode(order);
    timer.end(Stage::encode_sign);
    framed = frame(request);
    timer.end_trade(Stage::framing);
    ++counters.requests_framed;
    return true;
  }

  void acknowledge(std::string_view venue_order_id) {
    auto it = pending.find(last_client_order_id);
    if (it == pending.end()) return;
    Order o = std::move(it->second);
    pending.erase(it);
    o.order_id = std::string(venue_order_id);
    orders.emplace(o.order_id, std::move(o));
  }
};

BaselinePipeline::BaselinePipeline(Venue venue, const Clock& clock) : impl_(std::make_unique<Impl>(venue, clock)) {}
BaselinePipeline::~BaselinePipeline() = default;
bool BaselinePipeline::process(const Notification& message, StageHistograms& histograms, Stamping stamping) {
  return impl_->process(message, histograms, stamping);
}
void BaselinePipeline::acknowledge(std::string_view venue_order_id) { impl_->acknowledge(venue_order_id); }
std::string_view BaselinePipeline::last_request() const noexcept { return impl_->framed; }
const PipelineCounters& BaselinePipeline::counters() const noexcept { return impl_->counters; }

}  // namespace oex::t2t
