// Golden replays of every venue (every documented message plus fault sequences) and the rules
// the output follows whatever the venue: deterministic, an error line per bad input with its
// capture line number, replay going on after it, and final states that survive duplicates,
// reordering and gaps.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"
#include "replay_test_support.hpp"

namespace oex::replay {
namespace {

const std::string kData = std::string(OEX_REPLAY_TEST_DIR) + "/data/";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using test_support::lines_with;
using test_support::replay;

class GoldenReplay : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenReplay, MatchesTheCheckedGolden) {
  const std::string venue = GetParam();
  const std::string capture = read(kData + venue + ".jsonl");
  const std::string golden = read(kData + venue + ".golden");
  ASSERT_FALSE(capture.empty());
  ASSERT_FALSE(golden.empty());
  EXPECT_EQ(replay(capture), golden);
}

TEST_P(GoldenReplay, IsDeterministic) {
  const std::string capture = read(kData + std::string(GetParam()) + ".jsonl");
  EXPECT_EQ(replay(capture), replay(capture));
}

TEST_P(GoldenReplay, EveryOrderEndsWithOneFinalLine) {
  const std::string out = replay(read(kData + std::string(GetParam()) + ".jsonl"));
  const auto finals = lines_with(out, "\"event\":\"final\"");
  EXPECT_FALSE(finals.empty());
  // Finals come last: nothing with a seq after the first of them.
  const std::size_t first_final = out.find("{\"event\":\"final\"");
  EXPECT_EQ(out.find("{\"seq\":", first_final), std::string::npos);
}

TEST_P(GoldenReplay, TheFaultOrderEndsFilledWithItsFullQuantity) {
  // Each capture ends with one order driven through a duplicate, a reordered report and a gap:
  // booked once each, its final state is filled at the full quantity.
  const std::string venue = GetParam();
  const std::string out = replay(read(kData + venue + ".jsonl"));
  const std::string id = venue == "digifinex" ? "dfx-fault-1"
                         : venue == "btse"    ? "btse-fault-1"
                         : venue == "gct"     ? "gct-fault-1"
                         : venue == "deflow"  ? "9001"
                                              : "cm-fault-1";
  const auto finals = lines_with(out, "\"event\":\"final\",\"venue\":\"" + venue + "\",\"order_id\":\"" + id + "\"");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_NE(finals[0].find("\"state\":\"filled\""), std::string::npos) << finals[0];
  const std::string qty = venue == "btse" ? "2" : venue == "gct" ? "3" : venue == "deflow" ? "2"
                          : venue == "cryptomus" ? "4" : "1";
  EXPECT_NE(finals[0].find("\"qty\":\"" + qty + "\",\"filled_qty\":\"" + qty + "\""), std::string::npos) << finals[0];
}

TEST_P(GoldenReplay, BadInputGivesErrorLinesAndReplayGoesOn) {
  const std::string out = replay(read(kData + std::string(GetParam()) + ".jsonl"));
  const auto errors = lines_with(out, "\"event\":\"error\"");
  ASSERT_GE(errors.size(), 2u);
  for (const auto& e : errors) EXPECT_NE(e.find("\"line\":"), std::string::npos) << e;
  // Corrupt frames sit before the capture's last lines; the errors come from both.
  EXPECT_NE(out.find("\"event\":\"final\""), std::string::npos);
}

TEST(GoldenReplay, OrderEntryTakesItsParametersFromTheRequestBodies) {
  // Deflow: 9101 is cancelled by a DELETE whose order id and symbol are only in its form body;
  // 9102's cancel, sent second, is refused by the second answer.
  const std::string deflow = replay(read(kData + "deflow.jsonl"));
  for (const auto& [id, state] : {std::pair{"9101", "cancelled"}, std::pair{"9102", "new"}}) {
    const auto finals = lines_with(deflow, std::string("\"event\":\"final\",\"venue\":\"deflow\",\"order_id\":\"") + id + "\"");
    ASSERT_EQ(finals.size(), 1u) << id;
    EXPECT_NE(finals[0].find(std::string("\"state\":\"") + state + "\""), std::string::npos) << finals[0];
  }
  // DigiFinex: the new order's symbol from the form; both ids of one cancel acknowledged.
  const std::string digifinex = replay(read(kData + "digifinex.jsonl"));
  EXPECT_NE(digifinex.find(R"("event":"new_ack","order_id":"00000000075bcd150000000000000007","client_order_id":null,"symbol":"btc_usdt")"),
            std::string::npos);
  EXPECT_NE(digifinex.find(R"("event":"cancel_reject","order_id":"00000000075bcd15000000000000000f")"), std::string::npos);
  EXPECT_NE(digifinex.find(R"({"event":"final","venue":"digifinex","order_id":"00000000075bcd15000000000000000a","client_order_id":null,"state":"cancelled","qty":"0.2","filled_qty":"0.013")"),
            std::string::npos);
  // Cryptomus: market and client id from the JSON body, the cancelled id from the path.
  const std::string cryptomus = replay(read(kData + "cryptomus.jsonl"));
  EXPECT_NE(cryptomus.find(R"("event":"new_ack","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":"1700000000000001","symbol":"BTC_USDT")"),
            std::string::npos);
  EXPECT_NE(cryptomus.find(R"("event":"new_reject","client_order_id":"1700000000000003","symbol":"ETH_USDT","code":"422")"),
            std::string::npos);
  EXPECT_NE(cryptomus.find(R"({"event":"final","venue":"cryptomus","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":"1700000000000001","state":"cancelled")"),
            std::string::npos);
  EXPECT_EQ(cryptomus.find("unknown_endpoint"), std::string::npos);
  EXPECT_EQ(digifinex.find("unknown_endpoint"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Venues, GoldenReplay, ::testing::Values("digifinex", "btse", "cryptomus", "gct", "deflow"));

TEST(Replay, ACancelledOrderKeepsItsFilledQuantityAndUnsentFieldsAreNull) {
  const std::string capture =
      R"({"ts":10,"venue":"btse","dir":"in","ch":"ws","text":"{\"topic\":\"notificationApiV3\",\"data\":{\"symbol\":\"BTC-USD\",\"orderID\":\"o-1\",\"side\":\"BUY\",\"orderType\":\"76\",\"price\":\"100\",\"avgFilledPrice\":100,\"status\":6,\"clOrderID\":\"c-1\",\"maker\":true,\"timestamp\":1,\"time_in_force\":\"GTC\",\"originalOrderBaseSize\":2,\"currentOrderBaseSize\":2,\"filledBaseSize\":0.5,\"totalFilledBaseSize\":0.5,\"remainingBaseSize\":1.5}}"})"
      "\n";
  const std::string out = replay(capture);
  const auto finals = lines_with(out, "\"event\":\"final\"");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0],
            R"({"event":"final","venue":"btse","order_id":"o-1","client_order_id":"c-1","state":"cancelled","qty":"2",)"
            R"("filled_qty":"0.5","avg_price":"100","fills":1})");
  const auto fills = lines_with(out, "\"event\":\"fill\"");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_NE(fills[0].find(R"("seq":2,"ts":10,"venue":"btse","event":"fill","order_id":"o-1")"), std::string::npos);
  EXPECT_NE(fills[0].find(R"("trade_id":null,"derived":true)"), std::string::npos);
  EXPECT_NE(fills[0].find(R"("fee":null)"), std::string::npos);
}

