#pragma once
// The exchange behind one venue: a price-time priority order book per symbol, synthetic
// participants that seed and keep trading against it (all drawn from one seeded generator),
// one account with balances, and the ground-truth log of every order and fill booked for the
// client. Venue front ends turn its events into their own notifications and market data.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text.hpp"

namespace oex::sim {

// Milliseconds for venue timestamps. In logical mode it starts at a fixed instant and moves
// one millisecond per booked event, so a seed and an order sequence give identical bytes.
class Clock {
 public:
  explicit Clock(bool logical, std::int64_t start_ms = 1'700'000'000'000) : logical_(logical), logical_ms_(start_ms) {}
  [[nodiscard]] std::int64_t now_ms() const noexcept;
  void tick() noexcept {
    if (logical_) ++logical_ms_;
  }
  [[nodiscard]] bool logical() const noexcept { return logical_; }

 private:
  bool logical_;
  std::int64_t logical_ms_;
};

// Wall-clock milliseconds, for checking the client's timestamps (never the logical clock).
[[nodiscard]] std::int64_t wall_ms() noexcept;

// splitmix64: small, fast and the same on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t bound) noexcept { return bound == 0 ? 0 : next() % bound; }
  // True with probability `per_million` / 1e6.
  bool chance(std::uint32_t per_million) noexcept { return below(1'000'000) < per_million; }

 private:
  std::uint64_t state_;
};

enum class TimeInForce : std::uint8_t { gtc, ioc, fok };
enum class OrderEnd : std::uint8_t { none, filled, cancelled, rejected };

struct SymbolSpec {
  std::string base;   // "BTC"
  std::string quote;  // "USDT"
  Amount mid;         // synthetic liquidity's starting mid price
  Amount tick;        // price step between synthetic levels
  Amount lot;         // smallest synthetic size
};

struct Order {
  std::uint64_t seq = 0;  // booking order, also the time priority
  std::string id;         // the venue's order id
  std::string client_id;
  std::size_t symbol = 0;
  bool buy = true;
  bool market = false;
  bool post_only = false;
  bool synthetic = false;
  TimeInForce tif = TimeInForce::gtc;
  Amount price = 0;     // 0 for market orders
  Amount quantity = 0;  // base quantity (for a market buy by quote amount, the base filled so far)
  Amount quote_budget = 0;  // market buy by quote amount (DigiFinex buy_market, Cryptomus value)
  Amount filled = 0;
  Wide filled_value_scaled = 0;  // sum of price * quantity, in amount units squared
  Amount fees = 0;
  Amount last_fill_price = 0;
  Amount last_fill_quantity = 0;
  bool last_fill_maker = false;
  std::uint64_t last_trade_id = 0;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  OrderEnd end = OrderEnd::none;
  std::string reject_reason;

  [[nodiscard]] Amount remaining() const noexcept { return quantity > filled ? quantity - filled : 0; }
  [[nodiscard]] bool open() const noexcept { return end == OrderEnd::none; }
  [[nodiscard]] Amount filled_value() const noexcept {
    return static_cast<Amount>(filled_value_scaled / kAmountScale);
  }
  [[nodiscard]] Amount average_price() const noexcept { return amount_quotient(filled_value_scaled, filled); }
};

// One trade on the public tape (every participant's, the client's included).
struct TradeRecord {
  std::uint64_t id = 0;
  bool taker_buy = true;
  Amount price = 0;
  Amount quantity = 0;
  std::int64_t ms = 0;
};

// One fill of the client's order, kept for the venues' trade-history queries.
struct FillRecord {
  std::uint64_t trade_id = 0;
  std::string order_id;
  std::string client_id;
  std::size_t symbol = 0;
  bool buy = true;
  bool market = false;
  bool maker = false;
  Amount price = 0;
  Amount quantity = 0;
  Amount fee = 0;              // in the quote currency
  Amount order_price = 0;      // the order's limit (0 for market orders)
  Amount order_quantity = 0;   // the order's size when the fill happened
  Amount order_average = 0;    // the order's average fill price after this fill
  std::uint64_t counterparty_seq = 0;  // the other side's booking sequence (see Exchange::id_for)
  std::int64_t ms = 0;
};

