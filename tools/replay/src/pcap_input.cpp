#include "oex/replay/pcap_input.hpp"

#include <pcap/pcap.h>

#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "oex/replay/endpoints.hpp"
#include "oex/replay/tcp_reassembly.hpp"

namespace oex::replay {
namespace {

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) noexcept {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

struct Endpoint {
  std::array<std::uint8_t, 16> addr{};
  std::uint16_t port = 0;
  friend bool operator<(const Endpoint& a, const Endpoint& b) noexcept {
    return a.addr != b.addr ? a.addr < b.addr : a.port < b.port;
  }
  friend bool operator==(const Endpoint& a, const Endpoint& b) noexcept = default;
};

struct TcpSegment {
  Endpoint src;
  Endpoint dst;
  std::uint32_t seq = 0;
  bool syn = false;
  bool ack = false;
  bool fin = false;
  bool rst = false;
  std::string_view payload;
};

// The link layer and IP header in front of a TCP segment; false for anything else.
bool parse_packet(int linktype, const std::uint8_t* data, std::size_t size, TcpSegment& out) noexcept {
  std::size_t offset = 0;
  std::uint16_t ethertype = 0;
  switch (linktype) {
    case DLT_EN10MB:
      if (size < 14) return false;
      ethertype = be16(data + 12);
      offset = 14;
      while (ethertype == 0x8100 || ethertype == 0x88a8) {  // VLAN tags
        if (size < offset + 4) return false;
        ethertype = be16(data + offset + 2);
        offset += 4;
      }
      break;
    case DLT_NULL:
    case DLT_LOOP: {
      if (size < 4) return false;
      offset = 4;
      const std::uint8_t version = size > 4 ? static_cast<std::uint8_t>(data[4] >> 4) : 0;
      ethertype = version == 6 ? 0x86dd : 0x0800;  // the family's byte order varies; the IP header says
      break;
    }
    case DLT_RAW:
#ifdef DLT_IPV4
    case DLT_IPV4:
    case DLT_IPV6:
#endif
    {
      if (size < 1) return false;
      ethertype = (data[0] >> 4) == 6 ? 0x86dd : 0x0800;
      break;
    }
    case DLT_LINUX_SLL:
      if (size < 16) return false;
      ethertype = be16(data + 14);
      offset = 16;
      break;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
      if (size < 20) return false;
      ethertype = be16(data);
      offset = 20;
      break;
#endif
    default: return false;
  }
  const std::uint8_t* ip = data + offset;
  std::size_t ip_size = size - offset;
  std::size_t tcp_offset = 0;
  if (ethertype == 0x0800) {
    if (ip_size < 20 || (ip[0] >> 4) != 4) return false;
    const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0F) * 4;
    const std::size_t total = be16(ip + 2);
    if (ihl < 20 || total < ihl || total > ip_size) return false;
    if (ip[9] != 6) return false;
    if ((be16(ip + 6) & 0x3FFF) != 0) return false;  // fragments: not reassembled
    ip_size = total;  // Ethernet pads short frames
    std::memcpy(out.src.addr.data(), ip + 12, 4);
    std::memcpy(out.dst.addr.data(), ip + 16, 4);
    tcp_offset = ihl;
  } else if (ethertype == 0x86dd) {
    if (ip_size < 40 || (ip[0] >> 4) != 6) return false;
    if (ip[6] != 6) return false;  // extension headers: not followed
    const std::size_t total = 40 + be16(ip + 4);
    if (total > ip_size) return false;
    ip_size = total;
    std::memcpy(out.src.addr.data(), ip + 8, 16);
    std::memcpy(out.dst.addr.data(), ip + 24, 16);
    tcp_offset = 40;
  } else {
    return false;
  }
  const std::uint8_t* tcp = ip + tcp_offset;
  const std::size_t tcp_size = ip_size - tcp_offset;
  if (tcp_size < 20) return false;
  const std::size_t header = static_cast<std::size_t>(tcp[12] >> 4) * 4;
  if (header < 20 || header > tcp_size) return false;
  out.src.port = be16(tcp);
  out.dst.port = be16(tcp + 2);
  out.seq = be32(tcp + 4);
  const std::uint8_t flags = tcp[13];
  out.fin = (flags & 0x01) != 0;
  out.syn = (flags & 0x02) != 0;
  out.rst = (flags & 0x04) != 0;
  out.ack = (flags & 0x10) != 0;
  out.payload = {reinterpret_cast<const char*>(tcp + header), tcp_size - header};
  return true;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_like_request(std::string_view data) noexcept {
  for (const std::string_view m : {"GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "PATCH ", "OPTIONS "}) {
    if (data.starts_with(m)) return true;
  }
  return false;
}

struct Headers {
  std::optional<std::size_t> content_length;
  bool chunked = false;
  bool upgrade_websocket = false;
  bool bad = false;
  std::string_view host;
};

Headers parse_headers(std::string_view block) noexcept {
  Headers h;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol == std::string_view::npos ? block.size() : eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      std::size_t n = 0;
      if (value.empty()) h.bad = true;
      for (const char c : value) {
        if (c < '0' || c > '9' || n > (std::size_t{1} << 40)) {
          h.bad = true;
          break;
        }
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      h.content_length = n;
    } else if (iequals(name, "transfer-encoding")) {
      h.chunked = value.size() >= 7 && iequals(value.substr(value.size() - 7), "chunked");
    } else if (iequals(name, "upgrade")) {
      h.upgrade_websocket = iequals(value, "websocket");
    } else if (iequals(name, "host")) {
      h.host = value;
    }
  }
  return h;
}

enum class BodyState { complete, need_more, bad };

// A chunked body at the front of `data`: its decoded bytes and how much of `data` it used.
BodyState read_chunked(std::string_view data, std::string& body, std::size_t& used) {
  body.clear();
  std::size_t at = 0;
  while (true) {
    const std::size_t eol = data.find("\r\n", at);
    if (eol == std::string_view::npos) return BodyState::need_more;
    std::size_t size = 0;
    std::size_t digits = 0;
    for (std::size_t i = at; i < eol && data[i] != ';'; ++i, ++digits) {
      const char c = data[i];
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0 || size > (std::size_t{1} << 36)) return BodyState::bad;
      size = size * 16 + static_cast<std::size_t>(v);
    }
    if (digits == 0) return BodyState::bad;
    at = eol + 2;
    if (size == 0) {
      // Trailers end with an empty line.
      const std::size_t end = data.find("\r\n", at);
      if (end == std::string_view::npos) return BodyState::need_more;
      if (end == at) {
        used = at + 2;
        return BodyState::complete;
      }
      const std::size_t trailers_end = data.find("\r\n\r\n", at);
      if (trailers_end == std::string_view::npos) return BodyState::need_more;
      used = trailers_end + 4;
      return BodyState::complete;
    }
    if (data.size() < at + size + 2) return BodyState::need_more;
    body.append(data.substr(at, size));
    if (data.substr(at + size, 2) != "\r\n") return BodyState::bad;
    at += size + 2;
  }
}

std::optional<Venue> venue_from_host(std::string_view host) noexcept {
  for (const Venue v : kAllVenues) {
    if (host.find(to_string(v)) != std::string_view::npos) return v;
  }
  return std::nullopt;
}

std::optional<Venue> venue_from_request(std::string_view method, std::string_view target) noexcept {
  RequestLine r;
  r.method = method;
  r.path = target;
  if (const std::size_t q = target.find('?'); q != std::string_view::npos) {
    r.path = target.substr(0, q);
    r.query = target.substr(q + 1);
  }
  if (r.path.starts_with("/api/v3.3/") || r.path.starts_with("/ws/spot") || r.path.starts_with("/ws/oss")) {
    return Venue::btse;
  }
  if (r.path.starts_with("/ws/v1") || digifinex_endpoint(r)) return Venue::digifinex;
  if (gct_endpoint(r)) return Venue::gct;
  if (deflow_endpoint(r)) return Venue::deflow;
  if (r.path == "/ws" || cryptomus_endpoint(r) || cryptomus_order_endpoint(r)) return Venue::cryptomus;
  return std::nullopt;
}

class TrafficReplayer {
 public:
  TrafficReplayer(Replayer& replayer, const PcapOptions& options) : replayer_(replayer), options_(options) {}

