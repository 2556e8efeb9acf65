#pragma once
// One byte stream to a peer: TCP on the loop's io_context (non-blocking, TCP_NODELAY, connect
// timeout, socket buffer sizes), optionally wrapped in TLS by wolfSSL. wolfSSL never touches
// the socket: its I/O callbacks read from and write to this object's buffers, so the handshake
// and every record advance only as far as the bytes already at hand, and the loop never blocks.
// Buffers are sized at construction; a connection allocates only when it starts.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "oex/core/handler_memory.hpp"
#include "oex/core/poll_set.hpp"
#include "oex/transport/error.hpp"

struct WOLFSSL;
struct WOLFSSL_SESSION;

namespace oex::transport {

class TlsContext;

struct Endpoint {
  std::string host;     // the name for SNI, certificate checks and the Host header
  std::string address;  // numeric IP to connect to; empty: resolve `host` (blocking, at start-up)
  std::uint16_t port = 0;
};

// Resolves an endpoint's address when it is empty. Start-up only: getaddrinfo blocks.
[[nodiscard]] bool resolve_endpoint(Endpoint& endpoint);

struct StreamOptions {
  std::size_t receive_buffer = 256 * 1024;  // plaintext bytes waiting for the owner
  std::size_t send_buffer = 256 * 1024;     // bytes the socket has not taken yet
  int so_rcvbuf = 0;                        // SO_RCVBUF; 0 keeps the system's
  int so_sndbuf = 0;                        // SO_SNDBUF; 0 keeps the system's
  bool tcp_nodelay = true;
  std::chrono::milliseconds connect_timeout{5000};  // TCP connect plus TLS handshake
  // Once open, read with a non-blocking recv on every loop iteration (PollSet) instead of
  // waiting for epoll to report the socket readable: the next bytes reach their handler one
  // system call sooner, and every iteration pays a recv. For the few streams a strategy reacts to.
  bool poll_reads = false;
};

// The owner's callbacks (function pointers, no virtual call).
struct StreamListener {
  void* self = nullptr;
  void (*on_connected)(void* self) = nullptr;
  // Plaintext bytes in arrival order, from the oldest unconsumed one; returns how many it used.
  // The rest is offered again with the next bytes. The buffer is writable (in-place decoding).
  std::size_t (*on_data)(void* self, std::span<std::uint8_t> bytes) = nullptr;
  void (*on_closed)(void* self, DisconnectReason reason) = nullptr;
};

class Stream {
 public:
  Stream(boost::asio::io_context& io, const StreamOptions& options, TlsContext* tls, StreamListener listener);
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Starts connecting; on_connected or on_closed follows. A stream that is not closed is closed first.
  void connect(const Endpoint& endpoint);
  // Sends bytes (encrypting them under TLS); what the socket does not take now waits in the
  // send buffer. buffer_full when it cannot hold them (the stream stays open).
  [[nodiscard]] TransportError write(std::span<const std::uint8_t> bytes) noexcept;
  // Ends the sending direction once the buffered bytes are out (TLS close_notify, then FIN).
  void shutdown_send() noexcept;
  // Tears the connection down now and reports on_closed(reason). No-op when already closed.
  void close(DisconnectReason reason) noexcept;

  [[nodiscard]] bool is_open() const noexcept { return state_ == State::open; }
  [[nodiscard]] bool is_closed() const noexcept { return state_ == State::closed; }
  [[nodiscard]] bool in_tls_handshake() const noexcept { return state_ == State::tls_handshake; }
  // Plaintext bytes received and not yet consumed (meaningful inside on_closed too).
  [[nodiscard]] std::size_t buffered() const noexcept { return in_size_; }
  // Those bytes themselves (inside on_closed: what arrived before the end of the stream).
  [[nodiscard]] std::span<std::uint8_t> unconsumed() noexcept { return {in_.get(), in_size_}; }
  [[nodiscard]] std::size_t pending_send() const noexcept { return out_size_; }
  [[nodiscard]] bool tls_session_resumed() const noexcept { return resumed_; }
  [[nodiscard]] const char* tls_cipher() const noexcept { return cipher_; }
  [[nodiscard]] const char* tls_version() const noexcept { return version_; }
  [[nodiscard]] std::uint64_t last_receive_ns() const noexcept { return last_receive_ns_; }
  // Drops the saved TLS session so the next connect does a full handshake.
  void forget_tls_session() noexcept;

 private:
  enum class State : std::uint8_t { closed, connecting, tls_handshake, open };
  static int tls_recv(WOLFSSL* ssl, char* buf, int size, void* ctx);
  static int tls_send(WOLFSSL* ssl, char* buf, int size, void* ctx);
  static int poll_read(void* self) noexcept;

  void on_connect(std::uint64_t generation, const boost::system::error_code& ec) noexcept;
  void arm_read() noexcept;
  [[nodiscard]] std::span<std::uint8_t> read_space() noexcept;  // empty: no room (closed) or closed meanwhile
  void arm_write() noexcept;
  void on_read(std::uint64_t generation, const boost::system::error_code& ec, std::size_t n) noexcept;
  void on_writable(std::uint64_t generation) noexcept;
  void advance_tls() noexcept;   // handshake or decrypt what raw_in_ holds
  void deliver() noexcept;
  void established() noexcept;
  [[nodiscard]] bool send_raw(const std::uint8_t* data, std::size_t n) noexcept;
  void finish_shutdown() noexcept;

  StreamOptions options_;
  TlsContext* tls_;
  StreamListener listener_;
  // Declared before the socket: a wait still queued when the stream goes keeps its memory.
  HandlerMemory read_memory_;
  HandlerMemory write_memory_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer connect_timer_;
  PollSet& poll_set_;
  Pollable read_poll_;
  std::string host_;
  State state_ = State::closed;
  std::uint64_t generation_ = 0;  // stale completions of an earlier connection are ignored
  bool read_armed_ = false;
  bool write_armed_ = false;
  bool shutdown_requested_ = false;
  bool peer_eof_ = false;
  bool resumed_ = false;
  const char* cipher_ = "";
  const char* version_ = "";
  std::uint64_t last_receive_ns_ = 0;

  std::unique_ptr<std::uint8_t[]> in_;   // plaintext for the owner
  std::size_t in_size_ = 0;
  std::unique_ptr<std::uint8_t[]> raw_;  // ciphertext from the socket, for wolfSSL
  std::size_t raw_capacity_ = 0;
  std::size_t raw_begin_ = 0;
  std::size_t raw_end_ = 0;
  std::unique_ptr<std::uint8_t[]> out_;  // bytes waiting for the socket
  std::size_t out_begin_ = 0;
  std::size_t out_size_ = 0;

  WOLFSSL* ssl_ = nullptr;
  WOLFSSL_SESSION* session_ = nullptr;  // kept from the last connection for resumption
};

}  // namespace oex::transport
