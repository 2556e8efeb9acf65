#include "oex/engine/deflow_session.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/core/clock.hpp"

namespace oex::engine {
namespace {

using codecs::CodecError;
namespace deflow = codecs::deflow;
using namespace std::chrono_literals;

constexpr std::size_t kOutCapacity = 16 * 1024;
constexpr std::size_t kListedCapacity = 4096;  // open orders one answer can list
constexpr std::size_t kQueryCapacity = 4097;   // reconciliation queries: lists plus unknown orders
constexpr auto kRetryDelay = 200ms;            // a reconciliation step that could not go out yet
constexpr auto kDepthInterval = 1000ms;        // one market's book a second, in turn
constexpr std::uint64_t kRateWindowNs = 1'100'000'000;  // one second plus a margin for the wire
constexpr std::string_view kTooManyRequests = "100001";

std::uint64_t hash_id(std::string_view id) noexcept {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

transport::HttpMethod method_of(std::string_view m) noexcept {
  if (m == "POST") return transport::HttpMethod::post;
  if (m == "DELETE") return transport::HttpMethod::del;
  if (m == "PUT") return transport::HttpMethod::put;
  return transport::HttpMethod::get;
}

// Copies `text` when it fits (ids and symbols of the venue always do; a longer one stays empty).
template <std::size_t N>
void assign(InlineString<N>& out, std::string_view text) noexcept {
  auto copy = InlineString<N>::from(text);
  out = copy.ok() ? *copy : InlineString<N>{};
}

std::int64_t now_ms() noexcept { return static_cast<std::int64_t>(wall_clock_ms()); }

}  // namespace

// ------------------------------------------------------------------ rate window

bool DeflowSession::RateWindow::allows(std::uint64_t now_ns, std::uint32_t reserve) const noexcept {
  // Allowed when fewer than (limit - reserve) requests went out in the last window.
  const std::size_t k = kRequestsPerSecond - reserve;
  if (count_ < k) return true;
  const std::size_t index = (next_ + sent_.size() - k) % sent_.size();
  return now_ns - sent_[index] >= kRateWindowNs;
}

void DeflowSession::RateWindow::record(std::uint64_t now_ns) noexcept {
  sent_[next_] = now_ns;
  next_ = (next_ + 1) % sent_.size();
  if (count_ < sent_.size()) ++count_;
}

// ------------------------------------------------------------------ construction

DeflowSession::DeflowSession(SessionHost& host, const SessionSettings& settings)
    : host_(host),
      venue_(settings.venue),
      io_(settings.io),
      poll_interval_(settings.poll_interval),
      api_key_(settings.venue.api_key.reveal()),
      secret_key_(settings.venue.secret.reveal()),
      encoder_(api_key_, secret_key_),
      rest_decoder_(),
      out_(std::make_unique<char[]>(kOutCapacity)),
      out_capacity_(kOutCapacity),
      pending_(std::make_unique<PendingRequest[]>(settings.max_pending_requests)),
      pending_capacity_(settings.max_pending_requests),
      listed_(std::make_unique<std::uint64_t[]>(kListedCapacity)),
      listed_capacity_(kListedCapacity),
      queries_(std::make_unique<oms::VenueQuery[]>(kQueryCapacity)),
      queries_capacity_(kQueryCapacity),
      poll_timer_(settings.io),
      depth_timer_(settings.io),
      retry_timer_(settings.io) {
  if (!venue_.rest) throw std::runtime_error("venues.deflow.rest: required (Deflow is REST only)");
  if (api_key_.empty()) throw std::runtime_error("venues.deflow.credentials.api_key: empty");
  if (venue_.secret.empty() || secret_key_.empty()) {
    throw std::runtime_error("venues.deflow.credentials.secret: empty or longer than 128 characters");
  }
  if (pending_capacity_ == 0) throw std::runtime_error("venues.deflow: max_pending_requests must be positive");
  const bool tls = venue_.rest->tls();
  if (tls && settings.tls == nullptr) throw std::runtime_error("venues.deflow.ca_file: TLS endpoints need a TLS context");
  std::string_view base = venue_.rest->path;
  if (base.size() >= 3 && base.substr(base.size() - 3) == "/v1") base.remove_suffix(3);
  path_prefix_ = std::string(base);
  for (const Instrument& i : venue_.instruments) {
    const auto id = host_.orders().symbols().find(i.symbol);
    if (!id) throw std::runtime_error("venues.deflow.instruments: " + i.symbol + " is not in the symbol table");
    symbols_.push_back(i.symbol);
    symbol_ids_.push_back(*id);
  }

  transport::HttpConfig http;
  http.endpoint = transport::Endpoint{venue_.rest->host, {}, venue_.rest->port};
  if (!transport::resolve_endpoint(http.endpoint)) {
    throw std::runtime_error("venues.deflow.rest: cannot resolve " + venue_.rest->host);
  }
  // One keep-alive connection with pipelining: answers come back in request order, and the
  // transport keeps one timeout timer in flight rather than one per connection.
  http.max_in_flight = 32;
  // The transport re-arms its timeout check every eighth of this while requests are in flight,
  // and each re-arm takes handler memory from asio's small per-thread cache, which other waits
  // may have taken: a long timeout keeps that (rare) allocation out of the steady state.
  http.request_timeout = 30s;
  http_ = std::make_unique<transport::HttpPool>(
      io_, http, tls ? settings.tls : nullptr,
      transport::HttpHandlers{http_connected_, http_response_, http_failed_, http_disconnect_}, 1);
}

DeflowSession::~DeflowSession() { stop(); }

Connections DeflowSession::connections() const noexcept {
  Connections c;
  c.add(http_->open_connections(), http_->size());
  return c;
}

void DeflowSession::start() {
  if (!stopped_) return;
  stopped_ = false;
  set_state(VenueState::connecting);
  http_->start();
  arm_depth();
}

void DeflowSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  ++round_;
  poll_timer_.cancel();
  depth_timer_.cancel();
  retry_timer_.cancel();
  http_->stop();
  set_state(VenueState::stopped);
}

void DeflowSession::set_state(VenueState s) noexcept {
  if (state_ == s) return;
  state_ = s;
  host_.set_state(Venue::deflow, s);
}

// ------------------------------------------------------------------ REST plumbing

DeflowSession::PendingRequest* DeflowSession::allocate_request() noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (!pending_[i].used) {
      pending_[i] = PendingRequest{};
      pending_[i].used = true;
      return &pending_[i];
    }
  }
  return nullptr;
}

