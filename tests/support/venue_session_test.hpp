#pragma once
// The fixture a venue session's tests share: a real oex-sim over TLS on loopback, the session
// built the way the engine builds it (no strategy attached), helpers that place, cancel and settle
// orders through it, and the closing audit, which compares the order core with the simulator's
// ground truth. Header-only: a test includes it with its own session's library linked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "oex/engine/session_host.hpp"
#include "oex/tools/ground_truth.hpp"
#include "oex/tools/sim_process.hpp"
#include "oex/transport/tls.hpp"

namespace oex::engine {

// Test-only: the tests that include this use the literals throughout.
using namespace std::chrono_literals;

inline Decimal dec(const char* text) { return *Decimal::parse(text); }

template <class Session, Venue kVenue>
class VenueSessionTest : public ::testing::Test {
 protected:
  // `seed` is the simulator's; `poll_interval`, when given, the session's (SessionSettings).
  explicit VenueSessionTest(int seed, std::optional<std::chrono::milliseconds> poll_interval = std::nullopt)
      : seed_(seed), poll_interval_(poll_interval) {}

  void SetUp() override {
    std::string pattern = "/tmp/oex-" + std::string(to_string(kVenue)) + "-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    truth_file_ = dir_ + "/ground_truth.jsonl";
  }

  void TearDown() override {
    session_.reset();
    sim_.reset();
    (void)std::system(("rm -rf " + dir_).c_str());
  }

  // Starts the simulator and builds the session.
  void build() {
    auto sim = tools::SimProcess::start(
        {OEX_SIM_BINARY, {"--activity-ms", "0", "--seed", std::to_string(seed_)}, truth_file_, false});
    ASSERT_TRUE(sim.ok()) << sim.status();
    sim_ = std::move(*sim);
    auto config = parse_engine_config(sim_->engine_config_json({kVenue}), sim_->environment());
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = std::make_unique<EngineConfig>(*config);
    orders_ = std::make_unique<oms::OrderManager>(oms::OmsConfig{});
    risk_ = std::make_unique<risk::RiskGate>(risk::RiskConfig{}, *orders_);
    host_ = std::make_unique<SessionHost>(*config_, *orders_, *risk_, clock_);
    const VenueConfig& venue = config_->venues.front();
    tls_ = std::make_unique<transport::TlsContext>(transport::TlsConfig{venue.ca_file});
    SessionSettings settings{venue, io_, tls_.get()};
    if (poll_interval_) settings.poll_interval = *poll_interval_;
    session_ = std::make_unique<Session>(*host_, settings);
    symbol_ = *orders_->symbols().find(venue.instruments.front().symbol);
  }

  void start() {
    build();
    ASSERT_NE(session_, nullptr);
    session_->start();
    ASSERT_TRUE(run_until([&] { return session_->state() == VenueState::ready; }, 30s)) << "never ready";
  }

  template <class Done>
  bool run_until(Done&& done, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.restart();
      io_.run_for(5ms);
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) { (void)run_until([] { return false; }, d); }

  void control(const std::string& path) { ASSERT_TRUE(sim_->control(path).ok()) << path; }
  void fault(const std::string& settings) {
    control("/fault?venue=" + std::string(to_string(kVenue)) + "&" + settings);
  }
  void clear_faults() { fault("drop=0&duplicate=0&reorder=0&corrupt=0&skip_seq=0&reject=0&throttle=0&delay_ms=0"); }

  oms::OrderHandle place(Side side, const char* price, const char* qty) {
    oms::NewOrderRequest r;
    r.venue = kVenue;
    r.symbol = symbol_;
    r.side = side;
    r.price = dec(price);
    r.qty = dec(qty);
    r.client_order_id = *ClientOrderId::from(std::to_string(++next_client_id_));
    const auto h = orders_->add_pending(r);
    EXPECT_TRUE(h.ok());
    if (!h.ok()) return oms::kNoOrder;
    const SendError e = session_->send_new(*orders_->get(*h));
    EXPECT_EQ(e, SendError::ok) << error_name(e);
    if (e != SendError::ok) orders_->mark_not_sent(*h);
    return *h;
  }

