#pragma once
// Deflow Open API v1 requests, written into a caller's buffer.
//
// Signed calls carry api_key, time (ms) and sign = lower-case hex MD5 of the parameters sorted
// by name and joined as k1v1k2v2... (values as given, not URL-encoded), followed by the secret
// key; a parameter without a value is left out of both the text and the request. Parameters
// travel form-urlencoded (application/x-www-form-urlencoded; the document prints
// "x-www-formurlencoded"): in the body for POST and DELETE /v1/order, in the query string for
// GETs, sorted by name with `sign` last. The secret key is never sent, only hashed.
//
// /v1/common/symbols, /v1/records, /v1/ticker, /v1/trades and /v1/market/dept are unsigned
// ("서명 검증 불필요"). /v1/market is signed: its request table lists api_key, time and sign
// as required and, unlike the public calls, it has no "no signature needed" note.
#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/codecs/rest_request.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"

namespace oex::codecs::deflow {

using EncodeResult = Result<RestRequest, CodecError>;

// The secret key, held inline and wiped on destruction; every debug form says "<redacted>".
class Secret {
 public:
  static constexpr std::size_t kMaxSize = 128;
  static constexpr std::string_view kRedacted = "<redacted>";
  Secret() noexcept = default;
  explicit Secret(std::string_view text) noexcept;  // longer than kMaxSize: stays empty
  Secret(const Secret&) noexcept = default;
  Secret& operator=(const Secret&) noexcept = default;
  ~Secret();
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] static constexpr std::string_view debug_string() noexcept { return kRedacted; }
  friend void PrintTo(const Secret& secret, std::ostream* os);

 private:
  friend class RestEncoder;
  [[nodiscard]] std::string_view reveal() const noexcept { return {data_.data(), size_}; }
  std::array<char, kMaxSize> data_{};
  std::uint8_t size_ = 0;
};

struct CreateOrder {
  std::string_view symbol;  // btcusdt
  Side side = Side::buy;
  OrderType type = OrderType::limit;  // limit (type=1) or market (type=2)
  Decimal volume;
  std::optional<Decimal> price;  // required for limit, not sent for market
};

// Paging of the order and trade lists.
struct Page {
  std::optional<std::int64_t> page_size;
  std::optional<std::int64_t> page;
};

enum class DepthStep : std::uint8_t { step0, step1, step2 };

class RestEncoder {
 public:
  RestEncoder(std::string_view api_key, const Secret& secret_key) noexcept;

  // Signed.
  [[nodiscard]] EncodeResult create_order(const CreateOrder& order, std::int64_t time_ms, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult cancel_order(std::string_view symbol, std::string_view order_id, std::int64_t time_ms,
                                          std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult orders(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                    std::span<char> out) noexcept;  // GET /v1/order
  [[nodiscard]] EncodeResult trades(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                    std::span<char> out) noexcept;  // GET /v1/trade
  [[nodiscard]] EncodeResult open_orders(std::string_view symbol, const Page& page, std::int64_t time_ms,
                                         std::span<char> out) noexcept;  // GET /v1/order/new
  [[nodiscard]] EncodeResult order_info(std::string_view symbol, std::string_view order_id, std::int64_t time_ms,
                                        std::span<char> out) noexcept;  // GET /v1/order/info
  [[nodiscard]] EncodeResult user_accounts(std::int64_t time_ms, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult market(std::int64_t time_ms, std::span<char> out) noexcept;  // GET /v1/market

  // Unsigned.
  [[nodiscard]] EncodeResult symbols(std::span<char> out) noexcept;
  // period in minutes (1440 is a day).
  [[nodiscard]] EncodeResult records(std::string_view symbol, std::int64_t period_minutes, std::span<char> out) noexcept;
  // symbol, or "all" for every market.
  [[nodiscard]] EncodeResult ticker(std::string_view symbol, std::span<char> out) noexcept;
  [[nodiscard]] EncodeResult recent_trades(std::string_view symbol, std::span<char> out) noexcept;  // GET /v1/trades
  [[nodiscard]] EncodeResult depth(std::string_view symbol, DepthStep step, std::span<char> out) noexcept;

  class Params;  // defined in rest_encoder.cpp

 private:
  [[nodiscard]] EncodeResult signed_request(std::string_view method, std::string_view path, Params& params,
                                            std::int64_t time_ms, std::span<char> out) noexcept;
  [[nodiscard]] static EncodeResult unsigned_get(std::string_view path, Params& params, std::span<char> out) noexcept;

  std::string_view api_key_;
  Secret secret_key_;
};

}  // namespace oex::codecs::deflow
