#include "oex/engine/engine.hpp"

#include <boost/asio/io_context.hpp>

#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "oex/capture/capture_writer.hpp"
#include "oex/core/asio_agent.hpp"
#include "oex/core/cpu_affinity.hpp"
#include "oex/engine/venue_session.hpp"
#include "oex/risk/submit_path.hpp"
#include "oex/engine/btse_session.hpp"
#include "oex/engine/digifinex_session.hpp"
#include "oex/engine/cryptomus_session.hpp"
#include "oex/engine/gct_session.hpp"
#include "oex/engine/deflow_session.hpp"

namespace oex::engine {
namespace {

constexpr std::size_t kEvictionsPerIdleIteration = 4;

}  // namespace

std::string CommandReject::describe() const {
  std::string text(error_name(error));
  if (error == CommandError::risk_rejected) text += ": " + std::string(risk::reject_name(risk));
  if (error == CommandError::order_rejected) text += ": " + std::string(oms::error_name(oms));
  if (error == CommandError::send_failed) text += ": " + std::string(error_name(send));
  return text;
}

// The loop's io_context, the TLS contexts, and one session per configured venue. Commands reach
// a session through dispatch(): a switch on the venue, no virtual call.
struct Engine::Sessions {
  boost::asio::io_context io{kLoopConcurrencyHint};
  AsioAgent agent{io};
  std::map<std::string, std::unique_ptr<transport::TlsContext>> tls;  // by CA file
  std::unique_ptr<BtseSession> btse;
  std::unique_ptr<DigifinexSession> digifinex;
  std::unique_ptr<CryptomusSession> cryptomus;
  std::unique_ptr<GctSession> gct;
  std::unique_ptr<DeflowSession> deflow;

  // Calls f(session) for the venue's session; `absent` when the venue has none.
  template <class F, class R>
  R dispatch(Venue venue, F&& f, R absent) {
    switch (venue) {
      case Venue::btse:
        if (btse) return f(*btse);
        break;
      case Venue::digifinex:
        if (digifinex) return f(*digifinex);
        break;
      case Venue::cryptomus:
        if (cryptomus) return f(*cryptomus);
        break;
      case Venue::gct:
        if (gct) return f(*gct);
        break;
      case Venue::deflow:
        if (deflow) return f(*deflow);
        break;
    }
    return absent;
  }

  template <class F>
  void for_each(F&& f) {
    for (const Venue v : kAllVenues) {
      (void)dispatch(v, [&f](auto& s) { f(s); return true; }, false);
    }
  }

  transport::TlsContext* tls_for(const VenueConfig& venue) {
    const bool needs_tls = (venue.rest && venue.rest->tls()) || (venue.ws && venue.ws->tls());
    if (!needs_tls) return nullptr;
    auto& context = tls[venue.ca_file];
    if (!context) context = std::make_unique<transport::TlsContext>(transport::TlsConfig{venue.ca_file});
    return context.get();
  }

