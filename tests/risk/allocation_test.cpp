// After warm-up, checks and the whole submit path allocate nothing.
#include <gtest/gtest.h>

#include "allocation_counter.hpp"
#include "oex/risk/submit_path.hpp"
#include "risk_test_support.hpp"

namespace oex::risk {
namespace {

using testing::D;
using testing::kSecond;

TEST(RiskAllocation, CheckAndSubmitAllocateNothingAfterWarmUp) {
  RiskConfig config;
  config.defaults.price_collar = D("0.1");
  config.instruments.push_back({Venue::btse, "BTC-USDT", config.defaults});
  oms::OrderManager orders(oms::OmsConfig{});
  RiskGate risk(config, orders);
  const SymbolId sym = *orders.symbols().find("BTC-USDT");
  risk.set_reference(Venue::btse, sym, ReferencePrice{D("99"), D("100"), D("99.5")});
  std::vector<ClientOrderId> cids;
  for (int i = 0; i < 64; ++i) cids.push_back(*ClientOrderId::from(std::to_string(9000 + i)));
  oms::NewOrderRequest request;
  request.venue = Venue::btse;
  request.symbol = sym;
  request.side = Side::buy;
  request.price = D("99.5");
  request.qty = D("0.01");
  int encoded = 0;
  auto encoder = [&encoded](const oms::Order&) {
    ++encoded;
    return true;
  };
  std::array<KillAction, 128> actions{};

  oex::testing::AllocationScope scope;
  std::uint64_t now = kSecond;
  for (int i = 0; i < 64; ++i) {
    request.client_order_id = cids[static_cast<std::size_t>(i)];
    now += kSecond / 50;
    (void)risk.check(request, now);
    const SubmitResult r = submit_new(risk, orders, request, now + 1, encoder);
    (void)r;
  }
  (void)risk.engage_kill_switch(actions);
  (void)risk.dead_man_due(now);
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_GT(encoded, 0);
}

}  // namespace
}  // namespace oex::risk