DeflowSession::PendingRequest* DeflowSession::find_request(transport::RequestId id) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].id == id) return &pending_[i];
  }
  return nullptr;
}

DeflowSession::PendingRequest* DeflowSession::find_new_order(oms::OrderHandle order) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].order == order &&
        (pending_[i].kind == RequestKind::new_order || pending_[i].kind == RequestKind::ack_info)) {
      return &pending_[i];
    }
  }
  return nullptr;
}

bool DeflowSession::order_query_outstanding(oms::OrderHandle handle) const noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    const PendingRequest& p = pending_[i];
    if (p.used && p.order == handle && (p.kind == RequestKind::poll_order || p.kind == RequestKind::reconcile_order)) {
      return true;
    }
  }
  return false;
}

std::size_t DeflowSession::outstanding(RequestKind kind) const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < pending_capacity_; ++i) n += pending_[i].used && pending_[i].kind == kind ? 1 : 0;
  return n;
}

SendError DeflowSession::send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                   PendingRequest& pending) noexcept {
  host_.record(Venue::deflow, Stage::encode, host_.now_ns() - encode_start);
  std::string_view target = request.target;
  if (!path_prefix_.empty()) {
    codecs::BufferWriter t(target_.data(), target_.size());
    t.put(path_prefix_).put(request.target);
    if (!t.ok()) {
      release(pending);
      return SendError::encode_failed;
    }
    target = t.view();
  }
  codecs::BufferWriter h(headers_.data(), headers_.size());
  if (!request.content_type.empty()) h.put("Content-Type: ").put(request.content_type).put("\r\n");
  for (const codecs::Header& header : request.headers()) h.put(header.name).put(": ").put(header.value).put("\r\n");
  if (!h.ok()) {
    release(pending);
    return SendError::encode_failed;
  }
  codecs::BufferWriter line(pending.request_line.data(), pending.request_line.size());
  line.put(request.method).put(' ').put(target);
  pending.request_line_size = line.size();  // a query string too long for the record is cut
  const std::uint64_t send_start = host_.now_ns();
  const auto body = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(request.body.data()),
                                                  request.body.size());
  const auto sent = http_->request(method_of(request.method), target, h.view(), body);
  const std::uint64_t now = host_.now_ns();
  host_.record(Venue::deflow, Stage::send, now - send_start);
  if (!sent) {
    release(pending);
    return SendError::transport_failed;
  }
  pending.id = *sent;
  rate_.record(now);
  host_.message_out(Venue::deflow, capture::Channel::http, request.body, pending.line());
  host_.request_sent(Venue::deflow);
  return SendError::ok;
}

