#pragma once
// GCT REST v1 requests, written into a caller's buffer (the RestRequest's views point there).
//
// POST (trading calls): a JSON body holding every parameter, `accessKey` and `timestamp` (ms,
// as a string, as the document's Java client sends it) included, plus `signature` =
// base64(HMAC-SHA256(secretKey, k1=v1&k2=v2...)) over all other body parameters sorted by ASCII
// name. Number parameters go bare, strings quoted; a list (ids, clientOrderIds) is signed as
// its JSON text. Content-Type application/json;charset=UTF-8.
// GET (queries and market data): parameters in the query string, URL-encoded, sorted by name;
// no signature (the document marks them "check: N").
//
// The signature key is an HmacSha256 built once at start-up. The two cancel-by-clientOrderId
// calls also carry the secret key itself, because the document's parameter table demands it;
// no other request does, and no error or debug form shows it (see secret.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/gct/secret.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"

namespace oex::codecs::gct {

inline constexpr std::size_t kMaxBatchCancelIds = 50;  // "No more than 50 order ids in a single order"
inline constexpr std::int64_t kMaxCurrentOrdersPageSize = 200;  // order/current: "Up to 200"

using EncodeResult = Result<RestRequest, CodecError>;

struct SaveEntrust {
  std::string_view symbol;
  Side side = Side::buy;
  OrderType type = OrderType::limit;  // limit or market only
  Decimal count;
  std::optional<Decimal> price;  // required for limit, optional for market
  std::optional<std::string_view> source;
  std::optional<std::string_view> client_order_id;
};

// Filters shared by the history queries; an empty optional leaves the parameter out.
struct OrderQuery {
  std::optional<std::string_view> symbol;
  std::optional<OrderType> match_type;  // limit or market
  std::optional<Side> side;
  std::optional<std::string_view> start_time;  // "yyyy-MM-dd HH:mm:ss"
  std::optional<std::string_view> end_time;
  std::optional<std::int64_t> current_page;
  std::optional<std::int64_t> page_size;
};

enum class HistoryStatus : std::uint8_t { complete_trade, withdrawn };  // queryMyHisEntrust filter
enum class FinanceSelect : std::uint8_t { all, noall };

class RestEncoder {
 public:
  // Capacity of the scratch buffer the text to sign is assembled in.
  static constexpr std::size_t kSignScratch = 4096;

  RestEncoder(std::string_view access_key, const HmacSha256& signer, const Secret& secret_key,
              const Secret& pay_password) noexcept;
  ~RestEncoder();
  RestEncoder(const RestEncoder&) = delete;
  RestEncoder& operator=(const RestEncoder&) = delete;

  // Signed POSTs.
  [[nodiscard]] EncodeResult save_entrust(const SaveEntrust& order, std::int64_t timestamp_ms,
                                          std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult cancel_entrust(std::string_view order_id, std::int64_t timestamp_ms,
                                            std::span<char> out) noexcept;
  // 1..50 numeric order ids; more is invalid_argument.
  [[nodiscard]] EncodeResult batch_cancel(std::span<const std::string_view> order_ids, std::int64_t timestamp_ms,
                                          std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult batch_cancel_open_orders(std::optional<std::string_view> symbol,
                                                      std::optional<Side> side, std::int64_t timestamp_ms,
                                                      std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult cancel_entrust_by_client_order_id(std::string_view client_order_id,
                                                               std::int64_t timestamp_ms,
                                                               std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult batch_cancel_by_client_order_ids(std::span<const std::string_view> client_order_ids,
                                                              std::int64_t timestamp_ms,
                                                              std::span<char> out) noexcept;

  // GET queries.
  [[nodiscard]] EncodeResult query_order_by_id(std::string_view order_id, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult open_orders(std::optional<std::string_view> symbol, std::optional<Side> side,
                                         std::span<char> out) noexcept;
  // order/current: page size at most 200.
  [[nodiscard]] EncodeResult current_orders(std::optional<std::string_view> symbol, std::optional<Side> side,
                                            std::optional<std::int64_t> current_page,
                                            std::optional<std::int64_t> page_size, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult query_my_entrust(const OrderQuery& query, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult query_my_his_entrust(const OrderQuery& query, std::optional<HistoryStatus> status,
                                                  std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult query_my_entrust_order(const OrderQuery& query, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult user_finance_list(FinanceSelect select, std::span<char> out) noexcept;

  // GET market data.
  [[nodiscard]] EncodeResult market_tickers(std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult market_ticker(std::string_view symbol, std::span<char> out) noexcept;
  // step: STEP0..STEP5.
  [[nodiscard]] EncodeResult market_depth(std::string_view symbol, std::string_view step, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult market_trade(std::string_view symbol, std::span<char> out) noexcept;
  // kline_type: min, min5, min15, min30, hour1, hour4, day, week; kline_step: STEP0..STEP5.
  [[nodiscard]] EncodeResult market_kline(std::string_view symbol, std::string_view kline_type,
                                          std::string_view kline_step, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult market_trade_info(std::span<char> out) noexcept;

 private:
  class Params;
  [[nodiscard]] EncodeResult post(std::string_view path, Params& params, std::int64_t timestamp_ms,
                                  std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult get(std::string_view path, Params& params, std::span<char> out) noexcept;

  std::string_view access_key_;
  const HmacSha256& signer_;
  Secret secret_key_;
  Secret pay_password_;
  std::array<char, kSignScratch> scratch_{};
};

// The push socket's only client message: {"accessKey":"..."}. Returns the bytes written.
[[nodiscard]] Result<std::size_t, CodecError> encode_push_login(std::string_view access_key,
                                                                std::span<char> out) noexcept;

}  // namespace oex::codecs::gct
