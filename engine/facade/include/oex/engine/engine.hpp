#pragma once
// The engine a strategy embeds: one loop thread busy-polls every venue's connections, turns
// their messages into normalized events, keeps orders, positions, balances and books, and
// passes every command through pre-trade risk before a venue's codec writes it.
//
//   auto engine = oex::engine::Engine::create(config, my_strategy);   // start-up: may fail
//   (*engine)->start();
//   while (running) (*engine)->do_work();    // or run(): pinned, busy-spinning
//
// Commands (submit, amend, cancel, cancel_all, kill, release) are for the loop thread, inside
// the strategy's callbacks or between do_work() calls; each returns at once. A strategy on
// another thread pushes the same commands into command_queue(); the loop drains it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "oex/core/client_order_id.hpp"
#include "oex/core/clock.hpp"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/core/result.hpp"
#include "oex/core/spsc_queue.hpp"
#include "oex/engine/config.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/engine/strategy.hpp"
#include "oex/engine/venue_state.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/risk/reject_reason.hpp"

namespace oex::engine {

struct OrderRequest {
  Venue venue{};
  std::string_view symbol;  // as the venue spells it, one of the configured instruments
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce time_in_force = TimeInForce::gtc;
  std::optional<Decimal> price;  // absent for market orders
  Decimal qty;
  std::optional<Decimal> trigger_price;
};

enum class CommandError : std::uint8_t {
  ok = 0,
  unknown_venue,     // no session for that venue in the configuration
  unknown_symbol,    // not a configured instrument of that venue
  venue_not_ready,   // the venue is connecting, logging in or reconciling
  risk_rejected,     // see CommandReject::risk
  order_rejected,    // the order core refused it, see CommandReject::oms
  send_failed,       // the session could not write or send it, see CommandReject::send
  unknown_order,     // no such order handle
  queue_full,        // the command queue from another thread is full
};

[[nodiscard]] constexpr std::string_view error_name(CommandError e) noexcept {
  switch (e) {
    case CommandError::ok: return "ok";
    case CommandError::unknown_venue: return "unknown_venue";
    case CommandError::unknown_symbol: return "unknown_symbol";
    case CommandError::venue_not_ready: return "venue_not_ready";
    case CommandError::risk_rejected: return "risk_rejected";
    case CommandError::order_rejected: return "order_rejected";
    case CommandError::send_failed: return "send_failed";
    case CommandError::unknown_order: return "unknown_order";
    case CommandError::queue_full: return "queue_full";
  }
  return "unknown_error";
}

// Why a command was refused: the error, and the layer's own reason where one applies.
struct CommandReject {
  CommandError error = CommandError::ok;
  risk::RejectReason risk = risk::RejectReason::none;
  oms::OmsError oms = oms::OmsError::ok;
  SendError send = SendError::ok;
  // "risk_rejected: price_collar", for logs.
  [[nodiscard]] std::string describe() const;
  friend bool operator==(const CommandReject&, const CommandReject&) = default;
};

struct EngineOptions {
  std::chrono::milliseconds poll_interval{250};  // venues without an order push
  // Every venue is reconciled this often even without a disconnect, so a lost notification is
  // found; 0: only after disconnects and on reconcile().
  std::chrono::milliseconds audit_interval{0};
  std::size_t command_queue = 1024;              // commands from another thread
  std::string capture_file;                      // every message in and out, redacted; empty: off
  std::size_t capture_ring_bytes = 64u << 20;
  std::optional<int> capture_writer_cpu;         // pin the capture writer here (not the loop's core)
  unsigned client_id_instance = 0;               // distinguishes engines sharing an API key
  // Each venue's order-notification socket is read with a recv on every loop iteration instead
  // of through epoll (transport::StreamOptions::poll_reads): a fill reaches the strategy one
  // system call sooner; every iteration pays a recv per venue, and the reactor (REST answers,
  // timers) runs on every eighth iteration.
  bool poll_notification_reads = false;
};

// A command pushed from another thread. Plain data: the symbol is copied in.
struct Command {
  enum class Kind : std::uint8_t { submit, amend, cancel, cancel_all, kill, release };
  Kind kind = Kind::submit;
  std::uint64_t tag = 0;  // the sender's, returned in the result
  Venue venue{};
  bool all_venues = false;  // cancel_all
  SymbolText symbol;
  Side side = Side::buy;
  OrderType type = OrderType::limit;
  TimeInForce time_in_force = TimeInForce::gtc;
  bool has_price = false;
  bool has_qty = false;
  Decimal price;
  Decimal qty;
  oms::OrderHandle order = oms::kNoOrder;  // amend, cancel
};

// What became of a pushed command, for the thread that pushed it.
struct CommandResult {
  std::uint64_t tag = 0;
  oms::OrderHandle order = oms::kNoOrder;  // the new order of a submit; the order of an amend or cancel
  CommandReject reject;                    // error ok when it was sent
  std::size_t count = 0;                   // requests sent by cancel_all and kill
};

class Engine {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Engine>> create(const EngineConfig& config, Strategy& strategy,
                                                                      const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- the loop ---
  void start();  // every venue starts connecting; the strategy's on_start runs
  // One iteration: ready I/O handlers, commands from other threads, timers. How much was done.
  int do_work() noexcept;
  // Pins the thread (the configured CPU) and runs do_work() until stop() (from any thread).
  absl::Status run();
  void request_stop() noexcept { stop_requested_.store(true, std::memory_order_relaxed); }
  // Runs do_work() until `done()` is true or the time is up; true when done. For tests and tools.
  template <class Done>
  bool run_until(Done&& done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= end) return false;
      if (do_work() == 0) idle_once();
    }
    return true;
  }
  void stop();  // closes every connection; the capture file is completed

