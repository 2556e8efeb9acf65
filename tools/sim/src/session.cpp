#include "session.hpp"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha.h>

#include <algorithm>
#include <charconv>

namespace oex::sim {

const std::string* HttpRequest::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers) {
    if (equal_ignore_case(key, name)) return &value;
  }
  return nullptr;
}

bool Session::subscribed(std::string_view topic) const noexcept {
  return std::find(topics.begin(), topics.end(), topic) != topics.end();
}

void Session::subscribe(std::string_view topic) {
  if (!subscribed(topic)) topics.emplace_back(topic);
}

void Session::unsubscribe(std::string_view topic) {
  topics.erase(std::remove(topics.begin(), topics.end(), topic), topics.end());
}

void Session::on_bytes(std::string_view bytes) {
  if (closed_) return;
  in_.append(bytes);
  if (websocket_) {
    parse_frames();
  } else {
    parse_http();
  }
  // Consumed bytes go in one move per read, not one per request or frame.
  in_.erase(0, pos_);
  pos_ = 0;
}

void Session::on_disconnected() {
  closed_ = true;
  if (!told_handler_) {
    told_handler_ = true;
    handler_.on_close(*this);
  }
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  sink_.close();
  on_disconnected();
}

namespace {
std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}
}  // namespace

void Session::parse_http() {
  while (!closed_ && !websocket_) {
    const std::string_view buffer = std::string_view(in_).substr(pos_);
    const std::size_t end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (buffer.size() > kMaxHeaderBytes) {
        respond(413, R"({"error":"request header too large"})");
        close();
      }
      return;
    }
    HttpRequest request;
    std::string_view head(buffer.data(), end);
    const std::size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.substr(sp2 + 1).substr(0, 5) != "HTTP/") {
      respond(400, R"({"error":"malformed request line"})");
      close();
      return;
    }
    request.method = std::string(line.substr(0, sp1));
    request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    const std::size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    std::string_view rest = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
    while (!rest.empty()) {
      const std::size_t next = rest.find("\r\n");
      const std::string_view header = rest.substr(0, next);
      const std::size_t colon = header.find(':');
      if (colon == std::string_view::npos) {
        respond(400, R"({"error":"malformed header"})");
        close();
        return;
      }
      request.headers.emplace_back(std::string(trim(header.substr(0, colon))), std::string(trim(header.substr(colon + 1))));
      if (next == std::string_view::npos) break;
      rest.remove_prefix(next + 2);
    }
    std::size_t body_length = 0;
    if (const std::string* length = request.header("Content-Length")) {
      const auto [ptr, ec] = std::from_chars(length->data(), length->data() + length->size(), body_length);
      if (ec != std::errc() || ptr != length->data() + length->size()) {
        respond(400, R"({"error":"bad Content-Length"})");
        close();
        return;
      }
    } else if (request.header("Transfer-Encoding") != nullptr) {
      respond(411, R"({"error":"chunked bodies are not accepted; send Content-Length"})");
      close();
      return;
    }
    if (body_length > kMaxBodyBytes) {
      respond(413, R"({"error":"body too large"})");
      close();
      return;
    }
    if (buffer.size() < end + 4 + body_length) return;
    request.body = std::string(buffer.substr(end + 4, body_length));
    pos_ += end + 4 + body_length;
    if (const std::string* connection = request.header("Connection")) {
      if (lower(*connection).find("close") != std::string::npos) close_after_response_ = true;
    }
    const std::string* upgrade_header = request.header("Upgrade");
    if (upgrade_header != nullptr && equal_ignore_case(*upgrade_header, "websocket")) {
      upgrade(request);
      continue;  // a pipelined first frame follows in in_
    }
    handler_.on_http(*this, request);
    if (close_after_response_) close();
  }
  if (websocket_ && !closed_ && pos_ < in_.size()) parse_frames();
}

void Session::upgrade(const HttpRequest& request) {
  const std::string* key = request.header("Sec-WebSocket-Key");
  if (request.method != "GET" || key == nullptr) {
    respond(400, R"({"error":"bad WebSocket upgrade"})");
    close();
    return;
  }
  ws_path_ = request.target;
  if (!handler_.on_ws_open(*this, request)) {
    close();
    return;
  }
  const std::string accept_input = *key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::uint8_t digest[WC_SHA_DIGEST_SIZE];
  wc_ShaHash(reinterpret_cast<const byte*>(accept_input.data()), static_cast<word32>(accept_input.size()), digest);
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ";
  append_base64(response, digest, sizeof digest);
  response += "\r\n\r\n";
  sink_.write(response);
  websocket_ = true;
}

