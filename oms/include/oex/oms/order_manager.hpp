#pragma once
// The order-management core: every order of every venue, its state, its fills, the positions and
// balances they make. Runs on the loop thread; after construction nothing here allocates.
//
// Fill rule (one fill booked once, whichever channel reports it):
//   * Trade reports (Fill events, or an OrderUpdate carrying last_fill_qty with a trade id) are
//     deduplicated by (order, trade id); without a trade id, by (order, venue time, price, qty).
//     Keys are 64-bit hashes: the first 8 per order live in the order, later ones in a shared
//     set that remembers the most recent `max_fill_keys`.
//   * Cumulative reports (OrderUpdate.filled_qty: DigiFinex, BTSE notificationApiV3, Cryptomus
//     order_update, query answers) are the venue's truth for the total. When one exceeds what is
//     booked, the difference is booked as a `derived` fill (price from the notional increase, else
//     the last fill price, else the average price increase, else the order price). A cumulative at
//     or below what is booked books nothing, so repeats and late, out-of-order updates are inert.
//   * A trade report first claims quantity already booked as derived (it confirms it, it does not
//     add to it); only the part no cumulative covered yet is booked. So booked = max(cumulative,
//     sum of distinct trades), exactly once, in any arrival order.
//   * A fill that would take the filled quantity above the order quantity is flagged `overfill`
//     and the excess is not booked.
//   * Cryptomus deal_update has no order id: it is matched only when the core holds exactly one
//     order (open or finished) on that venue and symbol; otherwise it is `unmatched`, nothing is
//     booked, and the order's cumulative filledQuantity books the quantity instead.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "oex/core/events.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/core/result.hpp"
#include "oex/core/symbol_table.hpp"
#include "oex/oms/hash_index.hpp"
#include "oex/oms/oms_error.hpp"
#include "oex/oms/order.hpp"
#include "oex/oms/reconciliation.hpp"

namespace oex::oms {

struct OmsConfig {
  std::size_t max_orders = 4096;       // live plus recently finished orders
  std::size_t max_symbols = 256;       // instruments across venues (one name counts once)
  std::size_t max_assets = 64;
  std::size_t max_fill_keys = 65536;   // trade ids remembered beyond the first 8 of each order
  int derived_price_scale = 12;        // places of a derived fill price (notional / quantity)
  // Slots that housekeeping (reclaim_finished) keeps free, so that new orders need not evict a
  // finished one on their way out; at most an eighth of max_orders.
  std::size_t free_slot_reserve = 32;
};

struct NewOrderRequest {
  Venue venue{};
  SymbolId symbol = 0;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce time_in_force = TimeInForce::gtc;
  std::optional<Decimal> price;  // absent for market orders
  Decimal qty;
  std::optional<Decimal> trigger_price;
  ClientOrderId client_order_id;
};

enum class ApplyFlag : std::uint16_t {
  state_changed = 1 << 0,
  fill_booked = 1 << 1,
  fill_derived = 1 << 2,      // the booked fill came from a cumulative total
  fill_confirmed = 1 << 3,    // a trade report matched quantity already booked as derived
  duplicate_fill = 1 << 4,    // the trade was booked before: nothing done
  stale_update = 1 << 5,      // an older report than what is known: nothing moved backwards
  overfill = 1 << 6,          // the venue reported more than the quantity; the excess not booked
  illegal_transition = 1 << 7,
  amend_applied = 1 << 8,
  amend_rejected = 1 << 9,
  external_order = 1 << 10,   // the event created an order this engine did not place
  unmatched_fill = 1 << 11,   // a fill without an order id that no single open order can own
};

struct ApplyResult {
  OmsError error = OmsError::ok;
  OrderHandle order = kNoOrder;
  std::uint16_t flags = 0;
  Decimal booked_qty;    // quantity added to filled_qty by this event
  Decimal booked_price;  // its price

  [[nodiscard]] bool ok() const noexcept { return error == OmsError::ok; }
  [[nodiscard]] bool has(ApplyFlag f) const noexcept { return (flags & static_cast<std::uint16_t>(f)) != 0; }
  void set(ApplyFlag f) noexcept { flags = static_cast<std::uint16_t>(flags | static_cast<std::uint16_t>(f)); }
};

struct OmsCounters {
  std::uint64_t fills_booked = 0;
  std::uint64_t duplicate_fills = 0;
  std::uint64_t overfills = 0;
  std::uint64_t illegal_transitions = 0;
  std::uint64_t unmatched_fills = 0;
  std::uint64_t external_orders = 0;
  std::uint64_t evicted_orders = 0;
};

class OrderManager {
 public:
  explicit OrderManager(const OmsConfig& config);  // start-up: sizes every table

