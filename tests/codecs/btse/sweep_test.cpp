// hffix-style sweeps: every fixture cut at every length decodes to a typed error or to events,
// and the decoder still decodes the whole fixture afterwards; every encoder written into every
// buffer length from 0 never writes past the buffer (canary) and never reports success short.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "btse_encoder_calls.hpp"
#include "btse_fixtures.hpp"

namespace oex::codecs::btse::testing {
namespace {

TEST(BtseSweep, EveryTruncationOfEveryFixtureIsATypedErrorOrEvents) {
  Decoders decoders;
  for (const auto& e : load_manifest()) {
    const std::string text = read_file(kDir + "fixtures/" + e.file);
    const std::string whole = render(decoders, e, text);
    for (std::size_t n = 0; n < text.size(); ++n) {
      const std::string cut = text.substr(0, n);  // its own allocation, so ASan sees an overread
      std::size_t events = 0;
      const CodecError result = decode_with(decoders, e, cut, [&](const auto&) { ++events; });
      EXPECT_NE(error_name(result), "unknown_error") << e.file << " cut at " << n;
      if (result != CodecError::ok && result != CodecError::venue_error) {
        EXPECT_EQ(events, 0u) << e.file << " cut at " << n << ": an error delivers nothing";
      }
    }
    EXPECT_EQ(render(decoders, e, text), whole) << e.file << ": the next message still decodes";
  }
}

TEST(BtseSweep, EveryEncoderIntoEveryBufferLength) {
  constexpr char kCanary = '\x5a';
  EncoderCalls calls;
  for (const NamedCall& c : calls.all()) {
    std::string reference(4096, '\0');
    const auto full = c.call({reference.data(), reference.size()});
    ASSERT_TRUE(full.ok()) << c.name << ": " << error_name(full.error());
    const std::size_t needed = *full;
    for (std::size_t n = 0; n <= needed + 1; ++n) {
      auto buffer = std::make_unique<char[]>(n + 1);
      buffer[n] = kCanary;
      const auto result = c.call({buffer.get(), n});
      EXPECT_EQ(buffer[n], kCanary) << c.name << " wrote past a buffer of " << n;
      if (n < needed) {
        EXPECT_EQ(result.error(), CodecError::buffer_too_small) << c.name << " at " << n;
      } else {
        ASSERT_TRUE(result.ok()) << c.name << " at " << n;
        EXPECT_EQ(*result, needed);
        EXPECT_EQ(std::string_view(buffer.get(), needed), std::string_view(reference.data(), needed)) << c.name;
      }
    }
  }
}

}  // namespace
}  // namespace oex::codecs::btse::testing
