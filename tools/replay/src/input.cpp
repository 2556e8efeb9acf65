#include "oex/replay/input.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "oex/replay/pcap_input.hpp"

namespace oex::replay {

void replay_jsonl(std::string_view text, Replayer& replayer) {
  std::uint64_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    ++line_no;
    replayer.feed_line(text.substr(0, nl), line_no);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool is_pcap(std::string_view head) noexcept {
  if (head.size() < 4) return false;
  std::uint32_t magic = 0;
  std::memcpy(&magic, head.data(), 4);
  return magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u || magic == 0xa1b23c4du || magic == 0x4d3cb2a1u ||
         magic == 0x0a0d0d0au;
}

bool replay_file(const std::string& path, Replayer& replayer, std::string& error, const PcapOptions& pcap_options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "read failed";
    return false;
  }
  const std::string text = std::move(buffer).str();
  if (is_pcap(text)) return replay_pcap(path, replayer, error, pcap_options);
  replay_jsonl(text, replayer);
  return true;
}

}  // namespace oex::replay
