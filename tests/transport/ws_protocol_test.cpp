#include "oex/transport/ws_protocol.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace oex::transport {
namespace {

using Bytes = std::vector<std::uint8_t>;

// An unmasked server frame.
Bytes frame(std::uint8_t b0, const std::string& payload) {
  Bytes f{b0};
  const std::size_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<std::uint8_t>(n));
  } else if (n <= 0xFFFF) {
    f.push_back(126), f.push_back(static_cast<std::uint8_t>(n >> 8)), f.push_back(static_cast<std::uint8_t>(n));
  } else {
    f.push_back(127);
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> (8 * i)));
  }
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

struct Outcome {
  std::vector<std::pair<WsEvent::Kind, std::string>> events;
  TransportError error = TransportError::ok;
};

// Feeds `bytes` in pieces of `chunk` bytes, as a stream buffer would: unconsumed bytes stay.
Outcome run(WsReceiver& r, const Bytes& bytes, std::size_t chunk) {
  Outcome out;
  Bytes buffer;
  std::size_t fed = 0;
  while (fed < bytes.size() || !buffer.empty()) {
    const std::size_t n = std::min(chunk, bytes.size() - fed);
    buffer.insert(buffer.end(), bytes.begin() + static_cast<long>(fed), bytes.begin() + static_cast<long>(fed + n));
    fed += n;
    for (;;) {
      const auto s = r.step(buffer.data(), buffer.size());
      if (s.event.kind != WsEvent::Kind::none)
        out.events.emplace_back(s.event.kind, std::string(s.event.payload.begin(), s.event.payload.end()));
      buffer.erase(buffer.begin(), buffer.begin() + static_cast<long>(s.consumed));
      if (s.error != TransportError::ok) {
        out.error = s.error;
        return out;
      }
      if (s.consumed == 0 && s.event.kind == WsEvent::Kind::none) break;
    }
    if (n == 0) break;
  }
  return out;
}

TEST(WsReceiver, WholeAndChoppedMessagesOfEverySizeClass) {
  for (const std::size_t size : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 100000u}) {
    const std::string payload(size, 'x');
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
      if (chunk == 1 && size > 70000) continue;
      WsReceiver r(1 << 20);
      const Outcome o = run(r, frame(0x82, payload), chunk);
      ASSERT_EQ(o.error, TransportError::ok);
      ASSERT_EQ(o.events.size(), 1u) << size << "/" << chunk;
      EXPECT_EQ(o.events[0].second, payload);
    }
  }
}

TEST(WsReceiver, ReassemblesFragmentsWithControlFramesBetween) {
  Bytes bytes = frame(0x01, "Hel");
  for (auto& part : {frame(0x89, "ping!"), frame(0x00, "lo, "), frame(0x8A, ""), frame(0x80, "world")})
    bytes.insert(bytes.end(), part.begin(), part.end());
  WsReceiver r(1024);
  const Outcome o = run(r, bytes, 3);
  ASSERT_EQ(o.error, TransportError::ok);
  ASSERT_EQ(o.events.size(), 3u);
  EXPECT_EQ(o.events[0], std::make_pair(WsEvent::Kind::ping, std::string("ping!")));
  EXPECT_EQ(o.events[1], std::make_pair(WsEvent::Kind::pong, std::string()));
  EXPECT_EQ(o.events[2], std::make_pair(WsEvent::Kind::message, std::string("Hello, world")));
}