  // Builds the venue's session; throws std::runtime_error when it cannot (start-up only).
  void make(SessionHost& host, const SessionSettings& settings) {
    switch (settings.venue.venue) {
      case Venue::btse:
        btse = std::make_unique<BtseSession>(host, settings);
        return;
      case Venue::digifinex:
        digifinex = std::make_unique<DigifinexSession>(host, settings);
        return;
      case Venue::cryptomus:
        cryptomus = std::make_unique<CryptomusSession>(host, settings);
        return;
      case Venue::gct:
        gct = std::make_unique<GctSession>(host, settings);
        return;
      case Venue::deflow:
        deflow = std::make_unique<DeflowSession>(host, settings);
        return;
    }
    throw std::runtime_error("venues: unknown venue");  // unreachable: the config names only the five
  }
};

// Start-up-sized storage the commands use, and the capture ring with its writer thread.
struct Engine::Extras {
  std::unique_ptr<capture::CaptureRing> capture_ring;
  std::unique_ptr<capture::CaptureWriter> capture_writer;
  std::vector<risk::KillAction> kill_actions;  // every order plus one per venue
  std::vector<bool> instrument;                // [symbol * venues + venue]: configured
};

Engine::Engine(const EngineConfig& config, Strategy& strategy, const EngineOptions& options)
    : config_(config),
      options_(options),
      strategy_(strategy),
      clock_(Clock::calibrate()),
      commands_(options.command_queue),
      results_(options.command_queue) {}

Engine::~Engine() { stop(); }

absl::StatusOr<std::unique_ptr<Engine>> Engine::create(const EngineConfig& given, Strategy& strategy,
                                                       const EngineOptions& options) {
  auto ids = ClientOrderIdGenerator::create(options.client_id_instance);
  if (!ids.ok()) return absl::InvalidArgumentError("client_id_instance must be below 100");
  std::unique_ptr<Engine> engine(new Engine(given, strategy, options));
  Engine& e = *engine;
  // The sessions and the host keep references into the configuration: the engine's own copy,
  // never the caller's, which may go before the engine does.
  const EngineConfig& config = e.config_;
  e.ids_ = *ids;
  oms::OmsConfig oms_config;
  oms_config.max_orders = config.capacities.orders;
  oms_config.max_symbols = config.capacities.symbols;
  oms_config.max_fill_keys = config.capacities.fill_keys;
  e.orders_ = std::make_unique<oms::OrderManager>(oms_config);
  try {
    // Every configured instrument is a risk instrument too, with the defaults unless the risk
    // section names it.
    risk::RiskConfig risk_config = config.risk;
    for (const VenueConfig& v : config.venues) {
      for (const Instrument& i : v.instruments) {
        bool listed = false;
        for (const auto& entry : risk_config.instruments) listed = listed || (entry.venue == v.venue && entry.symbol == i.symbol);
        if (!listed) risk_config.instruments.push_back({v.venue, i.symbol, risk_config.defaults});
      }
    }
    e.risk_ = std::make_unique<risk::RiskGate>(risk_config, *e.orders_);
    e.host_ = std::make_unique<SessionHost>(config, *e.orders_, *e.risk_, e.clock_);
    e.host_->attach(e, strategy);
    e.sessions_ = std::make_unique<Sessions>();
    for (const VenueConfig& v : config.venues) {
      SessionSettings settings{v, e.sessions_->io, e.sessions_->tls_for(v), options.poll_interval};
      settings.poll_notification_reads = options.poll_notification_reads;
      e.sessions_->make(*e.host_, settings);
    }
  } catch (const std::exception& error) {
    return absl::InvalidArgumentError(error.what());
  }
  e.extras_ = std::make_unique<Extras>();
  e.extras_->kill_actions.resize(config.capacities.orders + kAllVenues.size());
  e.extras_->instrument.assign(static_cast<std::size_t>(config.capacities.symbols) * kAllVenues.size(), false);
  for (const VenueConfig& v : config.venues) {
    for (const Instrument& i : v.instruments) {
      const auto symbol = e.orders_->symbols().find(i.symbol);
      if (!symbol || *symbol >= config.capacities.symbols) {
        return absl::InvalidArgumentError("capacities.symbols: too small for the configured instruments");
      }
      e.extras_->instrument[*symbol * kAllVenues.size() + static_cast<std::size_t>(v.venue)] = true;
    }
  }
  if (!options.capture_file.empty()) {
    capture::Redactor redactor;
    for (const VenueConfig& v : config.venues) {
      for (const Secret* s : {&v.api_key, &v.secret, &v.user_id, &v.pay_password}) redactor.add_secret(s->reveal());
    }
    e.extras_->capture_ring = std::make_unique<capture::CaptureRing>(options.capture_ring_bytes);
    auto writer = capture::CaptureWriter::start(*e.extras_->capture_ring, options.capture_file, std::move(redactor),
                                                options.capture_writer_cpu);
    if (!writer.ok()) return writer.status();
    e.extras_->capture_writer = std::move(*writer);
    e.host_->set_capture(e.extras_->capture_ring.get());
  }
  return engine;
}

bool Engine::configured(Venue venue) const noexcept {
  return sessions_->dispatch(venue, [](auto&) { return true; }, false);
}

Connections Engine::connections(Venue venue) const noexcept {
  return sessions_->dispatch(venue, [](const auto& s) { return s.connections(); }, Connections{});
}

void Engine::start() {
  stop_requested_.store(false, std::memory_order_relaxed);
  sessions_->for_each([](auto& s) { s.start(); });
  strategy_.on_start(*this);
}

void Engine::stop() {
  if (!sessions_) return;
  sessions_->for_each([](auto& s) { s.stop(); });
  // Let the sessions' closing handshakes and cancelled handlers run out.
  for (int i = 0; i < 1000 && sessions_->io.poll() != 0; ++i) {
  }
  if (extras_) {
    host_->set_capture(nullptr);
    extras_->capture_writer.reset();  // drains what is left, then closes the file
  }
}

int Engine::do_work() noexcept {
  int work = sessions_->agent.do_work();
  work += drain_commands();
  renew_dead_man();
  const std::uint64_t now = host_->now_ns();
  audit_due(now);
  strategy_.on_idle(*this, now);
  // An iteration without messages frees finished orders' slots, which new orders would otherwise
  // have to free on their way out; a few at a time keeps the iteration short.
  if (work == 0) (void)orders_->reclaim_finished(kEvictionsPerIdleIteration);
  return work;
}

void Engine::idle_once() noexcept { std::this_thread::yield(); }

absl::Status Engine::run() {
  if (config_.cpu) {
    if (absl::Status pinned = pin_current_thread(*config_.cpu); !pinned.ok()) return pinned;
  }
  while (!stop_requested_.load(std::memory_order_relaxed)) (void)do_work();
  return absl::OkStatus();
}

std::uint64_t Engine::capture_dropped() const noexcept {
  return extras_ && extras_->capture_ring ? extras_->capture_ring->dropped() : 0;
}

bool Engine::killed() const noexcept { return risk_->kill_switch_engaged(); }

Result<oms::OrderHandle, CommandReject> Engine::submit(const OrderRequest& request) noexcept {
  CommandReject reject;
  if (!configured(request.venue)) {
    reject.error = CommandError::unknown_venue;
    return reject;
  }
  const auto symbol = orders_->symbols().find(request.symbol);
  if (!symbol || *symbol >= config_.capacities.symbols ||
      !extras_->instrument[*symbol * kAllVenues.size() + static_cast<std::size_t>(request.venue)]) {
    reject.error = CommandError::unknown_symbol;
    return reject;
  }
  if (host_->state(request.venue) != VenueState::ready) {
    reject.error = CommandError::venue_not_ready;
    return reject;
  }
  oms::NewOrderRequest order;
  order.venue = request.venue;
  order.symbol = *symbol;
  order.side = request.side;
  order.type = request.type;
  order.time_in_force = request.time_in_force;
  order.price = request.price;
  order.qty = request.qty;
  order.trigger_price = request.trigger_price;
  order.client_order_id = ids_.next();
  const std::uint64_t start = host_->now_ns();
  SendError sent = SendError::ok;
  const risk::SubmitResult result = risk::submit_new(*risk_, *orders_, order, start, [&](const oms::Order& o) {
    host_->record(request.venue, Stage::risk, host_->now_ns() - start);
    sent = sessions_->dispatch(request.venue, [&o](auto& s) { return s.send_new(o); }, SendError::not_ready);
    return sent == SendError::ok;
  });
  switch (result.status) {
    case risk::SubmitStatus::sent: return result.order;
    case risk::SubmitStatus::risk_rejected:
      host_->record(request.venue, Stage::risk, host_->now_ns() - start);
      reject.error = CommandError::risk_rejected;
      reject.risk = result.reason;
      return reject;
    case risk::SubmitStatus::oms_rejected:
      reject.error = CommandError::order_rejected;
      reject.oms = result.oms_error;
      return reject;
    case risk::SubmitStatus::encoder_failed:
      reject.error = CommandError::send_failed;
      reject.send = sent;
      return reject;
  }
  return reject;
}

CommandReject Engine::amend(oms::OrderHandle handle, std::optional<Decimal> price, std::optional<Decimal> qty) noexcept {
  CommandReject reject;
  const oms::Order* order = orders_->get(handle);
  if (order == nullptr) {
    reject.error = CommandError::unknown_order;
    return reject;
  }
  const Venue venue = order->venue;
  if (host_->state(venue) != VenueState::ready) {
    reject.error = CommandError::venue_not_ready;
    return reject;
  }
  const std::uint64_t start = host_->now_ns();
  SendError sent = SendError::ok;
  const risk::SubmitResult result = risk::submit_amend(
      *risk_, *orders_, handle, price, qty, start,
      [&](const oms::Order& o, std::optional<Decimal> p, std::optional<Decimal> q) {
        host_->record(venue, Stage::risk, host_->now_ns() - start);
        sent = sessions_->dispatch(venue, [&](auto& s) { return s.send_amend(o, p, q); }, SendError::not_ready);
        return sent == SendError::ok;
      });
  if (result.status == risk::SubmitStatus::risk_rejected) {
    reject.error = CommandError::risk_rejected;
    reject.risk = result.reason;
  } else if (result.status == risk::SubmitStatus::oms_rejected) {
    reject.error = CommandError::order_rejected;
    reject.oms = result.oms_error;
  } else if (result.status == risk::SubmitStatus::encoder_failed) {
    reject.error = CommandError::send_failed;
    reject.send = sent;
  }
  return reject;
}

CommandReject Engine::cancel(oms::OrderHandle handle) noexcept {
  CommandReject reject;
  const oms::Order* order = orders_->get(handle);
  if (order == nullptr) {
    reject.error = CommandError::unknown_order;
    return reject;
  }
  const Venue venue = order->venue;
  if (host_->state(venue) != VenueState::ready) {
    reject.error = CommandError::venue_not_ready;
    return reject;
  }
  SendError sent = SendError::ok;
  const risk::SubmitResult result = risk::submit_cancel(*orders_, handle, [&](const oms::Order& o) {
    sent = sessions_->dispatch(venue, [&o](auto& s) { return s.send_cancel(o); }, SendError::not_ready);
    return sent == SendError::ok;
  });
  if (result.status == risk::SubmitStatus::oms_rejected) {
    reject.error = CommandError::order_rejected;
    reject.oms = result.oms_error;
  } else if (result.status == risk::SubmitStatus::encoder_failed) {
    reject.error = CommandError::send_failed;
    reject.send = sent;
  }
  return reject;
}

std::size_t Engine::cancel_all(std::optional<Venue> venue) noexcept {
  std::size_t sent = 0;
  for (std::size_t i = 0; i < config_.capacities.orders; ++i) {
    const auto handle = static_cast<oms::OrderHandle>(i);
    const oms::Order* order = orders_->get(handle);
    if (order == nullptr || !order->is_open() || order->state == OrderState::pending_cancel || order->external) continue;
    if (venue && order->venue != *venue) continue;
    if (cancel(handle).error == CommandError::ok) ++sent;
  }
  return sent;
}

std::size_t Engine::kill() noexcept {
  const std::size_t n = risk_->engage_kill_switch(extras_->kill_actions);
  std::size_t sent = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const risk::KillAction& action = extras_->kill_actions[i];
    const SendError e =
        sessions_->dispatch(action.venue, [&action](auto& s) { return s.send_kill(action); }, SendError::not_ready);
    if (e == SendError::ok) ++sent;
  }
  return sent;
}

