#include "echo_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "oex/transport/tls.hpp"
#include "oex/transport/ws_handshake.hpp"

namespace oex::bench {
namespace {

int listen_on_loopback(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("echo server: cannot listen on 127.0.0.1");
  port = ntohs(address.sin_port);
  return fd;
}

// Accepts forever, a detached thread per connection.
template <class Serve>
void accept_forever(int listener, Serve serve) {
  std::thread([listener, serve] {
    for (;;) {
      const int fd = ::accept(listener, nullptr, nullptr);
      if (fd < 0) continue;
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::thread([fd, serve] {
        serve(fd);
        ::close(fd);
      }).detach();
    }
  }).detach();
}

// wolfSSL reads a record's 5-byte header and then its body, two system calls a record on a plain
// socket; this reads whatever has arrived into a buffer and hands it out from there.
struct BufferedSocket {
  int fd;
  std::uint8_t buffer[32 * 1024] = {};
  std::size_t begin = 0;
  std::size_t end = 0;

  static int receive(WOLFSSL*, char* out, int size, void* context) {
    auto* self = static_cast<BufferedSocket*>(context);
    if (self->begin == self->end) {
      const ssize_t n = ::recv(self->fd, self->buffer, sizeof self->buffer, 0);
      if (n <= 0) return n == 0 ? WOLFSSL_CBIO_ERR_CONN_CLOSE : WOLFSSL_CBIO_ERR_GENERAL;
      self->begin = 0;
      self->end = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(self->end - self->begin, static_cast<std::size_t>(size));
    std::memcpy(out, self->buffer + self->begin, n);
    self->begin += n;
    return static_cast<int>(n);
  }
  static int send(WOLFSSL*, char* data, int size, void* context) {
    const ssize_t n = ::send(static_cast<BufferedSocket*>(context)->fd, data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    return n < 0 ? WOLFSSL_CBIO_ERR_GENERAL : static_cast<int>(n);
  }
};

bool write_all(WOLFSSL* ssl, const std::uint8_t* data, std::size_t n) {
  return n == 0 || wolfSSL_write(ssl, data, static_cast<int>(n)) == static_cast<int>(n);
}

// One unmasked server frame, header and payload in one record.
bool send_frame(WOLFSSL* ssl, std::uint8_t opcode, std::string_view payload, std::vector<std::uint8_t>& out) {
  out.clear();
  out.push_back(static_cast<std::uint8_t>(0x80 | opcode));
  if (payload.size() < 126) {
    out.push_back(static_cast<std::uint8_t>(payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    out.push_back(126);
    for (int shift = 8; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(payload.size() >> shift));
  } else {
    out.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(payload.size() >> shift));
  }
  out.insert(out.end(), payload.begin(), payload.end());
  return write_all(ssl, out.data(), out.size());
}

// Reads the upgrade request and answers 101; false when the client is not a WebSocket client.
bool accept_upgrade(WOLFSSL* ssl) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const int n = wolfSSL_read(ssl, buf, sizeof buf);
    if (n <= 0 || request.size() > 16384) return false;
    request.append(buf, static_cast<std::size_t>(n));
  }
  std::string lower = request;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::size_t at = lower.find("\r\nsec-websocket-key:");
  if (at == std::string::npos) return false;
  std::size_t begin = at + 20;
  while (request[begin] == ' ') ++begin;
  const std::size_t end = request.find("\r\n", begin);
  const transport::WsAccept accept = transport::ws_accept_for(std::string_view(request).substr(begin, end - begin));
  const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: " + std::string(accept.data(), accept.size()) + "\r\n\r\n";
  return write_all(ssl, reinterpret_cast<const std::uint8_t*>(response.data()), response.size());
}

}  // namespace

EchoServer::EchoServer(const std::string& certificates, std::string burst_frame, std::size_t burst_count)
    : burst_frame_(std::move(burst_frame)), burst_count_(burst_count) {
  const int hardware_aes = transport::aes_gcm_device_id();  // initializes wolfSSL first
  WOLFSSL_CTX* tls = wolfSSL_CTX_new(wolfTLS_server_method());
  if (tls == nullptr || wolfSSL_CTX_use_certificate_chain_file(tls, (certificates + "server.pem").c_str()) != 1 ||
      wolfSSL_CTX_use_PrivateKey_file(tls, (certificates + "server.key").c_str(), WOLFSSL_FILETYPE_PEM) != 1)
    throw std::runtime_error("echo server: cannot load the certificate");
  // The fastest record protection this machine has, for every client alike: AES-GCM on the CPU's
  // instructions where it has them, else ChaCha20 (the server's order decides).
  if (hardware_aes != INVALID_DEVID) wolfSSL_CTX_SetDevId(tls, hardware_aes);
  wolfSSL_CTX_UseClientSuites(tls);  // the client's preference decides, as OpenSSL's servers do by default
  const std::string_view ciphers = transport::cipher_list(transport::fastest_cipher_preference());
  if (wolfSSL_CTX_set_cipher_list(tls, std::string(ciphers).c_str()) != 1)
    throw std::runtime_error("echo server: cipher list refused");
  tls_ = tls;
  accept_forever(listen_on_loopback(plain_port_), [this](int fd) { serve_plain(fd); });
  accept_forever(listen_on_loopback(secure_port_), [this](int fd) { serve_secure(fd); });
}

void EchoServer::serve_plain(int fd) const {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0 || ::write(fd, buf, static_cast<std::size_t>(n)) != n) return;
  }
}

