#pragma once
// The DigiFinex venue session: WS /ws/v1/ for the pushes, the public REST API v3 for orders.
//
// WS: every server frame is deflated (inflated here into a fixed buffer); on open the session
// reads the venue clock (server.time), logs in (server.auth, the timestamp signed), subscribes
// order, balance, depth (the `clean` flag: full book or increment; the host keeps the book) and
// ticker (a reference price), and sends server.ping as the heartbeat. A book the host refuses is
// resubscribed, which makes the venue send a full book again.
//
// REST (HttpPool): new orders, cancels (comma-separated ids: the kill switch batches them), the
// open orders and the per-order query. DigiFinex has no client order id, so a new order's answer
// binds our id to the venue's; an order.update about an id nobody knows while new orders await
// their answers is held back (its id remembered) and the order is queried once its answer names
// it, so an early push never becomes a stray "external" order.
//
// Reconciliation (after every (re)connect and on reconcile()): state reconciling, GET
// /v3/spot/order/current (all markets), end_of_open_orders, then GET /v3/spot/order for the
// orders still unknown (batched ids), end_of_order_history for each, then ready. The document
// has no query; the simulator serves the REST API these come from.
//
// DigiFinex's order.update carries the cumulative filled quantity: the order core derives fills.
// Amend and the dead-man timer do not exist here (not_supported).
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

#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/rest.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/ws_client.hpp"

namespace oex::engine {

struct DigifinexCounters {
  std::uint64_t decode_errors = 0;      // frames that did not inflate or decode
  std::uint64_t held_updates = 0;       // pushes about ids not yet bound to an order
  std::uint64_t follow_up_queries = 0;  // orders queried after such a push
  std::uint64_t book_resubscribes = 0;
  std::uint64_t reconciliations = 0;    // completed rounds
  std::uint64_t failed_requests = 0;    // HTTP requests without an answer
};

class DigifinexSession {
 public:
  DigifinexSession(SessionHost& host, const SessionSettings& settings);
  ~DigifinexSession();
  DigifinexSession(const DigifinexSession&) = delete;
  DigifinexSession& operator=(const DigifinexSession&) = delete;

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

  [[nodiscard]] const DigifinexCounters& counters() const noexcept { return counters_; }
  // Venue time minus local wall time, from server.time (whole seconds at the venue).
  [[nodiscard]] std::int64_t clock_offset_ms() const noexcept { return clock_offset_ms_; }

  static constexpr std::size_t kMaxBatchIds = 50;  // ids per cancel or query request

 private:
  enum class RequestKind : std::uint8_t { new_order, cancel, open_orders, order_query, follow_up_query };
  static constexpr std::size_t kIdListCapacity = kMaxBatchIds * (48 + 1);  // VenueOrderId's 48 and a comma

  struct PendingRequest {
    bool used = false;
    RequestKind kind = RequestKind::new_order;
    transport::RequestId id = 0;
    std::uint64_t round = 0;  // the reconciliation round a query belongs to
    oms::OrderHandle order = oms::kNoOrder;
    ClientOrderId client_order_id;
    SymbolText symbol;
    bool cancel_after_ack = false;  // a cancel (or kill) asked for before the venue named the order
    std::array<char, kIdListCapacity> ids{};  // cancel/query: the comma-separated ids sent
    std::size_t ids_size = 0;
    std::array<oms::OrderHandle, kMaxBatchIds> handles{};  // query: the orders it resolves
    std::size_t handle_count = 0;
    [[nodiscard]] std::string_view id_list() const noexcept { return {ids.data(), ids_size}; }
  };

  // --- WS ---
  void on_ws_open() noexcept;
  void on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void on_ws_disconnect(transport::DisconnectReason reason, transport::TransportError error,
                        std::uint16_t close_code) noexcept;
  void handle_text(std::string_view text) noexcept;
  void on_ack(const SubscriptionAck& ack) noexcept;
  void subscribe_all() noexcept;
  void resubscribe_book(std::string_view symbol) noexcept;
  bool send_ws(std::string_view text, std::int64_t id, std::string_view method) noexcept;
  [[nodiscard]] std::int64_t next_ws_id() noexcept;

  // --- REST ---
  void on_http_connected() noexcept {}
  void on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_http_failed(transport::RequestId id, transport::DisconnectReason reason, transport::TransportError error) noexcept;
  void on_http_disconnect(transport::DisconnectReason, transport::TransportError) noexcept {}
  [[nodiscard]] PendingRequest* allocate_request() noexcept;
  [[nodiscard]] PendingRequest* find_request(transport::RequestId id) noexcept;
  void release(PendingRequest& request) noexcept;
  // Writes the headers of `request`, sends it and records the stages; false when nothing left.
  [[nodiscard]] SendError send_rest(const codecs::RestRequest& request, transport::HttpMethod method,
                                    std::uint64_t encode_start, PendingRequest& pending) noexcept;
  [[nodiscard]] SendError send_cancel_ids(std::span<const std::string_view> ids) noexcept;
  [[nodiscard]] SendError send_query(std::span<const std::string_view> ids, RequestKind kind,
                                     std::span<const oms::OrderHandle> handles) noexcept;
  [[nodiscard]] std::int64_t venue_seconds() const noexcept;

