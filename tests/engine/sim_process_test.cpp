// The simulator harness the demo and the end-to-end tests stand on: it starts oex-sim, reads its
// start lines, and produces an engine configuration that the engine's own parser accepts.
#include "oex/tools/sim_process.hpp"

#include <gtest/gtest.h>

#include "oex/engine/config.hpp"

namespace oex::tools {
namespace {

TEST(SimProcess, StartsTheSimulatorAndDescribesEveryVenue) {
  auto sim = SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0"}, "", false});
  ASSERT_TRUE(sim.ok()) << sim.status();
  ASSERT_EQ((*sim)->venues().size(), kAllVenues.size());
  for (const Venue v : kAllVenues) {
    const SimVenue* venue = (*sim)->venue(v);
    ASSERT_NE(venue, nullptr) << to_string(v);
    EXPECT_EQ(venue->field("rest").rfind("https://127.0.0.1:", 0), 0u) << to_string(v);
    EXPECT_FALSE(venue->field("ca").empty());
    EXPECT_FALSE(venue->field("secret").empty());
  }
  EXPECT_TRUE((*sim)->control("/step?n=1").ok());
  EXPECT_FALSE((*sim)->control("/fault?venue=nowhere&drop=1").ok());
}

TEST(SimProcess, ItsEngineConfigurationParsesAndNamesCredentialsOnly) {
  auto sim = SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0"}, "", false});
  ASSERT_TRUE(sim.ok()) << sim.status();
  const std::string json = (*sim)->engine_config_json();
  for (const std::string& secret : (*sim)->secrets()) EXPECT_EQ(json.find(secret), std::string::npos);
  auto config = engine::parse_engine_config(json, (*sim)->environment());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->venues.size(), kAllVenues.size());
  for (const engine::VenueConfig& v : config->venues) {
    EXPECT_FALSE(v.api_key.empty());
    EXPECT_FALSE(v.secret.empty());
    EXPECT_EQ(v.instruments.size(), 2u);
  }
  const auto only = engine::parse_engine_config((*sim)->engine_config_json({Venue::btse}), (*sim)->environment());
  ASSERT_TRUE(only.ok()) << only.status();
  ASSERT_EQ(only->venues.size(), 1u);
  EXPECT_TRUE(only->venues[0].book_ws.has_value());
}

TEST(SimProcess, PlainModeGivesPlainUrls) {
  auto sim = SimProcess::start({OEX_SIM_BINARY, {"--activity-ms", "0"}, "", true});
  ASSERT_TRUE(sim.ok()) << sim.status();
  EXPECT_EQ((*sim)->venue(Venue::btse)->field("rest").rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_TRUE((*sim)->venue(Venue::btse)->field("ca").empty());
}

TEST(SimProcess, AMissingBinaryIsAClearError) {
  auto sim = SimProcess::start({"/nonexistent/oex-sim", {}, "", false});
  ASSERT_FALSE(sim.ok());
  EXPECT_NE(std::string(sim.status().message()).find("did not start"), std::string::npos);
}

}  // namespace
}  // namespace oex::tools
