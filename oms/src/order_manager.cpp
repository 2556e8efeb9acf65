#include "oex/oms/order_manager.hpp"

#include <algorithm>

#include "decimal_ops.hpp"
#include "oex/oms/state_machine.hpp"

namespace oex::oms {

using detail::add_to;
using detail::subtract_from;

namespace {

VenueStatusText status_text(std::string_view raw) noexcept {
  // Longer statuses than any venue sends are kept by their prefix rather than dropped.
  auto text = VenueStatusText::from(raw.substr(0, VenueStatusText::kCapacity));
  return text ? *text : VenueStatusText{};
}

}  // namespace

OrderManager::OrderManager(const OmsConfig& config)
    : max_orders_(config.max_orders),
      max_symbols_(config.max_symbols),
      free_slot_reserve_(std::min(config.free_slot_reserve, config.max_orders / 8)),
      derived_price_scale_(config.derived_price_scale),
      symbols_(config.max_symbols),
      assets_(config.max_assets),
      orders_(std::make_unique<Order[]>(config.max_orders)),
      used_(std::make_unique<bool[]>(config.max_orders)),
      free_slots_(std::make_unique<std::uint32_t[]>(config.max_orders)),
      finished_(std::make_unique<FinishedOrder[]>(config.max_orders)),
      by_client_id_(config.max_orders),
      by_venue_id_(config.max_orders),
      fill_keys_(config.max_fill_keys),
      positions_(std::make_unique<Position[]>(config.max_symbols * kAllVenues.size())),
      exposure_(std::make_unique<Exposure[]>(config.max_symbols * kAllVenues.size())),
      held_count_(std::make_unique<std::uint32_t[]>(config.max_symbols * kAllVenues.size())),
      held_xor_(std::make_unique<std::uint32_t[]>(config.max_symbols * kAllVenues.size())),
      balances_(std::make_unique<BalanceEntry[]>(config.max_assets * kAllVenues.size())),
      balance_known_(std::make_unique<bool[]>(config.max_assets * kAllVenues.size())) {
  for (std::size_t i = 0; i < max_orders_; ++i) {
    free_slots_[i] = static_cast<std::uint32_t>(max_orders_ - 1 - i);  // hand out slot 0 first
  }
  free_count_ = max_orders_;
}

// ---------------------------------------------------------------- slots and ids

Result<OrderHandle, OmsError> OrderManager::allocate_slot() noexcept {
  if (free_count_ == 0 && !evict_oldest_finished()) return OmsError::capacity_exhausted;
  const std::uint32_t slot = free_slots_[--free_count_];
  orders_[slot].serial = next_serial_++;  // the slot was reset when it was freed
  used_[slot] = true;
  return slot;
}

bool OrderManager::evict_oldest_finished() noexcept {
  while (finished_count_ > 0) {
    const FinishedOrder oldest = finished_[finished_head_];
    finished_head_ = (finished_head_ + 1) % max_orders_;
    --finished_count_;
    if (used_[oldest.slot] && orders_[oldest.slot].serial == oldest.serial && !orders_[oldest.slot].is_open()) {
      release_slot(oldest.slot);
      ++counters_.evicted_orders;
      return true;
    }
  }
  return false;
}

std::size_t OrderManager::reclaim_finished(std::size_t max_evictions) noexcept {
  std::size_t evicted = 0;
  while (free_count_ < free_slot_reserve_ && evicted < max_evictions && evict_oldest_finished()) ++evicted;
  return evicted;
}

void OrderManager::release_slot(OrderHandle handle) noexcept {
  Order& o = orders_[handle];
  if (!o.client_order_id.empty()) {
    (void)by_client_id_.erase(client_key(o.venue, o.client_order_id.view()), handle);
  }
  if (!o.venue_order_id.empty()) {
    (void)by_venue_id_.erase(venue_key(o.venue, o.venue_order_id.view()), handle);
  }
  const std::size_t inst = instrument(o.venue, o.symbol);
  --held_count_[inst];
  held_xor_[inst] ^= handle;
  o = Order{};
  used_[handle] = false;
  free_slots_[free_count_++] = handle;
}

void OrderManager::hold(OrderHandle handle) noexcept {
  const std::size_t inst = instrument(orders_[handle].venue, orders_[handle].symbol);
  ++held_count_[inst];
  held_xor_[inst] ^= handle;
}

OmsError OrderManager::bind_venue_id(OrderHandle handle, std::string_view venue_order_id) noexcept {
  Order& o = orders_[handle];
  if (venue_order_id.empty() || o.venue_order_id == venue_order_id) return OmsError::ok;
  auto id = VenueOrderId::from(venue_order_id);
  if (!id) return OmsError::id_too_long;
  if (find_by_venue_id(o.venue, venue_order_id) != kNoOrder) return OmsError::venue_id_in_use;
  if (!o.venue_order_id.empty()) (void)by_venue_id_.erase(venue_key(o.venue, o.venue_order_id.view()), handle);
  o.venue_order_id = *id;
  if (!by_venue_id_.insert(venue_key(o.venue, venue_order_id), handle)) return OmsError::capacity_exhausted;
  return OmsError::ok;
}

OrderHandle OrderManager::find_by_venue_id(Venue venue, std::string_view id) const noexcept {
  if (id.empty()) return kNoOrder;
  return by_venue_id_.find(venue_key(venue, id), [&](std::uint32_t slot) {
    return orders_[slot].venue == venue && orders_[slot].venue_order_id == id;
  });
}

const Order* OrderManager::get(OrderHandle handle) const noexcept {
  if (handle >= max_orders_ || !used_[handle]) return nullptr;
  return &orders_[handle];
}

Result<OrderHandle, OmsError> OrderManager::locate(Venue venue, std::string_view symbol, std::string_view order_id,
                                                   OptText client_order_id, std::optional<Side> side, bool create,
                                                   ApplyResult& result) noexcept {
  OrderHandle h = find_by_venue_id(venue, order_id);
  if (h != kNoOrder) {
    if (client_order_id && !client_order_id->empty()) {
      // The venue id already names another order (an external one made from a notification that
      // came before this order's ack): report it rather than mix the two.
      const OrderHandle by_client = find_by_client_id(venue, *client_order_id);
      if (by_client != kNoOrder && by_client != h) return OmsError::venue_id_in_use;
    }
    return h;
  }
  if (client_order_id && !client_order_id->empty()) {
    h = find_by_client_id(venue, *client_order_id);
    if (h != kNoOrder) {
      const OmsError bound = bind_venue_id(h, order_id);
      if (bound != OmsError::ok) return bound;
      return h;
    }
  }
  if (!create || order_id.empty()) return OmsError::unknown_order;
  if (symbol.empty()) return OmsError::missing_symbol;
  if (!side) return OmsError::missing_side;
  auto symbol_id = symbols_.intern(symbol);
  if (!symbol_id) return symbol_id.error() == Error::capacity_exhausted ? OmsError::capacity_exhausted : OmsError::id_too_long;
  if (order_id.size() > VenueOrderId::kCapacity) return OmsError::id_too_long;
  auto slot = allocate_slot();
  if (!slot) return slot.error();
  h = *slot;
  Order& o = orders_[h];
  o.venue = venue;
  o.symbol = *symbol_id;
  o.side = *side;
  o.external = true;
  o.accepted = true;
  o.state = OrderState::unknown;  // until the event says how it stands
  hold(h);
  const OmsError bound = bind_venue_id(h, order_id);
  if (bound != OmsError::ok) {
    release_slot(h);
    return bound;
  }
  if (client_order_id && !client_order_id->empty()) {
    auto cid = ClientOrderId::from(*client_order_id);
    if (cid && by_client_id_.insert(client_key(venue, *client_order_id), h)) o.client_order_id = *cid;
  }
  ++counters_.external_orders;
  result.set(ApplyFlag::external_order);
  return h;
}

// ---------------------------------------------------------------- exposure

void OrderManager::uncount(OrderHandle handle) noexcept {
  Order& o = orders_[handle];
  if (!o.counted) return;
  const std::size_t inst = instrument(o.venue, o.symbol);
  Exposure& e = exposure_[inst];
  ++e.revision;
  (void)subtract_from(o.side == Side::buy ? e.open_buy_qty : e.open_sell_qty, o.counted_remaining);
  o.counted_remaining = Decimal{};
  o.counted = false;
  --e.open_orders;
  --venue_open_[static_cast<std::size_t>(o.venue)];
  if (o.open_prev != SlotIndex::kNone) orders_[o.open_prev].open_next = o.open_next;
  else e.head = o.open_next;
  if (o.open_next != SlotIndex::kNone) orders_[o.open_next].open_prev = o.open_prev;
  o.open_prev = o.open_next = SlotIndex::kNone;
  if (!o.counted_price_known) {
    --(o.side == Side::buy ? e.open_market_buys : e.open_market_sells);
  } else {
    const auto& best = o.side == Side::buy ? e.best_own_bid : e.best_own_ask;
    if (best && (*best == o.counted_price)) recompute_best(inst);
  }
}

void OrderManager::reaccount(OrderHandle handle) noexcept {
  Order& o = orders_[handle];
  if (!o.is_open()) {
    uncount(handle);
    return;
  }
  const std::size_t inst = instrument(o.venue, o.symbol);
  Exposure& e = exposure_[inst];
  Decimal remaining;
  if (o.qty_known && (o.filled_qty < o.qty)) {
    auto r = oex::subtract(o.qty, o.filled_qty);
    if (r) remaining = *r;
  }
  Decimal& side_qty = o.side == Side::buy ? e.open_buy_qty : e.open_sell_qty;
  bool fresh = false;
  if (!o.counted) {
    ++e.revision;
    if (add_to(side_qty, remaining)) o.counted_remaining = remaining;
    o.counted = true;
    fresh = true;
    ++e.open_orders;
    ++venue_open_[static_cast<std::size_t>(o.venue)];
    o.open_prev = SlotIndex::kNone;
    o.open_next = e.head;
    if (e.head != SlotIndex::kNone) orders_[e.head].open_prev = handle;
    e.head = handle;
  } else if (!(remaining == o.counted_remaining)) {
    ++e.revision;
    auto delta = oex::subtract(remaining, o.counted_remaining);
    if (delta && add_to(side_qty, *delta)) o.counted_remaining = remaining;
  }
  if (!fresh && o.counted_price_known == o.price_known && (!o.price_known || (o.counted_price == o.price))) {
    return;
  }
  // The counted price changes: take the old one out, put the new one in.
  ++e.revision;
  std::optional<Decimal>& best = o.side == Side::buy ? e.best_own_bid : e.best_own_ask;
  std::uint32_t& market = o.side == Side::buy ? e.open_market_buys : e.open_market_sells;
  bool rescan = false;
  if (!fresh) {
    // Only the best order moving away (or losing its price) needs a rescan of the others.
    if (o.counted_price_known) {
      const bool worse = !o.price_known || (o.side == Side::buy ? (o.price < o.counted_price)
                                                                : (o.price > o.counted_price));
      rescan = worse && best && (*best == o.counted_price);
    }
    else --market;
  }
  o.counted_price_known = o.price_known;
  o.counted_price = o.price;
  if (!o.price_known) {
    ++market;
  } else if (!best || (o.side == Side::buy ? (o.price > *best) : (o.price < *best))) {
    best = o.price;
  }
  if (rescan) recompute_best(inst);
}

void OrderManager::recompute_best(std::size_t inst) noexcept {
  Exposure& e = exposure_[inst];
  e.best_own_bid.reset();
  e.best_own_ask.reset();
  for (std::uint32_t i = e.head; i != SlotIndex::kNone; i = orders_[i].open_next) {
    const Order& o = orders_[i];
    if (!o.counted_price_known) continue;
    if (o.side == Side::buy) {
      if (!e.best_own_bid || (o.counted_price > *e.best_own_bid)) e.best_own_bid = o.counted_price;
    } else if (!e.best_own_ask || (o.counted_price < *e.best_own_ask)) {
      e.best_own_ask = o.counted_price;
    }
  }
}

// ---------------------------------------------------------------- state

void OrderManager::set_state(OrderHandle handle, OrderState next, ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  if (o.state == next) return;
  o.state = next;
  result.set(ApplyFlag::state_changed);
  if (is_terminal(next)) {
    o.amend_pending = false;
    if (finished_count_ < max_orders_) {
      finished_[(finished_head_ + finished_count_) % max_orders_] = {o.serial, handle};
      ++finished_count_;
    }
  }
}

void OrderManager::apply_reported_state(OrderHandle handle, OrderState reported, ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  const Transition t = transition(o.state, reported, o.accepted);
  switch (t.kind) {
    case TransitionKind::moved:
      if (o.state == OrderState::unknown && !is_terminal(t.next)) o.seen_open = true;
      set_state(handle, t.next, result);
      break;
    case TransitionKind::unchanged:
      if (reported != OrderState::unknown && reported != o.state && progress_rank(reported) <= progress_rank(o.state)) {
        result.set(ApplyFlag::stale_update);
      }
      break;
    case TransitionKind::illegal:
      if (reported == OrderState::rejected && o.amend_pending) {
        o.amend_pending = false;  // BTSE reports a failed amend as status 15 on the order itself
        result.set(ApplyFlag::amend_rejected);
      } else {
        ++counters_.illegal_transitions;
        result.set(ApplyFlag::illegal_transition);
      }
      break;
  }
}

void OrderManager::settle_state_from_fills(OrderHandle handle, ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  if (!o.is_open() || o.state == OrderState::unknown || o.filled_qty.is_zero()) return;
  if (o.qty_known && !(o.filled_qty < o.qty)) {
    set_state(handle, OrderState::filled, result);
  } else if (o.state == OrderState::pending_new || o.state == OrderState::new_ ||
             o.state == OrderState::pending_trigger) {
    set_state(handle, OrderState::partially_filled, result);
  }
}

// ---------------------------------------------------------------- the way out

Result<OrderHandle, OmsError> OrderManager::add_pending(const NewOrderRequest& request) noexcept {
  if (request.client_order_id.empty()) return OmsError::missing_client_id;
  if (find_by_client_id(request.venue, request.client_order_id.view()) != kNoOrder) {
    return OmsError::duplicate_client_id;
  }
  if (request.symbol >= max_symbols_) return OmsError::unknown_order;
  auto slot = allocate_slot();
  if (!slot) return slot.error();
  const OrderHandle h = *slot;
  Order& o = orders_[h];
  o.venue = request.venue;
  o.symbol = request.symbol;
  o.side = request.side;
  o.type = request.type;
  o.time_in_force = request.time_in_force;
  o.state = OrderState::pending_new;
  o.client_order_id = request.client_order_id;
  o.qty = request.qty;
  o.qty_known = true;
  if (request.price) {
    o.price = *request.price;
    o.price_known = true;
  }
  if (request.trigger_price) o.trigger_price = *request.trigger_price;
  hold(h);
  if (!by_client_id_.insert(client_key(o.venue, o.client_order_id.view()), h)) {
    release_slot(h);
    return OmsError::capacity_exhausted;
  }
  reaccount(h);
  return h;
}

void OrderManager::mark_not_sent(OrderHandle handle) noexcept {
  if (get(handle) == nullptr || orders_[handle].state != OrderState::pending_new) return;
  ApplyResult ignored;
  set_state(handle, OrderState::rejected, ignored);
  reaccount(handle);
}

OmsError OrderManager::begin_cancel(OrderHandle handle) noexcept {
  if (get(handle) == nullptr) return OmsError::unknown_order;
  Order& o = orders_[handle];
  if (!o.is_open()) return OmsError::not_open;
  if (o.state == OrderState::pending_cancel || o.state == OrderState::unknown) return OmsError::ok;
  o.state_before_cancel = o.state;
  ApplyResult ignored;
  set_state(handle, OrderState::pending_cancel, ignored);  // no exposure change: still open
  return OmsError::ok;
}

OmsError OrderManager::begin_amend(OrderHandle handle, std::optional<Decimal> price,
                                   std::optional<Decimal> qty) noexcept {
  if (get(handle) == nullptr) return OmsError::unknown_order;
  Order& o = orders_[handle];
  if (!o.is_open()) return OmsError::not_open;
  if (o.amend_pending) return OmsError::amend_in_flight;
  o.amend_pending = true;
  o.amend_has_price = price.has_value();
  o.amend_has_qty = qty.has_value();
  if (price) o.amend_price = *price;
  if (qty) o.amend_qty = *qty;
  return OmsError::ok;
}

// ---------------------------------------------------------------- the way in

ApplyResult OrderManager::apply(const OrderUpdate& u) noexcept {
  ApplyResult r;
  auto located = locate(u.venue, u.symbol, u.order_id, u.client_order_id, u.side, true, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  Order& o = orders_[h];
  if (u.state != OrderState::rejected && u.state != OrderState::unknown && u.state != OrderState::pending_new) {
    o.accepted = true;
  }
  if (!u.venue_status.empty()) o.venue_status = status_text(u.venue_status);
  if (o.external || o.state == OrderState::unknown) {
    if (u.type) o.type = *u.type;
    if (u.time_in_force) o.time_in_force = *u.time_in_force;
  }
  if (o.is_open()) {
    // The venue's quantity and price are the truth (after an amend they are the new ones).
    if (u.qty && !u.qty->is_zero()) {
      o.qty = *u.qty;
      o.qty_known = true;
      if (o.qty < o.filled_qty) o.overfilled = true;  // the venue's quantity is below what it filled
    }
    if (u.price && !u.price->is_zero() && o.type != OrderType::market) {
      o.price = *u.price;
      o.price_known = true;
    }
    if (u.trigger_price && !u.trigger_price->is_zero()) o.trigger_price = *u.trigger_price;
  } else if (!o.qty_known && u.qty && !u.qty->is_zero()) {
    o.qty = *u.qty;
    o.qty_known = true;
    if (o.qty < o.filled_qty) o.overfilled = true;
  }
  if (u.last_fill_qty && u.trade_id && !u.trade_id->empty()) {
    const Decimal price = u.last_fill_price ? *u.last_fill_price : o.price;
    book_trade(h, hash_text(*u.trade_id, 0x3000), *u.last_fill_qty, price, r);
  }
  if (u.filled_qty) {
    book_cumulative(h, *u.filled_qty, u.filled_notional, u.avg_price,
                    u.trade_id ? OptDecimal{} : u.last_fill_price, r);
  }
  apply_reported_state(h, u.state, r);
  settle_state_from_fills(h, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const Fill& f) noexcept {
  ApplyResult r;
  OrderHandle h = kNoOrder;
  const bool has_cid = f.client_order_id && !f.client_order_id->empty();
  if (f.order_id.empty() && !has_cid) {
    // Cryptomus deal_update: no order id. Only when one order there is all the core holds.
    const auto symbol = symbols_.find(f.symbol);
    if (symbol) {
      const std::size_t inst = instrument(f.venue, *symbol);
      if (held_count_[inst] == 1 && (!f.side || *f.side == orders_[held_xor_[inst]].side)) h = held_xor_[inst];
    }
    if (h == kNoOrder) {
      ++counters_.unmatched_fills;
      r.set(ApplyFlag::unmatched_fill);
      return r;
    }
  } else {
    auto located = locate(f.venue, f.symbol, f.order_id, f.client_order_id, f.side, true, r);
    if (!located) {
      r.error = located.error();
      return r;
    }
    h = *located;
  }
  r.order = h;
  std::uint64_t key;
  if (f.trade_id && !f.trade_id->empty()) {
    key = hash_text(*f.trade_id, 0x3000);
  } else {
    // No trade id (GCT's push): the venue time, price and quantity identify the trade.
    const std::int64_t parts[5] = {f.venue_time_ms.value_or(-1), static_cast<std::int64_t>(f.price.units()),
                                   static_cast<std::int64_t>(f.price.units() >> 64), static_cast<std::int64_t>(f.qty.units()),
                                   static_cast<std::int64_t>(f.price.scale() * 64 + f.qty.scale())};
    key = hash_text(std::string_view(reinterpret_cast<const char*>(parts), sizeof parts), 0x4000);
  }
  orders_[h].accepted = true;
  book_trade(h, key, f.qty, f.price, r);
  settle_state_from_fills(h, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const NewOrderAck& ack) noexcept {
  ApplyResult r;
  auto located = locate(ack.venue, ack.symbol, ack.order_id, ack.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  orders_[h].accepted = true;
  apply_reported_state(h, ack.state.value_or(OrderState::new_), r);
  settle_state_from_fills(h, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const NewOrderReject& reject) noexcept {
  ApplyResult r;
  auto located = locate(reject.venue, reject.symbol, {}, reject.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  if (!reject.code.empty()) orders_[h].venue_status = status_text(reject.code);
  apply_reported_state(h, OrderState::rejected, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const CancelAck& ack) noexcept {
  ApplyResult r;
  auto located = locate(ack.venue, ack.symbol, ack.order_id, ack.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  orders_[h].accepted = true;
  apply_reported_state(h, OrderState::cancelled, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const CancelReject& reject) noexcept {
  ApplyResult r;
  auto located = locate(reject.venue, reject.symbol, reject.order_id, reject.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  Order& o = orders_[h];
  if (o.state == OrderState::pending_cancel) {
    OrderState back = o.state_before_cancel;
    if (!o.filled_qty.is_zero() && back == OrderState::new_) back = OrderState::partially_filled;
    set_state(h, back, r);  // still open: exposure unchanged
  }
  return r;
}

ApplyResult OrderManager::apply(const AmendAck& ack) noexcept {
  ApplyResult r;
  auto located = locate(ack.venue, ack.symbol, ack.order_id, ack.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  const OrderHandle h = *located;
  r.order = h;
  Order& o = orders_[h];
  if (!o.amend_pending || !o.is_open()) return r;
  const OptDecimal price = ack.price ? ack.price : (o.amend_has_price ? OptDecimal{o.amend_price} : OptDecimal{});
  const OptDecimal qty = ack.qty ? ack.qty : (o.amend_has_qty ? OptDecimal{o.amend_qty} : OptDecimal{});
  if (price) {
    o.price = *price;
    o.price_known = true;
  }
  if (qty) {
    o.qty = *qty;
    o.qty_known = true;
    if (o.qty < o.filled_qty) o.overfilled = true;
  }
  if (ack.trigger_price) o.trigger_price = *ack.trigger_price;
  o.amend_pending = false;
  r.set(ApplyFlag::amend_applied);
  settle_state_from_fills(h, r);
  reaccount(h);
  return r;
}

ApplyResult OrderManager::apply(const AmendReject& reject) noexcept {
  ApplyResult r;
  auto located = locate(reject.venue, reject.symbol, reject.order_id, reject.client_order_id, std::nullopt, false, r);
  if (!located) {
    r.error = located.error();
    return r;
  }
  r.order = *located;
  Order& o = orders_[*located];
  if (o.amend_pending) {
    o.amend_pending = false;  // the order stands as it was
    r.set(ApplyFlag::amend_rejected);
  }
  return r;
}

OmsError OrderManager::apply(const Balance& b) noexcept {
  auto asset = assets_.intern(b.asset);
  if (!asset) return asset.error() == Error::capacity_exhausted ? OmsError::capacity_exhausted : OmsError::id_too_long;
  const std::size_t i = static_cast<std::size_t>(*asset) * kAllVenues.size() + static_cast<std::size_t>(b.venue);
  BalanceEntry& e = balances_[i];
  if (b.venue_time_ms && e.venue_time_ms > *b.venue_time_ms) return OmsError::ok;  // older than what we hold
  auto text = AssetText::from(b.asset);
  if (!text) return OmsError::id_too_long;
  e.asset = *text;
  if (b.free) e.free = b.free;
  if (b.locked) e.locked = b.locked;
  if (b.total) e.total = b.total;
  if (b.venue_time_ms) e.venue_time_ms = *b.venue_time_ms;
  balance_known_[i] = true;
  return OmsError::ok;
}

const BalanceEntry* OrderManager::balance(Venue venue, std::string_view asset) const noexcept {
  const auto id = assets_.find(asset);
  if (!id) return nullptr;
  const std::size_t i = static_cast<std::size_t>(*id) * kAllVenues.size() + static_cast<std::size_t>(venue);
  return balance_known_[i] ? &balances_[i] : nullptr;
}

}  // namespace oex::oms
