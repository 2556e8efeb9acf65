#include "oex/engine/cryptomus_session.hpp"

#include <charconv>
#include <stdexcept>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/ws_encoder.hpp"
#include "oex/core/clock.hpp"

namespace oex::engine {
namespace {

namespace cmx = codecs::cryptomus;
using codecs::CodecError;

constexpr Venue kVenue = Venue::cryptomus;
constexpr std::int64_t kPingId = 0;  // the heartbeat's id; every other request counts from 1
constexpr std::size_t kRequestCapacity = 4096;
constexpr auto kRetryDelay = std::chrono::milliseconds(300);
constexpr std::size_t kMaxMarkets = 64;

transport::Endpoint transport_endpoint(const Endpoint& e, const char* key) {
  transport::Endpoint out;
  out.host = e.host;
  out.port = e.port;
  if (!transport::resolve_endpoint(out)) {
    throw std::runtime_error(std::string("venues.cryptomus.") + key + ": cannot resolve " + e.host);
  }
  return out;
}

// The id of an answer ({"id":N,...}, the id first); -1 when it has none.
std::int64_t answer_id(std::string_view text) noexcept {
  const std::size_t at = text.find("\"id\":");
  if (at == std::string_view::npos) return -1;
  std::size_t i = at + 5;
  while (i < text.size() && (text[i] == ' ' || text[i] == '"')) ++i;
  std::int64_t id = -1;
  const auto r = std::from_chars(text.data() + i, text.data() + text.size(), id);
  return r.ec == std::errc() ? id : -1;
}

std::string_view request_line(std::string_view method, std::string_view path, std::array<char, 256>& buf) noexcept {
  codecs::BufferWriter w(buf.data(), buf.size());
  w.put(method).put(' ').put(path);
  return w.ok() ? w.view() : path;
}

transport::HttpMethod http_method(std::string_view m) noexcept {
  if (m == "POST") return transport::HttpMethod::post;
  if (m == "DELETE") return transport::HttpMethod::del;
  if (m == "PUT") return transport::HttpMethod::put;
  return transport::HttpMethod::get;
}

}  // namespace

CryptomusSession::CryptomusSession(SessionHost& host, const SessionSettings& settings)
    : host_(host),
      venue_(settings.venue),
      io_(settings.io),
      ws_tls_(nullptr),
      api_key_(settings.venue.api_key.reveal()),
      user_id_(settings.venue.user_id.reveal()),
      out_(std::make_unique<char[]>(kRequestCapacity)),
      out_capacity_(kRequestCapacity),
      pending_capacity_(settings.max_pending_requests == 0 ? 1 : settings.max_pending_requests),
      backoff_(transport::ReconnectPolicy{}, reinterpret_cast<std::uintptr_t>(this)),
      reconnect_timer_(settings.io),
      retry_timer_(settings.io) {
  if (!venue_.ws) throw std::runtime_error("venues.cryptomus.ws: required (the order and market pushes)");
  if (!venue_.rest) throw std::runtime_error("venues.cryptomus.rest: required (order entry)");
  if (!venue_.token) throw std::runtime_error("venues.cryptomus.token: required (where the socket's token is issued)");
  if (venue_.token->path.empty()) throw std::runtime_error("venues.cryptomus.token: the URL needs the request's path");
  if (venue_.api_key.empty()) throw std::runtime_error("venues.cryptomus.credentials.api_key: empty");
  if (venue_.user_id.empty()) throw std::runtime_error("venues.cryptomus.credentials.user_id: required (the userId header)");
  if (venue_.instruments.empty()) throw std::runtime_error("venues.cryptomus.instruments: none configured");
  if (venue_.instruments.size() > kMaxMarkets) throw std::runtime_error("venues.cryptomus.instruments: at most 64");
  if ((venue_.ws->tls() || venue_.rest->tls() || venue_.token->tls()) && settings.tls == nullptr) {
    throw std::runtime_error("venues.cryptomus.ca_file: a TLS context is needed for https/wss");
  }
  for (const Instrument& i : venue_.instruments) {
    const std::size_t underscore = i.symbol.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == i.symbol.size()) {
      throw std::runtime_error("venues.cryptomus.instruments: symbol " + i.symbol + " is not BASE_QUOTE");
    }
    markets_.push_back(i.symbol);
    for (const std::string& asset : {i.symbol.substr(0, underscore), i.symbol.substr(underscore + 1)}) {
      bool known = false;
      for (const std::string& a : assets_) known = known || a == asset;
      if (!known) assets_.push_back(asset);
    }
  }
  pending_ = std::make_unique<PendingRequest[]>(pending_capacity_);

