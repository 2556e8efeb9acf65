#include "peer_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace oex::transport::testing {

bool TestLoop::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    agent_.do_work();
  }
  return true;
}

void TestLoop::run_for(std::chrono::milliseconds duration) {
  const auto end = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < end) agent_.do_work();
}

void Heartbeat::arm() {
  timer_.expires_after(std::chrono::milliseconds(1));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    ++ticks_;
    arm();
  });
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/oex-transport-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_file) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);  // dies with the test, even when the test aborts
    dup2(fds[1], 1);
    const int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) dup2(log, 2);
    close(fds[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(pid_, pid_);
  close(fds[1]);
  stdout_fd_ = fds[0];
}

ChildProcess::~ChildProcess() { stop(); }

std::string ChildProcess::read_line(std::chrono::milliseconds limit) {
  std::string line;
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char c;
    const ssize_t n = read(stdout_fd_, &c, 1);
    if (n <= 0) return "";
    if (c == '\n') return line;
    line.push_back(c);
  }
  return "";
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

void ChildProcess::stop() {
  if (pid_ > 0) {
    kill(-pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      int status;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

std::uint16_t free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool wait_for_port(std::uint16_t port, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int run_command(const std::string& command) { return std::system(command.c_str()); }

TestCertificates::TestCertificates(const std::string& dir) {
  const std::string d = dir + "/";
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  auto make_ca = [&](const std::string& name) {
    return "openssl req -x509 " + ec + " -keyout " + d + name + ".key -out " + d + name +
           ".pem -days 2 -subj /CN=" + name + " -addext basicConstraints=critical,CA:TRUE"
           " -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null";
  };
  auto make_leaf = [&](const std::string& name, const std::string& cn, const std::string& san, const std::string& ca) {
    write_file(d + name + ".ext", "subjectAltName=" + san + "\nbasicConstraints=CA:FALSE\n");
    return "openssl req " + ec + " -keyout " + d + name + ".key -out " + d + name + ".csr -subj /CN=" + cn +
           " 2>/dev/null && openssl x509 -req -in " + d + name + ".csr -CA " + d + ca + ".pem -CAkey " + d + ca +
           ".key -CAcreateserial -days 2 -extfile " + d + name + ".ext -out " + d + name + ".pem 2>/dev/null";
  };
  ok = run_command(make_ca("test-ca")) == 0 && run_command(make_ca("other-ca")) == 0 &&
       run_command(make_leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1", "test-ca")) == 0 &&
       run_command(make_leaf("wrong", "wrong.example", "DNS:wrong.example", "test-ca")) == 0 &&
       run_command(make_leaf("other", "localhost", "DNS:localhost,IP:127.0.0.1", "other-ca")) == 0;
  ca = d + "test-ca.pem";
  good_cert = d + "good.pem", good_key = d + "good.key";
  wrong_name_cert = d + "wrong.pem", wrong_name_key = d + "wrong.key";
  other_ca_cert = d + "other.pem", other_ca_key = d + "other.key";
}

std::string npm_prefix() {
  if (const char* env = std::getenv("OEX_NPM_PREFIX"); env != nullptr && *env != 0) return env;
  return OEX_NPM_PREFIX;
}

NodeWsServer::NodeWsServer(const TempDir& dir, const std::string& cert, const std::string& key) {
  // Echoes every message; a text message starting "fragment:" comes back in three fragments.
  const std::string script = dir.file(cert.empty() ? "ws_plain.js" : "ws_tls.js");
  write_file(script, R"JS(
const { WebSocketServer } = require('ws');
const fs = require('fs');
const [cert, key] = process.argv.slice(2);
function serve(wss) {
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      const text = !isBinary ? data.toString() : '';
      if (!isBinary && text.startsWith('fragment:')) {
        const a = Math.floor(data.length / 3), b = Math.floor(2 * data.length / 3);
        ws.send(data.subarray(0, a), { binary: false, fin: false });
        ws.send(data.subarray(a, b), { binary: false, fin: false });
        ws.send(data.subarray(b), { binary: false, fin: true });
      } else {
        ws.send(data, { binary: isBinary });
      }
    });
  });
}
if (cert) {
  const https = require('https');
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
  serve(new WebSocketServer({ server, maxPayload: 64 << 20, perMessageDeflate: false }));
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
} else {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 << 20, perMessageDeflate: false });
  wss.on('listening', () => console.log(wss.address().port));
  serve(wss);
}
)JS");
  setenv("NODE_PATH", (npm_prefix() + "/node_modules").c_str(), 1);
  std::vector<std::string> argv{"node", script};
  if (!cert.empty()) argv.push_back(cert), argv.push_back(key);
  process = std::make_unique<ChildProcess>(argv, script + ".log");
  const std::string line = process->read_line();
  port = static_cast<std::uint16_t>(line.empty() ? 0 : std::stoi(line));
}

