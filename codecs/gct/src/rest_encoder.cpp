#include "oex/codecs/gct/rest_encoder.hpp"

#include <algorithm>

namespace oex::codecs::gct {

// The parameters of one request, kept as typed views so that the same list renders the text
// to sign, the JSON body and the query string without an intermediate copy.
class RestEncoder::Params {
 public:
  enum class Kind : std::uint8_t { string, number, decimal, number_list, string_list };
  struct Param {
    std::string_view key;
    Kind kind = Kind::string;
    std::string_view text;
    Decimal decimal;
    std::span<const std::string_view> list;
  };
  static constexpr std::size_t kMax = 12;

  void string(std::string_view key, std::string_view value) noexcept { push({key, Kind::string, value, {}, {}}); }
  void maybe_string(std::string_view key, const std::optional<std::string_view>& value) noexcept {
    if (value) string(key, *value);
  }
  void number(std::string_view key, std::string_view digits) noexcept { push({key, Kind::number, digits, {}, {}}); }
  void decimal(std::string_view key, const Decimal& value) noexcept { push({key, Kind::decimal, {}, value, {}}); }
  void number_list(std::string_view key, std::span<const std::string_view> v) noexcept {
    push({key, Kind::number_list, {}, {}, v});
  }
  void string_list(std::string_view key, std::span<const std::string_view> v) noexcept {
    push({key, Kind::string_list, {}, {}, v});
  }

  // ASCII order of the names, as the signature and the house style for query strings want.
  // An insertion sort of pointers: a dozen names at most, nearly in order already, most of them
  // told apart by their first byte; sorting the parameters themselves moved 88 bytes a step and
  // called memcmp for every comparison.
  void sort() noexcept {
    for (std::size_t i = 0; i < size_; ++i) {
      std::size_t j = i;
      for (; j > 0 && name_less(items_[i].key, sorted_[j - 1]->key); --j) sorted_[j] = sorted_[j - 1];
      sorted_[j] = &items_[i];
    }
  }
  // The parameters in name order, once sort() has run.
  [[nodiscard]] std::span<const Param* const> sorted() const noexcept { return {sorted_.data(), size_}; }

  // The value as the text to sign carries it: strings bare, everything else as its JSON text,
  // which the body then carries too.
  static void put_value(BufferWriter& w, const Param& p) noexcept {
    switch (p.kind) {
      case Kind::string:
      case Kind::number: w.put(p.text); return;
      case Kind::decimal: w.put_decimal(p.decimal); return;
      case Kind::number_list:
      case Kind::string_list:
        w.put('[');
        for (std::size_t i = 0; i < p.list.size(); ++i) {
          if (i > 0) w.put(',');
          if (p.kind == Kind::number_list) {
            w.put(p.list[i]);
          } else {
            w.put_json_string(p.list[i]);
          }
        }
        w.put(']');
        return;
    }
  }