  ws_config_.endpoint = transport_endpoint(*venue_.ws, "ws");
  ws_path_ = venue_.ws->path.empty() ? "/ws" : venue_.ws->path;
  ws_config_.idle_timeout = std::chrono::milliseconds(120'000);  // pongs answer every ping
  ws_config_.heartbeat_interval = kPingInterval;
  ws_config_.reconnect.enabled = false;  // every socket needs a fresh token: reconnects are ours
  ws_config_.stream.poll_reads = settings.poll_notification_reads;
  {
    const auto ping = cmx::encode_ping(ws_out_, kPingId);
    if (!ping.ok()) throw std::runtime_error("venues.cryptomus: cannot write ping");
    ws_config_.heartbeat_message = std::string(*ping);
  }
  ws_tls_ = venue_.ws->tls() ? settings.tls : nullptr;

  transport::HttpConfig http;
  http.endpoint = transport_endpoint(*venue_.rest, "rest");
  http.max_in_flight = 64;
  http.request_timeout = std::chrono::milliseconds(5'000);
  transport::HttpHandlers http_handlers;
  http_handlers.on_connected = http_nothing_;
  http_handlers.on_response = http_answer_;
  http_handlers.on_request_failed = http_failed_;
  http_handlers.on_disconnect = http_down_;
  http_ = std::make_unique<transport::HttpPool>(io_, http, venue_.rest->tls() ? settings.tls : nullptr, http_handlers, 2);

  transport::HttpConfig token;
  token.endpoint = transport_endpoint(*venue_.token, "token");
  token.max_in_flight = 2;
  token.request_timeout = std::chrono::milliseconds(5'000);
  transport::HttpHandlers token_handlers;
  token_handlers.on_connected = token_connected_;
  token_handlers.on_response = token_answer_;
  token_handlers.on_request_failed = token_failed_;
  token_handlers.on_disconnect = http_down_;
  token_http_ =
      std::make_unique<transport::HttpPool>(io_, token, venue_.token->tls() ? settings.tls : nullptr, token_handlers, 1);
}

CryptomusSession::~CryptomusSession() { stop(); }

void CryptomusSession::set_state(VenueState s) noexcept {
  state_ = s;
  host_.set_state(kVenue, s);
}

Connections CryptomusSession::connections() const noexcept {
  Connections c;
  c.add(ws_ && ws_->is_open() ? 1 : 0, 1);  // made anew with each token
  c.add(http_->open_connections(), http_->size());
  c.add(token_http_->open_connections(), token_http_->size());
  return c;
}

void CryptomusSession::start() {
  if (!stopped_) return;
  stopped_ = false;
  backoff_.reset();
  set_state(VenueState::connecting);
  http_->start();
  token_http_->start();
  request_token();
}

void CryptomusSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  subscribed_ = false;
  reconnect_timer_.cancel();
  retry_timer_.cancel();
  if (ws_) ws_->stop();
  http_->stop();
  token_http_->stop();
  set_state(VenueState::stopped);
}

// ---------------------------------------------------------------------------------------------
// Token and socket

void CryptomusSession::request_token() noexcept {
  if (stopped_ || token_in_flight_) return;
  codecs::RestRequest request;
  const cmx::TokenRequestConfig config{"POST", venue_.token->path};
  if (cmx::encode_token_request(token_out_, config, user_id_, api_key_, request) != CodecError::ok) {
    ++counters_.token_failures;
    schedule_reconnect();
    return;
  }
  codecs::BufferWriter h(headers_.data(), headers_.size());
  for (const codecs::Header& header : request.headers()) h.put(header.name).put(": ").put(header.value).put("\r\n");
  if (!h.ok()) {
    ++counters_.token_failures;
    return;
  }
  const auto sent = token_http_->request(http_method(request.method), request.target, h.view(), {});
  if (!sent.ok()) {
    token_wanted_ = true;  // not connected yet: asked again once it is
    return;
  }
  host_.message_out(kVenue, capture::Channel::http, request.body, request_line(request.method, request.target, request_line_));
  token_wanted_ = false;
  token_in_flight_ = true;
  token_request_ = *sent;
}

void CryptomusSession::on_token_connected() noexcept {
  if (token_wanted_) request_token();
}

void CryptomusSession::on_token_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  if (!token_in_flight_ || id != token_request_) return;
  token_in_flight_ = false;
  std::string_view token;
  {
    InboundMessage message(host_, kVenue, capture::Channel::http, response.body_text(), false,
                           request_line("POST", venue_.token->path, request_line_),
                           static_cast<std::uint16_t>(response.status));
    const CodecError e = token_decoder_.decode(cmx::Endpoint::token, response.status, response.body_text(),
                                               [&](const auto& event) noexcept {
                                                 using E = std::decay_t<decltype(event)>;
                                                 if constexpr (std::is_same_v<E, cmx::TokenResponse>) {
                                                   token = event.token;
                                                 } else if constexpr (std::is_same_v<E, VenueError>) {
                                                   host_.deliver(event);
                                                 }
                                               });
    if (e != CodecError::ok) token = {};
  }
  if (stopped_) return;
  if (token.empty()) {
    ++counters_.token_failures;
    schedule_reconnect();
    return;
  }
  ++counters_.tokens;
  open_socket(token);
}

void CryptomusSession::on_token_failed(transport::RequestId id, transport::DisconnectReason,
                                       transport::TransportError) noexcept {
  if (!token_in_flight_ || id != token_request_) return;
  token_in_flight_ = false;
  ++counters_.token_failures;
  schedule_reconnect();
}

void CryptomusSession::open_socket(std::string_view token) {
  // A new socket per token (its path carries it). Only on (re)connect, never per message. The
  // old socket is closed and outside its own callbacks here (we are in the token's answer).
  ws_.reset();
  ws_config_.path = ws_path_;
  ws_config_.path += "?token=";
  ws_config_.path += token;
  transport::WsHandlers handlers;
  handlers.on_open = ws_open_;
  handlers.on_message = ws_message_;
  handlers.on_disconnect = ws_disconnect_;
  ws_ = std::make_unique<transport::WsClient>(io_, ws_config_, ws_tls_, handlers);
  ws_->start();
}

void CryptomusSession::schedule_reconnect() noexcept {
  if (stopped_) return;
  reconnect_timer_.expires_after(backoff_.next());
  reconnect_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    request_token();
  });
}

