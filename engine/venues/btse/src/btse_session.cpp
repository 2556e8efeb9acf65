#include "oex/engine/btse_session.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "oex/codecs/btse/ws_encoder.hpp"
#include "oex/codecs/buffer_writer.hpp"
#include "oex/core/clock.hpp"

namespace oex::engine {
namespace {

namespace btse = codecs::btse;
using codecs::CodecError;

constexpr Venue kVenue = Venue::btse;
constexpr std::size_t kRequestCapacity = 16 * 1024;
constexpr auto kRetryDelay = std::chrono::milliseconds(300);
constexpr auto kTimeRetryDelay = std::chrono::milliseconds(100);
constexpr unsigned kTimeAttempts = 30;  // then the login goes out with the last offset known
constexpr std::uint64_t kQueryWindowNs = 1'000'000'000;
constexpr std::string_view kNotifications = "notificationApiV3";

transport::Endpoint transport_endpoint(const Endpoint& e, const char* key) {
  transport::Endpoint out;
  out.host = e.host;
  out.port = e.port;
  if (!transport::resolve_endpoint(out)) {
    throw std::runtime_error(std::string("venues.btse.") + key + ": cannot resolve " + e.host);
  }
  return out;
}

transport::HttpMethod method_of(std::string_view m) noexcept {
  if (m == "POST") return transport::HttpMethod::post;
  if (m == "PUT") return transport::HttpMethod::put;
  if (m == "DELETE") return transport::HttpMethod::del;
  return transport::HttpMethod::get;
}

std::string_view text(std::span<const std::uint8_t> p) noexcept {
  return {reinterpret_cast<const char*>(p.data()), p.size()};
}

bool contains(std::string_view haystack, std::string_view needle) noexcept {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

BtseSession::BtseSession(SessionHost& host, const SessionSettings& settings)
    : host_(host),
      venue_(settings.venue),
      io_(settings.io),
      api_key_(settings.venue.api_key.reveal()),
      rest_prefix_(settings.venue.rest ? settings.venue.rest->path : std::string()),
      hmac_(settings.venue.secret.reveal()),
      encoder_(api_key_, hmac_, rest_prefix_),
      out_(std::make_unique<char[]>(kRequestCapacity)),
      out_capacity_(kRequestCapacity),
      pending_capacity_(settings.max_pending_requests == 0 ? 1 : settings.max_pending_requests),
      retry_timer_(settings.io),
      login_timer_(settings.io) {
  if (!venue_.ws) throw std::runtime_error("venues.btse.ws: required (order notifications)");
  if (!venue_.rest) throw std::runtime_error("venues.btse.rest: required (order entry)");
  if (venue_.api_key.empty()) throw std::runtime_error("venues.btse.credentials.api_key: empty");
  if (venue_.secret.empty()) throw std::runtime_error("venues.btse.credentials.secret: empty");
  if (venue_.instruments.empty()) throw std::runtime_error("venues.btse.instruments: none configured");
  const bool tls = venue_.ws->tls() || venue_.rest->tls() || (venue_.book_ws && venue_.book_ws->tls());
  if (tls && settings.tls == nullptr) {
    throw std::runtime_error("venues.btse.ca_file: a TLS context is needed for https/wss");
  }
  if (!rest_prefix_.empty() && rest_prefix_.back() == '/') rest_prefix_.pop_back();
  for (const Instrument& i : venue_.instruments) {
    const std::size_t dash = i.symbol.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == i.symbol.size()) {
      throw std::runtime_error("venues.btse.instruments: symbol " + i.symbol + " is not BASE-QUOTE");
    }
    symbols_.push_back(i.symbol);
    books_.push_back(BookTopic{i.symbol, "update:" + i.symbol + "_0", false});
  }
  pending_ = std::make_unique<PendingRequest[]>(pending_capacity_);
  items_ = std::make_unique<ReconcileItem[]>(kMaxReconcileQueries);
  query_scratch_ = std::make_unique<oms::VenueQuery[]>(kMaxReconcileQueries);

  transport::WsConfig ws;
  ws.endpoint = transport_endpoint(*venue_.ws, "ws");
  ws.path = venue_.ws->path.empty() ? std::string(btse::kWsSpotPath) : venue_.ws->path;
  ws.idle_timeout = std::chrono::milliseconds(30'000);
  ws.heartbeat_interval = std::chrono::milliseconds(5'000);
  ws.heartbeat_message = "ping";
  ws.stream.poll_reads = settings.poll_notification_reads;
  transport::WsHandlers ws_handlers;
  ws_handlers.on_open = ws_open_;
  ws_handlers.on_message = ws_message_;
  ws_handlers.on_disconnect = ws_disconnect_;
  ws_ = std::make_unique<transport::WsClient>(io_, std::move(ws), venue_.ws->tls() ? settings.tls : nullptr, ws_handlers);

  if (venue_.book_ws) {
    transport::WsConfig book;
    book.endpoint = transport_endpoint(*venue_.book_ws, "book_ws");
    book.path = venue_.book_ws->path.empty() ? "/ws/oss/spot" : venue_.book_ws->path;
    book.idle_timeout = std::chrono::milliseconds(30'000);
    book.heartbeat_interval = std::chrono::milliseconds(5'000);
    book.heartbeat_message = "ping";
    transport::WsHandlers book_handlers;
    book_handlers.on_open = book_open_;
    book_handlers.on_message = book_message_;
    book_handlers.on_disconnect = book_disconnect_;
    book_ws_ = std::make_unique<transport::WsClient>(io_, std::move(book), venue_.book_ws->tls() ? settings.tls : nullptr,
                                                     book_handlers);
  }

  transport::HttpConfig http;
  http.endpoint = transport_endpoint(*venue_.rest, "rest");
  http.max_in_flight = 64;
  http.request_timeout = std::chrono::milliseconds(5'000);
  transport::HttpHandlers http_handlers;
  http_handlers.on_connected = http_connected_;
  http_handlers.on_response = http_answer_;
  http_handlers.on_request_failed = http_failed_;
  http_handlers.on_disconnect = http_disconnect_;
  http_ = std::make_unique<transport::HttpPool>(io_, http, venue_.rest->tls() ? settings.tls : nullptr, http_handlers, 2);
}

BtseSession::~BtseSession() { stop(); }

void BtseSession::set_state(VenueState s) noexcept {
  state_ = s;
  host_.set_state(kVenue, s);
}

Connections BtseSession::connections() const noexcept {
  Connections c;
  c.add(ws_->is_open() ? 1 : 0, 1);
  if (book_ws_) c.add(book_ws_->is_open() ? 1 : 0, 1);
  c.add(http_->open_connections(), http_->size());
  return c;
}

void BtseSession::start() {
  if (!stopped_) return;
  stopped_ = false;
  set_state(VenueState::connecting);
  http_->start();
  ws_->start();
  if (book_ws_) book_ws_->start();
}

void BtseSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  logged_in_ = false;
  ++round_;
  retry_timer_.cancel();
  login_timer_.cancel();
  ws_->stop();
  if (book_ws_) book_ws_->stop();
  http_->stop();
  set_state(VenueState::stopped);
}

bool BtseSession::book_resubscribing(std::string_view symbol) const noexcept {
  for (const BookTopic& b : books_) {
    if (b.symbol == symbol) return b.resubscribing;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// WS /ws/spot

bool BtseSession::send_ws(transport::WsClient& ws, std::string_view payload) noexcept {
  host_.message_out(kVenue, capture::Channel::ws, payload);
  return ws.send_text(payload) == transport::TransportError::ok;
}

void BtseSession::on_ws_open() noexcept {
  logged_in_ = false;
  login_sent_ = false;
  time_attempts_ = 0;
  set_state(VenueState::authenticating);
  // The venue's clock first: the login's nonce and every REST nonce lean on it.
  send_time_query();
}

void BtseSession::send_time_query() noexcept {
  if (stopped_ || login_sent_ || !ws_->is_open()) return;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request(RequestKind::time);
  codecs::RestRequest request;
  SendError sent = SendError::too_many_pending;
  if (pending != nullptr) {
    pending->sent_ms = wall_clock_ms();
    sent = encoder_.time({out_.get(), out_capacity_}, request) == CodecError::ok ? send_rest(request, start, *pending)
                                                                                 : SendError::encode_failed;
    if (sent != SendError::ok) release(*pending);
  }
  if (sent == SendError::ok) return;
  // The REST connections may still be opening: try again shortly, then log in regardless.
  if (++time_attempts_ >= kTimeAttempts) {
    send_login();
    return;
  }
  login_timer_.expires_after(kTimeRetryDelay);
  login_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) send_time_query();
  });
}

void BtseSession::send_login() noexcept {
  if (stopped_ || login_sent_ || !ws_->is_open()) return;
  const std::uint64_t start = host_.now_ns();
  const auto frame = btse::encode_auth(api_key_, hmac_, next_nonce(), ws_out_);
  if (!frame.ok()) return;
  host_.record(kVenue, Stage::encode, host_.now_ns() - start);
  login_sent_ = true;
  (void)send_ws(*ws_, {ws_out_.data(), *frame});
}

void BtseSession::subscribe_private() noexcept {
  // notificationApiV3 first: its acknowledgement starts the reconciliation.
  std::string_view topics[2 + 64];
  std::size_t n = 0;
  topics[n++] = kNotifications;
  topics[n++] = "fills";
  std::array<std::array<char, 64>, 64> names{};
  for (std::size_t i = 0; i < symbols_.size() && i < names.size(); ++i) {
    codecs::BufferWriter w(names[i].data(), names[i].size());
    w.put("tradeHistoryApi:").put(symbols_[i]);
    if (w.ok()) topics[n++] = w.view();
  }
  const auto frame = btse::encode_subscribe({topics, n}, ws_out_);
  if (frame.ok()) (void)send_ws(*ws_, {ws_out_.data(), *frame});
}

void BtseSession::on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  const std::string_view frame = text(payload);
  InboundMessage message(host_, kVenue, capture::Channel::ws, frame, opcode == transport::WsOpcode::binary);
  if (contains(frame, "\"event\":\"login\"")) {
    if (contains(frame, "\"success\":true")) {
      logged_in_ = true;
      subscribe_private();
    } else {
      ++counters_.login_failures;
      host_.deliver(VenueError{kVenue, "login", "authKeyExpires refused", std::nullopt});
    }
    return;
  }
  const CodecError e = ws_decoder_.decode(frame, [this](const auto& event) noexcept {
    using E = std::decay_t<decltype(event)>;
    if constexpr (std::is_same_v<E, SubscriptionAck>) {
      if (event.subscribed && event.topic == kNotifications && logged_in_) begin_reconciliation();
    } else if constexpr (std::is_same_v<E, Pong>) {
      // The heartbeat answered: the transport's idle timer already saw the bytes.
    } else {
      host_.deliver(event);
    }
  });
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
}

void BtseSession::on_ws_disconnect(transport::DisconnectReason, transport::TransportError, std::uint16_t) noexcept {
  logged_in_ = false;
  login_sent_ = false;
  ++round_;  // answers to an interrupted reconciliation no longer count
  open_orders_wanted_ = false;
  retry_timer_.cancel();
  login_timer_.cancel();
  if (!stopped_) set_state(VenueState::connecting);  // the host marks the open orders unknown
}

// ---------------------------------------------------------------------------------------------
// WS /ws/oss/spot

void BtseSession::on_book_open() noexcept {
  std::string_view topics[64];
  std::size_t n = 0;
  for (BookTopic& b : books_) {
    b.resubscribing = true;  // until the snapshot arrives
    if (n < 64) topics[n++] = b.topic;
  }
  const auto frame = btse::encode_subscribe({topics, n}, ws_out_);
  if (frame.ok()) (void)send_ws(*book_ws_, {ws_out_.data(), *frame});
}

void BtseSession::on_book_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  const std::string_view frame = text(payload);
  InboundMessage message(host_, kVenue, capture::Channel::ws, frame, opcode == transport::WsOpcode::binary);
  const CodecError e = book_decoder_.decode(frame, [this](const auto& event) noexcept {
    using E = std::decay_t<decltype(event)>;
    if constexpr (std::is_same_v<E, BookUpdate>) {
      on_book_update(event);
    } else if constexpr (std::is_same_v<E, VenueError>) {
      host_.deliver(event);
    }
  });
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
}

BtseSession::BookTopic* BtseSession::find_book(std::string_view symbol) noexcept {
  for (BookTopic& b : books_) {
    if (b.symbol == symbol) return &b;
  }
  return nullptr;
}

void BtseSession::on_book_update(const BookUpdate& update) noexcept {
  BookTopic* topic = find_book(update.symbol);
  if (topic == nullptr) return;  // not configured (snapshotL1 of another market, say)
  if (topic->resubscribing && !update.snapshot) return;  // deltas of the old subscription
  if (update.snapshot) topic->resubscribing = false;
  if (host_.deliver(update) != BookError::ok) resubscribe_book(*topic);
}

void BtseSession::resubscribe_book(BookTopic& topic) noexcept {
  // The document: out of sequence or crossed, unsubscribe and subscribe again; the new
  // subscription starts with a snapshot.
  ++counters_.book_resubscribes;
  topic.resubscribing = true;
  const std::string_view topics[] = {topic.topic};
  if (const auto frame = btse::encode_unsubscribe(topics, ws_out_); frame.ok()) {
    (void)send_ws(*book_ws_, {ws_out_.data(), *frame});
  }
  if (const auto frame = btse::encode_subscribe(topics, ws_out_); frame.ok()) {
    (void)send_ws(*book_ws_, {ws_out_.data(), *frame});
  }
}

void BtseSession::on_book_disconnect(transport::DisconnectReason, transport::TransportError, std::uint16_t) noexcept {
  for (BookTopic& b : books_) b.resubscribing = true;
}

// ---------------------------------------------------------------------------------------------
// REST

std::int64_t BtseSession::next_nonce() noexcept {
  // The venue's clock in milliseconds, never twice the same.
  const std::int64_t now = static_cast<std::int64_t>(wall_clock_ms()) + clock_offset_ms_;
  last_nonce_ = std::max(now, last_nonce_ + 1);
  return last_nonce_;
}

bool BtseSession::query_slot_free() const noexcept {
  const std::uint64_t oldest = query_times_[query_next_];
  return oldest == 0 || host_.now_ns() - oldest >= kQueryWindowNs;
}

void BtseSession::note_query_sent() noexcept {
  query_times_[query_next_] = host_.now_ns();
  query_next_ = (query_next_ + 1) % query_times_.size();
}

BtseSession::PendingRequest* BtseSession::allocate_request(RequestKind kind) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    PendingRequest& p = pending_[i];
    if (p.used) continue;
    p.used = true;
    p.kind = kind;
    p.id = 0;
    p.round = round_;
    p.sent_ms = 0;
    p.item = 0;
    p.symbol = {};
    p.order_id = {};
    p.client_order_id = {};
    return &p;
  }
  return nullptr;
}

BtseSession::PendingRequest* BtseSession::find_request(transport::RequestId id) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].id == id) return &pending_[i];
  }
  return nullptr;
}

