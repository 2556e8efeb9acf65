#include "oex/engine/digifinex_session.hpp"

#include <boost/asio/post.hpp>

#include <charconv>
#include <stdexcept>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/digifinex/ws_encoder.hpp"
#include "oex/core/clock.hpp"

namespace oex::engine {
namespace {

namespace dfx = codecs::digifinex;
using codecs::CodecError;

constexpr Venue kVenue = Venue::digifinex;
constexpr std::int64_t kPingId = 0;  // the heartbeat's id; every other request counts from 1
constexpr std::size_t kInflateCapacity = 1 << 20;
constexpr std::size_t kRequestCapacity = 16 * 1024;
constexpr std::size_t kBatchCapacity = 4096;  // orders one reconciliation can query
constexpr auto kRetryDelay = std::chrono::milliseconds(300);
constexpr std::uint64_t kResubscribeIntervalNs = 500'000'000;

transport::Endpoint transport_endpoint(const Endpoint& e, const char* key) {
  transport::Endpoint out;
  out.host = e.host;
  out.port = e.port;
  if (!transport::resolve_endpoint(out)) {
    throw std::runtime_error(std::string("venues.digifinex.") + key + ": cannot resolve " + e.host);
  }
  return out;
}

// The id of an answer ({"error":..,"result":..,"id":N}); -1 when it has none.
std::int64_t answer_id(std::string_view text) noexcept {
  const std::size_t at = text.rfind("\"id\":");
  if (at == std::string_view::npos) return -1;
  std::size_t i = at + 5;
  while (i < text.size() && text[i] == ' ') ++i;
  std::int64_t id = -1;
  const auto r = std::from_chars(text.data() + i, text.data() + text.size(), id);
  return r.ec == std::errc() ? id : -1;
}

std::string_view request_line(transport::HttpMethod m, std::string_view path, std::array<char, 256>& buf) noexcept {
  codecs::BufferWriter w(buf.data(), buf.size());
  w.put(transport::method_name(m)).put(' ').put(path);
  return w.ok() ? w.view() : path;
}

}  // namespace

DigifinexSession::DigifinexSession(SessionHost& host, const SessionSettings& settings)
    : host_(host),
      venue_(settings.venue),
      io_(settings.io),
      api_key_(settings.venue.api_key.reveal()),
      hmac_(settings.venue.secret.reveal()),
      inflated_(std::make_unique<char[]>(kInflateCapacity)),
      inflated_capacity_(kInflateCapacity),
      out_(std::make_unique<char[]>(kRequestCapacity)),
      out_capacity_(kRequestCapacity),
      pending_capacity_(settings.max_pending_requests == 0 ? 1 : settings.max_pending_requests),
      batch_capacity_(kBatchCapacity),
      retry_timer_(settings.io) {
  if (!venue_.ws) throw std::runtime_error("venues.digifinex.ws: required (the order and market pushes)");
  if (!venue_.rest) throw std::runtime_error("venues.digifinex.rest: required (order entry)");
  if (venue_.api_key.empty()) throw std::runtime_error("venues.digifinex.credentials.api_key: empty");
  if (venue_.secret.empty()) throw std::runtime_error("venues.digifinex.credentials.secret: empty");
  if (venue_.instruments.empty()) throw std::runtime_error("venues.digifinex.instruments: none configured");
  if ((venue_.ws->tls() || venue_.rest->tls()) && settings.tls == nullptr) {
    throw std::runtime_error("venues.digifinex.ca_file: a TLS context is needed for https/wss");
  }
  for (const Instrument& i : venue_.instruments) {
    const std::size_t underscore = i.symbol.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == i.symbol.size()) {
      throw std::runtime_error("venues.digifinex.instruments: symbol " + i.symbol + " is not BASE_QUOTE");
    }
    symbols_.push_back(i.symbol);
    for (const std::string& asset : {i.symbol.substr(0, underscore), i.symbol.substr(underscore + 1)}) {
      bool known = false;
      for (const std::string& a : assets_) known = known || a == asset;
      if (!known) assets_.push_back(asset);
    }
  }
  pending_ = std::make_unique<PendingRequest[]>(pending_capacity_);
  last_resubscribe_ns_ = std::make_unique<std::uint64_t[]>(symbols_.size());
  batch_ids_ = std::make_unique<std::string_view[]>(batch_capacity_);
  batch_handles_ = std::make_unique<oms::OrderHandle[]>(batch_capacity_);

