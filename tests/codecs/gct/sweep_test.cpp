// hffix-style sweeps: every fixture truncated at every length decodes to a typed error or valid
// events (each truncation copied into its own allocation so ASan sees any overread); every
// encoder run into every buffer length from 0 with a canary after it neither overruns nor
// reports success short.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "gct_fixtures.hpp"
#include "oex/codecs/gct/rest_encoder.hpp"

namespace oex::codecs::gct {
namespace {

TEST(GctSweep, EveryTruncationOfEveryFixtureGivesATypedErrorOrEvents) {
  RestDecoder rest(4096, 64);
  PushDecoder push;
  for (const testing::Fixture& f : testing::kFixtures) {
    const std::string text = testing::read_fixture(f.file);
    for (std::size_t n = 0; n <= text.size(); ++n) {
      const auto copy = std::make_unique<char[]>(n);
      std::memcpy(copy.get(), text.data(), n);
      const std::string_view cut(copy.get(), n);
      std::size_t events = 0;
      const auto sink = [&events](const auto&) { ++events; };
      const CodecError e = f.push ? push.decode(cut, sink) : rest.decode(f.endpoint, 200, cut, sink, testing::ref_for(f));
      EXPECT_NE(error_name(e), "unknown_error");
      if (n < text.size() && text.substr(0, n).find_first_not_of(" \n") != std::string::npos &&
          !f.file.starts_with("bad_")) {
        // A strict prefix of one JSON value is never a complete value (trailing new line aside).
        if (text.find_last_not_of(" \n") >= n) {
          EXPECT_EQ(e, CodecError::malformed_json) << f.file << " at " << n;
          EXPECT_EQ(events, 0u);
        }
      }
    }
  }
}

using Encode = std::function<Result<std::size_t, CodecError>(std::span<char>)>;

Encode rest(std::function<EncodeResult(std::span<char>)> f) {
  return [f](std::span<char> out) -> Result<std::size_t, CodecError> {
    const EncodeResult r = f(out);
    if (!r.ok()) return r.error();
    // Everything the request views must lie inside the buffer written.
    const auto inside = [out](std::string_view v) {
      return v.empty() || (v.data() >= out.data() && v.data() + v.size() <= out.data() + out.size());
    };
    const bool ok = r->method == "GET" ? inside(r->target) : inside(r->body);
    EXPECT_TRUE(ok);
    return r->method == "GET" ? r->target.size() : r->body.size();
  };
}

TEST(GctSweep, EveryEncoderIntoEveryBufferLengthNeverOverrunsNorSucceedsShort) {
  HmacSha256 signer{"sk"};
  RestEncoder enc("ak", signer, Secret{"sk"}, Secret{"pw"});
  const std::array<std::string_view, 3> ids = {"1", "22", "333"};
  const std::array<std::string_view, 2> client_ids = {"a", "b\"c"};
  SaveEntrust order{"BTCUSDT", Side::sell, OrderType::limit, *Decimal::parse("1.5"), *Decimal::parse("16.25"),
                    "api", "c-1"};
  OrderQuery q{"BTCUSDT", OrderType::limit, Side::buy, "2019-08-01 00:00:00", "2019-08-28 23:59:59", 2, 10};
  const std::array<Encode, 20> encoders = {
      rest([&](auto o) { return enc.save_entrust(order, 1566963399019, o); }),
      rest([&](auto o) { return enc.cancel_entrust("123", 1566963399019, o); }),
      rest([&](auto o) { return enc.batch_cancel(ids, 1566963399019, o); }),
      rest([&](auto o) { return enc.batch_cancel_open_orders("BTCUSDT", Side::buy, 1566963399019, o); }),
      rest([&](auto o) { return enc.cancel_entrust_by_client_order_id("c-1", 1566963399019, o); }),
      rest([&](auto o) { return enc.batch_cancel_by_client_order_ids(client_ids, 1566963399019, o); }),
      rest([&](auto o) { return enc.query_order_by_id("123", o); }),
      rest([&](auto o) { return enc.open_orders("BTCUSDT", Side::sell, o); }),
      rest([&](auto o) { return enc.current_orders("BTCUSDT", Side::sell, 1, 100, o); }),
      rest([&](auto o) { return enc.query_my_entrust(q, o); }),
      rest([&](auto o) { return enc.query_my_his_entrust(q, HistoryStatus::withdrawn, o); }),
      rest([&](auto o) { return enc.query_my_entrust_order(q, o); }),
      rest([&](auto o) { return enc.user_finance_list(FinanceSelect::all, o); }),
      rest([&](auto o) { return enc.market_tickers(o); }),
      rest([&](auto o) { return enc.market_ticker("BTCUSDT", o); }),
      rest([&](auto o) { return enc.market_depth("BTCUSDT", "STEP0", o); }),
      rest([&](auto o) { return enc.market_trade("BTCUSDT", o); }),
      rest([&](auto o) { return enc.market_kline("BTCUSDT", "min", "STEP0", o); }),
      rest([&](auto o) { return enc.market_trade_info(o); }),
      [](std::span<char> o) { return encode_push_login("ak", o); },
  };
  constexpr char kCanary = '\x5a';
  for (std::size_t i = 0; i < encoders.size(); ++i) {
    std::array<char, 1024> full{};
    const auto reference = encoders[i](full);
    ASSERT_TRUE(reference.ok()) << i;
    const std::size_t needed = *reference;
    for (std::size_t n = 0; n <= needed + 1; ++n) {
      const auto storage = std::make_unique<char[]>(n + 1);
      storage[n] = kCanary;
      const auto r = encoders[i](std::span<char>(storage.get(), n));
      EXPECT_EQ(storage[n], kCanary) << "encoder " << i << " overran a buffer of " << n;
      if (n < needed) {
        EXPECT_EQ(r.error(), CodecError::buffer_too_small) << "encoder " << i << " at " << n;
      } else {
        ASSERT_TRUE(r.ok()) << i;
        EXPECT_EQ(*r, needed);
      }
    }
  }
}

}  // namespace
}  // namespace oex::codecs::gct
