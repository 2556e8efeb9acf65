// Decoding, encoding and inflating every fixture allocates nothing after the first pass.
#include <gtest/gtest.h>
#include <libdeflate.h>

#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "digifinex_test_support.hpp"
#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/ws_encoder.hpp"

namespace oex::codecs::digifinex {
namespace {

TEST(DigifinexZeroAllocation, DecodeEncodeAndInflateEveryFixtureAfterTheFirstPass) {
  const auto fixtures = test::incoming_fixtures();
  std::vector<std::vector<std::uint8_t>> frames;
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  for (const auto& f : fixtures) {
    std::vector<std::uint8_t> frame(libdeflate_zlib_compress_bound(c, f.text.size()));
    frame.resize(libdeflate_zlib_compress(c, f.text.data(), f.text.size(), frame.data(), frame.size()));
    frames.push_back(std::move(frame));
  }
  libdeflate_free_compressor(c);

  WsDecoder decoder;
  FrameInflater inflater;
  const HmacSha256 key("digifinex-test-secret");
  const std::string_view markets[] = {"ETH_USDT", "BTC_USDT"};
  std::vector<char> inflated(1 << 16);
  char rendered[16384];
  char request[512];
  std::size_t events = 0;
  std::size_t failures = 0;
  auto sink = [&](const auto& event) {
    BufferWriter w(rendered, sizeof rendered);
    write_event_json(w, event);
    ++events;
  };

  auto pass = [&] {
    for (std::size_t i = 0; i < fixtures.size(); ++i) {
      const auto text = inflater.inflate(frames[i], inflated);
      if (!text.ok()) ++failures;
      const CodecError e = decoder.decode(*text, sink, fixtures[i].answered_method);
      if (e != CodecError::ok && e != CodecError::venue_error) ++failures;
    }
    failures += !encode_ping(request, 1).ok();
    failures += !encode_time(request, 2).ok();
    failures += !encode_auth(request, 3, "key", 1700000000123, key).ok();
    for (const Channel ch : {Channel::trades, Channel::depth, Channel::ticker, Channel::all_ticker, Channel::order,
                             Channel::order_algo, Channel::balance}) {
      failures += !encode_subscribe(request, 4, ch, markets).ok();
      failures += !encode_unsubscribe(request, 5, ch, markets).ok();
    }
  };

  pass();
  const std::size_t first_pass_events = events;
  oex::testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) pass();
  EXPECT_EQ(scope.allocations(), 0u);
  EXPECT_EQ(failures, 0u);
  EXPECT_EQ(events, first_pass_events * 101);
  EXPECT_GT(first_pass_events, fixtures.size());
}

}  // namespace
}  // namespace oex::codecs::digifinex
