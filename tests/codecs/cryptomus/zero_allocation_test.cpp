// Decoding and encoding every fixture allocates nothing after the first pass.
#include <gtest/gtest.h>

#include "allocation_counter.hpp"
#include "cryptomus_test_support.hpp"
#include "oex/codecs/cryptomus/ws_encoder.hpp"

namespace oex::codecs::cryptomus {
namespace {

TEST(CryptomusZeroAllocation, DecodeAndEncodeEveryFixtureAfterTheFirstPass) {
  const auto ws = test::fixtures_in("ws");
  const auto rest = test::fixtures_in("rest");
  std::vector<Endpoint> endpoints;
  for (const auto& f : rest) endpoints.push_back(test::endpoint_for(f.name));
  WsDecoder ws_decoder;
  RestDecoder rest_decoder;
  char rendered[16384];
  char request[512];
  std::size_t events = 0;
  std::size_t failures = 0;
  auto sink = [&](const auto& event) {
    BufferWriter w(rendered, sizeof rendered);
    test::write_json(w, event);
    ++events;
  };
  const std::string_view markets[] = {"BTC_USDT", "ETH_USDT"};
  const DepthTopic topics[] = {{"BTC_USDT", 0}, {"ETH_USDT", 1}};

  auto pass = [&] {
    for (const auto& f : ws) failures += ws_decoder.decode(f.text, sink, f.answered_method) != CodecError::ok;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      failures += rest_decoder.decode(endpoints[i], 200, rest[i].text, sink) != CodecError::ok;
    }
    failures += !encode_ping(request, 0).ok();
    for (const Channel c : {Channel::lastprice, Channel::depth, Channel::ticker, Channel::trade, Channel::order,
                            Channel::balance, Channel::deal}) {
      failures += !encode_subscribe(request, 1, c, markets).ok();
      failures += !encode_unsubscribe(request, 2, c, markets).ok();
      failures += !encode_subscribe_all(request, 3, c).ok();
      failures += !encode_unsubscribe_all(request, 4, c).ok();
    }
    failures += !encode_depth_subscribe(request, 5, topics).ok();
    failures += !encode_depth_unsubscribe(request, 6, topics).ok();
    RestRequest token;
    failures += encode_token_request(request, {.method = "POST", .path = "/token"}, "user", "key", token) != CodecError::ok;
  };

  pass();
  const std::size_t first_pass_events = events;
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(events, first_pass_events * 101);
  EXPECT_GE(first_pass_events, ws.size() + rest.size());
}

}  // namespace
}  // namespace oex::codecs::cryptomus
