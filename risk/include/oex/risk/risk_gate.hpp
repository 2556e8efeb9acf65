#pragma once
// Pre-trade risk: every new order and every amend passes check() before a codec writes it.
// Reads the order-management core's open orders and positions; keeps its own reference prices
// (from market data), throttles and kill switch. Nothing here allocates after construction.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "oex/core/events.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/risk/reject_reason.hpp"
#include "oex/risk/risk_config.hpp"
#include "oex/risk/token_bucket.hpp"

namespace oex::risk {

enum class KillActionKind : std::uint8_t {
  cancel_all_symbol,  // BTSE DELETE /order with only the symbol: every order of that market
  cancel_all_venue,   // GCT POST /order/batchCancelOpenOrders without a symbol
  cancel_order,       // venues without a cancel-all: one cancel per open order
};

struct KillAction {
  Venue venue{};
  KillActionKind kind = KillActionKind::cancel_order;
  SymbolId symbol = 0;
  oms::OrderHandle order = oms::kNoOrder;
  VenueOrderId venue_order_id;
  ClientOrderId client_order_id;
};

// BTSE POST /order/cancelAllAfter {"timeout": timeout_ms}: the venue cancels everything unless the
// engine renews it in time; it is renewed only while the kill switch is off.
struct DeadManRenewal {
  Venue venue = Venue::btse;
  std::uint32_t timeout_ms = 0;
};

struct ReferencePrice {
  std::optional<Decimal> best_bid;
  std::optional<Decimal> best_ask;
  std::optional<Decimal> last;
};

class RiskGate {
 public:
  // Start-up: interns the configured instruments into the core's symbol table.
  RiskGate(const RiskConfig& config, oms::OrderManager& orders);

  // Every check, in a fixed order; on a pass, one token of the venue's throttle is spent.
  [[nodiscard]] RejectReason check(const oms::NewOrderRequest& order, std::uint64_t now_ns) noexcept;
  // The same checks for an amend of an open order to a new price and/or quantity.
  [[nodiscard]] RejectReason check_amend(oms::OrderHandle handle, std::optional<Decimal> price,
                                         std::optional<Decimal> qty, std::uint64_t now_ns) noexcept;

  // Reference prices for the collar (and the notional of market orders).
  void on_market_data(const Ticker& ticker) noexcept;
  void on_market_data(const BookUpdate& book) noexcept;
  void on_market_data(const PublicTrade& trade) noexcept;
  void set_reference(Venue venue, SymbolId symbol, const ReferencePrice& price) noexcept;

  // Kill switch: from now on every order that adds risk is refused; writes the cancel-all actions
  // for every venue with open orders to `out` and returns how many (all of them when `out` holds
  // at least kill_action_capacity()). Stays on until release().
  std::size_t engage_kill_switch(std::span<KillAction> out) noexcept;
  void release_kill_switch() noexcept {
    killed_ = false;
    integer_path_open_ = fast_enabled_;
  }
  [[nodiscard]] bool kill_switch_engaged() const noexcept { return killed_; }
  [[nodiscard]] std::size_t kill_action_capacity() const noexcept;

  // Call from the loop: the BTSE dead-man renewal when one is due (never while killed).
  [[nodiscard]] std::optional<DeadManRenewal> dead_man_due(std::uint64_t now_ns) noexcept;

  [[nodiscard]] const InstrumentLimits& limits(Venue venue, SymbolId symbol) const noexcept {
    return limits_[instrument(venue, symbol)];
  }
  // How many check() calls the integer path could not pass (they took the exact Decimal path).
  [[nodiscard]] std::uint64_t exact_path_checks() const noexcept { return exact_path_checks_; }

 private:
  [[nodiscard]] std::size_t instrument(Venue venue, SymbolId symbol) const noexcept {
    return static_cast<std::size_t>(symbol) * kAllVenues.size() + static_cast<std::size_t>(venue);
  }
  // check() for an order the integer path cannot pass: every check on exact Decimals.
  [[nodiscard]] RejectReason check_exact(const oms::NewOrderRequest& order, std::uint64_t now_ns) noexcept;
  // Checks shared by new orders and amends. `added_qty` is what the order adds to its side.
  [[nodiscard]] RejectReason check_order(Venue venue, SymbolId symbol, Side side, bool has_price,
                                         const Decimal& price, const Decimal& qty, const Decimal& added_qty,
                                         bool counts_as_new_open) const noexcept;
  [[nodiscard]] bool reduces_risk(Venue venue, SymbolId symbol, Side side, const Decimal& added_qty) const noexcept;

