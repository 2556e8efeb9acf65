#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "cryptomus_test_support.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/cryptomus/ws_encoder.hpp"

namespace oex::codecs::cryptomus {
namespace {

// The document's request text without white space between tokens.
std::string minified_request(const std::string& name) {
  const std::string text = test::read_file(test::fixture_dir() / "requests" / (name + ".json"));
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

using Encode = std::function<EncodeResult(std::span<char>)>;
struct Case {
  std::string request;
  Encode encode;
};

const std::vector<std::string_view> kTrade = {"BTC_USDT"};
const std::vector<std::string_view> kMarkets3 = {"BTC_USDT", "BTC_USDT", "ETH_USDT"};
const std::vector<std::string_view> kMarkets2 = {"BTC_USDT", "ETH_USDT"};
const std::vector<std::string_view> kOrderMarkets = {"BTC_USDT", "TRX_USDT", "ETH_USDT"};
const std::vector<std::string_view> kDealMarkets = {"BTC_USDT", "TRX_USDT"};
const std::vector<std::string_view> kBalanceSub = {"BTC", "TRX", "ETH"};
const std::vector<std::string_view> kBalanceUnsub = {"BTC", "ETH"};
const std::vector<DepthTopic> kDepthSub = {{"BTC_USDT", 0}, {"BTC_USDT", 1}, {"ETH_USDT", 1}};
const std::vector<DepthTopic> kDepthUnsub = {{"BTC_USDT", 0}, {"ETH_USDT", 1}};

// Every request of the document with the params its example sends (errata corrected).
std::vector<Case> document_cases() {
  std::vector<Case> cases = {
      {"ping", [](std::span<char> b) { return encode_ping(b, 0); }},
      {"trade_subscribe_example", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::trade, kTrade); }},
      {"lastprice_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::lastprice, kMarkets3); }},
      {"lastprice_unsubscribe",
       [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::lastprice, kMarkets2); }},
      {"depth_subscribe", [](std::span<char> b) { return encode_depth_subscribe(b, 0, kDepthSub); }},
      {"depth_unsubscribe", [](std::span<char> b) { return encode_depth_unsubscribe(b, 0, kDepthUnsub); }},
      {"ticker_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::ticker, kMarkets3); }},
      {"ticker_unsubscribe", [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::ticker, kMarkets2); }},
      {"trade_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::trade, kMarkets3); }},
      {"trade_unsubscribe", [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::trade, kMarkets2); }},
      {"order_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::order, kOrderMarkets); }},
      {"order_unsubscribe", [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::order, kMarkets2); }},
      {"balance_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::balance, kBalanceSub); }},
      {"balance_unsubscribe",
       [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::balance, kBalanceUnsub); }},
      {"deal_subscribe", [](std::span<char> b) { return encode_subscribe(b, 0, Channel::deal, kOrderMarkets); }},
      {"deal_unsubscribe", [](std::span<char> b) { return encode_unsubscribe(b, 0, Channel::deal, kDealMarkets); }},
  };
  for (const Channel c : {Channel::lastprice, Channel::depth, Channel::ticker, Channel::trade, Channel::order,
                          Channel::balance, Channel::deal}) {
    const std::string name(channel_name(c));
    cases.push_back({name + "_subscribe_all", [c](std::span<char> b) { return encode_subscribe_all(b, 0, c); }});
    cases.push_back({name + "_unsubscribe_all", [c](std::span<char> b) { return encode_unsubscribe_all(b, 0, c); }});
  }
  return cases;
}

std::string encode_to_string(const Encode& encode) {
  char buf[1024];
  const auto r = encode(buf);
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::string(*r) : std::string();
}

TEST(CryptomusEncoder, EveryDocumentRequestByteForByte) {
  const auto cases = document_cases();
  EXPECT_EQ(cases.size(), test::fixtures_in("requests").size());
  for (const Case& c : cases) EXPECT_EQ(encode_to_string(c.encode), minified_request(c.request)) << c.request;
}

TEST(CryptomusEncoder, DepthTopicsRejectWhatCannotBeAMarket) {
  char buf[256];
  const std::vector<DepthTopic> quote = {{"BTC\"USDT", 0}};
  const std::vector<DepthTopic> negative = {{"BTC_USDT", -1}};
  const std::vector<DepthTopic> empty = {{"", 0}};
  EXPECT_EQ(encode_depth_subscribe(buf, 1, quote).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_depth_subscribe(buf, 1, negative).error(), CodecError::invalid_argument);
  EXPECT_EQ(encode_depth_unsubscribe(buf, 1, empty).error(), CodecError::invalid_argument);
}

TEST(CryptomusEncoder, EveryBufferLengthNeitherOverrunsNorSucceedsShort) {
  constexpr char kCanary = '\x5A';
  for (const Case& c : document_cases()) {
    const std::string full = encode_to_string(c.encode);
    for (std::size_t len = 0; len <= full.size() + 1; ++len) {
      std::vector<char> buf(len + 1, '\0');
      buf[len] = kCanary;
      const auto r = c.encode(std::span<char>(buf.data(), len));
      EXPECT_EQ(buf[len], kCanary) << c.request << " at " << len;
      if (len < full.size()) {
        EXPECT_EQ(r.error(), CodecError::buffer_too_small) << c.request << " at " << len;
      } else {
        ASSERT_TRUE(r.ok()) << c.request << " at " << len;
        EXPECT_EQ(std::string(*r), full);
      }
    }
  }
}

constexpr std::string_view kUserId = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
constexpr std::string_view kApiKey = "cryptomus-test-api-key";

TEST(CryptomusTokenRequest, PathAndMethodAreConfiguredAndTheSignIsMd5OfBase64BodyPlusKey) {
  char buf[256];
  RestRequest request;
  ASSERT_EQ(encode_token_request(buf, {.method = "POST", .path = "/v2/user-api/exchange/ws-token"}, kUserId, kApiKey,
                                 request),
            CodecError::ok);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v2/user-api/exchange/ws-token");
  EXPECT_TRUE(request.body.empty());
  ASSERT_EQ(request.headers().size(), 2u);
  EXPECT_EQ(request.headers()[0].name, "userId");
  EXPECT_EQ(request.headers()[0].value, kUserId);
  EXPECT_EQ(request.headers()[1].name, "sign");
  // printf cryptomus-test-api-key | md5sum  (the body is empty, so is its base64)
  EXPECT_EQ(request.headers()[1].value, "75a4aaeab7f502c669c7cfffcf63cc08");
  EXPECT_EQ(std::string_view(buf, sizeof buf).find(kApiKey), std::string_view::npos);

  RestRequest other;
  ASSERT_EQ(encode_token_request(buf, {.method = "GET", .path = "/ws/token"}, kUserId, kApiKey, other), CodecError::ok);
  EXPECT_EQ(other.method, "GET");
  EXPECT_EQ(other.target, "/ws/token");
  EXPECT_EQ(encode_token_request(buf, {.method = "POST", .path = ""}, kUserId, kApiKey, other),
            CodecError::invalid_argument);
  EXPECT_EQ(encode_token_request(buf, {.method = "POST", .path = "no-slash"}, kUserId, kApiKey, other),
            CodecError::invalid_argument);
}

TEST(CryptomusTokenRequest, EveryBufferLengthNeitherOverrunsNorSucceedsShort) {
  const TokenRequestConfig config{.method = "POST", .path = "/v2/user-api/exchange/ws-token"};
  const std::size_t full = config.path.size() + kUserId.size() + 32;
  for (std::size_t len = 0; len <= full + 1; ++len) {
    std::vector<char> buf(len + 1, '\0');
    buf[len] = '\x5A';
    RestRequest request;
    const CodecError e = encode_token_request(std::span<char>(buf.data(), len), config, kUserId, kApiKey, request);
    EXPECT_EQ(buf[len], '\x5A') << len;
    EXPECT_EQ(e, len < full ? CodecError::buffer_too_small : CodecError::ok) << len;
  }
}

}  // namespace
}  // namespace oex::codecs::cryptomus
