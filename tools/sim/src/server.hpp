#pragma once
// Sockets for the venues: one acceptor per venue on loopback, each connection read and written
// on one Boost.Asio loop, with wolfSSL as the TLS server over memory callbacks (the records go
// through our buffers, so the loop never blocks in wolfSSL).
#include <boost/asio.hpp>

#include <memory>
#include <string>

#include "session.hpp"

struct WOLFSSL_CTX;

namespace oex::sim {

// The local certificate authority and the server certificate for 127.0.0.1 and localhost,
// made at start-up in a fresh temporary directory.
struct Certificates {
  std::string directory;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};
// Runs `openssl` to make them; throws std::runtime_error on failure (start-up only).
[[nodiscard]] Certificates make_certificates();

class TlsServerContext {
 public:
  explicit TlsServerContext(const Certificates& certificates);  // throws on failure
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;
  [[nodiscard]] WOLFSSL_CTX* get() const noexcept { return ctx_; }

 private:
  WOLFSSL_CTX* ctx_ = nullptr;
};

// Accepts connections for one handler; `tls` null means plain TCP.
class Listener {
 public:
  Listener(boost::asio::io_context& io, Handler& handler, TlsServerContext* tls, unsigned short port);
  [[nodiscard]] unsigned short port() const noexcept { return port_; }

 private:
  void accept();
  Handler& handler_;
  TlsServerContext* tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_;
};

}  // namespace oex::sim
