// After warm-up, applying events and placing orders allocates nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "oms_test_support.hpp"

namespace oex::oms {
namespace {

using testing::D;

TEST(OmsAllocation, ApplyAndSubmitAllocateNothingAfterWarmUp) {
  OrderManager oms(OmsConfig{});
  const SymbolId sym = *oms.symbols().intern("BTC-USDT");
  std::vector<std::string> cids, vids, trades;
  for (int i = 0; i < 64; ++i) {
    cids.push_back(std::to_string(5000 + i));
    vids.push_back("venue-order-" + std::to_string(i));
    trades.push_back("trade-" + std::to_string(i));
  }
  NewOrderRequest req;
  req.venue = Venue::btse;
  req.symbol = sym;
  req.price = D("100.5");
  req.qty = D("2");
  const Decimal one = D("1");
  const Decimal px = D("100.5");
  const Decimal notional = D("100.5");

  oex::testing::AllocationScope scope;
  for (int i = 0; i < 64; ++i) {
    req.client_order_id = *ClientOrderId::from(cids[i]);
    req.side = i % 2 ? Side::buy : Side::sell;
    auto h = oms.add_pending(req);
    ASSERT_TRUE(h.ok());
    NewOrderAck ack{Venue::btse, "BTC-USDT", vids[i], cids[i], std::nullopt, std::nullopt};
    (void)oms.apply(ack);
    OrderUpdate u = testing::update(Venue::btse, "BTC-USDT", vids[i], OrderState::partially_filled, "5");
    u.filled_qty = one;
    u.filled_notional = notional;
    (void)oms.apply(u);
    Fill f;
    f.venue = Venue::btse;
    f.symbol = "BTC-USDT";
    f.order_id = vids[i];
    f.trade_id = trades[i];
    f.qty = one;
    f.price = px;
    (void)oms.apply(f);
    (void)oms.apply(f);  // duplicate
    (void)oms.apply(Balance{Venue::btse, "USDT", one, one, std::nullopt, i});
    if (i % 3 == 0) {
      (void)oms.begin_cancel(*h);
      (void)oms.apply(CancelAck{Venue::btse, "BTC-USDT", vids[i], {}});
    }
  }
  (void)oms.on_disconnect(Venue::btse);
  std::array<VenueQuery, 80> queries{};
  EXPECT_GT(oms.reconciliation_queries(Venue::btse, queries), 0u);
  oms.end_of_open_orders(Venue::btse);
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_GT(oms.counters().fills_booked, 0u);
}

}  // namespace
}  // namespace oex::oms
