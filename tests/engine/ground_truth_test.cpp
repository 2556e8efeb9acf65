// The comparison behind the demo's table and the end-to-end tests: the simulator's record of
// every order and fill against the engine's order core.
#include "oex/tools/ground_truth.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace oex::tools {
namespace {

Decimal dec(const char* text) { return *Decimal::parse(text); }

class GroundTruthTest : public ::testing::Test {
 protected:
  void write(const std::string& lines) { std::ofstream(path_) << lines; }
  void TearDown() override { std::remove(path_.c_str()); }

  // One order of ours on BTSE, acknowledged as `venue_id`, then filled by `filled`.
  oms::OrderHandle place(oms::OrderManager& orders, const char* client_id, const char* venue_id, const char* filled,
                         OrderState state) {
    oms::NewOrderRequest r;
    r.venue = Venue::btse;
    r.symbol = *orders.symbols().intern("BTC-USDT");
    r.price = dec("30000");
    r.qty = dec("0.5");
    r.client_order_id = *ClientOrderId::from(client_id);
    const auto handle = *orders.add_pending(r);
    NewOrderAck ack;
    ack.venue = Venue::btse;
    ack.symbol = "BTC-USDT";
    ack.order_id = venue_id;
    ack.client_order_id = client_id;
    (void)orders.apply(ack);
    OrderUpdate update;
    update.venue = Venue::btse;
    update.symbol = "BTC-USDT";
    update.order_id = venue_id;
    update.client_order_id = client_id;
    update.state = state;
    update.qty = dec("0.5");
    update.filled_qty = dec(filled);
    (void)orders.apply(update);
    return handle;
  }

  std::string path_ = ::testing::TempDir() + "/ground_truth_test.jsonl";
};

constexpr const char* kTruth =
    R"({"ts":1,"venue":"btse","event":"order","state":"new","order_id":"A","client_order_id":"11","symbol":"BTC/USDT","side":"buy","type":"limit","price":"30000","qty":"0.5","filled_qty":"0"}
{"ts":2,"venue":"btse","event":"fill","order_id":"A","trade_id":"7","price":"30000","qty":"0.2","fee_ccy":"USDT","liquidity":"maker"}
{"ts":3,"venue":"btse","event":"fill","order_id":"A","trade_id":"8","price":"30000","qty":"0.3","fee_ccy":"USDT","liquidity":"maker"}
{"ts":4,"venue":"btse","event":"order","state":"filled","order_id":"A","client_order_id":"11","symbol":"BTC/USDT","side":"buy","type":"limit","price":"30000","qty":"0.5","filled_qty":"0.5"}
{"ts":5,"venue":"btse","event":"order","state":"new","order_id":"B","client_order_id":"12","symbol":"BTC/USDT","side":"buy","type":"limit","price":"30000","qty":"0.5","filled_qty":"0"}
{"ts":6,"venue":"btse","event":"order","state":"cancelled","order_id":"B","client_order_id":"12","symbol":"BTC/USDT","side":"buy","type":"limit","price":"30000","qty":"0.5","filled_qty":"0"}
)";

TEST_F(GroundTruthTest, ReadsOrdersWithTheSumOfTheirFills) {
  write(kTruth);
  const auto truth = read_ground_truth(path_);
  ASSERT_TRUE(truth.ok()) << truth.status();
  ASSERT_EQ(truth->orders.size(), 2u);
  const TruthOrder& a = truth->orders.at({Venue::btse, "A"});
  EXPECT_EQ(a.state, "filled");
  EXPECT_EQ(a.filled_qty, dec("0.5"));
  EXPECT_EQ(a.fills, 2u);
  EXPECT_EQ(truth->orders.at({Venue::btse, "B"}).state, "cancelled");
  EXPECT_EQ(truth->net_position(Venue::btse), dec("0.5"));
}

TEST_F(GroundTruthTest, AnEngineThatAgreesMatchesEveryOrder) {
  write(kTruth);
  oms::OrderManager orders(oms::OmsConfig{});
  place(orders, "11", "A", "0.5", OrderState::filled);
  place(orders, "12", "B", "0", OrderState::cancelled);
  const Venue venues[] = {Venue::btse};
  const Comparison c = compare(*read_ground_truth(path_), orders, venues);
  EXPECT_TRUE(c.ok()) << c.differences.front();
  EXPECT_EQ(c.orders, 2u);
  EXPECT_EQ(c.matched, 2u);
}

TEST_F(GroundTruthTest, ADifferentFilledQuantityOrStateIsNamed) {
  write(kTruth);
  oms::OrderManager orders(oms::OmsConfig{});
  place(orders, "11", "A", "0.2", OrderState::partially_filled);
  place(orders, "12", "B", "0", OrderState::cancelled);
  const Venue venues[] = {Venue::btse};
  const Comparison c = compare(*read_ground_truth(path_), orders, venues);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.matched, 1u);
  bool named_state = false;
  bool named_fill = false;
  bool named_position = false;
  for (const std::string& d : c.differences) {
    named_state = named_state || d == "btse order A: venue filled, engine partially_filled";
    named_fill = named_fill || d == "btse order A: venue filled 0.5, engine 0.2";
    named_position = named_position || d == "btse: venue position 0.5, engine 0.2";
  }
  EXPECT_TRUE(named_state && named_fill && named_position);
}

TEST_F(GroundTruthTest, AnOrderOnlyTheEngineKnowsIsADifference) {
  write(kTruth);
  oms::OrderManager orders(oms::OmsConfig{});
  place(orders, "11", "A", "0.5", OrderState::filled);
  place(orders, "12", "B", "0", OrderState::cancelled);
  place(orders, "13", "C", "0", OrderState::new_);
  const Venue venues[] = {Venue::btse};
  const Comparison c = compare(*read_ground_truth(path_), orders, venues);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_EQ(c.differences[0], "btse order C: in the engine, never booked by the venue");
}

TEST_F(GroundTruthTest, AnUnreadableLogIsAnError) {
  write("{not json\n");
  EXPECT_FALSE(read_ground_truth(path_).ok());
  EXPECT_FALSE(read_ground_truth(path_ + ".missing").ok());
}

}  // namespace
}  // namespace oex::tools
