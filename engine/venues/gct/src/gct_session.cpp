#include "oex/engine/gct_session.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/core/clock.hpp"
#include "oex/engine/http_date.hpp"

namespace oex::engine {
namespace {

using codecs::CodecError;
namespace gct = codecs::gct;
using namespace std::chrono_literals;

constexpr std::size_t kOutCapacity = 16 * 1024;
constexpr std::size_t kListedCapacity = 4096;       // open orders one answer can list
constexpr std::size_t kQueryCapacity = 4097;        // reconciliation queries: 1 + unknown orders
constexpr auto kRetryDelay = 200ms;                 // a reconciliation step that could not go out yet
constexpr auto kDepthInterval = 1500ms;             // the market interface allows one call a second
constexpr std::uint64_t kRateWindowNs = 1'100'000'000;  // one second plus a margin for the wire
constexpr std::string_view kDepthStep = "STEP0";    // the 100 best levels each side
constexpr std::string_view kThrottled = "excessive_access";

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

transport::Endpoint transport_endpoint(const Endpoint& e, const char* key) {
  transport::Endpoint out{e.host, {}, e.port};
  if (!transport::resolve_endpoint(out)) throw std::runtime_error(std::string(key) + ": cannot resolve " + e.host);
  return out;
}

// Copies `text` when it fits (ids and symbols of the venue always do; a longer one stays empty).
template <std::size_t N>
void assign(InlineString<N>& out, std::string_view text) noexcept {
  auto copy = InlineString<N>::from(text);
  out = copy.ok() ? *copy : InlineString<N>{};
}

}  // namespace

// ------------------------------------------------------------------ rate window

bool GctSession::RateWindow::allows(std::uint64_t now_ns, std::uint32_t reserve) const noexcept {
  // Allowed when fewer than (limit - reserve) requests went out in the last window: the
  // (limit - reserve)-th most recent send is older than the window, or does not exist.
  const std::size_t k = kTradeRequestsPerSecond - reserve;
  if (count_ < k) return true;
  const std::size_t index = (next_ + sent_.size() - k) % sent_.size();
  return now_ns - sent_[index] >= kRateWindowNs;
}

void GctSession::RateWindow::record(std::uint64_t now_ns) noexcept {
  sent_[next_] = now_ns;
  next_ = (next_ + 1) % sent_.size();
  if (count_ < sent_.size()) ++count_;
}

// ------------------------------------------------------------------ construction

GctSession::GctSession(SessionHost& host, const SessionSettings& settings)
    : host_(host),
      venue_(settings.venue),
      io_(settings.io),
      poll_interval_(settings.poll_interval),
      api_key_(settings.venue.api_key.reveal()),
      hmac_(settings.venue.secret.reveal()),
      secret_key_(settings.venue.secret.reveal()),
      pay_password_(settings.venue.pay_password.reveal()),
      encoder_(api_key_, hmac_, secret_key_, pay_password_),
      rest_decoder_(65536, 1024),
      push_decoder_(256),
      login_doc_(64, 8),
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
  if (!venue_.rest) throw std::runtime_error("venues.gct.rest: required (orders are REST)");
  if (!venue_.ws) throw std::runtime_error("venues.gct.ws: required (the transaction push)");
  if (api_key_.empty()) throw std::runtime_error("venues.gct.credentials.api_key: empty");
  if (venue_.secret.empty() || secret_key_.empty()) {
    throw std::runtime_error("venues.gct.credentials.secret: empty or longer than 128 characters");
  }
  if (venue_.pay_password.empty() || pay_password_.empty()) {
    throw std::runtime_error("venues.gct.credentials.pay_password: saveEntrust needs the pay password (payPwd)");
  }
  if (pending_capacity_ == 0) throw std::runtime_error("venues.gct: max_pending_requests must be positive");
  const bool rest_tls = venue_.rest->tls();
  const bool ws_tls = venue_.ws->tls();
  if ((rest_tls || ws_tls) && settings.tls == nullptr) {
    throw std::runtime_error("venues.gct.ca_file: TLS endpoints need a TLS context");
  }
  // The codec writes /v1/...; the configured REST URL names the API root (https://host/v1).
  std::string_view base = venue_.rest->path;
  if (base.size() >= 3 && base.substr(base.size() - 3) == "/v1") base.remove_suffix(3);
  path_prefix_ = std::string(base);
  for (const Instrument& i : venue_.instruments) symbols_.push_back(i.symbol);