  // --- commands (loop thread) ---
  [[nodiscard]] Result<oms::OrderHandle, CommandReject> submit(const OrderRequest& request) noexcept;
  [[nodiscard]] CommandReject amend(oms::OrderHandle order, std::optional<Decimal> price,
                                    std::optional<Decimal> qty) noexcept;
  [[nodiscard]] CommandReject cancel(oms::OrderHandle order) noexcept;
  // Cancels every open order of a venue (all venues when empty); returns how many were sent.
  std::size_t cancel_all(std::optional<Venue> venue = std::nullopt) noexcept;
  // Kill switch: new risk is refused everywhere and every venue gets its cancel-all; stays on
  // until release(). Returns how many cancel requests were sent.
  std::size_t kill() noexcept;
  void release() noexcept;
  [[nodiscard]] bool killed() const noexcept;
  // Audits a venue now: its open orders become unknown until the venue's answers resolve them
  // (the same reconciliation as after a reconnect). For notifications that may have been lost.
  [[nodiscard]] CommandReject reconcile(Venue venue) noexcept;

  // --- commands from another thread (single producer) ---
  [[nodiscard]] bool push(const Command& command) noexcept { return commands_.try_push(command); }
  [[nodiscard]] bool pop_result(CommandResult& result) noexcept { return results_.try_pop(result); }
  // Results dropped because the other thread did not take them in time.
  [[nodiscard]] std::uint64_t lost_results() const noexcept { return lost_results_; }

  // --- reads ---
  [[nodiscard]] const oms::OrderManager& orders() const noexcept { return *orders_; }
  [[nodiscard]] VenueState state(Venue venue) const noexcept { return host_->state(venue); }
  // How many of the venue's connections are open (none kept when it is not configured).
  [[nodiscard]] Connections connections(Venue venue) const noexcept;
  [[nodiscard]] bool configured(Venue venue) const noexcept;
  [[nodiscard]] std::optional<SymbolId> symbol(std::string_view text) const noexcept {
    return orders_->symbols().find(text);
  }
  [[nodiscard]] const OrderBook* book(Venue venue, SymbolId symbol) const noexcept { return host_->book(venue, symbol); }
  [[nodiscard]] const StageLatency& latency() const noexcept { return host_->latency(); }
  [[nodiscard]] const HostCounters& counters() const noexcept { return host_->counters(); }
  [[nodiscard]] std::uint64_t now_ns() const noexcept { return host_->now_ns(); }
  [[nodiscard]] const EngineConfig& config() const noexcept { return config_; }
  [[nodiscard]] std::uint64_t capture_dropped() const noexcept;

 private:
  struct Sessions;  // one of each configured venue's session type
  struct Extras;
  Engine(const EngineConfig& config, Strategy& strategy, const EngineOptions& options);
  void idle_once() noexcept;
  int drain_commands() noexcept;
  void renew_dead_man() noexcept;
  void audit_due(std::uint64_t now_ns) noexcept;

  EngineConfig config_;
  EngineOptions options_;
  Strategy& strategy_;
  Clock clock_;
  std::unique_ptr<oms::OrderManager> orders_;
  std::unique_ptr<risk::RiskGate> risk_;
  std::unique_ptr<SessionHost> host_;
  std::unique_ptr<Sessions> sessions_;
  std::unique_ptr<Extras> extras_;
  ClientOrderIdGenerator ids_;
  SpscQueue<Command> commands_;
  SpscQueue<CommandResult> results_;
  std::uint64_t lost_results_ = 0;
  std::uint64_t last_audit_ns_[kAllVenues.size()] = {};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace oex::engine