// Trades aggregated over one period from `start_ms`; a period without trades has no candle.
struct Candle {
  std::int64_t start_ms = 0;
  Amount open = 0;
  Amount high = 0;
  Amount low = 0;
  Amount close = 0;
  Amount volume = 0;        // base
  Amount quote_volume = 0;  // quote
};

// The last 24 hours of a market (since start when it has run for less).
struct DayStats {
  Amount open = 0;
  Amount high = 0;
  Amount low = 0;
  Amount last = 0;
  Amount volume = 0;
  Amount quote_volume = 0;
};

struct Balance {
  Amount total = 0;
  Amount locked = 0;
  [[nodiscard]] Amount free() const noexcept { return total - locked; }
};

// What happened, in the order it happened; a venue front end turns each into its messages.
class ExchangeListener {
 public:
  virtual ~ExchangeListener() = default;
  // The client's order was booked, changed by a fill, or ended.
  virtual void on_order(const Order& order, bool created) = 0;
  // One fill of the client's order (order.last_fill_* describe it).
  virtual void on_fill(const Order& order) = 0;
  virtual void on_book(std::size_t symbol, bool bid, Amount price, Amount size) = 0;
  virtual void on_trade(std::size_t symbol, bool taker_buy, Amount price, Amount quantity, std::uint64_t trade_id) = 0;
  virtual void on_balance(const std::string& asset, const Balance& before, const Balance& after) = 0;
  // Other participants' step is over and nothing is mid-match: the listener may submit orders
  // now (DigiFinex fires its algo orders here; a trade event comes from inside a match).
  virtual void on_step_done() {}
};

struct NewOrder {
  std::size_t symbol = 0;
  bool buy = true;
  bool market = false;
  bool post_only = false;
  TimeInForce tif = TimeInForce::gtc;
  Amount price = 0;
  Amount quantity = 0;
  Amount quote_budget = 0;
  std::string client_id;
};

enum class SubmitError : std::uint8_t { ok, unknown_symbol, bad_quantity, bad_price, insufficient_balance, post_only_would_take, duplicate_client_id };
[[nodiscard]] std::string_view to_string(SubmitError error) noexcept;

struct ExchangeConfig {
  std::string venue;  // "btse", ... (ground truth, ids)
  std::vector<SymbolSpec> symbols;
  std::uint64_t seed = 1;
  std::size_t synthetic_levels = 20;       // per side at start
  std::size_t finished_orders_kept = 4096; // closed orders still answerable by queries
  Amount taker_fee_ppm = 1000;             // 0.1 %
  Amount maker_fee_ppm = 500;
};

class Exchange {
 public:
  using IdMaker = std::function<std::string(std::uint64_t seq, std::uint64_t random)>;
  Exchange(ExchangeConfig config, Clock& clock, IdMaker make_id, std::FILE* ground_truth);

  void set_listener(ExchangeListener* listener) noexcept { listener_ = listener; }
  [[nodiscard]] const std::vector<SymbolSpec>& symbols() const noexcept { return config_.symbols; }
  [[nodiscard]] std::optional<std::size_t> find_symbol(std::string_view base, std::string_view quote) const noexcept;

  // Books, matches and reports the client's order. A refused order is returned with
  // end == rejected and the reason; it is not kept.
  [[nodiscard]] SubmitError submit(const NewOrder& request, Order*& out);
  // Cancels the client's open order; false when it is unknown or already closed.
  bool cancel(Order& order);
  // Changes an open limit order's price and size (time priority is lost, as on venues); it
  // may then match. False when closed, synthetic, or the size is not above the filled part.
  bool amend(Order& order, Amount price, Amount quantity);
  [[nodiscard]] Order* find(std::string_view id) noexcept;
  [[nodiscard]] Order* find_client(std::string_view client_id) noexcept;
  [[nodiscard]] std::vector<Order*> open_orders(std::optional<std::size_t> symbol);
  // Recently closed and open orders, newest first, at most `limit`.
  [[nodiscard]] std::vector<Order*> recent_orders(std::optional<std::size_t> symbol, std::size_t limit);