PythonWsServer::PythonWsServer(const TempDir& dir) {
  const std::string script = dir.file("ws_echo.py");
  write_file(script, R"PY(
import asyncio
import websockets

async def echo(ws):
    async for message in ws:
        if isinstance(message, str) and message.startswith("fragment:"):
            a, b = len(message) // 3, 2 * len(message) // 3
            await ws.send([message[:a], message[a:b], message[b:]])
        else:
            await ws.send(message)

async def main():
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=None, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
)PY");
  // Debian's interpreter and package, not whatever python3 comes first on PATH.
  process = std::make_unique<ChildProcess>(std::vector<std::string>{"/usr/bin/python3", script}, script + ".log");
  const std::string line = process->read_line();
  port = static_cast<std::uint16_t>(line.empty() ? 0 : std::stoi(line));
}

NginxServer::NginxServer(const TempDir& dir, const std::string& cert, const std::string& key) {
  www = dir.file("www");
  std::filesystem::create_directories(www + "/chunked");
  std::filesystem::create_directories(dir.file("nginx-tmp"));
  for (int attempt = 0; attempt < 3 && port == 0; ++attempt) {
    const std::uint16_t plain = free_port();
    const std::uint16_t tls = cert.empty() ? 0 : free_port();
    std::string conf = "daemon off;\nmaster_process off;\nworker_processes 1;\nerror_log " + dir.file("nginx-error.log") +
                       " warn;\npid " + dir.file("nginx.pid") + ";\nevents { worker_connections 256; }\nhttp {\n"
                       "  access_log off;\n  default_type text/plain;\n  keepalive_requests 100000;\n"
                       "  keepalive_timeout 60s;\n";
    for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
      conf += std::string("  ") + t + "_temp_path " + dir.file("nginx-tmp") + "/" + t + ";\n";
    conf += "  server {\n    listen 127.0.0.1:" + std::to_string(plain) + ";\n";
    if (!cert.empty())
      conf += "    listen 127.0.0.1:" + std::to_string(tls) + " ssl;\n    ssl_certificate " + cert +
              ";\n    ssl_certificate_key " + key +
              ";\n    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_session_cache shared:OEXTEST:1m;\n    ssl_session_tickets on;\n";
    conf += "    root " + www + ";\n    location /chunked/ { ssi on; ssi_types *; }\n  }\n}\n";
    write_file(dir.file("nginx.conf"), conf);
    process = std::make_unique<ChildProcess>(
        std::vector<std::string>{"nginx", "-p", dir.path(), "-c", dir.file("nginx.conf")}, dir.file("nginx.log"));
    if (wait_for_port(plain, std::chrono::seconds(5)) && (cert.empty() || wait_for_port(tls, std::chrono::seconds(5)))) {
      port = plain;
      tls_port = tls;
    } else {
      process->stop();
    }
  }
}

NginxServer::~NginxServer() {
  if (process) process->stop();
}

std::string pattern(std::size_t size, unsigned seed, bool text) {
  std::string s(size, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = text ? static_cast<char>('a' + (x >> 24) % 26) : static_cast<char>(x >> 24);
  }
  return s;
}

}  // namespace oex::transport::testing