void BtseSession::release(PendingRequest& request) noexcept { request.used = false; }

SendError BtseSession::send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                 PendingRequest& pending) noexcept {
  codecs::BufferWriter h(headers_.data(), headers_.size());
  for (const codecs::Header& header : request.headers()) h.put(header.name).put(": ").put(header.value).put("\r\n");
  if (!request.content_type.empty()) h.put("Content-Type: ").put(request.content_type).put("\r\n");
  if (!h.ok()) return SendError::encode_failed;
  const std::uint64_t encoded = host_.now_ns();
  host_.record(kVenue, Stage::encode, encoded - encode_start);

  // The request as the venue's document names it ("DELETE /api/v3.3/order?symbol=..."): the
  // base path is the deployment's, not the call's.
  std::string_view call = request.target;
  if (!rest_prefix_.empty() && call.starts_with(rest_prefix_)) call.remove_prefix(rest_prefix_.size());
  codecs::BufferWriter line(request_line_.data(), request_line_.size());
  line.put(request.method).put(' ').put(call);
  host_.message_out(kVenue, capture::Channel::http, request.body, line.ok() ? line.view() : call);
  const auto sent = http_->request(method_of(request.method), request.target, h.view(),
                                   {reinterpret_cast<const std::uint8_t*>(request.body.data()), request.body.size()});
  if (!sent.ok()) return SendError::transport_failed;
  host_.record(kVenue, Stage::send, host_.now_ns() - encoded);
  pending.id = *sent;
  host_.request_sent(kVenue);
  return SendError::ok;
}

