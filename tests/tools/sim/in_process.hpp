#pragma once
// A venue of the simulator driven in-process, without sockets: HTTP requests and WebSocket
// frames go into a Session as bytes, and its answers come back parsed, so a test can hand
// them to the venue's codec and compare with the exchange behind the venue.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exchange.hpp"
#include "session.hpp"
#include "venues.hpp"

namespace oex::sim::testing {

struct CaptureSink final : SessionSink {
  std::string bytes;
  bool closed = false;
  void write(std::string_view data) override { bytes.append(data); }
  void close() override { closed = true; }
};

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// One HTTP request through a fresh session of `handler`, the answer parsed.
inline HttpAnswer exchange_http(Handler& handler, const std::string& request, std::uint64_t id) {
  CaptureSink sink;
  Session session(handler, sink, id);
  session.on_bytes(request);
  HttpAnswer answer;
  const std::string& out = sink.bytes;
  if (out.rfind("HTTP/1.1 ", 0) == 0) {
    answer.status = std::stoi(out.substr(9, 3));
    const std::size_t end = out.find("\r\n\r\n");
    if (end != std::string::npos) answer.body = out.substr(end + 4);
  }
  session.on_disconnected();
  return answer;
}

// Two markets with seeded synthetic books, a logical clock and no rate limits (tests call
// faster than the documents allow).
struct InProcessVenue {
  using Make = std::unique_ptr<Venue> (*)(Credentials, std::unique_ptr<Exchange>, std::uint64_t);

  InProcessVenue(const std::string& name, Make make, Exchange::IdMaker ids) {
    ExchangeConfig config;
    config.venue = name;
    config.symbols = {SymbolSpec{"BTC", "USDT", 30000 * kAmountScale, kAmountScale / 2, kAmountScale / 1000},
                      SymbolSpec{"ETH", "USDT", 2000 * kAmountScale, kAmountScale / 100, kAmountScale / 100}};
    config.seed = 11;
    venue = make(credentials, std::make_unique<Exchange>(config, clock, std::move(ids), nullptr), 3);
    venue->set_rate_limits(false);
  }

  Exchange& exchange() { return venue->exchange(); }

  // Other participants trade for a while, so the tape, candles and books have something in them.
  void trade_a_while(int steps = 400) {
    for (int i = 0; i < steps; ++i) exchange().synthetic_step();
  }

  HttpAnswer http(const std::string& method, const std::string& target, const std::vector<std::string>& headers = {},
                  const std::string& body = "") {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const std::string& header : headers) request += header + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return exchange_http(*venue, request, next_id++);
  }

  Clock clock{true};
  Credentials credentials{"test-key", "test-secret", "123456", "654321"};
  std::unique_ptr<Venue> venue;
  std::uint64_t next_id = 1;
};

// One WebSocket connection to an in-process venue; frames the venue sends are kept in order.
class WsConnection {
 public:
  WsConnection(InProcessVenue& venue, const std::string& target)
      : session_(std::make_unique<Session>(*venue.venue, sink_, venue.next_id++)) {
    session_->on_bytes("GET " + target +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    const std::size_t end = sink_.bytes.find("\r\n\r\n");
    upgraded_ = sink_.bytes.rfind("HTTP/1.1 101", 0) == 0 && end != std::string::npos;
    if (end != std::string::npos) sink_.bytes.erase(0, end + 4);
  }
  ~WsConnection() {
    if (!session_->closed()) session_->on_disconnected();
  }
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  [[nodiscard]] bool upgraded() const noexcept { return upgraded_; }

  // A masked text frame, as clients must send.
  void send(std::string_view text) {
    std::string frame;
    frame.push_back(static_cast<char>(0x81));
    if (text.size() < 126) {
      frame.push_back(static_cast<char>(0x80 | text.size()));
    } else {
      frame.push_back(static_cast<char>(0x80 | 126));
      frame.push_back(static_cast<char>(text.size() >> 8));
      frame.push_back(static_cast<char>(text.size() & 0xFF));
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < text.size(); ++i) frame.push_back(static_cast<char>(text[i] ^ mask[i % 4]));
    session_->on_bytes(frame);
  }

  // Every complete frame the venue sent since the last call, payloads only, in order.
  std::vector<std::string> frames() {
    std::vector<std::string> out;
    std::string& in = sink_.bytes;
    std::size_t pos = 0;
    while (in.size() - pos >= 2) {
      const auto b1 = static_cast<std::uint8_t>(in[pos + 1]);
      std::uint64_t length = b1 & 0x7F;
      std::size_t header = 2;
      if (length == 126) {
        if (in.size() - pos < 4) break;
        length = (std::uint64_t{static_cast<std::uint8_t>(in[pos + 2])} << 8) | static_cast<std::uint8_t>(in[pos + 3]);
        header = 4;
      } else if (length == 127) {
        if (in.size() - pos < 10) break;
        length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<std::uint8_t>(in[pos + 2 + i]);
        header = 10;
      }
      if (in.size() - pos - header < length) break;
      out.push_back(in.substr(pos + header, length));
      pos += header + length;
    }
    in.erase(0, pos);
    return out;
  }

 private:
  CaptureSink sink_;
  std::unique_ptr<Session> session_;
  bool upgraded_ = false;
};

}  // namespace oex::sim::testing
