#pragma once
// How far a venue session is from trading, and the stages a message passes, by name.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace oex::engine {

enum class VenueState : std::uint8_t {
  stopped,         // not started, or stopped for good
  connecting,      // transport connecting, or waiting out a reconnect back-off
  authenticating,  // connected: logging in, subscribing, reading the venue's clock
  reconciling,     // logged in: resolving the orders a disconnect left unknown
  ready,           // orders may be sent
};

[[nodiscard]] constexpr std::string_view to_string(VenueState s) noexcept {
  switch (s) {
    case VenueState::stopped: return "stopped";
    case VenueState::connecting: return "connecting";
    case VenueState::authenticating: return "authenticating";
    case VenueState::reconciling: return "reconciling";
    case VenueState::ready: return "ready";
  }
  return "unknown";
}

// A venue's connections: how many of those its session keeps (each WebSocket and each pooled
// HTTP connection) are open. `ready` waits for the ones a session needs to trade; after a
// disconnect the others come back on their own back-off, and each reconnect allocates (the TLS
// handshake), so a steady state is one where all are open.
struct Connections {
  std::size_t open = 0;
  std::size_t kept = 0;

  void add(std::size_t open_now, std::size_t kept_now) noexcept {
    open += open_now;
    kept += kept_now;
  }
  [[nodiscard]] bool all_open() const noexcept { return open == kept; }
};

// Where a message spends its time, in and out. Each is recorded per venue.
enum class Stage : std::uint8_t {
  decode,    // bytes received (inflated) -> first normalized event
  apply,     // order core, books and risk references updated
  strategy,  // the strategy's callback
  risk,      // pre-trade checks of one command
  encode,    // the request written and signed
  send,      // handed to the transport (framed, encrypted, written to the socket)
};
inline constexpr std::size_t kStageCount = 6;

[[nodiscard]] constexpr std::string_view to_string(Stage s) noexcept {
  switch (s) {
    case Stage::decode: return "decode";
    case Stage::apply: return "apply";
    case Stage::strategy: return "strategy";
    case Stage::risk: return "risk";
    case Stage::encode: return "encode";
    case Stage::send: return "send";
  }
  return "unknown";
}

// Why a session could not send a request. Stable names for logs and the strategy.
enum class SendError : std::uint8_t {
  ok = 0,
  not_ready,         // the venue is not connected and logged in
  not_supported,     // the venue has no such request (amend outside BTSE)
  encode_failed,     // the request did not fit its buffer or a field was refused
  too_many_pending,  // the table of requests awaiting an answer is full
  transport_failed,  // the connection refused the bytes
};

[[nodiscard]] constexpr std::string_view error_name(SendError e) noexcept {
  switch (e) {
    case SendError::ok: return "ok";
    case SendError::not_ready: return "not_ready";
    case SendError::not_supported: return "not_supported";
    case SendError::encode_failed: return "encode_failed";
    case SendError::too_many_pending: return "too_many_pending";
    case SendError::transport_failed: return "transport_failed";
  }
  return "unknown_error";
}

}  // namespace oex::engine