// ---------------------------------------------------------------------------------------------
// WS

bool CryptomusSession::send_ws(std::string_view text, std::int64_t id, std::string_view method) noexcept {
  ws_requests_[static_cast<std::size_t>(id) % kWsRequests] = WsRequest{id, method};
  host_.message_out(kVenue, capture::Channel::ws, text);
  return ws_ && ws_->send_text(text) == transport::TransportError::ok;
}

void CryptomusSession::on_ws_open() noexcept {
  backoff_.reset();
  set_state(VenueState::authenticating);  // the token was the login: subscribing now
  subscribe_all();
  subscribed_ = true;
}

void CryptomusSession::subscribe_all() noexcept {
  std::string_view names[kMaxMarkets];
  cmx::DepthTopic topics[kMaxMarkets];
  const std::size_t count = markets_.size();
  for (std::size_t i = 0; i < count; ++i) {
    names[i] = markets_[i];
    topics[i] = cmx::DepthTopic{markets_[i], 0};
  }
  const std::span<const std::string_view> markets(names, count);
  // The order acknowledgement starts the reconciliation: deal and balance go out first, so that
  // every push after it is heard.
  const struct {
    cmx::Channel channel;
    std::string_view method;
  } channels[] = {{cmx::Channel::deal, "deal_subscribe"}, {cmx::Channel::order, "order_subscribe"}};
  for (const auto& c : channels) {
    const std::int64_t id = next_ws_id();
    if (const auto text = cmx::encode_subscribe(ws_out_, id, c.channel, markets); text.ok()) {
      (void)send_ws(*text, id, c.method);
    }
  }
  std::string_view currencies[2 * kMaxMarkets];
  for (std::size_t i = 0; i < assets_.size(); ++i) currencies[i] = assets_[i];
  std::int64_t id = next_ws_id();
  if (const auto text = cmx::encode_subscribe(ws_out_, id, cmx::Channel::balance, {currencies, assets_.size()});
      text.ok()) {
    (void)send_ws(*text, id, "balance_subscribe");
  }
  id = next_ws_id();
  if (const auto text = cmx::encode_depth_subscribe(ws_out_, id, {topics, count}); text.ok()) {
    (void)send_ws(*text, id, "depth_subscribe");
  }
}

