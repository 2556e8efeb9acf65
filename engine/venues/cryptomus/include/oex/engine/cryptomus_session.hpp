#pragma once
// The Cryptomus venue session: a one-time token from REST, WS /ws?token=... for the pushes, the
// user REST API for orders.
//
// Connect: POST the token request (config `token` URL, headers userId and sign), then open the
// socket with that token. The token is single-use and lives five minutes, so every reconnect
// asks for a fresh one; the socket is rebuilt for each (its path carries the token). Reconnects
// back off with the transport's ReconnectPolicy.
//
// WS: on open the session subscribes order, deal and balance, and depth at scale 0 of every
// configured market (`full_reload` is a full book, otherwise one level; the host keeps the
// book under the market's name). The venue closes a socket after 60 s without a client message:
// a ping goes out every 50 s. A book the host refuses is unsubscribed and subscribed again,
// which makes the venue send a full book.
//
// REST (HttpPool): limit and market orders (with our client order id), cancel by order id, the
// open orders and the order history. order_update (cumulative filledQuantity) and deal_update (one trade, no order
// id) both report fills; the order core books each once.
//
// Reconciliation (after every (re)connect and on reconcile()): state reconciling, wait for new
// orders still awaiting their answers, GET /v2/user-api/exchange/orders, end_of_open_orders; when
// orders of ours are still unknown (finished while nobody listened), ONE
// GET /v2/user-api/exchange/orders/history, whose entries for those orders are applied like any
// update (state, and the fills from the cumulative filledQuantity); then ready. An order in
// neither list stays unknown until the next reconciliation (no state is invented). The document
// has no query; the simulator serves the REST API this comes from.
//
// Kill: one cancel per order. Amend and the dead-man timer do not exist here (not_supported).
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oex/codecs/cryptomus/order_rest.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/transport/backoff.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/ws_client.hpp"

namespace oex::engine {

struct CryptomusCounters {
  std::uint64_t decode_errors = 0;     // messages that did not decode
  std::uint64_t tokens = 0;            // tokens received (one per socket)
  std::uint64_t token_failures = 0;    // token requests refused or unanswered
  std::uint64_t book_resubscribes = 0;
  std::uint64_t reconciliations = 0;   // completed rounds
  std::uint64_t failed_requests = 0;   // HTTP requests without an answer
  std::uint64_t history_queries = 0;   // order-history requests sent (one per round at most)
  std::uint64_t history_resolved = 0;  // unknown orders the order history resolved
};

class CryptomusSession {
 public:
  CryptomusSession(SessionHost& host, const SessionSettings& settings);
  ~CryptomusSession();
  CryptomusSession(const CryptomusSession&) = delete;
  CryptomusSession& operator=(const CryptomusSession&) = delete;

  void start();
  void stop();
  [[nodiscard]] VenueState state() const noexcept { return state_; }
  [[nodiscard]] Connections connections() const noexcept;

  [[nodiscard]] SendError send_new(const oms::Order& order) noexcept;
  [[nodiscard]] SendError send_cancel(const oms::Order& order) noexcept;
  [[nodiscard]] SendError send_amend(const oms::Order& order, std::optional<Decimal> price,
                                     std::optional<Decimal> qty) noexcept;
  [[nodiscard]] SendError send_kill(const risk::KillAction& action) noexcept;
  [[nodiscard]] SendError send_dead_man(std::uint32_t timeout_ms) noexcept;
  [[nodiscard]] SendError reconcile() noexcept;

  [[nodiscard]] const CryptomusCounters& counters() const noexcept { return counters_; }