  [[nodiscard]] SymbolTable& symbols() noexcept { return symbols_; }
  [[nodiscard]] const SymbolTable& symbols() const noexcept { return symbols_; }

  // --- the way out: strategy -> risk -> here -> codec ---
  // Records a new order as pending_new before the codec writes it.
  [[nodiscard]] Result<OrderHandle, OmsError> add_pending(const NewOrderRequest& request) noexcept;
  // The request could not be written (the codec or transport refused): the order never left.
  void mark_not_sent(OrderHandle handle) noexcept;
  [[nodiscard]] OmsError begin_cancel(OrderHandle handle) noexcept;
  [[nodiscard]] OmsError begin_amend(OrderHandle handle, std::optional<Decimal> price,
                                     std::optional<Decimal> qty) noexcept;

  // --- the way in: normalized events from the codecs ---
  ApplyResult apply(const OrderUpdate& update) noexcept;
  ApplyResult apply(const Fill& fill) noexcept;
  ApplyResult apply(const NewOrderAck& ack) noexcept;
  ApplyResult apply(const NewOrderReject& reject) noexcept;
  ApplyResult apply(const CancelAck& ack) noexcept;
  ApplyResult apply(const CancelReject& reject) noexcept;
  ApplyResult apply(const AmendAck& ack) noexcept;
  ApplyResult apply(const AmendReject& reject) noexcept;
  OmsError apply(const Balance& balance) noexcept;

  // --- housekeeping, off the hot path ---
  // Evicts the orders that finished longest ago, at most `max_evictions` of them, until the
  // configured reserve of slots is free: the next new orders then take a free slot instead of
  // evicting one on their way out. Returns how many it evicted. The engine calls it when a loop
  // iteration found no work.
  std::size_t reclaim_finished(std::size_t max_evictions) noexcept;

  // --- reconciliation ---
  // The connection to `venue` dropped: every open order there is `unknown`. Returns how many.
  std::size_t on_disconnect(Venue venue) noexcept;
  // The queries that resolve the venue's unknown orders; returns how many were written to `out`
  // (all of them when it is large enough: at most 1 + unknown orders, Deflow 1 per symbol).
  [[nodiscard]] std::size_t reconciliation_queries(Venue venue, std::span<VenueQuery> out) const noexcept;
  // The open-orders answer is complete: unknown orders it did not list are closed at the venue.
  void end_of_open_orders(Venue venue) noexcept;
  // The per-order answer (and its trades) is applied: a closed order still unknown ends filled
  // when its fills cover the quantity, cancelled otherwise (rejected if never acknowledged).
  ApplyResult end_of_order_history(OrderHandle handle) noexcept;
  [[nodiscard]] std::size_t unknown_orders(Venue venue) const noexcept;

  // --- reads ---
  [[nodiscard]] const Order* get(OrderHandle handle) const noexcept;
  [[nodiscard, gnu::always_inline]] OrderHandle find_by_client_id(Venue venue,
                                                                   std::string_view client_order_id) const noexcept {
    // Inline: risk runs it on every new order (the duplicate id check).
    if (client_order_id.empty()) return kNoOrder;
    return find_by_client_id(venue, client_order_id, client_key(venue, client_order_id));
  }
  // The same with the id's key from prefetch_client_id.
  [[nodiscard, gnu::always_inline]] OrderHandle find_by_client_id(Venue venue, std::string_view client_order_id,
                                                                   std::uint64_t key) const noexcept {
    if (client_order_id.empty()) return kNoOrder;
    return by_client_id_.find(key, [&](std::uint32_t slot) {
      return orders_[slot].venue == venue && orders_[slot].client_order_id == client_order_id;
    });
  }
  // Starts loading the index entry a find_by_client_id or add_pending of this id will read (a new
  // id's entry is rarely in cache, and risk has work to do before it looks); returns the id's key.
  [[gnu::always_inline]] std::uint64_t prefetch_client_id(Venue venue, std::string_view client_order_id) const noexcept {
    const std::uint64_t key = client_key(venue, client_order_id);
    by_client_id_.prefetch(key);
    return key;
  }
  [[nodiscard]] OrderHandle find_by_venue_id(Venue venue, std::string_view venue_order_id) const noexcept;
  [[nodiscard]] const Position& position(Venue venue, SymbolId symbol) const noexcept {
    return positions_[instrument(venue, symbol)];
  }
  [[nodiscard]] const Exposure& exposure(Venue venue, SymbolId symbol) const noexcept {
    return exposure_[instrument(venue, symbol)];
  }
  [[nodiscard]] std::uint32_t open_orders(Venue venue) const noexcept {
    return venue_open_[static_cast<std::size_t>(venue)];
  }
  [[nodiscard]] const BalanceEntry* balance(Venue venue, std::string_view asset) const noexcept;
  [[nodiscard]] const OmsCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] std::size_t max_symbols() const noexcept { return max_symbols_; }

