#pragma once
// An HTTP/1.1 client on one keep-alive connection: several requests in flight (pipelining),
// answers matched to requests in order, Content-Length and chunked bodies, headers as views,
// a per-request timeout and a bounded body. HttpPool spreads requests over a few connections.
// After start() a request and its answer allocate nothing.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oex/core/handler_memory.hpp"
#include "oex/core/result.hpp"
#include "oex/transport/backoff.hpp"
#include "oex/transport/error.hpp"
#include "oex/transport/function_ref.hpp"
#include "oex/transport/http_response_parser.hpp"
#include "oex/transport/stream.hpp"

namespace oex::transport {

struct HttpConfig {
  Endpoint endpoint;
  StreamOptions stream;  // receive_buffer is raised to hold the largest response
  HttpLimits limits;
  std::size_t max_in_flight = 16;
  std::size_t max_request = 64 * 1024;  // request line + headers + body
  std::chrono::milliseconds request_timeout{5'000};
  std::string default_headers;  // "Name: value\r\n" lines sent with every request
  ReconnectPolicy reconnect;
};

enum class HttpMethod : std::uint8_t { get, post, put, del, head };
[[nodiscard]] std::string_view method_name(HttpMethod m) noexcept;

using RequestId = std::uint64_t;

struct HttpHandlers {
  FunctionRef<void()> on_connected;
  FunctionRef<void(RequestId, const HttpResponse&)> on_response;
  // A request that will get no answer on this connection, and why.
  FunctionRef<void(RequestId, DisconnectReason, TransportError)> on_request_failed;
  FunctionRef<void(DisconnectReason, TransportError)> on_disconnect;
};

class HttpClient {
 public:
  // Request ids carry `connection_index` in their top 16 bits, so ids from a pool never collide.
  HttpClient(boost::asio::io_context& io, HttpConfig config, TlsContext* tls, HttpHandlers handlers,
             std::uint16_t connection_index = 0);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void start();
  void stop() noexcept;

  // Sends a request; its answer comes through on_response with the same id. `headers` are
  // complete "Name: value\r\n" lines. not_connected, buffer_full (too many in flight, or the
  // request does not fit max_request).
  [[nodiscard]] Result<RequestId, TransportError> request(HttpMethod method, std::string_view target,
                                                         std::string_view headers = {},
                                                         std::span<const std::uint8_t> body = {}) noexcept;

  [[nodiscard]] bool is_open() const noexcept { return stream_.is_open(); }
  [[nodiscard]] std::size_t in_flight() const noexcept { return count_; }
  [[nodiscard]] DisconnectReason last_reason() const noexcept { return last_reason_; }
  [[nodiscard]] TransportError last_error() const noexcept { return last_error_; }
  [[nodiscard]] const Stream& stream() const noexcept { return stream_; }
  [[nodiscard]] Stream& stream() noexcept { return stream_; }
  [[nodiscard]] unsigned connects() const noexcept { return connects_; }

 private:
  struct Pending {
    RequestId id = 0;
    std::uint64_t deadline_ns = 0;
    bool head = false;
  };
  static void stream_connected(void* self);
  static std::size_t stream_data(void* self, std::span<std::uint8_t> bytes);
  static void stream_closed(void* self, DisconnectReason reason);
  std::size_t on_data(std::span<std::uint8_t> bytes) noexcept;
  void on_closed(DisconnectReason reason) noexcept;
  void fail_connection(DisconnectReason reason, TransportError error) noexcept;
  void arm_timeout_check() noexcept;
  void connect_now();

  HttpConfig config_;
  HttpHandlers handlers_;
  Stream stream_;
  HttpResponseParser parser_;
  Backoff backoff_;
  HandlerMemory timeout_memory_;  // before its timer, which may leave a wait queued as it goes
  boost::asio::steady_timer timeout_timer_;
  boost::asio::steady_timer reconnect_timer_;
  std::unique_ptr<Pending[]> pending_;  // ring of requests in flight, oldest first
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::unique_ptr<char[]> request_;
  RequestId next_id_;
  std::uint64_t generation_ = 0;
  bool timer_armed_ = false;
  bool stop_requested_ = false;
  unsigned connects_ = 0;
  DisconnectReason pending_reason_ = DisconnectReason::none;
  TransportError pending_error_ = TransportError::ok;
  DisconnectReason last_reason_ = DisconnectReason::none;
  TransportError last_error_ = TransportError::ok;
};

// A small pool of connections to one REST venue: each request goes to the open connection with
// the fewest requests in flight.
class HttpPool {
 public:
  HttpPool(boost::asio::io_context& io, const HttpConfig& config, TlsContext* tls, HttpHandlers handlers,
           std::size_t connections);
  void start();
  void stop() noexcept;
  [[nodiscard]] Result<RequestId, TransportError> request(HttpMethod method, std::string_view target,
                                                         std::string_view headers = {},
                                                         std::span<const std::uint8_t> body = {}) noexcept;
  [[nodiscard]] std::size_t open_connections() const noexcept;
  [[nodiscard]] HttpClient& connection(std::size_t i) noexcept { return *clients_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return clients_.size(); }

 private:
  std::vector<std::unique_ptr<HttpClient>> clients_;
};

}  // namespace oex::transport
