#include "oex/transport/ws_client.hpp"

#include <algorithm>
#include <cstring>

#include "oex/core/clock.hpp"

namespace oex::transport {
namespace asio = boost::asio;
using boost::system::error_code;

WsClient::WsClient(asio::io_context& io, WsConfig config, TlsContext* tls, WsHandlers handlers)
    : config_(std::move(config)),
      handlers_(handlers),
      stream_(io,
              [&] {
                StreamOptions o = config_.stream;
                o.connect_timeout = config_.handshake_timeout;
                // A whole outbound message (with TLS record overhead) must fit when the socket is slow.
                o.send_buffer = std::max(o.send_buffer, config_.max_send + config_.max_send / 16 + 64 * 1024);
                return o;
              }(),
              tls, StreamListener{this, &WsClient::stream_connected, &WsClient::stream_data, &WsClient::stream_closed}),
      receiver_(config_.max_message),
      handshake_parser_(HttpLimits{64, 16 * 1024, 0}),
      backoff_(config_.reconnect, random_.next_u64()),
      handshake_timer_(io),
      idle_timer_(io),
      heartbeat_timer_(io),
      reconnect_timer_(io),
      frame_(std::make_unique<std::uint8_t[]>(std::max<std::size_t>(config_.max_send, 8 * 1024) + kWsMaxClientHeader)),
      frame_capacity_(std::max<std::size_t>(config_.max_send, 8 * 1024) + kWsMaxClientHeader) {}

WsClient::~WsClient() {
  stop_requested_ = true;
  handlers_ = {};
  stream_.close(DisconnectReason::local_close);
}

void WsClient::stream_connected(void* self) { static_cast<WsClient*>(self)->on_connected_stream(); }
std::size_t WsClient::stream_data(void* self, std::span<std::uint8_t> bytes) {
  return static_cast<WsClient*>(self)->on_data(bytes);
}
void WsClient::stream_closed(void* self, DisconnectReason reason) { static_cast<WsClient*>(self)->on_closed(reason); }

void WsClient::start() {
  stop_requested_ = false;
  backoff_.reset();
  connect_now();
}

void WsClient::connect_now() {
  const std::uint64_t generation = ++generation_;
  state_ = State::connecting;
  receiver_.reset();
  handshake_parser_.reset();
  close_sent_ = false;
  pending_reason_ = DisconnectReason::none;
  pending_error_ = TransportError::ok;
  peer_close_code_ = 0;
  handshake_timer_.expires_after(config_.handshake_timeout);
  handshake_timer_.async_wait([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_) return;
    if (state_ == State::connecting || state_ == State::upgrading) stream_.close(DisconnectReason::handshake_timeout);
  });
  stream_.connect(config_.endpoint);
}

void WsClient::on_connected_stream() noexcept {
  state_ = State::upgrading;
  std::uint8_t nonce[16];
  random_.fill(nonce);
  key_ = make_ws_key(std::span<const std::uint8_t, 16>(nonce));
  const bool default_port = config_.endpoint.port == 80 || config_.endpoint.port == 443;
  const std::size_t n = write_ws_request({reinterpret_cast<char*>(frame_.get()), frame_capacity_}, config_.endpoint.host,
                                         config_.endpoint.port, default_port, config_.path, key_, config_.extra_headers);
  if (n == 0 || stream_.write({frame_.get(), n}) != TransportError::ok) {
    pending_error_ = TransportError::buffer_full;
    stream_.close(DisconnectReason::buffer_full);
  }
}

std::size_t WsClient::on_data(std::span<std::uint8_t> bytes) noexcept {
  std::size_t used = 0;
  if (state_ == State::upgrading) {
    const auto progress = handshake_parser_.parse(bytes.data(), bytes.size());
    if (progress.error == TransportError::need_more) return 0;
    TransportError error = progress.error;
    if (error == TransportError::ok) error = check_ws_response(handshake_parser_.response(), key_);
    if (error != TransportError::ok) {
      pending_error_ = error;
      pending_reason_ = DisconnectReason::ws_handshake_rejected;
      stream_.close(DisconnectReason::ws_handshake_rejected);
      return bytes.size();
    }
    used = progress.consumed;
    state_ = State::open;
    handshake_timer_.cancel();
    backoff_.reset();
    ++connects_;
    if (config_.idle_timeout.count() > 0) arm_idle(config_.idle_timeout);
    if (config_.heartbeat_interval.count() > 0) arm_heartbeat();
    const std::uint64_t generation = generation_;
    if (handlers_.on_open) handlers_.on_open();
    if (generation != generation_ || state_ != State::open) return bytes.size();
  }
  if (state_ != State::open && state_ != State::closing) return bytes.size();
  return used + on_frames(bytes.data() + used, bytes.size() - used);
}