SendError DeflowSession::send_info(RequestKind kind, oms::OrderHandle order, std::string_view venue_order_id,
                                   std::string_view symbol) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const auto request = encoder_.order_info(symbol, venue_order_id, now_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = kind;
  pending->order = order;
  pending->round = round_;
  assign(pending->venue_order_id, venue_order_id);
  assign(pending->symbol, symbol);
  ++counters_.order_queries;
  return send_rest(*request, start, *pending);
}

SendError DeflowSession::send_open_orders(RequestKind kind, std::string_view symbol) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const auto request = encoder_.open_orders(symbol, deflow::Page{}, now_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = kind;
  pending->round = round_;
  assign(pending->symbol, symbol);
  return send_rest(*request, start, *pending);
}

SendError DeflowSession::send_cancel_by_id(oms::OrderHandle order, std::string_view venue_order_id,
                                           std::string_view client_order_id, std::string_view symbol) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const auto request = encoder_.cancel_order(symbol, venue_order_id, now_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = RequestKind::cancel;
  pending->order = order;
  assign(pending->venue_order_id, venue_order_id);
  assign(pending->client_order_id, client_order_id);
  assign(pending->symbol, symbol);
  return send_rest(*request, start, *pending);
}

// ------------------------------------------------------------------ REST events

void DeflowSession::on_http_connected() noexcept {
  if (stopped_) return;
  if (state_ == VenueState::connecting || state_ == VenueState::authenticating) begin_reconciliation();
}

void DeflowSession::on_http_disconnect(transport::DisconnectReason, transport::TransportError) noexcept {
  if (stopped_ || connected() || state_ == VenueState::connecting) return;
  ++round_;
  set_state(VenueState::connecting);
}

void DeflowSession::on_http_failed(transport::RequestId id, transport::DisconnectReason, transport::TransportError) noexcept {
  PendingRequest* p = find_request(id);
  if (p == nullptr) return;
  const PendingRequest request = *p;
  release(*p);
  ++counters_.failed_requests;
  switch (request.kind) {
    case RequestKind::new_order:
      if (new_orders_in_flight_ > 0) --new_orders_in_flight_;
      audit_needed_ = true;  // the venue may or may not have taken it: ask
      break;
    case RequestKind::ack_info: deliver_ack(request); break;
    case RequestKind::cancel: audit_needed_ = true; break;
    case RequestKind::reconcile_open_orders: on_reconcile_open_orders(request, CodecError::ok, true); break;
    case RequestKind::reconcile_order: on_reconcile_order(request, true); break;
    case RequestKind::poll_open_orders:
    case RequestKind::poll_order:
    case RequestKind::depth: break;
  }
}

void DeflowSession::on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  PendingRequest* p = find_request(id);
  if (p == nullptr) return;
  const PendingRequest request = *p;
  release(*p);
  InboundMessage message(host_, Venue::deflow, capture::Channel::http, response.body_text(), false, request.line(),
                         static_cast<std::uint16_t>(response.status));
  on_answer(request, response);
}