  transport::HttpConfig http;
  http.endpoint = transport_endpoint(*venue_.rest, "venues.gct.rest");
  // One keep-alive connection with pipelining: answers come back in request order, and the
  // transport keeps one timeout timer in flight rather than one per connection.
  http.max_in_flight = 32;
  // The transport re-arms its timeout check every eighth of this while requests are in flight,
  // and each re-arm takes handler memory from asio's small per-thread cache, which other waits
  // may have taken: a long timeout keeps that (rare) allocation out of the steady state.
  http.request_timeout = 30s;
  http_ = std::make_unique<transport::HttpPool>(
      io_, http, rest_tls ? settings.tls : nullptr,
      transport::HttpHandlers{http_connected_, http_response_, http_failed_, http_disconnect_}, 1);

  transport::WsConfig ws;
  ws.endpoint = transport_endpoint(*venue_.ws, "venues.gct.ws");
  ws.path = venue_.ws->path.empty() ? "/" : venue_.ws->path;
  ws.stream.poll_reads = settings.poll_notification_reads;
  // The push is silent between trades: pings keep the connection checked (the document names no
  // heartbeat of its own).
  ws.heartbeat_interval = 10s;
  ws.idle_timeout = 35s;
  ws_ = std::make_unique<transport::WsClient>(io_, ws, ws_tls ? settings.tls : nullptr,
                                              transport::WsHandlers{ws_open_, ws_message_, ws_disconnect_, {}});
}

GctSession::~GctSession() { stop(); }

Connections GctSession::connections() const noexcept {
  Connections c;
  c.add(ws_->is_open() ? 1 : 0, 1);
  c.add(http_->open_connections(), http_->size());
  return c;
}

void GctSession::start() {
  if (!stopped_) return;
  stopped_ = false;
  set_state(VenueState::connecting);
  http_->start();
  ws_->start();
  arm_depth();
}

void GctSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  ++round_;
  poll_timer_.cancel();
  depth_timer_.cancel();
  retry_timer_.cancel();
  ws_->stop();
  http_->stop();
  logged_in_ = false;
  set_state(VenueState::stopped);
}

void GctSession::set_state(VenueState s) noexcept {
  if (state_ == s) return;
  state_ = s;
  host_.set_state(Venue::gct, s);
}

bool GctSession::connected() const noexcept { return logged_in_ && http_->open_connections() > 0; }

std::int64_t GctSession::venue_time_ms() const noexcept {
  return static_cast<std::int64_t>(wall_clock_ms()) + clock_offset_ms_;
}

// ------------------------------------------------------------------ push socket

void GctSession::on_ws_open() noexcept {
  if (stopped_) return;
  logged_in_ = false;
  if (state_ == VenueState::connecting) set_state(VenueState::authenticating);
  const auto written = gct::encode_push_login(api_key_, {out_.get(), out_capacity_});
  if (!written) return;
  const std::string_view text(out_.get(), *written);
  if (ws_->send_text(text) == transport::TransportError::ok) host_.message_out(Venue::gct, capture::Channel::ws, text);
}

bool GctSession::handle_login_answer(std::string_view text) noexcept {
  if (login_doc_.parse(text) != CodecError::ok || !login_doc_.root().is_object()) return false;
  const auto status = login_doc_.root()["status"].as_string();
  if (!status.ok()) return false;
  if (*status == "success") {
    if (!logged_in_) {
      logged_in_ = true;
      if (http_->open_connections() > 0) begin_reconciliation();
    }
  } else {
    ++counters_.login_failures;
    (void)ws_->close(transport::ws_close::normal);  // reconnects after the back-off
  }
  return true;
}

void GctSession::on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  InboundMessage message(host_, Venue::gct, capture::Channel::ws, text, opcode == transport::WsOpcode::binary);
  if (!logged_in_) {
    if (!handle_login_answer(text)) ++counters_.decode_errors;
    return;
  }
  const CodecError e = push_decoder_.decode(text, [this](const Fill& f) { on_push_fill(f); });
  if (e != CodecError::ok && !handle_login_answer(text)) ++counters_.decode_errors;
}

void GctSession::on_ws_disconnect(transport::DisconnectReason, transport::TransportError, std::uint16_t) noexcept {
  logged_in_ = false;
  if (stopped_) return;
  ++round_;  // answers to the interrupted reconciliation no longer count
  set_state(VenueState::connecting);
}

