#include "oex/codecs/digifinex/ws_encoder.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "digifinex_test_support.hpp"

namespace oex::codecs::digifinex {
namespace {

constexpr std::string_view kSecret = "digifinex-test-secret";
const std::vector<std::string_view> kMarkets = {"ETH_USDT", "BTC_USDT"};
const std::vector<std::string_view> kCurrencies = {"ETH", "USDT"};
const std::vector<std::string_view> kNone = {};

// The document's request text without the white space between tokens.
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
  std::string request;  // fixtures/requests/<request>.json
  Encode encode;
};

std::vector<Case> document_cases(const HmacSha256& key) {
  std::vector<Case> cases = {
      {"ping", [](std::span<char> b) { return encode_ping(b, 12312); }},
      {"time", [](std::span<char> b) { return encode_time(b, 12312); }},
  };
  struct Sub {
    const char* name;
    Channel channel;
    bool subscribe;
    const std::vector<std::string_view>* params;
  };
  // The params each document example sends.
  const Sub subs[] = {
      {"trades_subscribe", Channel::trades, true, &kMarkets},
      {"trades_unsubscribe", Channel::trades, false, &kNone},
      {"depth_subscribe", Channel::depth, true, &kMarkets},
      {"depth_unsubscribe", Channel::depth, false, &kNone},
      {"all_ticker_subscribe", Channel::all_ticker, true, &kNone},
      {"all_ticker_unsubscribe", Channel::all_ticker, false, &kNone},
      {"ticker_subscribe", Channel::ticker, true, &kMarkets},
      {"ticker_unsubscribe", Channel::ticker, false, &kMarkets},
      {"order_subscribe", Channel::order, true, &kMarkets},
      {"order_unsubscribe", Channel::order, false, &kMarkets},
      {"order_algo_subscribe", Channel::order_algo, true, &kMarkets},
      {"order_algo_unsubscribe", Channel::order_algo, false, &kMarkets},
      {"balance_subscribe", Channel::balance, true, &kCurrencies},
      {"balance_unsubscribe", Channel::balance, false, &kCurrencies},
  };
  for (const Sub& s : subs) {
    cases.push_back({s.name, [s](std::span<char> b) {
                       return s.subscribe ? encode_subscribe(b, 12312, s.channel, *s.params)
                                          : encode_unsubscribe(b, 12312, s.channel, *s.params);
                     }});
  }
  cases.push_back({"auth", [&key](std::span<char> b) {
                     return encode_auth(b, 12312, "5a8e6b662ddb0", 1583135616239, key);
                   }});
  return cases;
}

std::string encode_to_string(const Encode& encode) {
  char buf[1024];
  const auto r = encode(buf);
  EXPECT_TRUE(r.ok());
  return std::string(*r);
}

TEST(DigifinexEncoder, EveryDocumentRequestExceptTheSignatureByteForByte) {
  const HmacSha256 key(kSecret);
  for (const Case& c : document_cases(key)) {
    std::string expected = minified_request(c.request);
    if (c.request == "auth") {
      // The document's signature is over a secret it does not show: ours is checked below.
      const std::string doc_sign = "lXU0njGw4F+89g+EMxWtS9cLjKOqvUQ3+vsKK2yda40=";
      expected.replace(expected.find(doc_sign), doc_sign.size(), "WBXHLUaqLkrDHQK4K6jfN4xzjT/vftMXC4aRTUX1+2k=");
    }
    EXPECT_EQ(encode_to_string(c.encode), expected) << c.request;
  }
}

TEST(DigifinexEncoder, AuthSignsTheMillisecondTimestampTextWithBase64HmacSha256) {
  // openssl: printf 1700000000123 | openssl dgst -sha256 -hmac digifinex-test-secret -binary | base64
  const HmacSha256 key(kSecret);
  char buf[256];
  const auto r = encode_auth(buf, 7, "my-api-key", 1700000000123, key);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r,
            R"({"id":7,"method":"server.auth","params":["my-api-key","1700000000123","waikTlCEZhYmtURc8AFIuzT/CYTQhVhNE85CthyxKYk="]})");
  EXPECT_EQ(r->find(kSecret), std::string_view::npos);
}

TEST(DigifinexEncoder, ParamsAreJsonEscaped) {
  char buf[256];
  const std::vector<std::string_view> odd = {"A\"B", "C\\D"};
  const auto r = encode_subscribe(buf, -1, Channel::trades, odd);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, R"({"id":-1,"method":"trades.subscribe","params":["A\"B","C\\D"]})");
}

TEST(DigifinexEncoder, EveryChannelHasBothMethods) {
  char buf[256];
  for (const Channel c : {Channel::trades, Channel::depth, Channel::ticker, Channel::all_ticker, Channel::order,
                          Channel::order_algo, Channel::balance}) {
    const std::string name(channel_name(c));
    EXPECT_EQ(std::string(*encode_subscribe(buf, 1, c, kNone)),
              R"({"id":1,"method":")" + name + R"(.subscribe","params":[]})");
    EXPECT_EQ(std::string(*encode_unsubscribe(buf, 1, c, kNone)),
              R"({"id":1,"method":")" + name + R"(.unsubscribe","params":[]})");
  }
}

// hffix-style: every buffer length from 0 to the full size, a canary byte just past the buffer.
TEST(DigifinexEncoder, EveryBufferLengthNeitherOverrunsNorSucceedsShort) {
  const HmacSha256 key(kSecret);
  constexpr char kCanary = '\x5A';
  for (const Case& c : document_cases(key)) {
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

}  // namespace
}  // namespace oex::codecs::digifinex