  transport::WsConfig ws;
  ws.endpoint = transport_endpoint(*venue_.ws, "ws");
  ws.path = venue_.ws->path.empty() ? "/ws/v1/" : venue_.ws->path;
  ws.stream.poll_reads = settings.poll_notification_reads;
  ws.idle_timeout = std::chrono::milliseconds(30'000);
  ws.heartbeat_interval = std::chrono::milliseconds(5'000);
  {
    const auto ping = dfx::encode_ping(ws_out_, kPingId);
    if (!ping.ok()) throw std::runtime_error("venues.digifinex: cannot write server.ping");
    ws.heartbeat_message = std::string(*ping);
  }
  transport::WsHandlers ws_handlers;
  ws_handlers.on_open = ws_open_;
  ws_handlers.on_message = ws_message_;
  ws_handlers.on_disconnect = ws_disconnect_;
  ws_ = std::make_unique<transport::WsClient>(io_, std::move(ws), venue_.ws->tls() ? settings.tls : nullptr, ws_handlers);

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

DigifinexSession::~DigifinexSession() { stop(); }

void DigifinexSession::set_state(VenueState s) noexcept {
  state_ = s;
  host_.set_state(kVenue, s);
}

Connections DigifinexSession::connections() const noexcept {
  Connections c;
  c.add(ws_->is_open() ? 1 : 0, 1);
  c.add(http_->open_connections(), http_->size());
  return c;
}

void DigifinexSession::start() {
  if (!stopped_) return;
  stopped_ = false;
  set_state(VenueState::connecting);
  http_->start();
  ws_->start();
}

void DigifinexSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  authenticated_ = false;
  retry_timer_.cancel();
  ws_->stop();
  http_->stop();
  set_state(VenueState::stopped);
}

// ---------------------------------------------------------------------------------------------
// WS

std::int64_t DigifinexSession::next_ws_id() noexcept { return next_ws_id_++; }

bool DigifinexSession::send_ws(std::string_view text, std::int64_t id, std::string_view method) noexcept {
  ws_requests_[static_cast<std::size_t>(id) % kWsRequests] = WsRequest{id, method};
  host_.message_out(kVenue, capture::Channel::ws, text);
  return ws_->send_text(text) == transport::TransportError::ok;
}

void DigifinexSession::on_ws_open() noexcept {
  authenticated_ = false;
  set_state(VenueState::authenticating);
  // The venue's clock first (nonces and REST timestamps lean on it), then the login.
  const std::int64_t time_id = next_ws_id();
  if (const auto t = dfx::encode_time(ws_out_, time_id); t.ok()) (void)send_ws(*t, time_id, "server.time");
  const std::int64_t auth_id = next_ws_id();
  const auto now_ms = static_cast<std::int64_t>(wall_clock_ms()) + clock_offset_ms_;
  if (const auto a = dfx::encode_auth(ws_out_, auth_id, api_key_, now_ms, hmac_); a.ok()) {
    (void)send_ws(*a, auth_id, "server.auth");
  }
}

void DigifinexSession::subscribe_all() noexcept {
  std::string_view names[64];
  const std::size_t symbol_count = std::min<std::size_t>(symbols_.size(), 64);
  for (std::size_t i = 0; i < symbol_count; ++i) names[i] = symbols_[i];
  const std::span<const std::string_view> markets(names, symbol_count);
  // order first: its acknowledgement starts the reconciliation, so no push can fall between.
  const struct {
    dfx::Channel channel;
    std::string_view method;
  } channels[] = {{dfx::Channel::order, "order.subscribe"},
                  {dfx::Channel::depth, "depth.subscribe"},
                  {dfx::Channel::ticker, "ticker.subscribe"}};
  for (const auto& c : channels) {
    const std::int64_t id = next_ws_id();
    if (const auto text = dfx::encode_subscribe(ws_out_, id, c.channel, markets); text.ok()) {
      (void)send_ws(*text, id, c.method);
    }
  }
  std::string_view currencies[64];
  const std::size_t asset_count = std::min<std::size_t>(assets_.size(), 64);
  for (std::size_t i = 0; i < asset_count; ++i) currencies[i] = assets_[i];
  const std::int64_t id = next_ws_id();
  if (const auto text = dfx::encode_subscribe(ws_out_, id, dfx::Channel::balance, {currencies, asset_count});
      text.ok()) {
    (void)send_ws(*text, id, "balance.subscribe");
  }
}

void DigifinexSession::resubscribe_book(std::string_view symbol) noexcept {
  // A new depth.subscribe makes the venue send the full book (clean = true) again. Increments
  // keep failing until it arrives: one request per market per interval, not one per increment.
  std::size_t index = 0;
  while (index < symbols_.size() && symbols_[index] != symbol) ++index;
  if (index == symbols_.size()) return;
  const std::uint64_t now = host_.now_ns();
  if (last_resubscribe_ns_[index] != 0 && now - last_resubscribe_ns_[index] < kResubscribeIntervalNs) return;
  last_resubscribe_ns_[index] = now;
  ++counters_.book_resubscribes;
  const std::string_view markets[] = {symbol};
  const std::int64_t id = next_ws_id();
  if (const auto text = dfx::encode_subscribe(ws_out_, id, dfx::Channel::depth, markets); text.ok()) {
    (void)send_ws(*text, id, "depth.subscribe");
  }
}

void DigifinexSession::on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  const bool binary = opcode == transport::WsOpcode::binary;
  InboundMessage message(host_, kVenue, capture::Channel::ws,
                         {reinterpret_cast<const char*>(payload.data()), payload.size()}, binary);
  if (!binary) {
    handle_text({reinterpret_cast<const char*>(payload.data()), payload.size()});
    return;
  }
  const auto text = inflater_.inflate(payload, {inflated_.get(), inflated_capacity_});
  if (!text.ok()) {
    ++counters_.decode_errors;
    return;
  }
  handle_text(*text);
}

void DigifinexSession::handle_text(std::string_view text) noexcept {
  std::string_view answered;
  if (text.find("\"method\"") == std::string_view::npos) {
    const std::int64_t id = answer_id(text);
    if (id == kPingId) {
      answered = "server.ping";
    } else if (id > 0) {
      const WsRequest& r = ws_requests_[static_cast<std::size_t>(id) % kWsRequests];
      if (r.id == id) answered = r.method;
    }
  }
  const CodecError e = ws_decoder_.decode(
      text,
      [this](const auto& event) noexcept {
        using E = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<E, OrderUpdate>) {
          deliver_update(event);
        } else if constexpr (std::is_same_v<E, BookUpdate>) {
          if (host_.deliver(event) != BookError::ok) resubscribe_book(event.symbol);
        } else if constexpr (std::is_same_v<E, ServerTime>) {
          clock_offset_ms_ = event.venue_time_ms - static_cast<std::int64_t>(wall_clock_ms());
        } else if constexpr (std::is_same_v<E, SubscriptionAck>) {
          on_ack(event);
        } else if constexpr (std::is_same_v<E, Pong>) {
          // The heartbeat answered: the transport's idle timer already saw the bytes.
        } else {
          host_.deliver(event);
        }
      },
      answered);
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
}