  void on_packet(std::int64_t ts, std::uint64_t number, const TcpSegment& s) {
    ts_ = ts;
    number_ = number;
    const bool forward = s.src < s.dst;
    const Key key = forward ? Key{s.src, s.dst} : Key{s.dst, s.src};
    auto it = connections_.find(key);
    if (it == connections_.end()) {
      if (s.payload.empty() && !s.syn) return;  // a stray ACK or FIN of a connection not seen
      it = connections_.emplace(key, std::make_unique<Connection>()).first;
    }
    Connection& c = *it->second;
    if (s.syn) {
      if (!c.client_known && !s.ack) set_client(c, s.src, s.dst);
      if (!c.client_known && s.ack) set_client(c, s.dst, s.src);
      direction(c, s.src).on_syn(s.seq);
      return;
    }
    if (!c.client_known && !s.payload.empty()) {
      if (starts_like_request(s.payload)) set_client(c, s.src, s.dst);
      else if (s.payload.starts_with("HTTP/1.")) set_client(c, s.dst, s.src);
      else if (s.src.port > s.dst.port) set_client(c, s.src, s.dst);
      else set_client(c, s.dst, s.src);
    }
    const std::string_view data = direction(c, s.src).on_segment(s.seq, s.payload);
    if (data.empty()) return;
    const bool from_client = s.src == c.client;
    (from_client ? c.client_bytes : c.server_bytes).append(data);
    if (from_client) {
      drain_client(c);
    } else {
      drain_server(c);
    }
  }

