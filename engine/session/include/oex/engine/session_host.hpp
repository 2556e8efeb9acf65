#pragma once
// What a venue session talks to, on the loop thread. A session owns its connections and its
// codec; it hands every message it receives to message_in() (stamp and capture), decodes it,
// and delivers each normalized event here. The host applies the event to the order core, the
// books and the risk references, records the stages' latency, and calls the strategy. Calls
// are direct (no virtual dispatch) and allocate nothing.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "oex/capture/capture_ring.hpp"
#include "oex/core/clock.hpp"
#include "oex/core/events.hpp"
#include "oex/core/latency_histogram.hpp"
#include "oex/engine/config.hpp"
#include "oex/engine/order_book.hpp"
#include "oex/engine/strategy.hpp"
#include "oex/engine/venue_state.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/risk/risk_gate.hpp"
#include "oex/transport/tls.hpp"

namespace oex::engine {

// What a venue session is built from (start-up).
struct SessionSettings {
  const VenueConfig& venue;         // endpoints, credentials, instruments
  boost::asio::io_context& io;      // the loop's
  transport::TlsContext* tls;       // null when the venue's URLs are ws:// and http://
  std::chrono::milliseconds poll_interval{250};  // venues without an order push are polled this often
  std::size_t max_pending_requests = 256;         // requests awaiting an answer, per session
  bool poll_notification_reads = false;           // the order-notification socket polls its reads
};

// Fixed histograms: one per venue and stage, and one per venue for the whole tick-to-trade
// (message received -> the strategy's answering request handed to the transport).
class StageLatency {
 public:
  void record(Venue v, Stage s, std::uint64_t ns) noexcept { stages_[index(v)][static_cast<std::size_t>(s)].record(ns); }
  void record_tick_to_trade(Venue v, std::uint64_t ns) noexcept { tick_to_trade_[index(v)].record(ns); }
  [[nodiscard]] const LatencyHistogram& stage(Venue v, Stage s) const noexcept {
    return stages_[index(v)][static_cast<std::size_t>(s)];
  }
  [[nodiscard]] const LatencyHistogram& tick_to_trade(Venue v) const noexcept { return tick_to_trade_[index(v)]; }

 private:
  static std::size_t index(Venue v) noexcept { return static_cast<std::size_t>(v); }
  LatencyHistogram stages_[kAllVenues.size()][kStageCount];
  LatencyHistogram tick_to_trade_[kAllVenues.size()];
};

struct HostCounters {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t events = 0;
  std::uint64_t apply_errors = 0;   // events the order core refused (see its counters)
  std::uint64_t book_errors = 0;    // gaps, crossed books: the session resubscribes
  std::uint64_t unknown_books = 0;  // book updates for an instrument not configured
};

class SessionHost {
 public:
  SessionHost(const EngineConfig& config, oms::OrderManager& orders, risk::RiskGate& risk, const Clock& clock);
  ~SessionHost();
  SessionHost(const SessionHost&) = delete;
  SessionHost& operator=(const SessionHost&) = delete;

  // Start-up wiring by the engine.
  void attach(Engine& engine, Strategy& strategy) noexcept;
  void set_capture(capture::CaptureRing* ring) noexcept { capture_ = ring; }

  // --- from the sessions ---
  // A message arrived, as received (a DigiFinex frame still deflated: binary). Starts the
  // message's clock. HTTP answers carry the request they answer ("POST /spot/api/v3.3/order")
  // and the status.
  void message_in(Venue venue, capture::Channel channel, std::string_view payload, bool binary = false,
                  std::string_view request = {}, std::uint16_t status = 0) noexcept;
  // A request left (after encoding and signing; before framing). Captured; secrets are
  // redacted by the capture writer, never on the loop.
  void message_out(Venue venue, capture::Channel channel, std::string_view payload,
                   std::string_view request = {}) noexcept;
  // The message begun by message_in() is fully decoded and delivered.
  void message_end() noexcept { in_message_ = false; }

