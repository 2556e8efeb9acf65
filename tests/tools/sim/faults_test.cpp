// Fault injection through the control endpoint: duplicate, drop, corrupt, reorder, delay,
// reject, throttle, skip a book sequence number, disconnect; and --fault at start.
#include <gtest/gtest.h>

#include "venue_calls.hpp"

namespace oex::sim::testing {
namespace {

TEST(SimFaults, EachFaultActsOnWhatABtseClientSees) {
  SimProcess sim({"--activity-ms", "0"});
  ASSERT_TRUE(sim.ready());
  const CommandResult r = run("WEBSOCKET_CLIENT_CA_BUNDLE=" + shell_quote(sim.field("btse", "ca")) +
                                  " /usr/bin/python3 " OEX_SIM_TEST_DIR "/faults_client.py " + shell_quote(sim.line("btse")),
                              true);
  EXPECT_EQ(r.status, 0) << r.output;
  const std::string expected =
      "baseline 1\n"
      "duplicate 2 True\n"
      "drop 0\n"
      "corrupt 1 invalid\n"
      "reorder True\n"
      "delay 1\n"
      "reject 400 15\n"
      "throttle 429 303\n"
      "skip_seq 2 1\n"
      "bad_fault 400\n"
      "disconnect 200\n"
      "closed WebSocketConnectionClosedException\n";
  EXPECT_EQ(r.output, expected);
}

TEST(SimFaults, FaultFlagAppliesFromTheStart) {
  SimProcess sim({"--activity-ms", "0", "--fault", "gct:throttle=1"});
  ASSERT_TRUE(sim.ready());
  const HttpAnswer a = gct_post(sim, "/order/cancelEntrust", {{"id", "1"}});
  EXPECT_EQ(a.body, R"({"status":"failure","message":"excessive_access","data":null})");
  const CommandResult bad = run(std::string(OEX_SIM_BINARY) + " --fault gct:nonsense=1", true);
  EXPECT_EQ(bad.status, 2);
}

}  // namespace
}  // namespace oex::sim::testing
