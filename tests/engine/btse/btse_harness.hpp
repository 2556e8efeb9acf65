#pragma once
// A BtseSession against a real oex-sim over TLS on loopback, assembled the way the engine does
// it (io_context, order core, risk gate, session host, no strategy), with helpers that place
// orders as the engine does and run the loop until a condition holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "oex/core/clock.hpp"
#include "oex/engine/btse_session.hpp"
#include "oex/engine/config.hpp"
#include "oex/engine/session_host.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/risk/risk_gate.hpp"
#include "oex/tools/ground_truth.hpp"
#include "oex/tools/sim_process.hpp"
#include "oex/transport/tls.hpp"

namespace oex::engine::testing {

using namespace std::chrono_literals;

inline Decimal dec(const char* text) { return *Decimal::parse(text); }

// The simulator's BTC-USDT: mid 30000, tick 0.5, lot 0.001.
inline constexpr const char* kRisk =
    R"({"defaults":{"max_order_qty":"10","max_order_notional":"1000000","price_collar":"0.2",)"
    R"("max_open_orders":100,"max_position":"100","reject_without_reference_price":false}})";
inline constexpr const char* kSymbol = "BTC-USDT";

class BtseHarness : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/oex-btse-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    truth_file_ = dir_ + "/ground_truth.jsonl";
  }

  void TearDown() override {
    session_.reset();
    sim_.reset();
    (void)std::system(("rm -rf " + dir_).c_str());
  }

  // Starts the simulator (no background activity: the test steps the market) and the session,
  // and waits for `ready`.
  void start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> arguments = {"--activity-ms", "0", "--seed", "7"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    auto sim = tools::SimProcess::start({OEX_SIM_BINARY, arguments, truth_file_, false});
    ASSERT_TRUE(sim.ok()) << sim.status();
    sim_ = std::move(*sim);
    auto config = parse_engine_config(sim_->engine_config_json({Venue::btse}, kRisk), sim_->environment());
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = std::move(*config);
    ASSERT_EQ(config_.venues.size(), 1u);
    ASSERT_TRUE(config_.venues[0].book_ws.has_value());
    oms::OmsConfig oms;
    oms.max_orders = config_.capacities.orders;
    oms.max_symbols = config_.capacities.symbols;
    oms.max_fill_keys = config_.capacities.fill_keys;
    orders_ = std::make_unique<oms::OrderManager>(oms);
    risk_ = std::make_unique<risk::RiskGate>(config_.risk, *orders_);
    host_ = std::make_unique<SessionHost>(config_, *orders_, *risk_, clock_);
    tls_ = std::make_unique<transport::TlsContext>(transport::TlsConfig{config_.venues[0].ca_file});
    session_ = std::make_unique<BtseSession>(*host_, SessionSettings{config_.venues[0], io_, tls_.get()});
    session_->start();
    ASSERT_TRUE(run_until([&] { return session_->state() == VenueState::ready; }, 30s)) << "never ready";
  }

  // Runs the loop until `done` holds or `limit` passes; true when it held.
  template <class Done>
  bool run_until(Done&& done, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      io_.restart();
      io_.run_one_for(5ms);
      io_.poll();
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) { (void)run_until([] { return false; }, d); }

  void control(const std::string& path) { ASSERT_TRUE(sim_->control(path).ok()) << path; }
  void fault(const std::string& settings) { control("/fault?venue=btse&" + settings); }
  void clear_faults() { fault("drop=0&duplicate=0&reorder=0&corrupt=0&skip_seq=0&reject=0&throttle=0&delay_ms=0"); }

  // Places a limit order the way the engine does: pending in the order core, then sent.
  oms::OrderHandle place(Side side, const char* price, const char* qty, SendError expected = SendError::ok) {
    oms::NewOrderRequest r;
    r.venue = Venue::btse;
    r.symbol = *orders_->symbols().intern(kSymbol);
    r.side = side;
    r.type = OrderType::limit;
    r.price = dec(price);
    r.qty = dec(qty);
    r.client_order_id = *ClientOrderId::from(std::to_string(next_client_id_++));
    const auto handle = orders_->add_pending(r);
    EXPECT_TRUE(handle.ok());
    if (!handle.ok()) return oms::kNoOrder;
    const SendError sent = session_->send_new(*orders_->get(*handle));
    EXPECT_EQ(sent, expected) << error_name(sent);
    if (sent != SendError::ok) orders_->mark_not_sent(*handle);
    return *handle;
  }

  void cancel(oms::OrderHandle h) {
    ASSERT_EQ(orders_->begin_cancel(h), oms::OmsError::ok);
    const SendError sent = session_->send_cancel(*orders_->get(h));
    ASSERT_EQ(sent, SendError::ok) << error_name(sent);
  }

  void amend(oms::OrderHandle h, std::optional<Decimal> price, std::optional<Decimal> qty) {
    ASSERT_EQ(orders_->begin_amend(h, price, qty), oms::OmsError::ok);
    const SendError sent = session_->send_amend(*orders_->get(h), price, qty);
    ASSERT_EQ(sent, SendError::ok) << error_name(sent);
  }

  [[nodiscard]] const oms::Order& order(oms::OrderHandle h) const { return *orders_->get(h); }

  [[nodiscard]] bool settled(oms::OrderHandle h) const {
    const oms::Order* o = orders_->get(h);
    return o != nullptr && o->state != OrderState::pending_new && o->state != OrderState::pending_cancel &&
           o->state != OrderState::unknown && !o->amend_pending;
  }
  [[nodiscard]] bool all_settled() const {
    bool all = true;
    orders_->for_each_order([&](oms::OrderHandle h, const oms::Order&) { all = all && settled(h); });
    return all;
  }
  void settle(oms::OrderHandle h) {
    ASSERT_NE(h, oms::kNoOrder);
    EXPECT_TRUE(run_until([&] { return settled(h); })) << "order " << h << " still " << to_string(order(h).state);
  }

  // A sell at the best bid for more than the level holds, partly filled by the other
  // participants as the market steps.
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

  // Resting, crossing and partially filled orders, then the open ones cancelled.
  void trade_a_little() {
    const oms::OrderHandle resting = place(Side::buy, "29000", "0.01");
    const oms::OrderHandle crossing = place(Side::buy, "30100", "0.002");
    settle(resting);
    settle(crossing);
    const oms::OrderHandle partial = partially_filled_sell();
    if (order(resting).is_open()) cancel(resting);
    if (order(partial).is_open()) cancel(partial);
    settle(resting);
    settle(partial);
  }

  // Faults off, an audit as the engine runs it, then the session and the simulator stop and the
  // order core is compared with the simulator's ground truth.
  void finish_and_compare() {
    clear_faults();
    (void)orders_->on_disconnect(Venue::btse);
    ASSERT_EQ(session_->reconcile(), SendError::ok);
    EXPECT_TRUE(run_until([&] { return session_->state() == VenueState::ready && all_settled(); }, 30s))
        << "not settled after the audit";
    run_for(300ms);  // late notifications
    session_->stop();
    sim_.reset();  // the simulator completes its ground truth as it stops
    const auto truth = tools::read_ground_truth(truth_file_);
    ASSERT_TRUE(truth.ok()) << truth.status();
    const Venue venues[] = {Venue::btse};
    const tools::Comparison c = tools::compare(*truth, *orders_, venues);
    for (const std::string& d : c.differences) ADD_FAILURE() << d;
    EXPECT_GT(c.orders, 0u);
    EXPECT_EQ(c.matched, c.orders);
    EXPECT_EQ(orders_->counters().overfills, 0u);
    // Every fill the venue booked, booked once here.
    Decimal booked;
    orders_->for_each_order([&](oms::OrderHandle, const oms::Order& o) { booked = *add(booked, o.filled_qty); });
    Decimal truth_filled;
    for (const auto& [key, o] : truth->orders) truth_filled = *add(truth_filled, o.filled_qty);
    EXPECT_EQ(booked, truth_filled);
  }

  std::string dir_;
  std::string truth_file_;
  std::unique_ptr<tools::SimProcess> sim_;
  EngineConfig config_;
  Clock clock_ = Clock::monotonic();
  boost::asio::io_context io_{1};
  std::unique_ptr<oms::OrderManager> orders_;
  std::unique_ptr<risk::RiskGate> risk_;
  std::unique_ptr<SessionHost> host_;
  std::unique_ptr<transport::TlsContext> tls_;
  std::unique_ptr<BtseSession> session_;
  std::uint64_t next_client_id_ = 1000;
};

}  // namespace oex::engine::testing
