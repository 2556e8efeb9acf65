#include "control.hpp"

#include <cstdlib>

namespace oex::sim {

void Control::on_http(Session& session, const HttpRequest& request) {
  const Params params = parse_form(request.query);
  const std::string* venue_name = find_param(params, "venue");
  std::vector<Venue*> targets;
  for (Venue* venue : venues_) {
    if (venue_name == nullptr || *venue_name == "all" || *venue_name == venue->name()) targets.push_back(venue);
  }
  if (request.path == "/health") {
    session.respond(200, R"({"status":"ok"})");
  } else if (request.path == "/fault" && request.method == "POST") {
    if (venue_name == nullptr || targets.empty()) {
      session.respond(400, R"({"error":"venue=<name>|all is required"})");
      return;
    }
    for (const auto& [name, value] : params) {
      if (name == "venue") continue;
      for (Venue* venue : targets) {
        if (!apply_fault_setting(venue->faults(), name, value)) {
          session.respond(400, R"({"error":"unknown fault or bad value: )" + name + "\"}");
          return;
        }
      }
    }
    session.respond(200, R"({"status":"ok"})");
  } else if (request.path == "/disconnect" && request.method == "POST") {
    if (venue_name == nullptr || targets.empty()) {
      session.respond(400, R"({"error":"venue=<name>|all is required"})");
      return;
    }
    for (Venue* venue : targets) venue->disconnect_all();
    session.respond(200, R"({"status":"ok"})");
  } else if (request.path == "/step" && request.method == "POST") {
    const std::string* n = find_param(params, "n");
    const long count = n == nullptr ? 1 : std::strtol(n->c_str(), nullptr, 10);
    for (long i = 0; i < count; ++i) {
      for (Venue* venue : targets) venue->exchange().synthetic_step();
    }
    session.respond(200, R"({"status":"ok"})");
  } else if (request.path == "/algo_order" && request.method == "POST") {
    // One venue by name; only DigiFinex has algo orders, the others answer why not.
    std::string answer;
    if (venue_name == nullptr || *venue_name == "all" || targets.size() != 1) {
      answer = "venue=<name> is required";
    } else if (targets.front()->place_algo_order(params, answer)) {
      std::string body = R"({"id":)";
      append_json_string(body, answer);
      session.respond(200, body + "}");
      return;
    }
    std::string body = R"({"error":)";
    append_json_string(body, answer);
    session.respond(400, body + "}");
  } else {
    session.respond(404, R"({"error":"not found"})");
  }
}

bool Control::on_ws_open(Session& session, const HttpRequest&) {
  session.respond(404, R"({"error":"no WebSocket here"})");
  return false;
}

}  // namespace oex::sim
