#pragma once
// Failures of the transport layer, each with a stable snake_case name. Parsers report a
// TransportError; a connection that ends reports a DisconnectReason.
#include <cstdint>
#include <string_view>

namespace oex::transport {

enum class TransportError : std::uint8_t {
  ok = 0,
  need_more,               // the bytes so far are a valid prefix: feed more
  buffer_full,             // a buffer sized at start-up cannot take the data
  not_connected,
  // WebSocket frames (RFC 6455 section 5)
  ws_reserved_bits,        // RSV1..3 set without a negotiated extension
  ws_unknown_opcode,
  ws_masked_server_frame,  // a server must not mask
  ws_control_too_long,     // control payload above 125 bytes
  ws_control_fragmented,   // control frame without FIN
  ws_unexpected_continuation,
  ws_expected_continuation,
  ws_invalid_length,       // 64-bit length with its most significant bit set
  ws_message_too_big,      // beyond the configured maximum message size
  ws_invalid_utf8,         // a text message or close reason that is not UTF-8
  ws_invalid_close_payload,
  ws_invalid_close_code,
  // WebSocket opening handshake
  ws_handshake_status,     // not "101"
  ws_handshake_upgrade,    // Upgrade / Connection headers missing or wrong
  ws_handshake_accept,     // Sec-WebSocket-Accept does not match the key
  ws_handshake_extension,  // the server chose an extension we never offered
  // HTTP/1.1 responses
  http_bad_status_line,
  http_bad_header,
  http_headers_too_large,
  http_bad_content_length,
  http_bad_chunk,
  http_body_too_large,
  http_unsupported_transfer_encoding,
  // Inflate
  inflate_corrupt,
  inflate_too_large,
};

[[nodiscard]] constexpr std::string_view error_name(TransportError e) noexcept {
  switch (e) {
    case TransportError::ok: return "ok";
    case TransportError::need_more: return "need_more";
    case TransportError::buffer_full: return "buffer_full";
    case TransportError::not_connected: return "not_connected";
    case TransportError::ws_reserved_bits: return "ws_reserved_bits";
    case TransportError::ws_unknown_opcode: return "ws_unknown_opcode";
    case TransportError::ws_masked_server_frame: return "ws_masked_server_frame";
    case TransportError::ws_control_too_long: return "ws_control_too_long";
    case TransportError::ws_control_fragmented: return "ws_control_fragmented";
    case TransportError::ws_unexpected_continuation: return "ws_unexpected_continuation";
    case TransportError::ws_expected_continuation: return "ws_expected_continuation";
    case TransportError::ws_invalid_length: return "ws_invalid_length";
    case TransportError::ws_message_too_big: return "ws_message_too_big";
    case TransportError::ws_invalid_utf8: return "ws_invalid_utf8";
    case TransportError::ws_invalid_close_payload: return "ws_invalid_close_payload";
    case TransportError::ws_invalid_close_code: return "ws_invalid_close_code";
    case TransportError::ws_handshake_status: return "ws_handshake_status";
    case TransportError::ws_handshake_upgrade: return "ws_handshake_upgrade";
    case TransportError::ws_handshake_accept: return "ws_handshake_accept";
    case TransportError::ws_handshake_extension: return "ws_handshake_extension";
    case TransportError::http_bad_status_line: return "http_bad_status_line";
    case TransportError::http_bad_header: return "http_bad_header";
    case TransportError::http_headers_too_large: return "http_headers_too_large";
    case TransportError::http_bad_content_length: return "http_bad_content_length";
    case TransportError::http_bad_chunk: return "http_bad_chunk";
    case TransportError::http_body_too_large: return "http_body_too_large";
    case TransportError::http_unsupported_transfer_encoding: return "http_unsupported_transfer_encoding";
    case TransportError::inflate_corrupt: return "inflate_corrupt";
    case TransportError::inflate_too_large: return "inflate_too_large";
  }
  return "unknown_error";
}

// Why a connection ended (or never started).
enum class DisconnectReason : std::uint8_t {
  none = 0,
  local_close,             // the owner asked
  connect_refused,
  connect_timeout,
  connect_failed,          // any other connect error (unreachable, bad address)
  tls_certificate_rejected,  // not signed by a trusted CA, expired, or the name does not match
  tls_handshake_failed,
  tls_error,               // a record failed after the handshake
  peer_closed,             // orderly end of stream between messages
  peer_closed_mid_handshake,
  peer_closed_mid_message,  // end of stream inside a frame or an HTTP response
  io_error,
  handshake_timeout,       // TLS + WebSocket opening handshake took too long
  idle_timeout,            // no byte from the peer for the configured time
  request_timeout,         // an HTTP request got no complete answer in time
  protocol_error,          // the peer broke the protocol (details in last_error())
  ws_handshake_rejected,
  ws_close_received,       // the peer began the closing handshake
  buffer_full,             // an outbound or inbound buffer sized at start-up overflowed
};

[[nodiscard]] constexpr std::string_view reason_name(DisconnectReason r) noexcept {
  switch (r) {
    case DisconnectReason::none: return "none";
    case DisconnectReason::local_close: return "local_close";
    case DisconnectReason::connect_refused: return "connect_refused";
    case DisconnectReason::connect_timeout: return "connect_timeout";
    case DisconnectReason::connect_failed: return "connect_failed";
    case DisconnectReason::tls_certificate_rejected: return "tls_certificate_rejected";
    case DisconnectReason::tls_handshake_failed: return "tls_handshake_failed";
    case DisconnectReason::tls_error: return "tls_error";
    case DisconnectReason::peer_closed: return "peer_closed";
    case DisconnectReason::peer_closed_mid_handshake: return "peer_closed_mid_handshake";
    case DisconnectReason::peer_closed_mid_message: return "peer_closed_mid_message";
    case DisconnectReason::io_error: return "io_error";
    case DisconnectReason::handshake_timeout: return "handshake_timeout";
    case DisconnectReason::idle_timeout: return "idle_timeout";
    case DisconnectReason::request_timeout: return "request_timeout";
    case DisconnectReason::protocol_error: return "protocol_error";
    case DisconnectReason::ws_handshake_rejected: return "ws_handshake_rejected";
    case DisconnectReason::ws_close_received: return "ws_close_received";
    case DisconnectReason::buffer_full: return "buffer_full";
  }
  return "unknown_reason";
}

}  // namespace oex::transport
