// Acceptance 3: the same seed and the same orders give the same fills and notifications, byte
// for byte (with --logical-clock, so venue timestamps do not follow the wall clock).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim_process.hpp"

namespace oex::sim::testing {
namespace {

struct Recording {
  std::string messages;
  std::string ground_truth;
};

Recording run_once(const std::string& seed, const std::string& name) {
  const std::string truth = ::testing::TempDir() + "/sim_truth_" + name + ".jsonl";
  std::remove(truth.c_str());
  Recording result;
  {
    SimProcess sim({"--seed", seed, "--logical-clock", "--activity-ms", "0", "--ground-truth", truth});
    EXPECT_TRUE(sim.ready());
    const CommandResult r = run("WEBSOCKET_CLIENT_CA_BUNDLE=" + shell_quote(sim.field("btse", "ca")) +
                                    " /usr/bin/python3 " OEX_SIM_TEST_DIR "/determinism_client.py " +
                                    shell_quote(sim.line("btse")) + " " + shell_quote(sim.line("digifinex")),
                                true);
    EXPECT_EQ(r.status, 0) << r.output;
    result.messages = r.output;
    EXPECT_EQ(sim.stop(), 0);
  }
  std::ifstream in(truth);
  std::stringstream text;
  text << in.rdbuf();
  result.ground_truth = text.str();
  return result;
}

TEST(SimDeterminism, SameSeedAndOrdersGiveIdenticalNotificationsAndFills) {
  const Recording first = run_once("7", "a");
  const Recording second = run_once("7", "b");
  // The run did trade: fills on both venues, order notifications, book deltas.
  EXPECT_NE(first.messages.find(R"("topic":"fills")"), std::string::npos) << first.messages;
  EXPECT_NE(first.messages.find(R"("topic":"notificationApiV3")"), std::string::npos);
  EXPECT_NE(first.messages.find(R"("type":"delta")"), std::string::npos);
  EXPECT_NE(first.messages.find(R"("method":"order.update")"), std::string::npos);
  EXPECT_NE(first.messages.find(R"("method":"balance.update")"), std::string::npos);
  EXPECT_NE(first.ground_truth.find(R"("event":"fill")"), std::string::npos) << first.ground_truth;
  EXPECT_EQ(first.messages, second.messages);
  EXPECT_EQ(first.ground_truth, second.ground_truth);

  const Recording other = run_once("8", "c");
  EXPECT_NE(first.messages, other.messages) << "the seed should change the synthetic book";
}

}  // namespace
}  // namespace oex::sim::testing
