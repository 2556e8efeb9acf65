// The engine end to end against oex-sim over TLS, one venue at a time: the order lifecycle and
// the simulator's faults, each run ending with the engine's orders, fills and positions compared
// with the simulator's ground truth (every fill booked once), and the steady state counted for
// heap allocations.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "oex/engine/engine.hpp"
#include "oex/tools/ground_truth.hpp"
#include "oex/tools/sim_process.hpp"

namespace oex::engine {
namespace {

using namespace std::chrono_literals;

Decimal dec(const char* text) { return *Decimal::parse(text); }

// Remembers every state an order passed through, in storage sized up front: the strategy runs
// inside the allocation count too.
class RecordingStrategy final : public Strategy {
 public:
  void on_order(Engine&, oms::OrderHandle handle, const oms::Order& order) override {
    if (handle < states.size()) states[handle] |= 1u << static_cast<unsigned>(order.state);
  }
  void on_fill(Engine&, const oms::Order&, const BookedFill&) override { ++fills; }
  void on_reject(Engine&, const VenueReject& reject) override {
    ++venue_rejects[static_cast<std::size_t>(reject.kind)];
  }

  [[nodiscard]] bool saw(oms::OrderHandle handle, OrderState state) const {
    return handle < states.size() && (states[handle] & (1u << static_cast<unsigned>(state))) != 0;
  }
  [[nodiscard]] std::size_t rejects(VenueReject::Kind kind) const { return venue_rejects[static_cast<std::size_t>(kind)]; }

  std::array<std::uint32_t, 4096> states{};  // by order handle: a bit per state seen
  std::array<std::size_t, 16> venue_rejects{};
  std::size_t fills = 0;
};

// The simulator's BTC-USDT: mid 30000, tick 0.5, lot 0.001, 1 to 20 lots on each level.
constexpr const char* kRisk =
    R"({"defaults":{"max_order_qty":"10","max_order_notional":"1000000","price_collar":"0.2",)"
    R"("max_open_orders":100,"max_position":"100","reject_without_reference_price":false}})";

class EngineEndToEnd : public ::testing::TestWithParam<Venue> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/oex-e2e-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    truth_file_ = dir_ + "/ground_truth.jsonl";
  }

  void TearDown() override {
    engine_.reset();
    sim_.reset();
    (void)std::system(("rm -rf " + dir_).c_str());
  }

  Venue venue() const { return GetParam(); }
  const std::string& symbol() const { return symbol_; }

