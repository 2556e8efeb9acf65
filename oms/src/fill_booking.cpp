// Fill booking: the one place filled quantity, notional and positions change.
// The rule is stated in order_manager.hpp: booked = max(venue cumulative, distinct trades).
#include "decimal_ops.hpp"
#include "oex/oms/order_manager.hpp"

namespace oex::oms {

using detail::add_to;
using detail::min_of;
using detail::subtract_from;

void OrderManager::book(OrderHandle handle, const Decimal& qty, const Decimal& price, ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  auto notional = oex::multiply(qty, price);
  if (!notional) {
    result.error = OmsError::arithmetic_overflow;
    return;
  }
  Position& p = positions_[instrument(o.venue, o.symbol)];
  Decimal filled = o.filled_qty;
  Decimal filled_notional = o.filled_notional;
  Position next = p;
  const bool ok = add_to(filled, qty) && add_to(filled_notional, *notional) &&
                  (o.side == Side::buy ? add_to(next.net_qty, qty) && add_to(next.bought_qty, qty) &&
                                             add_to(next.bought_notional, *notional)
                                       : subtract_from(next.net_qty, qty) && add_to(next.sold_qty, qty) &&
                                             add_to(next.sold_notional, *notional));
  if (!ok) {
    result.error = OmsError::arithmetic_overflow;
    return;
  }
  o.filled_qty = filled;
  o.filled_notional = filled_notional;
  p = next;
  ++exposure_[instrument(o.venue, o.symbol)].revision;  // the position moved
  ++o.fill_count;
  ++counters_.fills_booked;
  (void)add_to(result.booked_qty, qty);
  result.booked_price = price;
  result.set(ApplyFlag::fill_booked);
}

// Books `wanted` unless it takes the order above its quantity: then only what fits, flagged.
static Decimal clip_to_quantity(const Order& o, const Decimal& wanted, ApplyResult& result,
                                std::uint64_t& overfills) noexcept {
  if (!o.qty_known) return wanted;
  auto room = oex::subtract(o.qty, o.filled_qty);
  if (!room || room->is_negative()) return Decimal{};
  if (wanted > *room) {
    result.set(ApplyFlag::overfill);
    ++overfills;
    return *room;
  }
  return wanted;
}

void OrderManager::book_trade(OrderHandle handle, std::uint64_t trade_key, const Decimal& qty, const Decimal& price,
                              ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  if (qty.is_negative() || qty.is_zero()) return;
  bool seen = false;
  for (std::size_t i = 0; i < o.inline_trade_count; ++i) seen = seen || o.inline_trades[i] == trade_key;
  if (seen || (o.trades_spilled && fill_keys_.contains(o.serial, trade_key))) {
    ++counters_.duplicate_fills;
    result.set(ApplyFlag::duplicate_fill);
    return;
  }
  if (o.inline_trade_count < Order::kInlineTrades) {
    o.inline_trades[o.inline_trade_count++] = trade_key;
  } else {
    fill_keys_.insert(o.serial, trade_key);
    o.trades_spilled = true;
  }
  // Quantity a cumulative report already booked is confirmed by this trade, not booked again.
  const Decimal claimed = min_of(qty, o.derived_unclaimed);
  Decimal rest = qty;
  if (!claimed.is_zero()) {
    (void)subtract_from(o.derived_unclaimed, claimed);
    (void)subtract_from(rest, claimed);
    result.set(ApplyFlag::fill_confirmed);
  }
  if (rest.is_zero()) return;
  const Decimal booked = clip_to_quantity(o, rest, result, counters_.overfills);
  if (booked.is_zero()) {
    o.overfilled = true;
    return;
  }
  if (booked < rest) o.overfilled = true;
  book(handle, booked, price, result);
}

void OrderManager::book_cumulative(OrderHandle handle, const Decimal& cum_qty, const OptDecimal& cum_notional,
                                   const OptDecimal& avg_price, const OptDecimal& last_fill_price,
                                   ApplyResult& result) noexcept {
  Order& o = orders_[handle];
  if (cum_qty < o.venue_cum_qty) {
    result.set(ApplyFlag::stale_update);
    return;
  }
  if (cum_qty == o.venue_cum_qty) return;  // a repeat
  const Decimal previous_qty = o.venue_cum_qty;
  const Decimal previous_notional = o.venue_cum_notional;
  const Decimal previous_avg = o.venue_avg_price;
  o.venue_cum_qty = cum_qty;
  if (cum_notional) o.venue_cum_notional = *cum_notional;
  if (avg_price) o.venue_avg_price = *avg_price;
  if (!(cum_qty > o.filled_qty)) return;  // trade reports already booked this much

  auto wanted = oex::subtract(cum_qty, o.filled_qty);
  auto step = oex::subtract(cum_qty, previous_qty);
  if (!wanted || !step) {
    result.error = OmsError::arithmetic_overflow;
    return;
  }
  // The price of the increase: exact notional difference where the venue sends the notional.
  Decimal price = o.price;
  if (cum_notional) {
    auto notional_step = oex::subtract(*cum_notional, previous_notional);
    if (notional_step && !notional_step->is_negative()) {
      auto p = divide(*notional_step, *step, derived_price_scale_, RoundingMode::half_even);
      if (p) price = p->normalized();
    }
  } else if (last_fill_price) {
    price = *last_fill_price;
  } else if (avg_price) {
    price = *avg_price;
    auto now_value = multiply(*avg_price, cum_qty);
    auto before_value = multiply(previous_avg, previous_qty);
    if (now_value && before_value) {
      auto value_step = subtract(*now_value, *before_value);
      if (value_step && !value_step->is_negative()) {
        auto p = divide(*value_step, *step, derived_price_scale_, RoundingMode::half_even);
        if (p) price = p->normalized();
      }
    }
  }
  const Decimal booked = clip_to_quantity(o, *wanted, result, counters_.overfills);
  if (booked < *wanted) o.overfilled = true;
  if (booked.is_zero()) return;
  book(handle, booked, price, result);
  if (result.error == OmsError::ok) {
    (void)add_to(o.derived_unclaimed, booked);
    result.set(ApplyFlag::fill_derived);
  }
}

}  // namespace oex::oms