std::size_t WsClient::on_frames(std::uint8_t* data, std::size_t size) noexcept {
  const std::uint64_t generation = generation_;
  std::size_t pos = 0;
  for (;;) {
    const WsReceiver::Step step = receiver_.step(data + pos, size - pos);
    pos += step.consumed;
    if (step.error != TransportError::ok) {
      fail(DisconnectReason::protocol_error, step.error);
      return size;
    }
    switch (step.event.kind) {
      case WsEvent::Kind::none:
        if (step.consumed == 0) return pos;
        break;
      case WsEvent::Kind::message:
        if (state_ == State::open && handlers_.on_message) handlers_.on_message(step.event.opcode, step.event.payload);
        break;
      case WsEvent::Kind::ping:
        if (!close_sent_) (void)send_control(WsOpcode::pong, step.event.payload);
        break;
      case WsEvent::Kind::pong:
        if (handlers_.on_pong) handlers_.on_pong(step.event.payload);
        break;
      case WsEvent::Kind::close: {
        peer_close_code_ = step.event.close_code;
        if (close_sent_) {  // the peer answered our close: the handshake is complete
          stream_.close(pending_reason_);
          return size;
        }
        std::uint8_t echo[2];
        std::size_t echo_size = 0;
        if (step.event.close_code != ws_close::no_status) {
          echo[0] = static_cast<std::uint8_t>(step.event.close_code >> 8);
          echo[1] = static_cast<std::uint8_t>(step.event.close_code);
          echo_size = 2;
        }
        (void)send_control(WsOpcode::close, {echo, echo_size});
        close_sent_ = true;
        pending_reason_ = DisconnectReason::ws_close_received;
        begin_closing();
        return size;
      }
    }
    if (generation != generation_) return size;
  }
}

void WsClient::fail(DisconnectReason reason, TransportError error) noexcept {
  pending_error_ = error;
  pending_reason_ = reason;
  if (stream_.is_open() && !close_sent_) {
    const std::uint16_t code = close_code_for(error);
    const std::uint8_t payload[2] = {static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)};
    (void)send_control(WsOpcode::close, payload);
    close_sent_ = true;
    begin_closing();
    return;
  }
  stream_.close(reason);
}

void WsClient::begin_closing() noexcept {
  state_ = State::closing;
  // Our FIN tells the peer we are done; it closes, and its end of stream completes the close.
  stream_.shutdown_send();
  const std::uint64_t generation = generation_;
  handshake_timer_.expires_after(config_.close_timeout);
  handshake_timer_.async_wait([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_) return;
    stream_.close(pending_reason_);
  });
}

void WsClient::on_closed(DisconnectReason reason) noexcept {
  if (pending_reason_ != DisconnectReason::none) {
    reason = pending_reason_;
  } else if (reason == DisconnectReason::peer_closed) {
    if (state_ == State::upgrading) reason = DisconnectReason::peer_closed_mid_handshake;
    else if (stream_.buffered() > 0 || receiver_.mid_message()) reason = DisconnectReason::peer_closed_mid_message;
  } else if (reason == DisconnectReason::connect_timeout && state_ != State::connecting) {
    reason = DisconnectReason::handshake_timeout;
  }
  ++generation_;
  handshake_timer_.cancel();
  idle_timer_.cancel();
  heartbeat_timer_.cancel();
  last_reason_ = reason;
  last_error_ = pending_error_;
  last_close_code_ = peer_close_code_;
  const bool reconnect = !stop_requested_ && config_.reconnect.enabled;
  state_ = reconnect ? State::waiting_to_reconnect : State::stopped;
  const std::uint64_t generation = generation_;
  if (handlers_.on_disconnect) handlers_.on_disconnect(reason, pending_error_, peer_close_code_);
  if (generation != generation_ || state_ != State::waiting_to_reconnect) return;
  if (stop_requested_) {
    state_ = State::stopped;
    return;
  }
  reconnect_timer_.expires_after(backoff_.next());
  reconnect_timer_.async_wait([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_ || state_ != State::waiting_to_reconnect) return;
    connect_now();
  });
}

