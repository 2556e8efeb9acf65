// Acceptance 4: --help explains every flag; a burst of one million orders leaves the resident
// size flat (closed orders are kept in a bounded window, nothing else grows per order).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "sim_process.hpp"

namespace oex::sim::testing {
namespace {

TEST(SimHelp, ExplainsEveryFlag) {
  const CommandResult help = run(std::string(OEX_SIM_BINARY) + " --help");
  EXPECT_EQ(help.status, 0);
  for (const char* flag : {"--help", "--plain", "--seed", "--fault-seed", "--port-base", "--control-port", "--ground-truth",
                           "--logical-clock", "--activity-ms", "--no-rate-limits", "--finished-kept", "--fault"}) {
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
  for (const char* fault : {"drop", "duplicate", "reorder", "corrupt", "skip_seq", "reject", "delay_ms", "throttle"}) {
    EXPECT_NE(help.output.find(fault), std::string::npos) << fault;
  }
  const CommandResult unknown = run(std::string(OEX_SIM_BINARY) + " --no-such-flag", true);
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.output.find("unknown flag --no-such-flag"), std::string::npos);
}

// Pipelined signed BTSE orders over one plain connection; returns the number answered 200.
std::size_t send_orders(int fd, const std::string& request, std::size_t count) {
  constexpr std::size_t kBatch = 500;
  std::string batch;
  for (std::size_t i = 0; i < kBatch; ++i) batch += request;
  std::size_t answered = 0;
  std::string pending;
  char buffer[1 << 16];
  for (std::size_t sent = 0; sent < count; sent += kBatch) {
    const char* p = batch.data();
    std::size_t left = batch.size();
    while (left > 0) {
      const ssize_t n = ::send(fd, p, left, 0);
      if (n <= 0) return answered;
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    std::size_t responses = 0;
    while (responses < kBatch) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return answered;
      pending.append(buffer, static_cast<std::size_t>(n));
      std::size_t at = 0;
      while ((at = pending.find("HTTP/1.1 ", at)) != std::string::npos && at + 12 <= pending.size()) {
        ++responses;
        answered += pending.compare(at + 9, 3, "200") == 0;
        at += 12;
      }
      // Keep only a tail that could hold the start of a split status line.
      const std::size_t keep = std::min<std::size_t>(pending.size(), 11);
      if (at == std::string::npos) pending.erase(0, pending.size() - keep);
      else pending.erase(0, at);
    }
  }
  return answered;
}

TEST(SimMemory, MillionOrderBurstKeepsResidentSizeFlat) {
  // Under AddressSanitizer freed memory sits in a quarantine; keep it small so RSS reflects use.
  ::setenv("ASAN_OPTIONS", "quarantine_size_mb=4:detect_leaks=0", 1);
  SimProcess sim({"--plain", "--no-rate-limits", "--activity-ms", "0"});
  ASSERT_TRUE(sim.ready());
  const std::string rest = sim.field("btse", "rest");  // http://127.0.0.1:PORT/spot
  const int port = std::atoi(rest.c_str() + rest.rfind(':') + 1);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);

  // An immediate-or-cancel buy far below the market: booked, cancelled, never resting.
  const std::string body = R"({"symbol":"BTC-USDT","size":0.001,"price":1000,"side":"BUY","type":"LIMIT","time_in_force":"IOC"})";
  const std::string nonce = now_ms_text();
  const std::string sign = openssl_hmac_hex("sha384", sim.field("btse", "secret"), "/api/v3.3/order" + nonce + body);
  const std::string request = "POST /spot/api/v3.3/order HTTP/1.1\r\nHost: 127.0.0.1\r\nrequest-api: " +
                              sim.field("btse", "api_key") + "\r\nrequest-nonce: " + nonce + "\r\nrequest-sign: " + sign +
                              "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\n\r\n" + body;

  ASSERT_EQ(send_orders(fd, request, 100'000), 100'000u);  // warm-up: the bounded windows fill
  const long before = sim.resident_kb();
  ASSERT_EQ(send_orders(fd, request, 1'000'000), 1'000'000u);
  const long after = sim.resident_kb();
  ::close(fd);
  ASSERT_GT(before, 0);
  EXPECT_LT(after - before, 8 * 1024) << "VmRSS grew from " << before << " kB to " << after << " kB";
  std::cout << "VmRSS before " << before << " kB, after 1,000,000 orders " << after << " kB\n";
}

}  // namespace
}  // namespace oex::sim::testing
