// The README's pcap recipe, run as written: oex-sim in plain mode, the demo's traffic captured
// with tcpdump on loopback, the pcap replayed with oex-replay; the replay must end with the
// same final states and filled quantities as the engine had live.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct FinalState {
  std::string state;
  std::string filled_qty;
};

// (venue, order id) -> final state, from `final` lines; orders the venue never numbered are left out.
std::map<std::string, FinalState> read_finals(const std::string& text) {
  std::map<std::string, FinalState> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("event") || std::string(doc["event"].GetString()) != "final") continue;
    if (!doc["order_id"].IsString()) continue;
    out[std::string(doc["venue"].GetString()) + " " + doc["order_id"].GetString()] =
        FinalState{doc["state"].GetString(), doc["filled_qty"].GetString()};
  }
  return out;
}

std::string run(const std::string& command, int& status) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) output.append(buffer.data(), n);
  status = ::pclose(pipe);
  return output;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PcapRecipe, ReplayingTheDemosPacketsEndsWithTheEnginesFinalStates) {
  char pattern[] = "/tmp/oex-pcap-recipe-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const std::string pcap = dir + "/demo.pcap";

  // 1. tcpdump on loopback, writing every packet as it comes (-U).
  const std::string tcpdump_log = dir + "/tcpdump.log";
  const pid_t tcpdump = ::fork();
  ASSERT_GE(tcpdump, 0);
  if (tcpdump == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    std::freopen(tcpdump_log.c_str(), "w", stderr);
    ::execlp("tcpdump", "tcpdump", "-i", "lo", "-U", "-s", "0", "-w", pcap.c_str(), "tcp", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool listening = false;
  for (int i = 0; i < 100 && !listening; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // waiting for a child process, not timing a result
    listening = read_file(tcpdump_log).find("listening on") != std::string::npos;
  }
  ASSERT_TRUE(listening) << "tcpdump did not start (it needs root or CAP_NET_RAW): " << read_file(tcpdump_log);

  // 2. The demo against oex-sim --plain, keeping the engine's final states.
  int status = -1;
  const std::string demo = run(std::string(OEX_DEMO_BINARY) + " --plain --seed 3 --dir " + dir + " --final " + dir + "/live.jsonl", status);
  ::kill(tcpdump, SIGINT);
  int tcpdump_status = 0;
  ::waitpid(tcpdump, &tcpdump_status, 0);
  ASSERT_EQ(status, 0) << demo;

  // 3. The packets replayed.
  const std::string replay = run(std::string(OEX_REPLAY_BINARY) + " " + pcap, status);
  ASSERT_EQ(status, 0) << replay.substr(0, 4000);

  const auto live = read_finals(read_file(dir + "/live.jsonl"));
  const auto replayed = read_finals(replay);
  ASSERT_GT(live.size(), 10u);
  for (const auto& [order, state] : live) {
    const auto it = replayed.find(order);
    if (it == replayed.end()) {
      ADD_FAILURE() << order << ": live " << state.state << ", not in the replay";
      continue;
    }
    EXPECT_EQ(it->second.state, state.state) << order;
    EXPECT_EQ(it->second.filled_qty, state.filled_qty) << order;
  }
  (void)std::system(("rm -rf " + dir).c_str());
}

}  // namespace