void GctSession::on_push_fill(const Fill& fill) noexcept {
  const bool known = host_.orders().find_by_venue_id(Venue::gct, fill.order_id) != oms::kNoOrder;
  if (known || new_orders_in_flight_ == 0 || held_count_ == kHeldFills) {
    host_.deliver(fill);
    return;
  }
  const auto id = VenueOrderId::from(fill.order_id);
  const auto symbol = SymbolText::from(fill.symbol);
  if (!id.ok() || !symbol.ok()) {
    host_.deliver(fill);
    return;
  }
  held_[held_count_++] = HeldFill{*id, *symbol, fill.side, fill.price, fill.qty, fill.venue_time_ms};
  ++counters_.held_fills;
}

void GctSession::release_held_fills(std::string_view order_id) noexcept {
  for (std::size_t i = 0; i < held_count_;) {
    if (held_[i].order_id != order_id) {
      ++i;
      continue;
    }
    const HeldFill h = held_[i];
    held_[i] = held_[--held_count_];
    Fill f;
    f.venue = Venue::gct;
    f.symbol = h.symbol.view();
    f.order_id = h.order_id.view();
    f.side = h.side;
    f.price = h.price;
    f.qty = h.qty;
    f.venue_time_ms = h.venue_time_ms;
    host_.deliver(f);
  }
}

void GctSession::flush_held_fills() noexcept {
  // No new order awaits its answer: a held trade's order is as known as it will get.
  while (held_count_ > 0) release_held_fills(held_[0].order_id.view());
}

// ------------------------------------------------------------------ REST plumbing

GctSession::PendingRequest* GctSession::allocate_request() noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (!pending_[i].used) {
      pending_[i] = PendingRequest{};
      pending_[i].used = true;
      return &pending_[i];
    }
  }
  return nullptr;
}

GctSession::PendingRequest* GctSession::find_request(transport::RequestId id) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].id == id) return &pending_[i];
  }
  return nullptr;
}

void GctSession::release(PendingRequest& request) noexcept { request.used = false; }

bool GctSession::order_query_outstanding(oms::OrderHandle handle) const noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    const PendingRequest& p = pending_[i];
    if (p.used && p.order == handle && (p.kind == RequestKind::poll_order || p.kind == RequestKind::reconcile_order)) {
      return true;
    }
  }
  return false;
}

SendError GctSession::send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                PendingRequest& pending) noexcept {
  host_.record(Venue::gct, Stage::encode, host_.now_ns() - encode_start);
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
  codecs::BufferWriter line(pending.request_line.data(), pending.request_line.size());
  line.put(request.method).put(' ');
  line.put(target.substr(0, std::min(target.size(), pending.request_line.size() - line.size())));
  if (!h.ok()) {
    release(pending);
    return SendError::encode_failed;
  }
  pending.request_line_size = line.size();  // a query string too long for the record is cut
  const std::uint64_t send_start = host_.now_ns();
  const auto body = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(request.body.data()),
                                                  request.body.size());
  const auto sent = http_->request(method_of(request.method), target, h.view(), body);
  const std::uint64_t now = host_.now_ns();
  host_.record(Venue::gct, Stage::send, now - send_start);
  if (!sent) {
    release(pending);
    return SendError::transport_failed;
  }
  pending.id = *sent;
  if (pending.kind != RequestKind::depth) rate_.record(now);
  // The body as a capture may show it: payPwd and the signature replaced (the capture's own
  // redactor does not know GCT's payPwd).
  if (!request.body.empty()) {
    std::array<char, 2048> redacted{};
    codecs::BufferWriter w(redacted.data(), redacted.size());
    codecs::RestRequest body_only = request;
    body_only.method = {};
    body_only.target = {};
    gct::write_redacted(w, body_only);  // "  <body>": an empty method and target, each followed by a space
    host_.message_out(Venue::gct, capture::Channel::http, w.ok() ? w.view().substr(2) : std::string_view{},
                      pending.line());
  } else {
    host_.message_out(Venue::gct, capture::Channel::http, {}, pending.line());
  }
  host_.request_sent(Venue::gct);
  return SendError::ok;
}

SendError GctSession::send_query(RequestKind kind, oms::OrderHandle order, std::string_view venue_order_id,
                                 std::string_view symbol) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const auto request = encoder_.query_order_by_id(venue_order_id, {out_.get(), out_capacity_});
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

