#pragma once
// Shared set-up of the BTSE encoder tests: the document's credentials and nonce, a buffer, and
// the check of a request's exact bytes and headers.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "oex/codecs/btse/rest_encoder.hpp"

namespace oex::codecs::btse::testing {

inline constexpr std::string_view kSecret = "848db84ac252b6726e5f6e7a711d9c96d9fd77d020151b45839a5b59c37203bx";
inline constexpr std::string_view kApiKey = "4e9536c79f0fdd72bf04f2430982d3f61d9d76c996f0175bbba470d69d59816x";
inline constexpr std::int64_t kNonce = 1624985375123;

inline Decimal dec(std::string_view text) { return *Decimal::parse(text); }

struct Fixture {
  HmacSha384 key{kSecret};
  RestEncoder encoder{kApiKey, key};
  std::array<char, 4096> buffer{};
  RestRequest req{};
};

inline void expect_request(const RestRequest& req, std::string_view method, std::string_view target,
                           std::string_view content_type, std::string_view body, bool signed_request,
                           std::string_view signature) {
  EXPECT_EQ(req.method, method);
  EXPECT_EQ(req.target, target);
  EXPECT_EQ(req.content_type, content_type);
  EXPECT_EQ(req.body, body);
  if (!signed_request) {
    EXPECT_EQ(req.headers().size(), 0u);
    return;
  }
  ASSERT_EQ(req.headers().size(), 3u);
  EXPECT_EQ(req.headers()[0].name, "request-api");
  EXPECT_EQ(req.headers()[0].value, kApiKey);
  EXPECT_EQ(req.headers()[1].name, "request-nonce");
  EXPECT_EQ(req.headers()[1].value, "1624985375123");
  EXPECT_EQ(req.headers()[2].name, "request-sign");
  EXPECT_EQ(req.headers()[2].value, signature);
}

}  // namespace oex::codecs::btse::testing