 private:
  void push(const Param& p) noexcept {
    if (size_ < kMax) items_[size_++] = p;
  }
  static bool name_less(std::string_view a, std::string_view b) noexcept {
    if (!a.empty() && !b.empty() && a[0] != b[0]) {
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    }
    return a < b;
  }
  std::array<Param, kMax> items_{};
  std::array<const Param*, kMax> sorted_{};
  std::size_t size_ = 0;
};

namespace {

constexpr std::string_view kJson = "application/json;charset=UTF-8";

[[nodiscard]] bool is_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
[[nodiscard]] bool all_digits(std::span<const std::string_view> ids) noexcept {
  return std::all_of(ids.begin(), ids.end(), is_digits);
}
[[nodiscard]] bool none_empty(std::span<const std::string_view> ids) noexcept {
  return std::none_of(ids.begin(), ids.end(), [](std::string_view s) { return s.empty(); });
}
[[nodiscard]] bool is_present(const std::optional<std::string_view>& s) noexcept { return !s || !s->empty(); }

[[nodiscard]] constexpr std::string_view side_text(Side s) noexcept { return s == Side::buy ? "BUY" : "SELL"; }

[[nodiscard]] std::optional<std::string_view> side_text(const std::optional<Side>& s) noexcept {
  if (!s) return std::nullopt;
  return side_text(*s);
}
[[nodiscard]] std::optional<std::string_view> match_type_text(const std::optional<OrderType>& t) noexcept {
  if (!t) return std::nullopt;
  return *t == OrderType::market ? "MARKET" : "LIMIT";
}

// Renders a small integer into caller storage; the view lives as long as the storage.
struct IntText {
  std::array<char, 24> storage{};
  std::string_view text;
  explicit IntText(std::int64_t v) noexcept {
    BufferWriter w(storage.data(), storage.size());
    w.put_int(v);
    text = w.view();
  }
};

[[nodiscard]] bool valid_query(const OrderQuery& q) noexcept {
  if (q.match_type && *q.match_type != OrderType::limit && *q.match_type != OrderType::market) return false;
  if (q.current_page && *q.current_page < 1) return false;
  if (q.page_size && *q.page_size < 1) return false;
  return is_present(q.symbol) && is_present(q.start_time) && is_present(q.end_time);
}

}  // namespace

RestEncoder::RestEncoder(std::string_view access_key, const HmacSha256& signer, const Secret& secret_key,
                         const Secret& pay_password) noexcept
    : access_key_(access_key), signer_(signer), secret_key_(secret_key), pay_password_(pay_password) {}

RestEncoder::~RestEncoder() { wipe(scratch_.data(), scratch_.size()); }

EncodeResult RestEncoder::post(std::string_view path, Params& params, std::int64_t timestamp_ms,
                               std::span<char> out) noexcept {
  if (timestamp_ms < 0) return CodecError::invalid_argument;
  const IntText timestamp(timestamp_ms);
  params.string("accessKey", access_key_);
  params.string("timestamp", timestamp.text);
  params.sort();

  // Each value is rendered once, into the text to sign; the body copies it from there.
  const auto sorted = params.sorted();
  std::array<std::string_view, Params::kMax> rendered;
  BufferWriter text(scratch_.data(), scratch_.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    text.put_all(std::string_view(i == 0 ? "" : "&"), sorted[i]->key, std::string_view("="));
    const std::size_t start = text.size();
    Params::put_value(text, *sorted[i]);
    rendered[i] = text.view().substr(start);
  }
  const std::size_t signed_length = text.size();
  const bool fits = text.ok();
  Digest<Sha256> digest{};
  if (fits) digest = signer_.sign({text.view()});

  BufferWriter w(out);
  if (fits) {
    w.put('{');
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const Params::Param& p = *sorted[i];
      // The names are this file's literals: nothing to escape.
      w.put_all(std::string_view("\""), p.key, std::string_view("\":"));
      if (p.kind == Params::Kind::string) {
        w.put_json_string(p.text).put(',');
      } else {
        w.put_all(rendered[i], std::string_view(","));
      }
    }
    w.put("\"signature\":\"").put_base64(digest).put("\"}");
  }
  // The text may hold the secret key or the transaction password.
  wipe(scratch_.data(), std::min(scratch_.size(), signed_length));
  if (!fits) return CodecError::invalid_argument;
  const auto size = w.finish();
  if (!size.ok()) {
    wipe(out.data(), w.size());  // a body cut short may still hold the secret key or password
    return size.error();
  }

  RestRequest request;
  request.method = "POST";
  request.target = path;
  request.content_type = kJson;
  request.body = w.view();
  return request;
}

EncodeResult RestEncoder::get(std::string_view path, Params& params, std::span<char> out) noexcept {
  params.string("accessKey", access_key_);
  params.sort();
  BufferWriter w(out);
  w.put(path);
  char separator = '?';
  for (const Params::Param* p : params.sorted()) {
    w.put(separator).put(p->key).put('=');
    separator = '&';
    if (p->kind == Params::Kind::decimal) {
      w.put_decimal(p->decimal);
    } else {
      w.put_url_encoded(p->text);
    }
  }
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  RestRequest request;
  request.method = "GET";
  request.target = w.view();
  return request;
}