void DigifinexSession::on_ack(const SubscriptionAck& ack) noexcept {
  if (ack.topic == "server.auth") {
    authenticated_ = true;
    subscribe_all();
  } else if (ack.topic == "order.subscribe" && authenticated_) {
    begin_reconciliation();
  }
}

void DigifinexSession::on_ws_disconnect(transport::DisconnectReason, transport::TransportError,
                                        std::uint16_t) noexcept {
  authenticated_ = false;
  ++round_;  // answers to an interrupted reconciliation no longer count
  open_orders_wanted_ = false;
  retry_timer_.cancel();
  ws_requests_ = {};
  if (!stopped_) set_state(VenueState::connecting);  // the host marks the open orders unknown
}

// ---------------------------------------------------------------------------------------------
// Events

void DigifinexSession::deliver_update(const OrderUpdate& update) noexcept {
  // DigiFinex has no client order id: a push about an id no order holds yet may be about an
  // order whose REST answer is still on its way. Hold it; the answer binds the id, and the order
  // is then queried for its state (the push itself is not kept: it would need storage).
  if (new_orders_in_flight() && host_.orders().find_by_venue_id(kVenue, update.order_id) == oms::kNoOrder) {
    ++counters_.held_updates;
    hold(update.order_id);
    return;
  }
  host_.deliver(update);
}