SendError GctSession::send_open_orders(RequestKind kind) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const auto request = encoder_.open_orders(std::nullopt, std::nullopt, {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = kind;
  pending->round = round_;
  return send_rest(*request, start, *pending);
}

void GctSession::note_server_date(const transport::HttpResponse& response) noexcept {
  const std::string_view date = response.header("Date");
  if (date.empty()) return;
  const auto seconds = parse_http_date(date);
  if (!seconds) return;
  // The venue's second began at most a second ago: its middle is the best single guess.
  const std::int64_t estimate = *seconds * 1000 + 500 - static_cast<std::int64_t>(wall_clock_ms());
  clock_offset_ms_ = (estimate > 1000 || estimate < -1000) ? estimate : 0;
}

// ------------------------------------------------------------------ REST events

void GctSession::on_http_connected() noexcept {
  if (stopped_) return;
  if (logged_in_ && (state_ == VenueState::connecting || state_ == VenueState::authenticating)) begin_reconciliation();
}

void GctSession::on_http_disconnect(transport::DisconnectReason, transport::TransportError) noexcept {
  if (stopped_ || http_->open_connections() > 0 || state_ == VenueState::connecting) return;
  ++round_;
  set_state(VenueState::connecting);
}

void GctSession::on_http_failed(transport::RequestId id, transport::DisconnectReason, transport::TransportError) noexcept {
  PendingRequest* p = find_request(id);
  if (p == nullptr) return;
  const PendingRequest request = *p;
  release(*p);
  ++counters_.failed_requests;
  switch (request.kind) {
    case RequestKind::cancel_all:
      retry_cancel_all_later(request.symbol.view());  // cancelling everything twice is harmless
      break;
    case RequestKind::new_order:
    case RequestKind::cancel:
      // The venue may or may not have acted: ask it.
      if (request.kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
      audit_needed_ = true;
      if (new_orders_in_flight_ == 0) flush_held_fills();
      break;
    case RequestKind::poll_open_orders: poll_in_flight_ = false; break;
    case RequestKind::depth: depth_in_flight_ = false; break;
    case RequestKind::reconcile_open_orders:
    case RequestKind::reconcile_order:
      if (request.round == round_ && state_ == VenueState::reconciling) retry_reconciliation_later();
      break;
    case RequestKind::poll_order: break;
    case RequestKind::ack_query: deliver_ack(request); break;
  }
}

void GctSession::on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  PendingRequest* p = find_request(id);
  if (p == nullptr) return;
  const PendingRequest request = *p;
  release(*p);
  note_server_date(response);
  InboundMessage message(host_, Venue::gct, capture::Channel::http, response.body_text(), false, request.line(),
                         static_cast<std::uint16_t>(response.status));
  on_answer(request, response);
}

void GctSession::on_answer(const PendingRequest& request, const transport::HttpResponse& response) noexcept {
  const std::string_view body = response.body_text();
  const int status = response.status;
  bool retry = false;  // the venue said "too many requests" (or answered with no envelope)
  bool listing = request.kind == RequestKind::poll_open_orders;
  auto sink = [&](const auto& e) {
    using E = std::decay_t<decltype(e)>;
    if constexpr (std::is_same_v<E, BookUpdate>) {
      (void)host_.deliver(e);  // a refused book is replaced by the next poll's snapshot
    } else if constexpr (std::is_same_v<E, NewOrderAck>) {
      // The answer names the order only; a crossing order may already be done (its trades on the
      // push, which can be late). Its state is read first and the ack goes out with it.
      if (request.kind == RequestKind::new_order && ack_with_query(request, e.order_id)) return;
      host_.deliver(e);
      release_held_fills(e.order_id);
    } else if constexpr (std::is_same_v<E, VenueError>) {
      ++counters_.venue_errors;
      if (e.code == kThrottled || e.code == "http_error") retry = true;
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, NewOrderReject> || std::is_same_v<E, CancelReject>) {
      ++counters_.venue_errors;
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, OrderUpdate>) {
      if (listing) {
        if (listed_count_ < listed_capacity_) {
          listed_[listed_count_++] = hash_id(e.order_id);
        } else {
          listed_overflow_ = true;
        }
      }
      host_.deliver(e);
    } else if constexpr (std::is_same_v<E, Fill> || std::is_same_v<E, CancelAck> || std::is_same_v<E, Balance> ||
                         std::is_same_v<E, Ticker> || std::is_same_v<E, PublicTrade>) {
      host_.deliver(e);
    }
    // Candles and symbol lists are not asked for.
  };
  gct::RequestRef ref;
  ref.symbol = request.symbol.view();
  std::array<std::string_view, 1> ids{};
  CodecError e = CodecError::ok;
  switch (request.kind) {
    case RequestKind::new_order:
      ref.client_order_id = request.client_order_id.view();
      e = rest_decoder_.decode(gct::Endpoint::save_entrust, status, body, sink, ref);
      if (new_orders_in_flight_ > 0) --new_orders_in_flight_;
      if (e != CodecError::ok && e != CodecError::venue_error) audit_needed_ = true;  // unreadable: ask
      if (new_orders_in_flight_ == 0) flush_held_fills();
      break;
    case RequestKind::cancel:
      if (!request.venue_order_id.empty()) {
        ids[0] = request.venue_order_id.view();
        ref.order_ids = ids;
        e = rest_decoder_.decode(gct::Endpoint::cancel_entrust, status, body, sink, ref);
      } else {
        ids[0] = request.client_order_id.view();
        ref.client_order_ids = ids;
        e = rest_decoder_.decode(gct::Endpoint::cancel_entrust_by_client_order_id, status, body, sink, ref);
      }
      if (e != CodecError::ok && e != CodecError::venue_error) audit_needed_ = true;
      if (e == CodecError::ok) follow_up_cancel(request);
      break;
    case RequestKind::cancel_all:
      e = rest_decoder_.decode(gct::Endpoint::batch_cancel_open_orders, status, body, sink, ref);
      poll_soon_ = true;  // the answer names no orders: the next poll shows which went
      if (retry || (e != CodecError::ok && e != CodecError::venue_error)) retry_cancel_all_later(request.symbol.view());
      break;
    case RequestKind::poll_open_orders:
      poll_in_flight_ = false;
      listed_count_ = 0;
      listed_overflow_ = false;
      e = rest_decoder_.decode(gct::Endpoint::open_orders, status, body, sink, ref);
      break;
    case RequestKind::poll_order:
      e = rest_decoder_.decode(gct::Endpoint::query_order_by_id, status, body, sink, ref);
      break;
    case RequestKind::ack_query:
      deliver_ack(request);
      e = rest_decoder_.decode(gct::Endpoint::query_order_by_id, status, body, sink, ref);
      break;
    case RequestKind::reconcile_open_orders:
      e = rest_decoder_.decode(gct::Endpoint::open_orders, status, body, sink, ref);
      break;
    case RequestKind::reconcile_order:
      e = rest_decoder_.decode(gct::Endpoint::query_order_by_id, status, body, sink, ref);
      break;
    case RequestKind::depth:
      depth_in_flight_ = false;
      e = rest_decoder_.decode(gct::Endpoint::market_depth, status, body, sink, ref);
      break;
  }
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
  switch (request.kind) {
    case RequestKind::poll_open_orders: on_poll_answered(e); break;
    case RequestKind::reconcile_open_orders:
      if (request.round == round_) on_reconcile_open_orders(e, request.round);
      break;
    case RequestKind::reconcile_order: on_reconcile_order(request, e, retry || (e != CodecError::ok && e != CodecError::venue_error)); break;
    case RequestKind::cancel_all:
      if (e == CodecError::ok && state_ == VenueState::ready && !poll_in_flight_) on_poll_timer();
      break;
    default: break;
  }
}

// The cancel answer carries only a status, and a cancelled order is no longer polled: one query
// reads its final filled quantity (a trade between the last poll and the cancel, or one the push
// lost, is booked from it).
void GctSession::follow_up_cancel(const PendingRequest& request) noexcept {
  const oms::OrderHandle handle = host_.orders().find_by_client_id(Venue::gct, request.client_order_id.view());
  const oms::Order* order = host_.orders().get(handle);
  if (order == nullptr || order->venue_order_id.empty() || order_query_outstanding(handle)) return;
  if (must_wait()) {
    (void)defer(RequestKind::poll_order, handle);
    return;
  }
  (void)send_query(RequestKind::poll_order, handle, order->venue_order_id.view(), request.symbol.view());
}

bool GctSession::ack_with_query(const PendingRequest& request, std::string_view order_id) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return false;
  const std::uint64_t start = host_.now_ns();
  const auto query = encoder_.query_order_by_id(order_id, {out_.get(), out_capacity_});
  if (!query) {
    release(*pending);
    return false;
  }
  pending->kind = RequestKind::ack_query;
  pending->client_order_id = request.client_order_id;
  assign(pending->venue_order_id, order_id);
  assign(pending->symbol, request.symbol.view());
  if (send_rest(*query, start, *pending) != SendError::ok) return false;
  ++new_orders_in_flight_;  // still awaiting its acknowledgement
  return true;
}