SendError BtseSession::send_new(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  if (order.type != OrderType::limit && order.type != OrderType::market) return SendError::not_supported;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request(RequestKind::new_order);
  if (pending == nullptr) return SendError::too_many_pending;
  btse::NewOrder fields;
  fields.symbol = host_.orders().symbols().text(order.symbol);
  fields.side = order.side;
  fields.type = order.type;
  fields.size = order.qty;
  if (order.type == OrderType::limit) {
    fields.price = order.price;
    fields.time_in_force = order.time_in_force;
  }
  fields.client_order_id = order.client_order_id.view();
  codecs::RestRequest request;
  if (encoder_.create_order(fields, next_nonce(), {out_.get(), out_capacity_}, request) != CodecError::ok) {
    release(*pending);
    return SendError::encode_failed;
  }
  const auto symbol = SymbolText::from(fields.symbol);
  pending->symbol = symbol.ok() ? *symbol : SymbolText{};
  pending->client_order_id = order.client_order_id;
  const SendError sent = send_rest(request, start, *pending);
  if (sent != SendError::ok) {
    release(*pending);
    return sent;
  }
  ++new_orders_in_flight_;
  return SendError::ok;
}

SendError BtseSession::send_cancel_request(std::string_view symbol, std::string_view order_id,
                                           std::string_view client_order_id, bool all_in_symbol) noexcept {
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request(all_in_symbol ? RequestKind::cancel_all : RequestKind::cancel);
  if (pending == nullptr) return SendError::too_many_pending;
  btse::CancelOrder cancel;
  cancel.symbol = symbol;
  cancel.order_id = order_id;
  cancel.client_order_id = order_id.empty() ? client_order_id : std::string_view{};
  cancel.all_in_symbol = all_in_symbol;
  codecs::RestRequest request;
  if (encoder_.cancel_order(cancel, next_nonce(), {out_.get(), out_capacity_}, request) != CodecError::ok) {
    release(*pending);
    return SendError::encode_failed;
  }
  // Empty views may carry no pointer at all: only non-empty ids are copied.
  if (!symbol.empty()) {
    const auto s = SymbolText::from(symbol);
    pending->symbol = s.ok() ? *s : SymbolText{};
  }
  if (!order_id.empty()) {
    const auto o = VenueOrderId::from(order_id);
    pending->order_id = o.ok() ? *o : VenueOrderId{};
  }
  if (!client_order_id.empty()) {
    const auto c = ClientOrderId::from(client_order_id);
    pending->client_order_id = c.ok() ? *c : ClientOrderId{};
  }
  const SendError sent = send_rest(request, start, *pending);
  if (sent != SendError::ok) release(*pending);
  return sent;
}

