#pragma once
// The GCT venue session: REST v1 for everything about orders, the transaction push socket for
// fills, and polling for the rest (GCT pushes nothing else).
//
// REST (HttpPool): saveEntrust, cancelEntrust (cancelEntrustByClientOrderId while the venue has
// not named the order yet), batchCancelOpenOrders for the kill switch, openOrders and
// queryOrderById. Signed POSTs carry a timestamp that must be within 5 s of the venue's clock.
// GCT's document has no server-time call, so the offset is estimated from the HTTP `Date`
// header of its answers (one-second resolution: an estimate within a second of the local clock
// is taken as no offset). Answers' own timestamps are not used: they are the time of an order
// or a trade, not of the answer.
//
// Push socket: after {"accessKey": ...} it sends one message per trade of one of our orders
// (no trade id: the order core keys it by order, time, price and quantity). A trade can arrive
// before the saveEntrust answer that names its order; while new orders await their answers such
// a trade is held (copied) and delivered once its order is known.
//
// Polling (state ready), every settings.poll_interval: openOrders gives every open order's state
// and cumulative fills; an order we hold open that the list does not show is then asked for by
// queryOrderById (its final state). Market depth of the configured instruments is polled in turn
// (the market interface allows one call a second) for the book and the risk reference price.
// Requests stay within the trading interface's 30 a second (a sliding window kept here; polls
// leave room for orders; an order request that finds the window full waits in a fixed queue and
// goes out, in order, at the next poll tick with room rather than being refused by the venue).
//
// Reconciliation (after every (re)connect, after a request whose answer was lost, and on
// reconcile()): state reconciling, openOrders, end_of_open_orders, queryOrderById for each order
// still unknown, end_of_order_history for each, then ready.
//
// Amend and the dead-man timer do not exist at GCT (not_supported).
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oex/codecs/gct/decoder.hpp"
#include "oex/codecs/gct/rest_encoder.hpp"
#include "oex/codecs/gct/secret.hpp"
#include "oex/codecs/json.hpp"
#include "oex/codecs/signing.hpp"
#include "oex/core/handler_memory.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/oms/reconciliation.hpp"
#include "oex/transport/http_client.hpp"
#include "oex/transport/ws_client.hpp"

namespace oex::engine {

struct GctCounters {
  std::uint64_t decode_errors = 0;     // push messages or answers that did not decode
  std::uint64_t venue_errors = 0;      // answers with status other than success
  std::uint64_t held_fills = 0;        // pushes held until their order was named
  std::uint64_t polls = 0;             // openOrders polls answered
  std::uint64_t order_queries = 0;     // queryOrderById sent (polling and reconciliation)
  std::uint64_t reconciliations = 0;   // completed rounds
  std::uint64_t failed_requests = 0;   // HTTP requests without an answer
  std::uint64_t throttled_polls = 0;   // polls put off to stay within the rate limit
  std::uint64_t login_failures = 0;
  std::uint64_t paced_requests = 0;    // order requests held back until the rate window had room
};

class GctSession {
 public:
  GctSession(SessionHost& host, const SessionSettings& settings);
  ~GctSession();
  GctSession(const GctSession&) = delete;
  GctSession& operator=(const GctSession&) = delete;

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

  [[nodiscard]] const GctCounters& counters() const noexcept { return counters_; }
  // Venue time minus local wall time, from the answers' Date header (0 until one differs).
  [[nodiscard]] std::int64_t clock_offset_ms() const noexcept { return clock_offset_ms_; }

  static constexpr std::uint32_t kTradeRequestsPerSecond = 30;  // the document's trading limit
  static constexpr std::uint32_t kOrderReserve = 10;            // of those, never used by polls
  static constexpr std::size_t kDeferredCapacity = 64;          // order requests waiting for the window

 private:
  enum class RequestKind : std::uint8_t {
    new_order,
    ack_query,  // queryOrderById right after the saveEntrust answer: the ack goes out with the state
    cancel,
    cancel_all,
    poll_open_orders,
    poll_order,
    reconcile_open_orders,
    reconcile_order,
    depth,
  };