void GctSession::deliver_ack(const PendingRequest& request) noexcept {
  if (new_orders_in_flight_ > 0) --new_orders_in_flight_;
  host_.deliver(NewOrderAck{Venue::gct, request.symbol.view(), request.venue_order_id.view(),
                            request.client_order_id.view(), std::nullopt, std::nullopt});
  release_held_fills(request.venue_order_id.view());
  if (new_orders_in_flight_ == 0) flush_held_fills();
}

// ------------------------------------------------------------------ polling

void GctSession::arm_poll() noexcept {
  if (poll_armed_ || stopped_) return;
  poll_armed_ = true;
  poll_timer_.expires_after(poll_interval_);
  poll_timer_.async_wait(poll_memory_.bind([this](const boost::system::error_code& ec) {
    poll_armed_ = false;
    if (ec) return;
    on_poll_timer();
  }));
}

void GctSession::on_poll_timer() noexcept {
  if (stopped_ || state_ != VenueState::ready) return;  // reconciliation re-arms the poll when it ends
  flush_deferred();  // order requests first: polls take only what the window leaves
  if (kill_retry_ && rate_.allows(host_.now_ns(), 0)) {
    kill_retry_ = false;
    if (send_cancel_all(kill_retry_symbol_.view()) != SendError::ok) kill_retry_ = true;
  }
  if (audit_needed_ && new_orders_in_flight_ == 0) {
    (void)host_.orders().on_disconnect(Venue::gct);
    begin_reconciliation();
    return;
  }
  if (!poll_in_flight_) {
    if (rate_.allows(host_.now_ns(), kOrderReserve)) {
      poll_soon_ = false;
      poll_in_flight_ = send_open_orders(RequestKind::poll_open_orders) == SendError::ok;
    } else {
      ++counters_.throttled_polls;
    }
  }
  arm_poll();
}

