#pragma once
// A test peer of ours that speaks raw TCP on 127.0.0.1 from its own thread (blocking sockets:
// it is the test's peer, not the loop): it answers the upgrade (or sends any bytes instead),
// then sends crafted frames, and records every frame the client sends back, checking that
// each one is masked. It answers a client close with a close and ends the connection.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace oex::transport::testing {

struct ClientFrame {
  std::uint8_t opcode = 0;
  bool fin = false;
  bool masked = false;
  std::string payload;
};

struct PeerScript {
  bool read_request = true;           // read the request head (up to the blank line) first
  bool websocket_upgrade = true;      // answer it with a correct 101
  std::string reply;                  // bytes sent instead of the 101 (HTTP answers, broken handshakes)
  std::vector<std::string> sends;     // then these byte strings, in order
  bool chop = false;                  // each byte in its own send
  bool close_after_send = false;      // close right after the last send (mid-frame, mid-body faults)
  bool stall = false;                 // after accepting, send nothing and read nothing
  bool read_client = true;            // record client frames until its close or end of stream
};

[[nodiscard]] std::string server_frame(std::uint8_t b0, const std::string& payload);
[[nodiscard]] std::string close_payload(std::uint16_t code, const std::string& reason = {});

class CraftedPeer {
 public:
  explicit CraftedPeer(PeerScript script);
  ~CraftedPeer();
  CraftedPeer(const CraftedPeer&) = delete;
  CraftedPeer& operator=(const CraftedPeer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  // Frames the client sent on the first connection, once that connection has ended.
  [[nodiscard]] std::vector<ClientFrame> frames() const;
  [[nodiscard]] bool first_connection_done() const { return first_done_.load(); }
  [[nodiscard]] int accepted() const { return accepted_.load(); }
  [[nodiscard]] std::string first_request() const;

 private:
  void run();
  void serve(int fd, bool first);

  PeerScript script_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> first_done_{false};
  std::atomic<int> accepted_{0};
  mutable std::mutex mutex_;
  std::vector<ClientFrame> frames_;
  std::string first_request_;
  std::thread thread_;
};

}  // namespace oex::transport::testing
