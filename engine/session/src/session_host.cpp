#include "oex/engine/session_host.hpp"

namespace oex::engine {
namespace {

constexpr std::size_t kBookLevels = 512;  // per side; venues send at most a few hundred

}  // namespace

SessionHost::SessionHost(const EngineConfig& config, oms::OrderManager& orders, risk::RiskGate& risk,
                         const Clock& clock)
    : orders_(orders),
      risk_(risk),
      clock_(clock),
      latency_storage_(std::make_unique<StageLatency>()),
      latency_(*latency_storage_) {
  std::size_t instruments = 0;
  for (const VenueConfig& v : config.venues) instruments += v.instruments.size();
  books_ = std::make_unique<BookSlot[]>(instruments);
  for (const VenueConfig& v : config.venues) {
    for (const Instrument& i : v.instruments) {
      const auto symbol = orders_.symbols().intern(i.symbol);
      if (!symbol.ok()) continue;  // the symbol table is full: the engine refused this config already
      BookSlot& slot = books_[book_count_++];
      slot.venue = v.venue;
      slot.symbol = *symbol;
      slot.book = std::make_unique<OrderBook>(kBookLevels);
    }
  }
}

SessionHost::~SessionHost() = default;

void SessionHost::attach(Engine& engine, Strategy& strategy) noexcept {
  engine_ = &engine;
  strategy_ = &strategy;
}

void SessionHost::capture(const capture::Record& r) noexcept {
  if (capture_ != nullptr) (void)capture_->record(r);  // a full ring counts the drop itself
}

void SessionHost::message_in(Venue venue, capture::Channel channel, std::string_view payload, bool binary,
                             std::string_view request, std::uint16_t status) noexcept {
  message_start_ns_ = clock_.now_ns();
  message_venue_ = venue;
  in_message_ = true;
  decode_recorded_ = false;
  ++counters_.messages_in;
  capture({message_start_ns_, venue, capture::Direction::in, channel, binary, status, request, payload});
}

void SessionHost::message_out(Venue venue, capture::Channel channel, std::string_view payload,
                              std::string_view request) noexcept {
  ++counters_.messages_out;
  if (capture_ != nullptr) capture({clock_.now_ns(), venue, capture::Direction::out, channel, false, 0, request, payload});
}

void SessionHost::decoded(Venue venue) noexcept {
  ++counters_.events;
  if (in_message_ && !decode_recorded_) {
    decode_recorded_ = true;
    latency_.record(venue, Stage::decode, clock_.now_ns() - message_start_ns_);
  }
}

void SessionHost::request_sent(Venue venue) noexcept {
  if (in_message_) latency_.record_tick_to_trade(venue, clock_.now_ns() - message_start_ns_);
}

void SessionHost::order_changed(Venue venue, const oms::ApplyResult& r, std::uint64_t apply_start) noexcept {
  const std::uint64_t applied = clock_.now_ns();
  latency_.record(venue, Stage::apply, applied - apply_start);
  if (!r.ok()) {
    ++counters_.apply_errors;
    return;
  }
  if (strategy_ == nullptr || r.order == oms::kNoOrder) return;
  const oms::Order* order = orders_.get(r.order);
  if (order == nullptr) return;
  const bool changed = r.has(oms::ApplyFlag::state_changed) || r.has(oms::ApplyFlag::fill_booked) ||
                       r.has(oms::ApplyFlag::amend_applied) || r.has(oms::ApplyFlag::amend_rejected) ||
                       r.has(oms::ApplyFlag::external_order);
  if (!changed) return;
  strategy_->on_order(*engine_, r.order, *order);
  if (r.has(oms::ApplyFlag::fill_booked)) {
    strategy_->on_fill(*engine_, *order,
                       BookedFill{r.order, r.booked_qty, r.booked_price, r.has(oms::ApplyFlag::fill_derived)});
  }
  latency_.record(venue, Stage::strategy, clock_.now_ns() - applied);
}

void SessionHost::reject(VenueReject::Kind kind, Venue venue, const oms::ApplyResult& r, std::string_view code,
                         std::string_view message, std::uint64_t apply_start) noexcept {
  order_changed(venue, r, apply_start);
  if (strategy_ != nullptr) strategy_->on_reject(*engine_, VenueReject{kind, venue, r.order, code, message});
}

void SessionHost::deliver(const OrderUpdate& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  order_changed(e.venue, orders_.apply(e), t);
}

void SessionHost::deliver(const Fill& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  order_changed(e.venue, orders_.apply(e), t);
}

void SessionHost::deliver(const NewOrderAck& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  order_changed(e.venue, orders_.apply(e), t);
}

void SessionHost::deliver(const CancelAck& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  order_changed(e.venue, orders_.apply(e), t);
}

void SessionHost::deliver(const AmendAck& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  order_changed(e.venue, orders_.apply(e), t);
}

void SessionHost::deliver(const NewOrderReject& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  reject(VenueReject::Kind::new_order, e.venue, orders_.apply(e), e.code, e.message, t);
}

void SessionHost::deliver(const CancelReject& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  reject(VenueReject::Kind::cancel, e.venue, orders_.apply(e), e.code, e.message, t);
}

void SessionHost::deliver(const AmendReject& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  reject(VenueReject::Kind::amend, e.venue, orders_.apply(e), e.code, e.message, t);
}

void SessionHost::deliver(const Balance& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  if (orders_.apply(e) != oms::OmsError::ok) ++counters_.apply_errors;
  const std::uint64_t applied = clock_.now_ns();
  latency_.record(e.venue, Stage::apply, applied - t);
  if (strategy_ == nullptr) return;
  strategy_->on_balance(*engine_, e);
  latency_.record(e.venue, Stage::strategy, clock_.now_ns() - applied);
}

OrderBook* SessionHost::find_book(Venue venue, std::string_view symbol) noexcept {
  const auto id = orders_.symbols().find(symbol);
  if (!id) return nullptr;
  for (std::size_t i = 0; i < book_count_; ++i) {
    if (books_[i].venue == venue && books_[i].symbol == *id) return books_[i].book.get();
  }
  return nullptr;
}

const OrderBook* SessionHost::book(Venue venue, SymbolId symbol) const noexcept {
  for (std::size_t i = 0; i < book_count_; ++i) {
    if (books_[i].venue == venue && books_[i].symbol == symbol) return books_[i].book.get();
  }
  return nullptr;
}

BookError SessionHost::deliver(const BookUpdate& e) noexcept {
  decoded(e.venue);
  const std::uint64_t t = clock_.now_ns();
  OrderBook* book = find_book(e.venue, e.symbol);
  if (book == nullptr) {
    ++counters_.unknown_books;
    return BookError::ok;  // not an instrument we trade: nothing to keep
  }
  const auto symbol = *orders_.symbols().find(e.symbol);
  const BookError error = book->apply(e);
  if (error != BookError::ok) {
    ++counters_.book_errors;
    risk_.set_reference(e.venue, symbol, risk::ReferencePrice{});  // no collar from a stale book
    latency_.record(e.venue, Stage::apply, clock_.now_ns() - t);
    return error;
  }
  risk::ReferencePrice reference;
  if (const auto bid = book->best_bid()) reference.best_bid = bid->price;
  if (const auto ask = book->best_ask()) reference.best_ask = ask->price;
  risk_.set_reference(e.venue, symbol, reference);
  const std::uint64_t applied = clock_.now_ns();
  latency_.record(e.venue, Stage::apply, applied - t);
  if (strategy_ != nullptr) {
    strategy_->on_book(*engine_, e.venue, symbol, *book);
    latency_.record(e.venue, Stage::strategy, clock_.now_ns() - applied);
  }
  return BookError::ok;
}

void SessionHost::deliver(const PublicTrade& e) noexcept {
  decoded(e.venue);
  risk_.on_market_data(e);
}

void SessionHost::deliver(const Ticker& e) noexcept {
  decoded(e.venue);
  risk_.on_market_data(e);
}

void SessionHost::deliver(const VenueError& e) noexcept {
  decoded(e.venue);
  if (strategy_ != nullptr) {
    strategy_->on_reject(*engine_, VenueReject{VenueReject::Kind::venue_error, e.venue, oms::kNoOrder, e.code, e.message});
  }
}

void SessionHost::set_state(Venue venue, VenueState state) noexcept {
  VenueState& current = states_[static_cast<std::size_t>(venue)];
  if (current == state) return;
  const bool was_up = current == VenueState::ready || current == VenueState::reconciling ||
                      current == VenueState::authenticating;
  // A lost connection leaves in-flight orders unknown until reconciliation; a deliberate stop
  // does not: the orders stand as last known, and a restart reconciles them anyway.
  current = state;
  if (was_up && state == VenueState::connecting) (void)orders_.on_disconnect(venue);
  if (strategy_ != nullptr) strategy_->on_venue_state(*engine_, venue, state);
}

}  // namespace oex::engine
