#pragma once
// The BTSE spot v3.3 venue session.
//
// REST (HttpPool, signed request-api / request-nonce / request-sign): new orders, amends
// (PRICE, SIZE or ALL), cancels (by order id, or by client order id before the venue named the
// order), the kill switch's cancel-all of a market (DELETE /order with only the symbol), the
// dead-man timer (POST /order/cancelAllAfter), and the queries of reconciliation. Nonces are the
// venue's clock in milliseconds: local wall time plus the offset read from GET /time on every
// connect, strictly increasing.
//
// WS /ws/spot: on open the venue clock is read, then authKeyExpires logs in; on success the
// session subscribes notificationApiV3, fills and tradeHistoryApi:<symbol>; the acknowledgement of
// notificationApiV3 starts the reconciliation. "ping" every few seconds is the heartbeat. Both
// notificationApiV3 (cumulative) and fills (per trade) report fills: the order core books each
// fill once.
//
// WS /ws/oss/spot (config `book_ws`, optional): update:<symbol>_0, a snapshot then deltas with
// seqNum / prevSeqNum. A gap or a crossed book (the host's OrderBook refuses it) makes the
// session unsubscribe and subscribe the topic again, as the document says; the next snapshot
// restores the book.
//
// Reconciliation (after every (re)connect and on reconcile()): state reconciling; once no new
// order awaits its answer, the order core's queries: GET /user/open_orders, end_of_open_orders,
// then for each order still unknown GET /user/trade_history (and GET /order by client order id
// for an order the venue never acknowledged to us, so that one cancelled unfilled is not taken
// for never placed), end_of_order_history, then ready. Queries stay below the venue's 15 per
// second per key (kQueriesPerSecond in any one-second window).
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

#include "oex/codecs/btse/book_decoder.hpp"
#include "oex/codecs/btse/rest_decoder.hpp"
#include "oex/codecs/btse/rest_encoder.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/oms/reconciliation.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/ws_client.hpp"

namespace oex::engine {

struct BtseCounters {
  std::uint64_t decode_errors = 0;     // frames or answers that did not decode
  std::uint64_t login_failures = 0;    // authKeyExpires refused
  std::uint64_t book_resubscribes = 0;
  std::uint64_t reconciliations = 0;   // completed rounds
  std::uint64_t failed_requests = 0;   // HTTP requests without an answer
  std::uint64_t queries_deferred = 0;  // queries held back by the rate limit
  std::uint64_t reconcile_retries = 0; // rounds started again after a refused or lost answer
  std::uint64_t time_reads = 0;        // GET /time answers used for the clock offset
};

class BtseSession {
 public:
  BtseSession(SessionHost& host, const SessionSettings& settings);
  ~BtseSession();
  BtseSession(const BtseSession&) = delete;
  BtseSession& operator=(const BtseSession&) = delete;

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

  [[nodiscard]] const BtseCounters& counters() const noexcept { return counters_; }
  // Venue time minus local wall time, from GET /time (milliseconds).
  [[nodiscard]] std::int64_t clock_offset_ms() const noexcept { return clock_offset_ms_; }
  // True while the instrument's book is being resubscribed after a gap or a crossed book.
  [[nodiscard]] bool book_resubscribing(std::string_view symbol) const noexcept;

  static constexpr std::size_t kQueriesPerSecond = 10;  // the venue allows 15 per key
  static constexpr std::size_t kMaxReconcileQueries = 4096;

 private:
  enum class RequestKind : std::uint8_t {
    time,
    new_order,
    amend,
    cancel,
    cancel_all,
    dead_man,
    open_orders,
    trade_history,
    order_query,
  };

  struct PendingRequest {
    bool used = false;
    RequestKind kind = RequestKind::new_order;
    transport::RequestId id = 0;
    std::uint64_t round = 0;       // the reconciliation round a query belongs to
    std::uint64_t sent_ms = 0;     // local wall time when sent (GET /time)
    std::size_t item = 0;          // reconciliation item a per-order query resolves
    SymbolText symbol;
    VenueOrderId order_id;
    ClientOrderId client_order_id;
  };

  // One order the reconciliation resolves: answers outstanding before end_of_order_history.
  struct ReconcileItem {
    oms::VenueQuery query;
    std::uint8_t outstanding = 0;
    bool sent = false;
  };

  struct BookTopic {
    std::string symbol;     // as configured (BTC-USDT)
    std::string topic;      // update:BTC-USDT_0
    bool resubscribing = false;
  };

  // --- WS /ws/spot ---
  void on_ws_open() noexcept;
  void on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void on_ws_disconnect(transport::DisconnectReason reason, transport::TransportError error,
                        std::uint16_t close_code) noexcept;
  void send_login() noexcept;
  void subscribe_private() noexcept;
  bool send_ws(transport::WsClient& ws, std::string_view text) noexcept;

  // --- WS /ws/oss/spot ---
  void on_book_open() noexcept;
  void on_book_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void on_book_disconnect(transport::DisconnectReason, transport::TransportError, std::uint16_t) noexcept;
  void on_book_update(const BookUpdate& update) noexcept;
  void resubscribe_book(BookTopic& topic) noexcept;
  [[nodiscard]] BookTopic* find_book(std::string_view symbol) noexcept;

