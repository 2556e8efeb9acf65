// The oex-replay command line: exit 0 on a golden match, 1 with a readable diff on a difference,
// 2 on bad usage or an unreadable input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

const std::string kData = std::string(OEX_REPLAY_TEST_DIR) + "/data/";

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun run(const std::string& args) {
  CliRun r;
  const std::string command = std::string(OEX_REPLAY_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ReplayCli, AMatchingGoldenExitsZeroSilently) {
  const CliRun r = run("--expect " + kData + "btse.golden " + kData + "btse.jsonl");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(ReplayCli, ADifferenceExitsOneWithADiff) {
  const std::string golden = write_temp("wrong.golden", "{\"seq\":1,\"ts\":5,\"venue\":\"btse\",\"event\":\"pong\"}\n");
  const std::string capture =
      write_temp("one.jsonl", "{\"ts\":5,\"venue\":\"btse\",\"dir\":\"in\",\"ch\":\"ws\",\"text\":\"pong\"}\n");
  const CliRun r = run("--expect " + golden + " " + capture);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("- {\"seq\":1,\"ts\":5,\"venue\":\"btse\",\"event\":\"pong\"}"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+ {\"seq\":1,\"ts\":5,\"venue\":\"btse\",\"event\":\"pong\",\"venue_time_ms\":null}"),
            std::string::npos)
      << r.out;
}

TEST(ReplayCli, WritesTheReplayToStdout) {
  const std::string capture =
      write_temp("pong.jsonl", "{\"ts\":5,\"venue\":\"btse\",\"dir\":\"in\",\"ch\":\"ws\",\"text\":\"pong\"}\n");
  const CliRun r = run(capture);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "{\"seq\":1,\"ts\":5,\"venue\":\"btse\",\"event\":\"pong\",\"venue_time_ms\":null}\n");
}

TEST(ReplayCli, BadUsageAndUnreadableInputsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("--bogus x").status, 2);
  EXPECT_EQ(run("--expect").status, 2);
  EXPECT_EQ(run("--venue-port 80=kraken x").status, 2);
  EXPECT_EQ(run(::testing::TempDir() + "does-not-exist.jsonl").status, 2);
  EXPECT_EQ(run("--expect " + ::testing::TempDir() + "no-golden " + kData + "btse.jsonl").status, 2);
}

}  // namespace
