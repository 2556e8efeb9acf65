// hffix-style sweeps: every fixture at every truncation gives a typed error or events (each
// truncation in its own allocation, for ASan); every encoder into every buffer length from 0
// with a canary neither overruns nor succeeds short.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "deflow_fixtures.hpp"
#include "oex/codecs/deflow/rest_encoder.hpp"

namespace oex::codecs::deflow {
namespace {

TEST(DeflowSweep, EveryTruncationOfEveryFixtureGivesATypedErrorOrEvents) {
  RestDecoder decoder(4096, 64);
  for (const testing::Fixture& f : testing::kFixtures) {
    const std::string text = testing::read_fixture(f.file);
    const std::size_t last = text.find_last_not_of(" \n");
    for (std::size_t n = 0; n <= text.size(); ++n) {
      const auto copy = std::make_unique<char[]>(n);
      std::memcpy(copy.get(), text.data(), n);
      std::size_t events = 0;
      const CodecError e = decoder.decode(f.endpoint, 200, std::string_view(copy.get(), n),
                                          [&events](const auto&) { ++events; }, testing::ref_for(f));
      EXPECT_NE(error_name(e), "unknown_error");
      if (n <= last) {
        // A strict prefix of one JSON value is never a whole value.
        EXPECT_EQ(e, CodecError::malformed_json) << f.file << " at " << n;
        EXPECT_EQ(events, 0u);
      }
    }
  }
}

using Encode = std::function<EncodeResult(std::span<char>)>;

TEST(DeflowSweep, EveryEncoderIntoEveryBufferLengthNeverOverrunsNorSucceedsShort) {
  RestEncoder enc("key with space", Secret{"s"});
  const CreateOrder limit{"btcusdt", Side::buy, OrderType::limit, *Decimal::parse("0.25"), *Decimal::parse("6436")};
  const CreateOrder market{"btcusdt", Side::sell, OrderType::market, *Decimal::parse("1"), std::nullopt};
  const std::array<Encode, 15> encoders = {
      [&](auto o) { return enc.create_order(limit, 1536629834271, o); },
      [&](auto o) { return enc.create_order(market, 1536629834271, o); },
      [&](auto o) { return enc.cancel_order("btcusdt", "263", 1536629834271, o); },
      [&](auto o) { return enc.orders("btcusdt", Page{20, 1}, 1536629834271, o); },
      [&](auto o) { return enc.trades("btcusdt", Page{}, 1536629834271, o); },
      [&](auto o) { return enc.open_orders("btcusdt", Page{10, 3}, 1536629834271, o); },
      [&](auto o) { return enc.order_info("btcusdt", "100", 1536629834271, o); },
      [&](auto o) { return enc.user_accounts(1536629834271, o); },
      [&](auto o) { return enc.market(1536629834271, o); },
      [&](auto o) { return enc.symbols(o); },
      [&](auto o) { return enc.records("btcusdt", 1440, o); },
      [&](auto o) { return enc.ticker("all", o); },
      [&](auto o) { return enc.recent_trades("btcusdt", o); },
      [&](auto o) { return enc.depth("btcusdt", DepthStep::step2, o); },
      [&](auto o) { return enc.depth("btcusdt", DepthStep::step0, o); },
  };
  constexpr char kCanary = '\x5a';
  for (std::size_t i = 0; i < encoders.size(); ++i) {
    std::array<char, 1024> full{};
    const EncodeResult reference = encoders[i](full);
    ASSERT_TRUE(reference.ok()) << i;
    // A GET is all target; a form request writes its path, then the body, into the buffer.
    const std::size_t written = reference->target.size() + reference->body.size();
    for (std::size_t n = 0; n <= written + 1; ++n) {
      const auto storage = std::make_unique<char[]>(n + 1);
      storage[n] = kCanary;
      const EncodeResult r = encoders[i](std::span<char>(storage.get(), n));
      EXPECT_EQ(storage[n], kCanary) << "encoder " << i << " overran a buffer of " << n;
      if (n < written) {
        EXPECT_EQ(r.error(), CodecError::buffer_too_small) << "encoder " << i << " at " << n;
      } else {
        ASSERT_TRUE(r.ok()) << i;
        EXPECT_EQ(r->body, reference->body);
        EXPECT_EQ(r->target, reference->target);
      }
    }
  }
}

}  // namespace
}  // namespace oex::codecs::deflow
