// pcap input: the test writes pcaps with libpcap's dump API from synthesized Ethernet/IPv4/TCP
// packets (segments out of order, retransmitted, two connections interleaved, HTTP pipelining,
// a chunked body, WebSocket frames masked and fragmented with a ping between the fragments),
// replays them, and compares with the replay of the same messages as a JSON-lines capture.
#include <gtest/gtest.h>
#include <libdeflate.h>
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "oex/replay/input.hpp"
#include "oex/replay/pcap_input.hpp"
#include "oex/replay/replayer.hpp"

namespace oex::replay {
namespace {

std::string fixture(const std::string& venue, const std::string& name) {
  std::ifstream in(std::string(OEX_SOURCE_DIR) + "/tests/codecs/" + venue + "/fixtures/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string zlib_deflate(const std::string& text) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_zlib_compress_bound(c, text.size()), '\0');
  out.resize(libdeflate_zlib_compress(c, text.data(), text.size(), out.data(), out.size()));
  libdeflate_free_compressor(c);
  return out;
}

// A WebSocket frame; masked frames use a fixed key (client to server).
std::string ws_frame(std::uint8_t opcode, bool fin, const std::string& payload, bool masked) {
  std::string f;
  f += static_cast<char>((fin ? 0x80 : 0) | opcode);
  const std::uint8_t mask_bit = masked ? 0x80 : 0;
  if (payload.size() < 126) {
    f += static_cast<char>(mask_bit | payload.size());
  } else {
    f += static_cast<char>(mask_bit | 126);
    f += static_cast<char>(payload.size() >> 8);
    f += static_cast<char>(payload.size() & 0xFF);
  }
  const char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) f.append(key, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) f += masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
  return f;
}

struct Packet {
  std::int64_t ts = 0;
  std::string bytes;
};

// One TCP connection's packets, with each side's sequence numbers kept.
class Flow {
 public:
  Flow(std::uint8_t client_host, std::uint16_t client_port, std::uint16_t server_port, std::uint32_t client_isn,
       std::uint32_t server_isn)
      : client_host_(client_host), client_port_(client_port), server_port_(server_port),
        client_seq_(client_isn), server_seq_(server_isn) {}

  Packet syn() { return make(true, client_seq_++, 0x02, ""); }
  Packet syn_ack() { return make(false, server_seq_++, 0x12, ""); }
  Packet from_client(const std::string& data) { return advance(true, data); }
  Packet from_server(const std::string& data) { return advance(false, data); }

