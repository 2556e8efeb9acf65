#pragma once
// The one peer of the transport benchmarks, on 127.0.0.1: a plain TCP echo, and a WebSocket
// echo over TLS (wolfSSL, its AES-GCM on the CPU's instructions where it has them, as our
// client's) that answers "burst" with a burst of binary frames instead. A thread
// per connection, blocking I/O; each message is one read and one write, and the WebSocket side
// does no more than RFC 6455 requires of an echo (unmask, frame, answer pings and the close), so
// that a round trip measures the client's stack rather than the server's.
#include <cstddef>
#include <cstdint>
#include <string>

namespace oex::bench {

class EchoServer {
 public:
  // `certificates` holds server.pem and server.key; every burst is `burst_count` x `burst_frame`.
  EchoServer(const std::string& certificates, std::string burst_frame, std::size_t burst_count);
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  [[nodiscard]] std::uint16_t plain_port() const noexcept { return plain_port_; }
  [[nodiscard]] std::uint16_t secure_port() const noexcept { return secure_port_; }

 private:
  void serve_plain(int fd) const;
  void serve_secure(int fd) const;

  void* tls_ = nullptr;  // WOLFSSL_CTX, for the life of the process
  std::string burst_frame_;
  std::size_t burst_count_;
  std::uint16_t plain_port_ = 0;
  std::uint16_t secure_port_ = 0;
};

}  // namespace oex::bench