TEST(Replay, ErrorLinesNameTheCaptureLine) {
  const std::string capture =
      "\n"
      R"({"ts":5,"venue":"btse","dir":"in","ch":"ws","text":"{\"topic\":"})"
      "\nnot json\n"
      R"({"ts":7,"venue":"btse","dir":"in","ch":"ws","text":"pong"})"
      "\n";
  const std::string out = replay(capture);
  EXPECT_EQ(out,
            R"({"seq":1,"ts":5,"venue":"btse","event":"error","code":"malformed_json","detail":"ws","line":2})"
            "\n"
            R"({"seq":2,"ts":0,"venue":null,"event":"error","code":"bad_capture_json","detail":"capture line","line":3})"
            "\n"
            R"({"seq":3,"ts":7,"venue":"btse","event":"pong","venue_time_ms":null})"
            "\n");
}

TEST(Replay, AnAnswerTakesItsMethodFromTheRequestWithTheSameId) {
  const std::string capture =
      R"({"ts":1,"venue":"cryptomus","dir":"out","ch":"ws","text":"{\"id\":7,\"method\":\"deal_unsubscribe\",\"params\":[]}"})"
      "\n"
      R"({"ts":2,"venue":"cryptomus","dir":"in","ch":"ws","text":"{\"id\":7,\"data\":{\"status\":\"success\"},\"error\":null}"})"
      "\n";
  const std::string out = replay(capture);
  EXPECT_NE(out.find(R"("event":"subscribed","topic":"deal_unsubscribe","subscribed":false)"), std::string::npos)
      << out;
}

}  // namespace
}  // namespace oex::replay
