#pragma once
// The Deflow venue session: REST only (form-urlencoded, MD5-signed). Deflow pushes nothing, so
// orders are followed by polling.
//
// Orders: POST /v1/order places (the answer names the order: Deflow has no client order id, so
// the session binds the answer to the order it sent), DELETE /v1/order cancels (an order the
// venue has not named yet is cancelled as soon as its answer names it). The kill switch cancels
// order by order.
//
// Polling (state ready), every settings.poll_interval, for each configured market holding open
// orders of ours: GET /v1/order/new (open orders with their cumulative volumes and trade lists);
// an open order of ours the list does not show is then asked for with GET /v1/order/info (its
// final volumes and its trades, which carry trade ids). The book of each market is read from
// GET /v1/market/dept in turn. Requests stay within 20 a second, counted over a sliding window
// (the document states no limit; the simulator enforces this one), and polls leave room for
// orders; an order request that finds the window full waits in a fixed queue and goes out, in
// order, at the next poll tick with room (rather than being refused by the venue). The tick is
// the poll's own timer: no further timer waits, whose handlers would need memory of their own.
//
// Status codes: the document shows only 1 (unfilled) and 2 (fully filled), which the codec maps.
// Any other code comes out `unknown`; the session then reads the state from the volumes the
// same answer carries (volume left: open, partly filled when some is dealt; nothing left: filled
// when all is dealt, cancelled otherwise), keeping the code as sent in venue_status.
//
// Reconciliation (when the HTTP connection comes up, after a request whose answer was lost, and
// on reconcile()): state reconciling, /v1/order/new for each market with unknown orders (the
// first market when there are none: the first answered poll makes the venue ready),
// end_of_open_orders, /v1/order/info for each order still unknown, end_of_order_history, then
// ready.
//
// Amend and the dead-man timer do not exist at Deflow (not_supported).
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/deflow/rest_encoder.hpp"
#include "oex/core/handler_memory.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/oms/reconciliation.hpp"
#include "oex/transport/http_client.hpp"

namespace oex::engine {

struct DeflowCounters {
  std::uint64_t decode_errors = 0;     // answers that did not decode
  std::uint64_t venue_errors = 0;      // answers with a code other than 0
  std::uint64_t polls = 0;             // /v1/order/new polls answered
  std::uint64_t order_queries = 0;     // /v1/order/info sent (polling and reconciliation)
  std::uint64_t reconciliations = 0;   // completed rounds
  std::uint64_t failed_requests = 0;   // HTTP requests without an answer
  std::uint64_t throttled_polls = 0;   // polls put off to stay within the rate limit
  std::uint64_t deferred_cancels = 0;  // cancels sent once the venue named the order
  std::uint64_t paced_requests = 0;    // order requests held back until the rate window had room
  std::uint64_t held_until_acknowledged = 0;  // listed orders unknown while acknowledgements were due
};

class DeflowSession {
 public:
  DeflowSession(SessionHost& host, const SessionSettings& settings);
  ~DeflowSession();
  DeflowSession(const DeflowSession&) = delete;
  DeflowSession& operator=(const DeflowSession&) = delete;

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

  [[nodiscard]] const DeflowCounters& counters() const noexcept { return counters_; }

  static constexpr std::uint32_t kRequestsPerSecond = 20;  // the simulator's limit (the document has none)
  static constexpr std::uint32_t kOrderReserve = 10;       // of those, never used by polls
  static constexpr std::size_t kDeferredCapacity = 64;     // order requests waiting for the window

 private:
  enum class RequestKind : std::uint8_t {
    new_order,
    ack_info,  // /v1/order/info right after the create answer: the ack goes out with the order's state
    cancel,
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
    std::uint64_t round = 0;  // the reconciliation round a query belongs to
    oms::OrderHandle order = oms::kNoOrder;
    ClientOrderId client_order_id;
    VenueOrderId venue_order_id;
    SymbolText symbol;
    bool cancel_after_ack = false;  // a cancel asked for before the venue named the order
    std::array<char, 256> request_line{};  // "GET /v1/order/new?...", for the capture
    std::size_t request_line_size = 0;
    [[nodiscard]] std::string_view line() const noexcept { return {request_line.data(), request_line_size}; }
  };

  // Send times of the last kRequestsPerSecond requests (a sliding window).
  class RateWindow {
   public:
    [[nodiscard]] bool allows(std::uint64_t now_ns, std::uint32_t reserve) const noexcept;
    void record(std::uint64_t now_ns) noexcept;
    // The venue said "too many requests": it counts differently (arrival times, jitter), so
    // nothing more goes for a whole window.
    void fill(std::uint64_t now_ns) noexcept {
      for (std::size_t i = 0; i < sent_.size(); ++i) record(now_ns);
    }

   private:
    std::array<std::uint64_t, kRequestsPerSecond> sent_{};
    std::size_t next_ = 0;
    std::size_t count_ = 0;
  };

  // An order request held back because the rate window was full (sent in arrival order).
  struct Deferred {
    RequestKind kind = RequestKind::new_order;  // new_order, cancel, or poll_order (a cancel's follow-up)
    oms::OrderHandle order = oms::kNoOrder;
    bool cancel_after_ack = false;
  };

