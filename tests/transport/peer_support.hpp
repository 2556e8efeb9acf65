#pragma once
// Test plumbing: a loop to drive, child processes for the independent peers (npm ws, Debian's
// python3-websockets and nginx) started on 127.0.0.1 and stopped after, test certificates
// made with openssl at run time, and a blocking raw-TCP peer for crafted bytes.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "oex/core/asio_agent.hpp"

namespace oex::transport::testing {

// The loop thread of a test: the io_context polled without blocking, as in production.
class TestLoop {
 public:
  TestLoop() : io_(kLoopConcurrencyHint), agent_(io_) {}
  boost::asio::io_context& io() { return io_; }
  // Polls until `done` holds; false when `limit` passed first (a safety net, not a measurement).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(20));
  void run_for(std::chrono::milliseconds duration);

 private:
  boost::asio::io_context io_;
  AsioAgent agent_;
};

// A timer that fires every millisecond on the loop: if anything blocked the loop, it would
// fall behind.
class Heartbeat {
 public:
  explicit Heartbeat(boost::asio::io_context& io) : timer_(io) { arm(); }
  ~Heartbeat() { stopped_ = true; timer_.cancel(); }
  [[nodiscard]] unsigned ticks() const { return ticks_; }

 private:
  void arm();
  boost::asio::steady_timer timer_;
  unsigned ticks_ = 0;
  bool stopped_ = false;
};

// A temporary directory removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& content);
[[nodiscard]] std::string read_file(const std::string& path);

// A child process in its own process group, killed (SIGTERM, then SIGKILL) on destruction.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // The first line the child writes to stdout (e.g. the port it bound), or "" on timeout/exit.
  std::string read_line(std::chrono::milliseconds limit = std::chrono::seconds(15));
  [[nodiscard]] bool running();
  void stop();

 private:
  int pid_ = -1;
  int stdout_fd_ = -1;
};

[[nodiscard]] std::uint16_t free_port();
// Blocks the test thread (not the loop) until something accepts on 127.0.0.1:port.
[[nodiscard]] bool wait_for_port(std::uint16_t port, std::chrono::milliseconds limit = std::chrono::seconds(15));
[[nodiscard]] int run_command(const std::string& command);

// CA, a good server certificate (localhost, 127.0.0.1), one for another name, and one for
// localhost signed by another CA; EC P-256 keys, made with openssl into `dir`.
struct TestCertificates {
  explicit TestCertificates(const std::string& dir);
  std::string ca;                               // the CA clients trust
  std::string good_cert, good_key;              // localhost, signed by ca
  std::string wrong_name_cert, wrong_name_key;  // wrong.example, signed by ca
  std::string other_ca_cert, other_ca_key;      // localhost, signed by another CA
  bool ok = false;
};

// Node with the npm `ws` package: an echo server, plain or TLS, on a port it picks.
struct NodeWsServer {
  NodeWsServer(const TempDir& dir, const std::string& cert = "", const std::string& key = "");
  std::unique_ptr<ChildProcess> process;
  std::uint16_t port = 0;
};
[[nodiscard]] std::string npm_prefix();

// Debian's python3-websockets: an echo server on a port it picks.
struct PythonWsServer {
  explicit PythonWsServer(const TempDir& dir);
  std::unique_ptr<ChildProcess> process;
  std::uint16_t port = 0;
};

// Debian's nginx serving files from dir/www: plain on `port`, TLS on `tls_port` when a
// certificate is given. /chunked/ answers with chunked bodies (SSI drops Content-Length).
struct NginxServer {
  NginxServer(const TempDir& dir, const std::string& cert = "", const std::string& key = "");
  ~NginxServer();
  std::unique_ptr<ChildProcess> process;
  std::uint16_t port = 0;
  std::uint16_t tls_port = 0;
  std::string www;
};

// A deterministic byte pattern for message payloads.
[[nodiscard]] std::string pattern(std::size_t size, unsigned seed = 1, bool text = true);

}  // namespace oex::transport::testing