SendError BtseSession::send_cancel(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  // Before the venue named the order, its client order id cancels it.
  return send_cancel_request(host_.orders().symbols().text(order.symbol), order.venue_order_id.view(),
                             order.client_order_id.view(), false);
}

SendError BtseSession::send_amend(const oms::Order& order, std::optional<Decimal> price,
                                  std::optional<Decimal> qty) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  if (!price && !qty) return SendError::encode_failed;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request(RequestKind::amend);
  if (pending == nullptr) return SendError::too_many_pending;
  btse::AmendOrder amend;
  amend.symbol = host_.orders().symbols().text(order.symbol);
  amend.order_id = order.venue_order_id.view();
  amend.client_order_id = order.client_order_id.view();
  if (price && qty) {
    amend.type = btse::AmendType::all;
    amend.order_price = price;
    amend.order_size = qty;
  } else if (price) {
    amend.type = btse::AmendType::price;
    amend.value = price;
  } else {
    amend.type = btse::AmendType::size;
    amend.value = qty;
  }
  codecs::RestRequest request;
  if (encoder_.amend_order(amend, next_nonce(), {out_.get(), out_capacity_}, request) != CodecError::ok) {
    release(*pending);
    return SendError::encode_failed;
  }
  const auto s = SymbolText::from(amend.symbol);
  pending->symbol = s.ok() ? *s : SymbolText{};
  pending->order_id = order.venue_order_id;
  pending->client_order_id = order.client_order_id;
  const SendError sent = send_rest(request, start, *pending);
  if (sent != SendError::ok) release(*pending);
  return sent;
}