void DigifinexSession::hold(std::string_view venue_order_id) noexcept {
  for (const VenueOrderId& id : held_ids_) {
    if (id == venue_order_id) return;
  }
  const auto id = VenueOrderId::from(venue_order_id);
  if (!id.ok()) return;
  held_ids_[held_next_ % kHeldIds] = *id;
  ++held_next_;
}

bool DigifinexSession::held(std::string_view venue_order_id) noexcept {
  for (VenueOrderId& id : held_ids_) {
    if (!id.empty() && id == venue_order_id) {
      id = VenueOrderId{};
      return true;
    }
  }
  return false;
}

void DigifinexSession::on_new_order_ack(const NewOrderAck& ack, PendingRequest& request) noexcept {
  host_.deliver(ack);
  if (held(ack.order_id)) {
    ++counters_.follow_up_queries;
    const std::string_view ids[] = {ack.order_id};
    (void)send_query(ids, RequestKind::follow_up_query, {});
  }
  if (request.cancel_after_ack) {
    const std::string_view ids[] = {ack.order_id};
    (void)send_cancel_ids(ids);
  }
}

// ---------------------------------------------------------------------------------------------
// REST

DigifinexSession::PendingRequest* DigifinexSession::allocate_request() noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (!pending_[i].used) {
      PendingRequest& p = pending_[i];
      p.used = true;
      p.order = oms::kNoOrder;
      p.client_order_id = {};
      p.symbol = {};
      p.cancel_after_ack = false;
      p.ids_size = 0;
      p.handle_count = 0;
      p.round = round_;
      return &p;
    }
  }
  return nullptr;
}

DigifinexSession::PendingRequest* DigifinexSession::find_request(transport::RequestId id) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].id == id) return &pending_[i];
  }
  return nullptr;
}

void DigifinexSession::release(PendingRequest& request) noexcept {
  if (request.kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
  request.used = false;
}

std::int64_t DigifinexSession::venue_seconds() const noexcept {
  return (static_cast<std::int64_t>(wall_clock_ms()) + clock_offset_ms_) / 1000;
}

SendError DigifinexSession::send_rest(const codecs::RestRequest& request, transport::HttpMethod method,
                                      std::uint64_t encode_start, PendingRequest& pending) noexcept {
  codecs::BufferWriter h(headers_.data(), headers_.size());
  for (const codecs::Header& header : request.headers()) h.put(header.name).put(": ").put(header.value).put("\r\n");
  if (!request.content_type.empty()) h.put("Content-Type: ").put(request.content_type).put("\r\n");
  if (!h.ok()) return SendError::encode_failed;
  const std::uint64_t encoded = host_.now_ns();
  host_.record(kVenue, Stage::encode, encoded - encode_start);

  const std::size_t query = request.target.find('?');
  const std::string_view path = request.target.substr(0, query);
  host_.message_out(kVenue, capture::Channel::http, method == transport::HttpMethod::get ? request.target : request.body,
                    request_line(method, path, request_line_));
  const auto sent = http_->request(
      method, request.target, h.view(),
      {reinterpret_cast<const std::uint8_t*>(request.body.data()), request.body.size()});
  if (!sent.ok()) return SendError::transport_failed;
  host_.record(kVenue, Stage::send, host_.now_ns() - encoded);
  pending.id = *sent;
  host_.request_sent(kVenue);
  return SendError::ok;
}

SendError DigifinexSession::send_new(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  // Only limit orders and market sells: a market buy's amount is in the quote currency here,
  // which an order quantity in the base currency cannot say.
  const bool market = order.type == OrderType::market;
  if (order.type != OrderType::limit && !(market && order.side == Side::sell)) return SendError::not_supported;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  pending->kind = RequestKind::new_order;
  dfx::NewOrderFields fields;
  fields.symbol = host_.orders().symbols().text(order.symbol);
  fields.side = order.side;
  fields.market = market;
  fields.amount = order.qty;
  fields.price = order.price;
  const auto request = dfx::encode_new_order({out_.get(), out_capacity_}, fields, {api_key_, hmac_}, venue_seconds());
  if (!request.ok()) {
    pending->used = false;
    return SendError::encode_failed;
  }
  pending->client_order_id = order.client_order_id;
  const auto symbol = SymbolText::from(fields.symbol);
  pending->symbol = symbol.ok() ? *symbol : SymbolText{};
  const SendError sent = send_rest(*request, transport::HttpMethod::post, start, *pending);
  if (sent != SendError::ok) {
    pending->used = false;
    return sent;
  }
  ++new_orders_in_flight_;
  return SendError::ok;
}

SendError DigifinexSession::send_cancel_ids(std::span<const std::string_view> ids) noexcept {
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  pending->kind = RequestKind::cancel;
  const auto request = dfx::encode_cancel_orders({out_.get(), out_capacity_}, ids, {api_key_, hmac_}, venue_seconds());
  if (!request.ok()) {
    pending->used = false;
    return SendError::encode_failed;
  }
  codecs::BufferWriter list(pending->ids.data(), pending->ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) list.put(',');
    list.put(ids[i]);
  }
  pending->ids_size = list.ok() ? list.size() : 0;
  const SendError sent = send_rest(*request, transport::HttpMethod::post, start, *pending);
  if (sent != SendError::ok) pending->used = false;
  return sent;
}