void DeflowSession::on_answer(const PendingRequest& request, const transport::HttpResponse& response) noexcept {
  const std::string_view body = response.body_text();
  const int status = response.status;
  bool retry = false;  // the venue said "too many requests" (or answered with no envelope)
  const bool listing = request.kind == RequestKind::poll_open_orders || request.kind == RequestKind::reconcile_open_orders;
  const bool new_order = request.kind == RequestKind::new_order;
  // Deflow names no client id: an order listed before its own acknowledgement is back cannot be
  // told from another participant's, and booking it as external would leave ours pending for
  // ever (the acknowledgement's venue id would be taken). While acknowledgements are due, orders
  // the core does not know, and their trades, wait for the next answer.
  const bool acknowledgements_due = new_orders_in_flight_ > 0;
  std::string_view held_order;
  auto sink = [&](const auto& e) {
    using E = std::decay_t<decltype(e)>;
    if constexpr (std::is_same_v<E, OrderUpdate>) {
      if (listing) {
        if (listed_count_ < listed_capacity_) {
          listed_[listed_count_++] = hash_id(e.order_id);
        } else {
          listed_overflow_ = true;
        }
      }
      if (acknowledgements_due && host_.orders().find_by_venue_id(Venue::deflow, e.order_id) == oms::kNoOrder) {
        held_order = e.order_id;
        ++counters_.held_until_acknowledged;
        return;
      }
      held_order = {};
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, NewOrderAck>) {
      NewOrderAck ack = e;  // Deflow's answer names only its own id: ours is the request's
      ack.client_order_id = request.client_order_id.view();
      // The answer says nothing of fills: a crossing order may already be done. Its state is read
      // first and the acknowledgement goes out with it (a cancel asked meanwhile waits as well).
      if (new_order && !ack.order_id.empty() && ack_with_info(request, ack.order_id)) return;
      host_.deliver(ack);
      if (new_order && request.cancel_after_ack && !ack.order_id.empty()) {
        ++counters_.deferred_cancels;
        if (send_cancel_by_id(request.order, ack.order_id, request.client_order_id.view(), request.symbol.view()) !=
            SendError::ok) {
          host_.deliver(CancelReject{Venue::deflow, request.symbol.view(), ack.order_id,
                                     request.client_order_id.view(), "not_sent", {}});
        }
      }
    } else if constexpr (std::is_same_v<E, NewOrderReject>) {
      ++counters_.venue_errors;
      NewOrderReject reject = e;
      reject.client_order_id = request.client_order_id.view();
      host_.deliver(reject);
    } else if constexpr (std::is_same_v<E, CancelReject>) {
      ++counters_.venue_errors;
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, VenueError>) {
      ++counters_.venue_errors;
      if (e.code == kTooManyRequests) rate_.fill(host_.now_ns());
      if (e.code == kTooManyRequests || e.code == "http_error") retry = true;
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, BookUpdate>) {
      (void)host_.deliver(e);  // a refused book is replaced by the next poll's snapshot
    } else if constexpr (std::is_same_v<E, Fill>) {
      if (held_order.empty() || e.order_id != held_order) host_.deliver(e);
    } else if constexpr (std::is_same_v<E, CancelAck> || std::is_same_v<E, Balance> ||
                         std::is_same_v<E, Ticker> || std::is_same_v<E, PublicTrade>) {
      host_.deliver(e);
    }
    // Candles and symbol lists are not asked for.
  };
  const deflow::RequestRef ref{request.symbol.view(), request.venue_order_id.view()};
  CodecError e = CodecError::ok;
  switch (request.kind) {
    case RequestKind::new_order:
      e = rest_decoder_.decode(deflow::Endpoint::create_order, status, body, sink, ref);
      if (new_orders_in_flight_ > 0) --new_orders_in_flight_;
      if (e != CodecError::ok && e != CodecError::venue_error) audit_needed_ = true;  // unreadable: ask
      break;
    case RequestKind::cancel:
      e = rest_decoder_.decode(deflow::Endpoint::cancel_order, status, body, sink, ref);
      if (e != CodecError::ok && e != CodecError::venue_error) audit_needed_ = true;
      // A cancelled order is no longer polled: one /v1/order/info reads the trades it made since
      // the last poll.
      if (e == CodecError::ok && request.order != oms::kNoOrder && !order_query_outstanding(request.order)) {
        if (must_wait()) {
          (void)defer(RequestKind::poll_order, request.order);
        } else {
          (void)send_info(RequestKind::poll_order, request.order, request.venue_order_id.view(), request.symbol.view());
        }
      }
      break;
    case RequestKind::poll_open_orders:
    case RequestKind::reconcile_open_orders:
      listed_count_ = 0;
      listed_overflow_ = false;
      e = rest_decoder_.decode(deflow::Endpoint::open_orders, status, body, sink, ref);
      break;
    case RequestKind::poll_order:
    case RequestKind::reconcile_order:
      e = rest_decoder_.decode(deflow::Endpoint::order_info, status, body, sink, ref);
      break;
    case RequestKind::ack_info:
      deliver_ack(request);
      e = rest_decoder_.decode(deflow::Endpoint::order_info, status, body, sink, ref);
      break;
    case RequestKind::depth: e = rest_decoder_.decode(deflow::Endpoint::depth, status, body, sink, ref); break;
  }
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
  const bool failed = e != CodecError::ok;
  switch (request.kind) {
    case RequestKind::poll_open_orders: on_poll_answered(request, e); break;
    case RequestKind::reconcile_open_orders: on_reconcile_open_orders(request, e, failed); break;
    case RequestKind::reconcile_order: on_reconcile_order(request, retry || (failed && e != CodecError::venue_error)); break;
    default: break;
  }
}

