// Capture under load: the loop records every message into the ring at full speed while the
// writer thread drains it. Nothing blocks the loop; every message is either in the file or
// counted as dropped; no line carries a secret. (The latency cost, capture on beside off, is
// measured in bench/engine.)
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "allocation_counter.hpp"
#include "oex/capture/capture_writer.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/engine/session_host.hpp"

namespace oex::engine {
namespace {

constexpr std::string_view kApiKey = "capture-load-test-api-key-0123456789";
constexpr std::string_view kNotification =
    R"({"topic":"notificationApiV3","data":{"symbol":"BTC-USD","orderID":"5f2a7c1e-1b2d-4e8f-9a0b-3c4d5e6f7a81","side":"BUY","orderType":"76","price":"30000.5","avgFilledPrice":30000.5,"status":5,"clOrderID":"7","maker":true,"timestamp":1700000001456,"time_in_force":"GTC","txType":0,"originalOrderBaseSize":1.5,"currentOrderBaseSize":1.5,"filledBaseSize":0.4,"totalFilledBaseSize":0.4,"remainingBaseSize":1.1,"orderCurrency":"base"}})";

EngineConfig one_venue() {
  EngineConfig config;
  VenueConfig btse;
  btse.venue = Venue::btse;
  btse.instruments.push_back({"BTC-USD", *Decimal::parse("0.5"), *Decimal::parse("0.0001")});
  config.venues.push_back(btse);
  return config;
}

std::size_t count_lines(const std::string& path, std::string_view forbidden, bool& found) {
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    found = found || line.find(forbidden) != std::string::npos;
  }
  return n;
}

TEST(CaptureUnderLoad, EveryMessageIsWrittenOrCountedAndNoneCarriesASecret) {
  const EngineConfig config = one_venue();
  oms::OrderManager orders(oms::OmsConfig{});
  risk::RiskGate risk(config.risk, orders);
  const Clock clock = Clock::calibrate();
  SessionHost host(config, orders, risk, clock);
  capture::CaptureRing ring(1u << 20);  // small: the writer cannot always keep up, so drops happen
  host.set_capture(&ring);
  const std::string path = ::testing::TempDir() + "/capture_load_test.jsonl";
  capture::Redactor redactor;
  redactor.add_secret(kApiKey);
  auto writer = capture::CaptureWriter::start(ring, path, redactor);
  ASSERT_TRUE(writer.ok()) << writer.status();

  codecs::btse::WsDecoder decoder;
  const std::string request = "request-api: " + std::string(kApiKey);
  auto sink = [&host](const auto& e) {
    if constexpr (requires { host.deliver(e); }) (void)host.deliver(e);
  };
  constexpr int kMessages = 200'000;
  std::size_t allocations = 0;
  for (int i = 0; i < kMessages; ++i) {
    testing::AllocationScope scope;
    {
      InboundMessage message(host, Venue::btse, capture::Channel::ws, kNotification);
      ASSERT_EQ(decoder.decode(kNotification, sink), codecs::CodecError::ok);
    }
    if (i % 16 == 0) host.message_out(Venue::btse, capture::Channel::http, request, "POST /spot/api/v3.3/order");
    if (i > 0) allocations += scope.allocations();
  }
  const std::uint64_t offered = kMessages + (kMessages + 15) / 16;
  EXPECT_EQ(allocations, 0u) << "the loop allocated while capturing";
  EXPECT_EQ(host.counters().messages_in, static_cast<std::uint64_t>(kMessages));
  writer->reset();  // drains the rest and closes the file
  EXPECT_EQ(ring.recorded() + ring.dropped(), offered);
  bool leaked = false;
  EXPECT_EQ(count_lines(path, kApiKey, leaked), ring.recorded());
  EXPECT_FALSE(leaked) << "the API key reached the capture";
  EXPECT_GT(ring.recorded(), 0u);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace oex::engine