  struct PendingRequest {
    bool used = false;
    RequestKind kind = RequestKind::new_order;
    transport::RequestId id = 0;
    std::uint64_t round = 0;  // the reconciliation round (or poll) a query belongs to
    oms::OrderHandle order = oms::kNoOrder;
    ClientOrderId client_order_id;
    VenueOrderId venue_order_id;
    SymbolText symbol;
    std::array<char, 256> request_line{};  // "POST /v1/order/saveEntrust", for the capture
    std::size_t request_line_size = 0;
    [[nodiscard]] std::string_view line() const noexcept { return {request_line.data(), request_line_size}; }
  };

  // A push trade whose order the venue has not named to us yet.
  struct HeldFill {
    VenueOrderId order_id;
    SymbolText symbol;
    std::optional<Side> side;
    Decimal price;
    Decimal qty;
    OptMillis venue_time_ms;
  };

  // Send times of the last kTradeRequestsPerSecond trading requests (a sliding window).
  class RateWindow {
   public:
    [[nodiscard]] bool allows(std::uint64_t now_ns, std::uint32_t reserve) const noexcept;
    void record(std::uint64_t now_ns) noexcept;

   private:
    std::array<std::uint64_t, kTradeRequestsPerSecond> sent_{};
    std::size_t next_ = 0;
    std::size_t count_ = 0;
  };

  // An order request held back because the rate window was full (sent in arrival order).
  struct Deferred {
    RequestKind kind = RequestKind::new_order;  // new_order, cancel, or poll_order (a cancel's follow-up)
    oms::OrderHandle order = oms::kNoOrder;
  };

  // --- orders ---
  [[nodiscard]] SendError transmit_new(const oms::Order& order) noexcept;
  [[nodiscard]] SendError transmit_cancel(const oms::Order& order) noexcept;
  [[nodiscard]] SendError send_cancel_all(std::string_view symbol) noexcept;  // empty: every market
  void retry_cancel_all_later(std::string_view symbol) noexcept;
  [[nodiscard]] bool must_wait() const noexcept;
  [[nodiscard]] SendError defer(RequestKind kind, oms::OrderHandle order) noexcept;
  void flush_deferred() noexcept;

  // --- push socket ---
  void on_ws_open() noexcept;
  void on_ws_message(transport::WsOpcode opcode, std::span<const std::uint8_t> payload) noexcept;
  void on_ws_disconnect(transport::DisconnectReason reason, transport::TransportError error,
                        std::uint16_t close_code) noexcept;
  void on_push_fill(const Fill& fill) noexcept;
  void release_held_fills(std::string_view order_id) noexcept;
  void flush_held_fills() noexcept;
  [[nodiscard]] bool handle_login_answer(std::string_view text) noexcept;

  // --- REST ---
  void on_http_connected() noexcept;
  void on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_http_failed(transport::RequestId id, transport::DisconnectReason reason,
                      transport::TransportError error) noexcept;
  void on_http_disconnect(transport::DisconnectReason reason, transport::TransportError error) noexcept;
  [[nodiscard]] PendingRequest* allocate_request() noexcept;
  [[nodiscard]] PendingRequest* find_request(transport::RequestId id) noexcept;
  void release(PendingRequest& request) noexcept;
  [[nodiscard]] bool order_query_outstanding(oms::OrderHandle handle) const noexcept;
  // Frames, sends and records `request`; the pending entry is released when nothing was sent.
  [[nodiscard]] SendError send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                    PendingRequest& pending) noexcept;
  [[nodiscard]] SendError send_query(RequestKind kind, oms::OrderHandle order, std::string_view venue_order_id,
                                     std::string_view symbol) noexcept;
  [[nodiscard]] SendError send_open_orders(RequestKind kind) noexcept;
  void note_server_date(const transport::HttpResponse& response) noexcept;
  [[nodiscard]] std::int64_t venue_time_ms() const noexcept;
  [[nodiscard]] bool connected() const noexcept;

  // --- answers ---
  void on_answer(const PendingRequest& request, const transport::HttpResponse& response) noexcept;
  void on_poll_answered(codecs::CodecError error) noexcept;
  void follow_up_cancel(const PendingRequest& request) noexcept;
  [[nodiscard]] bool ack_with_query(const PendingRequest& request, std::string_view order_id) noexcept;
  void deliver_ack(const PendingRequest& request) noexcept;
  void on_reconcile_open_orders(codecs::CodecError error, std::uint64_t round) noexcept;
  void on_reconcile_order(const PendingRequest& request, codecs::CodecError error, bool throttled) noexcept;