 private:
  struct Key {
    Endpoint a;
    Endpoint b;
    friend bool operator<(const Key& x, const Key& y) noexcept {
      return x.a < y.a || (x.a == y.a && x.b < y.b);
    }
  };
  struct Message {  // a WebSocket message being joined from fragments
    std::string data;
    std::uint8_t opcode = 0;
    bool open = false;
  };
  struct Connection {
    bool client_known = false;
    Endpoint client;
    Endpoint server;
    TcpDirection to_server;
    TcpDirection to_client;
    std::string client_bytes;  // reassembled, not yet consumed
    std::string server_bytes;
    std::deque<std::string> requests;  // "METHOD target" awaiting their responses, in order
    bool client_ws = false;
    bool server_ws = false;
    bool broken = false;  // the byte stream could not be read: the rest of it is skipped
    Message client_message;
    Message server_message;
    std::optional<Venue> venue;
    std::string body;
  };

  void set_client(Connection& c, const Endpoint& client, const Endpoint& server) {
    c.client_known = true;
    c.client = client;
    c.server = server;
    for (const auto& [port, venue] : options_.venue_ports) {
      if (port == server.port) c.venue = venue;
    }
  }

  TcpDirection& direction(Connection& c, const Endpoint& from) {
    if (!c.client_known) return from < c.server ? c.to_server : c.to_client;  // before roles are known
    return from == c.client ? c.to_server : c.to_client;
  }

  void error(const Connection& c, std::string_view code, std::string_view detail) {
    replayer_.report_error(ts_, c.venue, code, detail, number_);
  }

  void emit(Connection& c, Direction dir, Channel ch, std::string_view req, std::optional<int> status,
            std::string_view payload, bool binary) {
    if (!c.venue) {
      error(c, "unknown_venue", "no --venue-port, Host or path names the venue of this connection");
      return;
    }
    CaptureRecord r;
    r.ts = ts_;
    r.venue = *c.venue;
    r.dir = dir;
    r.ch = ch;
    r.req = req;
    r.status = status;
    r.payload = payload;
    r.binary = binary;
    replayer_.feed(r, number_);
  }

