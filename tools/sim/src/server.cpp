#include "server.hpp"

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace oex::sim {

namespace {
std::uint64_t g_next_session_id = 1;

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("certificate step failed: " + command);
}
}  // namespace

Certificates make_certificates() {
  char pattern[] = "/tmp/oex-sim-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("cannot make a temporary directory");
  Certificates c;
  c.directory = pattern;
  c.ca_file = c.directory + "/ca.pem";
  c.cert_file = c.directory + "/server.pem";
  c.key_file = c.directory + "/server.key";
  const std::string& d = c.directory;
  {
    std::ofstream ext(d + "/server.ext");
    ext << "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
           "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n";
  }
  const std::string quiet = " >/dev/null 2>&1";
  run_or_throw("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "
               "/CN=oex-sim-local-CA -keyout " + d + "/ca.key -out " + c.ca_file + quiet);
  run_or_throw("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 -keyout " +
               c.key_file + " -out " + d + "/server.csr" + quiet);
  run_or_throw("openssl x509 -req -in " + d + "/server.csr -CA " + c.ca_file + " -CAkey " + d +
               "/ca.key -CAcreateserial -days 30 -extfile " + d + "/server.ext -out " + c.cert_file + quiet);
  return c;
}

TlsServerContext::TlsServerContext(const Certificates& certificates) {
  wolfSSL_Init();
  ctx_ = wolfSSL_CTX_new(wolfTLS_server_method());
  if (ctx_ == nullptr) throw std::runtime_error("wolfSSL_CTX_new failed");
  if (wolfSSL_CTX_use_certificate_chain_file(ctx_, certificates.cert_file.c_str()) != WOLFSSL_SUCCESS ||
      wolfSSL_CTX_use_PrivateKey_file(ctx_, certificates.key_file.c_str(), WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS) {
    throw std::runtime_error("wolfSSL cannot load the server certificate");
  }
}

TlsServerContext::~TlsServerContext() {
  if (ctx_ != nullptr) wolfSSL_CTX_free(ctx_);
}

namespace {

// One socket: reads feed the Session (through wolfSSL when TLS), the Session's writes are
// queued and sent one async_write at a time.
class Connection final : public SessionSink, public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, Handler& handler, WOLFSSL_CTX* tls)
      : socket_(std::move(socket)), session_(handler, *this, g_next_session_id++) {
    boost::system::error_code ignored;
    socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
    if (tls != nullptr) {
      ssl_ = wolfSSL_new(tls);
      wolfSSL_SSLSetIORecv(ssl_, &Connection::tls_recv);
      wolfSSL_SSLSetIOSend(ssl_, &Connection::tls_send);
      wolfSSL_SetIOReadCtx(ssl_, this);
      wolfSSL_SetIOWriteCtx(ssl_, this);
    }
  }
  ~Connection() override {
    if (ssl_ != nullptr) wolfSSL_free(ssl_);
  }

  void start() { read(); }

  void write(std::string_view bytes) override {
    if (closing_) return;
    if (ssl_ != nullptr) {
      // wolfSSL_write encrypts into pending_ through tls_send.
      while (!bytes.empty()) {
        const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), 16384));
        const int written = wolfSSL_write(ssl_, bytes.data(), chunk);
        if (written <= 0) {
          fail();
          return;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
      }
    } else {
      pending_.append(bytes);
    }
    flush();
  }

  void close() override {
    if (closing_) return;
    closing_ = true;
    if (ssl_ != nullptr) wolfSSL_shutdown(ssl_);
    close_after_flush_ = true;
    flush();
  }

 private:
  static int tls_recv(WOLFSSL*, char* buf, int size, void* ctx) {
    auto* self = static_cast<Connection*>(ctx);
    if (self->cipher_in_.size() == self->cipher_pos_) return WOLFSSL_CBIO_ERR_WANT_READ;
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(size), self->cipher_in_.size() - self->cipher_pos_);
    std::memcpy(buf, self->cipher_in_.data() + self->cipher_pos_, n);
    self->cipher_pos_ += n;
    return static_cast<int>(n);
  }

  static int tls_send(WOLFSSL*, char* buf, int size, void* ctx) {
    auto* self = static_cast<Connection*>(ctx);
    self->pending_.append(buf, static_cast<std::size_t>(size));
    return size;
  }

  void read() {
    auto self = shared_from_this();
    socket_.async_read_some(boost::asio::buffer(read_buffer_), [this, self](boost::system::error_code ec, std::size_t n) {
      if (ec) {
        fail();
        return;
      }
      if (ssl_ == nullptr) {
        session_.on_bytes(std::string_view(read_buffer_.data(), n));
      } else {
        cipher_in_.append(read_buffer_.data(), n);
        decrypt();
        cipher_in_.erase(0, cipher_pos_);
        cipher_pos_ = 0;
        flush();  // handshake records
      }
      if (!session_.closed() && !dead_) read();
    });
  }

  void decrypt() {
    char plain[16384];
    while (!dead_ && !session_.closed()) {
      const int n = wolfSSL_read(ssl_, plain, sizeof plain);
      if (n > 0) {
        session_.on_bytes(std::string_view(plain, static_cast<std::size_t>(n)));
        continue;
      }
      const int error = wolfSSL_get_error(ssl_, n);
      if (error != WOLFSSL_ERROR_WANT_READ && error != WOLFSSL_ERROR_WANT_WRITE) fail();
      return;
    }
  }

  void flush() {
    if (writing_ || dead_) return;
    if (pending_.empty()) {
      if (close_after_flush_) finish();
      return;
    }
    writing_ = true;
    in_flight_.swap(pending_);
    pending_.clear();
    auto self = shared_from_this();
    boost::asio::async_write(socket_, boost::asio::buffer(in_flight_), [this, self](boost::system::error_code ec, std::size_t) {
      writing_ = false;
      in_flight_.clear();
      if (ec) {
        fail();
        return;
      }
      flush();
    });
  }

  void finish() {
    if (dead_) return;
    dead_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    session_.on_disconnected();
  }

  void fail() {
    closing_ = true;
    finish();
  }

  boost::asio::ip::tcp::socket socket_;
  Session session_;
  WOLFSSL* ssl_ = nullptr;
  std::array<char, 65536> read_buffer_{};
  std::string cipher_in_;
  std::size_t cipher_pos_ = 0;
  std::string pending_;
  std::string in_flight_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_after_flush_ = false;
  bool dead_ = false;
};

}  // namespace

Listener::Listener(boost::asio::io_context& io, Handler& handler, TlsServerContext* tls, unsigned short port)
    : handler_(handler), tls_(tls),
      acceptor_(io, boost::asio::ip::tcp::endpoint(boost::asio::ip::address_v4::loopback(), port)) {
  port_ = acceptor_.local_endpoint().port();
  accept();
}

void Listener::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
    if (!ec) {
      std::make_shared<Connection>(std::move(socket), handler_, tls_ != nullptr ? tls_->get() : nullptr)->start();
    }
    if (acceptor_.is_open()) accept();
  });
}

}  // namespace oex::sim