  // --- events ---
  void deliver_update(const OrderUpdate& update) noexcept;
  void on_new_order_ack(const NewOrderAck& ack, PendingRequest& request) noexcept;
  [[nodiscard]] bool held(std::string_view venue_order_id) noexcept;  // removes it when found
  void hold(std::string_view venue_order_id) noexcept;
  [[nodiscard]] bool new_orders_in_flight() const noexcept { return new_orders_in_flight_ != 0; }

  // --- reconciliation ---
  void begin_reconciliation() noexcept;
  void send_open_orders_query() noexcept;
  void on_open_orders_answered() noexcept;
  void on_query_answered(const PendingRequest& request) noexcept;
  void finish_reconciliation_if_done() noexcept;
  void retry_reconciliation_later() noexcept;

  // --- kill batching ---
  void queue_kill_cancel(std::string_view venue_order_id) noexcept;
  void flush_kill_cancels() noexcept;

  void set_state(VenueState s) noexcept;

  // The transport's callbacks are FunctionRefs: these objects are what they refer to.
  struct WsOpen {
    DigifinexSession* s;
    void operator()() const noexcept { s->on_ws_open(); }
  };
  struct WsMessage {
    DigifinexSession* s;
    void operator()(transport::WsOpcode op, std::span<const std::uint8_t> p) const noexcept { s->on_ws_message(op, p); }
  };
  struct WsDisconnect {
    DigifinexSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e, std::uint16_t c) const noexcept {
      s->on_ws_disconnect(r, e, c);
    }
  };
  struct HttpConnected {
    DigifinexSession* s;
    void operator()() const noexcept { s->on_http_connected(); }
  };
  struct HttpAnswer {
    DigifinexSession* s;
    void operator()(transport::RequestId id, const transport::HttpResponse& r) const noexcept { s->on_http_response(id, r); }
  };
  struct HttpFailed {
    DigifinexSession* s;
    void operator()(transport::RequestId id, transport::DisconnectReason r, transport::TransportError e) const noexcept {
      s->on_http_failed(id, r, e);
    }
  };
  struct HttpDisconnect {
    DigifinexSession* s;
    void operator()(transport::DisconnectReason r, transport::TransportError e) const noexcept { s->on_http_disconnect(r, e); }
  };

  SessionHost& host_;
  const VenueConfig& venue_;
  WsOpen ws_open_{this};
  WsMessage ws_message_{this};
  WsDisconnect ws_disconnect_{this};
  HttpConnected http_connected_{this};
  HttpAnswer http_answer_{this};
  HttpFailed http_failed_{this};
  HttpDisconnect http_disconnect_{this};
  boost::asio::io_context& io_;
  std::string api_key_;
  codecs::HmacSha256 hmac_;
  std::vector<std::string> symbols_;  // as configured (BTC_USDT)
  std::vector<std::string> assets_;   // their currencies, for the balance subscription
  std::unique_ptr<std::uint64_t[]> last_resubscribe_ns_;  // per market: the last depth resubscription

  std::unique_ptr<transport::WsClient> ws_;
  std::unique_ptr<transport::HttpPool> http_;

  codecs::digifinex::FrameInflater inflater_;
  std::unique_ptr<char[]> inflated_;
  std::size_t inflated_capacity_;
  codecs::digifinex::WsDecoder ws_decoder_;
  codecs::digifinex::RestDecoder rest_decoder_;

  std::unique_ptr<char[]> out_;  // one request at a time is written here
  std::size_t out_capacity_;
  std::array<char, 512> headers_{};
  std::array<char, 256> request_line_{};
  std::array<char, 4096> ws_out_{};

  // WS request id -> method, for the answers (which carry only the id).
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

  static constexpr std::size_t kHeldIds = 64;
  std::array<VenueOrderId, kHeldIds> held_ids_{};
  std::size_t held_next_ = 0;

  std::unique_ptr<std::string_view[]> batch_ids_;
  std::unique_ptr<oms::OrderHandle[]> batch_handles_;
  std::size_t batch_capacity_;

  std::array<VenueOrderId, kMaxBatchIds> kill_ids_{};
  std::size_t kill_count_ = 0;
  bool kill_flush_posted_ = false;

  boost::asio::steady_timer retry_timer_;
  VenueState state_ = VenueState::stopped;
  bool stopped_ = true;
  bool authenticated_ = false;
  std::uint64_t round_ = 0;            // the current reconciliation round
  bool open_orders_wanted_ = false;    // waits until no new order awaits its answer
  bool open_orders_sent_ = false;
  bool open_orders_done_ = false;
  std::size_t queries_outstanding_ = 0;
  std::int64_t clock_offset_ms_ = 0;
  DigifinexCounters counters_;
};

static_assert(VenueSession<DigifinexSession>);

}  // namespace oex::engine