  void drain_client(Connection& c) {
    std::string& buf = c.client_bytes;
    while (!buf.empty() && !c.broken) {
      if (c.client_ws) {
        if (!read_frame(c, buf, c.client_message, Direction::out)) return;
        continue;
      }
      const std::size_t end = buf.find("\r\n\r\n");
      if (end == std::string::npos) return;
      const std::string_view head(buf.data(), end);
      const std::size_t eol = head.find("\r\n");
      const std::string_view request_line = head.substr(0, eol);
      const std::size_t sp1 = request_line.find(' ');
      const std::size_t sp2 = request_line.rfind(' ');
      if (sp1 == std::string_view::npos || sp2 <= sp1) {
        broken(c, buf, "bad_http_request");
        return;
      }
      const std::string_view method = request_line.substr(0, sp1);
      std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      if (const std::size_t scheme = target.find("://"); scheme != std::string_view::npos) {
        const std::size_t path = target.find('/', scheme + 3);
        target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
      }
      const Headers h = parse_headers(eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2));
      if (h.bad) {
        broken(c, buf, "bad_http_request");
        return;
      }
      std::size_t used = end + 4;
      std::string_view body;
      if (h.chunked) {
        std::size_t chunk_used = 0;
        const BodyState st = read_chunked(std::string_view(buf).substr(used), c.body, chunk_used);
        if (st == BodyState::need_more) return;
        if (st == BodyState::bad) {
          broken(c, buf, "bad_http_chunk");
          return;
        }
        body = c.body;
        used += chunk_used;
      } else if (h.content_length) {
        if (buf.size() < used + *h.content_length) return;
        body = std::string_view(buf).substr(used, *h.content_length);
        used += *h.content_length;
      }
      if (!c.venue) c.venue = venue_from_host(h.host);
      if (!c.venue) c.venue = venue_from_request(method, target);
      std::string req = std::string(method).append(" ").append(target);
      if (h.upgrade_websocket) {
        c.client_ws = true;  // what follows from the client is WebSocket frames
      } else {
        emit(c, Direction::out, Channel::http, req, std::nullopt, body, false);
      }
      c.requests.push_back(h.upgrade_websocket ? std::string("upgrade") : std::move(req));
      buf.erase(0, used);
    }
  }

  void drain_server(Connection& c) {
    std::string& buf = c.server_bytes;
    while (!buf.empty() && !c.broken) {
      if (c.server_ws) {
        if (!read_frame(c, buf, c.server_message, Direction::in)) return;
        continue;
      }
      const std::size_t end = buf.find("\r\n\r\n");
      if (end == std::string::npos) return;
      const std::string_view head(buf.data(), end);
      const std::size_t eol = head.find("\r\n");
      const std::string_view status_line = head.substr(0, eol);
      int status = 0;
      if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
        broken(c, buf, "bad_http_response");
        return;
      }
      for (std::size_t i = 9; i < 12; ++i) {
        const char d = status_line[i];
        if (d < '0' || d > '9') {
          broken(c, buf, "bad_http_response");
          return;
        }
        status = status * 10 + (d - '0');
      }
      const Headers h = parse_headers(eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2));
      if (h.bad) {
        broken(c, buf, "bad_http_response");
        return;
      }
      std::size_t used = end + 4;
      if (status >= 100 && status < 200 && status != 101) {  // interim: the real answer follows
        buf.erase(0, used);
        continue;
      }
      std::string req;
      if (!c.requests.empty()) {
        req = std::move(c.requests.front());
        c.requests.pop_front();
      }
      if (status == 101) {
        c.server_ws = true;
        buf.erase(0, used);
        continue;
      }
      const bool no_body = status == 204 || status == 304 || req.starts_with("HEAD ");
      std::string_view body;
      if (!no_body && h.chunked) {
        std::size_t chunk_used = 0;
        const BodyState st = read_chunked(std::string_view(buf).substr(used), c.body, chunk_used);
        if (st == BodyState::need_more) {
          c.requests.push_front(std::move(req));
          return;
        }
        if (st == BodyState::bad) {
          broken(c, buf, "bad_http_chunk");
          return;
        }
        body = c.body;
        used += chunk_used;
      } else if (!no_body && h.content_length) {
        if (buf.size() < used + *h.content_length) {
          c.requests.push_front(std::move(req));
          return;
        }
        body = std::string_view(buf).substr(used, *h.content_length);
        used += *h.content_length;
      } else if (!no_body) {
        // Delimited by the close: everything the server sent after the head.
        body = std::string_view(buf).substr(used);
        used = buf.size();
      }
      if (req.empty()) {
        error(c, "unmatched_response", "a response without a request");
      } else {
        emit(c, Direction::in, Channel::http, req, status, body, false);
      }
      buf.erase(0, used);
    }
  }

  // One frame off the front of `buf`; false when it is not all there yet.
  bool read_frame(Connection& c, std::string& buf, Message& message, Direction dir) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(buf.data());
    if (buf.size() < 2) return false;
    const bool fin = (p[0] & 0x80) != 0;
    const std::uint8_t opcode = p[0] & 0x0F;
    const bool masked = (p[1] & 0x80) != 0;
    std::uint64_t length = p[1] & 0x7F;
    std::size_t at = 2;
    if (length == 126) {
      if (buf.size() < 4) return false;
      length = be16(p + 2);
      at = 4;
    } else if (length == 127) {
      if (buf.size() < 10) return false;
      length = (static_cast<std::uint64_t>(be32(p + 2)) << 32) | be32(p + 6);
      at = 10;
      if (length > (std::uint64_t{1} << 32)) {
        broken(c, buf, "bad_ws_frame");
        return false;
      }
    }
    std::array<std::uint8_t, 4> mask{};
    if (masked) {
      if (buf.size() < at + 4) return false;
      std::memcpy(mask.data(), p + at, 4);
      at += 4;
    }
    if (buf.size() < at + length) return false;
    std::string_view payload(buf.data() + at, static_cast<std::size_t>(length));
    if (masked) {
      for (std::size_t i = 0; i < payload.size(); ++i) buf[at + i] = static_cast<char>(buf[at + i] ^ mask[i % 4]);
    }
    const std::size_t used = at + static_cast<std::size_t>(length);
    if (opcode >= 8) {  // control frames: close, ping, pong carry no venue message
      buf.erase(0, used);
      return true;
    }
    if (opcode == 0) {
      if (!message.open) {
        error(c, "bad_ws_frame", "a continuation frame without a message");
      } else {
        message.data.append(payload);
        if (fin) {
          message.open = false;
          emit(c, dir, Channel::ws, {}, std::nullopt, message.data, message.opcode == 2);
        }
      }
    } else if (opcode == 1 || opcode == 2) {
      if (message.open) error(c, "bad_ws_frame", "a new message before the last one ended");
      if (fin) {
        message.open = false;
        emit(c, dir, Channel::ws, {}, std::nullopt, payload, opcode == 2);
      } else {
        message.open = true;
        message.opcode = opcode;
        message.data.assign(payload);
      }
    } else {
      broken(c, buf, "bad_ws_frame");
      return false;
    }
    buf.erase(0, used);
    return true;
  }

  void broken(Connection& c, std::string& buf, std::string_view code) {
    error(c, code, "the rest of this connection's stream is skipped");
    c.broken = true;
    buf.clear();
  }

  Replayer& replayer_;
  const PcapOptions& options_;
  std::map<Key, std::unique_ptr<Connection>> connections_;
  std::int64_t ts_ = 0;
  std::uint64_t number_ = 0;
};

