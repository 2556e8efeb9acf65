#include "oex/codecs/deflow/rest_encoder.hpp"

#include <algorithm>
#include <cstring>
#include <ostream>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/signing.hpp"

namespace oex::codecs::deflow {

Secret::Secret(std::string_view text) noexcept {
  if (text.size() > kMaxSize) return;
  std::memcpy(data_.data(), text.data(), text.size());
  size_ = static_cast<std::uint8_t>(text.size());
}

Secret::~Secret() {
  volatile char* p = data_.data();
  for (std::size_t i = 0; i < data_.size(); ++i) p[i] = 0;
}

void PrintTo(const Secret&, std::ostream* os) { *os << Secret::kRedacted; }

// One request's parameters as views (decimals kept as values), sorted once and rendered twice:
// as the text to sign and as the form.
class RestEncoder::Params {
 public:
  struct Param {
    std::string_view key;
    std::string_view text;
    std::optional<Decimal> decimal;  // rendered canonically when set
  };
  static constexpr std::size_t kMax = 8;

  void text(std::string_view key, std::string_view value) noexcept { push({key, value, std::nullopt}); }
  void decimal(std::string_view key, const Decimal& value) noexcept { push({key, {}, value}); }
  void sort() noexcept {
    std::sort(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(size_),
              [](const Param& a, const Param& b) { return a.key < b.key; });
  }
  [[nodiscard]] std::span<const Param> items() const noexcept { return {items_.data(), size_}; }

