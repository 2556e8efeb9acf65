// The BTSE session inside the Engine facade, driven by a small strategy on the loop thread:
// orders placed from the book callback, one amended then cancelled from the order callback, one
// filled; the order core ends equal to the simulator's ground truth.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "oex/engine/engine.hpp"
#include "oex/tools/ground_truth.hpp"
#include "oex/tools/sim_process.hpp"

namespace oex::engine {
namespace {

using namespace std::chrono_literals;

Decimal dec(const char* text) { return *Decimal::parse(text); }

constexpr const char* kRisk =
    R"({"defaults":{"max_order_qty":"10","max_order_notional":"1000000","price_collar":"0.2",)"
    R"("max_open_orders":100,"max_position":"100","reject_without_reference_price":false}})";

// Once BTSE is ready and its book is whole: a resting buy and a crossing buy. The resting one is
// amended when the venue acknowledges it, and cancelled once the amend is applied.
class AmendThenCancel final : public Strategy {
 public:
  void on_book(Engine& engine, Venue venue, SymbolId, const OrderBook& book) override {
    if (placed_ || venue != Venue::btse || engine.state(Venue::btse) != VenueState::ready) return;
    if (!book.best_bid() || !book.best_ask()) return;
    placed_ = true;
    resting = submit(engine, Side::buy, "29000", "0.01");
    crossing = submit(engine, Side::buy, "30100", "0.002");
  }

  void on_order(Engine& engine, oms::OrderHandle handle, const oms::Order& order) override {
    if (handle != resting || order.amend_pending) return;
    if (order.state == OrderState::new_ && !amend_sent) {
      amend_sent = true;
      amend_result = engine.amend(handle, dec("29001"), std::nullopt);
    } else if (amend_sent && order.price == dec("29001") && order.is_open() && !cancel_sent) {
      cancel_sent = true;
      cancel_result = engine.cancel(handle);
    }
  }

  void on_fill(Engine&, const oms::Order&, const BookedFill&) override { ++fills; }
  void on_reject(Engine&, const VenueReject&) override { ++rejects; }

  oms::OrderHandle resting = oms::kNoOrder;
  oms::OrderHandle crossing = oms::kNoOrder;
  bool amend_sent = false;
  bool cancel_sent = false;
  CommandReject amend_result;
  CommandReject cancel_result;
  std::size_t fills = 0;
  std::size_t rejects = 0;

 private:
  static oms::OrderHandle submit(Engine& engine, Side side, const char* price, const char* qty) {
    OrderRequest r;
    r.venue = Venue::btse;
    r.symbol = "BTC-USDT";
    r.side = side;
    r.price = dec(price);
    r.qty = dec(qty);
    const auto result = engine.submit(r);
    return result.ok() ? *result : oms::kNoOrder;
  }

  bool placed_ = false;
};

TEST(BtseEngine, AStrategyPlacesAmendsAndCancelsThroughTheEngine) {
  char pattern[] = "/tmp/oex-btse-engine-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const std::string truth_file = dir + "/ground_truth.jsonl";
  auto sim = tools::SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0", "--seed", "5"}, truth_file, false});
  ASSERT_TRUE(sim.ok()) << sim.status();
  auto config = parse_engine_config((*sim)->engine_config_json({Venue::btse}, kRisk), (*sim)->environment());
  ASSERT_TRUE(config.ok()) << config.status();
  AmendThenCancel strategy;
  auto engine = Engine::create(*config, strategy);
  ASSERT_TRUE(engine.ok()) << engine.status();
  Engine& e = **engine;
  e.start();
  ASSERT_TRUE(e.run_until([&] { return e.state(Venue::btse) == VenueState::ready; }, 30s)) << "never ready";
  // The book moves, so the strategy hears about it once the venue is ready.
  for (int i = 0; i < 50 && strategy.resting == oms::kNoOrder; ++i) {
    ASSERT_TRUE((*sim)->control("/step?n=2").ok());
    (void)e.run_until([&] { return strategy.resting != oms::kNoOrder; }, 100ms);
  }
  ASSERT_NE(strategy.resting, oms::kNoOrder) << "the strategy never placed";
  ASSERT_NE(strategy.crossing, oms::kNoOrder);
  ASSERT_TRUE(e.run_until([&] {
    return e.orders().get(strategy.resting)->state == OrderState::cancelled &&
           e.orders().get(strategy.crossing)->state == OrderState::filled;
  }, 20s)) << to_string(e.orders().get(strategy.resting)->state) << " "
           << to_string(e.orders().get(strategy.crossing)->state);
  EXPECT_EQ(strategy.amend_result.error, CommandError::ok) << strategy.amend_result.describe();
  EXPECT_EQ(strategy.cancel_result.error, CommandError::ok) << strategy.cancel_result.describe();
  EXPECT_EQ(e.orders().get(strategy.resting)->price, dec("29001"));
  EXPECT_EQ(e.orders().get(strategy.crossing)->filled_qty, dec("0.002"));
  EXPECT_GE(strategy.fills, 1u);
  EXPECT_EQ(strategy.rejects, 0u);
  (void)e.run_until([] { return false; }, 300ms);  // late notifications
  e.stop();
  sim->reset();  // the simulator completes its ground truth as it stops
  const auto truth = tools::read_ground_truth(truth_file);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const Venue venues[] = {Venue::btse};
  const tools::Comparison c = tools::compare(*truth, e.orders(), venues);
  for (const std::string& d : c.differences) ADD_FAILURE() << d;
  EXPECT_EQ(c.orders, 2u);
  EXPECT_EQ(c.matched, 2u);
  (void)std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace oex::engine