  // --- REST ---
  void on_http_connected() noexcept;
  void on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_http_failed(transport::RequestId id, transport::DisconnectReason reason, transport::TransportError error) noexcept;
  void on_http_disconnect(transport::DisconnectReason, transport::TransportError) noexcept {}
  [[nodiscard]] PendingRequest* allocate_request(RequestKind kind) noexcept;
  [[nodiscard]] PendingRequest* find_request(transport::RequestId id) noexcept;
  void release(PendingRequest& request) noexcept;
  [[nodiscard]] SendError send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                    PendingRequest& pending) noexcept;
  [[nodiscard]] SendError send_cancel_request(std::string_view symbol, std::string_view order_id,
                                              std::string_view client_order_id, bool all_in_symbol) noexcept;
  [[nodiscard]] std::int64_t next_nonce() noexcept;
  [[nodiscard]] bool query_slot_free() const noexcept;
  void note_query_sent() noexcept;
  void send_time_query() noexcept;
  void handle_answer(PendingRequest& request, const transport::HttpResponse& response) noexcept;

  // --- reconciliation ---
  void begin_reconciliation() noexcept;
  void continue_reconciliation() noexcept;
  void on_open_orders_answered(bool ok) noexcept;
  void on_item_answered(std::size_t item, bool ok) noexcept;
  void finish_reconciliation_if_done() noexcept;
  void retry_reconciliation_later() noexcept;
  void wake_later(std::chrono::nanoseconds after) noexcept;
  [[nodiscard]] SendError send_item_queries(std::size_t item) noexcept;

  void set_state(VenueState s) noexcept;

  // The transport's callbacks are FunctionRefs: these objects are what they refer to.
  struct WsOpen {
    BtseSession* s;
    void operator()() const noexcept { s->on_ws_open(); }
  };
  struct WsMessage {
    BtseSession* s;
    void operator()(transport::WsOpcode op, std::span<const std::uint8_t> p) const noexcept { s->on_ws_message(op, p); }
  };
  struct WsDisconnect {
    BtseSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e, std::uint16_t c) const noexcept {
      s->on_ws_disconnect(r, e, c);
    }
  };
  struct BookOpen {
    BtseSession* s;
    void operator()() const noexcept { s->on_book_open(); }
  };
  struct BookMessage {
    BtseSession* s;
    void operator()(transport::WsOpcode op, std::span<const std::uint8_t> p) const noexcept { s->on_book_message(op, p); }
  };
  struct BookDisconnect {
    BtseSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e, std::uint16_t c) const noexcept {
      s->on_book_disconnect(r, e, c);
    }
  };
  struct HttpConnected {
    BtseSession* s;
    void operator()() const noexcept { s->on_http_connected(); }
  };
  struct HttpAnswer {
    BtseSession* s;
    void operator()(transport::RequestId id, const transport::HttpResponse& r) const noexcept { s->on_http_response(id, r); }
  };
  struct HttpFailed {
    BtseSession* s;
    void operator()(transport::RequestId id, transport::DisconnectReason r, transport::TransportError e) const noexcept {
      s->on_http_failed(id, r, e);
    }
  };
  struct HttpDisconnect {
    BtseSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e) const noexcept { s->on_http_disconnect(r, e); }
  };

  SessionHost& host_;
  const VenueConfig& venue_;
  WsOpen ws_open_{this};
  WsMessage ws_message_{this};
  WsDisconnect ws_disconnect_{this};
  BookOpen book_open_{this};
  BookMessage book_message_{this};
  BookDisconnect book_disconnect_{this};
  HttpConnected http_connected_{this};
  HttpAnswer http_answer_{this};
  HttpFailed http_failed_{this};
  HttpDisconnect http_disconnect_{this};
  boost::asio::io_context& io_;
  std::string api_key_;
  std::string rest_prefix_;  // the REST base's path (/spot): in the target, not in the signature
  codecs::HmacSha384 hmac_;
  codecs::btse::RestEncoder encoder_;
  std::vector<std::string> symbols_;  // as configured
  std::vector<BookTopic> books_;

  std::unique_ptr<transport::WsClient> ws_;
  std::unique_ptr<transport::WsClient> book_ws_;  // null without `book_ws`
  std::unique_ptr<transport::HttpPool> http_;

  codecs::btse::WsDecoder ws_decoder_;
  codecs::btse::BookDecoder book_decoder_;
  codecs::btse::RestDecoder rest_decoder_;

  std::unique_ptr<char[]> out_;  // one request at a time is written here
  std::size_t out_capacity_;
  std::array<char, 1024> headers_{};
  std::array<char, 512> request_line_{};
  std::array<char, 1024> ws_out_{};

  std::unique_ptr<PendingRequest[]> pending_;
  std::size_t pending_capacity_;
  std::size_t new_orders_in_flight_ = 0;

  // Send times (host ns) of the last kQueriesPerSecond queries, oldest at query_next_.
  std::array<std::uint64_t, kQueriesPerSecond> query_times_{};
  std::size_t query_next_ = 0;

  std::unique_ptr<ReconcileItem[]> items_;
  std::size_t item_count_ = 0;
  std::size_t next_item_ = 0;           // the first item whose queries are not sent yet
  std::size_t items_outstanding_ = 0;   // items sent and not yet answered
  std::unique_ptr<oms::VenueQuery[]> query_scratch_;

  boost::asio::steady_timer retry_timer_;   // reconciliation retries and the query pacing
  boost::asio::steady_timer login_timer_;   // the clock read before the login, retried
  VenueState state_ = VenueState::stopped;
  bool stopped_ = true;
  bool logged_in_ = false;
  bool login_sent_ = false;
  bool wake_armed_ = false;
  unsigned time_attempts_ = 0;
  std::uint64_t round_ = 0;
  bool open_orders_wanted_ = false;  // waits until no new order awaits its answer
  bool open_orders_sent_ = false;
  bool open_orders_done_ = false;
  std::int64_t clock_offset_ms_ = 0;
  std::int64_t last_nonce_ = 0;
  BtseCounters counters_;
};

static_assert(VenueSession<BtseSession>);

}  // namespace oex::engine