bool DeflowSession::ack_with_info(const PendingRequest& request, std::string_view order_id) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return false;
  const std::uint64_t start = host_.now_ns();
  const auto info = encoder_.order_info(request.symbol.view(), order_id, now_ms(), {out_.get(), out_capacity_});
  if (!info) {
    release(*pending);
    return false;
  }
  pending->kind = RequestKind::ack_info;
  pending->order = request.order;
  pending->client_order_id = request.client_order_id;
  pending->cancel_after_ack = request.cancel_after_ack;
  assign(pending->venue_order_id, order_id);
  assign(pending->symbol, request.symbol.view());
  if (send_rest(*info, start, *pending) != SendError::ok) return false;
  ++new_orders_in_flight_;  // still awaiting its acknowledgement
  return true;
}

void DeflowSession::deliver_ack(const PendingRequest& request) noexcept {
  if (new_orders_in_flight_ > 0) --new_orders_in_flight_;
  host_.deliver(NewOrderAck{Venue::deflow, request.symbol.view(), request.venue_order_id.view(),
                            request.client_order_id.view(), std::nullopt, std::nullopt});
  if (request.cancel_after_ack &&
      send_cancel_by_id(request.order, request.venue_order_id.view(), request.client_order_id.view(),
                        request.symbol.view()) != SendError::ok) {
    host_.deliver(CancelReject{Venue::deflow, request.symbol.view(), request.venue_order_id.view(),
                               request.client_order_id.view(), "not_sent", {}});
  }
  if (request.cancel_after_ack) ++counters_.deferred_cancels;
}

// ------------------------------------------------------------------ polling

bool DeflowSession::has_open_orders(SymbolId symbol) const noexcept {
  return host_.orders().exposure(Venue::deflow, symbol).open_orders > 0;
}

void DeflowSession::arm_poll() noexcept {
  if (poll_armed_ || stopped_) return;
  poll_armed_ = true;
  poll_timer_.expires_after(poll_interval_);
  poll_timer_.async_wait(poll_memory_.bind([this](const boost::system::error_code& ec) {
    poll_armed_ = false;
    if (ec) return;
    on_poll_timer();
  }));
}

void DeflowSession::on_poll_timer() noexcept {
  if (stopped_ || state_ != VenueState::ready) return;  // reconciliation re-arms the poll when it ends
  flush_deferred();  // order requests first: polls take only what the window leaves
  if (audit_needed_ && new_orders_in_flight_ == 0) {
    (void)host_.orders().on_disconnect(Venue::deflow);
    begin_reconciliation();
    return;
  }
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    if (!has_open_orders(symbol_ids_[i])) continue;  // nothing of ours to follow there
    bool in_flight = false;
    for (std::size_t k = 0; k < pending_capacity_; ++k) {
      const PendingRequest& p = pending_[k];
      in_flight = in_flight || (p.used && p.kind == RequestKind::poll_open_orders && p.symbol == symbols_[i]);
    }
    if (in_flight) continue;
    if (!rate_.allows(host_.now_ns(), kOrderReserve)) {
      ++counters_.throttled_polls;
      continue;
    }
    (void)send_open_orders(RequestKind::poll_open_orders, symbols_[i]);
  }
  arm_poll();
}

