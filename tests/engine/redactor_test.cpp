#include "oex/capture/redactor.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oex::capture {
namespace {

std::string redact(const Redactor& r, std::string_view text) {
  std::string out;
  r.redact(text, out);
  return out;
}

TEST(Redactor, RemovesRegisteredSecretsSecretFieldsAndSignatures) {
  Redactor r;
  r.add_secret("4e9536c79f0fdd72bf04f2430982d3f61d9d76c996f0175bbba470d69d59816x");
  r.add_secret("848db84ac252b6726e5f6e7a711d9c96d9fd77d020151b45839a5b59c37203bx");
  // BTSE WS authentication: key, nonce, hex HMAC-SHA384.
  EXPECT_EQ(redact(r, R"({"op":"authKeyExpires","args":["4e9536c79f0fdd72bf04f2430982d3f61d9d76c996f0175bbba470d69d59816x", "1624985375123", "c410d38c681579adb335885800cff24c66171b7cc8376cfe43da1408c581748156b89bcc5a115bb496413bda481139fb"]})"),
            R"({"op":"authKeyExpires","args":["***", "1624985375123", "***"]})");
  // GCT: accessKey, signature and the secret key parameter in a JSON body.
  EXPECT_EQ(redact(r, R"({"accessKey":"ak-1","clientOrderId":"88888888","secretKey":"sk-2","signature":"abc+/=","timestamp":1})"),
            R"({"accessKey":"***","clientOrderId":"88888888","secretKey":"***","signature":"***","timestamp":1})");
  // Deflow form body and a query string; Cryptomus token in the socket URL.
  EXPECT_EQ(redact(r, "api_key=k1&symbol=btcusdt&sign=0123&volume=1"), "api_key=***&symbol=btcusdt&sign=***&volume=1");
  EXPECT_EQ(redact(r, "GET /ws?token=eyJhbGciOi.x.y"), "GET /ws?token=***");
  // Header style, any case.
  EXPECT_EQ(redact(r, "Request-Sign: deadbeef\r\nrequest-nonce: 1"), "Request-Sign: ***\r\nrequest-nonce: 1");
  // A base64 HMAC-SHA256 (DigiFinex server.auth) by its shape.
  EXPECT_EQ(redact(r, R"({"method":"server.auth","params":["***","1700000000000","q4Zb5UjfdXJ6ZMrdt3X2ZqEMdE2kwAdvvNwV8QB+D6M="]})"),
            R"({"method":"server.auth","params":["***","1700000000000","***"]})");
}

TEST(Redactor, AShortSecretIsMaskedAsAWholeTokenAndTheLineStaysJson) {
  Redactor r;
  r.add_secret("1001");  // a Cryptomus user id, say
  EXPECT_EQ(redact(r, R"({"userId":1001,"price":30001001,"entrustId":"1001001"})"),
            R"({"userId":"***","price":30001001,"entrustId":"1001001"})");
  EXPECT_EQ(redact(r, R"({"userId": 1001})"), R"({"userId": "***"})");
  EXPECT_EQ(redact(r, "userId: 1001\r\n"), "userId: ***\r\n");  // a header
  EXPECT_EQ(redact(r, R"({"token":12345})"), R"({"token":"***"})");
}

// The text is classified 64 bytes at a time: a secret field, a signature or a long word is
// found wherever it falls, across a block's end too.
TEST(Redactor, FindsSecretsAtEveryPlaceInTheText) {
  Redactor r;
  const std::string long_word = "s" + std::string(70, 'x');  // starts like a secret field, is not one
  for (std::size_t lead = 0; lead < 140; ++lead) {
    const std::string pad(lead, ' ');
    EXPECT_EQ(redact(r, pad + R"({"signature":"abc","x":1})"), pad + R"({"signature":"***","x":1})") << lead;
    EXPECT_EQ(redact(r, pad + "Access-Key: k1\r\n"), pad + "Access-Key: ***\r\n") << lead;
    EXPECT_EQ(redact(r, pad + R"(["q4Zb5UjfdXJ6ZMrdt3X2ZqEMdE2kwAdvvNwV8QB+D6M="])"), pad + R"(["***"])") << lead;
    EXPECT_EQ(redact(r, pad + R"(["sYQ5nDXe1vL2k8Hq0WmRtA=="])"), pad + R"(["***"])") << lead;  // 16 bytes
    const std::string hex(64, 'a');
    EXPECT_EQ(redact(r, pad + "," + hex + ","), pad + ",***,") << lead;
    EXPECT_EQ(redact(r, pad + "," + hex + "0,"), pad + "," + hex + "0,") << lead;  // 65: no signature's length
    EXPECT_EQ(redact(r, pad + long_word + "=v"), pad + long_word + "=v") << lead;
    EXPECT_EQ(redact(r, pad + "xsign=v"), pad + "xsign=v") << lead;  // a word's end is not a word
  }
}

TEST(Redactor, LeavesOrdinaryTrafficAlone) {
  Redactor r;
  r.add_secret("");
  const std::string_view texts[] = {
      R"({"topic":"notificationApiV3","data":[{"orderID":"a1b2c3d4-0000-4000-8000-1234567890ab","price":8500.0}]})",
      R"({"method":"order.update","params":[{"id":"1bbf7d4b2c6b4d5ba1e4f0f9a7e3c2d1","filled":"0.5"}]})",
      "symbol=btcusdt&side=BUY&price=1.5",
  };
  for (const auto text : texts) EXPECT_EQ(redact(r, text), text);
}

}  // namespace
}  // namespace oex::capture
