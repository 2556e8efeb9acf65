// Zero allocation: decoding every fixture and encoding every request, in a loop, allocates
// nothing after the first pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "deflow_fixtures.hpp"
#include "oex/codecs/deflow/rest_encoder.hpp"

namespace oex::codecs::deflow {
namespace {

TEST(DeflowAllocation, DecodeAndEncodeEveryFixtureWithoutAllocating) {
  std::vector<std::string> texts;
  std::size_t golden_events = 0;
  for (const testing::Fixture& f : testing::kFixtures) {
    texts.push_back(testing::read_fixture(f.file));
    const std::string golden = testing::read_fixture(testing::golden_name(f.file));
    golden_events += static_cast<std::size_t>(std::count(golden.begin(), golden.end(), '\n'));
  }
  RestDecoder decoder;
  RestEncoder enc("key", Secret{"s"});
  const CreateOrder limit{"btcusdt", Side::buy, OrderType::limit, *Decimal::parse("0.25"), *Decimal::parse("6436")};
  std::array<char, 1024> out{};
  std::size_t events = 0;
  std::size_t bytes = 0;
  const auto pass = [&] {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const testing::Fixture& f = testing::kFixtures[i];
      (void)decoder.decode(f.endpoint, 200, texts[i], [&events](const auto&) { ++events; }, testing::ref_for(f));
    }
    const auto count = [&bytes](const EncodeResult& r) { bytes += r.ok() ? r->target.size() + r->body.size() : 0; };
    count(enc.create_order(limit, 1, out));
    count(enc.cancel_order("btcusdt", "263", 1, out));
    count(enc.orders("btcusdt", Page{20, 1}, 1, out));
    count(enc.trades("btcusdt", Page{}, 1, out));
    count(enc.open_orders("btcusdt", Page{}, 1, out));
    count(enc.order_info("btcusdt", "100", 1, out));
    count(enc.user_accounts(1, out));
    count(enc.market(1, out));
    count(enc.symbols(out));
    count(enc.records("btcusdt", 1, out));
    count(enc.ticker("btcusdt", out));
    count(enc.recent_trades("btcusdt", out));
    count(enc.depth("btcusdt", DepthStep::step0, out));
  };
  pass();
  const std::size_t per_pass = events;
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(per_pass, golden_events);
  EXPECT_EQ(events, per_pass * 101);
  EXPECT_GT(bytes, 0u);
}

}  // namespace
}  // namespace oex::codecs::deflow
