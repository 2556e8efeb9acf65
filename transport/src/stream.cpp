#include "oex/transport/stream.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include <algorithm>
#include <cerrno>
#include <boost/asio/ip/address.hpp>
#include <cstring>

#include "oex/core/clock.hpp"
#include "oex/transport/tls.hpp"

namespace oex::transport {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {

bool is_certificate_error(int err) noexcept {
  switch (err) {
    case ASN_NO_SIGNER_E:
    case ASN_SELF_SIGNED_E:
    case ASN_AFTER_DATE_E:
    case ASN_BEFORE_DATE_E:
    case ASN_SIG_CONFIRM_E:
    case ASN_PATHLEN_INV_E:
    case DOMAIN_NAME_MISMATCH:
    case IPADDR_MISMATCH:
    case VERIFY_CERT_ERROR:
    case BAD_CERT_MANAGER_ERROR:
      return true;
    default:
      return false;
  }
}

bool is_numeric_host(const std::string& host) {
  error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

bool resolve_endpoint(Endpoint& endpoint) {
  if (!endpoint.address.empty()) return true;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  if (getaddrinfo(endpoint.host.c_str(), nullptr, &hints, &result) != 0 || result == nullptr) return false;
  char text[64] = {};
  const void* addr = result->ai_family == AF_INET6
                         ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(result->ai_addr)->sin6_addr)
                         : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(result->ai_addr)->sin_addr);
  const bool ok = inet_ntop(result->ai_family, addr, text, sizeof text) != nullptr;
  freeaddrinfo(result);
  if (ok) endpoint.address = text;
  return ok;
}

Stream::Stream(asio::io_context& io, const StreamOptions& options, TlsContext* tls, StreamListener listener)
    : options_(options),
      tls_(tls),
      listener_(listener),
      socket_(io),
      connect_timer_(io),
      poll_set_(PollSet::of(io)),
      in_(std::make_unique<std::uint8_t[]>(options.receive_buffer)),
      raw_capacity_(tls != nullptr ? 64 * 1024 : 0),
      out_(std::make_unique<std::uint8_t[]>(options.send_buffer)) {
  if (tls_ != nullptr) raw_ = std::make_unique<std::uint8_t[]>(raw_capacity_);
  read_poll_.poll = &Stream::poll_read;
  read_poll_.self = this;
}

Stream::~Stream() {
  poll_set_.leave(read_poll_);
  if (ssl_ != nullptr) wolfSSL_free(ssl_);
  if (session_ != nullptr) wolfSSL_SESSION_free(session_);
}

void Stream::forget_tls_session() noexcept {
  if (session_ != nullptr) wolfSSL_SESSION_free(session_);
  session_ = nullptr;
}

void Stream::connect(const Endpoint& endpoint) {
  if (state_ != State::closed) close(DisconnectReason::local_close);
  const std::uint64_t generation = ++generation_;
  host_ = endpoint.host;
  in_size_ = 0;
  raw_begin_ = raw_end_ = 0;
  out_begin_ = out_size_ = 0;
  peer_eof_ = shutdown_requested_ = resumed_ = false;
  read_armed_ = write_armed_ = false;
  cipher_ = version_ = "";
  state_ = State::connecting;

  error_code ec;
  const asio::ip::address address = asio::ip::make_address(endpoint.address, ec);
  if (ec) {
    close(DisconnectReason::connect_failed);
    return;
  }
  const asio::ip::tcp::endpoint target(address, endpoint.port);
  socket_.open(target.protocol(), ec);
  if (!ec) socket_.non_blocking(true, ec);
  if (!ec && options_.tcp_nodelay) socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  if (!ec && options_.so_rcvbuf > 0) socket_.set_option(asio::socket_base::receive_buffer_size(options_.so_rcvbuf), ec);
  if (!ec && options_.so_sndbuf > 0) socket_.set_option(asio::socket_base::send_buffer_size(options_.so_sndbuf), ec);
  if (ec) {
    close(DisconnectReason::connect_failed);
    return;
  }
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([this, generation](const error_code& e) {
    if (e) return;
    if (generation != generation_) return;
    close(state_ == State::connecting ? DisconnectReason::connect_timeout : DisconnectReason::handshake_timeout);
  });
  socket_.async_connect(target, [this, generation](const error_code& e) {
    if (e == asio::error::operation_aborted) return;
    on_connect(generation, e);
  });
}

void Stream::on_connect(std::uint64_t generation, const error_code& ec) noexcept {
  if (generation != generation_ || state_ != State::connecting) return;
  if (ec) {
    close(ec == asio::error::connection_refused ? DisconnectReason::connect_refused : DisconnectReason::connect_failed);
    return;
  }
  if (tls_ == nullptr) {
    established();
    if (generation == generation_) arm_read();
    return;
  }
  ssl_ = wolfSSL_new(tls_->native());
  if (ssl_ == nullptr) {
    close(DisconnectReason::tls_handshake_failed);
    return;
  }
  wolfSSL_SSLSetIORecv(ssl_, &Stream::tls_recv);
  wolfSSL_SSLSetIOSend(ssl_, &Stream::tls_send);
  wolfSSL_SetIOReadCtx(ssl_, this);
  wolfSSL_SetIOWriteCtx(ssl_, this);
  if (!host_.empty() && !is_numeric_host(host_))
    wolfSSL_UseSNI(ssl_, WOLFSSL_SNI_HOST_NAME, host_.data(), static_cast<unsigned short>(host_.size()));
  if (tls_->verify_peer() && !host_.empty()) wolfSSL_check_domain_name(ssl_, host_.c_str());
  wolfSSL_UseSessionTicket(ssl_);
  if (session_ != nullptr) wolfSSL_set_session(ssl_, session_);
  state_ = State::tls_handshake;
  advance_tls();
  if (generation == generation_) arm_read();
}

void Stream::established() noexcept {
  state_ = State::open;
  connect_timer_.cancel();
  if (ssl_ != nullptr) {
    resumed_ = wolfSSL_session_reused(ssl_) == 1;
    cipher_ = wolfSSL_get_cipher_name(ssl_);
    version_ = wolfSSL_get_version(ssl_);
  }
  if (listener_.on_connected != nullptr) listener_.on_connected(listener_.self);
}

int Stream::tls_recv(WOLFSSL*, char* buf, int size, void* ctx) {
  auto* self = static_cast<Stream*>(ctx);
  const std::size_t available = self->raw_end_ - self->raw_begin_;
  if (available == 0) return self->peer_eof_ ? WOLFSSL_CBIO_ERR_CONN_CLOSE : WOLFSSL_CBIO_ERR_WANT_READ;
  const std::size_t n = std::min(available, static_cast<std::size_t>(size));
  std::memcpy(buf, self->raw_.get() + self->raw_begin_, n);
  self->raw_begin_ += n;
  return static_cast<int>(n);
}

int Stream::tls_send(WOLFSSL*, char* buf, int size, void* ctx) {
  auto* self = static_cast<Stream*>(ctx);
  if (!self->send_raw(reinterpret_cast<const std::uint8_t*>(buf), static_cast<std::size_t>(size)))
    return WOLFSSL_CBIO_ERR_WANT_WRITE;
  return size;
}

bool Stream::send_raw(const std::uint8_t* data, std::size_t n) noexcept {
  if (out_size_ == 0) {
    error_code ec;
    const std::size_t sent = socket_.write_some(asio::buffer(data, n), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      // The read side reports the failure with its reason; the bytes are dropped.
      return true;
    }
    data += sent;
    n -= sent;
    if (n == 0) return true;
  }
  if (out_begin_ + out_size_ + n > options_.send_buffer) {
    if (out_size_ + n > options_.send_buffer) return false;
    std::memmove(out_.get(), out_.get() + out_begin_, out_size_);
    out_begin_ = 0;
  }
  std::memcpy(out_.get() + out_begin_ + out_size_, data, n);
  out_size_ += n;
  arm_write();
  return true;
}

TransportError Stream::write(std::span<const std::uint8_t> bytes) noexcept {
  if (state_ != State::open || shutdown_requested_) return TransportError::not_connected;
  if (bytes.empty()) return TransportError::ok;
  if (ssl_ == nullptr) return send_raw(bytes.data(), bytes.size()) ? TransportError::ok : TransportError::buffer_full;
  const int r = wolfSSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
  if (r == static_cast<int>(bytes.size())) return TransportError::ok;
  // wolfSSL would expect the same bytes again after WANT_WRITE; a stream that cannot take a
  // message whole is over capacity, so it is closed rather than left half-written.
  close(DisconnectReason::buffer_full);
  return TransportError::buffer_full;
}

void Stream::arm_write() noexcept {
  if (write_armed_ || state_ == State::closed) return;
  write_armed_ = true;
  const std::uint64_t generation = generation_;
  socket_.async_wait(asio::socket_base::wait_write, write_memory_.bind([this, generation](const error_code& ec) {
    if (ec == asio::error::operation_aborted) return;
    if (generation != generation_) return;
    write_armed_ = false;
    on_writable(generation);
  }));
}

void Stream::on_writable(std::uint64_t generation) noexcept {
  while (out_size_ > 0) {
    error_code ec;
    const std::size_t sent = socket_.write_some(asio::buffer(out_.get() + out_begin_, out_size_), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      close(DisconnectReason::io_error);
      return;
    }
    out_begin_ += sent;
    out_size_ -= sent;
  }
  if (generation != generation_) return;
  if (out_size_ == 0) {
    out_begin_ = 0;
    if (shutdown_requested_) finish_shutdown();
  } else {
    arm_write();
  }
}

void Stream::shutdown_send() noexcept {
  if (state_ == State::closed || shutdown_requested_) return;
  shutdown_requested_ = true;
  if (ssl_ != nullptr && state_ == State::open) (void)wolfSSL_shutdown(ssl_);  // queues close_notify
  if (out_size_ == 0) finish_shutdown();
}

void Stream::finish_shutdown() noexcept {
  error_code ec;
  socket_.shutdown(asio::socket_base::shutdown_send, ec);
}

// The read goes to Asio with its buffer, so the reactor reads when epoll reports the socket
// readable, and after a short read (the socket drained) queues the next one without a system
// call. A bare readiness wait instead re-registers the socket with epoll_ctl on every turn.
// A stream that polls its reads joins the loop's PollSet instead, once open (the handshakes go
// through the reactor: nothing waits on them).
void Stream::arm_read() noexcept {
  if (read_armed_ || state_ == State::closed) return;
  if (options_.poll_reads && state_ == State::open) {
    poll_set_.join(read_poll_);
    return;
  }
  const std::uint64_t generation = generation_;
  const std::span<std::uint8_t> space = read_space();
  if (space.empty()) return;
  read_armed_ = true;
  socket_.async_read_some(asio::buffer(space.data(), space.size()),
                          read_memory_.bind([this, generation](const error_code& ec, std::size_t n) {
                            if (ec == asio::error::operation_aborted) return;
                            if (generation != generation_) return;
                            read_armed_ = false;
                            on_read(generation, ec, n);
                          }));
}

std::span<std::uint8_t> Stream::read_space() noexcept {
  const std::uint64_t generation = generation_;
  std::span<std::uint8_t> space;
  if (ssl_ != nullptr) {
    if (raw_begin_ == raw_end_) {
      raw_begin_ = raw_end_ = 0;
    } else if (raw_end_ == raw_capacity_ && raw_begin_ > 0) {
      std::memmove(raw_.get(), raw_.get() + raw_begin_, raw_end_ - raw_begin_);
      raw_end_ -= raw_begin_;
      raw_begin_ = 0;
    }
    space = {raw_.get() + raw_end_, raw_capacity_ - raw_end_};
  } else {
    if (in_size_ == options_.receive_buffer) deliver();
    if (generation != generation_) return {};
    space = {in_.get() + in_size_, options_.receive_buffer - in_size_};
  }
  if (space.empty()) close(DisconnectReason::buffer_full);
  return space;
}

int Stream::poll_read(void* self) noexcept {
  auto& stream = *static_cast<Stream*>(self);
  const std::uint64_t generation = stream.generation_;
  const std::span<std::uint8_t> space = stream.read_space();
  if (space.empty()) return 0;
  const ssize_t n = ::recv(stream.socket_.native_handle(), space.data(), space.size(), MSG_DONTWAIT);
  const int error = n < 0 ? errno : 0;
  if (error == EAGAIN || error == EWOULDBLOCK || error == EINTR) return 0;
  if (n > 0) {
    stream.on_read(generation, {}, static_cast<std::size_t>(n));
  } else {
    stream.on_read(generation, n == 0 ? error_code(asio::error::eof) : error_code(error, asio::error::get_system_category()), 0);
  }
  return 1;
}

void Stream::deliver() noexcept {
  const std::uint64_t generation = generation_;
  while (in_size_ > 0 && state_ == State::open) {
    const std::size_t used = listener_.on_data(listener_.self, {in_.get(), in_size_});
    if (generation != generation_) return;
    if (used == 0) return;
    in_size_ -= used;
    if (in_size_ > 0) std::memmove(in_.get(), in_.get() + used, in_size_);
  }
}

void Stream::advance_tls() noexcept {
  const std::uint64_t generation = generation_;
  if (state_ == State::tls_handshake) {
    const int r = wolfSSL_connect(ssl_);
    if (r != WOLFSSL_SUCCESS) {
      const int err = wolfSSL_get_error(ssl_, r);
      if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE) {
        if (peer_eof_) close(DisconnectReason::peer_closed_mid_handshake);
        return;
      }
      const bool rejected = is_certificate_error(err) || (tls_->verify_peer() && wolfSSL_get_verify_result(ssl_) != 0);
      close(rejected ? DisconnectReason::tls_certificate_rejected
                     : peer_eof_ ? DisconnectReason::peer_closed_mid_handshake
                                 : DisconnectReason::tls_handshake_failed);
      return;
    }
    established();
    if (generation != generation_) return;
  }
  if (state_ != State::open) return;
  for (;;) {
    if (in_size_ == options_.receive_buffer) {
      deliver();
      if (generation != generation_) return;
      if (in_size_ == options_.receive_buffer) {
        close(DisconnectReason::buffer_full);
        return;
      }
    }
    const int r = wolfSSL_read(ssl_, in_.get() + in_size_, static_cast<int>(options_.receive_buffer - in_size_));
    if (r > 0) {
      in_size_ += static_cast<std::size_t>(r);
      // Nothing left to decrypt: skip the read that would only say so.
      if (raw_begin_ == raw_end_ && wolfSSL_has_pending(ssl_) == 0) break;
      continue;
    }
    const int err = wolfSSL_get_error(ssl_, r);
    if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE) break;
    if (err == WOLFSSL_ERROR_ZERO_RETURN || peer_eof_) {
      peer_eof_ = true;
      break;
    }
    deliver();
    if (generation == generation_) close(DisconnectReason::tls_error);
    return;
  }
  deliver();
}

