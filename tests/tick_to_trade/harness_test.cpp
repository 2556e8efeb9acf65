// The tick-to-trade harness with a small count: every message books one fill and produces one
// framed order request, on our path and on the usual way; every histogram counted its half of the
// messages (stamped at every stage, or at the ends only); the JSON report parses and carries the percentiles; the SVG is a chart of every venue.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/tick_to_trade/harness.hpp"
#include "oex/tick_to_trade/notifications.hpp"
#include "oex/tick_to_trade/report.hpp"

namespace {

using oex::Venue;
using namespace oex::t2t;

constexpr std::uint64_t kMessages = 1500;

RunOptions small_run() {
  RunOptions o;
  o.messages = kMessages;
  o.warmup = 50;
  o.fixtures_dir = OEX_SOURCE_DIR "/tests/codecs";
  return o;
}

// One run of every venue, shared by the tests below (each venue takes a moment).
const std::vector<std::unique_ptr<VenueRun>>& all_runs() {
  static const std::vector<std::unique_ptr<VenueRun>> runs = [] {
    std::vector<std::unique_ptr<VenueRun>> r;
    const oex::Clock clock = oex::Clock::calibrate(5);
    for (const Venue v : oex::kAllVenues) r.push_back(run_venue(v, small_run(), clock));
    return r;
  }();
  return runs;
}

std::vector<const VenueRun*> views() {
  std::vector<const VenueRun*> v;
  for (const auto& r : all_runs()) v.push_back(r.get());
  return v;
}

// The Content-Length header's value equals the bytes after the blank line.
void expect_well_framed(const std::string& request) {
  ASSERT_TRUE(request.starts_with("POST ")) << request;
  const std::size_t head_end = request.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_NE(request.find(" HTTP/1.1\r\nHost: "), std::string::npos);
  const std::size_t at = request.find("Content-Length: ");
  ASSERT_NE(at, std::string::npos);
  std::size_t length = 0;
  const char* digits = request.data() + at + 16;
  std::from_chars(digits, request.data() + head_end, length);
  EXPECT_EQ(length, request.size() - head_end - 4);
  EXPECT_GT(length, 0u);
}

TEST(TickToTradeHarness, EveryMessageBooksOneFillAndProducesOneOrderOnBothPaths) {
  for (const auto& run : all_runs()) {
    SCOPED_TRACE(std::string(oex::to_string(run->venue)));
    EXPECT_EQ(run->messages, kMessages);
    for (const PipelineCounters* c : {&run->ours_counters, &run->baseline_counters}) {
      EXPECT_EQ(c->messages, kMessages);
      EXPECT_EQ(c->fills_booked, kMessages);
      EXPECT_EQ(c->requests_framed, kMessages);
      EXPECT_EQ(c->decode_errors, 0u);
      EXPECT_EQ(c->apply_errors, 0u);
      EXPECT_EQ(c->rejected, 0u);
    }
  }
}

TEST(TickToTradeHarness, EveryHistogramCountedItsHalfOfTheMessages) {
  for (const auto& run : all_runs()) {
    SCOPED_TRACE(std::string(oex::to_string(run->venue)));
    for (std::size_t i = 0; i < kStageCount; ++i) {
      const auto stage = static_cast<Stage>(i);
      // Half the messages are stamped at every stage, the other half only at their ends.
      const std::uint64_t expected = stage == Stage::inflate && run->venue != Venue::digifinex ? 0 : kMessages / 2;
      EXPECT_EQ(run->ours[stage].count(), expected) << stage_name(stage);
      EXPECT_EQ(run->baseline[stage].count(), expected) << stage_name(stage);
    }
    // The whole is at least its longest part.
    EXPECT_GE(run->ours[Stage::tick_to_trade].max(), run->ours[Stage::decode].min());
  }
}

TEST(TickToTradeHarness, BothPathsFrameACompleteSignedHttpRequest) {
  for (const auto& run : all_runs()) {
    SCOPED_TRACE(std::string(oex::to_string(run->venue)));
    expect_well_framed(run->ours_request);
    expect_well_framed(run->baseline_request);
  }
  const VenueRun& btse = *all_runs()[1];
  ASSERT_EQ(btse.venue, Venue::btse);
  EXPECT_TRUE(btse.ours_request.starts_with("POST /spot/api/v3.3/order HTTP/1.1\r\nHost: api.btse.com\r\n"));
  EXPECT_NE(btse.ours_request.find("request-sign: "), std::string::npos);
  const VenueRun& digifinex = *all_runs()[0];
  EXPECT_TRUE(digifinex.ours_request.starts_with("POST /v3/spot/order/new HTTP/1.1\r\n"));
  EXPECT_NE(digifinex.ours_request.find("ACCESS-SIGN: "), std::string::npos);
  const VenueRun& cryptomus = *all_runs()[2];
  EXPECT_TRUE(cryptomus.ours_request.starts_with("POST /v2/user-api/exchange/orders HTTP/1.1\r\n"));
  EXPECT_NE(cryptomus.ours_request.find("\r\nsign: "), std::string::npos);
  const VenueRun& gct = *all_runs()[3];
  EXPECT_NE(gct.ours_request.find("\"signature\":\""), std::string::npos);
  const VenueRun& deflow = *all_runs()[4];
  EXPECT_NE(deflow.ours_request.find("&sign="), std::string::npos);
}

TEST(TickToTradeReport, JsonParsesWithOrderedPercentilesForEveryVenueAndStage) {
  const std::vector<const VenueRun*> runs = views();
  MachinePauses machine;
  machine.spun_ns = 1'000'000'000;
  for (int i = 0; i < 1000; ++i) machine.pauses.record(40'000);  // 1000 a second of 40 us
  machine.paused_ns = 40'000'000;
  const std::string json = report_json(runs, ReportInfo{50, true, &machine});
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  ASSERT_TRUE(doc["venues"].IsObject());
  for (const Venue v : oex::kAllVenues) {
    const std::string name(oex::to_string(v));
    SCOPED_TRACE(name);
    ASSERT_TRUE(doc["venues"].HasMember(name.c_str()));
    const auto& venue = doc["venues"][name.c_str()];
    EXPECT_EQ(venue["messages"].GetUint64(), kMessages);
    for (const char* side : {"ours", "baseline"}) {
      const auto& stages = venue[side]["stages"];
      EXPECT_EQ(stages.HasMember("inflate"), v == Venue::digifinex);
      for (const char* stage : {"decode", "apply", "strategy", "risk", "encode_sign", "framing", "tick_to_trade"}) {
        ASSERT_TRUE(stages.HasMember(stage)) << side << " " << stage;
        const auto& p = stages[stage];
        EXPECT_EQ(p["count"].GetUint64(), kMessages / 2);
        EXPECT_LE(p["p50"].GetUint64(), p["p90"].GetUint64());
        EXPECT_LE(p["p90"].GetUint64(), p["p99"].GetUint64());
        EXPECT_LE(p["p99"].GetUint64(), p["p99.9"].GetUint64());
        EXPECT_LE(p["p99.9"].GetUint64(), p["max"].GetUint64());
      }
      EXPECT_GT(stages["tick_to_trade"]["p50"].GetUint64(), 0u);
      EXPECT_EQ(venue[side]["counters"]["requests_framed"].GetUint64(), kMessages);
    }
    EXPECT_TRUE(venue["tick_to_trade"]["ratio_p50"].IsNumber());
    EXPECT_TRUE(venue["tick_to_trade"]["p999_target_met"].IsBool());
    // 1000 pauses a second meet a path of p50 ns in p50 / 1e6 of the messages.
    const double p50 = static_cast<double>(venue["ours"]["stages"]["tick_to_trade"]["p50"].GetUint64());
    EXPECT_NEAR(venue["tick_to_trade"]["ours_p50_share_meeting_a_pause"].GetDouble(), p50 / 1e6, 1e-5);
  }
  ASSERT_TRUE(doc.HasMember("machine_pauses"));
  EXPECT_DOUBLE_EQ(doc["machine_pauses"]["per_second"].GetDouble(), 1000.0);
  EXPECT_DOUBLE_EQ(doc["machine_pauses"]["share_of_time"].GetDouble(), 0.04);
  EXPECT_EQ(doc["machine_pauses"]["pause"]["count"].GetUint64(), 1000u);
}

TEST(TickToTradeMachinePauses, APauseIsAClockStepAboveTheThresholdAndIsCountedInTheSpunTime) {
  const oex::Clock clock = oex::Clock::calibrate(10);
  const MachinePauses m = measure_machine_pauses(clock, 20'000'000);
  EXPECT_GE(m.spun_ns, 20'000'000u);
  EXPECT_LE(m.paused_ns, m.spun_ns);
  EXPECT_GE(m.paused_ns, m.pauses.count() * kPauseThresholdNs);
  if (m.pauses.count() > 0) {
    EXPECT_GT(m.pauses.min(), kPauseThresholdNs);
  }
}

TEST(TickToTradeMachinePauses, TheShareOfMessagesHitIsRateTimesPathLength) {
  MachinePauses m;
  m.spun_ns = 2'000'000'000;
  for (int i = 0; i < 3000; ++i) m.pauses.record(30'000);
  EXPECT_DOUBLE_EQ(m.per_second(), 1500.0);
  EXPECT_DOUBLE_EQ(m.share_of_messages_hit(2'000), 0.003);  // 1500/s x 2 us
  EXPECT_DOUBLE_EQ(MachinePauses{}.per_second(), 0.0);
}

TEST(TickToTradeReport, SvgIsOneDocumentWithAPanelPerVenue) {
  const std::vector<const VenueRun*> runs = views();
  const std::string svg = report_svg(runs);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(svg.find("<svg", 1), std::string::npos);
  for (const Venue v : oex::kAllVenues) {
    EXPECT_NE(svg.find(">" + std::string(oex::to_string(v)) + ", tick-to-trade, 1500 messages</text>"), std::string::npos);
  }
  EXPECT_NE(svg.find("fill=\"#1f77b4\""), std::string::npos);  // ours
  EXPECT_NE(svg.find("fill=\"#d62728\""), std::string::npos);  // the usual way
  const std::string table = report_table(runs, ReportInfo{});
  EXPECT_NE(table.find("| gct |"), std::string::npos);
  EXPECT_EQ(table.find("machine:"), std::string::npos);
}

TEST(TickToTradeNotifications, EachMessageNamesItsOrderAndTheClientIdGiven) {
  NotificationSource btse(Venue::btse, OEX_SOURCE_DIR "/tests/codecs");
  const std::string second_id(btse.venue_order_id(1));
  const Notification m = btse.build(1, "2500000000000000007");
  const std::string text(reinterpret_cast<const char*>(m.bytes.data()), m.bytes.size());
  EXPECT_EQ(m.venue_order_id, second_id);
  EXPECT_NE(text.find("\"orderID\":\"" + second_id + "\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"clOrderID\":\"2500000000000000007\""), std::string::npos) << text;
  EXPECT_EQ(text.find(' '), std::string::npos);  // compact, as the venue sends it
  EXPECT_NE(std::string(btse.venue_order_id(0)), second_id);

  NotificationSource cryptomus(Venue::cryptomus, OEX_SOURCE_DIR "/tests/codecs");
  const Notification c = cryptomus.build(3, "");
  const std::string ctext(reinterpret_cast<const char*>(c.bytes.data()), c.bytes.size());
  EXPECT_NE(ctext.find("\"clientOid\":null"), std::string::npos) << ctext;
  EXPECT_NE(ctext.find("\"id\":\"3\""), std::string::npos) << ctext;  // the message id stays

  NotificationSource deflow(Venue::deflow, OEX_SOURCE_DIR "/tests/codecs");
  const Notification d = deflow.build(5, "");
  const std::string dtext(reinterpret_cast<const char*>(d.bytes.data()), d.bytes.size());
  EXPECT_NE(dtext.find("\"id\":" + std::string(d.venue_order_id) + ","), std::string::npos) << dtext;
}

TEST(TickToTradeNotifications, DigifinexFramesAreDeflatedAndInflateToTheText) {
  NotificationSource source(Venue::digifinex, OEX_SOURCE_DIR "/tests/codecs");
  const Notification m = source.build(9, "");
  oex::codecs::digifinex::FrameInflater inflater;
  std::vector<char> out(8192);
  const auto text = inflater.inflate(m.bytes, out);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, source.last_text());
  EXPECT_NE(text->find("\"method\":\"order.update\""), std::string::npos);
  EXPECT_NE(text->find(std::string(m.venue_order_id)), std::string::npos);
}

TEST(TickToTradeNotifications, MissingFixtureIsReportedAtStartUp) {
  EXPECT_THROW(NotificationSource(Venue::gct, "/nonexistent/fixtures"), std::runtime_error);
}

}  // namespace
