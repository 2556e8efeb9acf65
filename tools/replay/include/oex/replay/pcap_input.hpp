#pragma once
// pcap / pcapng input (libpcap): Ethernet, loopback (BSD null/loop), raw IP and Linux cooked
// (SLL, SLL2) link layers, IPv4 and IPv6, TCP. Each connection's two directions are reassembled
// (TcpDirection: retransmissions, out-of-order segments), then read as HTTP/1.1 (requests and
// responses, Content-Length or chunked bodies, pipelined requests answered in order) and, after
// a 101 upgrade, as WebSocket frames (client frames unmasked, fragments joined). Every request,
// response and WebSocket message becomes a CaptureRecord fed to the Replayer in the order its
// last packet arrived; the packet number stands where a capture has its line number.
//
// A connection's venue comes from the server port (--venue-port), else from the Host header
// naming a venue, else from the first request's path (each venue's REST and WS paths).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "oex/core/enums.hpp"
#include "oex/replay/replayer.hpp"

namespace oex::replay {

struct PcapOptions {
  std::vector<std::pair<std::uint16_t, Venue>> venue_ports;  // server port -> venue
};

// False (with `error`) when the file cannot be opened as pcap/pcapng or its link type is not
// one of the above; bad traffic inside gives `error` lines and replay goes on.
[[nodiscard]] bool replay_pcap(const std::string& path, Replayer& replayer, std::string& error,
                               const PcapOptions& options = {});

}  // namespace oex::replay
