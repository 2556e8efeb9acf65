#include "oex/codecs/signing.hpp"

#include <gtest/gtest.h>

#include <string>

#include "allocation_counter.hpp"
#include "oex/codecs/buffer_writer.hpp"

namespace oex::codecs {
namespace {

template <class Hash>
std::string hex(const Digest<Hash>& d) {
  char buf[2 * Hash::kDigestSize];
  BufferWriter w(buf, sizeof buf);
  w.put_hex(d);
  return std::string(w.view());
}

constexpr std::string_view kBtseSecret = "848db84ac252b6726e5f6e7a711d9c96d9fd77d020151b45839a5b59c37203bx";

TEST(Hmac, BtseWebSocketVectorFromTheDocument) {
  const HmacSha384 key(kBtseSecret);
  EXPECT_EQ(hex<Sha384>(key.sign({"/ws/spot", "1624985375123"})),
            "c410d38c681579adb335885800cff24c66171b7cc8376cfe43da1408c581748156b89bcc5a115bb496413bda481139fb");
}

TEST(Hmac, BtseRestVectorAsCorrectedInTheIndex) {
  const HmacSha384 key(kBtseSecret);
  const std::string_view body =
      R"({"postOnly":false,"price":8500.0,"side":"BUY","size":0.002,"stopPrice":0.0,"symbol":"BTC-USD","time_in_force":"GTC","trailValue":0.0,"triggerPrice":0.0,"txType":"LIMIT","type":"LIMIT"})";
  EXPECT_EQ(hex<Sha384>(key.sign({"/api/v3.3/order", "1624985375123", body})),
            "8523d528bc9a6d3509849c6bfaec7c54535387d438362de790f49b809b0267dd3738258ea11bc6c36028c4632813fe03");
  // The document's own value was computed over the v3.2 path (INDEX.md erratum).
  EXPECT_EQ(hex<Sha384>(key.sign({"/api/v3.2/order", "1624985375123", body})),
            "e9cd0babdf497b536d1e48bc9cf1fadad3426b36406b5747d77ae4e3cdc9ab556863f2d0cf78e0228c39a064ad43afb7");
}

TEST(Hmac, Rfc4231Vectors) {
  // Test case 2: key "Jefe".
  EXPECT_EQ(hex<Sha256>(HmacSha256("Jefe").sign({"what do ya want ", "for nothing?"})),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a 131-byte key, longer than the block, is hashed first.
  const std::string long_key(131, '\xaa');
  EXPECT_EQ(hex<Sha256>(HmacSha256(long_key).sign({"Test Using Larger Than Block-Size Key - Hash Key First"})),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hex<Sha384>(HmacSha384(long_key).sign({"Test Using Larger Than Block-Size Key - Hash Key First"})),
            "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952");
}

TEST(Hmac, SigningAgainGivesTheSameAnswerAndAllocatesNothing) {
  const HmacSha256 key("secret");
  const auto first = key.sign({"1700000000000"});
  testing::AllocationScope scope;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(key.sign({"1700000000000"}), first);
  EXPECT_EQ(scope.allocations(), 0u);
}

TEST(Digest, Md5OfTheConcatenatedParts) {
  EXPECT_EQ(hex<Md5>(digest<Md5>({"The quick brown fox ", "jumps over the lazy dog"})),
            "9e107d9d372bb6826bd81d3542a419d6");
  EXPECT_EQ(hex<Md5>(digest<Md5>({})), "d41d8cd98f00b204e9800998ecf8427e");
}

}  // namespace
}  // namespace oex::codecs
