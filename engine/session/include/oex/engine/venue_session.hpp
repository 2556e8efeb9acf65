#pragma once
// The shape every venue session has. The engine holds one of each venue's session type and
// dispatches by venue with a switch, so a command reaches its session without a virtual call.
//
// A session binds one venue's codec to its connections: it connects, authenticates, subscribes,
// keeps heartbeats, reads the venue's clock, reconnects with back-off, reconciles through the
// order core (SessionHost::orders()) before it reports `ready`, and hands every message it
// receives to its SessionHost. It runs on the loop's io_context and allocates nothing per
// message once connected.
#include <concepts>
#include <cstdint>
#include <optional>

#include "oex/core/decimal.hpp"
#include "oex/engine/venue_state.hpp"
#include "oex/oms/order.hpp"
#include "oex/risk/risk_gate.hpp"

namespace oex::engine {

template <class S>
concept VenueSession = requires(S& s, const S& cs, const oms::Order& order, std::optional<Decimal> price,
                                std::optional<Decimal> qty, const risk::KillAction& kill, std::uint32_t timeout_ms) {
  s.start();  // begin connecting; returns at once
  s.stop();   // close every connection; no reconnect
  { cs.state() } -> std::same_as<VenueState>;
  { cs.connections() } -> std::same_as<Connections>;
  // Write, sign and send. The order is already pending in the order core (risk passed); the
  // answer comes back as events through the host. Anything but ok means nothing was sent.
  { s.send_new(order) } -> std::same_as<SendError>;
  { s.send_cancel(order) } -> std::same_as<SendError>;
  { s.send_amend(order, price, qty) } -> std::same_as<SendError>;  // not_supported outside BTSE
  // One kill-switch action for this venue (cancel-all for a symbol or the venue, or one cancel).
  { s.send_kill(kill) } -> std::same_as<SendError>;
  // BTSE's cancelAllAfter dead-man timer; not_supported elsewhere.
  { s.send_dead_man(timeout_ms) } -> std::same_as<SendError>;
  // An audit without a disconnect (notifications may have been lost): the engine has just marked
  // the venue's open orders unknown (OrderManager::on_disconnect); the session runs the same
  // reconciliation as after a reconnect (state reconciling, queries, answers, then ready).
  // not_ready when the venue is not connected (it reconciles on connect anyway).
  { s.reconcile() } -> std::same_as<SendError>;
};

}  // namespace oex::engine
