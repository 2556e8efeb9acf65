// The Cryptomus session inside the Engine facade, driven by a small strategy on the loop thread:
// once the venue is ready it places a resting buy and a crossing buy, cancels the resting one
// when the venue has it, and the engine's books end equal to the simulator's ground truth.
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

class RestThenCrossStrategy final : public Strategy {
 public:
  void on_venue_state(Engine& engine, Venue venue, VenueState state) override {
    if (venue != Venue::cryptomus || state != VenueState::ready || placed) return;
    placed = true;
    resting = place(engine, "29000", "0.01");
    crossing = place(engine, "30100", "0.002");
  }
  void on_order(Engine& engine, oms::OrderHandle handle, const oms::Order& order) override {
    if (handle == resting && order.state == OrderState::new_ && !cancel_sent) {
      cancel_sent = true;
      cancel_result = engine.cancel(handle).error;
    }
  }
  void on_fill(Engine&, const oms::Order&, const BookedFill&) override { ++fills; }

  oms::OrderHandle place(Engine& engine, const char* price, const char* qty) {
    OrderRequest r;
    r.venue = Venue::cryptomus;
    r.symbol = "BTC_USDT";
    r.side = Side::buy;
    r.price = dec(price);
    r.qty = dec(qty);
    const auto h = engine.submit(r);
    EXPECT_TRUE(h.ok()) << h.error().describe();
    return h.ok() ? *h : oms::kNoOrder;
  }

  bool placed = false;
  bool cancel_sent = false;
  CommandError cancel_result = CommandError::ok;
  oms::OrderHandle resting = oms::kNoOrder;
  oms::OrderHandle crossing = oms::kNoOrder;
  std::size_t fills = 0;
};

TEST(CryptomusThroughTheEngine, AStrategyPlacesFillsAndCancels) {
  char pattern[] = "/tmp/oex-cryptomus-engine-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const std::string truth_file = dir + "/ground_truth.jsonl";
  auto sim = tools::SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0", "--seed", "5"}, truth_file, false});
  ASSERT_TRUE(sim.ok()) << sim.status();
  auto config = parse_engine_config((*sim)->engine_config_json({Venue::cryptomus}, kRisk), (*sim)->environment());
  ASSERT_TRUE(config.ok()) << config.status();
  RestThenCrossStrategy strategy;
  auto engine = Engine::create(*config, strategy);
  ASSERT_TRUE(engine.ok()) << engine.status();
  (*engine)->start();
  const oms::OrderManager& orders = (*engine)->orders();
  auto state_of = [&](oms::OrderHandle h) {
    const oms::Order* o = orders.get(h);
    return o == nullptr ? OrderState::unknown : o->state;
  };
  EXPECT_TRUE((*engine)->run_until(
      [&] { return state_of(strategy.resting) == OrderState::cancelled && state_of(strategy.crossing) == OrderState::filled; },
      30s))
      << to_string(state_of(strategy.resting)) << " " << to_string(state_of(strategy.crossing));
  EXPECT_EQ(strategy.cancel_result, CommandError::ok);
  EXPECT_GE(strategy.fills, 1u);
  EXPECT_EQ(orders.get(strategy.crossing)->filled_qty, dec("0.002"));
  (*engine)->run_until([] { return false; }, 200ms);  // late notifications
  sim->reset();  // completes the ground truth
  const auto truth = tools::read_ground_truth(truth_file);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const Venue venues[] = {Venue::cryptomus};
  const tools::Comparison c = tools::compare(*truth, orders, venues);
  for (const std::string& d : c.differences) ADD_FAILURE() << d;
  EXPECT_EQ(c.orders, 2u);
  engine->reset();
  (void)std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace oex::engine