SendError BtseSession::send_kill(const risk::KillAction& action) noexcept {
  // The kill switch goes out whatever the state, as long as the REST connections take it.
  if (stopped_) return SendError::not_ready;
  switch (action.kind) {
    case risk::KillActionKind::cancel_all_symbol:
      return send_cancel_request(host_.orders().symbols().text(action.symbol), {}, {}, true);
    case risk::KillActionKind::cancel_all_venue: {
      SendError result = SendError::ok;
      for (const std::string& symbol : symbols_) {
        const SendError e = send_cancel_request(symbol, {}, {}, true);
        if (e != SendError::ok) result = e;
      }
      return result;
    }
    case risk::KillActionKind::cancel_order: {
      const oms::Order* o = host_.orders().get(action.order);
      if (o != nullptr && o->venue == kVenue) {
        return send_cancel_request(host_.orders().symbols().text(o->symbol), o->venue_order_id.view(),
                                   o->client_order_id.view(), false);
      }
      return send_cancel_request(host_.orders().symbols().text(action.symbol), action.venue_order_id.view(),
                                 action.client_order_id.view(), false);
    }
  }
  return SendError::not_supported;
}

SendError BtseSession::send_dead_man(std::uint32_t timeout_ms) noexcept {
  if (stopped_) return SendError::not_ready;
  if (!query_slot_free()) return SendError::too_many_pending;  // the next renewal comes soon
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request(RequestKind::dead_man);
  if (pending == nullptr) return SendError::too_many_pending;
  codecs::RestRequest request;
  if (encoder_.cancel_all_after(timeout_ms, next_nonce(), {out_.get(), out_capacity_}, request) != CodecError::ok) {
    release(*pending);
    return SendError::encode_failed;
  }
  const SendError sent = send_rest(request, start, *pending);
  if (sent != SendError::ok) {
    release(*pending);
    return sent;
  }
  note_query_sent();
  return SendError::ok;
}

SendError BtseSession::reconcile() noexcept {
  if (stopped_ || !logged_in_ || !ws_->is_open()) return SendError::not_ready;
  begin_reconciliation();
  return SendError::ok;
}