void GctSession::on_poll_answered(CodecError error) noexcept {
  ++counters_.polls;
  if (error != CodecError::ok || listed_overflow_ || state_ != VenueState::ready) return;
  std::sort(listed_.get(), listed_.get() + listed_count_);
  const std::uint64_t now = host_.now_ns();
  const SymbolTable& symbols = host_.orders().symbols();
  // Orders we hold open that the venue no longer lists ended there: ask how.
  host_.orders().for_each_order([&](oms::OrderHandle h, const oms::Order& o) {
    if (o.venue != Venue::gct || !o.is_open() || o.state == OrderState::pending_new ||
        o.state == OrderState::unknown || o.venue_order_id.empty()) {
      return;
    }
    if (std::binary_search(listed_.get(), listed_.get() + listed_count_, hash_id(o.venue_order_id.view()))) return;
    if (order_query_outstanding(h)) return;
    if (!rate_.allows(now, kOrderReserve)) {
      ++counters_.throttled_polls;
      return;
    }
    (void)send_query(RequestKind::poll_order, h, o.venue_order_id.view(), symbols.text(o.symbol));
  });
  if (poll_soon_) on_poll_timer();
}

void GctSession::arm_depth() noexcept {
  if (depth_armed_ || stopped_ || symbols_.empty()) return;
  depth_armed_ = true;
  depth_timer_.expires_after(kDepthInterval);
  depth_timer_.async_wait(depth_memory_.bind([this](const boost::system::error_code& ec) {
    depth_armed_ = false;
    if (ec) return;
    on_depth_timer();
  }));
}

void GctSession::on_depth_timer() noexcept {
  if (stopped_) return;
  if (!depth_in_flight_ && (state_ == VenueState::ready || state_ == VenueState::reconciling)) {
    const std::string& symbol = symbols_[depth_next_++ % symbols_.size()];
    if (PendingRequest* pending = allocate_request()) {
      const std::uint64_t start = host_.now_ns();
      const auto request = encoder_.market_depth(symbol, kDepthStep, {out_.get(), out_capacity_});
      if (request) {
        pending->kind = RequestKind::depth;
        assign(pending->symbol, symbol);
        depth_in_flight_ = send_rest(*request, start, *pending) == SendError::ok;
      } else {
        release(*pending);
      }
    }
  }
  arm_depth();
}