  void cancel(oms::OrderHandle h) {
    ASSERT_EQ(orders_->begin_cancel(h), oms::OmsError::ok);
    const SendError e = session_->send_cancel(*orders_->get(h));
    ASSERT_EQ(e, SendError::ok) << error_name(e);
    settle(h);
  }

  const oms::Order& order(oms::OrderHandle h) const { return *orders_->get(h); }

  bool settled(oms::OrderHandle h) const {
    const oms::Order* o = orders_->get(h);
    return o != nullptr && o->state != OrderState::pending_new && o->state != OrderState::pending_cancel &&
           o->state != OrderState::unknown;
  }
  bool all_settled() const {
    bool all = true;
    orders_->for_each_order([&](oms::OrderHandle h, const oms::Order&) { all = all && settled(h); });
    return all;
  }
  void settle(oms::OrderHandle h) {
    ASSERT_NE(h, oms::kNoOrder);
    EXPECT_TRUE(run_until([&] { return settled(h); })) << "order " << h << " still " << to_string(order(h).state);
  }

  // A sell at the best bid for more than one level holds; the others trade until it fills partly.
  oms::OrderHandle partially_filled_sell() {
    const oms::OrderHandle h = place(Side::sell, "29999.5", "0.2");
    settle(h);
    for (int i = 0; i < 60 && order(h).filled_qty.is_zero(); ++i) {
      control("/step?n=5");
      run_for(50ms);
    }
    EXPECT_FALSE(order(h).filled_qty.is_zero()) << "never partially filled";
    return h;
  }

  void trade_a_little() {
    const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
    const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
    settle(resting);
    settle(crossing);
    const oms::OrderHandle partial = partially_filled_sell();
    cancel(resting);
    if (order(partial).is_open()) cancel(partial);
  }

  // Faults off, an audit (the engine marks the open orders unknown first), then the core is
  // compared with the simulator's record.
  void audit_and_compare() {
    clear_faults();
    ASSERT_TRUE(run_until([&] { return session_->state() == VenueState::ready; }, 30s)) << "not ready for the audit";
    (void)orders_->on_disconnect(kVenue);
    ASSERT_EQ(session_->reconcile(), SendError::ok);
    EXPECT_TRUE(run_until([&] { return session_->state() == VenueState::ready && all_settled(); }, 30s))
        << "not settled after the audit";
    run_for(300ms);  // late notifications
    session_->stop();
    run_for(50ms);
    sim_.reset();  // the simulator completes its ground truth as it stops
    const auto truth = tools::read_ground_truth(truth_file_);
    ASSERT_TRUE(truth.ok()) << truth.status();
    const Venue venues[] = {kVenue};
    const tools::Comparison c = tools::compare(*truth, *orders_, venues);
    for (const std::string& d : c.differences) ADD_FAILURE() << d;
    expect_every_order_matched(*truth, c);
    EXPECT_EQ(orders_->counters().overfills, 0u);
    EXPECT_EQ(orders_->counters().external_orders, 0u) << "a push became an order nobody placed";
  }

  // tools::compare counts the orders of ours the simulator booked, by client order id.
  virtual void expect_every_order_matched(const tools::GroundTruth&, const tools::Comparison& c) {
    EXPECT_GT(c.orders, 0u);
    EXPECT_EQ(c.matched, c.orders);
  }

  int seed_;
  std::optional<std::chrono::milliseconds> poll_interval_;
  std::string dir_;
  std::string truth_file_;
  Clock clock_ = Clock::calibrate();
  boost::asio::io_context io_;
  std::unique_ptr<tools::SimProcess> sim_;
  std::unique_ptr<EngineConfig> config_;
  std::unique_ptr<oms::OrderManager> orders_;
  std::unique_ptr<risk::RiskGate> risk_;
  std::unique_ptr<SessionHost> host_;
  std::unique_ptr<transport::TlsContext> tls_;
  std::unique_ptr<Session> session_;
  SymbolId symbol_ = 0;
  std::uint64_t next_client_id_ = 1000;
};

}  // namespace oex::engine