void BtseSession::on_http_connected() noexcept {
  // The clock read may have been waiting for a REST connection.
  if (!login_sent_ && ws_->is_open()) {
    login_timer_.cancel();
    send_time_query();
  }
}

void BtseSession::on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  handle_answer(*found, response);
}

void BtseSession::handle_answer(PendingRequest& request, const transport::HttpResponse& response) noexcept {
  btse::Endpoint endpoint = btse::Endpoint::time;
  std::string_view line;
  switch (request.kind) {
    case RequestKind::time: endpoint = btse::Endpoint::time; line = "GET /api/v3.3/time"; break;
    case RequestKind::new_order: endpoint = btse::Endpoint::create_order; line = "POST /api/v3.3/order"; break;
    case RequestKind::amend: endpoint = btse::Endpoint::amend_order; line = "PUT /api/v3.3/order"; break;
    case RequestKind::cancel:
    case RequestKind::cancel_all: endpoint = btse::Endpoint::cancel_order; line = "DELETE /api/v3.3/order"; break;
    case RequestKind::dead_man:
      endpoint = btse::Endpoint::cancel_all_after;
      line = "POST /api/v3.3/order/cancelAllAfter";
      break;
    case RequestKind::open_orders: endpoint = btse::Endpoint::open_orders; line = "GET /api/v3.3/user/open_orders"; break;
    case RequestKind::trade_history:
      endpoint = btse::Endpoint::trade_history;
      line = "GET /api/v3.3/user/trade_history";
      break;
    case RequestKind::order_query: endpoint = btse::Endpoint::query_order; line = "GET /api/v3.3/order"; break;
  }
  const btse::RequestContext context{request.symbol.view(), request.order_id.view(), request.client_order_id.view()};
  const RequestKind kind = request.kind;
  const bool query = kind == RequestKind::open_orders || kind == RequestKind::trade_history ||
                     kind == RequestKind::order_query;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  const std::size_t item = request.item;
  const std::uint64_t sent_ms = request.sent_ms;
  const OptText own_client_id =
      request.client_order_id.empty() ? OptText{} : OptText{request.client_order_id.view()};
  CodecError e = CodecError::ok;
  {
    InboundMessage message(host_, kVenue, capture::Channel::http, response.body_text(), false, line,
                           static_cast<std::uint16_t>(response.status));
    e = rest_decoder_.decode(endpoint, response.status, response.body_text(), [&](const auto& event) noexcept {
      using E = std::decay_t<decltype(event)>;
      if constexpr (std::is_same_v<E, ServerTime>) {
        const auto received_ms = static_cast<std::int64_t>(wall_clock_ms());
        const auto midpoint = (static_cast<std::int64_t>(sent_ms) + received_ms) / 2;
        clock_offset_ms_ = event.venue_time_ms - midpoint;
        ++counters_.time_reads;
      } else if constexpr (std::is_same_v<E, NewOrderReject>) {
        // An answer without the order's fields ([{"status":15,...}]) names no order: ours did.
        NewOrderReject reject = event;
        if (!reject.client_order_id || reject.client_order_id->empty()) reject.client_order_id = own_client_id;
        if (reject.symbol.empty()) reject.symbol = context.symbol;
        host_.deliver(reject);
      } else if constexpr (std::is_same_v<E, CancelReject> || std::is_same_v<E, AmendReject>) {
        E reject = event;
        const bool named = !reject.order_id.empty() || (reject.client_order_id && !reject.client_order_id->empty());
        if (!named) {
          if (kind == RequestKind::cancel_all) return;  // nothing open in the market: nothing to refuse
          reject.order_id = context.order_id;
          reject.client_order_id = own_client_id;
        }
        if (reject.symbol.empty()) reject.symbol = context.symbol;
        host_.deliver(reject);
      } else if constexpr (std::is_same_v<E, VenueError>) {
        // An order the venue does not know answers a reconciliation query: nothing went wrong.
        if (kind == RequestKind::order_query && response.status == 404) return;
        host_.deliver(event);
      } else if constexpr (std::is_same_v<E, NewOrderAck> || std::is_same_v<E, OrderUpdate> ||
                           std::is_same_v<E, CancelAck> || std::is_same_v<E, AmendAck> || std::is_same_v<E, Fill> ||
                           std::is_same_v<E, Ticker> || std::is_same_v<E, PublicTrade>) {
        host_.deliver(event);
      }
      // Fee rates, candles and REST book snapshots are not asked for by the session.
    }, context);
  }
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
  if (kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
  release(request);

  if (kind == RequestKind::time) {
    send_login();
    return;
  }
  if (query && current_round) {
    // A refused or unreadable query answer resolves nothing: the round starts again later.
    const bool ok = e == CodecError::ok || (kind == RequestKind::order_query && response.status == 404);
    if (kind == RequestKind::open_orders) {
      on_open_orders_answered(ok);
    } else {
      on_item_answered(item, ok);
    }
    return;
  }
  // A new order answered while a reconciliation waits for the new orders to settle.
  if (open_orders_wanted_ && !open_orders_sent_) continue_reconciliation();
}

void BtseSession::on_http_failed(transport::RequestId id, transport::DisconnectReason, transport::TransportError) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  PendingRequest& request = *found;
  ++counters_.failed_requests;
  const RequestKind kind = request.kind;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  const OptText client_id = request.client_order_id.empty() ? OptText{} : OptText{request.client_order_id.view()};
  // No answer: a cancel or amend may not have arrived. The order returns to where it was (the
  // notifications, or the next reconciliation, tell if it did arrive).
  if (kind == RequestKind::cancel) {
    host_.deliver(CancelReject{kVenue, request.symbol.view(), request.order_id.view(), client_id, "no_answer",
                               "the cancel got no answer"});
  } else if (kind == RequestKind::amend) {
    host_.deliver(AmendReject{kVenue, request.symbol.view(), request.order_id.view(), client_id, "no_answer",
                              "the amend got no answer"});
  }
  // A new order without an answer stays pending: only the venue knows whether it took, and the
  // next reconciliation asks it by its client order id.
  if (kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
  release(request);
  if (kind == RequestKind::time) {
    // No answer: read the clock again while attempts remain, then log in regardless.
    if (++time_attempts_ >= kTimeAttempts) {
      send_login();
    } else {
      login_timer_.expires_after(kTimeRetryDelay);
      login_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) send_time_query();
      });
    }
  } else if ((kind == RequestKind::open_orders || kind == RequestKind::trade_history ||
              kind == RequestKind::order_query) &&
             current_round) {
    retry_reconciliation_later();
  } else if (open_orders_wanted_ && !open_orders_sent_) {
    continue_reconciliation();
  }
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