 private:
  void push(const Param& p) noexcept {
    if (size_ < kMax) items_[size_++] = p;
  }
  std::array<Param, kMax> items_{};
  std::size_t size_ = 0;
};

namespace {

constexpr std::string_view kForm = "application/x-www-form-urlencoded";

[[nodiscard]] bool is_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct IntText {
  std::array<char, 24> storage{};
  std::string_view text;
  explicit IntText(std::int64_t v) noexcept {
    BufferWriter w(storage.data(), storage.size());
    w.put_int(v);
    text = w.view();
  }
};

[[nodiscard]] bool valid_page(const Page& p) noexcept {
  return (!p.page_size || *p.page_size > 0) && (!p.page || *p.page > 0);
}

void put_form(BufferWriter& w, std::span<const RestEncoder::Params::Param> params, char first) noexcept {
  char separator = first;
  for (const auto& p : params) {
    if (separator != '\0') w.put(separator);
    separator = '&';
    w.put(p.key).put('=');
    if (p.decimal) {
      w.put_decimal(*p.decimal);
    } else {
      w.put_url_encoded(p.text);
    }
  }
}
}  // namespace

RestEncoder::RestEncoder(std::string_view api_key, const Secret& secret_key) noexcept
    : api_key_(api_key), secret_key_(secret_key) {}

EncodeResult RestEncoder::signed_request(std::string_view method, std::string_view path, Params& params,
                                         std::int64_t time_ms, std::span<char> out) noexcept {
  if (time_ms < 0 || api_key_.empty() || secret_key_.empty()) return CodecError::invalid_argument;
  const IntText time(time_ms);
  params.text("api_key", api_key_);
  params.text("time", time.text);
  params.sort();

  std::array<char, 1024> scratch;
  BufferWriter text(scratch.data(), scratch.size());
  for (const Params::Param& p : params.items()) {
    text.put(p.key);
    if (p.decimal) {
      text.put_decimal(*p.decimal);
    } else {
      text.put(p.text);
    }
  }
  if (!text.ok()) return CodecError::invalid_argument;
  const Digest<Md5> sign = digest<Md5>({text.view(), secret_key_.reveal()});

  BufferWriter w(out);
  RestRequest request;
  request.method = method;
  const bool in_body = method != "GET";
  w.put(path);
  const std::size_t path_end = w.size();
  put_form(w, params.items(), in_body ? '\0' : '?');
  w.put("&sign=").put_hex(sign);
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  if (in_body) {
    request.target = path;
    request.content_type = kForm;
    request.body = w.view().substr(path_end);
  } else {
    request.target = w.view();
  }
  return request;
}

EncodeResult RestEncoder::unsigned_get(std::string_view path, Params& params, std::span<char> out) noexcept {
  params.sort();
  BufferWriter w(out);
  w.put(path);
  put_form(w, params.items(), '?');
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  RestRequest request;
  request.method = "GET";
  request.target = w.view();
  return request;
}

EncodeResult RestEncoder::create_order(const CreateOrder& order, std::int64_t time_ms, std::span<char> out) noexcept {
  const bool limit = order.type == OrderType::limit;
  if (!limit && order.type != OrderType::market) return CodecError::invalid_argument;
  if (order.symbol.empty() || order.volume.is_zero() || order.volume.is_negative()) {
    return CodecError::invalid_argument;
  }
  if (limit && (!order.price || order.price->is_zero() || order.price->is_negative())) {
    return CodecError::invalid_argument;
  }
  Params p;
  if (limit) p.decimal("price", *order.price);
  p.text("side", order.side == Side::buy ? "BUY" : "SELL");
  p.text("symbol", order.symbol);
  p.text("type", limit ? "1" : "2");
  p.decimal("volume", order.volume);
  return signed_request("POST", "/v1/order", p, time_ms, out);
}

EncodeResult RestEncoder::cancel_order(std::string_view symbol, std::string_view order_id, std::int64_t time_ms,
                                       std::span<char> out) noexcept {
  if (symbol.empty() || !is_digits(order_id)) return CodecError::invalid_argument;
  Params p;
  p.text("order_id", order_id);
  p.text("symbol", symbol);
  return signed_request("DELETE", "/v1/order", p, time_ms, out);
}

namespace {
struct PageTexts {
  explicit PageTexts(const Page& p) noexcept : size(p.page_size.value_or(0)), page(p.page.value_or(0)) {}
  IntText size;
  IntText page;
};
}  // namespace

EncodeResult RestEncoder::orders(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                 std::span<char> out) noexcept {
  if (symbol.empty() || !valid_page(page)) return CodecError::invalid_argument;
  const PageTexts t(page);
  Params p;
  p.text("symbol", symbol);
  if (page.page_size) p.text("pageSize", t.size.text);
  if (page.page) p.text("page", t.page.text);
  return signed_request("GET", "/v1/order", p, time_ms, out);
}

EncodeResult RestEncoder::trades(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                 std::span<char> out) noexcept {
  if (symbol.empty() || !valid_page(page)) return CodecError::invalid_argument;
  const PageTexts t(page);
  Params p;
  p.text("symbol", symbol);
  if (page.page_size) p.text("pageSize", t.size.text);
  if (page.page) p.text("page", t.page.text);
  return signed_request("GET", "/v1/trade", p, time_ms, out);
}

EncodeResult RestEncoder::open_orders(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                      std::span<char> out) noexcept {
  if (symbol.empty() || !valid_page(page)) return CodecError::invalid_argument;
  const PageTexts t(page);
  Params p;
  p.text("symbol", symbol);
  if (page.page_size) p.text("pageSize", t.size.text);
  if (page.page) p.text("page", t.page.text);
  return signed_request("GET", "/v1/order/new", p, time_ms, out);
}

EncodeResult RestEncoder::order_info(std::string_view symbol, std::string_view order_id, std::int64_t time_ms,
                                     std::span<char> out) noexcept {
  if (symbol.empty() || !is_digits(order_id)) return CodecError::invalid_argument;
  Params p;
  p.text("order_id", order_id);
  p.text("symbol", symbol);
  return signed_request("GET", "/v1/order/info", p, time_ms, out);
}

EncodeResult RestEncoder::user_accounts(std::int64_t time_ms, std::span<char> out) noexcept {
  Params p;
  return signed_request("GET", "/v1/user/accounts", p, time_ms, out);
}

EncodeResult RestEncoder::market(std::int64_t time_ms, std::span<char> out) noexcept {
  Params p;
  return signed_request("GET", "/v1/market", p, time_ms, out);
}

EncodeResult RestEncoder::symbols(std::span<char> out) noexcept {
  Params p;
  return unsigned_get("/v1/common/symbols", p, out);
}

EncodeResult RestEncoder::records(std::string_view symbol, std::int64_t period_minutes, std::span<char> out) noexcept {
  if (symbol.empty() || period_minutes <= 0) return CodecError::invalid_argument;
  const IntText period(period_minutes);
  Params p;
  p.text("symbol", symbol);
  p.text("period", period.text);
  return unsigned_get("/v1/records", p, out);
}

EncodeResult RestEncoder::ticker(std::string_view symbol, std::span<char> out) noexcept {
  if (symbol.empty()) return CodecError::invalid_argument;
  Params p;
  p.text("symbol", symbol);
  return unsigned_get("/v1/ticker", p, out);
}

EncodeResult RestEncoder::recent_trades(std::string_view symbol, std::span<char> out) noexcept {
  if (symbol.empty()) return CodecError::invalid_argument;
  Params p;
  p.text("symbol", symbol);
  return unsigned_get("/v1/trades", p, out);
}

EncodeResult RestEncoder::depth(std::string_view symbol, DepthStep step, std::span<char> out) noexcept {
  if (symbol.empty()) return CodecError::invalid_argument;
  constexpr std::array<std::string_view, 3> kSteps = {"step0", "step1", "step2"};
  Params p;
  p.text("symbol", symbol);
  p.text("type", kSteps[static_cast<std::size_t>(step)]);
  return unsigned_get("/v1/market/dept", p, out);
}

}  // namespace oex::codecs::deflow
