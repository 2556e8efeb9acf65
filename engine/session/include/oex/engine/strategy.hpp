#pragma once
// The strategy's side of the engine: callbacks on the loop thread, in the order the events
// happened. Every callback receives the engine so that it can answer at once with a command
// (submit, amend, cancel, kill); commands return immediately with an order handle or a typed
// reject.
//
// The strategy is the user's code, compiled apart from the engine, so the callbacks are
// virtual: one well-predicted indirect call per event. Everything inside the engine is
// dispatched without virtual calls.
#include <cstdint>
#include <string_view>

#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/events.hpp"
#include "oex/core/symbol_table.hpp"
#include "oex/engine/order_book.hpp"
#include "oex/engine/venue_state.hpp"
#include "oex/oms/order.hpp"

namespace oex::engine {

class Engine;

// A fill the order core booked: each venue fill reaches the strategy exactly once, whichever
// channel reported it first.
struct BookedFill {
  oms::OrderHandle order = oms::kNoOrder;
  Decimal qty;
  Decimal price;
  bool derived = false;  // from a cumulative total (DigiFinex), not a reported trade
};

// A venue refused something, or said something went wrong.
struct VenueReject {
  enum class Kind : std::uint8_t { new_order, cancel, amend, venue_error };
  Kind kind = Kind::venue_error;
  Venue venue{};
  oms::OrderHandle order = oms::kNoOrder;  // when the refusal names one of our orders
  std::string_view code;                   // the venue's code as sent
  std::string_view message;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // The engine is started; venues begin connecting.
  virtual void on_start(Engine&) {}
  virtual void on_venue_state(Engine&, Venue, VenueState) {}
  // An order's state, quantity, price or filled quantity changed.
  virtual void on_order(Engine&, oms::OrderHandle, const oms::Order&) {}
  virtual void on_fill(Engine&, const oms::Order&, const BookedFill&) {}
  // The book of an instrument changed (it is ready: snapshot received, no gap since).
  virtual void on_book(Engine&, Venue, SymbolId, const OrderBook&) {}
  virtual void on_balance(Engine&, const Balance&) {}
  virtual void on_reject(Engine&, const VenueReject&) {}
  // Called on every loop iteration after the venues' work: for timers kept by the strategy.
  virtual void on_idle(Engine&, std::uint64_t /*now_ns*/) {}
};

}  // namespace oex::engine
