#include "oex/tools/sim_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "absl/status/status.h"

namespace oex::tools {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string variable(Venue venue, std::string_view what) {
  return "OEX_SIM_" + upper(to_string(venue)) + "_" + std::string(what);
}

// Appends `text` as a JSON string (the values here are URLs, paths and symbols).
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Reads one line from the child's stdout, without the newline; false at end of file.
bool read_line(int fd, std::string& line) {
  line.clear();
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n == 0) return !line.empty();
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (c == '\n') return true;
    line += c;
  }
}

}  // namespace

std::vector<std::string> sim_symbols(Venue venue) {
  switch (venue) {
    case Venue::btse: return {"BTC-USDT", "ETH-USDT"};
    case Venue::digifinex: return {"BTC_USDT", "ETH_USDT"};
    case Venue::cryptomus: return {"BTC_USDT", "ETH_USDT"};
    case Venue::gct: return {"BTCUSDT", "ETHUSDT"};
    case Venue::deflow: return {"btcusdt", "ethusdt"};
  }
  return {};
}

absl::StatusOr<std::unique_ptr<SimProcess>> SimProcess::start(const SimOptions& options) {
  std::vector<std::string> args{options.binary};
  if (options.plain) args.emplace_back("--plain");
  if (!options.ground_truth.empty()) {
    args.emplace_back("--ground-truth");
    args.push_back(options.ground_truth);
  }
  args.insert(args.end(), options.arguments.begin(), options.arguments.end());

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return absl::InternalError(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) return absl::InternalError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // The simulator dies with its parent: a test that aborts must not leave it holding ctest's pipes.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(out[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out[1]);
  auto sim = std::unique_ptr<SimProcess>(new SimProcess());
  sim->pid_ = pid;
  std::string line;
  bool ready = false;
  while (read_line(out[0], line)) {
    if (line == "ready") {
      ready = true;
      break;
    }
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("venue") || !doc["venue"].IsString()) continue;
    const auto venue = venue_from_string(std::string_view(doc["venue"].GetString(), doc["venue"].GetStringLength()));
    if (!venue) continue;
    SimVenue v;
    v.venue = *venue;
    const rapidjson::Value& fields = doc;  // const: clang rejects the mutable iterator's comparison in C++20
    for (const auto& member : fields.GetObject()) {
      if (member.value.IsString()) {
        v.fields[member.name.GetString()] = std::string(member.value.GetString(), member.value.GetStringLength());
      }
    }
    sim->control_url_ = v.field("control");
    sim->venues_.push_back(std::move(v));
  }
  ::close(out[0]);
  if (!ready || sim->venues_.empty()) {
    return absl::UnavailableError("oex-sim (" + options.binary + ") did not start: no `ready` line");
  }
  return sim;
}

SimProcess::~SimProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

const SimVenue* SimProcess::venue(Venue v) const noexcept {
  for (const SimVenue& s : venues_) {
    if (s.venue == v) return &s;
  }
  return nullptr;
}

absl::Status SimProcess::control(const std::string& path_and_query) const {
  // control_url_ is "http://127.0.0.1:PORT".
  const std::size_t colon = control_url_.rfind(':');
  if (colon == std::string::npos) return absl::FailedPreconditionError("no control endpoint");
  const int port = std::atoi(control_url_.c_str() + colon + 1);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return absl::UnavailableError("cannot reach the control endpoint " + control_url_);
  }
  const std::string request = "POST " + path_and_query +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  (void)::write(fd, request.data(), request.size());
  std::string answer;
  char buffer[1024];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  if (answer.rfind("HTTP/1.1 200", 0) != 0) {
    return absl::InvalidArgumentError("control " + path_and_query + ": " + answer.substr(0, answer.find("\r\n")));
  }
  return absl::OkStatus();
}

std::string SimProcess::engine_config_json(const std::vector<Venue>& only, const std::string& risk_json) const {
  std::string out = R"({"venues":{)";
  bool first = true;
  for (const SimVenue& v : venues_) {
    bool wanted = only.empty();
    for (const Venue o : only) wanted = wanted || o == v.venue;
    if (!wanted) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, to_string(v.venue));
    out += ":{";
    for (const auto& [ours, theirs] : {std::pair<const char*, const char*>{"rest", "rest"}, {"ws", "ws"},
                                       {"book_ws", "ws_book"}, {"token", "token"}}) {
      const std::string url = v.field(theirs);
      if (url.empty()) continue;
      append_json_string(out, ours);
      out += ':';
      append_json_string(out, url);
      out += ',';
    }
    if (!v.field("ca").empty()) {
      out += R"("ca_file":)";
      append_json_string(out, v.field("ca"));
      out += ',';
    }
    out += R"("credentials":{"api_key":)";
    append_json_string(out, variable(v.venue, "API_KEY"));
    out += R"(,"secret":)";
    append_json_string(out, variable(v.venue, "SECRET"));
    if (!v.field("user_id").empty()) {
      out += R"(,"user_id":)";
      append_json_string(out, variable(v.venue, "USER_ID"));
    }
    if (!v.field("pay_password").empty()) {
      out += R"(,"pay_password":)";
      append_json_string(out, variable(v.venue, "PAY_PASSWORD"));
    }
    out += R"(},"instruments":[)";
    const auto symbols = sim_symbols(v.venue);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      if (i > 0) out += ',';
      out += R"({"symbol":)";
      append_json_string(out, symbols[i]);
      // The simulator's BTC trades in 0.5 and 0.001 steps, its ETH in 0.01 and 0.01.
      out += symbols[i][0] == 'B' || symbols[i][0] == 'b' ? R"(,"tick":"0.5","lot":"0.001"})"
                                                          : R"(,"tick":"0.01","lot":"0.01"})";
    }
    out += "]}";
  }
  out += R"(},"risk":)" + risk_json + "}";
  return out;
}

engine::Environment SimProcess::environment() const {
  std::map<std::string, std::string> values;
  for (const SimVenue& v : venues_) {
    values[variable(v.venue, "API_KEY")] = v.field("api_key");
    values[variable(v.venue, "SECRET")] = v.field("secret");
    if (!v.field("user_id").empty()) values[variable(v.venue, "USER_ID")] = v.field("user_id");
    if (!v.field("pay_password").empty()) values[variable(v.venue, "PAY_PASSWORD")] = v.field("pay_password");
  }
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> SimProcess::secrets() const {
  std::vector<std::string> out;
  for (const SimVenue& v : venues_) {
    for (const char* name : {"api_key", "secret", "user_id", "pay_password"}) {
      if (!v.field(name).empty()) out.push_back(v.field(name));
    }
  }
  return out;
}

}  // namespace oex::tools
