#include "oex/engine/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace oex::engine {
namespace {

Environment fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const Environment kEnv = fake_env({{"BTSE_KEY", "key-value-123"}, {"BTSE_SECRET", "secret-value-456"}});

constexpr std::string_view kValid = R"({
  "cpu": 1,
  "capacities": {"orders": 1024},
  "venues": {
    "btse": {
      "rest": "https://127.0.0.1:8443/spot", "ws": "wss://localhost/ws/spot",
      "credentials": {"api_key": "BTSE_KEY", "secret": "BTSE_SECRET"},
      "instruments": [{"symbol": "BTC-USD", "tick": "0.5", "lot": "0.0001"}]
    }
  },
  "risk": {"defaults": {"max_order_qty": "2"}}
})";

TEST(EngineConfig, ReadsEveryPart) {
  const auto config = parse_engine_config(kValid, kEnv);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->cpu, 1);
  EXPECT_EQ(config->capacities.orders, 1024u);
  EXPECT_EQ(config->capacities.symbols, 256u);
  ASSERT_EQ(config->venues.size(), 1u);
  const VenueConfig& btse = config->venues[0];
  EXPECT_EQ(btse.venue, Venue::btse);
  EXPECT_EQ(btse.rest->host, "127.0.0.1");
  EXPECT_EQ(btse.rest->port, 8443);
  EXPECT_EQ(btse.rest->path, "/spot");
  EXPECT_TRUE(btse.rest->tls());
  EXPECT_EQ(btse.ws->port, 443);
  EXPECT_EQ(btse.api_key.reveal(), "key-value-123");
  EXPECT_EQ(btse.secret.reveal(), "secret-value-456");
  EXPECT_EQ(btse.instruments[0].tick.to_string(), "0.5");
  EXPECT_EQ(config->risk.defaults.max_order_qty.to_string(), "2");
}

struct BadCase {
  std::string from;
  std::string to;
  std::string message;  // the error must contain this (it names the key)
};

TEST(EngineConfig, EveryBadValueNamesItsKey) {
  const BadCase cases[] = {
      {R"("cpu": 1)", R"("cpu": -1)", "cpu:"},
      {R"("cpu": 1)", R"("cpu": 1, "colour": 2)", "colour: unknown key"},
      {R"("orders": 1024)", R"("orders": 0)", "capacities.orders: must be between"},
      {R"("orders": 1024)", R"("orderz": 5)", "capacities.orderz: unknown key"},
      {R"("btse": {)", R"("binance": {)", "venues.binance: unknown venue"},
      {R"(https://127.0.0.1:8443/spot)", R"(ftp://x)", "venues.btse.rest: scheme must be"},
      {R"(https://127.0.0.1:8443/spot)", R"(https://127.0.0.1:99999/spot)", "venues.btse.rest: port"},
      {R"("secret": "BTSE_SECRET")", R"("secret": "NOT_SET")", "venues.btse.credentials.secret: environment variable NOT_SET is not set"},
      {R"("tick": "0.5")", R"("tick": 0.5)", "venues.btse.instruments[0].tick: must be a decimal in a JSON string"},
      {R"("lot": "0.0001")", R"("lot": "-1")", "venues.btse.instruments[0].lot: must be greater than zero"},
      {R"("lot": "0.0001")", R"("lot": "1.2.3")", "venues.btse.instruments[0].lot: not an exact decimal (invalid_format)"},
      {R"("symbol": "BTC-USD", )", "", "venues.btse.instruments[0].symbol: missing"},
      {R"("max_order_qty": "2")", R"("max_order_qty": "x")", "risk.defaults.max_order_qty"},
      {R"("cpu": 1,)", R"("cpu": 1,,)", "configuration is not JSON"},
  };
  for (const BadCase& c : cases) {
    std::string text(kValid);
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const auto config = parse_engine_config(text, kEnv);
    ASSERT_FALSE(config.ok()) << c.to;
    EXPECT_NE(config.status().message().find(c.message), std::string_view::npos)
        << "got: " << config.status().message() << "\nwanted: " << c.message;
    // Whatever went wrong, no credential value is in the message.
    EXPECT_EQ(config.status().message().find("key-value-123"), std::string_view::npos);
    EXPECT_EQ(config.status().message().find("secret-value-456"), std::string_view::npos);
  }
}

TEST(EngineConfig, AMissingFileIsAClearError) {
  const auto config = load_engine_config("/nonexistent/oex.json", kEnv);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("/nonexistent/oex.json"), std::string_view::npos);
}

// The README's configuration example is a configuration the engine reads.
TEST(EngineConfig, TheReadmesExampleParses) {
  std::ifstream in(std::string(OEX_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto begin = readme.find("```json\n");
  ASSERT_NE(begin, std::string::npos) << "no json block in the README";
  const auto end = readme.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const Environment any_variable = [](const std::string& name) -> std::optional<std::string> { return "value-of-" + name; };
  const auto config = parse_engine_config(readme.substr(begin + 8, end - begin - 8), any_variable);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->venues.size(), 2u);
}

// The README's strategy is tools/example_strategy.cpp, which the build compiles.
TEST(EngineConfig, TheReadmesStrategyIsTheBuiltExample) {
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string readme = read(std::string(OEX_SOURCE_DIR) + "/README.md");
  const std::string example = read(std::string(OEX_SOURCE_DIR) + "/tools/example_strategy.cpp");
  ASSERT_FALSE(example.empty());
  EXPECT_NE(readme.find("```cpp\n" + example + "```"), std::string::npos) << "the README's strategy differs from the example";
}

}  // namespace
}  // namespace oex::engine