void Stream::on_read(std::uint64_t generation, const error_code& ec, std::size_t n) noexcept {
  if (ec == asio::error::eof) {
    peer_eof_ = true;
  } else if (ec) {
    close(state_ == State::tls_handshake ? DisconnectReason::peer_closed_mid_handshake : DisconnectReason::io_error);
    return;
  } else {
    last_receive_ns_ = monotonic_ns();
    if (ssl_ != nullptr) {
      raw_end_ += n;
      advance_tls();
    } else {
      in_size_ += n;
      deliver();
    }
    if (generation != generation_) return;
  }
  if (peer_eof_) {
    if (ssl_ != nullptr) advance_tls();
    if (generation != generation_) return;
    close(state_ == State::tls_handshake ? DisconnectReason::peer_closed_mid_handshake : DisconnectReason::peer_closed);
    return;
  }
  arm_read();
}

void Stream::close(DisconnectReason reason) noexcept {
  if (state_ == State::closed) return;
  const bool was_open = state_ == State::open;
  state_ = State::closed;
  const std::uint64_t generation = ++generation_;
  connect_timer_.cancel();
  if (ssl_ != nullptr) {
    if (was_open) {
      if (reason == DisconnectReason::local_close && !shutdown_requested_) (void)wolfSSL_shutdown(ssl_);
      if (WOLFSSL_SESSION* s = wolfSSL_get1_session(ssl_); s != nullptr) {
        if (session_ != nullptr) wolfSSL_SESSION_free(session_);
        session_ = s;
      }
    }
    wolfSSL_free(ssl_);
    ssl_ = nullptr;
  }
  error_code ec;
  socket_.close(ec);
  poll_set_.leave(read_poll_);
  read_armed_ = write_armed_ = false;
  raw_begin_ = raw_end_ = 0;
  out_begin_ = out_size_ = 0;
  if (listener_.on_closed != nullptr) listener_.on_closed(listener_.self, reason);
  if (generation == generation_) in_size_ = 0;
}

}  // namespace oex::transport
