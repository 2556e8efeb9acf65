// Reconciliation after a disconnect: open orders become unknown, the venue is asked, answers go
// through the normal apply path, and what the answers leave unresolved is settled here.
#include "oex/oms/order_manager.hpp"

namespace oex::oms {

namespace {

// Which per-order query resolves an order the open-orders answer did not list.
constexpr QueryKind per_order_query(Venue venue) noexcept {
  return venue == Venue::btse ? QueryKind::trade_history : QueryKind::order_by_id;
}

constexpr bool venue_has_queries(Venue venue) noexcept {
  return venue == Venue::btse || venue == Venue::gct || venue == Venue::deflow;
}

}  // namespace

std::size_t OrderManager::on_disconnect(Venue venue) noexcept {
  std::size_t marked = 0;
  for (std::size_t i = 0; i < max_orders_; ++i) {
    Order& o = orders_[i];
    if (!used_[i] || o.venue != venue || !o.is_open()) continue;
    if (o.state != OrderState::unknown) o.state_before_unknown = o.state;
    o.state = OrderState::unknown;
    o.amend_pending = false;  // its answer may be lost; the venue's snapshot is the truth now
    o.seen_open = false;
    o.closed_at_venue = false;
    ++marked;
  }
  return marked;
}

std::size_t OrderManager::unknown_orders(Venue venue) const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < max_orders_; ++i) {
    if (used_[i] && orders_[i].venue == venue && orders_[i].state == OrderState::unknown) ++n;
  }
  return n;
}

std::size_t OrderManager::reconciliation_queries(Venue venue, std::span<VenueQuery> out) const noexcept {
  if (!venue_has_queries(venue)) return 0;
  std::size_t n = 0;
  auto push = [&](const VenueQuery& q) {
    if (n < out.size()) out[n++] = q;
  };
  // Open orders first: everything listed there resolves at once.
  if (venue == Venue::deflow) {
    for (std::size_t i = 0; i < max_orders_; ++i) {
      const Order& o = orders_[i];
      if (!used_[i] || o.venue != venue || o.state != OrderState::unknown) continue;
      bool already = false;
      for (std::size_t k = 0; k < n; ++k) already = already || (out[k].has_symbol && out[k].symbol == o.symbol);
      if (!already) push(VenueQuery{venue, QueryKind::open_orders, true, o.symbol, kNoOrder, {}, {}});
    }
  } else {
    push(VenueQuery{venue, QueryKind::open_orders, false, 0, kNoOrder, {}, {}});
  }
  for (std::size_t i = 0; i < max_orders_; ++i) {
    const Order& o = orders_[i];
    if (!used_[i] || o.venue != venue || o.state != OrderState::unknown) continue;
    // GCT and Deflow look orders up by their own id only; BTSE also by clOrderID.
    if (o.venue_order_id.empty() && venue != Venue::btse) continue;
    push(VenueQuery{venue, per_order_query(venue), true, o.symbol, static_cast<OrderHandle>(i), o.venue_order_id,
                    o.client_order_id});
  }
  return n;
}

void OrderManager::end_of_open_orders(Venue venue) noexcept {
  for (std::size_t i = 0; i < max_orders_; ++i) {
    Order& o = orders_[i];
    if (!used_[i] || o.venue != venue || o.state != OrderState::unknown || o.seen_open) continue;
    o.closed_at_venue = true;
    if (o.venue_order_id.empty() && venue != Venue::btse && !o.accepted) {
      // Never acknowledged, not open, and no way to ask by our id: it never took. A fill for it,
      // should one appear, lands on an external order, so positions stay right.
      ApplyResult ignored;
      set_state(static_cast<OrderHandle>(i), OrderState::rejected, ignored);
      reaccount(static_cast<OrderHandle>(i));
    }
  }
}

ApplyResult OrderManager::end_of_order_history(OrderHandle handle) noexcept {
  ApplyResult r;
  r.order = handle;
  if (get(handle) == nullptr) {
    r.error = OmsError::unknown_order;
    return r;
  }
  Order& o = orders_[handle];
  if (o.state != OrderState::unknown || !o.closed_at_venue) return r;
  OrderState final_state = OrderState::cancelled;
  if (o.qty_known && o.filled_qty >= o.qty) final_state = OrderState::filled;
  else if (!o.accepted && o.filled_qty.is_zero()) final_state = OrderState::rejected;
  set_state(handle, final_state, r);
  reaccount(handle);
  return r;
}

}  // namespace oex::oms