void EchoServer::serve_secure(int fd) const {
  WOLFSSL* ssl = wolfSSL_new(static_cast<WOLFSSL_CTX*>(tls_));
  BufferedSocket socket{fd};
  wolfSSL_SetIOReadCtx(ssl, &socket);
  wolfSSL_SetIOWriteCtx(ssl, &socket);
  wolfSSL_SSLSetIORecv(ssl, &BufferedSocket::receive);
  wolfSSL_SSLSetIOSend(ssl, &BufferedSocket::send);
  std::vector<std::uint8_t> in(1 << 21);
  std::vector<std::uint8_t> out;
  out.reserve(1 << 21);
  std::size_t have = 0;
  const auto serve = [&] {
    if (wolfSSL_accept(ssl) != 1 || !accept_upgrade(ssl)) return;
    for (;;) {
      // One whole client frame (masked, as every client frame is) in in[0, size).
      std::size_t header = 2;
      std::uint64_t length = 0;
      if (have >= 2) {
        length = in[1] & 0x7F;
        const std::size_t extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        header += extended + 4;
        if (have >= header) {
          if (extended != 0) length = 0;
          for (std::size_t i = 0; i < extended; ++i) length = length << 8 | in[2 + i];
        }
      }
      if (have < header || length > in.size() - header || have < header + length) {
        if (have == in.size()) return;  // larger than this echo holds
        const int n = wolfSSL_read(ssl, in.data() + have, static_cast<int>(in.size() - have));
        if (n <= 0) return;
        have += static_cast<std::size_t>(n);
        continue;
      }
      const std::uint8_t opcode = in[0] & 0x0F;
      std::uint8_t* payload = in.data() + header;
      for (std::size_t i = 0; i < length; ++i) payload[i] ^= in[header - 4 + (i & 3)];
      const std::string_view message(reinterpret_cast<const char*>(payload), length);
      bool ok = true;
      if (opcode == 0x8) {
        (void)send_frame(ssl, 0x8, message.substr(0, 2), out);
        return;
      } else if (opcode == 0x9) {
        ok = send_frame(ssl, 0xA, message, out);
      } else if (opcode == 0x1 && message == "burst") {
        for (std::size_t i = 0; ok && i < burst_count_; ++i) ok = send_frame(ssl, 0x2, burst_frame_, out);
      } else if (opcode != 0xA) {
        ok = send_frame(ssl, opcode, message, out);
      }
      if (!ok) return;
      const std::size_t used = header + length;
      std::memmove(in.data(), in.data() + used, have - used);
      have -= used;
    }
  };
  serve();
  wolfSSL_free(ssl);
}

}  // namespace oex::bench