  void start(bool poll_notification_reads = false) {
    symbol_ = tools::sim_symbols(venue()).front();
    auto sim = tools::SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0", "--seed", "11"}, truth_file_, false});
    ASSERT_TRUE(sim.ok()) << sim.status();
    sim_ = std::move(*sim);
    auto config = parse_engine_config(sim_->engine_config_json({venue()}, kRisk), sim_->environment());
    ASSERT_TRUE(config.ok()) << config.status();
    EngineOptions options;
    options.poll_interval = 100ms;
    options.poll_notification_reads = poll_notification_reads;
    auto engine = Engine::create(*config, strategy_, options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = std::move(*engine);
    engine_->start();
    ASSERT_TRUE(run_until([&] { return engine_->state(venue()) == VenueState::ready; }, 30s)) << "never ready";
  }

  template <class Done>
  bool run_until(Done&& done, std::chrono::milliseconds limit = 20s) {
    return engine_->run_until(std::forward<Done>(done), limit);
  }

  void control(const std::string& path) { ASSERT_TRUE(sim_->control(path).ok()) << path; }
  void fault(const std::string& settings) { control("/fault?venue=" + std::string(to_string(venue())) + "&" + settings); }
  void clear_faults() { fault("drop=0&duplicate=0&reorder=0&corrupt=0&skip_seq=0&reject=0&throttle=0&delay_ms=0"); }

  oms::OrderHandle submit(Side side, const char* price, const char* qty) {
    OrderRequest r;
    r.venue = venue();
    r.symbol = symbol();
    r.side = side;
    r.price = dec(price);
    r.qty = dec(qty);
    const auto result = engine_->submit(r);
    EXPECT_TRUE(result.ok()) << result.error().describe();
    return result.ok() ? *result : oms::kNoOrder;
  }

  // A failed submit has already been reported: an empty order keeps the test going.
  const oms::Order& order(oms::OrderHandle h) const {
    static const oms::Order kNone{};
    const oms::Order* o = engine_->orders().get(h);
    return o != nullptr ? *o : kNone;
  }

  bool settled(oms::OrderHandle h) const {
    const oms::Order* o = engine_->orders().get(h);
    return o != nullptr && o->state != OrderState::pending_new && o->state != OrderState::pending_cancel &&
           o->state != OrderState::unknown && !o->amend_pending;
  }

  bool all_settled() const {
    bool all = true;
    engine_->orders().for_each_order([&](oms::OrderHandle h, const oms::Order&) { all = all && settled(h); });
    return all;
  }

  // Waits for `h` to leave its pending state; the other participants act meanwhile.
  void settle(oms::OrderHandle h) {
    ASSERT_NE(h, oms::kNoOrder);
    EXPECT_TRUE(run_until([&] { return settled(h); })) << "order " << h << " still " << to_string(order(h).state);
  }

  // Places a sell at the best bid for more than one level holds, and lets the other
  // participants trade until it is partially filled.
  oms::OrderHandle partially_filled_sell() {
    const oms::OrderHandle h = submit(Side::sell, "29999.5", "0.2");
    settle(h);
    for (int i = 0; i < 60 && order(h).filled_qty.is_zero(); ++i) {
      control("/step?n=5");
      run_until([] { return false; }, 50ms);
    }
    EXPECT_FALSE(order(h).filled_qty.is_zero()) << "never partially filled";
    return h;
  }

  void cancel(oms::OrderHandle h) {
    const CommandReject r = engine_->cancel(h);
    EXPECT_EQ(r.error, CommandError::ok) << r.describe();
    settle(h);
  }

  // Every connection of the venue open. After a disconnect, `ready` waits only for those the
  // session trades on; the others come back on their own back-off, and a reconnect allocates.
  void all_connections_open() {
    EXPECT_TRUE(run_until([&] { return engine_->connections(venue()).all_open(); }, 30s))
        << engine_->connections(venue()).open << " of " << engine_->connections(venue()).kept << " open";
  }

  // Lifecycle orders: a resting buy, a buy crossing several ask levels, a sell partially
  // filled, both left open then cancelled.
  void trade_a_little() {
    const oms::OrderHandle resting = submit(Side::buy, "29000", "0.01");
    const oms::OrderHandle crossing = submit(Side::buy, "30100", "0.002");
    settle(resting);
    // Filled before the sell goes: while it is open at 30100, the sell would cross it (self-trade).
    EXPECT_TRUE(run_until([&] { return !order(crossing).is_open(); })) << to_string(order(crossing).state);
    const oms::OrderHandle partial = partially_filled_sell();
    cancel(resting);
    if (order(partial).is_open()) cancel(partial);
  }

  // Faults off, an audit for anything lost, then the simulator stops (completing its ground
  // truth) and its books are compared with the engine's, whose loop no longer runs.
  void finish_and_compare() {
    clear_faults();
    const CommandReject audit = engine_->reconcile(venue());
    EXPECT_EQ(audit.error, CommandError::ok) << audit.describe();
    EXPECT_TRUE(run_until([&] { return engine_->state(venue()) == VenueState::ready && all_settled(); }, 30s))
        << "not settled after the audit";
    run_until([] { return false; }, 300ms);  // late notifications
    sim_.reset();
    const auto truth = tools::read_ground_truth(truth_file_);
    ASSERT_TRUE(truth.ok()) << truth.status();
    const Venue venues[] = {venue()};
    const tools::Comparison c = tools::compare(*truth, engine_->orders(), venues);
    for (const std::string& d : c.differences) ADD_FAILURE() << d;
    EXPECT_GT(c.orders, 0u);
    EXPECT_EQ(engine_->orders().counters().overfills, 0u);
  }

  std::string dir_;
  std::string truth_file_;
  std::string symbol_;
  RecordingStrategy strategy_;
  std::unique_ptr<tools::SimProcess> sim_;
  std::unique_ptr<Engine> engine_;
};

TEST_P(EngineEndToEnd, OrderLifecycle) {
  start();
  const oms::OrderHandle resting = submit(Side::buy, "29000", "0.01");
  settle(resting);
  EXPECT_EQ(order(resting).state, OrderState::new_);

  const oms::OrderHandle crossing = submit(Side::buy, "30100", "0.002");
  EXPECT_TRUE(run_until([&] { return order(crossing).state == OrderState::filled; })) << to_string(order(crossing).state);
  EXPECT_EQ(order(crossing).filled_qty, dec("0.002"));

  const oms::OrderHandle partial = partially_filled_sell();
  EXPECT_TRUE(strategy_.saw(partial, OrderState::partially_filled) || order(partial).state == OrderState::filled);

  if (venue() == Venue::btse) {
    const CommandReject amend = engine_->amend(resting, dec("29100"), std::nullopt);
    EXPECT_EQ(amend.error, CommandError::ok) << amend.describe();
    settle(resting);
    EXPECT_EQ(order(resting).price, dec("29100"));
  }
  cancel(resting);
  EXPECT_EQ(order(resting).state, OrderState::cancelled);
  if (order(partial).is_open()) {
    cancel(partial);
    EXPECT_EQ(order(partial).state, OrderState::cancelled);
    EXPECT_FALSE(order(partial).filled_qty.is_zero()) << "a cancelled order keeps its fills";
  }

  fault("reject=1");
  const oms::OrderHandle refused = submit(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  EXPECT_GE(strategy_.rejects(VenueReject::Kind::new_order), 1u);
  finish_and_compare();
}

TEST_P(EngineEndToEnd, DisconnectMidOrder) {
  start();
  const oms::OrderHandle resting = submit(Side::buy, "29000", "0.01");
  const oms::OrderHandle crossing = submit(Side::buy, "30100", "0.003");
  control("/disconnect?venue=" + std::string(to_string(venue())));
  EXPECT_TRUE(run_until([&] { return engine_->state(venue()) == VenueState::ready && settled(resting) && settled(crossing); }, 30s))
      << to_string(order(resting).state) << " " << to_string(order(crossing).state);
  EXPECT_EQ(order(resting).state, OrderState::new_);
  EXPECT_EQ(order(crossing).state, OrderState::filled);
  cancel(resting);
  finish_and_compare();
}

TEST_P(EngineEndToEnd, DuplicatedNotifications) {
  start();
  fault("duplicate=1");
  trade_a_little();
  finish_and_compare();
}

TEST_P(EngineEndToEnd, ReorderedNotifications) {
  start();
  fault("reorder=1");
  trade_a_little();
  finish_and_compare();
}

TEST_P(EngineEndToEnd, DroppedNotifications) {
  start();
  fault("drop=0.5");
  // Orders whose answers were dropped stay pending until the audit: do not wait for them.
  (void)submit(Side::buy, "29000", "0.01");
  (void)submit(Side::buy, "30100", "0.002");
  (void)submit(Side::sell, "30200", "0.05");  // above our crossing buy: no self-trade
  control("/step?n=20");
  run_until([] { return false; }, 500ms);
  finish_and_compare();
}

TEST_P(EngineEndToEnd, CorruptFrames) {
  start();
  fault("corrupt=0.3");
  (void)submit(Side::buy, "29000", "0.01");
  (void)submit(Side::buy, "30100", "0.002");
  control("/step?n=20");
  run_until([] { return false; }, 500ms);
  finish_and_compare();
}

TEST_P(EngineEndToEnd, Throttled) {
  start();
  fault("throttle=1");
  const oms::OrderHandle refused = submit(Side::buy, "29000", "0.01");
  settle(refused);
  EXPECT_EQ(order(refused).state, OrderState::rejected);
  clear_faults();
  const oms::OrderHandle accepted = submit(Side::buy, "29000", "0.01");
  settle(accepted);
  EXPECT_EQ(order(accepted).state, OrderState::new_);
  cancel(accepted);
  finish_and_compare();
}

TEST_P(EngineEndToEnd, NoAllocationPerMessageInSteadyState) {
  start();
  trade_a_little();  // warm-up: every path once
  all_connections_open();
  testing::AllocationScope scope;
  for (int i = 0; i < 10; ++i) {
    const oms::OrderHandle h = submit(Side::buy, "29000", "0.01");
    settle(h);
    const CommandReject r = engine_->cancel(h);
    EXPECT_EQ(r.error, CommandError::ok);
    settle(h);
    run_until([] { return false; }, 100ms);  // within the venue's order rate
  }
  const std::size_t allocations = scope.allocations();
  EXPECT_EQ(allocations, 0u) << "heap allocations during 10 order round trips";
  finish_and_compare();
}

// Venues that push order notifications over a WebSocket (Deflow is polled over REST).
class EnginePushEndToEnd : public EngineEndToEnd {};

// The notification socket read by polling (EngineOptions::poll_notification_reads): its close is
// seen, the new socket is polled, orders trade over it, and the steady state allocates nothing.
TEST_P(EnginePushEndToEnd, PolledNotificationReads) {
  start(true);
  control("/disconnect?venue=" + std::string(to_string(venue())));
  EXPECT_TRUE(run_until([&] { return engine_->state(venue()) != VenueState::ready; }, 5s)) << "the close went unseen";
  ASSERT_TRUE(run_until([&] { return engine_->state(venue()) == VenueState::ready; }, 30s)) << "never ready again";
  trade_a_little();
  all_connections_open();
  testing::AllocationScope scope;
  for (int i = 0; i < 5; ++i) {
    const oms::OrderHandle h = submit(Side::buy, "29000", "0.01");
    settle(h);
    cancel(h);
    run_until([] { return false; }, 100ms);  // within the venue's order rate
  }
  EXPECT_EQ(scope.allocations(), 0u) << "heap allocations during 5 order round trips";
  finish_and_compare();
}

// Venues whose books carry sequence numbers: a skipped number is a gap, the session resubscribes
// and the book comes back.
class EngineBookEndToEnd : public EngineEndToEnd {};

TEST_P(EngineBookEndToEnd, ASequenceGapResubscribesTheBook) {
  start();
  const SymbolId id = *engine_->symbol(symbol());
  auto book_ready = [&] {
    const OrderBook* book = engine_->book(venue(), id);
    return book != nullptr && book->ready();
  };
  control("/step?n=5");
  ASSERT_TRUE(run_until(book_ready)) << "no book";
  fault("skip_seq=1");
  for (int i = 0; i < 40 && engine_->counters().book_errors == 0; ++i) {
    control("/step?n=5");
    run_until([] { return false; }, 50ms);
  }
  EXPECT_GT(engine_->counters().book_errors, 0u);
  clear_faults();
  bool recovered = false;
  for (int i = 0; i < 100 && !recovered; ++i) {
    control("/step?n=2");
    recovered = run_until(book_ready, 100ms);
  }
  EXPECT_TRUE(recovered) << "the book never came back after the gap";
}

INSTANTIATE_TEST_SUITE_P(SequencedBooks, EngineBookEndToEnd, ::testing::Values(Venue::btse),
                         [](const ::testing::TestParamInfo<Venue>& info) { return std::string(to_string(info.param)); });

INSTANTIATE_TEST_SUITE_P(Pushing, EnginePushEndToEnd,
                         ::testing::Values(Venue::btse, Venue::digifinex, Venue::cryptomus, Venue::gct),
                         [](const ::testing::TestParamInfo<Venue>& info) { return std::string(to_string(info.param)); });

INSTANTIATE_TEST_SUITE_P(Venues, EngineEndToEnd,
                         ::testing::Values(Venue::btse, Venue::digifinex, Venue::cryptomus, Venue::gct, Venue::deflow),
                         [](const ::testing::TestParamInfo<Venue>& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace oex::engine