void DeflowSession::on_poll_answered(const PendingRequest& request, CodecError error) noexcept {
  ++counters_.polls;
  if (error != CodecError::ok || listed_overflow_ || state_ != VenueState::ready) return;
  const auto symbol = host_.orders().symbols().find(request.symbol.view());
  if (!symbol) return;
  std::sort(listed_.get(), listed_.get() + listed_count_);
  const std::uint64_t now = host_.now_ns();
  // Orders of ours the market no longer lists ended there: ask how.
  host_.orders().for_each_open(Venue::deflow, *symbol, [&](oms::OrderHandle h, const oms::Order& o) {
    if (o.state == OrderState::pending_new || o.state == OrderState::unknown || o.venue_order_id.empty()) return;
    if (std::binary_search(listed_.get(), listed_.get() + listed_count_, hash_id(o.venue_order_id.view()))) return;
    if (order_query_outstanding(h)) return;
    if (!rate_.allows(now, kOrderReserve)) {
      ++counters_.throttled_polls;
      return;
    }
    (void)send_info(RequestKind::poll_order, h, o.venue_order_id.view(), request.symbol.view());
  });
}

void DeflowSession::arm_depth() noexcept {
  if (depth_armed_ || stopped_ || symbols_.empty()) return;
  depth_armed_ = true;
  depth_timer_.expires_after(kDepthInterval);
  depth_timer_.async_wait(depth_memory_.bind([this](const boost::system::error_code& ec) {
    depth_armed_ = false;
    if (ec) return;
    on_depth_timer();
  }));
}

void DeflowSession::on_depth_timer() noexcept {
  if (stopped_) return;
  if ((state_ == VenueState::ready || state_ == VenueState::reconciling) && outstanding(RequestKind::depth) == 0 &&
      rate_.allows(host_.now_ns(), kOrderReserve)) {
    const std::string& symbol = symbols_[depth_next_++ % symbols_.size()];
    if (PendingRequest* pending = allocate_request()) {
      const std::uint64_t start = host_.now_ns();
      const auto request = encoder_.depth(symbol, deflow::DepthStep::step0, {out_.get(), out_capacity_});
      if (request) {
        pending->kind = RequestKind::depth;
        assign(pending->symbol, symbol);
        (void)send_rest(*request, start, *pending);
      } else {
        release(*pending);
      }
    }
  }
  arm_depth();
}

// ------------------------------------------------------------------ reconciliation

void DeflowSession::begin_reconciliation() noexcept {
  if (stopped_ || !connected()) return;
  ++round_;
  open_orders_done_ = false;
  audit_needed_ = false;
  lists_outstanding_ = 0;
  set_state(VenueState::reconciling);
  // A new order still awaiting its answer would be missing from the lists and taken for dead:
  // wait for the answers first.
  if (new_orders_in_flight_ > 0) {
    retry_reconciliation_later();
    return;
  }
  send_reconciliation_lists();
}

void DeflowSession::send_reconciliation_lists() noexcept {
  const std::size_t n = host_.orders().reconciliation_queries(Venue::deflow, {queries_.get(), queries_capacity_});
  const SymbolTable& symbols = host_.orders().symbols();
  lists_outstanding_ = 0;
  lists_failed_ = false;
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    const oms::VenueQuery& q = queries_[i];
    if (q.kind != oms::QueryKind::open_orders) continue;
    any = true;
    if (send_open_orders(RequestKind::reconcile_open_orders, symbols.text(q.symbol)) == SendError::ok) {
      ++lists_outstanding_;
    } else {
      lists_failed_ = true;
    }
  }
  // Nothing unknown: one market's list still proves the keys work before the venue is ready.
  if (!any && !symbols_.empty()) {
    if (send_open_orders(RequestKind::reconcile_open_orders, symbols_.front()) == SendError::ok) {
      ++lists_outstanding_;
    } else {
      lists_failed_ = true;
    }
  }
  if (lists_outstanding_ == 0) {
    if (lists_failed_) {
      retry_reconciliation_later();
    } else {
      host_.orders().end_of_open_orders(Venue::deflow);
      open_orders_done_ = true;
      continue_reconciliation();
    }
  }
}