  void deliver(const OrderUpdate& e) noexcept;
  void deliver(const Fill& e) noexcept;
  void deliver(const NewOrderAck& e) noexcept;
  void deliver(const NewOrderReject& e) noexcept;
  void deliver(const CancelAck& e) noexcept;
  void deliver(const CancelReject& e) noexcept;
  void deliver(const AmendAck& e) noexcept;
  void deliver(const AmendReject& e) noexcept;
  void deliver(const Balance& e) noexcept;
  // Anything but ok: the book is stale until the next snapshot; the session resubscribes.
  [[nodiscard]] BookError deliver(const BookUpdate& e) noexcept;
  void deliver(const PublicTrade& e) noexcept;
  void deliver(const Ticker& e) noexcept;
  void deliver(const VenueError& e) noexcept;

  // Leaving ready/reconciling/authenticating for connecting is a disconnect: every open order
  // of the venue becomes unknown until reconciliation resolves it. A deliberate stop is not.
  void set_state(Venue venue, VenueState state) noexcept;
  void record(Venue venue, Stage stage, std::uint64_t ns) noexcept { latency_.record(venue, stage, ns); }
  // The strategy's answer reached the transport: closes the tick-to-trade of the message being
  // handled, if any.
  void request_sent(Venue venue) noexcept;

  // --- reads ---
  [[nodiscard]] std::uint64_t now_ns() const noexcept { return clock_.now_ns(); }
  [[nodiscard]] oms::OrderManager& orders() noexcept { return orders_; }
  [[nodiscard]] risk::RiskGate& risk() noexcept { return risk_; }
  [[nodiscard]] VenueState state(Venue venue) const noexcept { return states_[static_cast<std::size_t>(venue)]; }
  [[nodiscard]] const OrderBook* book(Venue venue, SymbolId symbol) const noexcept;
  [[nodiscard]] const StageLatency& latency() const noexcept { return latency_; }
  [[nodiscard]] const HostCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] bool handling_message() const noexcept { return in_message_; }

 private:
  [[nodiscard]] OrderBook* find_book(Venue venue, std::string_view symbol) noexcept;
  void decoded(Venue venue) noexcept;  // the first event of a message: closes its decode stage
  void order_changed(Venue venue, const oms::ApplyResult& r, std::uint64_t apply_start) noexcept;
  void reject(VenueReject::Kind kind, Venue venue, const oms::ApplyResult& r, std::string_view code,
              std::string_view message, std::uint64_t apply_start) noexcept;
  void capture(const capture::Record& r) noexcept;

  oms::OrderManager& orders_;
  risk::RiskGate& risk_;
  const Clock& clock_;
  Engine* engine_ = nullptr;
  Strategy* strategy_ = nullptr;
  capture::CaptureRing* capture_ = nullptr;
  std::unique_ptr<StageLatency> latency_storage_;
  StageLatency& latency_;
  struct BookSlot {
    Venue venue{};
    SymbolId symbol = 0;
    std::unique_ptr<OrderBook> book;
  };
  std::unique_ptr<BookSlot[]> books_;
  std::size_t book_count_ = 0;
  VenueState states_[kAllVenues.size()] = {};
  // The message being handled: when it arrived, and whether its first event came out yet.
  std::uint64_t message_start_ns_ = 0;
  Venue message_venue_{};
  bool in_message_ = false;
  bool decode_recorded_ = false;
  HostCounters counters_;
};

// message_in() ... message_end() around the decoding of one message.
class InboundMessage {
 public:
  InboundMessage(SessionHost& host, Venue venue, capture::Channel channel, std::string_view payload,
                 bool binary = false, std::string_view request = {}, std::uint16_t status = 0) noexcept
      : host_(host) {
    host_.message_in(venue, channel, payload, binary, request, status);
  }
  ~InboundMessage() { host_.message_end(); }
  InboundMessage(const InboundMessage&) = delete;
  InboundMessage& operator=(const InboundMessage&) = delete;

 private:
  SessionHost& host_;
};

}  // namespace oex::engine
