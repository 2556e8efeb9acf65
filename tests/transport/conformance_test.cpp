// After the Autobahn test suite's client categories: 1 framing, 2 pings/pongs, 3 reserved bits,
// 4 opcodes, 5 fragmentation, 6 UTF-8, 7 closing, 9 limits. Our crafted peer sends the frames;
// the client under test echoes every message, as Autobahn's test clients do, and the peer
// records what came back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crafted_peer.hpp"
#include "oex/transport/ws_client.hpp"
#include "peer_support.hpp"

namespace oex::transport {
namespace {
using testing::ClientFrame;
using testing::close_payload;
using testing::CraftedPeer;
using testing::PeerScript;
using testing::server_frame;
using testing::TestLoop;

struct CaseResult {
  std::vector<ClientFrame> frames;  // what the client sent back
  DisconnectReason reason = DisconnectReason::none;
  TransportError error = TransportError::ok;
  bool finished = false;
};

CaseResult run_case(std::vector<std::string> sends, bool chop = false, std::size_t max_message = 1 << 20) {
  PeerScript script;
  script.sends = std::move(sends);
  script.chop = chop;
  CraftedPeer peer(script);
  TestLoop loop;
  WsConfig config;
  config.endpoint = {"localhost", "127.0.0.1", peer.port()};
  config.max_message = max_message;
  config.reconnect.enabled = false;
  config.close_timeout = std::chrono::milliseconds(3000);
  CaseResult result;
  WsClient* self = nullptr;
  auto on_message = [&](WsOpcode op, std::span<const std::uint8_t> payload) {
    const TransportError e = op == WsOpcode::text
                                 ? self->send_text({reinterpret_cast<const char*>(payload.data()), payload.size()})
                                 : self->send_binary(payload);
    EXPECT_EQ(e, TransportError::ok);
  };
  auto on_disconnect = [&](DisconnectReason r, TransportError e, std::uint16_t) {
    result.reason = r;
    result.error = e;
    result.finished = true;
  };
  WsHandlers handlers;
  handlers.on_message = on_message;
  handlers.on_disconnect = on_disconnect;
  WsClient client(loop.io(), config, nullptr, handlers);
  self = &client;
  client.start();
  EXPECT_TRUE(loop.run_until([&] { return result.finished && peer.first_connection_done(); }));
  result.frames = peer.frames();
  for (const ClientFrame& f : result.frames) EXPECT_TRUE(f.masked) << "client frames must be masked";
  return result;
}

std::uint16_t close_code(const ClientFrame& f) {
  return f.payload.size() >= 2 ? static_cast<std::uint16_t>(static_cast<std::uint8_t>(f.payload[0]) << 8 |
                                                             static_cast<std::uint8_t>(f.payload[1]))
                               : 0;
}

// The client failed the connection with `code` after echoing `echoed` messages.
void expect_failed(const CaseResult& r, std::uint16_t code, std::size_t echoed = 0) {
  ASSERT_EQ(r.frames.size(), echoed + 1);
  EXPECT_EQ(r.frames.back().opcode, 0x8);
  EXPECT_EQ(close_code(r.frames.back()), code);
  EXPECT_EQ(r.reason, DisconnectReason::protocol_error);
}

// The peer's normal close after the frames; the client echoed `messages` and answered the close.
void expect_echo_then_close(const CaseResult& r, const std::vector<std::pair<std::uint8_t, std::string>>& messages) {
  ASSERT_EQ(r.frames.size(), messages.size() + 1) << reason_name(r.reason) << " " << error_name(r.error);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(r.frames[i].opcode, messages[i].first) << i;
    EXPECT_TRUE(r.frames[i].fin);
    EXPECT_EQ(r.frames[i].payload, messages[i].second) << i;
  }
  EXPECT_EQ(r.frames.back().opcode, 0x8);
  EXPECT_EQ(close_code(r.frames.back()), 1000);
  EXPECT_EQ(r.reason, DisconnectReason::ws_close_received);
}

const std::string kClose = server_frame(0x88, close_payload(1000));

// 1.x framing: text and binary of the boundary sizes, whole and chopped into single bytes.
TEST(Autobahn1Framing, TextAndBinaryOfBoundarySizes) {
  for (const std::size_t size : {0u, 125u, 126u, 127u, 128u, 65535u, 65536u}) {
    const std::string text = testing::pattern(size);
    const std::string binary = testing::pattern(size, 7, false);
    SCOPED_TRACE(size);
    expect_echo_then_close(run_case({server_frame(0x81, text), server_frame(0x82, binary), kClose}),
                           {{0x1, text}, {0x2, binary}});
  }
}

TEST(Autobahn1Framing, ChoppedIntoSingleBytes) {
  const std::string text = testing::pattern(300);
  expect_echo_then_close(run_case({server_frame(0x81, text), server_frame(0x82, "bin"), kClose}, true),
                         {{0x1, text}, {0x2, "bin"}});
}

// 2.x pings and pongs.
TEST(Autobahn2Pings, PingIsAnsweredWithTheSamePayload) {
  const std::string payload = testing::pattern(125, 3, false);
  const CaseResult r = run_case({server_frame(0x89, ""), server_frame(0x89, "Hello"), server_frame(0x89, payload), kClose});
  ASSERT_EQ(r.frames.size(), 4u);
  EXPECT_EQ(r.frames[0].opcode, 0xA);
  EXPECT_EQ(r.frames[0].payload, "");
  EXPECT_EQ(r.frames[1].payload, "Hello");
  EXPECT_EQ(r.frames[2].payload, payload);
  EXPECT_EQ(close_code(r.frames[3]), 1000);
}

TEST(Autobahn2Pings, PingAbove125BytesFails) { expect_failed(run_case({server_frame(0x89, std::string(126, 'p'))}), 1002); }

TEST(Autobahn2Pings, UnsolicitedPongIsIgnored) {
  expect_echo_then_close(run_case({server_frame(0x8A, "unsolicited"), server_frame(0x81, "after"), kClose}), {{0x1, "after"}});
}

TEST(Autobahn2Pings, TenPingsGetTenPongs) {
  std::vector<std::string> sends;
  for (int i = 0; i < 10; ++i) sends.push_back(server_frame(0x89, "p" + std::to_string(i)));
  sends.push_back(kClose);
  const CaseResult r = run_case(sends, true);
  ASSERT_EQ(r.frames.size(), 11u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(r.frames[static_cast<std::size_t>(i)].payload, "p" + std::to_string(i));
}

// 3.x reserved bits: no extension was negotiated, so any RSV bit fails the connection.
TEST(Autobahn3ReservedBits, EachBitFails) {
  expect_failed(run_case({server_frame(0xC1, "rsv1")}), 1002);
  expect_failed(run_case({server_frame(0x81, "ok"), server_frame(0xA1, "rsv2")}), 1002, 1);
  expect_failed(run_case({server_frame(0x92, "rsv3")}), 1002);
  expect_failed(run_case({server_frame(0xF9, "ping with all")}), 1002);
}

// 4.x opcodes: the reserved non-control and control opcodes fail the connection.
TEST(Autobahn4Opcodes, ReservedOpcodesFail) {
  for (const std::uint8_t op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    expect_failed(run_case({server_frame(0x81, "before"), server_frame(static_cast<std::uint8_t>(0x80 | op), "x")}), 1002, 1);
  }
}

// 5.x fragmentation.
TEST(Autobahn5Fragmentation, FragmentedControlFrameFails) {
  expect_failed(run_case({server_frame(0x09, "frag"), server_frame(0x80, "ment")}), 1002);
}

TEST(Autobahn5Fragmentation, FragmentedMessagesWithControlFramesBetween) {
  expect_echo_then_close(
      run_case({server_frame(0x01, "frag"), server_frame(0x89, "in between"), server_frame(0x00, "men"),
                server_frame(0x80, "ted"), server_frame(0x02, "bi"), server_frame(0x80, "nary"), kClose}),
      {{0xA, "in between"}, {0x1, "fragmented"}, {0x2, "binary"}});
}

TEST(Autobahn5Fragmentation, OneByteFragmentsChopped) {
  const std::string text = "fragmented into single bytes";
  std::vector<std::string> sends;
  for (std::size_t i = 0; i < text.size(); ++i)
    sends.push_back(server_frame(static_cast<std::uint8_t>((i + 1 == text.size() ? 0x80 : 0x00) | (i == 0 ? 0x1 : 0x0)),
                                 text.substr(i, 1)));
  sends.push_back(kClose);
  expect_echo_then_close(run_case(sends, true), {{0x1, text}});
}

TEST(Autobahn5Fragmentation, ContinuationWithoutStartFails) {
  expect_failed(run_case({server_frame(0x80, "orphan")}), 1002);
  expect_failed(run_case({server_frame(0x00, "orphan"), server_frame(0x80, "end")}), 1002);
}

TEST(Autobahn5Fragmentation, NewMessageInsideAFragmentedOneFails) {
  expect_failed(run_case({server_frame(0x01, "start"), server_frame(0x81, "interleaved")}), 1002);
}

TEST(Autobahn5Fragmentation, EmptyFragments) {
  expect_echo_then_close(run_case({server_frame(0x01, ""), server_frame(0x00, ""), server_frame(0x80, ""), kClose}),
                         {{0x1, ""}});
}

// 6.x UTF-8 handling.
TEST(Autobahn6Utf8, ValidTextWholeAndSplitAtEveryByte) {
  const std::string text = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf0\x9f\x98\x80 Hello-\xc2\xb5@\xc3\x9f";
  expect_echo_then_close(run_case({server_frame(0x81, text), kClose}), {{0x1, text}});
  std::vector<std::string> sends;
  for (std::size_t i = 0; i < text.size(); ++i)
    sends.push_back(server_frame(static_cast<std::uint8_t>((i + 1 == text.size() ? 0x80 : 0x00) | (i == 0 ? 0x1 : 0x0)),
                                 text.substr(i, 1)));
  sends.push_back(kClose);
  expect_echo_then_close(run_case(sends), {{0x1, text}});
}

TEST(Autobahn6Utf8, InvalidTextFailsWith1007) {
  for (const std::string bad : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "ab\xce",
                                "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80" "edited"}) {
    expect_failed(run_case({server_frame(0x81, bad)}), 1007);
  }
}

TEST(Autobahn6Utf8, InvalidFirstFragmentFailsBeforeTheRestArrives) {
  // The final fragment is never sent: the client must fail on the first one.
  expect_failed(run_case({server_frame(0x01, "\xce\xba\xf4\x90\x80\x80")}), 1007);
}

TEST(Autobahn6Utf8, SequenceSplitAcrossFragmentsIsValid) {
  expect_echo_then_close(run_case({server_frame(0x01, "\xf0\x9f"), server_frame(0x80, "\x98\x80"), kClose}),
                         {{0x1, "\xf0\x9f\x98\x80"}});
}

// 7.x closing handshake.
TEST(Autobahn7Close, CloseIsEchoedAndLaterFramesIgnored) {
  const CaseResult r = run_case({kClose, server_frame(0x81, "after close")});
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(close_code(r.frames[0]), 1000);
  EXPECT_EQ(r.reason, DisconnectReason::ws_close_received);
}

TEST(Autobahn7Close, EmptyCloseIsAnsweredWithEmptyClose) {
  const CaseResult r = run_case({server_frame(0x88, "")});
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0].opcode, 0x8);
  EXPECT_EQ(r.frames[0].payload, "");
}