EncodeResult RestEncoder::save_entrust(const SaveEntrust& order, std::int64_t timestamp_ms,
                                       std::span<char> out) noexcept {
  const bool limit = order.type == OrderType::limit;
  if (!limit && order.type != OrderType::market) return CodecError::invalid_argument;
  if (order.symbol.empty() || pay_password_.empty()) return CodecError::invalid_argument;
  if (order.count.is_negative() || order.count.is_zero()) return CodecError::invalid_argument;
  if (limit && !order.price) return CodecError::invalid_argument;
  if (order.price && (order.price->is_negative() || order.price->is_zero())) return CodecError::invalid_argument;
  if (!is_present(order.source) || !is_present(order.client_order_id)) return CodecError::invalid_argument;
  Params p;
  p.decimal("count", order.count);
  p.string("matchType", limit ? "LIMIT" : "MARKET");
  p.string("payPwd", pay_password_.reveal());
  if (order.price) p.decimal("price", *order.price);
  p.maybe_string("source", order.source);
  p.string("symbol", order.symbol);
  p.string("type", side_text(order.side));
  p.maybe_string("clientOrderId", order.client_order_id);
  return post("/v1/order/saveEntrust", p, timestamp_ms, out);
}

EncodeResult RestEncoder::cancel_entrust(std::string_view order_id, std::int64_t timestamp_ms,
                                         std::span<char> out) noexcept {
  if (!is_digits(order_id)) return CodecError::invalid_argument;
  Params p;
  p.number("id", order_id);
  return post("/v1/order/cancelEntrust", p, timestamp_ms, out);
}

EncodeResult RestEncoder::batch_cancel(std::span<const std::string_view> order_ids, std::int64_t timestamp_ms,
                                       std::span<char> out) noexcept {
  if (order_ids.empty() || order_ids.size() > kMaxBatchCancelIds || !all_digits(order_ids)) {
    return CodecError::invalid_argument;
  }
  Params p;
  p.number_list("ids", order_ids);
  return post("/v1/order/batchCancel", p, timestamp_ms, out);
}

EncodeResult RestEncoder::batch_cancel_open_orders(std::optional<std::string_view> symbol, std::optional<Side> side,
                                                   std::int64_t timestamp_ms, std::span<char> out) noexcept {
  if (!is_present(symbol)) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  p.maybe_string("type", side_text(side));
  return post("/v1/order/batchCancelOpenOrders", p, timestamp_ms, out);
}

EncodeResult RestEncoder::cancel_entrust_by_client_order_id(std::string_view client_order_id,
                                                            std::int64_t timestamp_ms, std::span<char> out) noexcept {
  if (client_order_id.empty() || secret_key_.empty()) return CodecError::invalid_argument;
  Params p;
  p.string("clientOrderId", client_order_id);
  p.string("secretKey", secret_key_.reveal());
  return post("/v1/order/cancelEntrustByClientOrderId", p, timestamp_ms, out);
}

EncodeResult RestEncoder::batch_cancel_by_client_order_ids(std::span<const std::string_view> client_order_ids,
                                                           std::int64_t timestamp_ms, std::span<char> out) noexcept {
  if (client_order_ids.empty() || !none_empty(client_order_ids) || secret_key_.empty()) {
    return CodecError::invalid_argument;
  }
  Params p;
  p.string_list("clientOrderIds", client_order_ids);
  p.string("secretKey", secret_key_.reveal());
  return post("/v1/order/batchCancelByClientOrderIds", p, timestamp_ms, out);
}

EncodeResult RestEncoder::query_order_by_id(std::string_view order_id, std::span<char> out) noexcept {
  if (!is_digits(order_id)) return CodecError::invalid_argument;
  Params p;
  p.number("orderId", order_id);
  return get("/v1/order/queryOrderById", p, out);
}

EncodeResult RestEncoder::open_orders(std::optional<std::string_view> symbol, std::optional<Side> side,
                                      std::span<char> out) noexcept {
  if (!is_present(symbol)) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  p.maybe_string("type", side_text(side));
  return get("/v1/order/openOrders", p, out);
}

EncodeResult RestEncoder::current_orders(std::optional<std::string_view> symbol, std::optional<Side> side,
                                         std::optional<std::int64_t> current_page,
                                         std::optional<std::int64_t> page_size, std::span<char> out) noexcept {
  if (!is_present(symbol)) return CodecError::invalid_argument;
  if (current_page && *current_page < 1) return CodecError::invalid_argument;
  if (page_size && (*page_size < 1 || *page_size > kMaxCurrentOrdersPageSize)) return CodecError::invalid_argument;
  Params p;
  const IntText page(current_page.value_or(0));
  const IntText size(page_size.value_or(0));
  if (current_page) p.number("currentPage", page.text);
  if (page_size) p.number("pageSize", size.text);
  p.maybe_string("symbol", symbol);
  p.maybe_string("type", side_text(side));
  return get("/v1/order/current", p, out);
}

