#include "crafted_peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "oex/transport/ws_handshake.hpp"

namespace oex::transport::testing {

std::string server_frame(std::uint8_t b0, const std::string& payload) {
  std::string f(1, static_cast<char>(b0));
  const std::size_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    f.push_back(static_cast<char>(126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n));
  } else {
    f.push_back(static_cast<char>(127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>(static_cast<std::uint64_t>(n) >> (8 * i)));
  }
  return f + payload;
}

std::string close_payload(std::uint16_t code, const std::string& reason) {
  std::string p;
  p.push_back(static_cast<char>(code >> 8));
  p.push_back(static_cast<char>(code));
  return p + reason;
}

CraftedPeer::CraftedPeer(PeerScript script) : script_(std::move(script)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  listen(listen_fd_, 16);
  thread_ = std::thread([this] { run(); });
}

CraftedPeer::~CraftedPeer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<ClientFrame> CraftedPeer::frames() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

std::string CraftedPeer::first_request() const {
  std::lock_guard lock(mutex_);
  return first_request_;
}

void CraftedPeer::run() {
  bool first = true;
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++accepted_;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    serve(fd, first);
    close(fd);
    if (first) first_done_ = true;
    first = false;
  }
}

namespace {
// Waits for readable data up to 50 ms at a time while the peer is not stopped; false on EOF/error.
bool read_some(int fd, std::string& buffer, const std::atomic<bool>& stop) {
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, 50);
    if (r == 0) continue;
    char chunk[65536];
    const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  return false;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}
}  // namespace

void CraftedPeer::serve(int fd, bool first) {
  std::string in;
  if (script_.stall) {
    while (!stop_) {
      pollfd p{fd, POLLRDHUP, 0};
      if (poll(&p, 1, 50) > 0 && (p.revents & (POLLRDHUP | POLLHUP)) != 0) return;
    }
    return;
  }
  if (script_.read_request) {
    while (in.find("\r\n\r\n") == std::string::npos)
      if (!read_some(fd, in, stop_)) return;
    const std::size_t head_end = in.find("\r\n\r\n") + 4;
    const std::string request = in.substr(0, head_end);
    in.erase(0, head_end);
    if (first) {
      std::lock_guard lock(mutex_);
      first_request_ = request;
    }
    if (script_.websocket_upgrade && script_.reply.empty()) {
      const std::size_t k = request.find("Sec-WebSocket-Key: ");
      const std::string key = k == std::string::npos ? "" : request.substr(k + 19, 24);
      const WsAccept accept = ws_accept_for(key);
      send_all(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Accept: " + std::string(accept.data(), accept.size()) + "\r\n\r\n");
    }
  }
  if (!script_.reply.empty()) send_all(fd, script_.reply);
  bool sent_close = false;
  for (const std::string& s : script_.sends) {
    if (s.size() >= 2 && (static_cast<std::uint8_t>(s[0]) & 0x0F) == 0x8) sent_close = true;
    if (script_.chop) {
      for (const char c : s) send_all(fd, std::string(1, c));
    } else {
      send_all(fd, s);
    }
  }
  if (script_.close_after_send || !script_.read_client) return;
  // Record the client's frames (every one must be masked) until its close or end of stream.
  for (;;) {
    while (in.size() >= 2) {
      const auto b0 = static_cast<std::uint8_t>(in[0]);
      const auto b1 = static_cast<std::uint8_t>(in[1]);
      std::size_t header = 2;
      const std::uint8_t len7 = b1 & 0x7F;
      std::uint64_t length = len7;
      if (len7 == 126) header = 4;
      if (len7 == 127) header = 10;
      const bool masked = (b1 & 0x80) != 0;
      if (masked) header += 4;
      if (in.size() < header) break;
      if (len7 == 126) length = static_cast<std::uint64_t>(static_cast<std::uint8_t>(in[2])) << 8 | static_cast<std::uint8_t>(in[3]);
      if (len7 == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i) length = length << 8 | static_cast<std::uint8_t>(in[2 + static_cast<std::size_t>(i)]);
      }
      if (in.size() < header + length) break;
      ClientFrame f{static_cast<std::uint8_t>(b0 & 0x0F), (b0 & 0x80) != 0, masked, in.substr(header, length)};
      if (masked)
        for (std::size_t i = 0; i < f.payload.size(); ++i) f.payload[i] = static_cast<char>(f.payload[i] ^ in[header - 4 + (i & 3)]);
      in.erase(0, header + length);
      if (first) {
        std::lock_guard lock(mutex_);
        frames_.push_back(f);
      }
      if (f.opcode == 0x8) {
        // The server ends the closing handshake: answer a close the client began, then close TCP.
        if (!sent_close) send_all(fd, server_frame(0x88, f.payload.size() >= 2 ? f.payload.substr(0, 2) : ""));
        return;
      }
    }
    if (!read_some(fd, in, stop_)) return;
  }
}

}  // namespace oex::transport::testing
