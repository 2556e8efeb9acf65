#pragma once
// The control endpoint: faults, disconnects, market steps and DigiFinex algo orders at run
// time (oex-sim --help, "Control endpoint"). A library piece so tests can drive it in-process.
#include <string_view>
#include <vector>

#include "session.hpp"
#include "venue.hpp"

namespace oex::sim {

class Control final : public Handler {
 public:
  explicit Control(std::vector<Venue*> venues) : venues_(std::move(venues)) {}

  void on_http(Session& session, const HttpRequest& request) override;
  bool on_ws_open(Session& session, const HttpRequest& request) override;
  void on_ws_message(Session&, std::string_view, bool) override {}
  void on_close(Session&) override {}

 private:
  std::vector<Venue*> venues_;
};

}  // namespace oex::sim
