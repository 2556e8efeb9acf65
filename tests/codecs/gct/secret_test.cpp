// The secret key and the transaction password reach the wire only where the document demands
// them, and never an error text, a debug string, a redacted capture or a decoded event.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "gct_fixtures.hpp"
#include "oex/codecs/gct/rest_encoder.hpp"

namespace oex::codecs::gct {
namespace {

constexpr std::string_view kSecret = "sk-VERY-secret-42";
constexpr std::string_view kPayPassword = "pay-PWD-777";

TEST(GctSecret, DebugFormsAreRedacted) {
  const Secret secret{kSecret};
  EXPECT_EQ(::testing::PrintToString(secret), "<redacted>");
  EXPECT_EQ(Secret::debug_string(), "<redacted>");
  EXPECT_FALSE(secret.empty());
  EXPECT_TRUE(Secret(std::string(Secret::kMaxSize + 1, 'k')).empty());
}

TEST(GctSecret, RedactedCaptureOfEveryPostHidesSecretPasswordAndSignature) {
  HmacSha256 signer{kSecret};
  RestEncoder encoder("ak", signer, Secret{kSecret}, Secret{kPayPassword});
  std::array<char, 2048> buffer{};
  std::array<char, 2048> capture{};
  const std::array<std::string_view, 2> ids = {"c\"1", "c2"};
  SaveEntrust order{"BTCUSDT", Side::buy, OrderType::limit, *Decimal::parse("1"), *Decimal::parse("2"), std::nullopt,
                    "c\"1"};
  const std::array<EncodeResult, 3> requests = {
      encoder.cancel_entrust_by_client_order_id("c\"1", 1, std::span(buffer).subspan(0, 512)),
      encoder.batch_cancel_by_client_order_ids(ids, 1, std::span(buffer).subspan(512, 512)),
      encoder.save_entrust(order, 1, std::span(buffer).subspan(1024, 512)),
  };
  for (const EncodeResult& r : requests) {
    ASSERT_TRUE(r.ok());
    BufferWriter w(capture.data(), capture.size());
    write_redacted(w, r.value());
    const std::string_view text = w.view();
    EXPECT_EQ(text.find(kSecret), std::string_view::npos) << text;
    EXPECT_EQ(text.find(kPayPassword), std::string_view::npos) << text;
    EXPECT_NE(text.find("\"signature\":\"<redacted>\""), std::string_view::npos) << text;
    EXPECT_NE(text.find("\"accessKey\":\"ak\""), std::string_view::npos) << text;
    EXPECT_NE(text.find(R"(c\"1)"), std::string_view::npos) << text;  // other values stay
  }
  EXPECT_NE(requests[0]->body.find(kSecret), std::string_view::npos);  // the wire form keeps it
  EXPECT_NE(requests[2]->body.find(kPayPassword), std::string_view::npos);
}

TEST(GctSecret, NoErrorFromAnyBufferSizeNamesTheSecret) {
  HmacSha256 signer{kSecret};
  RestEncoder encoder("ak", signer, Secret{kSecret}, Secret{kPayPassword});
  std::array<char, 512> buffer{};
  for (std::size_t n = 0; n < buffer.size(); ++n) {
    const auto r = encoder.cancel_entrust_by_client_order_id("c1", 1, std::span(buffer).first(n));
    if (!r.ok()) {
      EXPECT_EQ(error_name(r.error()), "buffer_too_small");
      // Nothing of the secret may stay in the part of the buffer a failed encode touched.
      EXPECT_EQ(std::string_view(buffer.data(), n).find(kSecret), std::string_view::npos);
    }
  }
}

TEST(GctSecret, AVenueErrorEchoingTheSecretIsReportedAsSent) {
  // The decoder has no access to credentials; it reports only what the venue sent.
  RestDecoder decoder(256, 4);
  std::string rendered;
  const CodecError e = decoder.decode(Endpoint::cancel_entrust_by_client_order_id, 200,
                                      R"({"status":"failure","message":"entrust_failure_0038"})",
                                      testing::RenderSink(rendered));
  EXPECT_EQ(e, CodecError::venue_error);
  EXPECT_EQ(rendered.find(kSecret), std::string::npos);
  EXPECT_NE(rendered.find("Order client request ID does not exist"), std::string::npos);
}

}  // namespace
}  // namespace oex::codecs::gct
