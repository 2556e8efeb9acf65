// The limits file: a full example loads; every bad value is an error that names its key.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "oex/risk/risk_config.hpp"

namespace oex::risk {
namespace {

constexpr const char* kGood = R"({
  "defaults": {"max_order_qty": "10", "max_order_notional": "100000", "price_collar": "0.05",
               "max_open_orders": 50, "max_position": "100", "reject_without_reference_price": false},
  "venues": {"btse": {"max_open_orders": 200}, "deflow": {"orders_per_second": 5, "burst": 2}},
  "instruments": [{"venue": "btse", "symbol": "BTC-USDT", "max_order_qty": "2"}],
  "btse_dead_man": {"timeout_ms": 20000, "renew_every_ms": 5000}
})";

std::string error_of(const std::string& json) {
  auto c = parse_risk_config(json);
  EXPECT_FALSE(c.ok()) << json;
  return c.ok() ? std::string() : std::string(c.status().message());
}

TEST(RiskConfig, LoadsAFullExample) {
  auto c = parse_risk_config(kGood);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->defaults.max_order_qty, Decimal::from_int(10));
  EXPECT_FALSE(c->defaults.reject_without_reference_price);
  EXPECT_EQ(c->defaults.price_collar, *Decimal::parse("0.05"));
  const VenueLimits& btse = c->venues[static_cast<std::size_t>(Venue::btse)];
  EXPECT_EQ(btse.max_open_orders, 200u);
  EXPECT_EQ(btse.orders_per_second, 75u);  // the document's limit stays when not overridden
  EXPECT_EQ(c->venues[static_cast<std::size_t>(Venue::gct)].orders_per_second, 30u);
  EXPECT_EQ(c->venues[static_cast<std::size_t>(Venue::deflow)].orders_per_second, 5u);
  EXPECT_EQ(c->venues[static_cast<std::size_t>(Venue::deflow)].burst, 2u);
  ASSERT_EQ(c->instruments.size(), 1u);
  EXPECT_EQ(c->instruments[0].symbol, "BTC-USDT");
  EXPECT_EQ(c->instruments[0].limits.max_order_qty, Decimal::from_int(2));
  EXPECT_EQ(c->instruments[0].limits.max_position, Decimal::from_int(100));  // inherited from defaults
  EXPECT_EQ(c->btse_dead_man.timeout_ms, 20000u);
}

TEST(RiskConfig, EmptyObjectGivesTheDocumentDefaults) {
  auto c = parse_risk_config("{}");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->venues[static_cast<std::size_t>(Venue::btse)].orders_per_second, 75u);
  EXPECT_TRUE(c->defaults.reject_without_reference_price);
}

TEST(RiskConfig, ErrorsNameTheKey) {
  EXPECT_NE(error_of(R"({"defaults": {"max_order_qty": 10}})").find("defaults.max_order_qty"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": {"max_order_qty": "ten"}})").find("defaults.max_order_qty"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": {"max_order_qty": "-1"}})").find("must not be negative"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": {"max_order_qty": "0"}})").find("greater than zero"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": {"max_open_orders": -3}})").find("defaults.max_open_orders"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": {"max_qty": "1"}})").find("defaults.max_qty: unknown key"), std::string::npos);
  EXPECT_NE(error_of(R"({"venues": {"binance": {}}})").find("venues.binance"), std::string::npos);
  EXPECT_NE(error_of(R"({"venues": {"gct": {"orders_per_second": 0}}})").find("venues.gct.orders_per_second"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"instruments": [{"venue": "btse"}]})").find("instruments[0].symbol"), std::string::npos);
  EXPECT_NE(error_of(R"({"instruments": [{"venue": "btse", "symbol": "X"}, {"venue": "nope", "symbol": "Y"}]})")
                .find("instruments[1].venue"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"instruments": [{"venue": "btse", "symbol": "X", "price_collar": true}]})")
                .find("instruments[0].price_collar"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"btse_dead_man": {"timeout_ms": 1000, "renew_every_ms": 1000}})")
                .find("btse_dead_man.renew_every_ms"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"limits": {}})").find("limits: unknown key"), std::string::npos);
  EXPECT_NE(error_of(R"({"defaults": )").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("expected an object"), std::string::npos);
}

TEST(RiskConfig, LoadsFromAFile) {
  const std::string path = ::testing::TempDir() + "risk_config_test.json";
  {
    std::ofstream out(path);
    out << kGood;
  }
  auto c = load_risk_config(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->instruments.size(), 1u);
  std::remove(path.c_str());
  auto missing = load_risk_config(path);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.status().message()).find(path), std::string::npos);
}

}  // namespace
}  // namespace oex::risk
