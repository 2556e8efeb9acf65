#pragma once
// The engine's configuration, read once at start-up from one JSON file. Credentials are named
// by environment variable, never written in the file, and a Secret never prints its value.
// Every bad value is an error that names its key. Example:
//
// {
//   "cpu": 2,
//   "capacities": {"orders": 4096, "symbols": 256, "fill_keys": 65536},
//   "venues": {
//     "btse": {
//       "rest": "https://127.0.0.1:8443/spot", "ws": "wss://127.0.0.1:8443/ws/spot",
//       "ca_file": "/tmp/oex-sim/ca.pem",
//       "credentials": {"api_key": "OEX_BTSE_API_KEY", "secret": "OEX_BTSE_SECRET"},
//                       (also "user_id" for Cryptomus, "pay_password" for GCT; "token" is
//                       Cryptomus' token URL beside "rest" and "ws")
//       "instruments": [{"symbol": "BTC-USD", "tick": "0.5", "lot": "0.0001"}]
//     }
//   },
//   "risk": { ...the risk limits, as risk/risk_config.hpp documents... }
// }
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "oex/core/decimal.hpp"
#include "oex/core/enums.hpp"
#include "oex/risk/risk_config.hpp"

namespace oex::engine {

// A credential. Its value is reachable only through reveal(), for the signer at start-up.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  [[nodiscard]] std::string_view reveal() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

 private:
  std::string value_;
};

struct Endpoint {
  std::string scheme;  // https, wss, http or ws
  std::string host;
  std::uint16_t port = 0;
  std::string path;  // "" or starting with '/'
  [[nodiscard]] bool tls() const noexcept { return scheme == "https" || scheme == "wss"; }
};

struct Instrument {
  std::string symbol;  // as the venue spells it
  Decimal tick;        // price increment
  Decimal lot;         // quantity increment
};

struct VenueConfig {
  Venue venue{};
  std::optional<Endpoint> rest;
  std::optional<Endpoint> ws;
  std::optional<Endpoint> book_ws;  // BTSE's order-book socket
  std::optional<Endpoint> token;    // Cryptomus: where the socket's token is issued
  std::string ca_file;              // empty: the system CA store
  std::string api_key_variable;     // names, for messages
  std::string secret_variable;
  std::string user_id_variable;       // Cryptomus `userId` header (optional)
  std::string pay_password_variable;  // GCT's pay password (optional)
  Secret api_key;
  Secret secret;
  Secret user_id;
  Secret pay_password;
  std::vector<Instrument> instruments;
};

struct Capacities {
  std::uint32_t orders = 4096;
  std::uint32_t symbols = 256;
  std::uint32_t fill_keys = 65536;
};

struct EngineConfig {
  std::optional<int> cpu;  // pin the loop thread here
  Capacities capacities;
  std::vector<VenueConfig> venues;
  risk::RiskConfig risk;
};

// Reads environment variables through `getenv` (tests pass their own).
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
[[nodiscard]] Environment process_environment();

[[nodiscard]] absl::StatusOr<EngineConfig> parse_engine_config(std::string_view json, const Environment& env);
[[nodiscard]] absl::StatusOr<EngineConfig> load_engine_config(const std::string& path, const Environment& env);
[[nodiscard]] absl::StatusOr<Endpoint> parse_endpoint(std::string_view url);

}  // namespace oex::engine