void CryptomusSession::resubscribe_book(std::string_view market) noexcept {
  // The venue refuses a second subscription to a channel: unsubscribe, then subscribe again,
  // which sends the full book (full_reload) anew.
  ++counters_.book_resubscribes;
  std::string_view names[kMaxMarkets];
  cmx::DepthTopic topics[kMaxMarkets];
  for (std::size_t i = 0; i < markets_.size(); ++i) {
    names[i] = markets_[i];
    topics[i] = cmx::DepthTopic{markets_[i], 0};
  }
  (void)market;  // the channel is one for every market: all books come again
  std::int64_t id = next_ws_id();
  if (const auto text = cmx::encode_depth_unsubscribe(ws_out_, id, {topics, markets_.size()}); text.ok()) {
    (void)send_ws(*text, id, "depth_unsubscribe");
  }
  id = next_ws_id();
  if (const auto text = cmx::encode_depth_subscribe(ws_out_, id, {topics, markets_.size()}); text.ok()) {
    (void)send_ws(*text, id, "depth_subscribe");
  }
}

void CryptomusSession::on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  InboundMessage message(host_, kVenue, capture::Channel::ws, text, opcode == transport::WsOpcode::binary);
  std::string_view answered;
  if (text.find("\"method\"") == std::string_view::npos) {
    const std::int64_t id = answer_id(text);
    if (id > 0) {
      const WsRequest& r = ws_requests_[static_cast<std::size_t>(id) % kWsRequests];
      if (r.id == id) answered = r.method;
    }
  }
  const CodecError e = ws_decoder_.decode(
      text,
      [this](const auto& event) noexcept {
        using E = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<E, OrderUpdate>) {
          host_.deliver(event);
        } else if constexpr (std::is_same_v<E, BookUpdate>) {
          // The stream is "market:scale_index"; only scale 0 is subscribed, and the host keeps the
          // book under the market's own name.
          BookUpdate book = event;
          const std::size_t colon = book.symbol.rfind(':');
          if (colon != std::string_view::npos) book.symbol = book.symbol.substr(0, colon);
          if (host_.deliver(book) != BookError::ok) resubscribe_book(book.symbol);
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

void CryptomusSession::on_ack(const SubscriptionAck& ack) noexcept {
  if (ack.topic == "order_subscribe" && subscribed_ && state_ == VenueState::authenticating) begin_reconciliation();
}

void CryptomusSession::on_ws_disconnect(transport::DisconnectReason, transport::TransportError,
                                        std::uint16_t) noexcept {
  subscribed_ = false;
  ++round_;  // answers to an interrupted reconciliation no longer count
  open_orders_wanted_ = false;
  retry_timer_.cancel();
  ws_requests_ = {};
  if (stopped_) return;
  set_state(VenueState::connecting);  // the host marks the open orders unknown
  schedule_reconnect();               // a fresh token, then a new socket
}

// ---------------------------------------------------------------------------------------------
// REST

CryptomusSession::PendingRequest* CryptomusSession::allocate_request() noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (!pending_[i].used) {
      PendingRequest& p = pending_[i];
      p.used = true;
      p.market = false;
      p.client_order_id = {};
      p.symbol = {};
      p.order_id = {};
      p.cancel_after_ack = false;
      p.round = round_;
      return &p;
    }
  }
  return nullptr;
}