  // --- polling ---
  void arm_poll() noexcept;
  void on_poll_timer() noexcept;
  void arm_depth() noexcept;
  void on_depth_timer() noexcept;

  // --- reconciliation ---
  void begin_reconciliation() noexcept;
  void continue_reconciliation() noexcept;
  void retry_reconciliation_later() noexcept;

  void set_state(VenueState s) noexcept;

  // A member function as the transport's callback (FunctionRef needs a callable that lives on).
  template <auto Method>
  struct Bound {
    GctSession* self;
    template <class... A>
    void operator()(A&&... a) const {
      (self->*Method)(std::forward<A>(a)...);
    }
  };
  Bound<&GctSession::on_http_connected> http_connected_{this};
  Bound<&GctSession::on_http_response> http_response_{this};
  Bound<&GctSession::on_http_failed> http_failed_{this};
  Bound<&GctSession::on_http_disconnect> http_disconnect_{this};
  Bound<&GctSession::on_ws_open> ws_open_{this};
  Bound<&GctSession::on_ws_message> ws_message_{this};
  Bound<&GctSession::on_ws_disconnect> ws_disconnect_{this};

  SessionHost& host_;
  const VenueConfig& venue_;
  boost::asio::io_context& io_;
  std::chrono::milliseconds poll_interval_;
  std::string api_key_;
  codecs::HmacSha256 hmac_;
  codecs::gct::Secret secret_key_;
  codecs::gct::Secret pay_password_;
  codecs::gct::RestEncoder encoder_;
  std::string path_prefix_;  // the REST endpoint's path before "/v1" (the codec writes /v1/...)
  std::vector<std::string> symbols_;  // as configured (BTCUSDT)

  std::unique_ptr<transport::WsClient> ws_;
  std::unique_ptr<transport::HttpPool> http_;

  codecs::gct::RestDecoder rest_decoder_;
  codecs::gct::PushDecoder push_decoder_;
  json::Document login_doc_;

  std::unique_ptr<char[]> out_;  // one request at a time is written here
  std::size_t out_capacity_;
  std::array<char, 512> headers_{};
  std::array<char, 256> target_{};

  std::unique_ptr<PendingRequest[]> pending_;
  std::size_t pending_capacity_;
  std::size_t new_orders_in_flight_ = 0;

  static constexpr std::size_t kHeldFills = 64;
  std::array<HeldFill, kHeldFills> held_{};
  std::size_t held_count_ = 0;

  // The venue order ids one openOrders answer listed (hashes, sorted), for the orders it did not.
  std::unique_ptr<std::uint64_t[]> listed_;
  std::size_t listed_capacity_;
  std::size_t listed_count_ = 0;
  bool listed_overflow_ = false;

  std::unique_ptr<oms::VenueQuery[]> queries_;  // reconciliation_queries() output
  std::size_t queries_capacity_;

  std::array<Deferred, kDeferredCapacity> deferred_{};
  std::size_t deferred_head_ = 0;
  std::size_t deferred_count_ = 0;

  RateWindow rate_;
  boost::asio::steady_timer poll_timer_;
  HandlerMemory poll_memory_;
  HandlerMemory depth_memory_;
  HandlerMemory retry_memory_;
  boost::asio::steady_timer depth_timer_;
  boost::asio::steady_timer retry_timer_;
  bool poll_armed_ = false;
  bool depth_armed_ = false;
  bool retry_armed_ = false;
  bool poll_in_flight_ = false;
  bool depth_in_flight_ = false;
  bool poll_soon_ = false;
  bool kill_retry_ = false;  // a batchCancelOpenOrders was refused or lost: sent again at the next tick
  SymbolText kill_retry_symbol_;  // the kill switch asked: poll at once rather than at the next tick
  std::size_t depth_next_ = 0;

  VenueState state_ = VenueState::stopped;
  bool stopped_ = true;
  bool logged_in_ = false;      // the push socket accepted our accessKey
  bool audit_needed_ = false;   // an order request's answer was lost: reconcile
  std::uint64_t round_ = 0;     // the current reconciliation round
  bool open_orders_done_ = false;
  std::int64_t clock_offset_ms_ = 0;
  GctCounters counters_;
};

static_assert(VenueSession<GctSession>);

}  // namespace oex::engine
