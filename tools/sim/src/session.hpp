#pragma once
// One client connection's protocol state, independent of the socket: HTTP/1.1 requests
// (Content-Length bodies, keep-alive, pipelining), the WebSocket upgrade and RFC 6455 framing
// on the server side (client frames must be masked, server frames are not). Bytes come in
// through on_bytes(); everything to send goes out through the SessionSink, so the same code
// runs over TLS, plain TCP, or in-process in the benchmark.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text.hpp"

namespace oex::sim {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
};

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual void close() = 0;
};

class Session;

// A venue's front end: what it answers to each request and message.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void on_http(Session& session, const HttpRequest& request) = 0;
  // Returns false after answering the upgrade request with an HTTP refusal itself.
  virtual bool on_ws_open(Session& session, const HttpRequest& request) = 0;
  virtual void on_ws_message(Session& session, std::string_view payload, bool binary) = 0;
  virtual void on_close(Session& session) = 0;
};

class Session {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
  static constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

  Session(Handler& handler, SessionSink& sink, std::uint64_t id) : handler_(handler), sink_(sink), id_(id) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void on_bytes(std::string_view bytes);
  // The socket closed or failed: tells the venue once.
  void on_disconnected();

  void respond(int status, std::string_view body, std::string_view content_type = "application/json");
  void send_text(std::string_view payload) { send_frame(0x1, payload); }
  void send_binary(std::string_view payload) { send_frame(0x2, payload); }
  // A WebSocket close frame with `code`, then the connection ends.
  void close_websocket(std::uint16_t code, std::string_view reason);
  void close();

  [[nodiscard]] std::uint64_t id() const noexcept { return id_; }
  [[nodiscard]] bool websocket() const noexcept { return websocket_; }
  [[nodiscard]] bool closed() const noexcept { return closed_; }
  [[nodiscard]] const std::string& ws_path() const noexcept { return ws_path_; }

  // Venue state kept on the session (authentication, subscriptions, the previous message the
  // reorder fault holds back).
  bool authenticated = false;
  std::string account;
  std::vector<std::string> topics;
  std::int64_t last_client_message_ms = 0;
  [[nodiscard]] bool subscribed(std::string_view topic) const noexcept;
  void subscribe(std::string_view topic);
  void unsubscribe(std::string_view topic);

 private:
  void parse_http();
  void parse_frames();
  void upgrade(const HttpRequest& request);
  void send_frame(std::uint8_t opcode, std::string_view payload);

  Handler& handler_;
  SessionSink& sink_;
  std::uint64_t id_;
  std::string in_;
  std::size_t pos_ = 0;  // bytes of in_ already handled
  std::string out_;
  std::string message_;  // a fragmented WebSocket message being assembled
  std::uint8_t message_opcode_ = 0;
  std::string ws_path_;
  bool websocket_ = false;
  bool closed_ = false;
  bool close_after_response_ = false;
  bool told_handler_ = false;
};

}  // namespace oex::sim