SendError DigifinexSession::send_query(std::span<const std::string_view> ids, RequestKind kind,
                                       std::span<const oms::OrderHandle> handles) noexcept {
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  pending->kind = kind;
  const auto request = dfx::encode_query_orders({out_.get(), out_capacity_}, ids, {api_key_, hmac_}, venue_seconds());
  if (!request.ok()) {
    pending->used = false;
    return SendError::encode_failed;
  }
  pending->handle_count = std::min(handles.size(), pending->handles.size());
  for (std::size_t i = 0; i < pending->handle_count; ++i) pending->handles[i] = handles[i];
  const SendError sent = send_rest(*request, transport::HttpMethod::get, start, *pending);
  if (sent != SendError::ok) pending->used = false;
  return sent;
}

SendError DigifinexSession::send_cancel(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  if (order.venue_order_id.empty()) {
    // Not yet named by the venue: cancel as soon as the new order's answer names it.
    for (std::size_t i = 0; i < pending_capacity_; ++i) {
      PendingRequest& p = pending_[i];
      if (p.used && p.kind == RequestKind::new_order && p.client_order_id == order.client_order_id) {
        p.cancel_after_ack = true;
        return SendError::ok;
      }
    }
    return SendError::not_ready;
  }
  const std::string_view ids[] = {order.venue_order_id.view()};
  return send_cancel_ids(ids);
}

SendError DigifinexSession::send_amend(const oms::Order&, std::optional<Decimal>, std::optional<Decimal>) noexcept {
  return SendError::not_supported;
}

SendError DigifinexSession::send_dead_man(std::uint32_t) noexcept { return SendError::not_supported; }

SendError DigifinexSession::send_kill(const risk::KillAction& action) noexcept {
  if (stopped_) return SendError::not_ready;
  auto kill_one = [this](const oms::Order& o) noexcept {
    if (!o.venue_order_id.empty()) {
      queue_kill_cancel(o.venue_order_id.view());
      return;
    }
    for (std::size_t i = 0; i < pending_capacity_; ++i) {
      PendingRequest& p = pending_[i];
      if (p.used && p.kind == RequestKind::new_order && p.client_order_id == o.client_order_id) p.cancel_after_ack = true;
    }
  };
  switch (action.kind) {
    case risk::KillActionKind::cancel_order: {
      const oms::Order* o = host_.orders().get(action.order);
      if (o != nullptr && o->venue == kVenue) {
        kill_one(*o);
      } else if (!action.venue_order_id.empty()) {
        queue_kill_cancel(action.venue_order_id.view());
      }
      break;
    }
    case risk::KillActionKind::cancel_all_symbol:
      host_.orders().for_each_open(kVenue, action.symbol, [&](oms::OrderHandle, const oms::Order& o) { kill_one(o); });
      break;
    case risk::KillActionKind::cancel_all_venue:
      host_.orders().for_each_order([&](oms::OrderHandle, const oms::Order& o) {
        if (o.venue == kVenue && o.is_open()) kill_one(o);
      });
      break;
  }
  return SendError::ok;
}