TEST(WsReceiver, ProtocolViolationsGiveTheirErrorAndCloseCode) {
  struct Case {
    Bytes bytes;
    TransportError error;
    std::uint16_t code;
  };
  Bytes masked = frame(0x81, "abcd");
  masked[1] |= 0x80;
  masked.insert(masked.begin() + 2, {1, 2, 3, 4});
  Bytes fragmented_then_text = frame(0x01, "a");
  const Bytes text = frame(0x81, "b");
  fragmented_then_text.insert(fragmented_then_text.end(), text.begin(), text.end());
  Bytes huge_length = {0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1};
  const std::vector<Case> cases = {
      {frame(0xC1, "rsv1"), TransportError::ws_reserved_bits, 1002},
      {frame(0xA2, "rsv2"), TransportError::ws_reserved_bits, 1002},
      {frame(0x99, "rsv3"), TransportError::ws_reserved_bits, 1002},
      {frame(0x83, ""), TransportError::ws_unknown_opcode, 1002},
      {frame(0x8B, ""), TransportError::ws_unknown_opcode, 1002},
      {masked, TransportError::ws_masked_server_frame, 1002},
      {frame(0x89, std::string(126, 'p')), TransportError::ws_control_too_long, 1002},
      {frame(0x09, "x"), TransportError::ws_control_fragmented, 1002},
      {frame(0x80, "x"), TransportError::ws_unexpected_continuation, 1002},
      {fragmented_then_text, TransportError::ws_expected_continuation, 1002},
      {huge_length, TransportError::ws_invalid_length, 1002},
      {frame(0x82, std::string(1025, 'x')), TransportError::ws_message_too_big, 1009},
      {frame(0x81, "\xce\xba\xff"), TransportError::ws_invalid_utf8, 1007},
      {frame(0x88, "\x03"), TransportError::ws_invalid_close_payload, 1002},
      {frame(0x88, std::string("\x03\xe7", 2)), TransportError::ws_invalid_close_code, 1002},  // 999
      {frame(0x88, std::string("\x03\xed", 2)), TransportError::ws_invalid_close_code, 1002},  // 1005
      {frame(0x88, std::string("\x03\xe8\xff", 3)), TransportError::ws_invalid_utf8, 1007},
  };
  for (const Case& c : cases) {
    WsReceiver r(1024);
    const Outcome o = run(r, c.bytes, 1 << 20);
    EXPECT_EQ(o.error, c.error) << error_name(c.error);
    EXPECT_EQ(close_code_for(o.error), c.code);
  }
}

TEST(WsReceiver, FragmentedMessageBeyondTheLimitIsRefusedAtTheFragment) {
  Bytes bytes = frame(0x02, std::string(600, 'a'));
  const Bytes more = frame(0x80, std::string(600, 'b'));
  bytes.insert(bytes.end(), more.begin(), more.end());
  WsReceiver r(1000);
  EXPECT_EQ(run(r, bytes, 1 << 20).error, TransportError::ws_message_too_big);
}

TEST(WsReceiver, InvalidUtf8FailsBeforeTheLastFragment) {
  WsReceiver r(1024);
  const Outcome o = run(r, frame(0x01, "\xce\xba\xf4\x90"), 1 << 20);
  EXPECT_EQ(o.error, TransportError::ws_invalid_utf8);
}

TEST(WsReceiver, CloseFrameCarriesCodeAndReason) {
  WsReceiver r(1024);
  const auto f = frame(0x88, std::string("\x0f\xa0gone", 6));  // 4000
  const auto s = r.step(f.data(), f.size());
  ASSERT_EQ(s.error, TransportError::ok);
  EXPECT_EQ(s.event.kind, WsEvent::Kind::close);
  EXPECT_EQ(s.event.close_code, 4000);
  EXPECT_EQ(s.event.close_reason, "gone");
  const auto empty = frame(0x88, "");
  WsReceiver r2(16);
  EXPECT_EQ(r2.step(empty.data(), empty.size()).event.close_code, ws_close::no_status);
}

TEST(WsReceiver, NextMessageWorksAfterReset) {
  WsReceiver r(1024);
  EXPECT_EQ(run(r, frame(0xC1, "x"), 64).error, TransportError::ws_reserved_bits);
  r.reset();
  const Outcome o = run(r, frame(0x81, "ok"), 64);
  ASSERT_EQ(o.events.size(), 1u);
  EXPECT_EQ(o.events[0].second, "ok");
}

TEST(WsEncoder, MasksPayloadAndRoundTrips) {
  for (const std::size_t size : {0u, 5u, 125u, 126u, 65535u, 65536u}) {
    const std::string payload(size, 'q');
    std::vector<std::uint8_t> out(size + kWsMaxClientHeader);
    const std::uint32_t key = 0xA1B2C3D4;
    const std::size_t n = encode_client_frame(out, WsOpcode::text, true,
                                              {reinterpret_cast<const std::uint8_t*>(payload.data()), size}, key);
    ASSERT_GT(n, 0u);
    EXPECT_EQ(out[0], 0x81);
    EXPECT_NE(out[1] & 0x80, 0);
    const std::size_t header = n - size;
    std::string unmasked(out.begin() + static_cast<long>(header), out.begin() + static_cast<long>(n));
    ws_mask(reinterpret_cast<std::uint8_t*>(unmasked.data()), size, key);
    EXPECT_EQ(unmasked, payload);
    EXPECT_EQ(encode_client_frame({out.data(), n - 1}, WsOpcode::text, true,
                                  {reinterpret_cast<const std::uint8_t*>(payload.data()), size}, key),
              0u);
  }
}

}  // namespace
}  // namespace oex::transport