  // --- orders ---
  [[nodiscard]] SendError transmit_new(const oms::Order& order, oms::OrderHandle handle, bool cancel_after_ack) noexcept;
  [[nodiscard]] bool must_wait() const noexcept;
  [[nodiscard]] SendError defer(RequestKind kind, oms::OrderHandle order) noexcept;
  void flush_deferred() noexcept;

  // --- REST ---
  void on_http_connected() noexcept;
  void on_http_response(transport::RequestId id, const transport::HttpResponse& response) noexcept;
  void on_http_failed(transport::RequestId id, transport::DisconnectReason reason,
                      transport::TransportError error) noexcept;
  void on_http_disconnect(transport::DisconnectReason reason, transport::TransportError error) noexcept;
  [[nodiscard]] PendingRequest* allocate_request() noexcept;
  [[nodiscard]] PendingRequest* find_request(transport::RequestId id) noexcept;
  [[nodiscard]] PendingRequest* find_new_order(oms::OrderHandle order) noexcept;
  void release(PendingRequest& request) noexcept { request.used = false; }
  [[nodiscard]] bool order_query_outstanding(oms::OrderHandle handle) const noexcept;
  [[nodiscard]] std::size_t outstanding(RequestKind kind) const noexcept;
  [[nodiscard]] SendError send_rest(const codecs::RestRequest& request, std::uint64_t encode_start,
                                    PendingRequest& pending) noexcept;
  [[nodiscard]] SendError send_cancel_by_id(oms::OrderHandle order, std::string_view venue_order_id,
                                            std::string_view client_order_id, std::string_view symbol) noexcept;
  [[nodiscard]] SendError send_info(RequestKind kind, oms::OrderHandle order, std::string_view venue_order_id,
                                    std::string_view symbol) noexcept;
  [[nodiscard]] SendError send_open_orders(RequestKind kind, std::string_view symbol) noexcept;
  [[nodiscard]] bool connected() const noexcept { return http_->open_connections() > 0; }

  // --- answers ---
  void on_answer(const PendingRequest& request, const transport::HttpResponse& response) noexcept;
  // An order's update with the state the volumes give where the code is one the document lacks.
  void on_poll_answered(const PendingRequest& request, codecs::CodecError error) noexcept;
  [[nodiscard]] bool ack_with_info(const PendingRequest& request, std::string_view order_id) noexcept;
  void deliver_ack(const PendingRequest& request) noexcept;
  void on_reconcile_open_orders(const PendingRequest& request, codecs::CodecError error, bool retry) noexcept;
  void on_reconcile_order(const PendingRequest& request, bool retry) noexcept;

  // --- polling ---
  void arm_poll() noexcept;
  void on_poll_timer() noexcept;
  void arm_depth() noexcept;
  void on_depth_timer() noexcept;
  [[nodiscard]] bool has_open_orders(SymbolId symbol) const noexcept;

  // --- reconciliation ---
  void begin_reconciliation() noexcept;
  void send_reconciliation_lists() noexcept;
  void continue_reconciliation() noexcept;
  void retry_reconciliation_later() noexcept;

  void set_state(VenueState s) noexcept;

  // A member function as the transport's callback (FunctionRef needs a callable that lives on).
  template <auto Method>
  struct Bound {
    DeflowSession* self;
    template <class... A>
    void operator()(A&&... a) const {
      (self->*Method)(std::forward<A>(a)...);
    }
  };
  Bound<&DeflowSession::on_http_connected> http_connected_{this};
  Bound<&DeflowSession::on_http_response> http_response_{this};
  Bound<&DeflowSession::on_http_failed> http_failed_{this};
  Bound<&DeflowSession::on_http_disconnect> http_disconnect_{this};

  SessionHost& host_;
  const VenueConfig& venue_;
  boost::asio::io_context& io_;
  std::chrono::milliseconds poll_interval_;
  std::string api_key_;
  codecs::deflow::Secret secret_key_;
  codecs::deflow::RestEncoder encoder_;
  std::string path_prefix_;           // the REST endpoint's path before "/v1" (the codec writes /v1/...)
  std::vector<std::string> symbols_;  // as configured (btcusdt)
  std::vector<SymbolId> symbol_ids_;

  std::unique_ptr<transport::HttpPool> http_;
  codecs::deflow::RestDecoder rest_decoder_;

  std::unique_ptr<char[]> out_;  // one request at a time is written here
  std::size_t out_capacity_;
  std::array<char, 512> headers_{};
  std::array<char, 512> target_{};

  std::unique_ptr<PendingRequest[]> pending_;
  std::size_t pending_capacity_;
  std::size_t new_orders_in_flight_ = 0;

  // The venue order ids one /v1/order/new answer listed (hashes, sorted).
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
  std::size_t depth_next_ = 0;

  VenueState state_ = VenueState::stopped;
  bool stopped_ = true;
  bool audit_needed_ = false;  // an order request's answer was lost: reconcile
  std::uint64_t round_ = 0;    // the current reconciliation round
  bool open_orders_done_ = false;
  std::size_t lists_outstanding_ = 0;  // reconciliation's /v1/order/new answers still awaited
  bool lists_failed_ = false;
  DeflowCounters counters_;
};

static_assert(VenueSession<DeflowSession>);

}  // namespace oex::engine
