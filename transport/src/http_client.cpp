#include "oex/transport/http_client.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "oex/core/clock.hpp"
#include "oex/transport/random.hpp"

namespace oex::transport {
namespace asio = boost::asio;
using boost::system::error_code;

std::string_view method_name(HttpMethod m) noexcept {
  switch (m) {
    case HttpMethod::get: return "GET";
    case HttpMethod::post: return "POST";
    case HttpMethod::put: return "PUT";
    case HttpMethod::del: return "DELETE";
    case HttpMethod::head: return "HEAD";
  }
  return "GET";
}

namespace {
StreamOptions sized_for_responses(const HttpConfig& config) {
  StreamOptions o = config.stream;
  // A response stays in the receive buffer until it is complete (headers are views into it);
  // chunk framing needs room beyond the body itself.
  const std::size_t need = config.limits.max_header_bytes + config.limits.max_body + config.limits.max_body / 4 + 64 * 1024;
  o.receive_buffer = std::max(o.receive_buffer, need);
  return o;
}

std::uint64_t jitter_seed() {
  SecureRandom r;
  return r.next_u64();
}
}  // namespace

HttpClient::HttpClient(asio::io_context& io, HttpConfig config, TlsContext* tls, HttpHandlers handlers,
                       std::uint16_t connection_index)
    : config_(std::move(config)),
      handlers_(handlers),
      stream_(io, sized_for_responses(config_), tls,
              StreamListener{this, &HttpClient::stream_connected, &HttpClient::stream_data, &HttpClient::stream_closed}),
      parser_(config_.limits),
      backoff_(config_.reconnect, jitter_seed()),
      timeout_timer_(io),
      reconnect_timer_(io),
      pending_(std::make_unique<Pending[]>(std::max<std::size_t>(config_.max_in_flight, 1))),
      request_(std::make_unique<char[]>(config_.max_request)),
      next_id_((static_cast<RequestId>(connection_index) << 48) | 1) {}

HttpClient::~HttpClient() {
  stop_requested_ = true;
  handlers_ = {};
  stream_.close(DisconnectReason::local_close);
}

void HttpClient::stream_connected(void* self) {
  auto* c = static_cast<HttpClient*>(self);
  ++c->connects_;
  c->backoff_.reset();
  if (c->handlers_.on_connected) c->handlers_.on_connected();
}
std::size_t HttpClient::stream_data(void* self, std::span<std::uint8_t> bytes) {
  return static_cast<HttpClient*>(self)->on_data(bytes);
}
void HttpClient::stream_closed(void* self, DisconnectReason reason) { static_cast<HttpClient*>(self)->on_closed(reason); }

void HttpClient::start() {
  stop_requested_ = false;
  backoff_.reset();
  connect_now();
}

void HttpClient::connect_now() {
  ++generation_;
  pending_reason_ = DisconnectReason::none;
  pending_error_ = TransportError::ok;
  parser_.reset();
  head_ = count_ = 0;
  stream_.connect(config_.endpoint);
}

void HttpClient::stop() noexcept {
  stop_requested_ = true;
  reconnect_timer_.cancel();
  if (!stream_.is_closed()) stream_.close(DisconnectReason::local_close);
}

Result<RequestId, TransportError> HttpClient::request(HttpMethod method, std::string_view target,
                                                      std::string_view headers,
                                                      std::span<const std::uint8_t> body) noexcept {
  if (!stream_.is_open()) return TransportError::not_connected;
  if (count_ == config_.max_in_flight) return TransportError::buffer_full;
  char* out = request_.get();
  const std::size_t cap = config_.max_request;
  std::size_t pos = 0;
  bool fits = true;
  auto put = [&](std::string_view s) {
    if (!fits || cap - pos < s.size()) {
      fits = false;
      return;
    }
    if (!s.empty()) std::memcpy(out + pos, s.data(), s.size());
    pos += s.size();
  };
  char digits[24];
  put(method_name(method));
  put(" ");
  put(target);
  put(" HTTP/1.1\r\nHost: ");
  put(config_.endpoint.host);
  if (config_.endpoint.port != 80 && config_.endpoint.port != 443) {
    const auto r = std::to_chars(digits, digits + sizeof digits, config_.endpoint.port);
    put(":");
    put({digits, static_cast<std::size_t>(r.ptr - digits)});
  }
  put("\r\n");
  put(config_.default_headers);
  put(headers);
  if (!body.empty() || method == HttpMethod::post || method == HttpMethod::put) {
    const auto r = std::to_chars(digits, digits + sizeof digits, body.size());
    put("Content-Length: ");
    put({digits, static_cast<std::size_t>(r.ptr - digits)});
    put("\r\n");
  }
  put("\r\n");
  put({reinterpret_cast<const char*>(body.data()), body.size()});
  if (!fits) return TransportError::buffer_full;
  if (const TransportError e = stream_.write({reinterpret_cast<const std::uint8_t*>(out), pos}); e != TransportError::ok)
    return e;
  const RequestId id = next_id_++;
  const auto timeout = static_cast<std::uint64_t>(std::chrono::nanoseconds(config_.request_timeout).count());
  pending_[(head_ + count_) % config_.max_in_flight] = Pending{id, monotonic_ns() + timeout, method == HttpMethod::head};
  ++count_;
  arm_timeout_check();
  return id;
}

void HttpClient::arm_timeout_check() noexcept {
  if (timer_armed_ || count_ == 0) return;
  timer_armed_ = true;
  // Checked at an eighth of the timeout: a request fails between 1 and 1.125 timeouts late.
  const auto period = std::max<std::chrono::nanoseconds>(std::chrono::nanoseconds(config_.request_timeout) / 8,
                                                         std::chrono::milliseconds(1));
  const std::uint64_t generation = generation_;
  timeout_timer_.expires_after(period);
  timeout_timer_.async_wait(timeout_memory_.bind([this, generation](const error_code& ec) {
    if (ec) return;
    timer_armed_ = false;
    if (generation != generation_ || count_ == 0) return;
    if (monotonic_ns() >= pending_[head_].deadline_ns) {
      fail_connection(DisconnectReason::request_timeout, TransportError::ok);
      return;
    }
    arm_timeout_check();
  }));
}

std::size_t HttpClient::on_data(std::span<std::uint8_t> bytes) noexcept {
  const std::uint64_t generation = generation_;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (count_ == 0) {  // an answer to nothing: the stream cannot be trusted any more
      fail_connection(DisconnectReason::protocol_error, TransportError::http_bad_status_line);
      return bytes.size();
    }
    parser_.expect_no_body(pending_[head_].head);
    const auto progress = parser_.parse(bytes.data() + pos, bytes.size() - pos);
    if (progress.error == TransportError::need_more) break;
    if (progress.error != TransportError::ok) {
      fail_connection(DisconnectReason::protocol_error, progress.error);
      return bytes.size();
    }
    const RequestId id = pending_[head_].id;
    head_ = (head_ + 1) % config_.max_in_flight;
    --count_;
    const HttpResponse& response = parser_.response();
    const bool keep_alive = response.keep_alive;
    if (handlers_.on_response) handlers_.on_response(id, response);
    if (generation != generation_) return bytes.size();
    parser_.reset();
    pos += progress.consumed;
    if (!keep_alive) {
      fail_connection(DisconnectReason::peer_closed, TransportError::ok);
      return bytes.size();
    }
  }
  return pos;
}

