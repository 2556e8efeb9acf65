#include "oex/capture/capture_writer.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace oex::capture {
namespace {

TEST(CaptureFormat, LinesFollowTheArchitectureContract) {
  Redactor redactor;
  Record ws;
  ws.ts_ns = 1700000000000000001ULL;
  ws.venue = Venue::btse;
  ws.payload = "{\"topic\":\"fills\",\"note\":\"a\\\"b\n\"}";
  EXPECT_EQ(format_line(ws, redactor),
            R"({"ts":1700000000000000001,"venue":"btse","dir":"in","ch":"ws","text":"{\"topic\":\"fills\",\"note\":\"a\\\"b\u000a\"}"})");
  Record http;
  http.ts_ns = 5;
  http.venue = Venue::deflow;
  http.direction = Direction::in;
  http.channel = Channel::http;
  http.status = 200;
  http.request = "POST /v1/order";
  http.payload = R"({"code":"0","msg":"suc","data":{"order_id":3}})";
  EXPECT_EQ(format_line(http, redactor),
            R"({"ts":5,"venue":"deflow","dir":"in","ch":"http","req":"POST /v1/order","status":200,"text":"{\"code\":\"0\",\"msg\":\"suc\",\"data\":{\"order_id\":3}}"})");
  Record frame;
  frame.venue = Venue::digifinex;
  frame.binary = true;
  frame.payload = std::string_view("\x78\x9c\x01\x02", 4);
  EXPECT_EQ(format_line(frame, redactor), R"({"ts":0,"venue":"digifinex","dir":"in","ch":"ws","b64":"eJwBAg=="})");
}

// The text is escaped sixteen bytes at a time: every byte that needs it, at every place in a
// block, in blocks with quotes only and in blocks with control bytes too.
TEST(CaptureFormat, EscapesEveryQuoteBackslashAndControlByteWhereverItFalls) {
  Redactor redactor;
  for (std::size_t lead = 0; lead < 40; ++lead) {
    std::string text(lead, 'x');
    std::string escaped(lead, 'x');
    for (int i = 0; i < 12; ++i) {
      text += R"({"k":"v\"},)";
      escaped += R"({\"k\":\"v\\\"},)";
    }
    text += std::string("\x01 \x1f\x7f\xc3\xa9", 6);
    escaped += "\\u0001 \\u001f\x7f\xc3\xa9";
    Record r;
    r.payload = text;
    EXPECT_EQ(format_line(r, redactor), R"({"ts":0,"venue":"digifinex","dir":"in","ch":"ws","text":")" + escaped + "\"}")
        << "after " << lead << " bytes";
  }
}

TEST(CaptureWriter, DrainsTheRingToTheFileRedacted) {
  const std::string path = ::testing::TempDir() + "capture-" + std::to_string(::getpid()) + ".jsonl";
  CaptureRing ring(1 << 16);
  Redactor redactor;
  redactor.add_secret("SECRET-KEY-123");
  {
    auto writer = CaptureWriter::start(ring, path, redactor);
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (int i = 0; i < 100; ++i) {
      Record r;
      r.ts_ns = static_cast<std::uint64_t>(i);
      r.venue = Venue::gct;
      r.direction = Direction::out;
      r.payload = i % 2 ? "{\"accessKey\":\"SECRET-KEY-123\"}" : "{\"ping\":1}";
      while (!ring.record(r)) {
      }
    }
  }  // the writer drains what is left before it stops
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  std::stringstream all;
  while (std::getline(in, line)) {
    ++lines;
    all << line << '\n';
  }
  EXPECT_EQ(lines, 100);
  EXPECT_EQ(all.str().find("SECRET-KEY-123"), std::string::npos);
  EXPECT_NE(all.str().find(R"("ts":99,)"), std::string::npos);
  std::remove(path.c_str());
}

TEST(CaptureWriter, AnUnwritablePathIsAStartUpError) {
  CaptureRing ring(4096);
  const auto writer = CaptureWriter::start(ring, "/nonexistent-dir/x.jsonl", Redactor{});
  EXPECT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("/nonexistent-dir/x.jsonl"), std::string::npos);
}

TEST(CaptureWriter, RunsPinnedToAnAvailableCpuAndRefusesAnotherAtStartUp) {
  const std::string path = ::testing::TempDir() + "capture-pinned-" + std::to_string(::getpid()) + ".jsonl";
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int cpu = 0;
  while (!CPU_ISSET(cpu, &allowed)) ++cpu;
  CaptureRing ring(4096);
  {
    auto writer = CaptureWriter::start(ring, path, Redactor{}, cpu);
    ASSERT_TRUE(writer.ok()) << writer.status();
    Record r;
    r.ts_ns = 7;
    r.venue = Venue::gct;
    r.payload = R"({"a":1})";
    ASSERT_TRUE(ring.record(r));
  }  // the destructor writes what is left
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_NE(line.find(R"("ts":7,)"), std::string::npos) << line;
  const auto refused = CaptureWriter::start(ring, path, Redactor{}, CPU_SETSIZE + 5);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not available"), std::string::npos) << refused.status();
  std::remove(path.c_str());
}

}  // namespace
}  // namespace oex::capture
