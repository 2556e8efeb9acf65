#pragma once
// Feeds one input file to a Replayer: a JSON-lines capture, or a pcap/pcapng file (recognised
// by its magic number) whose TCP streams are reassembled into HTTP exchanges and WebSocket
// messages (pcap_input.hpp).
#include <string>
#include <string_view>

#include "oex/replay/pcap_input.hpp"
#include "oex/replay/replayer.hpp"

namespace oex::replay {

// Every line of `text` in order, numbered from 1.
void replay_jsonl(std::string_view text, Replayer& replayer);

// False (with `error` set) only when the file cannot be read at all; bad content inside it gives
// `error` lines in the output and replay goes on.
[[nodiscard]] bool replay_file(const std::string& path, Replayer& replayer, std::string& error,
                               const PcapOptions& pcap_options = {});

[[nodiscard]] bool is_pcap(std::string_view head) noexcept;

}  // namespace oex::replay