CryptomusSession::PendingRequest* CryptomusSession::find_request(transport::RequestId id) noexcept {
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    if (pending_[i].used && pending_[i].id == id) return &pending_[i];
  }
  return nullptr;
}

SendError CryptomusSession::send_rest(const codecs::RestRequest& request, transport::HttpMethod method,
                                      std::uint64_t encode_start, PendingRequest& pending) noexcept {
  codecs::BufferWriter h(headers_.data(), headers_.size());
  for (const codecs::Header& header : request.headers()) h.put(header.name).put(": ").put(header.value).put("\r\n");
  if (!request.content_type.empty()) h.put("Content-Type: ").put(request.content_type).put("\r\n");
  if (!h.ok()) return SendError::encode_failed;
  const std::uint64_t encoded = host_.now_ns();
  host_.record(kVenue, Stage::encode, encoded - encode_start);
  host_.message_out(kVenue, capture::Channel::http, request.body,
                    request_line(request.method, request.target, request_line_));
  const auto sent = http_->request(method, request.target, h.view(),
                                   {reinterpret_cast<const std::uint8_t*>(request.body.data()), request.body.size()});
  if (!sent.ok()) return SendError::transport_failed;
  host_.record(kVenue, Stage::send, host_.now_ns() - encoded);
  pending.id = *sent;
  host_.request_sent(kVenue);
  return SendError::ok;
}

SendError CryptomusSession::send_new(const oms::Order& order) noexcept {
  if (state_ != VenueState::ready) return SendError::not_ready;
  if (order.type != OrderType::limit && order.type != OrderType::market) return SendError::not_supported;
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  pending->kind = RequestKind::new_order;
  pending->market = order.type == OrderType::market;
  const std::string_view market = host_.orders().symbols().text(order.symbol);
  const cmx::UserCredentials credentials{user_id_, api_key_};
  const auto request =
      pending->market
          ? cmx::encode_market_order({out_.get(), out_capacity_},
                                     {market, order.side, order.qty, std::nullopt, order.client_order_id.view()},
                                     credentials)
          : cmx::encode_limit_order({out_.get(), out_capacity_},
                                    {market, order.side, order.qty, order.price, order.client_order_id.view()},
                                    credentials);
  if (!request.ok()) {
    pending->used = false;
    return SendError::encode_failed;
  }
  pending->client_order_id = order.client_order_id;
  const auto symbol = SymbolText::from(market);
  pending->symbol = symbol.ok() ? *symbol : SymbolText{};
  const SendError sent = send_rest(*request, transport::HttpMethod::post, start, *pending);
  if (sent != SendError::ok) {
    pending->used = false;
    return sent;
  }
  ++new_orders_in_flight_;
  return SendError::ok;
}

SendError CryptomusSession::send_cancel_id(std::string_view order_id) noexcept {
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) return SendError::too_many_pending;
  pending->kind = RequestKind::cancel;
  const auto id = VenueOrderId::from(order_id);
  const auto request = cmx::encode_cancel_order({out_.get(), out_capacity_}, order_id, {user_id_, api_key_});
  if (!id.ok() || !request.ok()) {
    pending->used = false;
    return SendError::encode_failed;
  }
  pending->order_id = *id;
  const SendError sent = send_rest(*request, transport::HttpMethod::del, start, *pending);
  if (sent != SendError::ok) pending->used = false;
  return sent;
}

SendError CryptomusSession::send_cancel(const oms::Order& order) noexcept {
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
  return send_cancel_id(order.venue_order_id.view());
}

SendError CryptomusSession::send_amend(const oms::Order&, std::optional<Decimal>, std::optional<Decimal>) noexcept {
  return SendError::not_supported;
}

SendError CryptomusSession::send_dead_man(std::uint32_t) noexcept { return SendError::not_supported; }

void CryptomusSession::kill_one(const oms::Order& o) noexcept {
  if (!o.venue_order_id.empty()) {
    (void)send_cancel_id(o.venue_order_id.view());
    return;
  }
  for (std::size_t i = 0; i < pending_capacity_; ++i) {
    PendingRequest& p = pending_[i];
    if (p.used && p.kind == RequestKind::new_order && p.client_order_id == o.client_order_id) p.cancel_after_ack = true;
  }
}

