// Every Deflow request's exact bytes. Expected signatures were computed independently
// (Python hashlib.md5 over the sorted k1v1k2v2... text plus the secret).
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "oex/codecs/deflow/rest_encoder.hpp"
#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/signing.hpp"

namespace oex::codecs::deflow {
namespace {

constexpr std::string_view kApiKey = "b819dce1cee32asx2255fdcbb1332aec";  // the document's example key
constexpr std::int64_t kTime = 1536629834271;                              // and time

Decimal dec(std::string_view s) { return *Decimal::parse(s); }

class DeflowEncoderTest : public ::testing::Test {
 protected:
  Secret secret{"deflow-secret"};
  RestEncoder encoder{kApiKey, secret};
  std::array<char, 2048> buffer{};
};

void expect_form(const EncodeResult& r, std::string_view method, std::string_view body) {
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, method);
  EXPECT_EQ(r->target, "/v1/order");
  EXPECT_EQ(r->content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(r->headers().size(), 0u);
  EXPECT_EQ(r->body, body);
}

void expect_get(const EncodeResult& r, std::string_view target) {
  ASSERT_TRUE(r.ok()) << error_name(r.error());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, target);
  EXPECT_TRUE(r->content_type.empty());
  EXPECT_TRUE(r->body.empty());
}

TEST_F(DeflowEncoderTest, CreateOrderSignsTheDocumentsExampleString) {
  CreateOrder order{"ethusdt", Side::buy, OrderType::limit, dec("10"), dec("200")};
  const auto r = encoder.create_order(order, kTime, buffer);
  // The document's step B text, verbatim, hashed with the secret appended (step C).
  const auto expected = digest<Md5>(
      {"api_keyb819dce1cee32asx2255fdcbb1332aecprice200sideBUYsymbolethusdttime1536629834271type1volume10",
       "deflow-secret"});
  std::array<char, 33> hex{};
  BufferWriter w(hex.data(), hex.size());
  w.put_hex(expected);
  EXPECT_EQ(w.view(), "09423f5920817c6d07a7fe6fdbb7e8ac");
  expect_form(r, "POST",
              "api_key=b819dce1cee32asx2255fdcbb1332aec&price=200&side=BUY&symbol=ethusdt&time=1536629834271"
              "&type=1&volume=10&sign=09423f5920817c6d07a7fe6fdbb7e8ac");
}

TEST_F(DeflowEncoderTest, MarketOrderLeavesThePriceOutOfTextAndForm) {
  CreateOrder order{"btcusdt", Side::sell, OrderType::market, dec("0.50"), std::nullopt};
  expect_form(encoder.create_order(order, kTime, buffer), "POST",
              "api_key=b819dce1cee32asx2255fdcbb1332aec&side=SELL&symbol=btcusdt&time=1536629834271&type=2"
              "&volume=0.5&sign=4c2de6b43a368caf613515e6fb4396c2");
  order.price = dec("100");  // a market order never carries one
  EXPECT_NE(encoder.create_order(order, kTime, buffer)->body.find("sign=4c2de6b43a368caf613515e6fb4396c2"),
            std::string_view::npos);
}

TEST_F(DeflowEncoderTest, CreateOrderRefusesWhatTheVenueCannotTake) {
  EXPECT_EQ(encoder.create_order({"btcusdt", Side::buy, OrderType::limit, dec("1"), std::nullopt}, kTime, buffer).error(),
            CodecError::invalid_argument);
  EXPECT_EQ(encoder.create_order({"btcusdt", Side::buy, OrderType::stop, dec("1"), dec("1")}, kTime, buffer).error(),
            CodecError::invalid_argument);
  EXPECT_EQ(encoder.create_order({"btcusdt", Side::buy, OrderType::limit, dec("0"), dec("1")}, kTime, buffer).error(),
            CodecError::invalid_argument);
  EXPECT_EQ(encoder.create_order({"", Side::buy, OrderType::market, dec("1"), std::nullopt}, kTime, buffer).error(),
            CodecError::invalid_argument);
  RestEncoder no_secret{kApiKey, Secret{}};
  EXPECT_EQ(no_secret.create_order({"btcusdt", Side::buy, OrderType::market, dec("1"), std::nullopt}, kTime, buffer)
                .error(),
            CodecError::invalid_argument);
}

TEST_F(DeflowEncoderTest, CancelIsADeleteWithAFormBody) {
  expect_form(encoder.cancel_order("btcusdt", "263", kTime, buffer), "DELETE",
              "api_key=b819dce1cee32asx2255fdcbb1332aec&order_id=263&symbol=btcusdt&time=1536629834271"
              "&sign=71c37361ff43e369f05c3890669aa9be");
  EXPECT_EQ(encoder.cancel_order("btcusdt", "26x", kTime, buffer).error(), CodecError::invalid_argument);
}

TEST_F(DeflowEncoderTest, SignedQueries) {
  expect_get(encoder.orders("btcusdt", Page{20, 2}, kTime, buffer),
             "/v1/order?api_key=b819dce1cee32asx2255fdcbb1332aec&page=2&pageSize=20&symbol=btcusdt"
             "&time=1536629834271&sign=434d193fabfc1a79c1a0feea3f09af42");
  expect_get(encoder.trades("btcusdt", Page{20, 2}, kTime, buffer),
             "/v1/trade?api_key=b819dce1cee32asx2255fdcbb1332aec&page=2&pageSize=20&symbol=btcusdt"
             "&time=1536629834271&sign=434d193fabfc1a79c1a0feea3f09af42");
  expect_get(encoder.open_orders("btcusdt", Page{}, kTime, buffer),
             "/v1/order/new?api_key=b819dce1cee32asx2255fdcbb1332aec&symbol=btcusdt&time=1536629834271"
             "&sign=8fb7d8fb2ee366eee8a7e1c76fb0fe02");
  expect_get(encoder.order_info("btcusdt", "100", kTime, buffer),
             "/v1/order/info?api_key=b819dce1cee32asx2255fdcbb1332aec&order_id=100&symbol=btcusdt"
             "&time=1536629834271&sign=6b4019b7457fec0e4f389b824b28d006");
  expect_get(encoder.user_accounts(kTime, buffer),
             "/v1/user/accounts?api_key=b819dce1cee32asx2255fdcbb1332aec&time=1536629834271"
             "&sign=7b4203a24a5ddf935b8567f62611c020");
  expect_get(encoder.market(kTime, buffer),
             "/v1/market?api_key=b819dce1cee32asx2255fdcbb1332aec&time=1536629834271"
             "&sign=7b4203a24a5ddf935b8567f62611c020");
  EXPECT_EQ(encoder.orders("btcusdt", Page{0, std::nullopt}, kTime, buffer).error(), CodecError::invalid_argument);
  EXPECT_EQ(encoder.orders("", Page{}, kTime, buffer).error(), CodecError::invalid_argument);
}

TEST_F(DeflowEncoderTest, UnsignedQueriesCarryNoKeyNoTimeNoSign) {
  expect_get(encoder.symbols(buffer), "/v1/common/symbols");
  expect_get(encoder.records("btcusdt", 1440, buffer), "/v1/records?period=1440&symbol=btcusdt");
  expect_get(encoder.ticker("all", buffer), "/v1/ticker?symbol=all");
  expect_get(encoder.recent_trades("btcusdt", buffer), "/v1/trades?symbol=btcusdt");
  expect_get(encoder.depth("btcusdt", DepthStep::step1, buffer), "/v1/market/dept?symbol=btcusdt&type=step1");
  EXPECT_EQ(encoder.records("btcusdt", 0, buffer).error(), CodecError::invalid_argument);
  EXPECT_EQ(encoder.ticker("", buffer).error(), CodecError::invalid_argument);
}

TEST_F(DeflowEncoderTest, ValuesAreUrlEncodedButSignedAsGiven) {
  RestEncoder odd_key{"a b&c", secret};
  const auto r = odd_key.user_accounts(1, buffer);
  ASSERT_TRUE(r.ok());
  const auto expected = digest<Md5>({"api_keya b&ctime1", "deflow-secret"});
  std::array<char, 33> hex{};
  BufferWriter w(hex.data(), hex.size());
  w.put_hex(expected);
  EXPECT_EQ(r->target, "/v1/user/accounts?api_key=a%20b%26c&time=1&sign=" + std::string(w.view()));
}

TEST_F(DeflowEncoderTest, TheSecretIsNeverSentAndNeverPrinted) {
  CreateOrder order{"ethusdt", Side::buy, OrderType::limit, dec("10"), dec("200")};
  const auto r = encoder.create_order(order, kTime, buffer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body.find("deflow-secret"), std::string_view::npos);
  EXPECT_EQ(::testing::PrintToString(secret), "<redacted>");
  EXPECT_EQ(Secret::debug_string(), "<redacted>");
  for (std::size_t n = 0; n < 64; ++n) {
    const auto cut = encoder.create_order(order, kTime, std::span(buffer).first(n));
    EXPECT_EQ(error_name(cut.error()), "buffer_too_small");
    EXPECT_EQ(std::string_view(buffer.data(), n).find("deflow-secret"), std::string_view::npos);
  }
}

}  // namespace
}  // namespace oex::codecs::deflow