void Session::respond(int status, std::string_view body, std::string_view content_type) {
  if (closed_) return;
  out_.clear();
  out_ += "HTTP/1.1 ";
  append_int(out_, status);
  out_.push_back(' ');
  out_ += reason_phrase(status);
  out_ += "\r\nContent-Type: ";
  out_ += content_type;
  out_ += "\r\nContent-Length: ";
  append_int(out_, static_cast<std::int64_t>(body.size()));
  out_ += close_after_response_ ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
  out_ += body;
  sink_.write(out_);
}

void Session::send_frame(std::uint8_t opcode, std::string_view payload) {
  if (closed_ || !websocket_) return;
  out_.clear();
  out_.push_back(static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    out_.push_back(static_cast<char>(payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    out_.push_back(static_cast<char>(126));
    out_.push_back(static_cast<char>(payload.size() >> 8));
    out_.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    out_.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((static_cast<std::uint64_t>(payload.size()) >> shift) & 0xFF));
    }
  }
  out_ += payload;
  sink_.write(out_);
}

void Session::close_websocket(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload += reason.substr(0, 120);
  send_frame(0x8, payload);
  close();
}

void Session::parse_frames() {
  while (!closed_) {
    char* const frame = in_.data() + pos_;
    const std::size_t available = in_.size() - pos_;
    if (available < 2) return;
    const auto b0 = static_cast<std::uint8_t>(frame[0]);
    const auto b1 = static_cast<std::uint8_t>(frame[1]);
    const bool fin = (b0 & 0x80) != 0;
    const std::uint8_t opcode = b0 & 0x0F;
    if ((b0 & 0x70) != 0) {
      close_websocket(1002, "reserved bits set");
      return;
    }
    if ((b1 & 0x80) == 0) {
      close_websocket(1002, "client frames must be masked");
      return;
    }
    std::uint64_t length = b1 & 0x7F;
    std::size_t offset = 2;
    if (length == 126) {
      if (available < 4) return;
      length = (std::uint64_t{static_cast<std::uint8_t>(frame[2])} << 8) | static_cast<std::uint8_t>(frame[3]);
      offset = 4;
    } else if (length == 127) {
      if (available < 10) return;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<std::uint8_t>(frame[2 + i]);
      offset = 10;
    }
    if (length > kMaxMessageBytes) {
      close_websocket(1009, "message too big");
      return;
    }
    if (available < offset + 4 + length) return;
    const char* mask = frame + offset;
    char* payload = frame + offset + 4;
    for (std::size_t i = 0; i < length; ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    const std::string_view data(payload, length);
    const std::size_t consumed = offset + 4 + length;
    if (opcode >= 0x8) {
      if (!fin || length > 125) {
        close_websocket(1002, "bad control frame");
        return;
      }
      if (opcode == 0x8) {
        send_frame(0x8, data.substr(0, std::min<std::size_t>(data.size(), 2)));
        close();
        return;
      }
      if (opcode == 0x9) {
        const std::string pong(data);
        pos_ += consumed;
        send_frame(0xA, pong);
        continue;
      }
      pos_ += consumed;  // an unsolicited pong
      continue;
    }
    if (opcode == 0x0) {
      if (message_opcode_ == 0) {
        close_websocket(1002, "continuation without a message");
        return;
      }
      message_.append(data);
    } else if (opcode == 0x1 || opcode == 0x2) {
      if (message_opcode_ != 0) {
        close_websocket(1002, "new message inside a fragmented one");
        return;
      }
      message_opcode_ = opcode;
      message_.assign(data);
    } else {
      close_websocket(1002, "unknown opcode");
      return;
    }
    pos_ += consumed;
    if (message_.size() > kMaxMessageBytes) {
      close_websocket(1009, "message too big");
      return;
    }
    if (fin) {
      const bool binary = message_opcode_ == 0x2;
      message_opcode_ = 0;
      const std::string message = std::move(message_);
      message_.clear();
      handler_.on_ws_message(*this, message, binary);
    }
  }
}

}  // namespace oex::sim
