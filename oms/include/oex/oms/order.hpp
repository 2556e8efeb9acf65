#pragma once
// What the core remembers about one order, one position and one balance.
#include <cstdint>
#include <optional>

#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/core/symbol_table.hpp"

namespace oex::oms {

using OrderHandle = std::uint32_t;
inline constexpr OrderHandle kNoOrder = 0xFFFFFFFFu;
using VenueStatusText = InlineString<24>;

struct Order {
  std::uint64_t serial = 0;  // never reused: keys the fill dedup set
  Venue venue{};
  SymbolId symbol = 0;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce time_in_force = TimeInForce::gtc;
  OrderState state = OrderState::pending_new;
  OrderState state_before_unknown = OrderState::pending_new;  // what a disconnect interrupted
  OrderState state_before_cancel = OrderState::new_;         // where a rejected cancel returns
  bool external = false;     // not placed by this engine: seen only in notifications or queries
  bool accepted = false;     // the venue acknowledged it at some point
  bool qty_known = false;
  bool price_known = false;
  bool amend_pending = false;
  bool overfilled = false;   // the venue reported fills beyond the quantity (excess not booked), or
                             // a quantity below what it had filled
  bool seen_open = false;    // listed by the venue's open-orders answer during reconciliation
  bool closed_at_venue = false;  // missing from that answer: filled or cancelled while away

  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;
  VenueStatusText venue_status;  // the last status exactly as the venue sent it

  Decimal price;
  Decimal qty;
  Decimal trigger_price;
  Decimal amend_price;  // requested by the amend in flight (when amend_has_price)
  Decimal amend_qty;
  bool amend_has_price = false;
  bool amend_has_qty = false;

  Decimal filled_qty;       // booked: never above qty, never decreasing
  Decimal filled_notional;  // booked price x quantity
  Decimal venue_cum_qty;    // the largest cumulative filled quantity the venue reported
  Decimal venue_cum_notional;
  Decimal venue_avg_price;
  Decimal derived_unclaimed;  // booked from cumulative totals, not yet matched by a trade report
  std::uint32_t fill_count = 0;
  // Trade keys seen on this order: the first kInlineTrades here (hot with the order itself), any
  // more in the core's shared dedup set.
  static constexpr std::size_t kInlineTrades = 8;
  std::uint64_t inline_trades[kInlineTrades] = {};
  std::uint8_t inline_trade_count = 0;
  bool trades_spilled = false;

  // Open orders of one instrument form an intrusive list (for self-trade and exposure).
  std::uint32_t open_prev = 0xFFFFFFFFu;
  std::uint32_t open_next = 0xFFFFFFFFu;
  bool counted = false;        // linked into its instrument's exposure with the values below
  bool counted_price_known = false;
  Decimal counted_price;
  Decimal counted_remaining;  // the remaining quantity counted in the instrument's exposure

  [[nodiscard]] bool is_open() const noexcept { return !is_terminal(state); }
  [[nodiscard]] bool in_flight() const noexcept { return is_open(); }
};

struct Position {
  Decimal net_qty;  // bought minus sold, base units
  Decimal bought_qty;
  Decimal sold_qty;
  Decimal bought_notional;
  Decimal sold_notional;
};

// Open orders of one venue and instrument, kept current on every change (risk reads these).
struct Exposure {
  std::uint32_t open_orders = 0;
  Decimal open_buy_qty;   // remaining quantity of open buy orders
  Decimal open_sell_qty;
  std::optional<Decimal> best_own_bid;  // highest price of our open buy limit orders
  std::optional<Decimal> best_own_ask;  // lowest price of our open sell limit orders
  std::uint32_t open_market_buys = 0;   // open orders without a price cross any price
  std::uint32_t open_market_sells = 0;
  std::uint32_t head = 0xFFFFFFFFu;     // first open order
  // Moves whenever anything above or the instrument's Position changes, so a reader (risk) can
  // keep figures derived from them and recompute only when this differs from what it saw.
  std::uint64_t revision = 0;
};

struct BalanceEntry {
  AssetText asset;
  std::optional<Decimal> free;
  std::optional<Decimal> locked;
  std::optional<Decimal> total;
  std::int64_t venue_time_ms = 0;
};

}  // namespace oex::oms