struct PcapCloser {
  void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};

}  // namespace

bool replay_pcap(const std::string& path, Replayer& replayer, std::string& error, const PcapOptions& options) {
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  std::unique_ptr<pcap_t, PcapCloser> pcap(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf.data()));
  if (!pcap) {
    error = errbuf.data();
    return false;
  }
  const int linktype = pcap_datalink(pcap.get());
  switch (linktype) {
    case DLT_EN10MB:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
    case DLT_LINUX_SLL:
#ifdef DLT_IPV4
    case DLT_IPV4:
    case DLT_IPV6:
#endif
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
#endif
      break;
    default: error = std::string("unsupported link type ") + std::to_string(linktype); return false;
  }
  TrafficReplayer traffic(replayer, options);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint64_t number = 0;
  while (true) {
    const int rc = pcap_next_ex(pcap.get(), &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;
    ++number;
    if (rc != 1) {
      replayer.report_error(0, std::nullopt, "bad_pcap_record", pcap_geterr(pcap.get()), number);
      break;  // libpcap cannot resynchronise inside a damaged file
    }
    TcpSegment segment;
    if (!parse_packet(linktype, data, header->caplen, segment)) continue;  // not TCP: not venue traffic
    if (header->caplen < header->len) {
      replayer.report_error(0, std::nullopt, "truncated_packet", "snap length shorter than the packet", number);
      continue;
    }
    const std::int64_t ts = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000'000 + header->ts.tv_usec;
    traffic.on_packet(ts, number, segment);
  }
  return true;
}

}  // namespace oex::replay