  // Calls f(handle, order) for every open order of a venue and instrument.
  template <class F>
  void for_each_open(Venue venue, SymbolId symbol, F&& f) const {
    for (std::uint32_t i = exposure_[instrument(venue, symbol)].head; i != SlotIndex::kNone;) {
      const std::uint32_t next = orders_[i].open_next;
      f(static_cast<OrderHandle>(i), orders_[i]);
      i = next;
    }
  }
  // Calls f(handle, order) for every order held (open or recently finished).
  template <class F>
  void for_each_order(F&& f) const {
    for (std::size_t i = 0; i < max_orders_; ++i) {
      if (used_[i]) f(static_cast<OrderHandle>(i), orders_[i]);
    }
  }

 private:
  struct FinishedOrder {
    std::uint64_t serial = 0;
    std::uint32_t slot = 0;
  };
  [[nodiscard]] std::size_t instrument(Venue venue, SymbolId symbol) const noexcept {
    return static_cast<std::size_t>(symbol) * kAllVenues.size() + static_cast<std::size_t>(venue);
  }
  [[gnu::always_inline]] static std::uint64_t client_key(Venue v, std::string_view id) noexcept {
    return hash_short_id(id, 0x1000u + static_cast<unsigned>(v));
  }
  static std::uint64_t venue_key(Venue v, std::string_view id) noexcept { return hash_text(id, 0x2000u + static_cast<unsigned>(v)); }

  [[nodiscard]] Result<OrderHandle, OmsError> allocate_slot() noexcept;
  bool evict_oldest_finished() noexcept;  // false when no finished order is held
  void release_slot(OrderHandle handle) noexcept;
  void hold(OrderHandle handle) noexcept;  // count the order under its instrument
  [[nodiscard]] OmsError bind_venue_id(OrderHandle handle, std::string_view venue_order_id) noexcept;
  // Finds the order an event is about, creating an external order when nobody knows it.
  [[nodiscard]] Result<OrderHandle, OmsError> locate(Venue venue, std::string_view symbol, std::string_view order_id,
                                                     OptText client_order_id, std::optional<Side> side,
                                                     bool create, ApplyResult& result) noexcept;
  void set_state(OrderHandle handle, OrderState next, ApplyResult& result) noexcept;
  void apply_reported_state(OrderHandle handle, OrderState reported, ApplyResult& result) noexcept;
  void settle_state_from_fills(OrderHandle handle, ApplyResult& result) noexcept;

  // Exposure bookkeeping after an order changed: only what differs from what was counted moves.
  void reaccount(OrderHandle handle) noexcept;
  void uncount(OrderHandle handle) noexcept;
  void recompute_best(std::size_t instrument_index) noexcept;

  // Fills (fill_booking.cpp).
  void book_cumulative(OrderHandle handle, const Decimal& cum_qty, const OptDecimal& cum_notional,
                       const OptDecimal& avg_price, const OptDecimal& last_fill_price, ApplyResult& result) noexcept;
  void book_trade(OrderHandle handle, std::uint64_t trade_key, const Decimal& qty, const Decimal& price,
                  ApplyResult& result) noexcept;
  void book(OrderHandle handle, const Decimal& qty, const Decimal& price, ApplyResult& result) noexcept;

  std::size_t max_orders_;
  std::size_t max_symbols_;
  std::size_t free_slot_reserve_;
  int derived_price_scale_;
  SymbolTable symbols_;
  SymbolTable assets_;
  std::unique_ptr<Order[]> orders_;
  std::unique_ptr<bool[]> used_;
  std::unique_ptr<std::uint32_t[]> free_slots_;
  std::size_t free_count_ = 0;
  std::unique_ptr<FinishedOrder[]> finished_;  // terminal orders, oldest first: evicted when slots run out
  std::size_t finished_head_ = 0;
  std::size_t finished_count_ = 0;
  std::uint64_t next_serial_ = 1;
  SlotIndex by_client_id_;
  SlotIndex by_venue_id_;
  FillKeySet fill_keys_;
  std::unique_ptr<Position[]> positions_;
  std::unique_ptr<Exposure[]> exposure_;
  // Orders held per instrument (open or finished) and the XOR of their handles: when the count is
  // one, the XOR is that order (how a fill without an order id finds its only candidate).
  std::unique_ptr<std::uint32_t[]> held_count_;
  std::unique_ptr<std::uint32_t[]> held_xor_;
  std::unique_ptr<BalanceEntry[]> balances_;
  std::unique_ptr<bool[]> balance_known_;
  std::uint32_t venue_open_[kAllVenues.size()] = {};
  OmsCounters counters_;
};

}  // namespace oex::oms