void Engine::release() noexcept { risk_->release_kill_switch(); }

CommandReject Engine::reconcile(Venue venue) noexcept {
  CommandReject reject;
  if (!configured(venue)) {
    reject.error = CommandError::unknown_venue;
    return reject;
  }
  if (host_->state(venue) != VenueState::ready) {
    reject.error = CommandError::venue_not_ready;
    return reject;
  }
  last_audit_ns_[static_cast<std::size_t>(venue)] = host_->now_ns();
  (void)orders_->on_disconnect(venue);
  reject.send = sessions_->dispatch(venue, [](auto& s) { return s.reconcile(); }, SendError::not_ready);
  if (reject.send != SendError::ok) reject.error = CommandError::send_failed;
  return reject;
}

void Engine::audit_due(std::uint64_t now_ns) noexcept {
  if (options_.audit_interval.count() <= 0) return;
  const auto every = static_cast<std::uint64_t>(std::chrono::nanoseconds(options_.audit_interval).count());
  for (const Venue v : kAllVenues) {
    std::uint64_t& last = last_audit_ns_[static_cast<std::size_t>(v)];
    if (last == 0) last = now_ns;  // the first audit one interval after start
    if (now_ns - last >= every && host_->state(v) == VenueState::ready) (void)reconcile(v);
  }
}