SendError CryptomusSession::send_kill(const risk::KillAction& action) noexcept {
  if (stopped_) return SendError::not_ready;
  switch (action.kind) {
    case risk::KillActionKind::cancel_order: {
      const oms::Order* o = host_.orders().get(action.order);
      if (o != nullptr && o->venue == kVenue) {
        kill_one(*o);
      } else if (!action.venue_order_id.empty()) {
        (void)send_cancel_id(action.venue_order_id.view());
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

SendError CryptomusSession::reconcile() noexcept {
  if (stopped_ || !subscribed_ || !ws_ || !ws_->is_open()) return SendError::not_ready;
  begin_reconciliation();
  return SendError::ok;
}

void CryptomusSession::on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  PendingRequest& request = *found;
  std::string_view line;
  cmx::OrderRestContext context;
  switch (request.kind) {
    case RequestKind::new_order:
      line = request.market ? "POST /v2/user-api/exchange/orders/market" : "POST /v2/user-api/exchange/orders";
      context.endpoint = request.market ? cmx::OrderEndpoint::market_order : cmx::OrderEndpoint::limit_order;
      context.market = request.symbol.view();
      context.client_order_id = request.client_order_id.view();
      break;
    case RequestKind::cancel: {
      codecs::BufferWriter w(request_line_.data(), request_line_.size());
      w.put("DELETE ").put(cmx::kOrdersPath).put('/').put(request.order_id.view());
      line = w.ok() ? w.view() : std::string_view("DELETE /v2/user-api/exchange/orders");
      context.endpoint = cmx::OrderEndpoint::cancel_order;
      context.order_id = request.order_id.view();
      break;
    }
    case RequestKind::open_orders:
      line = "GET /v2/user-api/exchange/orders";
      context.endpoint = cmx::OrderEndpoint::open_orders;
      break;
    case RequestKind::order_history:
      line = "GET /v2/user-api/exchange/orders/history";
      context.endpoint = cmx::OrderEndpoint::order_history;
      break;
  }
  const RequestKind kind = request.kind;
  if (kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
  VenueOrderId cancel_next;
  CodecError e = CodecError::ok;
  {
    InboundMessage message(host_, kVenue, capture::Channel::http, response.body_text(), false, line,
                           static_cast<std::uint16_t>(response.status));
    e = rest_decoder_.decode(context, response.status, response.body_text(), [&](const auto& event) noexcept {
      using E = std::decay_t<decltype(event)>;
      if constexpr (std::is_same_v<E, OrderUpdate>) {
        if (kind == RequestKind::order_history) {
          on_history_update(event);
        } else {
          host_.deliver(event);
        }
      } else {
        host_.deliver(event);
        if constexpr (std::is_same_v<E, NewOrderAck>) {
          if (request.cancel_after_ack) {
            const auto named = VenueOrderId::from(event.order_id);
            if (named.ok()) cancel_next = *named;
          }
        }
      }
    });
  }
  if (e != CodecError::ok && e != CodecError::venue_error) ++counters_.decode_errors;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  request.used = false;
  if (!cancel_next.empty()) (void)send_cancel_id(cancel_next.view());
  if (kind == RequestKind::open_orders || kind == RequestKind::order_history) {
    if (!current_round) return;
    if (e != CodecError::ok) {
      retry_reconciliation_later();
    } else if (kind == RequestKind::open_orders) {
      on_open_orders_answered();
    } else {
      finish_reconciliation();
    }
    return;
  }
  // A new order answered while a reconciliation waits for the new orders to settle.
  if (open_orders_wanted_ && !open_orders_sent_) send_open_orders_query();
}

void CryptomusSession::on_http_failed(transport::RequestId id, transport::DisconnectReason,
                                      transport::TransportError) noexcept {
  PendingRequest* found = find_request(id);
  if (found == nullptr) return;
  PendingRequest& request = *found;
  ++counters_.failed_requests;
  const bool current_round = request.round == round_ && state_ == VenueState::reconciling;
  if (request.kind == RequestKind::cancel) {
    // No answer: the cancel may not have arrived; the order returns to what it was and the
    // strategy may cancel again.
    const CancelReject reject{kVenue, {}, request.order_id.view(), {}, "no_answer", "the cancel got no answer"};
    host_.deliver(reject);
  }
  // A new order without an answer stays pending: only the venue knows whether it took, and the
  // next reconciliation asks it.
  const RequestKind kind = request.kind;
  if (kind == RequestKind::new_order && new_orders_in_flight_ > 0) --new_orders_in_flight_;
  request.used = false;
  if ((kind == RequestKind::open_orders || kind == RequestKind::order_history) && current_round) {
    retry_reconciliation_later();
  } else if (open_orders_wanted_ && !open_orders_sent_) {
    send_open_orders_query();
  }
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

void CryptomusSession::begin_reconciliation() noexcept {
  if (!subscribed_) return;
  ++round_;
  set_state(VenueState::reconciling);
  open_orders_wanted_ = true;
  open_orders_sent_ = false;
  send_open_orders_query();
}

void CryptomusSession::send_open_orders_query() noexcept {
  // New orders still awaiting their answer would look absent from the open orders (and be
  // closed as never placed): their answers come first.
  if (new_orders_in_flight_ != 0) return;
  open_orders_sent_ = send_reconciliation_query(RequestKind::open_orders);
}

bool CryptomusSession::send_reconciliation_query(RequestKind kind) noexcept {
  const std::uint64_t start = host_.now_ns();
  PendingRequest* pending = allocate_request();
  if (pending == nullptr) {
    retry_reconciliation_later();
    return false;
  }
  pending->kind = kind;
  const std::span<char> out{out_.get(), out_capacity_};
  const cmx::UserCredentials credentials{user_id_, api_key_};
  const auto request = kind == RequestKind::open_orders ? cmx::encode_open_orders(out, credentials)
                                                        : cmx::encode_order_history(out, credentials);
  if (!request.ok() || send_rest(*request, transport::HttpMethod::get, start, *pending) != SendError::ok) {
    pending->used = false;
    retry_reconciliation_later();
    return false;
  }
  return true;
}

void CryptomusSession::on_open_orders_answered() noexcept {
  oms::OrderManager& orders = host_.orders();
  orders.end_of_open_orders(kVenue);
  // The orders still unknown ended while nobody listened (their pushes lost): only the venue's
  // order history tells filled from cancelled, and with what fill. One query answers for all.
  if (orders.unknown_orders(kVenue) != 0) {
    if (send_reconciliation_query(RequestKind::order_history)) ++counters_.history_queries;
    return;
  }
  finish_reconciliation();
}

void CryptomusSession::on_history_update(const OrderUpdate& update) noexcept {
  // The history lists every recently finished order of the account, most of them long settled
  // here or never ours: only an order of ours the reconciliation left unknown takes its entry (a
  // foreign one would otherwise become an external order with fills).
  const oms::OrderManager& orders = host_.orders();
  oms::OrderHandle h = orders.find_by_venue_id(kVenue, update.order_id);
  if (h == oms::kNoOrder && update.client_order_id) h = orders.find_by_client_id(kVenue, *update.client_order_id);
  const oms::Order* o = h == oms::kNoOrder ? nullptr : orders.get(h);
  if (o == nullptr || o->state != OrderState::unknown) return;
  host_.deliver(update);
  if (orders.get(h)->state != OrderState::unknown) ++counters_.history_resolved;
}

void CryptomusSession::finish_reconciliation() noexcept {
  // An order still unknown was in neither list (finished longer ago than the history reaches):
  // it stays unknown, and the next reconciliation asks again.
  open_orders_wanted_ = false;
  ++counters_.reconciliations;
  set_state(VenueState::ready);
}

void CryptomusSession::retry_reconciliation_later() noexcept {
  ++round_;  // answers still out belong to the failed round
  open_orders_wanted_ = false;
  retry_timer_.expires_after(kRetryDelay);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || !subscribed_ || state_ != VenueState::reconciling) return;
    begin_reconciliation();
  });
}

}  // namespace oex::engine