TEST(Autobahn7Close, ValidCodesAreEchoed) {
  for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    const CaseResult r = run_case({server_frame(0x88, close_payload(code, "reason"))});
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(close_code(r.frames[0]), code);
  }
}

TEST(Autobahn7Close, InvalidCodesFail) {
  for (const std::uint16_t code : {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 5000, 65535})
    expect_failed(run_case({server_frame(0x88, close_payload(code))}), 1002);
}

TEST(Autobahn7Close, OneBytePayloadOrBadReasonFails) {
  expect_failed(run_case({server_frame(0x88, "\x03")}), 1002);
  expect_failed(run_case({server_frame(0x88, close_payload(1000, "\xce\xba\xed\xa0\x80"))}), 1007);
  expect_failed(run_case({server_frame(0x88, close_payload(1000, std::string(124, 'r')))}), 1002);
}

TEST(Autobahn7Close, ClientInitiatedCloseCompletes) {
  PeerScript script;
  CraftedPeer peer(script);
  TestLoop loop;
  WsConfig config;
  config.endpoint = {"localhost", "127.0.0.1", peer.port()};
  config.reconnect.enabled = false;
  bool done = false;
  DisconnectReason reason = DisconnectReason::none;
  std::uint16_t peer_code = 0;
  auto on_disconnect = [&](DisconnectReason r, TransportError, std::uint16_t code) {
    reason = r, peer_code = code, done = true;
  };
  WsClient* self = nullptr;
  auto on_open = [&] { EXPECT_EQ(self->close(4001, "bye"), TransportError::ok); };
  WsHandlers handlers;
  handlers.on_open = on_open;
  handlers.on_disconnect = on_disconnect;
  WsClient client(loop.io(), config, nullptr, handlers);
  self = &client;
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return done && peer.first_connection_done(); }));
  const auto frames = peer.frames();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(close_code(frames[0]), 4001);
  EXPECT_EQ(frames[0].payload.substr(2), "bye");
  EXPECT_EQ(reason, DisconnectReason::local_close);
  EXPECT_EQ(peer_code, 4001);
}

// 9.x limits, and rules a server must keep.
TEST(Autobahn9Limits, MessageBeyondTheMaximumFailsWith1009) {
  expect_failed(run_case({server_frame(0x82, std::string(4097, 'x'))}, false, 4096), 1009);
  expect_failed(run_case({server_frame(0x02, std::string(3000, 'x')), server_frame(0x80, std::string(3000, 'y'))}, false, 4096),
                1009);
  expect_echo_then_close(run_case({server_frame(0x82, std::string(4096, 'x')), kClose}, false, 4096),
                         {{0x2, std::string(4096, 'x')}});
}

TEST(Autobahn9Limits, LargeMessagesChoppedAndWhole) {
  const std::string big = testing::pattern(1 << 20, 9, false);
  expect_echo_then_close(run_case({server_frame(0x82, big), kClose}, false, 1 << 20), {{0x2, big}});
}

TEST(ServerRules, MaskedServerFrameFails) {
  std::string masked = server_frame(0x81, "abcd");
  masked[1] = static_cast<char>(masked[1] | 0x80);
  masked.insert(2, std::string("\x01\x02\x03\x04", 4));
  expect_failed(run_case({masked}), 1002);
}

}  // namespace
}  // namespace oex::transport