void DigifinexSession::queue_kill_cancel(std::string_view venue_order_id) noexcept {
  const auto id = VenueOrderId::from(venue_order_id);
  if (!id.ok()) return;
  kill_ids_[kill_count_++] = *id;
  if (kill_count_ == kill_ids_.size()) {
    flush_kill_cancels();
    return;
  }
  // The engine hands the kill switch's actions over one by one: the cancels go out together,
  // comma-separated, once it is done.
  if (!kill_flush_posted_) {
    kill_flush_posted_ = true;
    boost::asio::post(io_, [this] {
      kill_flush_posted_ = false;
      flush_kill_cancels();
    });
  }
}

void DigifinexSession::flush_kill_cancels() noexcept {
  if (kill_count_ == 0) return;
  std::string_view ids[kMaxBatchIds];
  for (std::size_t i = 0; i < kill_count_; ++i) ids[i] = kill_ids_[i].view();
  (void)send_cancel_ids({ids, kill_count_});
  kill_count_ = 0;
}

SendError DigifinexSession::reconcile() noexcept {
  if (stopped_ || !authenticated_ || !ws_->is_open()) return SendError::not_ready;
  begin_reconciliation();
  return SendError::ok;
}

void DigifinexSession::on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  PendingRequest& request = *found;
  std::string_view path;
  dfx::RestContext context;
  switch (request.kind) {
    case RequestKind::new_order:
      path = "POST /v3/spot/order/new";
      context.endpoint = dfx::RestEndpoint::new_order;
      context.symbol = request.symbol.view();
      context.client_order_id = request.client_order_id.view();
      break;
    case RequestKind::cancel:
      path = "POST /v3/spot/order/cancel";
      context.endpoint = dfx::RestEndpoint::cancel_order;
      context.order_ids = request.id_list();
      break;
    case RequestKind::open_orders:
      path = "GET /v3/spot/order/current";
      context.endpoint = dfx::RestEndpoint::current_orders;
      break;
    case RequestKind::order_query:
    case RequestKind::follow_up_query:
      path = "GET /v3/spot/order";
      context.endpoint = dfx::RestEndpoint::query_order;
      break;
  }
  CodecError e = CodecError::ok;
  {
    InboundMessage message(host_, kVenue, capture::Channel::http, response.body_text(), false, path,
                           static_cast<std::uint16_t>(response.status));
    // A new order's answer is in: pushes about its id are the order's own from here on.
    if (request.kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
    const bool was_new = request.kind == RequestKind::new_order;
    e = rest_decoder_.decode(response.body_text(), response.status, context, [&](const auto& event) noexcept {
      using E = std::decay_t<decltype(event)>;
      if constexpr (std::is_same_v<E, NewOrderAck>) {
        if (was_new) on_new_order_ack(event, request);
      } else if constexpr (std::is_same_v<E, OrderUpdate>) {
        deliver_update(event);
      } else {
        host_.deliver(event);
      }
    });
  }
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  if (request.kind == RequestKind::open_orders && current_round) {
    request.used = false;
    if (e == CodecError::ok) {
      on_open_orders_answered();
    } else {
      retry_reconciliation_later();
    }
    return;
  }
  if (request.kind == RequestKind::order_query && current_round) {
    if (e == CodecError::ok) {
      on_query_answered(request);  // still held: nothing reuses its slot meanwhile
    } else {
      retry_reconciliation_later();
    }
    request.used = false;
    return;
  }
  request.used = false;
  // A new order answered while a reconciliation waits for the new orders to settle.
  if (open_orders_wanted_ && !open_orders_sent_) send_open_orders_query();
}

