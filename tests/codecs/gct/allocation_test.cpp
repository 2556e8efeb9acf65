// Zero allocation on the hot path: decoding every fixture and encoding every request, in a
// loop, allocates nothing after the first pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "gct_fixtures.hpp"
#include "oex/codecs/gct/rest_encoder.hpp"

namespace oex::codecs::gct {
namespace {

TEST(GctAllocation, DecodeAndEncodeEveryFixtureWithoutAllocating) {
  std::vector<std::string> texts;
  std::size_t golden_events = 0;
  for (const testing::Fixture& f : testing::kFixtures) {
    texts.push_back(testing::read_fixture(f.file));
    const std::string golden = testing::read_fixture(std::string(f.file.substr(0, f.file.size() - 5)) + ".golden");
    golden_events += static_cast<std::size_t>(std::count(golden.begin(), golden.end(), '\n'));
  }
  RestDecoder rest;
  PushDecoder push;
  HmacSha256 signer{"sk"};
  RestEncoder enc("ak", signer, Secret{"sk"}, Secret{"pw"});
  const std::array<std::string_view, 3> ids = {"1", "22", "333"};
  SaveEntrust order{"BTCUSDT", Side::sell, OrderType::limit, *Decimal::parse("1.5"), *Decimal::parse("16.25"),
                    "api", "c-1"};
  OrderQuery q{"BTCUSDT", OrderType::limit, Side::buy, "2019-08-01 00:00:00", "2019-08-28 23:59:59", 2, 10};
  std::array<char, 2048> out{};
  std::size_t events = 0;
  std::size_t bytes = 0;
  const auto sink = [&events](const auto&) { ++events; };

  const auto pass = [&] {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const testing::Fixture& f = testing::kFixtures[i];
      (void)(f.push ? push.decode(texts[i], sink) : rest.decode(f.endpoint, 200, texts[i], sink, testing::ref_for(f)));
    }
    const auto count = [&bytes](const EncodeResult& r) { bytes += r.ok() ? r->body.size() + r->target.size() : 0; };
    count(enc.save_entrust(order, 1, out));
    count(enc.cancel_entrust("123", 1, out));
    count(enc.batch_cancel(ids, 1, out));
    count(enc.batch_cancel_open_orders("BTCUSDT", std::nullopt, 1, out));
    count(enc.cancel_entrust_by_client_order_id("c-1", 1, out));
    count(enc.batch_cancel_by_client_order_ids(ids, 1, out));
    count(enc.query_order_by_id("123", out));
    count(enc.open_orders("BTCUSDT", Side::buy, out));
    count(enc.current_orders("BTCUSDT", Side::buy, 1, 10, out));
    count(enc.query_my_entrust(q, out));
    count(enc.query_my_his_entrust(q, HistoryStatus::complete_trade, out));
    count(enc.query_my_entrust_order(q, out));
    count(enc.user_finance_list(FinanceSelect::noall, out));
    count(enc.market_tickers(out));
    count(enc.market_ticker("BTCUSDT", out));
    count(enc.market_depth("BTCUSDT", "STEP1", out));
    count(enc.market_trade("BTCUSDT", out));
    count(enc.market_kline("BTCUSDT", "min", "STEP1", out));
    count(enc.market_trade_info(out));
    const auto login = encode_push_login("ak", out);
    bytes += login.ok() ? *login : 0;
  };
  pass();
  const std::size_t events_per_pass = events;
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(events_per_pass, golden_events);
  EXPECT_EQ(events, events_per_pass * 101);
  EXPECT_GT(bytes, 0u);
}

}  // namespace
}  // namespace oex::codecs::gct