void BtseSession::begin_reconciliation() noexcept {
  if (!logged_in_ || stopped_) return;
  ++round_;
  retry_timer_.cancel();
  wake_armed_ = false;
  set_state(VenueState::reconciling);
  // The order core's queries for the orders the disconnect (or the audit) left unknown: the open
  // orders first, then one per order.
  const std::size_t n =
      host_.orders().reconciliation_queries(kVenue, {query_scratch_.get(), kMaxReconcileQueries});
  item_count_ = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const oms::VenueQuery& q = query_scratch_[i];
    if (q.kind == oms::QueryKind::open_orders) continue;
    items_[item_count_++] = ReconcileItem{q, 0, false};
  }
  next_item_ = 0;
  items_outstanding_ = 0;
  open_orders_wanted_ = true;
  open_orders_sent_ = false;
  open_orders_done_ = false;
  continue_reconciliation();
}

void BtseSession::wake_later(std::chrono::nanoseconds after) noexcept {
  if (wake_armed_) return;
  wake_armed_ = true;
  const std::uint64_t round = round_;
  retry_timer_.expires_after(after);
  retry_timer_.async_wait([this, round](const boost::system::error_code& ec) {
    wake_armed_ = false;
    if (ec || stopped_ || round != round_ || state_ != VenueState::reconciling) return;
    continue_reconciliation();
  });
}

void BtseSession::continue_reconciliation() noexcept {
  if (state_ != VenueState::reconciling || !open_orders_wanted_) return;
  if (!open_orders_sent_) {
    // New orders still awaiting their answer would look absent from the open orders (and be
    // closed as never placed): their answers come first.
    if (new_orders_in_flight_ != 0) return;
    if (!query_slot_free()) {
      ++counters_.queries_deferred;
      wake_later(std::chrono::milliseconds(50));
      return;
    }
    const std::uint64_t start = host_.now_ns();
    PendingRequest* pending = allocate_request(RequestKind::open_orders);
    if (pending == nullptr) {
      retry_reconciliation_later();
      return;
    }
    codecs::RestRequest request;
    if (encoder_.open_orders({}, next_nonce(), {out_.get(), out_capacity_}, request) != CodecError::ok ||
        send_rest(request, start, *pending) != SendError::ok) {
      release(*pending);
      retry_reconciliation_later();
      return;
    }
    note_query_sent();
    open_orders_sent_ = true;
    return;
  }
  if (!open_orders_done_) return;
  while (next_item_ < item_count_) {
    ReconcileItem& item = items_[next_item_];
    const oms::Order* o = host_.orders().get(item.query.order);
    if (o == nullptr || o->venue != kVenue || o->state != OrderState::unknown) {
      ++next_item_;  // resolved by the open orders or a notification meanwhile
      continue;
    }
    const SendError e = send_item_queries(next_item_);
    if (e == SendError::too_many_pending) {
      ++counters_.queries_deferred;
      wake_later(std::chrono::milliseconds(50));
      return;
    }
    if (e != SendError::ok) {
      retry_reconciliation_later();
      return;
    }
    ++next_item_;
  }
  finish_reconciliation_if_done();
}

