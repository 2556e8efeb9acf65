#include "oex/risk/risk_gate.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace oex::risk {

namespace {

// a + b + c compared with limit (-1, 0, 1), exactly; `fits` false when the sum has more than 38
// digits (treated as over any limit).
int compare_sum(const Decimal& a, const Decimal& b, const Decimal& c, const Decimal& limit, bool& fits) noexcept {
  const auto ab = oex::add(a, b);
  const auto abc = ab ? oex::add(*ab, c) : ab;
  fits = abc.ok();
  if (!fits) return 1;
  return (*abc > limit) - (*abc < limit);
}

// a + b, or nullopt when it does not fit (treated as over any limit).
std::optional<Decimal> sum(const Decimal& a, const Decimal& b) noexcept {
  auto r = oex::add(a, b);
  if (!r) return std::nullopt;
  return *r;
}

constexpr int kMaxFixedScale = 18;  // 10^18 is the largest power of ten in an int64

// kScaleUp[scale - places + Decimal::kMaxScale] = 10^(scale - places), and 0 where places > scale,
// so that a value the image cannot hold exactly becomes 0, which no integer check passes.
constexpr std::array<std::int64_t, Decimal::kMaxScale + kMaxFixedScale + 1> kScaleUp = [] {
  std::array<std::int64_t, Decimal::kMaxScale + kMaxFixedScale + 1> p{};
  p[Decimal::kMaxScale] = 1;
  for (std::size_t i = Decimal::kMaxScale + 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// d * 10^scale (0 <= scale <= 18) when d has at most `scale` places and the result fits an int64;
// otherwise false, or 0 in `out` (a zero quantity or price only ever takes the exact path).
inline bool to_fixed_exact(const Decimal& d, int scale, std::int64_t& out) noexcept {
  const auto units = static_cast<std::int64_t>(d.units());
  if (units != d.units()) return false;
  return !__builtin_mul_overflow(units, kScaleUp[static_cast<std::size_t>(scale - d.scale() + Decimal::kMaxScale)],
                                 &out);
}

// floor(d * 10^scale) clamped to the int64 range: for every int64 x,
// x <= fixed_upper_bound(d, s)  iff  x / 10^s <= d.
std::int64_t fixed_upper_bound(const Decimal& d, int scale) noexcept {
  auto r = d.rescaled(scale, RoundingMode::floor);
  if (!r) return d.is_negative() ? INT64_MIN : INT64_MAX;  // beyond 38 digits
  if (r->units() > INT64_MAX) return INT64_MAX;
  if (r->units() < INT64_MIN) return INT64_MIN;
  return static_cast<std::int64_t>(r->units());
}

// d * 10^scale rounded as asked, when that fits an int64.
std::optional<std::int64_t> to_fixed_rounded(const Decimal& d, int scale, RoundingMode mode) noexcept {
  auto r = d.rescaled(scale, mode);
  if (!r || r->units() > INT64_MAX || r->units() < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(r->units());
}

// Digits before the point of |d| (0 for values below one).
int integer_digits(const Decimal& d) noexcept {
  const UInt128 units = static_cast<UInt128>(d.is_negative() ? -d.units() : d.units());
  int digits = 0;  // digits of units: the number of powers of ten not above it
  for (UInt128 power = 1; digits < Decimal::kMaxDigits && power <= units; power *= 10) ++digits;
  return digits > d.scale() ? digits - d.scale() : 0;
}

// The largest scale <= 18 at which every value below 10^digits fits an int64.
int scale_for_digits(int digits) noexcept { return digits >= kMaxFixedScale ? 0 : kMaxFixedScale - digits; }

}  // namespace

RiskGate::RiskGate(const RiskConfig& config, oms::OrderManager& orders)
    : orders_(orders),
      max_symbols_(orders.max_symbols()),
      limits_(std::make_unique<InstrumentLimits[]>(max_symbols_ * kAllVenues.size())),
      references_(std::make_unique<ReferencePrice[]>(max_symbols_ * kAllVenues.size())),
      bands_(std::make_unique<Band[]>(max_symbols_ * kAllVenues.size())),
      fast_(std::make_unique<FastInstrument[]>(max_symbols_ * kAllVenues.size())),
      fast_enabled_(config.integer_fast_path),
      integer_path_open_(config.integer_fast_path),
      venue_limits_(config.venues),
      dead_man_(config.btse_dead_man) {
  for (std::size_t i = 0; i < max_symbols_ * kAllVenues.size(); ++i) limits_[i] = config.defaults;
  for (const InstrumentEntry& entry : config.instruments) {
    auto id = orders_.symbols().intern(entry.symbol);
    if (!id) throw std::invalid_argument("risk config: too many instruments for the order core's symbol table");
    limits_[instrument(entry.venue, *id)] = entry.limits;
  }
  for (std::size_t i = 0; i < max_symbols_ * kAllVenues.size(); ++i) {
    FastInstrument& f = fast_[i];
    f.qty_scale = scale_for_digits(integer_digits(limits_[i].max_order_qty));
    f.max_qty = fixed_upper_bound(limits_[i].max_order_qty, f.qty_scale);
    rebuild_fast_prices(i);
  }
  for (Venue v : kAllVenues) {
    const VenueLimits& l = venue_limits_[static_cast<std::size_t>(v)];
    throttles_[static_cast<std::size_t>(v)] = TokenBucket(l.orders_per_second, l.burst);
  }
}

bool RiskGate::reduces_risk(Venue venue, SymbolId symbol, Side side, const Decimal& added_qty) const noexcept {
  // With the kill switch on, only an order that moves the position toward flat (counting every
  // open order on its side) may pass.
  const oms::Position& p = orders_.position(venue, symbol);
  const oms::Exposure& e = orders_.exposure(venue, symbol);
  if (side == Side::buy) {
    auto after = sum(p.net_qty, e.open_buy_qty);
    if (!after) return false;
    after = sum(*after, added_qty);
    return after && !(*after > Decimal{});
  }
  auto after = sum(p.net_qty, e.open_sell_qty.negated());
  if (!after) return false;
  after = sum(*after, added_qty.negated());
  return after && !after->is_negative();
}

RejectReason RiskGate::check_order(Venue venue, SymbolId symbol, Side side, bool has_price, const Decimal& price,
                                   const Decimal& qty, const Decimal& added_qty,
                                   bool counts_as_new_open) const noexcept {
  const std::size_t inst = instrument(venue, symbol);
  const InstrumentLimits& l = limits_[inst];
  if (qty > l.max_order_qty) return RejectReason::max_order_qty;

  // Notional at the limit price, or for a market order at the reference; then the collar.
  const SideBand& band = side == Side::buy ? bands_[inst].buy : bands_[inst].sell;
  if (!band.known && l.reject_without_reference_price) return RejectReason::no_reference_price;
  if (has_price || band.known) {
    auto notional = oex::multiply(has_price ? price : band.reference, qty);
    if (!notional || (*notional > l.max_order_notional)) return RejectReason::max_order_notional;
  }
  if (has_price && band.known && ((price < band.low) || (price > band.high))) {
    return RejectReason::price_collar;
  }

  const oms::Exposure& e = orders_.exposure(venue, symbol);
  if (counts_as_new_open) {
    if (e.open_orders >= l.max_open_orders) return RejectReason::max_open_orders_instrument;
    if (orders_.open_orders(venue) >= venue_limits_[static_cast<std::size_t>(venue)].max_open_orders) {
      return RejectReason::max_open_orders_venue;
    }
  }

  // The position if every open order on this side (and this one) filled.
  const oms::Position& p = orders_.position(venue, symbol);
  bool fits = true;
  if (side == Side::buy) {
    if (compare_sum(p.net_qty, e.open_buy_qty, added_qty, l.max_position, fits) > 0 || !fits) {
      return RejectReason::position_limit;
    }
  } else {
    // -(net - open_sell - added) > max  <=>  open_sell + added - net > max
    if (compare_sum(e.open_sell_qty, added_qty, p.net_qty.negated(), l.max_position, fits) > 0 || !fits) {
      return RejectReason::position_limit;
    }
  }

  // Self-trade: crossing our own resting order of the other side on this venue and instrument.
  if (side == Side::buy) {
    if (e.open_market_sells > 0) return RejectReason::self_trade;
    if (e.best_own_ask && (!has_price || !(price < *e.best_own_ask))) return RejectReason::self_trade;
  } else {
    if (e.open_market_buys > 0) return RejectReason::self_trade;
    if (e.best_own_bid && (!has_price || !(price > *e.best_own_bid))) return RejectReason::self_trade;
  }
  return RejectReason::none;
}

// Inlined into check(): the call and its register saves cost a fifth of the whole check.
[[gnu::always_inline]] inline bool RiskGate::passes_fast(const oms::NewOrderRequest& order) noexcept {
  // check()'s validation and check_order's checks, in integers.
  const std::size_t inst = instrument(order.venue, order.symbol);
  FastInstrument& f = fast_[inst];
  if (f.revision != orders_.exposure(order.venue, order.symbol).revision) {
    refresh_fast_exposure(inst, order.venue, order.symbol);
  }
  std::int64_t q = 0;
  std::int64_t p = 0;
  if (!to_fixed_exact(order.qty, f.qty_scale, q) || !to_fixed_exact(*order.price, f.price_scale, p)) return false;
  const Window& w = order.side == Side::buy ? f.buy_window : f.sell_window;
  if (q < 1 || q > w.max_qty || p < w.low || p > w.high) return false;
  if (static_cast<UInt128>(p) * static_cast<UInt128>(q) > f.max_notional) return false;
  return f.room_for_open &&
         orders_.open_orders(order.venue) < venue_limits_[static_cast<std::size_t>(order.venue)].max_open_orders;
}

void RiskGate::refresh_fast_exposure(std::size_t inst, Venue venue, SymbolId symbol) noexcept {
  FastInstrument& f = fast_[inst];
  const InstrumentLimits& l = limits_[inst];
  const oms::Exposure& e = orders_.exposure(venue, symbol);
  const oms::Position& pos = orders_.position(venue, symbol);
  f.revision = e.revision;
  f.room_for_open = e.open_orders < l.max_open_orders;
  // Room left on each side, exactly; a sum beyond 38 digits leaves no room (the exact path decides).
  auto room = [&](const Decimal& open, const Decimal& signed_net) -> std::int64_t {
    auto r = subtract(l.max_position, signed_net);
    if (r) r = subtract(*r, open);
    return r ? fixed_upper_bound(*r, f.qty_scale) : INT64_MIN;
  };
  f.buy_room = room(e.open_buy_qty, pos.net_qty);
  f.sell_room = room(e.open_sell_qty, pos.net_qty.negated());
  // Self-trade: a buy crosses at or above our lowest sell, a sell at or below our highest buy;
  // our open market orders cross everything. A bound the image cannot hold sends to the exact path.
  if (e.open_market_sells > 0) {
    f.buy_cross = INT64_MIN;
  } else if (e.best_own_ask) {
    f.buy_cross = to_fixed_rounded(*e.best_own_ask, f.price_scale, RoundingMode::ceiling).value_or(INT64_MIN);
  } else {
    f.buy_cross = INT64_MAX;  // no sells: only a price of INT64_MAX units goes the exact way
  }
  if (e.open_market_buys > 0) {
    f.sell_cross = INT64_MAX;
  } else if (e.best_own_bid) {
    f.sell_cross = fixed_upper_bound(*e.best_own_bid, f.price_scale);
  } else {
    f.sell_cross = 0;  // no buys: every positive price passes
  }
  merge_windows(f);
}

void RiskGate::merge_windows(FastInstrument& f) noexcept {
  // A buy passes below our lowest sell, a sell above our highest buy; prices are positive.
  f.buy_window = Window{std::min(f.max_qty, f.buy_room), std::max<std::int64_t>(f.buy.low, 1),
                        f.buy_cross == INT64_MIN ? INT64_MIN : std::min(f.buy.high, f.buy_cross - 1)};
  f.sell_window = f.sell_cross == INT64_MAX
                      ? Window{}
                      : Window{std::min(f.max_qty, f.sell_room),
                               std::max({f.sell.low, f.sell_cross + 1, std::int64_t{1}}), f.sell.high};
}

void RiskGate::rebuild_fast_prices(std::size_t inst) noexcept {
  FastInstrument& f = fast_[inst];
  const Band& b = bands_[inst];
  // A side with no reference has no collar when the limits allow orders without one: its window
  // is every price the image holds, at a scale with room for prices below 10^10.
  const bool open_without_reference = !limits_[inst].reject_without_reference_price;
  int digits = 0;
  if (b.buy.known) digits = integer_digits(b.buy.high);
  if (b.sell.known) digits = std::max(digits, integer_digits(b.sell.high));
  if (open_without_reference && !(b.buy.known && b.sell.known)) digits = std::max(digits, 10);
  const int scale = scale_for_digits(digits);
  if (scale != f.price_scale) {
    f.price_scale = scale;
    f.revision = UINT64_MAX;  // the self-trade bounds are at the old scale
  }
  auto side = [&](const SideBand& band, FastSide& out) {
    out = FastSide{};
    if (!band.known) {
      if (open_without_reference) out = FastSide{1, INT64_MAX};
      return;
    }
    const auto low = to_fixed_rounded(band.low, scale, RoundingMode::ceiling);
    const auto high = to_fixed_rounded(band.high, scale, RoundingMode::floor);
    if (low && high) out = FastSide{*low, *high};
  };
  side(b.buy, f.buy);
  side(b.sell, f.sell);
  merge_windows(f);
  const Decimal& notional = limits_[inst].max_order_notional;
  auto n = notional.rescaled(scale + f.qty_scale, RoundingMode::floor);
  if (n) {
    f.max_notional = n->is_negative() ? 0 : static_cast<UInt128>(n->units());
  } else {
    f.max_notional = notional.is_negative() ? 0 : ~UInt128{0};  // beyond 38 digits
  }
}

RejectReason RiskGate::check(const oms::NewOrderRequest& order, std::uint64_t now_ns) noexcept {
  if (order.symbol >= max_symbols_) return RejectReason::invalid_order;
  const std::string_view client_order_id = order.client_order_id.view();
  const std::uint64_t client_key = orders_.prefetch_client_id(order.venue, client_order_id);  // read after the limits
  // The integer path implies a valid order (a positive price and quantity); what it cannot pass
  // goes the exact way, which checks everything in the order of the reasons.
  if (!integer_path_open_ || !order.price || !passes_fast(order)) return check_exact(order, now_ns);
  if (orders_.find_by_client_id(order.venue, client_order_id, client_key) != oms::kNoOrder) {
    return RejectReason::duplicate_client_order_id;
  }
  if (!throttles_[static_cast<std::size_t>(order.venue)].try_take(now_ns)) return RejectReason::throttled;
  return RejectReason::none;
}

// Out of line: inlined, its registers and stack frame would cost the integer path in every check.
[[gnu::noinline]] RejectReason RiskGate::check_exact(const oms::NewOrderRequest& order, std::uint64_t now_ns) noexcept {
  ++exact_path_checks_;
  if (killed_ && !reduces_risk(order.venue, order.symbol, order.side, order.qty)) return RejectReason::kill_switch;
  const bool needs_price = order.type == OrderType::limit;
  if (order.qty.is_negative() || order.qty.is_zero() || (needs_price && !order.price) ||
      (order.price && (order.price->is_negative() || order.price->is_zero()))) {
    return RejectReason::invalid_order;
  }
  if (orders_.find_by_client_id(order.venue, order.client_order_id.view()) != oms::kNoOrder) {
    return RejectReason::duplicate_client_order_id;
  }
  const RejectReason r = check_order(order.venue, order.symbol, order.side, order.price.has_value(),
                                     order.price.value_or(Decimal{}), order.qty, order.qty, true);
  if (r != RejectReason::none) return r;
  if (!throttles_[static_cast<std::size_t>(order.venue)].try_take(now_ns)) return RejectReason::throttled;
  return RejectReason::none;
}

RejectReason RiskGate::check_amend(oms::OrderHandle handle, std::optional<Decimal> price, std::optional<Decimal> qty,
                                   std::uint64_t now_ns) noexcept {
  const oms::Order* o = orders_.get(handle);
  if (o == nullptr || !o->is_open()) return RejectReason::unknown_order;
  if ((qty && (qty->is_negative() || qty->is_zero())) || (price && (price->is_negative() || price->is_zero()))) {
    return RejectReason::invalid_order;
  }
  const Decimal new_qty = qty.value_or(o->qty);
  // What the amend adds to the side: the new remaining minus what the order counts now.
  Decimal added;
  {
    auto remaining = subtract(new_qty, o->filled_qty);
    if (remaining && !remaining->is_negative()) {
      auto delta = subtract(*remaining, o->counted_remaining);
      if (delta) added = *delta;
    } else {
      added = o->counted_remaining.negated();
    }
  }
  if (killed_ && added > Decimal{}) return RejectReason::kill_switch;
  const bool has_price = price.has_value() || o->price_known;
  const Decimal new_price = price.value_or(o->price);
  // The order's own resting price must not count as a cross against itself: it rests on the
  // same side, and self-trade looks only at the other side.
  const RejectReason r = check_order(o->venue, o->symbol, o->side, has_price, new_price, new_qty, added, false);
  if (r != RejectReason::none) return r;
  if (!throttles_[static_cast<std::size_t>(o->venue)].try_take(now_ns)) return RejectReason::throttled;
  return RejectReason::none;
}

void RiskGate::set_reference(Venue venue, SymbolId symbol, const ReferencePrice& price) noexcept {
  if (symbol >= max_symbols_) return;
  ReferencePrice& r = references_[instrument(venue, symbol)];
  if (price.best_bid) r.best_bid = price.best_bid;
  if (price.best_ask) r.best_ask = price.best_ask;
  if (price.last) r.last = price.last;
  rebuild_band(instrument(venue, symbol));
}

void RiskGate::rebuild_band(std::size_t inst) noexcept {
  const ReferencePrice& r = references_[inst];
  const Decimal& collar = limits_[inst].price_collar;
  auto build = [&](const std::optional<Decimal>& near, SideBand& band) {
    const std::optional<Decimal>& reference = near ? near : r.last;
    band.known = false;
    if (!reference) return;
    auto width = multiply(*reference, collar);
    if (!width) return;  // a reference beyond 38 digits: no band, so the instrument refuses priced orders
    auto low = subtract(*reference, *width);
    auto high = add(*reference, *width);
    if (!low || !high) return;
    band = SideBand{true, *reference, *low, *high};
  };
  build(r.best_ask, bands_[inst].buy);
  build(r.best_bid, bands_[inst].sell);
  rebuild_fast_prices(inst);
}

void RiskGate::on_market_data(const Ticker& t) noexcept {
  const auto id = orders_.symbols().find(t.symbol);
  if (!id) return;  // not an instrument anyone trades here
  set_reference(t.venue, *id, ReferencePrice{t.best_bid, t.best_ask, t.last});
}

void RiskGate::on_market_data(const BookUpdate& b) noexcept {
  const auto id = orders_.symbols().find(b.symbol);
  if (!id) return;
  // Only a snapshot's top is a trustworthy best price; deltas are left to the book builder.
  if (!b.snapshot) return;
  ReferencePrice r;
  for (const BookLevel& l : b.bids) {
    if (!l.qty.is_zero() && (!r.best_bid || l.price > *r.best_bid)) r.best_bid = l.price;
  }
  for (const BookLevel& l : b.asks) {
    if (!l.qty.is_zero() && (!r.best_ask || l.price < *r.best_ask)) r.best_ask = l.price;
  }
  set_reference(b.venue, *id, r);
}

void RiskGate::on_market_data(const PublicTrade& t) noexcept {
  const auto id = orders_.symbols().find(t.symbol);
  if (!id) return;
  set_reference(t.venue, *id, ReferencePrice{std::nullopt, std::nullopt, t.price});
}

std::size_t RiskGate::kill_action_capacity() const noexcept {
  std::size_t open = 0;
  for (Venue v : kAllVenues) open += orders_.open_orders(v);
  return open + kAllVenues.size();
}

std::size_t RiskGate::engage_kill_switch(std::span<KillAction> out) noexcept {
  killed_ = true;
  integer_path_open_ = false;
  std::size_t n = 0;
  auto push = [&](const KillAction& a) {
    if (n < out.size()) out[n++] = a;
  };
  for (Venue v : kAllVenues) {
    if (orders_.open_orders(v) == 0) continue;
    if (v == Venue::gct) {
      push(KillAction{v, KillActionKind::cancel_all_venue, 0, oms::kNoOrder, {}, {}});
      continue;
    }
    for (std::size_t s = 0; s < orders_.symbols().size(); ++s) {
      const auto symbol = static_cast<SymbolId>(s);
      if (orders_.exposure(v, symbol).open_orders == 0) continue;
      if (v == Venue::btse) {
        push(KillAction{v, KillActionKind::cancel_all_symbol, symbol, oms::kNoOrder, {}, {}});
        continue;
      }
      orders_.for_each_open(v, symbol, [&](oms::OrderHandle h, const oms::Order& o) {
        push(KillAction{v, KillActionKind::cancel_order, symbol, h, o.venue_order_id, o.client_order_id});
      });
    }
  }
  return n;
}

std::optional<DeadManRenewal> RiskGate::dead_man_due(std::uint64_t now_ns) noexcept {
  if (killed_) return std::nullopt;
  const std::uint64_t every_ns = static_cast<std::uint64_t>(dead_man_.renew_every_ms) * 1'000'000ULL;
  if (dead_man_started_ && now_ns - dead_man_last_ns_ < every_ns) return std::nullopt;
  dead_man_started_ = true;
  dead_man_last_ns_ = now_ns;
  return DeadManRenewal{Venue::btse, dead_man_.timeout_ms};
}

}  // namespace oex::risk