void HttpClient::fail_connection(DisconnectReason reason, TransportError error) noexcept {
  pending_reason_ = reason;
  pending_error_ = error;
  stream_.close(reason);
}

void HttpClient::on_closed(DisconnectReason reason) noexcept {
  // A body delimited by the end of the connection is complete now.
  if (pending_reason_ == DisconnectReason::none && reason == DisconnectReason::peer_closed && count_ > 0 &&
      stream_.buffered() > 0) {
    const std::span<std::uint8_t> rest = stream_.unconsumed();
    if (parser_.finish_at_eof(rest.data(), rest.size()).error == TransportError::ok) {
      const RequestId id = pending_[head_].id;
      head_ = (head_ + 1) % config_.max_in_flight;
      --count_;
      if (handlers_.on_response) handlers_.on_response(id, parser_.response());
      parser_.reset();
      reason = DisconnectReason::peer_closed;
      pending_reason_ = DisconnectReason::peer_closed;  // nothing was cut
    }
  }
  if (pending_reason_ != DisconnectReason::none) {
    reason = pending_reason_;
  } else if (reason == DisconnectReason::peer_closed && (stream_.buffered() > 0 || count_ > 0)) {
    reason = stream_.buffered() > 0 ? DisconnectReason::peer_closed_mid_message : DisconnectReason::peer_closed;
  }
  const TransportError error = pending_error_;
  const std::uint64_t generation = ++generation_;
  timeout_timer_.cancel();
  timer_armed_ = false;
  last_reason_ = reason;
  last_error_ = error;
  while (count_ > 0) {
    const RequestId id = pending_[head_].id;
    head_ = (head_ + 1) % config_.max_in_flight;
    --count_;
    if (handlers_.on_request_failed) handlers_.on_request_failed(id, reason, error);
  }
  head_ = 0;
  if (handlers_.on_disconnect) handlers_.on_disconnect(reason, error);
  if (generation != generation_ || stop_requested_ || !config_.reconnect.enabled || !stream_.is_closed()) return;
  reconnect_timer_.expires_after(backoff_.next());
  reconnect_timer_.async_wait([this, generation](const error_code& ec) {
    if (ec) return;
    if (generation != generation_ || stop_requested_ || !stream_.is_closed()) return;
    connect_now();
  });
}

HttpPool::HttpPool(asio::io_context& io, const HttpConfig& config, TlsContext* tls, HttpHandlers handlers,
                   std::size_t connections) {
  clients_.reserve(connections);
  for (std::size_t i = 0; i < connections; ++i)
    clients_.push_back(std::make_unique<HttpClient>(io, config, tls, handlers, static_cast<std::uint16_t>(i)));
}

void HttpPool::start() {
  for (auto& c : clients_) c->start();
}

void HttpPool::stop() noexcept {
  for (auto& c : clients_) c->stop();
}

std::size_t HttpPool::open_connections() const noexcept {
  return static_cast<std::size_t>(std::count_if(clients_.begin(), clients_.end(), [](const auto& c) { return c->is_open(); }));
}

Result<RequestId, TransportError> HttpPool::request(HttpMethod method, std::string_view target,
                                                    std::string_view headers,
                                                    std::span<const std::uint8_t> body) noexcept {
  HttpClient* best = nullptr;
  for (auto& c : clients_)
    if (c->is_open() && (best == nullptr || c->in_flight() < best->in_flight())) best = c.get();
  if (best == nullptr) return TransportError::not_connected;
  return best->request(method, target, headers, body);
}

}  // namespace oex::transport
