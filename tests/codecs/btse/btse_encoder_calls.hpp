#pragma once
// Every BTSE encoder, as calls writing into a given buffer: the sweep and allocation tests run
// them all. Each returns the bytes of the buffer it used, or its error.
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "btse_encoder_cases.hpp"
#include "oex/codecs/btse/ws_encoder.hpp"

namespace oex::codecs::btse::testing {

using EncoderCall = std::function<Result<std::size_t, CodecError>(std::span<char>)>;

struct NamedCall {
  std::string name;
  EncoderCall call;
};

// The end of the last byte a request's views use, from the buffer's start.
inline std::size_t used(const RestRequest& r, const char* base) {
  std::size_t end = 0;
  auto extend = [&](std::string_view v) {
    if (v.empty() || v.data() < base) return;
    const auto e = static_cast<std::size_t>(v.data() - base) + v.size();
    if (e > end) end = e;
  };
  extend(r.target);
  extend(r.body);
  for (const Header& h : r.headers()) extend(h.value);
  return end;
}

class EncoderCalls {
 public:
  EncoderCalls() {
    order_.symbol = "BTC-USD";
    order_.size = dec("0.002");
    order_.price = dec("8500.5");
    order_.client_order_id = "oex-\"42\"";
    order_.time_in_force = TimeInForce::fok;
    order_.post_only = true;
    oco_ = order_;
    oco_.type = OrderType::oco;
    oco_.tx_type = TxType::limit;
    oco_.stop_price = dec("9010");
    oco_.trigger_price = dec("9000");
    amend_.symbol = "BTC-USD";
    amend_.order_id = "cb2785b0-558e-4b30-bf1f-8a8c56174d0c";
    amend_.type = AmendType::all;
    amend_.order_price = dec("40010");
    amend_.order_size = dec("10.05");
    amend_.trigger_price = dec("40000");
    cancel_.symbol = "BTC-USD";
    cancel_.client_order_id = "a b&c";
    history_.symbol = "BTC-USDT";
    history_.start_time_ms = 1624987283000;
    history_.count = 5;
    history_.is_match_symbol = false;
    book_.symbol = "BTC-USD";
    book_.group = 0;
    book_.limit_bids = 5;

    rest("create_limit", [this](std::span<char> b, RestRequest& r) { return enc_.create_order(order_, kNonce, b, r); });
    rest("create_oco", [this](std::span<char> b, RestRequest& r) { return enc_.create_order(oco_, kNonce, b, r); });
    rest("amend_all", [this](std::span<char> b, RestRequest& r) { return enc_.amend_order(amend_, kNonce, b, r); });
    rest("cancel", [this](std::span<char> b, RestRequest& r) { return enc_.cancel_order(cancel_, kNonce, b, r); });
    rest("cancel_all_after", [this](std::span<char> b, RestRequest& r) { return enc_.cancel_all_after(60000, kNonce, b, r); });
    rest("query_order", [this](std::span<char> b, RestRequest& r) {
      return enc_.query_order(OrderLookup{"3c9c9c1f-8fef-43d0-82c7-ccef67435b14", {}}, kNonce, b, r);
    });
    rest("open_orders", [this](std::span<char> b, RestRequest& r) {
      return enc_.open_orders(OpenOrdersQuery{"BTC-USD", {}, "x"}, kNonce, b, r);
    });
    rest("trade_history", [this](std::span<char> b, RestRequest& r) { return enc_.trade_history(history_, kNonce, b, r); });
    rest("fees", [this](std::span<char> b, RestRequest& r) { return enc_.fees("BTC-USD", kNonce, b, r); });
    rest("market_summary", [this](std::span<char> b, RestRequest& r) { return enc_.market_summary("BTC-USD", b, r); });
    rest("price", [this](std::span<char> b, RestRequest& r) { return enc_.price("BTC-USD", b, r); });
    rest("orderbook", [this](std::span<char> b, RestRequest& r) { return enc_.orderbook(book_, b, r); });
    rest("orderbook_l2", [this](std::span<char> b, RestRequest& r) {
      return enc_.orderbook_l2(OrderbookL2Query{"BTC-USD", 10}, b, r);
    });
    rest("trades", [this](std::span<char> b, RestRequest& r) {
      return enc_.trades(TradesQuery{"BTC-USD", 1, 2, 3}, b, r);
    });
    rest("time", [this](std::span<char> b, RestRequest& r) { return enc_.time(b, r); });
    rest("ohlcv", [this](std::span<char> b, RestRequest& r) {
      return enc_.ohlcv(OhlcvQuery{"BTC-USD", 60, 1624987283000, std::nullopt}, b, r);
    });
    calls_.push_back({"ws_ping", [](std::span<char> b) { return encode_ping(b); }});
    calls_.push_back({"ws_subscribe", [this](std::span<char> b) { return encode_subscribe(topics_, b); }});
    calls_.push_back({"ws_unsubscribe", [this](std::span<char> b) { return encode_unsubscribe(topics_, b); }});
    calls_.push_back({"ws_auth", [this](std::span<char> b) { return encode_auth(kApiKey, key_, kNonce, b); }});
  }

  [[nodiscard]] const std::vector<NamedCall>& all() const { return calls_; }

 private:
  template <class F>
  void rest(std::string name, F f) {
    calls_.push_back({std::move(name), [f](std::span<char> b) -> Result<std::size_t, CodecError> {
                        RestRequest r;
                        const CodecError e = f(b, r);
                        if (e != CodecError::ok) return e;
                        return used(r, b.data());
                      }});
  }

  HmacSha384 key_{kSecret};
  RestEncoder enc_{kApiKey, key_};
  NewOrder order_, oco_;
  AmendOrder amend_;
  CancelOrder cancel_;
  TradeHistoryQuery history_;
  OrderbookQuery book_;
  std::array<std::string_view, 3> topics_ = {"notificationApiV3", "fills", "update:BTC-USD_0"};
  std::vector<NamedCall> calls_;
};

}  // namespace oex::codecs::btse::testing