 private:
  Packet advance(bool from_client, const std::string& data) {
    std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
    Packet p = make(from_client, seq, 0x18, data);
    seq += static_cast<std::uint32_t>(data.size());
    return p;
  }
  Packet make(bool from_client, std::uint32_t seq, std::uint8_t flags, const std::string& data) const {
    std::string b;
    b.append("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00", 14);
    const std::size_t total = 20 + 20 + data.size();
    const std::uint8_t src = from_client ? client_host_ : 1;
    const std::uint8_t dst = from_client ? 1 : client_host_;
    const unsigned char ip[20] = {0x45, 0, static_cast<unsigned char>(total >> 8), static_cast<unsigned char>(total),
                                  0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, src, 10, 0, 0, dst};
    b.append(reinterpret_cast<const char*>(ip), 20);
    const std::uint16_t sport = from_client ? client_port_ : server_port_;
    const std::uint16_t dport = from_client ? server_port_ : client_port_;
    const unsigned char tcp[20] = {static_cast<unsigned char>(sport >> 8), static_cast<unsigned char>(sport),
                                   static_cast<unsigned char>(dport >> 8), static_cast<unsigned char>(dport),
                                   static_cast<unsigned char>(seq >> 24), static_cast<unsigned char>(seq >> 16),
                                   static_cast<unsigned char>(seq >> 8), static_cast<unsigned char>(seq),
                                   0, 0, 0, 1, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0};
    b.append(reinterpret_cast<const char*>(tcp), 20);
    b += data;
    return {0, b};
  }
  std::uint8_t client_host_;
  std::uint16_t client_port_;
  std::uint16_t server_port_;
  std::uint32_t client_seq_;
  std::uint32_t server_seq_;
};

std::string write_pcap(const std::string& name, std::vector<Packet> packets) {
  const std::string path = ::testing::TempDir() + name;
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  EXPECT_NE(dumper, nullptr) << pcap_geterr(dead);
  std::int64_t ts = 1'700'000'000'000'000'000;
  for (Packet& p : packets) {
    ts += 1000;
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(ts / 1'000'000'000);
    h.ts.tv_usec = static_cast<suseconds_t>(ts % 1'000'000'000);
    h.caplen = static_cast<bpf_u_int32>(p.bytes.size());
    h.len = h.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, reinterpret_cast<const u_char*>(p.bytes.data()));
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  return path;
}

// The same packets as a pcapng file (section header, one Ethernet interface, enhanced packet
// blocks with microsecond times), written by hand: libpcap reads pcapng but does not write it.
std::string write_pcapng(const std::string& name, const std::vector<Packet>& packets) {
  std::string out;
  auto u32 = [&out](std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [&out](std::uint16_t v) { out.append(reinterpret_cast<const char*>(&v), 2); };
  u32(0x0A0D0D0A);
  u32(28);
  u32(0x1A2B3C4D);
  u16(1);
  u16(0);
  u32(0xFFFFFFFF);
  u32(0xFFFFFFFF);
  u32(28);
  u32(1);
  u32(20);
  u16(1);  // LINKTYPE_ETHERNET
  u16(0);
  u32(65535);
  u32(20);
  std::uint64_t ts_us = 1'700'000'000'000'000;
  for (const Packet& p : packets) {
    ts_us += 1;
    const std::size_t padded = (p.bytes.size() + 3) / 4 * 4;
    const auto total = static_cast<std::uint32_t>(32 + padded);
    u32(6);
    u32(total);
    u32(0);
    u32(static_cast<std::uint32_t>(ts_us >> 32));
    u32(static_cast<std::uint32_t>(ts_us));
    u32(static_cast<std::uint32_t>(p.bytes.size()));
    u32(static_cast<std::uint32_t>(p.bytes.size()));
    out += p.bytes;
    out.append(padded - p.bytes.size(), '\0');
    u32(total);
  }
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << out;
  return path;
}

// The output without its "ts":<n>, fields (the two inputs stamp messages differently).
std::string strip_ts(const std::string& out) {
  std::string stripped;
  std::size_t at = 0;
  while (true) {
    const std::size_t ts = out.find("\"ts\":", at);
    if (ts == std::string::npos) break;
    stripped.append(out, at, ts - at);
    std::size_t end = ts + 5;
    while (end < out.size() && out[end] >= '0' && out[end] <= '9') ++end;
    at = end < out.size() && out[end] == ',' ? end + 1 : end;
  }
  return stripped + out.substr(at);
}

std::string replay_pcap_file(const std::string& path, const PcapOptions& options = {}) {
  Replayer r;
  std::string error;
  EXPECT_TRUE(replay_pcap(path, r, error, options)) << error;
  r.finish();
  return std::string(r.output());
}

std::string replay_capture(const std::string& capture) {
  Replayer r;
  replay_jsonl(capture, r);
  r.finish();
  return std::string(r.output());
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

class PcapReplay : public ::testing::Test {
 protected:
  const std::string query_body = fixture("btse", "rest_query_order.json");
  const std::string time_body = fixture("btse", "rest_time.json");
  const std::string query_req = "GET /api/v3.3/order?orderID=9be4a6bb&symbol=BTC-USD";
  const std::string subscribe = R"({"id":12312,"method":"order.subscribe","params":["BTC_USDT"]})";
  const std::string subscribed = fixture("digifinex", "order_subscribe_response.json");
  const std::string order_update = fixture("digifinex", "order_update.json");
};

TEST_F(PcapReplay, ReassemblesHttpAndWebSocketAcrossTwoConnections) {
  // Connection 1: BTSE REST, two pipelined requests; the first answer arrives in three segments
  // out of order with a retransmission, the second is chunked.
  Flow http(2, 50000, 80, 0xFFFFFF00u, 7000);  // the client's sequence numbers wrap
  std::vector<Packet> h;
  h.push_back(http.syn());
  h.push_back(http.syn_ack());
  h.push_back(http.from_client(query_req + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /api/v3.3/time HTTP/1.1\r\n"
                               "Host: 127.0.0.1\r\n\r\n"));
  const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                             std::to_string(query_body.size()) + "\r\n\r\n" + query_body;
  const std::size_t third = answer.size() / 3;
  const Packet a1 = http.from_server(answer.substr(0, third));
  const Packet a2 = http.from_server(answer.substr(third, third));
  const Packet a3 = http.from_server(answer.substr(2 * third));
  std::ostringstream chunked;
  chunked << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" << std::hex << 5 << "\r\n"
          << time_body.substr(0, 5) << "\r\n" << (time_body.size() - 5) << "\r\n" << time_body.substr(5)
          << "\r\n0\r\n\r\n";
  const Packet t1 = http.from_server(chunked.str());

  // Connection 2: DigiFinex WebSocket; the client's frame is masked, the server's order update is
  // deflated and fragmented with a ping between the fragments, its segments swapped.
  Flow ws(3, 50001, 443, 1000, 90000);
  std::vector<Packet> w;
  w.push_back(ws.syn());
  w.push_back(ws.syn_ack());
  w.push_back(ws.from_client("GET /ws/v1/ HTTP/1.1\r\nHost: openapi.digifinex.com\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"));
  w.push_back(ws.from_server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
  w.push_back(ws.from_client(ws_frame(1, true, subscribe, true)));
  w.push_back(ws.from_server(ws_frame(2, true, zlib_deflate(subscribed), false)));
  const std::string deflated = zlib_deflate(order_update);
  const Packet f1 = ws.from_server(ws_frame(2, false, deflated.substr(0, 10), false) + ws_frame(9, true, "", false));
  const Packet f2 = ws.from_server(ws_frame(0, true, deflated.substr(10), false));

  // Interleaved in time; a2 before a1, a1 twice; f2 before f1.
  const std::vector<Packet> packets = {h[0], w[0], h[1], w[1], h[2], w[2], w[3], a2, w[4], a1, w[5], a1, f2, a3, f1, t1};
  const std::string path = write_pcap("two_connections.pcap", packets);

  const std::string capture =
      R"({"ts":0,"venue":"btse","dir":"out","ch":"http","req":")" + query_req + R"(","text":""})" "\n"
      R"({"ts":0,"venue":"btse","dir":"out","ch":"http","req":"GET /api/v3.3/time","text":""})" "\n"
      R"({"ts":0,"venue":"digifinex","dir":"out","ch":"ws","text":)" + json_string(subscribe) + "}\n"
      R"({"ts":0,"venue":"digifinex","dir":"in","ch":"ws","text":)" + json_string(subscribed) + "}\n"
      R"({"ts":0,"venue":"btse","dir":"in","ch":"http","req":")" + query_req + R"(","status":200,"text":)" +
      json_string(query_body) + "}\n"
      R"({"ts":0,"venue":"digifinex","dir":"in","ch":"ws","text":)" + json_string(order_update) + "}\n"
      R"({"ts":0,"venue":"btse","dir":"in","ch":"http","req":"GET /api/v3.3/time","status":200,"text":)" +
      json_string(time_body) + "}\n";
  const std::string from_pcap = replay_pcap_file(path);
  const std::string from_capture = replay_capture(capture);
  EXPECT_EQ(from_pcap.find("\"event\":\"error\""), std::string::npos) << from_pcap;
  EXPECT_EQ(strip_ts(from_pcap), strip_ts(from_capture));
  EXPECT_NE(from_pcap.find("\"event\":\"subscribed\",\"topic\":\"order.subscribe\""), std::string::npos) << from_pcap;
  EXPECT_NE(from_pcap.find("\"event\":\"server_time\""), std::string::npos) << from_pcap;
  // pcapng carries the same packets to the same output (times aside: microseconds there).
  EXPECT_EQ(strip_ts(replay_pcap_file(write_pcapng("two_connections.pcapng", packets))), strip_ts(from_pcap));
  // The answer completed by its last segment (the 14th packet) carries that packet's time.
  EXPECT_NE(from_pcap.find("\"ts\":1700000000000014000,\"venue\":\"btse\",\"event\":\"order\""), std::string::npos)
      << from_pcap;
}

TEST_F(PcapReplay, TheVenuePortOptionNamesAConnectionNothingElseNames) {
  Flow push(4, 50002, 9443, 5, 6);
  const std::string deal = fixture("gct", "push_transaction.json");
  const std::vector<Packet> packets = {
      push.syn(), push.syn_ack(),
      push.from_client("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
      push.from_server("HTTP/1.1 101 Switching Protocols\r\n\r\n"), push.from_server(ws_frame(1, true, deal, false))};
  const std::string path = write_pcap("venue_port.pcap", packets);

  const std::string unnamed = replay_pcap_file(path);
  EXPECT_NE(unnamed.find("\"code\":\"unknown_venue\""), std::string::npos) << unnamed;
  EXPECT_NE(unnamed.find("\"line\":5"), std::string::npos) << unnamed;  // the packet number

  PcapOptions options;
  options.venue_ports.emplace_back(9443, Venue::gct);
  const std::string named = replay_pcap_file(path, options);
  EXPECT_NE(named.find("\"venue\":\"gct\",\"event\":\"fill\",\"order_id\":\"1382913578910371842\""), std::string::npos)
      << named;
}

TEST_F(PcapReplay, BrokenStreamsGiveErrorsAndOtherConnectionsGoOn) {
  Flow bad(5, 50003, 80, 100, 200);
  Flow good(6, 50004, 80, 300, 400);
  const std::vector<Packet> packets = {
      bad.from_client("GET /api/v3.3/time HTTP/1.1\r\n\r\n"),
      bad.from_server("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}"),
      good.from_client("GET /api/v3.3/time HTTP/1.1\r\n\r\n"),
      good.from_server("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(time_body.size()) + "\r\n\r\n" +
                       time_body)};
  const std::string out = replay_pcap_file(write_pcap("broken.pcap", packets));
  EXPECT_NE(out.find("\"code\":\"bad_http_response\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"event\":\"server_time\""), std::string::npos) << out;
}

TEST_F(PcapReplay, RequestBodiesGiveTheirAnswersParametersAndOrderPathsNameTheirVenues) {
  // Three connections to 127.0.0.1 (no Host names a venue): the order-entry paths do. The Deflow
  // DELETE carries its order id and symbol only in its form body; the DigiFinex new order its
  // symbol; the Cryptomus new order its market and client id in a JSON body.
  Flow deflow(7, 50005, 8081, 1000, 2000);
  Flow digifinex(8, 50006, 8082, 3000, 4000);
  Flow cryptomus(9, 50007, 8083, 5000, 6000);
  const std::string cancel_body = "api_key=k&order_id=77&symbol=ethusdt&time=1&sign=00";
  const std::string cancel_ok = R"({"code":"0","msg":"suc","data":{}})";
  const std::string new_body = "symbol=btc_usdt&type=buy&amount=0.01&price=29000&post_only=0";
  const std::string new_ok = fixture("digifinex", "rest/new_order_accepted.json");
  const std::string order_body = R"({"market":"BTC_USDT","direction":"buy","quantity":"0.5","price":"30000.1","client_order_id":"c-9"})";
  const std::string order_ok = fixture("cryptomus", "order_rest/new_order_ack.json");
  auto request = [](const std::string& line, const std::string& type, const std::string& body) {
    return line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  auto answer = [](const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  const std::vector<Packet> packets = {
      deflow.from_client(request("DELETE /v1/order", "application/x-www-form-urlencoded", cancel_body)),
      digifinex.from_client(request("POST /v3/spot/order/new", "application/x-www-form-urlencoded", new_body)),
      cryptomus.from_client(request("POST /v2/user-api/exchange/orders", "application/json", order_body)),
      deflow.from_server(answer(cancel_ok)),
      digifinex.from_server(answer(new_ok)),
      cryptomus.from_server(answer(order_ok))};
  const std::string out = replay_pcap_file(write_pcap("order_entry.pcap", packets));
  EXPECT_EQ(out.find("unknown_venue"), std::string::npos) << out;
  EXPECT_EQ(out.find("unknown_endpoint"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("venue":"deflow","event":"cancel_ack","order_id":"77","client_order_id":null,"symbol":"ethusdt")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("venue":"digifinex","event":"new_ack","order_id":"00000000075bcd150000000000000007","client_order_id":null,"symbol":"btc_usdt")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("venue":"cryptomus","event":"new_ack","order_id":"01J7E836F6K5KCX5DP2W0F6FAG","client_order_id":"c-9","symbol":"BTC_USDT")"),
            std::string::npos)
      << out;
}

TEST(PcapInput, AFileThatIsNotAPcapIsUnreadable) {
  const std::string path = ::testing::TempDir() + "not.pcap";
  std::ofstream(path) << "\xd4\xc3\xb2\xa1 truncated";
  Replayer r;
  std::string error;
  EXPECT_FALSE(replay_pcap(path, r, error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace oex::replay