SendError BtseSession::send_item_queries(std::size_t index) noexcept {
  ReconcileItem& item = items_[index];
  const oms::Order* o = host_.orders().get(item.query.order);
  if (o == nullptr) return SendError::encode_failed;
  const std::string_view symbol = host_.orders().symbols().text(o->symbol);
  const bool named = !o->venue_order_id.empty();
  // Never acknowledged to us: its own state is asked too (the trades alone cannot tell a
  // cancelled, unfilled order from one that never reached the venue).
  const std::size_t needed = named ? 1 : 2;
  std::size_t free_slots = 0;
  for (std::size_t i = 0; i < query_times_.size(); ++i) {
    free_slots += query_times_[i] == 0 || host_.now_ns() - query_times_[i] >= kQueryWindowNs ? 1 : 0;
  }
  if (free_slots < needed) return SendError::too_many_pending;

  auto send = [&](RequestKind kind) noexcept -> SendError {
    const std::uint64_t start = host_.now_ns();
    PendingRequest* pending = allocate_request(kind);
    if (pending == nullptr) return SendError::too_many_pending;
    pending->item = index;
    const auto s = SymbolText::from(symbol);
    pending->symbol = s.ok() ? *s : SymbolText{};
    pending->order_id = o->venue_order_id;
    pending->client_order_id = o->client_order_id;
    codecs::RestRequest request;
    CodecError encoded = CodecError::ok;
    if (kind == RequestKind::trade_history) {
      btse::TradeHistoryQuery q;
      q.symbol = symbol;
      if (named) {
        q.order_id = o->venue_order_id.view();
      } else {
        q.client_order_id = o->client_order_id.view();
      }
      encoded = encoder_.trade_history(q, next_nonce(), {out_.get(), out_capacity_}, request);
    } else {
      encoded = encoder_.query_order({{}, o->client_order_id.view()}, next_nonce(), {out_.get(), out_capacity_}, request);
    }
    if (encoded != CodecError::ok) {
      release(*pending);
      return SendError::encode_failed;
    }
    const SendError sent = send_rest(request, start, *pending);
    if (sent != SendError::ok) {
      release(*pending);
      return sent;
    }
    note_query_sent();
    ++item.outstanding;
    return SendError::ok;
  };
  item.outstanding = 0;
  item.sent = true;
  ++items_outstanding_;
  // The order's own state first: its answer binds the venue's id before the trades arrive.
  if (!named) {
    if (const SendError e = send(RequestKind::order_query); e != SendError::ok) return e;
  }
  return send(RequestKind::trade_history);
}

void BtseSession::on_open_orders_answered(bool ok) noexcept {
  if (!ok) {
    retry_reconciliation_later();
    return;
  }
  open_orders_done_ = true;
  host_.orders().end_of_open_orders(kVenue);
  continue_reconciliation();
}

void BtseSession::on_item_answered(std::size_t index, bool ok) noexcept {
  if (!ok) {
    retry_reconciliation_later();
    return;
  }
  if (index >= item_count_) return;
  ReconcileItem& item = items_[index];
  if (item.outstanding > 0) --item.outstanding;
  if (item.outstanding != 0) return;
  (void)host_.orders().end_of_order_history(item.query.order);
  if (items_outstanding_ > 0) --items_outstanding_;
  continue_reconciliation();
}

void BtseSession::finish_reconciliation_if_done() noexcept {
  if (!open_orders_done_ || next_item_ < item_count_ || items_outstanding_ != 0 ||
      state_ != VenueState::reconciling) {
    return;
  }
  open_orders_wanted_ = false;
  ++counters_.reconciliations;
  set_state(VenueState::ready);
}

void BtseSession::retry_reconciliation_later() noexcept {
  ++counters_.reconcile_retries;
  ++round_;  // answers still out belong to the failed round
  open_orders_wanted_ = false;
  wake_armed_ = false;
  retry_timer_.expires_after(kRetryDelay);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || !logged_in_ || state_ != VenueState::reconciling) return;
    begin_reconciliation();
  });
}

}  // namespace oex::engine