// ------------------------------------------------------------------ reconciliation

void GctSession::begin_reconciliation() noexcept {
  if (stopped_ || !connected()) return;
  ++round_;
  open_orders_done_ = false;
  audit_needed_ = false;
  set_state(VenueState::reconciling);
  // A new order still awaiting its answer would be missing from the list and taken for dead:
  // wait for the answers first.
  if (new_orders_in_flight_ > 0 || send_open_orders(RequestKind::reconcile_open_orders) != SendError::ok) {
    retry_reconciliation_later();
  }
}

void GctSession::retry_reconciliation_later() noexcept {
  if (retry_armed_ || stopped_) return;
  retry_armed_ = true;
  retry_timer_.expires_after(kRetryDelay);
  retry_timer_.async_wait(retry_memory_.bind([this](const boost::system::error_code& ec) {
    retry_armed_ = false;
    if (ec || stopped_ || state_ != VenueState::reconciling || !connected()) return;
    flush_deferred();
    if (!open_orders_done_) {
      if (new_orders_in_flight_ > 0 || send_open_orders(RequestKind::reconcile_open_orders) != SendError::ok) {
        retry_reconciliation_later();
      }
      return;
    }
    continue_reconciliation();
  }));
}

void GctSession::on_reconcile_open_orders(CodecError error, std::uint64_t round) noexcept {
  if (round != round_ || state_ != VenueState::reconciling || open_orders_done_) return;
  if (error != CodecError::ok) {
    retry_reconciliation_later();
    return;
  }
  host_.orders().end_of_open_orders(Venue::gct);
  open_orders_done_ = true;
  continue_reconciliation();
}

void GctSession::on_reconcile_order(const PendingRequest& request, CodecError, bool retry) noexcept {
  if (request.round != round_ || state_ != VenueState::reconciling) return;
  if (retry) {
    retry_reconciliation_later();
    return;
  }
  // Answered (or refused: the venue does not know the order): the core settles what is left.
  (void)host_.orders().end_of_order_history(request.order);
  continue_reconciliation();
}

