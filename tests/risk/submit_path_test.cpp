// risk check -> order core (pending) -> encoder: a rejected order never reaches the encoder.
#include "oex/risk/submit_path.hpp"

#include <gtest/gtest.h>

#include "risk_test_support.hpp"

namespace oex::risk {
namespace {

using testing::D;
using testing::Fixture;
using testing::kSecond;

// Stands in for a venue codec: counts what it is asked to write.
struct CountingEncoder {
  int new_orders = 0;
  int amends = 0;
  int cancels = 0;
  bool succeed = true;
  bool operator()(const oms::Order& o) {
    if (o.state == OrderState::pending_cancel) ++cancels;
    else ++new_orders;
    return succeed;
  }
  bool operator()(const oms::Order&, std::optional<Decimal>, std::optional<Decimal>) {
    ++amends;
    return succeed;
  }
};

RiskConfig config() {
  RiskConfig c;
  c.defaults.max_order_qty = D("5");
  c.defaults.price_collar = D("0.1");
  return c;
}

TEST(SubmitPath, RejectedOrdersNeverReachTheEncoder) {
  Fixture f(config());
  f.reference(Venue::btse, "BTC-USDT", "99", "100");
  CountingEncoder encoder;
  int risk_rejects = 0;
  for (int i = 0; i < 50; ++i) {
    // Every other order is too big, every fifth too far from the market.
    const std::string_view qty = i % 2 ? "6" : "1";
    const std::string_view price = i % 5 == 0 ? "150" : "100";
    const SubmitResult r = submit_new(f.risk, f.oms, f.order(Venue::btse, "BTC-USDT", Side::buy, price, qty), kSecond, encoder);
    if (r.status == SubmitStatus::risk_rejected) {
      ++risk_rejects;
      EXPECT_NE(r.reason, RejectReason::none);
      EXPECT_EQ(r.order, oms::kNoOrder);
    } else {
      EXPECT_EQ(r.status, SubmitStatus::sent);
      EXPECT_EQ(f.oms.get(r.order)->state, OrderState::pending_new);
    }
  }
  EXPECT_EQ(risk_rejects, 30);
  EXPECT_EQ(encoder.new_orders, 20);
  EXPECT_EQ(f.oms.open_orders(Venue::btse), 20u);
}

TEST(SubmitPath, KillSwitchStopsEverythingBeforeTheEncoder) {
  Fixture f(config());
  f.reference(Venue::gct, "btc_usdt", "99", "100");
  CountingEncoder encoder;
  std::vector<KillAction> actions(f.risk.kill_action_capacity());
  (void)f.risk.engage_kill_switch(actions);
  const SubmitResult r = submit_new(f.risk, f.oms, f.order(Venue::gct, "btc_usdt", Side::buy, "100", "1"), 0, encoder);
  EXPECT_EQ(r.status, SubmitStatus::risk_rejected);
  EXPECT_EQ(r.reason, RejectReason::kill_switch);
  EXPECT_EQ(encoder.new_orders, 0);
}

TEST(SubmitPath, EncoderFailureLeavesNoPhantomOrder) {
  Fixture f(config());
  f.reference(Venue::btse, "BTC-USDT", "99", "100");
  CountingEncoder encoder;
  encoder.succeed = false;
  const SubmitResult r = submit_new(f.risk, f.oms, f.order(Venue::btse, "BTC-USDT", Side::buy, "100", "1"), 0, encoder);
  EXPECT_EQ(r.status, SubmitStatus::encoder_failed);
  EXPECT_EQ(f.oms.get(r.order)->state, OrderState::rejected);
  EXPECT_EQ(f.oms.open_orders(Venue::btse), 0u);
}

TEST(SubmitPath, AmendAndCancelGoThroughTheirChecks) {
  Fixture f(config());
  f.reference(Venue::btse, "BTC-USDT", "99", "100");
  CountingEncoder encoder;
  const oms::OrderHandle h = f.rest(f.order(Venue::btse, "BTC-USDT", Side::buy, "100", "1"));
  SubmitResult r = submit_amend(f.risk, f.oms, h, std::nullopt, D("6"), 0, encoder);
  EXPECT_EQ(r.reason, RejectReason::max_order_qty);
  EXPECT_EQ(encoder.amends, 0);
  r = submit_amend(f.risk, f.oms, h, D("101"), std::nullopt, 0, encoder);
  EXPECT_EQ(r.status, SubmitStatus::sent);
  EXPECT_EQ(encoder.amends, 1);
  EXPECT_TRUE(f.oms.get(h)->amend_pending);
  r = submit_amend(f.risk, f.oms, h, D("102"), std::nullopt, 0, encoder);
  EXPECT_EQ(r.oms_error, oms::OmsError::amend_in_flight);
  EXPECT_EQ(encoder.amends, 1);
  r = submit_cancel(f.oms, h, encoder);
  EXPECT_EQ(r.status, SubmitStatus::sent);
  EXPECT_EQ(encoder.cancels, 1);
  encoder.succeed = false;
  const oms::OrderHandle h2 = f.rest(f.order(Venue::btse, "BTC-USDT", Side::buy, "100", "1"));
  r = submit_cancel(f.oms, h2, encoder);
  EXPECT_EQ(r.status, SubmitStatus::encoder_failed);
  EXPECT_EQ(f.oms.get(h2)->state, OrderState::new_);  // the cancel never left: the order stands
}

}  // namespace
}  // namespace oex::risk