  // The reference and collar band one side of an instrument is checked against, computed when
  // market data arrives so that a check only compares.
  struct SideBand {
    bool known = false;
    Decimal reference;
    Decimal low;
    Decimal high;
  };
  struct Band {
    SideBand buy;   // from the best ask, else the last trade
    SideBand sell;  // from the best bid, else the last trade
  };
  void rebuild_band(std::size_t instrument_index) noexcept;

  // Integer images of one instrument's limits, so that a new limit order whose price and quantity
  // have few enough places passes with a handful of integer compares. Prices are held as int64
  // units of 10^-price_scale, quantities of 10^-qty_scale. Every bound is rounded toward refusing
  // (an upper bound down, a lower bound up), and since a scaled order value is an integer, the
  // compare is still exact: `q <= floor(limit * 10^s)` iff `q / 10^s <= limit`. A value the image
  // cannot hold makes its compare fail, and a failed compare only sends the order to the exact
  // Decimal path (which also names the reason), so the integer path can never pass what the exact
  // one refuses.
  struct FastSide {
    std::int64_t low = INT64_MAX;   // ceil(collar low); with high below: no band, never passes
    std::int64_t high = INT64_MIN;  // floor(collar high)
  };
  // What passes on one side: a quantity in [1, max_qty] and a price in [low, high] (empty when
  // low > high).
  struct Window {
    std::int64_t max_qty = 0;
    std::int64_t low = INT64_MAX;
    std::int64_t high = INT64_MIN;
  };
  struct FastInstrument {
    // From the limits, at start-up.
    std::int64_t max_qty = -1;  // floor(max_order_qty * 10^qty_scale), saturated
    int qty_scale = 0;
    // From the reference prices (rebuild_band).
    int price_scale = 0;  // chosen so that the bands' highs fit
    FastSide buy;
    FastSide sell;
    UInt128 max_notional = 0;  // floor(max_order_notional * 10^(price_scale + qty_scale)), saturated
    // From the core's exposure and position, recomputed when their revision moves.
    std::uint64_t revision = UINT64_MAX;  // the Exposure::revision these were made from
    bool room_for_open = false;           // open orders below the instrument's maximum
    std::int64_t buy_room = INT64_MIN;    // floor((max_position - net - open buys) * 10^qty_scale)
    std::int64_t sell_room = INT64_MIN;   // floor((max_position + net - open sells) * 10^qty_scale)
    std::int64_t buy_cross = INT64_MIN;   // a buy at or above this crosses our own sells
    std::int64_t sell_cross = INT64_MAX;  // a sell at or below this crosses our own buys
    // All of the above merged per side (merge_windows), so that a check compares four times.
    Window buy_window;
    Window sell_window;
  };
  [[nodiscard]] bool passes_fast(const oms::NewOrderRequest& order) noexcept;
  void rebuild_fast_prices(std::size_t instrument_index) noexcept;
  void refresh_fast_exposure(std::size_t instrument_index, Venue venue, SymbolId symbol) noexcept;
  static void merge_windows(FastInstrument& f) noexcept;

  oms::OrderManager& orders_;
  std::size_t max_symbols_;
  std::unique_ptr<InstrumentLimits[]> limits_;
  std::unique_ptr<ReferencePrice[]> references_;
  std::unique_ptr<Band[]> bands_;
  std::unique_ptr<FastInstrument[]> fast_;
  bool fast_enabled_ = true;
  bool integer_path_open_ = true;  // fast_enabled_ and the kill switch off: one test per check
  std::uint64_t exact_path_checks_ = 0;
  std::array<VenueLimits, kAllVenues.size()> venue_limits_;
  std::array<TokenBucket, kAllVenues.size()> throttles_;
  DeadManConfig dead_man_;
  std::uint64_t dead_man_last_ns_ = 0;
  bool dead_man_started_ = false;
  bool killed_ = false;
};

}  // namespace oex::risk
