#include "oex/codecs/event_json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace oex::codecs {
namespace {

template <class Event>
std::string render(const Event& e) {
  char buf[2048];
  BufferWriter w(buf, sizeof buf);
  write_event_json(w, e);
  EXPECT_TRUE(w.finish().ok());
  return std::string(w.view());
}

TEST(EventJson, OrderUpdateInTheReplayShapeWithNullForWhatWasNotSent) {
  OrderUpdate u;
  u.venue = Venue::btse;
  u.symbol = "BTC-USD";
  u.order_id = "a1";
  u.side = Side::buy;
  u.type = OrderType::limit;
  u.state = OrderState::partially_filled;
  u.venue_status = "5";
  u.price = *Decimal::parse("8500.0");
  u.qty = *Decimal::parse("0.002");
  u.filled_qty = *Decimal::parse("0.001");
  EXPECT_EQ(render(u),
            R"({"venue":"btse","event":"order","order_id":"a1","client_order_id":null,"symbol":"BTC-USD",)"
            R"("side":"buy","type":"limit","time_in_force":null,"state":"partially_filled","price":"8500",)"
            R"("qty":"0.002","filled_qty":"0.001","avg_price":null,"venue_status":"5","filled_notional":null,)"
            R"("remaining_qty":null,"trigger_price":null,"last_fill_qty":null,"last_fill_price":null,)"
            R"("trade_id":null,"fee":null,"fee_ccy":null,"venue_time_ms":null})");
}

TEST(EventJson, FillBookAndErrorEvents) {
  Fill f;
  f.venue = Venue::digifinex;
  f.order_id = "x";
  f.symbol = "btc_usdt";
  f.price = *Decimal::parse("1.5");
  f.qty = *Decimal::parse("2");
  f.derived = true;
  EXPECT_EQ(render(f),
            R"({"venue":"digifinex","event":"fill","order_id":"x","client_order_id":null,"symbol":"btc_usdt",)"
            R"("trade_id":null,"derived":true,"side":null,"price":"1.5","qty":"2","fee":null,"fee_ccy":null,)"
            R"("liquidity":"unknown","venue_time_ms":null})");
  const std::vector<BookLevel> bids = {{*Decimal::parse("10"), *Decimal::parse("1")}};
  BookUpdate b;
  b.venue = Venue::btse;
  b.symbol = "BTC-USD";
  b.snapshot = true;
  b.bids = bids;
  b.seq = 7;
  EXPECT_EQ(render(b), R"({"venue":"btse","event":"book","symbol":"BTC-USD","snapshot":true,"seq":7,"prev_seq":null,)"
                       R"("bids":[["10","1"]],"asks":[],"venue_time_ms":null})");
  VenueError err{Venue::gct, "1001", "bad \"sig\"", 401};
  EXPECT_EQ(render(err), R"({"venue":"gct","event":"venue_error","code":"1001","detail":"bad \"sig\"","http_status":401})");
}

}  // namespace
}  // namespace oex::codecs