void DeflowSession::retry_reconciliation_later() noexcept {
  if (retry_armed_ || stopped_) return;
  retry_armed_ = true;
  retry_timer_.expires_after(kRetryDelay);
  retry_timer_.async_wait(retry_memory_.bind([this](const boost::system::error_code& ec) {
    retry_armed_ = false;
    if (ec || stopped_ || state_ != VenueState::reconciling || !connected()) return;
    flush_deferred();
    if (!open_orders_done_) {
      if (new_orders_in_flight_ > 0 || lists_outstanding_ > 0) {
        retry_reconciliation_later();
      } else {
        send_reconciliation_lists();
      }
      return;
    }
    continue_reconciliation();
  }));
}

void DeflowSession::on_reconcile_open_orders(const PendingRequest& request, CodecError, bool failed) noexcept {
  if (request.round != round_ || state_ != VenueState::reconciling || open_orders_done_) return;
  if (lists_outstanding_ > 0) --lists_outstanding_;
  if (failed) lists_failed_ = true;
  if (lists_outstanding_ > 0) return;
  if (lists_failed_) {
    retry_reconciliation_later();
    return;
  }
  host_.orders().end_of_open_orders(Venue::deflow);
  open_orders_done_ = true;
  continue_reconciliation();
}

void DeflowSession::on_reconcile_order(const PendingRequest& request, bool retry) noexcept {
  if (request.round != round_ || state_ != VenueState::reconciling) return;
  if (retry) {
    retry_reconciliation_later();
    return;
  }
  // Answered (or refused: the venue does not know the order): the core settles what is left.
  (void)host_.orders().end_of_order_history(request.order);
  continue_reconciliation();
}

void DeflowSession::continue_reconciliation() noexcept {
  if (state_ != VenueState::reconciling || !open_orders_done_) return;
  const std::size_t n = host_.orders().reconciliation_queries(Venue::deflow, {queries_.get(), queries_capacity_});
  const SymbolTable& symbols = host_.orders().symbols();
  bool waiting = false;
  bool deferred = false;
  for (std::size_t i = 0; i < n; ++i) {
    const oms::VenueQuery& q = queries_[i];
    if (q.kind != oms::QueryKind::order_by_id) continue;
    waiting = true;
    if (order_query_outstanding(q.order)) continue;
    if (!rate_.allows(host_.now_ns(), 0) ||
        send_info(RequestKind::reconcile_order, q.order, q.venue_order_id.view(), symbols.text(q.symbol)) !=
            SendError::ok) {
      deferred = true;
    }
  }
  if (deferred) retry_reconciliation_later();
  if (waiting) return;
  ++counters_.reconciliations;
  set_state(VenueState::ready);
  arm_poll();
}

SendError DeflowSession::reconcile() noexcept {
  if (stopped_ || !connected() || state_ == VenueState::connecting) return SendError::not_ready;
  begin_reconciliation();
  return SendError::ok;
}

// ------------------------------------------------------------------ orders

bool DeflowSession::must_wait() const noexcept {
  return deferred_count_ > 0 || !rate_.allows(host_.now_ns(), 0);
}

SendError DeflowSession::defer(RequestKind kind, oms::OrderHandle order) noexcept {
  if (deferred_count_ == kDeferredCapacity || order == oms::kNoOrder) return SendError::too_many_pending;
  deferred_[(deferred_head_ + deferred_count_) % kDeferredCapacity] = Deferred{kind, order, false};
  ++deferred_count_;
  ++counters_.paced_requests;
  if (kind == RequestKind::new_order) ++new_orders_in_flight_;
  return SendError::ok;  // the poll tick (or the reconciliation's retry) sends it when there is room
}