  static constexpr std::chrono::milliseconds kPingInterval{50'000};  // the venue closes after 60 s of silence

 private:
  enum class RequestKind : std::uint8_t { new_order, cancel, open_orders, order_history };

  struct PendingRequest {
    bool used = false;
    RequestKind kind = RequestKind::new_order;
    bool market = false;
    transport::RequestId id = 0;
    std::uint64_t round = 0;  // the reconciliation round an open-orders or history query belongs to
    ClientOrderId client_order_id;
    SymbolText symbol;
    VenueOrderId order_id;          // cancel: the id in the path
    bool cancel_after_ack = false;  // a cancel (or kill) asked for before the venue named the order
  };

  // --- token and socket ---
  void request_token() noexcept;
  void on_token_connected() noexcept;
  void on_token_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_token_failed(transport::RequestId id, transport::DisconnectReason, transport::TransportError) noexcept;
  void open_socket(std::string_view token);
  void schedule_reconnect() noexcept;

  // --- WS ---
  void on_ws_open() noexcept;
  void on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void on_ws_disconnect(transport::DisconnectReason reason, transport::TransportError error,
                        std::uint16_t close_code) noexcept;
  void on_ack(const SubscriptionAck& ack) noexcept;
  void subscribe_all() noexcept;
  void resubscribe_book(std::string_view market) noexcept;
  bool send_ws(std::string_view text, std::int64_t id, std::string_view method) noexcept;
  [[nodiscard]] std::int64_t next_ws_id() noexcept { return next_ws_id_++; }

  // --- REST ---
  void on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_http_failed(transport::RequestId id, transport::DisconnectReason reason, transport::TransportError error) noexcept;
  [[nodiscard]] PendingRequest* allocate_request() noexcept;
  [[nodiscard]] PendingRequest* find_request(transport::RequestId id) noexcept;
  [[nodiscard]] SendError send_rest(const codecs::RestRequest& request, transport::HttpMethod method,
                                    std::uint64_t encode_start, PendingRequest& pending) noexcept;
  [[nodiscard]] SendError send_cancel_id(std::string_view order_id) noexcept;
  void kill_one(const oms::Order& order) noexcept;

  // --- reconciliation ---
  void begin_reconciliation() noexcept;
  void send_open_orders_query() noexcept;
  void on_open_orders_answered() noexcept;
  // An open-orders or order-history query; false (and a retry scheduled) when it could not go.
  bool send_reconciliation_query(RequestKind kind) noexcept;
  // One entry of the history answer: applied when it is an order of ours still unknown.
  void on_history_update(const OrderUpdate& update) noexcept;
  void finish_reconciliation() noexcept;
  void retry_reconciliation_later() noexcept;

  void set_state(VenueState s) noexcept;

  // The transport's callbacks are FunctionRefs: these objects are what they refer to.
  struct WsOpen {
    CryptomusSession* s;
    void operator()() const noexcept { s->on_ws_open(); }
  };
  struct WsMessage {
    CryptomusSession* s;
    void operator()(transport::WsOpcode op, std::span<const std::uint8_t> p) const noexcept { s->on_ws_message(op, p); }
  };
  struct WsDisconnect {
    CryptomusSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e, std::uint16_t c) const noexcept {
      s->on_ws_disconnect(r, e, c);
    }
  };
  struct HttpNothing {
    void operator()() const noexcept {}
  };
  struct HttpDown {
    void operator()(transport::DisconnectReason, transport::TransportError) const noexcept {}
  };
  struct HttpAnswer {
    CryptomusSession* s;
    void operator()(transport::RequestId id, const transport::HttpResponse& r) const noexcept { s->on_http_response(id, r); }
  };
  struct HttpFailed {
    CryptomusSession* s;
    void operator()(transport::RequestId id, transport::DisconnectReason r, transport::TransportError e) const noexcept {
      s->on_http_failed(id, r, e);
    }
  };
  struct TokenConnected {
    CryptomusSession* s;
    void operator()() const noexcept { s->on_token_connected(); }
  };
  struct TokenAnswer {
    CryptomusSession* s;
    void operator()(transport::RequestId id, const transport::HttpResponse& r) const noexcept { s->on_token_response(id, r); }
  };
  struct TokenFailed {
    CryptomusSession* s;
    void operator()(transport::RequestId id, transport::DisconnectReason r, transport::TransportError e) const noexcept {
      s->on_token_failed(id, r, e);
    }
  };

  SessionHost& host_;
  const VenueConfig& venue_;
  boost::asio::io_context& io_;
  transport::TlsContext* ws_tls_;
  WsOpen ws_open_{this};
  WsMessage ws_message_{this};
  WsDisconnect ws_disconnect_{this};
  HttpNothing http_nothing_{};
  HttpDown http_down_{};
  HttpAnswer http_answer_{this};
  HttpFailed http_failed_{this};
  TokenConnected token_connected_{this};
  TokenAnswer token_answer_{this};
  TokenFailed token_failed_{this};

  std::string api_key_;
  std::string user_id_;
  std::vector<std::string> markets_;  // as configured (BTC_USDT)
  std::vector<std::string> assets_;   // their currencies, for the balance subscription

  transport::WsConfig ws_config_;  // the path gains ?token=... for each socket
  std::string ws_path_;            // without the token
  std::unique_ptr<transport::WsClient> ws_;
  std::unique_ptr<transport::HttpPool> http_;
  std::unique_ptr<transport::HttpPool> token_http_;

  codecs::cryptomus::WsDecoder ws_decoder_;
  codecs::cryptomus::OrderRestDecoder rest_decoder_;
  codecs::cryptomus::RestDecoder token_decoder_;

  std::unique_ptr<char[]> out_;  // one request at a time is written here
  std::size_t out_capacity_;
  std::array<char, 512> headers_{};
  std::array<char, 256> request_line_{};
  std::array<char, 4096> ws_out_{};
  std::array<char, 512> token_out_{};
  std::array<char, 256> book_symbol_{};

  // WS request id -> method, for the answers that name none (unsubscribe).
  struct WsRequest {
    std::int64_t id = -1;
    std::string_view method;
  };
  static constexpr std::size_t kWsRequests = 64;
  std::array<WsRequest, kWsRequests> ws_requests_{};
  std::int64_t next_ws_id_ = 1;

  std::unique_ptr<PendingRequest[]> pending_;
  std::size_t pending_capacity_;
  std::size_t new_orders_in_flight_ = 0;

  transport::Backoff backoff_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer retry_timer_;
  bool token_in_flight_ = false;
  transport::RequestId token_request_ = 0;
  bool token_wanted_ = false;  // ask once the token connection is up

  VenueState state_ = VenueState::stopped;
  bool stopped_ = true;
  bool subscribed_ = false;           // the socket is open and its subscriptions sent
  std::uint64_t round_ = 0;           // the current reconciliation round
  bool open_orders_wanted_ = false;   // waits until no new order awaits its answer
  bool open_orders_sent_ = false;
  CryptomusCounters counters_;
};

static_assert(VenueSession<CryptomusSession>);

}  // namespace oex::engine
