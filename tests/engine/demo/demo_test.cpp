// The README's main job, run as a user runs it: oex-demo against oex-sim. It must exit 0 with
// its tables, every venue matching the simulator, and the run's credentials must appear in none
// of its output, its capture file or anything else it leaves behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "oex/tools/sim_process.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct CommandRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Where `secret` appears in `text`, or npos. A secret of digits alone (a user id, GCT's six-digit
// trading password) also turns up by chance inside the capture's longer numbers, its timestamps
// and order ids (one run in twenty or so): an occurrence counts only as a number of its own.
std::size_t find_credential(const std::string& text, const std::string& secret) {
  const bool digits_only = secret.find_first_not_of("0123456789") == std::string::npos;
  const auto digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
    if (!digits_only || ((at == 0 || !digit_at(at - 1)) && !digit_at(at + secret.size()))) return at;
  }
  return std::string::npos;
}

// The text around `at`, for a failure message.
std::string around(const std::string& text, std::size_t at) {
  return at == std::string::npos ? std::string{} : text.substr(at < 120 ? 0 : at - 120, 240);
}

CommandRun run(const std::string& command) {
  CommandRun r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) r.output.append(buffer.data(), n);
  r.status = ::pclose(pipe);
  return r;
}

TEST(Demo, RunsPrintsItsTablesAndMatchesTheSimulatorWithoutShowingASecret) {
  char pattern[] = "/tmp/oex-demo-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  // The demo's simulator derives its credentials from the seed: the same seed here tells which
  // strings must never appear.
  std::vector<std::string> secrets;
  {
    auto sim = oex::tools::SimProcess::start({OEX_SIM_BINARY, {"--seed", "5", "--activity-ms", "0"}, "", false});
    ASSERT_TRUE(sim.ok()) << sim.status();
    secrets = (*sim)->secrets();
  }
  ASSERT_FALSE(secrets.empty());

  const CommandRun demo = run(std::string(OEX_DEMO_BINARY) + " --seed 5 --dir " + dir);
  EXPECT_EQ(demo.status, 0) << demo.output;
  for (const char* heading : {"== per venue", "== latency per stage", "every order and fill matches the simulator"}) {
    EXPECT_NE(demo.output.find(heading), std::string::npos) << heading << "\n" << demo.output;
  }
  for (const char* venue : {"btse", "digifinex", "cryptomus", "gct", "deflow"}) {
    EXPECT_NE(demo.output.find(std::string("  ") + venue), std::string::npos) << venue;
  }

  const std::string capture = read_file(dir + "/capture.jsonl");
  EXPECT_GT(capture.size(), 1000u) << "the demo captures its traffic";
  for (const std::string& secret : secrets) {
    const std::size_t in_output = find_credential(demo.output, secret);
    EXPECT_EQ(in_output, std::string::npos) << "a credential in the demo's output: " << around(demo.output, in_output);
    const std::size_t in_capture = find_credential(capture, secret);
    EXPECT_EQ(in_capture, std::string::npos) << "a credential in the capture: " << around(capture, in_capture);
  }
  (void)std::system(("rm -rf " + dir).c_str());
}

}  // namespace
