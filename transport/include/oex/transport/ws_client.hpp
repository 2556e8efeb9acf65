#pragma once
// A WebSocket client (RFC 6455) over a Stream: opening handshake with the Sec-WebSocket-Accept
// check, masked frames with fresh keys from a CSPRNG, reassembly, ping -> pong, the closing
// handshake both ways, protocol failures closed with the right code, reconnect with back-off,
// idle detection and an application heartbeat. Runs on the loop's io_context; after start()
// sending and receiving a message allocates nothing.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "oex/core/handler_memory.hpp"
#include "oex/transport/backoff.hpp"
#include "oex/transport/error.hpp"
#include "oex/transport/function_ref.hpp"
#include "oex/transport/http_response_parser.hpp"
#include "oex/transport/random.hpp"
#include "oex/transport/stream.hpp"
#include "oex/transport/ws_handshake.hpp"
#include "oex/transport/ws_protocol.hpp"

namespace oex::transport {

struct WsConfig {
  Endpoint endpoint;
  std::string path = "/";
  std::string extra_headers;  // complete "Name: value\r\n" lines for the upgrade request
  std::size_t max_message = 1024 * 1024;  // larger inbound messages fail the connection with 1009
  std::size_t max_send = 1024 * 1024;     // largest payload one send may carry
  StreamOptions stream;
  std::chrono::milliseconds handshake_timeout{10'000};  // TCP + TLS + upgrade
  std::chrono::milliseconds close_timeout{2'000};       // waiting for the peer to end the closing handshake
  std::chrono::milliseconds idle_timeout{0};            // no byte for this long fails the connection; 0: off
  std::chrono::milliseconds heartbeat_interval{0};      // 0: no heartbeat
  std::string heartbeat_message;  // sent as a text message each interval; empty: a ping instead
  ReconnectPolicy reconnect;
};

struct WsHandlers {
  FunctionRef<void()> on_open;
  FunctionRef<void(WsOpcode, std::span<const std::uint8_t>)> on_message;  // text or binary
  // Every disconnect, with its reason; `error` says which protocol rule broke (protocol_error,
  // ws_handshake_rejected), `close_code` is the peer's code after ws_close_received.
  FunctionRef<void(DisconnectReason, TransportError error, std::uint16_t close_code)> on_disconnect;
  FunctionRef<void(std::span<const std::uint8_t>)> on_pong;
};

class WsClient {
 public:
  enum class State : std::uint8_t { idle, connecting, upgrading, open, closing, waiting_to_reconnect, stopped };

  WsClient(boost::asio::io_context& io, WsConfig config, TlsContext* tls, WsHandlers handlers);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void start();
  // Closes (with the closing handshake when open) and does not reconnect.
  void stop(std::uint16_t code = ws_close::normal) noexcept;

  [[nodiscard]] TransportError send_text(std::string_view text) noexcept;
  [[nodiscard]] TransportError send_binary(std::span<const std::uint8_t> bytes) noexcept;
  // One frame of a message; continuation frames carry WsOpcode::continuation.
  [[nodiscard]] TransportError send_frame(WsOpcode opcode, std::span<const std::uint8_t> payload, bool fin) noexcept;
  [[nodiscard]] TransportError ping(std::span<const std::uint8_t> payload = {}) noexcept;
  // Starts the closing handshake; the peer's close (or close_timeout) ends the connection.
  [[nodiscard]] TransportError close(std::uint16_t code = ws_close::normal, std::string_view reason = {}) noexcept;

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] bool is_open() const noexcept { return state_ == State::open; }
  [[nodiscard]] DisconnectReason last_reason() const noexcept { return last_reason_; }
  [[nodiscard]] TransportError last_error() const noexcept { return last_error_; }
  [[nodiscard]] std::uint16_t last_close_code() const noexcept { return last_close_code_; }
  [[nodiscard]] const Stream& stream() const noexcept { return stream_; }
  [[nodiscard]] Stream& stream() noexcept { return stream_; }
  [[nodiscard]] unsigned connects() const noexcept { return connects_; }

 private:
  static void stream_connected(void* self);
  static std::size_t stream_data(void* self, std::span<std::uint8_t> bytes);
  static void stream_closed(void* self, DisconnectReason reason);

  void connect_now();
  void on_connected_stream() noexcept;
  std::size_t on_data(std::span<std::uint8_t> bytes) noexcept;
  std::size_t on_frames(std::uint8_t* data, std::size_t size) noexcept;
  void on_closed(DisconnectReason reason) noexcept;
  void fail(DisconnectReason reason, TransportError error) noexcept;
  [[nodiscard]] TransportError send_control(WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void begin_closing() noexcept;
  void arm_idle(std::chrono::nanoseconds after) noexcept;
  void arm_heartbeat() noexcept;

  WsConfig config_;
  WsHandlers handlers_;
  SecureRandom random_;
  Stream stream_;
  WsReceiver receiver_;
  HttpResponseParser handshake_parser_;
  Backoff backoff_;
  boost::asio::steady_timer handshake_timer_;  // also times the closing handshake
  HandlerMemory idle_memory_;  // before their timers, which may leave a wait queued as they go
  HandlerMemory heartbeat_memory_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer heartbeat_timer_;
  boost::asio::steady_timer reconnect_timer_;
  std::unique_ptr<std::uint8_t[]> frame_;  // one outbound frame is built here
  std::size_t frame_capacity_;
  WsKey key_{};
  State state_ = State::idle;
  bool stop_requested_ = false;
  bool close_sent_ = false;
  std::uint64_t generation_ = 0;
  unsigned connects_ = 0;
  DisconnectReason pending_reason_ = DisconnectReason::none;  // why the closing handshake began
  TransportError pending_error_ = TransportError::ok;
  std::uint16_t peer_close_code_ = 0;
  DisconnectReason last_reason_ = DisconnectReason::none;
  TransportError last_error_ = TransportError::ok;
  std::uint16_t last_close_code_ = 0;
};

}  // namespace oex::transport
