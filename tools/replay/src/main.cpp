// oex-replay [--expect GOLDEN] FILE...
// Replays JSON-lines captures and pcap/pcapng files of plaintext HTTP/1.1 and WebSocket traffic
// through the venue decoders and the order-management core, writing the replay output of
// ARCHITECTURE.md to stdout, or comparing it with GOLDEN.
// Exit status: 0 output written or equal to GOLDEN, 1 different from GOLDEN, 2 bad usage or an
// input that cannot be read.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "oex/replay/golden_diff.hpp"
#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"

namespace {

constexpr int kMatch = 0;
constexpr int kDifferent = 1;
constexpr int kBadUsage = 2;

void usage(std::FILE* to) {
  std::fputs(
      "usage: oex-replay [--expect GOLDEN] [--venue-port PORT=VENUE]... FILE...\n"
      "  FILE      a JSON-lines capture, or a pcap/pcapng file of plaintext HTTP/1.1 and WebSocket traffic\n"
      "  --venue-port  pcap input: connections to server PORT belong to VENUE\n"
      "                (otherwise the Host header or the request path tells)\n"
      "  --expect  compare the replay output with GOLDEN and print a diff: exit 0 equal, 1 different\n"
      "exit 2 on bad usage or an unreadable input\n",
      to);
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(buffer).str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string expect_path;
  std::vector<std::string> inputs;
  oex::replay::PcapOptions pcap_options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--expect") {
      if (i + 1 >= argc) {
        std::fputs("oex-replay: --expect needs a file\n", stderr);
        usage(stderr);
        return kBadUsage;
      }
      expect_path = argv[++i];
    } else if (arg == "--venue-port") {
      const std::string_view spec = i + 1 < argc ? std::string_view(argv[i + 1]) : std::string_view{};
      const std::size_t eq = spec.find('=');
      const auto venue = eq == std::string_view::npos ? std::nullopt : oex::venue_from_string(spec.substr(eq + 1));
      unsigned port = 0;
      const auto parsed = std::from_chars(spec.data(), spec.data() + (eq == std::string_view::npos ? 0 : eq), port);
      if (!venue || parsed.ec != std::errc{} || parsed.ptr != spec.data() + eq || port == 0 || port > 65535) {
        std::fputs("oex-replay: --venue-port needs PORT=VENUE (digifinex, btse, cryptomus, gct, deflow)\n", stderr);
        return kBadUsage;
      }
      pcap_options.venue_ports.emplace_back(static_cast<std::uint16_t>(port), *venue);
      ++i;
    } else if (arg == "-h" || arg == "--help") {
      usage(stdout);
      return kMatch;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "oex-replay: unknown option %s\n", argv[i]);
      usage(stderr);
      return kBadUsage;
    } else {
      inputs.emplace_back(arg);
    }
  }
  if (inputs.empty()) {
    usage(stderr);
    return kBadUsage;
  }

  std::string golden;
  if (!expect_path.empty() && !read_file(expect_path, golden)) {
    std::fprintf(stderr, "oex-replay: cannot read golden %s: %s\n", expect_path.c_str(), std::strerror(errno));
    return kBadUsage;
  }

  oex::replay::Replayer replayer;
  if (expect_path.empty()) replayer.set_output_file(stdout);
  for (const std::string& path : inputs) {
    std::string error;
    if (!oex::replay::replay_file(path, replayer, error, pcap_options)) {
      (void)replayer.flush();
      std::fprintf(stderr, "oex-replay: %s: %s\n", path.c_str(), error.c_str());
      return kBadUsage;
    }
  }
  replayer.finish();

  if (expect_path.empty()) {
    if (!replayer.flush() || std::fflush(stdout) != 0) {
      std::fputs("oex-replay: writing the output failed\n", stderr);
      return kBadUsage;
    }
    return kMatch;
  }
  const oex::replay::DiffResult diff = oex::replay::diff_lines(golden, replayer.output());
  if (diff.equal) return kMatch;
  std::fprintf(stdout, "--- %s (golden)\n+++ replay output\n", expect_path.c_str());
  std::fwrite(diff.text.data(), 1, diff.text.size(), stdout);
  return kDifferent;
}