void DigifinexSession::on_http_failed(transport::RequestId id, transport::DisconnectReason,
                                      transport::TransportError) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  PendingRequest& request = *found;
  ++counters_.failed_requests;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  if (request.kind == RequestKind::cancel) {
    // No answer: the cancel may not have arrived; the order returns to what it was and the
    // strategy may cancel again.
    std::string_view rest = request.id_list();
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const CancelReject reject{kVenue, {}, rest.substr(0, comma), {}, "no_answer", "the cancel got no answer"};
      host_.deliver(reject);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  // A new order without an answer stays pending: only the venue knows whether it took, and the
  // next reconciliation asks it.
  const RequestKind kind = request.kind;
  release(request);
  if ((kind == RequestKind::open_orders || kind == RequestKind::order_query) && current_round) {
    retry_reconciliation_later();
  } else if (open_orders_wanted_ && !open_orders_sent_) {
    send_open_orders_query();
  }
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

void DigifinexSession::begin_reconciliation() noexcept {
  if (!authenticated_) return;
  ++round_;
  set_state(VenueState::reconciling);
  open_orders_wanted_ = true;
  open_orders_sent_ = false;
  open_orders_done_ = false;
  queries_outstanding_ = 0;
  send_open_orders_query();
}

void DigifinexSession::send_open_orders_query() noexcept {
  // New orders still awaiting their answer would look absent from the open orders (and be
  // closed as never placed): their answers come first.
  if (new_orders_in_flight()) return;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) {
    retry_reconciliation_later();
    return;
  }
  pending->kind = RequestKind::open_orders;
  const auto request = dfx::encode_current_orders({out_.get(), out_capacity_}, {}, {api_key_, hmac_}, venue_seconds());
  if (!request.ok() || send_rest(*request, transport::HttpMethod::get, start, *pending) != SendError::ok) {
    pending->used = false;
    retry_reconciliation_later();
    return;
  }
  open_orders_sent_ = true;
}

void DigifinexSession::on_open_orders_answered() noexcept {
  open_orders_done_ = true;
  oms::OrderManager& orders = host_.orders();
  orders.end_of_open_orders(kVenue);
  // The orders still unknown were filled or cancelled while nobody listened: ask for each.
  std::size_t count = 0;
  orders.for_each_order([&](oms::OrderHandle h, const oms::Order& o) {
    if (o.venue != kVenue || o.state != OrderState::unknown || o.venue_order_id.empty()) return;
    if (count < batch_capacity_) {
      batch_ids_[count] = o.venue_order_id.view();
      batch_handles_[count] = h;
      ++count;
    }
  });
  for (std::size_t first = 0; first < count; first += kMaxBatchIds) {
    const std::size_t n = std::min(kMaxBatchIds, count - first);
    if (send_query({batch_ids_.get() + first, n}, RequestKind::order_query, {batch_handles_.get() + first, n}) !=
        SendError::ok) {
      retry_reconciliation_later();
      return;
    }
    ++queries_outstanding_;
  }
  finish_reconciliation_if_done();
}

void DigifinexSession::on_query_answered(const PendingRequest& request) noexcept {
  for (std::size_t i = 0; i < request.handle_count; ++i) (void)host_.orders().end_of_order_history(request.handles[i]);
  if (queries_outstanding_ > 0) --queries_outstanding_;
  finish_reconciliation_if_done();
}

void DigifinexSession::finish_reconciliation_if_done() noexcept {
  if (!open_orders_done_ || queries_outstanding_ != 0 || state_ != VenueState::reconciling) return;
  open_orders_wanted_ = false;
  ++counters_.reconciliations;
  set_state(VenueState::ready);
}

void DigifinexSession::retry_reconciliation_later() noexcept {
  ++round_;  // answers still out belong to the failed round
  open_orders_wanted_ = false;
  retry_timer_.expires_after(kRetryDelay);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || !authenticated_ || state_ != VenueState::reconciling) return;
    begin_reconciliation();
  });
}

}  // namespace oex::engine