  // Other participants act once: rest, take or cancel, drawn from the seeded generator.
  void synthetic_step();
  [[nodiscard]] std::vector<std::pair<Amount, Amount>> depth(std::size_t symbol, bool bids, std::size_t levels) const;
  [[nodiscard]] const std::map<std::string, Balance>& balances() const noexcept { return balances_; }
  [[nodiscard]] std::optional<std::pair<Amount, Amount>> best(std::size_t symbol, bool bid) const;
  [[nodiscard]] Amount last_price(std::size_t symbol) const noexcept { return books_[symbol].last_price; }
  [[nodiscard]] std::size_t live_order_count() const noexcept { return orders_.size(); }
  [[nodiscard]] Clock& clock() noexcept { return clock_; }
  [[nodiscard]] const std::string& venue() const noexcept { return config_.venue; }
  [[nodiscard]] Amount taker_fee_ppm() const noexcept { return config_.taker_fee_ppm; }
  [[nodiscard]] Amount maker_fee_ppm() const noexcept { return config_.maker_fee_ppm; }

  // The public tape, oldest first (the latest kTradesKept trades).
  static constexpr std::size_t kTradesKept = 1000;
  [[nodiscard]] const std::deque<TradeRecord>& trades(std::size_t symbol) const noexcept { return books_[symbol].trades; }
  // The client's fills, oldest first (as many as closed orders are kept).
  [[nodiscard]] const std::deque<FillRecord>& fills() const noexcept { return fills_; }
  // Candles of `minutes` length (aligned to multiples of it since the epoch), oldest first, the
  // latest `limit`, built from one-minute candles kept for a day.
  static constexpr std::size_t kMinuteCandlesKept = 24 * 60;
  [[nodiscard]] std::vector<Candle> candles(std::size_t symbol, std::int64_t minutes, std::size_t limit) const;
  [[nodiscard]] DayStats day_stats(std::size_t symbol) const;
  // The id the venue's scheme gives booking sequence `seq` (a fill's other side, which may be
  // another participant's order).
  [[nodiscard]] std::string id_for(std::uint64_t seq) const { return make_id_(seq, 0); }
  // An id in the venue's scheme for something that is not a booked order (DigiFinex algo
  // orders), from the caller's own sequence and random part: order ids and the generator stay
  // untouched.
  [[nodiscard]] std::string make_id(std::uint64_t seq, std::uint64_t random) const { return make_id_(seq, random); }
  [[nodiscard]] std::uint64_t seed() const noexcept { return config_.seed; }

 private:
  struct Level {
    Amount size = 0;
    std::deque<Order*> queue;
  };
  struct Book {
    std::map<Amount, Level, std::greater<>> bids;
    std::map<Amount, Level> asks;
    Amount last_price = 0;
    std::deque<std::unique_ptr<Order>> synthetic;  // resting orders of other participants
    std::deque<TradeRecord> trades;                // the latest kTradesKept
    std::deque<Candle> minutes;                    // one-minute candles of the last day
  };

  Order* book_synthetic(std::size_t symbol, bool buy, Amount price, Amount quantity, bool take);
  void match(Order& taker);
  void rest(Order& order);
  void remove_from_book(Order& order);
  void fill(Order& taker, Order& maker, Amount price, Amount quantity);
  void settle(Order& order, Amount price, Amount quantity, bool maker, Amount fee);
  void close(Order& order, OrderEnd end);
  void change_balance(const std::string& asset, Amount total_delta, Amount locked_delta);
  [[nodiscard]] Amount reservation(const Order& order, Amount quantity) const noexcept;
  void log_order(const Order& order, std::string_view event);
  void log_fill(const Order& order);
  void release_synthetic(Order& order);
  void record_trade(Book& book, bool taker_buy, Amount price, Amount quantity, std::uint64_t trade_id);

  ExchangeConfig config_;
  Clock& clock_;
  IdMaker make_id_;
  std::FILE* ground_truth_;
  ExchangeListener* listener_ = nullptr;
  Rng rng_;
  std::vector<Book> books_;
  std::unordered_map<std::string, std::unique_ptr<Order>> orders_;  // the client's, by id
  std::unordered_map<std::string, std::string> client_ids_;          // client id -> id (open orders)
  std::deque<std::string> finished_;                                 // closed ids, oldest first
  std::deque<FillRecord> fills_;                                     // the client's, oldest first
  std::map<std::string, Balance> balances_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t next_trade_id_ = 1;
  std::uint64_t counterparty_seq_ = 0;  // the other side of the fill being settled
  std::string line_;
};

}  // namespace oex::sim