namespace {
struct QueryTexts {
  explicit QueryTexts(const OrderQuery& q) noexcept : page(q.current_page.value_or(0)), size(q.page_size.value_or(0)) {}
  IntText page;
  IntText size;
};
}  // namespace

EncodeResult RestEncoder::query_my_entrust(const OrderQuery& q, std::span<char> out) noexcept {
  if (!valid_query(q)) return CodecError::invalid_argument;
  const QueryTexts t(q);
  Params p;
  p.maybe_string("symbol", q.symbol);
  p.maybe_string("matchType", match_type_text(q.match_type));
  p.maybe_string("type", side_text(q.side));
  p.maybe_string("startTime", q.start_time);
  p.maybe_string("endTime", q.end_time);
  if (q.current_page) p.number("currentPage", t.page.text);
  if (q.page_size) p.number("pageSize", t.size.text);
  return get("/v1/order/queryMyEntrust", p, out);
}

EncodeResult RestEncoder::query_my_his_entrust(const OrderQuery& q, std::optional<HistoryStatus> status,
                                               std::span<char> out) noexcept {
  if (!valid_query(q)) return CodecError::invalid_argument;
  const QueryTexts t(q);
  Params p;
  p.maybe_string("symbol", q.symbol);
  p.maybe_string("matchType", match_type_text(q.match_type));
  p.maybe_string("type", side_text(q.side));
  p.maybe_string("startTime", q.start_time);
  p.maybe_string("endTime", q.end_time);
  if (status) p.string("status", *status == HistoryStatus::complete_trade ? "COMPLE-TRADE" : "WITHDRAWN");
  if (q.current_page) p.number("currentPage", t.page.text);
  if (q.page_size) p.number("pageSize", t.size.text);
  return get("/v1/order/queryMyHisEntrust", p, out);
}

EncodeResult RestEncoder::query_my_entrust_order(const OrderQuery& q, std::span<char> out) noexcept {
  if (!valid_query(q)) return CodecError::invalid_argument;
  const QueryTexts t(q);
  Params p;
  p.maybe_string("symbol", q.symbol);
  p.maybe_string("matchType", match_type_text(q.match_type));
  p.maybe_string("type", side_text(q.side));
  p.maybe_string("startTime", q.start_time);
  p.maybe_string("endTime", q.end_time);
  if (q.current_page) p.number("currentPage", t.page.text);
  if (q.page_size) p.number("pageSize", t.size.text);
  return get("/v1/order/queryMyEntrustOrder", p, out);
}

EncodeResult RestEncoder::user_finance_list(FinanceSelect select, std::span<char> out) noexcept {
  Params p;
  p.string("selectType", select == FinanceSelect::all ? "all" : "noall");
  return get("/v1/personal/getUserFinanceList", p, out);
}

EncodeResult RestEncoder::market_tickers(std::span<char> out) noexcept {
  Params p;
  return get("/v1/market/tickers", p, out);
}

EncodeResult RestEncoder::market_ticker(std::string_view symbol, std::span<char> out) noexcept {
  if (symbol.empty()) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  return get("/v1/market/ticker", p, out);
}

EncodeResult RestEncoder::market_depth(std::string_view symbol, std::string_view step, std::span<char> out) noexcept {
  if (symbol.empty() || step.empty()) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  p.string("step", step);
  return get("/v1/market/depth", p, out);
}

EncodeResult RestEncoder::market_trade(std::string_view symbol, std::span<char> out) noexcept {
  if (symbol.empty()) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  return get("/v1/market/trade", p, out);
}

EncodeResult RestEncoder::market_kline(std::string_view symbol, std::string_view kline_type,
                                       std::string_view kline_step, std::span<char> out) noexcept {
  if (symbol.empty() || kline_type.empty() || kline_step.empty()) return CodecError::invalid_argument;
  Params p;
  p.maybe_string("symbol", symbol);
  p.string("klineType", kline_type);
  p.string("klineStep", kline_step);
  return get("/v1/market/kline", p, out);
}

EncodeResult RestEncoder::market_trade_info(std::span<char> out) noexcept {
  Params p;
  return get("/v1/market/tradeInfo", p, out);
}

}  // namespace oex::codecs::gct
