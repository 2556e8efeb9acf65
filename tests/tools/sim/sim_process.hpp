#pragma once
// Runs oex-sim as a child process on loopback for the acceptance tests: reads its start lines
// up to `ready`, exposes each venue's fields, and stops it with SIGTERM. Also runs the outside
// clients (curl, openssl, python3, node) through the shell and returns what they print.
#include <gtest/gtest.h>

#include <oex/codecs/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace oex::sim::testing {

struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs `command` with /bin/sh; stdout (and stderr when asked) is returned.
inline CommandResult run(const std::string& command, bool with_stderr = false) {
  CommandResult result;
  const std::string full = with_stderr ? "(" + command + ") 2>&1" : command;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

inline std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// One JSON object's top-level string fields (the start line, simple answers).
inline std::map<std::string, std::string> string_fields(const std::string& line) {
  std::map<std::string, std::string> fields;
  json::Document doc(512, 16);
  if (doc.parse(line) != codecs::CodecError::ok || !doc.root().is_object()) return fields;
  for (const auto member : doc.root()) fields[std::string(member.key)] = std::string(member.value.raw());
  return fields;
}

class SimProcess {
 public:
  explicit SimProcess(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // dies with the test, even when the test aborts
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      std::string binary = OEX_SIM_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copies = args;
      for (std::string& a : copies) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
    char line[4096];
    while (stdout_ != nullptr && std::fgets(line, sizeof line, stdout_) != nullptr) {
      const std::string text = trim(line);
      if (text == "ready") {
        ready_ = true;
        break;
      }
      auto fields = string_fields(text);
      lines_[fields["venue"]] = text;
      venues_[fields["venue"]] = fields;
    }
  }
  ~SimProcess() { stop(); }
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  [[nodiscard]] bool ready() const noexcept { return ready_; }
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  // A start-line field of `venue` ("rest", "ws", "ca", "api_key", "secret", ...).
  [[nodiscard]] std::string field(const std::string& venue, const std::string& name) const {
    auto v = venues_.find(venue);
    if (v == venues_.end()) return {};
    auto f = v->second.find(name);
    return f == v->second.end() ? std::string() : f->second;
  }

  // The venue's whole start line.
  [[nodiscard]] std::string line(const std::string& venue) const {
    auto v = lines_.find(venue);
    return v == lines_.end() ? std::string() : v->second;
  }

  // Stops the simulator and waits; returns its exit status.
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (stdout_ != nullptr) std::fclose(stdout_);
    stdout_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Resident set size in kB (VmRSS of /proc/<pid>/status).
  [[nodiscard]] long resident_kb() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  bool ready_ = false;
  std::map<std::string, std::map<std::string, std::string>> venues_;
  std::map<std::string, std::string> lines_;
};

inline std::string now_ms_text() {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

// Signatures computed by the openssl command line, as a user would.
inline std::string openssl_hmac_hex(const std::string& algorithm, const std::string& key, const std::string& text) {
  return trim(run("printf %s " + shell_quote(text) + " | openssl dgst -" + algorithm + " -hmac " + shell_quote(key) +
                  " | sed 's/^.*= //'")
                  .output);
}
inline std::string openssl_hmac_base64(const std::string& algorithm, const std::string& key, const std::string& text) {
  return trim(run("printf %s " + shell_quote(text) + " | openssl dgst -" + algorithm + " -hmac " + shell_quote(key) +
                  " -binary | openssl base64 -A")
                  .output);
}
inline std::string openssl_md5_hex(const std::string& text) {
  return trim(run("printf %s " + shell_quote(text) + " | openssl dgst -md5 | sed 's/^.*= //'").output);
}
inline std::string openssl_base64(const std::string& text) {
  return trim(run("printf %s " + shell_quote(text) + " | openssl base64 -A").output);
}

}  // namespace oex::sim::testing