void DeflowSession::flush_deferred() noexcept {
  while (deferred_count_ > 0 && connected() && rate_.allows(host_.now_ns(), 0)) {
    const Deferred d = deferred_[deferred_head_];
    deferred_head_ = (deferred_head_ + 1) % kDeferredCapacity;
    --deferred_count_;
    const oms::Order* order = host_.orders().get(d.order);
    if (order == nullptr) {
      if (d.kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
      continue;
    }
    const std::string_view symbol = host_.orders().symbols().text(order->symbol);
    if (d.kind == RequestKind::new_order) {
      --new_orders_in_flight_;  // transmit_new counts it again once it is on the wire
      if (transmit_new(*order, d.order, d.cancel_after_ack) != SendError::ok) {
        host_.deliver(NewOrderReject{Venue::deflow, symbol, order->client_order_id.view(), "not_sent", {}});
      }
    } else if (d.kind == RequestKind::poll_order) {
      if (!order->venue_order_id.empty() && !order_query_outstanding(d.order)) {
        (void)send_info(RequestKind::poll_order, d.order, order->venue_order_id.view(), symbol);
      }
    } else if (send_cancel_by_id(d.order, order->venue_order_id.view(), order->client_order_id.view(), symbol) !=
               SendError::ok) {
      host_.deliver(CancelReject{Venue::deflow, symbol, order->venue_order_id.view(), order->client_order_id.view(),
                                 "not_sent", {}});
    }
  }
}

SendError DeflowSession::send_new(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  const oms::OrderHandle handle = host_.orders().find_by_client_id(Venue::deflow, order.client_order_id.view());
  if (must_wait()) return defer(RequestKind::new_order, handle);
  return transmit_new(order, handle, false);
}

SendError DeflowSession::transmit_new(const oms::Order& order, oms::OrderHandle handle, bool cancel_after_ack) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const std::string_view symbol = host_.orders().symbols().text(order.symbol);
  deflow::CreateOrder c;
  c.symbol = symbol;
  c.side = order.side;
  c.type = order.type == OrderType::market ? OrderType::market : OrderType::limit;
  c.volume = order.qty;
  if (order.type != OrderType::market) c.price = order.price;
  const auto request = encoder_.create_order(c, now_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = RequestKind::new_order;
  pending->order = handle;
  pending->client_order_id = order.client_order_id;
  pending->cancel_after_ack = cancel_after_ack;
  assign(pending->symbol, symbol);
  const SendError e = send_rest(*request, start, *pending);
  if (e == SendError::ok) ++new_orders_in_flight_;
  return e;
}

SendError DeflowSession::send_cancel(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready && state_ != VenueState::reconciling) return SendError::not_ready;
  const std::string_view symbol = host_.orders().symbols().text(order.symbol);
  const oms::OrderHandle handle = host_.orders().find_by_client_id(Venue::deflow, order.client_order_id.view());
  if (order.venue_order_id.empty()) {
    // Deflow knows the order only by its own id: cancel it as soon as the answer names it.
    if (PendingRequest* placing = find_new_order(handle)) {
      placing->cancel_after_ack = true;
      return SendError::ok;
    }
    for (std::size_t i = 0; i < deferred_count_; ++i) {
      Deferred& d = deferred_[(deferred_head_ + i) % kDeferredCapacity];
      if (d.kind == RequestKind::new_order && d.order == handle) {
        d.cancel_after_ack = true;
        return SendError::ok;
      }
    }
    return SendError::not_ready;
  }
  if (must_wait()) return defer(RequestKind::cancel, handle);
  return send_cancel_by_id(handle, order.venue_order_id.view(), order.client_order_id.view(), symbol);
}

SendError DeflowSession::send_amend(const oms::Order&, std::optional<Decimal>, std::optional<Decimal>) noexcept {
  return SendError::not_supported;
}

SendError DeflowSession::send_dead_man(std::uint32_t) noexcept { return SendError::not_supported; }

SendError DeflowSession::send_kill(const risk::KillAction& action) noexcept {
  if (state_ != VenueState::ready && state_ != VenueState::reconciling) return SendError::not_ready;
  if (action.kind == risk::KillActionKind::cancel_order) {
    const oms::Order* order = host_.orders().get(action.order);
    if (order == nullptr) return SendError::encode_failed;
    return send_cancel(*order);
  }
  // Deflow has no cancel-all: one cancel per open order of the market (or of every market).
  SendError first = SendError::ok;
  for (std::size_t i = 0; i < symbol_ids_.size(); ++i) {
    if (action.kind == risk::KillActionKind::cancel_all_symbol && symbol_ids_[i] != action.symbol) continue;
    host_.orders().for_each_open(Venue::deflow, symbol_ids_[i], [&](oms::OrderHandle, const oms::Order& o) {
      if (o.state == OrderState::pending_cancel) return;
      const SendError e = send_cancel(o);
      if (first == SendError::ok) first = e;
    });
  }
  return first;
}

}  // namespace oex::engine