void GctSession::continue_reconciliation() noexcept {
  if (state_ != VenueState::reconciling || !open_orders_done_) return;
  const std::size_t n = host_.orders().reconciliation_queries(Venue::gct, {queries_.get(), queries_capacity_});
  const SymbolTable& symbols = host_.orders().symbols();
  bool waiting = false;
  bool deferred = false;
  for (std::size_t i = 0; i < n; ++i) {
    const oms::VenueQuery& q = queries_[i];
    if (q.kind != oms::QueryKind::order_by_id) continue;
    waiting = true;
    if (order_query_outstanding(q.order)) continue;
    if (!rate_.allows(host_.now_ns(), 0) ||
        send_query(RequestKind::reconcile_order, q.order, q.venue_order_id.view(), symbols.text(q.symbol)) !=
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

SendError GctSession::reconcile() noexcept {
  if (stopped_ || !connected() || state_ == VenueState::connecting || state_ == VenueState::authenticating) {
    return SendError::not_ready;
  }
  begin_reconciliation();
  return SendError::ok;
}

// ------------------------------------------------------------------ orders

bool GctSession::must_wait() const noexcept {
  return deferred_count_ > 0 || !rate_.allows(host_.now_ns(), 0);
}

SendError GctSession::defer(RequestKind kind, oms::OrderHandle order) noexcept {
  if (deferred_count_ == kDeferredCapacity || order == oms::kNoOrder) return SendError::too_many_pending;
  deferred_[(deferred_head_ + deferred_count_) % kDeferredCapacity] = Deferred{kind, order};
  ++deferred_count_;
  ++counters_.paced_requests;
  if (kind == RequestKind::new_order) ++new_orders_in_flight_;
  return SendError::ok;  // the poll tick (or the reconciliation's retry) sends it when there is room
}

void GctSession::flush_deferred() noexcept {
  while (deferred_count_ > 0 && http_->open_connections() > 0 && rate_.allows(host_.now_ns(), 0)) {
    const Deferred d = deferred_[deferred_head_];
    deferred_head_ = (deferred_head_ + 1) % kDeferredCapacity;
    --deferred_count_;
    if (d.kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
    const oms::Order* order = host_.orders().get(d.order);
    if (order == nullptr) continue;
    const std::string_view symbol = host_.orders().symbols().text(order->symbol);
    switch (d.kind) {
      case RequestKind::new_order:
        if (transmit_new(*order) != SendError::ok) {
          host_.deliver(NewOrderReject{Venue::gct, symbol, order->client_order_id.view(), "not_sent", {}});
        }
        break;
      case RequestKind::cancel:
        if (transmit_cancel(*order) != SendError::ok) {
          host_.deliver(CancelReject{Venue::gct, symbol, order->venue_order_id.view(), order->client_order_id.view(),
                                     "not_sent", {}});
        }
        break;
      case RequestKind::poll_order:
        if (!order->venue_order_id.empty() && !order_query_outstanding(d.order)) {
          (void)send_query(RequestKind::poll_order, d.order, order->venue_order_id.view(), symbol);
        }
        break;
      default: break;
    }
  }
}

SendError GctSession::send_new(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  if (must_wait()) {
    return defer(RequestKind::new_order, host_.orders().find_by_client_id(Venue::gct, order.client_order_id.view()));
  }
  return transmit_new(order);
}

SendError GctSession::transmit_new(const oms::Order& order) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const std::string_view symbol = host_.orders().symbols().text(order.symbol);
  gct::SaveEntrust s;
  s.symbol = symbol;
  s.side = order.side;
  s.type = order.type == OrderType::market ? OrderType::market : OrderType::limit;
  s.count = order.qty;
  if (order.type != OrderType::market) s.price = order.price;
  s.client_order_id = order.client_order_id.view();
  const auto request = encoder_.save_entrust(s, venue_time_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = RequestKind::new_order;
  pending->client_order_id = order.client_order_id;
  assign(pending->symbol, symbol);
  const SendError e = send_rest(*request, start, *pending);
  if (e == SendError::ok) ++new_orders_in_flight_;
  return e;
}

SendError GctSession::send_cancel(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready && state_ != VenueState::reconciling) return SendError::not_ready;
  if (must_wait()) {
    return defer(RequestKind::cancel, host_.orders().find_by_client_id(Venue::gct, order.client_order_id.view()));
  }
  return transmit_cancel(order);
}

SendError GctSession::transmit_cancel(const oms::Order& order) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  // Before the venue named the order, it is cancelled by our id.
  const auto request = order.venue_order_id.empty()
                           ? encoder_.cancel_entrust_by_client_order_id(order.client_order_id.view(), venue_time_ms(),
                                                                        {out_.get(), out_capacity_})
                           : encoder_.cancel_entrust(order.venue_order_id.view(), venue_time_ms(),
                                                     {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = RequestKind::cancel;
  pending->client_order_id = order.client_order_id;
  pending->venue_order_id = order.venue_order_id;
  assign(pending->symbol, host_.orders().symbols().text(order.symbol));
  return send_rest(*request, start, *pending);
}

SendError GctSession::send_amend(const oms::Order&, std::optional<Decimal>, std::optional<Decimal>) noexcept {
  return SendError::not_supported;
}

SendError GctSession::send_dead_man(std::uint32_t) noexcept { return SendError::not_supported; }

SendError GctSession::send_kill(const risk::KillAction& action) noexcept {
  if (state_ != VenueState::ready && state_ != VenueState::reconciling) return SendError::not_ready;
  if (action.kind == risk::KillActionKind::cancel_order) {
    const oms::Order* order = host_.orders().get(action.order);
    if (order == nullptr) return SendError::encode_failed;
    return send_cancel(*order);
  }
  std::string_view symbol;
  if (action.kind == risk::KillActionKind::cancel_all_symbol) symbol = host_.orders().symbols().text(action.symbol);
  // The kill switch does not wait for the rate window: a refusal is retried at the next tick.
  return send_cancel_all(symbol);
}

SendError GctSession::send_cancel_all(std::string_view symbol) noexcept {
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  const std::uint64_t start = host_.now_ns();
  const std::optional<std::string_view> only = symbol.empty() ? std::nullopt : std::optional<std::string_view>(symbol);
  const auto request = encoder_.batch_cancel_open_orders(only, std::nullopt, venue_time_ms(), {out_.get(), out_capacity_});
  if (!request) {
    release(*pending);
    return SendError::encode_failed;
  }
  pending->kind = RequestKind::cancel_all;
  assign(pending->symbol, symbol);
  return send_rest(*request, start, *pending);
}

void GctSession::retry_cancel_all_later(std::string_view symbol) noexcept {
  kill_retry_ = true;
  assign(kill_retry_symbol_, symbol);
}

}  // namespace oex::engine