void Engine::renew_dead_man() noexcept {
  if (host_->state(Venue::btse) != VenueState::ready) return;
  if (const auto due = risk_->dead_man_due(host_->now_ns())) {
    (void)sessions_->dispatch(Venue::btse, [&due](auto& s) { return s.send_dead_man(due->timeout_ms); },
                              SendError::not_ready);
  }
}

int Engine::drain_commands() noexcept {
  int n = 0;
  Command c;
  while (commands_.try_pop(c)) {
    ++n;
    CommandResult r;
    r.tag = c.tag;
    switch (c.kind) {
      case Command::Kind::submit: {
        OrderRequest request{c.venue, c.symbol.view(), c.side, c.type, c.time_in_force,
                             c.has_price ? std::optional<Decimal>(c.price) : std::nullopt, c.qty, std::nullopt};
        auto submitted = submit(request);
        if (submitted.ok()) {
          r.order = *submitted;
        } else {
          r.reject = submitted.error();
        }
        break;
      }
      case Command::Kind::amend:
        r.order = c.order;
        r.reject = amend(c.order, c.has_price ? std::optional<Decimal>(c.price) : std::nullopt,
                         c.has_qty ? std::optional<Decimal>(c.qty) : std::nullopt);
        break;
      case Command::Kind::cancel:
        r.order = c.order;
        r.reject = cancel(c.order);
        break;
      case Command::Kind::cancel_all: r.count = cancel_all(c.all_venues ? std::nullopt : std::optional<Venue>(c.venue)); break;
      case Command::Kind::kill: r.count = kill(); break;
      case Command::Kind::release: release(); break;
    }
    if (!results_.try_push(r)) ++lost_results_;
  }
  return n;
}

}  // namespace oex::engine
