#pragma once
// oex-sim as a child process, for the demo and the end-to-end tests: starts it, reads the start
// lines (one JSON object per venue, then `ready`), builds the engine configuration that points
// at it, talks to its control endpoint, and stops it. Start-up and test code, never the loop.
#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "oex/core/enums.hpp"
#include "oex/engine/config.hpp"

namespace oex::tools {

// One start line of oex-sim.
struct SimVenue {
  Venue venue{};
  std::map<std::string, std::string> fields;  // every string field: rest, ws, ws_book, token, ca, api_key, ...
  [[nodiscard]] std::string field(const std::string& name) const {
    const auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  }
};

struct SimOptions {
  std::string binary;                  // path of oex-sim
  std::vector<std::string> arguments;  // extra flags (--seed, --fault ..., --logical-clock)
  std::string ground_truth;            // --ground-truth FILE when not empty
  bool plain = false;                  // --plain: http:// and ws://
};

// The instruments the simulator trades, as each venue spells them.
[[nodiscard]] std::vector<std::string> sim_symbols(Venue venue);

class SimProcess {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<SimProcess>> start(const SimOptions& options);
  ~SimProcess();  // SIGTERM, then waits
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  [[nodiscard]] const std::vector<SimVenue>& venues() const noexcept { return venues_; }
  [[nodiscard]] const SimVenue* venue(Venue v) const noexcept;
  [[nodiscard]] const std::string& control_url() const noexcept { return control_url_; }

  // POST to the control endpoint, e.g. control("/fault?venue=btse&drop=0.2"); start-up/test use.
  [[nodiscard]] absl::Status control(const std::string& path_and_query) const;

  // The engine configuration JSON for the given venues (all five when empty), credentials named
  // OEX_SIM_<VENUE>_API_KEY / _SECRET / _USER_ID / _PAY_PASSWORD, and `risk_json` as the "risk"
  // object ("{}" for the defaults).
  [[nodiscard]] std::string engine_config_json(const std::vector<Venue>& only = {},
                                               const std::string& risk_json = "{}") const;
  // Resolves those variable names to this run's demo credentials.
  [[nodiscard]] engine::Environment environment() const;
  // Every secret of this run (keys, secrets, user ids, pay passwords): what must appear nowhere.
  [[nodiscard]] std::vector<std::string> secrets() const;

 private:
  SimProcess() = default;
  pid_t pid_ = -1;
  std::vector<SimVenue> venues_;
  std::string control_url_;
};

}  // namespace oex::tools