void WsClient::stop(std::uint16_t code) noexcept {
  stop_requested_ = true;
  reconnect_timer_.cancel();
  if (state_ == State::open) {
    (void)close(code);
  } else if (!stream_.is_closed()) {
    stream_.close(DisconnectReason::local_close);
  } else {
    ++generation_;
    state_ = State::stopped;
  }
}

TransportError WsClient::send_frame(WsOpcode opcode, std::span<const std::uint8_t> payload, bool fin) noexcept {
  if (state_ != State::open) return TransportError::not_connected;
  if (payload.size() > frame_capacity_ - kWsMaxClientHeader) return TransportError::buffer_full;
  const std::size_t n = encode_client_frame({frame_.get(), frame_capacity_}, opcode, fin, payload, random_.next_u32());
  return stream_.write({frame_.get(), n});
}

TransportError WsClient::send_text(std::string_view text) noexcept {
  return send_frame(WsOpcode::text, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, true);
}

TransportError WsClient::send_binary(std::span<const std::uint8_t> bytes) noexcept {
  return send_frame(WsOpcode::binary, bytes, true);
}

TransportError WsClient::send_control(WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  if (!stream_.is_open()) return TransportError::not_connected;
  std::uint8_t frame[kWsMaxClientHeader + 125];
  const std::size_t n = encode_client_frame(frame, opcode, true, payload.first(std::min<std::size_t>(payload.size(), 125)),
                                            random_.next_u32());
  return stream_.write({frame, n});
}

TransportError WsClient::ping(std::span<const std::uint8_t> payload) noexcept {
  if (state_ != State::open) return TransportError::not_connected;
  if (payload.size() > 125) return TransportError::ws_control_too_long;
  return send_control(WsOpcode::ping, payload);
}

TransportError WsClient::close(std::uint16_t code, std::string_view reason) noexcept {
  if (state_ != State::open) return TransportError::not_connected;
  std::uint8_t payload[125];
  payload[0] = static_cast<std::uint8_t>(code >> 8);
  payload[1] = static_cast<std::uint8_t>(code);
  const std::size_t n = std::min<std::size_t>(reason.size(), 123);
  if (n != 0) std::memcpy(payload + 2, reason.data(), n);
  const TransportError e = send_control(WsOpcode::close, {payload, n + 2});
  close_sent_ = true;
  pending_reason_ = DisconnectReason::local_close;
  state_ = State::closing;
  const std::uint64_t generation = generation_;
  handshake_timer_.expires_after(config_.close_timeout);
  handshake_timer_.async_wait([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_) return;
    stream_.close(pending_reason_);
  });
  return e;
}

void WsClient::arm_idle(std::chrono::nanoseconds after) noexcept {
  const std::uint64_t generation = generation_;
  idle_timer_.expires_after(after);
  idle_timer_.async_wait(idle_memory_.bind([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_ || state_ != State::open) return;
    const auto idle = std::chrono::nanoseconds(config_.idle_timeout);
    const std::uint64_t elapsed = monotonic_ns() - stream_.last_receive_ns();
    if (elapsed >= static_cast<std::uint64_t>(idle.count())) {
      pending_reason_ = DisconnectReason::idle_timeout;
      stream_.close(DisconnectReason::idle_timeout);
      return;
    }
    arm_idle(idle - std::chrono::nanoseconds(elapsed));
  }));
}

void WsClient::arm_heartbeat() noexcept {
  const std::uint64_t generation = generation_;
  heartbeat_timer_.expires_after(config_.heartbeat_interval);
  heartbeat_timer_.async_wait(heartbeat_memory_.bind([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_ || state_ != State::open) return;
    if (config_.heartbeat_message.empty()) (void)ping();
    else (void)send_text(config_.heartbeat_message);
    arm_heartbeat();
  }));
}

}  // namespace oex::transport
