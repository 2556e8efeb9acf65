// oex-sim: the five venues on loopback, each as its document describes, over one seeded
// exchange per venue, with fault injection and a ground-truth log. See --help.
#include <boost/asio.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "control.hpp"
#include "server.hpp"
#include "venues.hpp"

namespace {

using namespace oex::sim;

constexpr const char* kHelp = R"(oex-sim: venue simulators for BTSE, DigiFinex, Cryptomus, GCT and Deflow on loopback.

On start it prints one JSON line per venue (venue, rest, ws and other socket URLs, ca, api_key,
secret), then the line `ready`, and serves until SIGINT or SIGTERM.

Flags:
  --help                 this text
  --plain                plain TCP and ws:// instead of TLS (for packet captures); "ca" is null
  --seed N               seed of the synthetic liquidity and order ids (default 1)
  --fault-seed N         seed of the fault injection draws (default 2)
  --port-base P          venue ports P, P+1, ... in the order btse digifinex cryptomus gct deflow (default 0: any free port)
  --control-port P       port of the control endpoint (default 0: any free port)
  --ground-truth FILE    append every order and fill booked for the client as JSON lines to FILE
  --logical-clock        venue timestamps start at 1700000000000 ms and move 1 ms per booked event,
                         so the same seed and orders give byte-identical notifications
  --activity-ms N        other participants act every N ms (default 200; 0: only after each
                         client order, which keeps runs reproducible)
  --no-rate-limits       do not enforce the documents' rate limits (for load tests)
  --finished-kept N      closed orders kept answerable per venue (default 4096; memory bound)
  --fault VENUE:NAME=V   a fault from the start, repeatable; VENUE is a venue name or "all"; NAME is
                         drop, duplicate, reorder, corrupt, skip_seq, reject (probabilities 0..1),
                         delay_ms (milliseconds) or throttle (0 or 1)

Paths the documents do not name (under each venue's "rest" URL):
  Cryptomus  POST /v2/user-api/exchange/ws-token (the one-time WS token, signed),
             GET /v2/user-api/exchange/markets (market list), GET /v2/user-api/exchange/depth-scales[?market=M]
             (depth scales: index 0 the book as it rests, index 1 steps of 100 ticks)

Control endpoint (plain HTTP on 127.0.0.1, its URL is in the start line as "control"):
  POST /fault?venue=V&NAME=VALUE...   set faults at run time (same names as --fault)
  POST /disconnect?venue=V            close every connection of venue V ("all" for every venue)
  POST /step?n=N                      other participants act N times on every venue now
  POST /algo_order?venue=digifinex&symbol=BTC_USDT&side=buy|sell&amount=A&trigger_price=P&algo_price=Q
                                      a DigiFinex algo (trigger) order for the client; answers
                                      {"id":"<algo id>"} (400 and {"error":...} for bad parameters or
                                      another venue). Sessions subscribed to order_algo for the
                                      symbol get order_algo.update status 0 (waiting); when the last
                                      trade price reaches the trigger (buy: at or above it; sell: at
                                      or below it) status 1 (triggered) and a limit order at Q for A
                                      is booked like a REST order (status 2: that order was refused).
                                      The document shows only status 0; 1 and 2 are the simulator's.
  GET  /health                        {"status":"ok"}
)";

struct Options {
  bool plain = false;
  std::uint64_t seed = 1;
  std::uint64_t fault_seed = 2;
  unsigned short port_base = 0;
  unsigned short control_port = 0;
  std::string ground_truth;
  bool logical_clock = false;
  std::int64_t activity_ms = 200;
  bool rate_limits = true;
  std::size_t finished_kept = 4096;
  std::vector<std::string> faults;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "oex-sim: " << message << "\n(see oex-sim --help)\n";
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(flag + " needs a value");
      return argv[++i];
    };
    auto number = [&]() -> std::uint64_t {
      const std::string text = value();
      char* end = nullptr;
      const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0') usage_error(flag + " needs a number, not " + text);
      return n;
    };
    if (flag == "--help" || flag == "-h") {
      std::cout << kHelp;
      std::exit(0);
    } else if (flag == "--plain") {
      o.plain = true;
    } else if (flag == "--seed") {
      o.seed = number();
    } else if (flag == "--fault-seed") {
      o.fault_seed = number();
    } else if (flag == "--port-base") {
      o.port_base = static_cast<unsigned short>(number());
    } else if (flag == "--control-port") {
      o.control_port = static_cast<unsigned short>(number());
    } else if (flag == "--ground-truth") {
      o.ground_truth = value();
    } else if (flag == "--logical-clock") {
      o.logical_clock = true;
    } else if (flag == "--activity-ms") {
      o.activity_ms = static_cast<std::int64_t>(number());
    } else if (flag == "--no-rate-limits") {
      o.rate_limits = false;
    } else if (flag == "--finished-kept") {
      o.finished_kept = number();
      if (o.finished_kept == 0) usage_error("--finished-kept must be at least 1");
    } else if (flag == "--fault") {
      o.faults.push_back(value());
    } else {
      usage_error("unknown flag " + flag);
    }
  }
  return o;
}

std::vector<SymbolSpec> default_symbols() {
  return {SymbolSpec{"BTC", "USDT", 30000 * kAmountScale, kAmountScale / 2, kAmountScale / 1000},
          SymbolSpec{"ETH", "USDT", 2000 * kAmountScale, kAmountScale / 100, kAmountScale / 100}};
}

Credentials demo_credentials(const std::string& venue, std::uint64_t seed) {
  Rng rng(seed * 1000003 + std::hash<std::string>{}(venue));
  Credentials c;
  c.api_key = "oexsim" + venue;
  for (int i = 0; i < 2; ++i) {
    const std::uint64_t v = rng.next();
    c.api_key += hex(reinterpret_cast<const std::uint8_t*>(&v), sizeof v);
  }
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t v = rng.next();
    c.secret += hex(reinterpret_cast<const std::uint8_t*>(&v), sizeof v);
  }
  c.user_id = std::to_string(100000 + rng.below(900000));
  c.pay_password = std::to_string(100000 + rng.below(900000));
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  boost::asio::io_context io;

  std::FILE* ground_truth = nullptr;
  if (!options.ground_truth.empty()) {
    ground_truth = std::fopen(options.ground_truth.c_str(), "a");
    if (ground_truth == nullptr) usage_error("cannot open " + options.ground_truth);
  }
  Clock clock(options.logical_clock);

  std::unique_ptr<TlsServerContext> tls;
  Certificates certificates;
  try {
    if (!options.plain) {
      certificates = make_certificates();
      tls = std::make_unique<TlsServerContext>(certificates);
    }
  } catch (const std::exception& e) {
    std::cerr << "oex-sim: " << e.what() << "\n";
    return 1;
  }

  struct Maker {
    const char* name;
    std::unique_ptr<Venue> (*make)(Credentials, std::unique_ptr<Exchange>, std::uint64_t);
    Exchange::IdMaker ids;
  };
  const Maker makers[] = {{"btse", make_btse, btse_order_ids()},
                          {"digifinex", make_digifinex, digifinex_order_ids()},
                          {"cryptomus", make_cryptomus, cryptomus_order_ids()},
                          {"gct", make_gct, numeric_order_ids(1'000'000'000'000'000)},
                          {"deflow", make_deflow, numeric_order_ids(100'000)}};
  std::vector<std::unique_ptr<Venue>> venues;
  std::uint64_t venue_index = 0;
  for (const Maker& maker : makers) {
    ExchangeConfig config;
    config.venue = maker.name;
    config.symbols = default_symbols();
    config.seed = options.seed * 7919 + venue_index;
    config.finished_orders_kept = options.finished_kept;
    auto exchange = std::make_unique<Exchange>(config, clock, maker.ids, ground_truth);
    venues.push_back(maker.make(demo_credentials(maker.name, options.seed), std::move(exchange),
                                options.fault_seed * 104729 + venue_index));
    Venue& venue = *venues.back();
    venue.set_rate_limits(options.rate_limits);
    venue.set_scheduler([&io](std::int64_t delay_ms, std::function<void()> action) {
      auto timer = std::make_shared<boost::asio::steady_timer>(io, std::chrono::milliseconds(delay_ms));
      timer->async_wait([timer, action = std::move(action)](boost::system::error_code ec) {
        if (!ec) action();
      });
    });
    ++venue_index;
  }
  for (const std::string& fault : options.faults) {
    const std::size_t colon = fault.find(':');
    const std::size_t eq = fault.find('=');
    if (colon == std::string::npos || eq == std::string::npos || eq < colon) usage_error("bad --fault " + fault);
    const std::string venue_name = fault.substr(0, colon);
    bool matched = false;
    for (auto& venue : venues) {
      if (venue_name != "all" && venue_name != venue->name()) continue;
      matched = true;
      if (!apply_fault_setting(venue->faults(), fault.substr(colon + 1, eq - colon - 1), fault.substr(eq + 1))) {
        usage_error("bad --fault " + fault);
      }
    }
    if (!matched) usage_error("no venue named " + venue_name);
  }

  std::vector<std::unique_ptr<Listener>> listeners;
  try {
    for (std::size_t i = 0; i < venues.size(); ++i) {
      const auto port = static_cast<unsigned short>(options.port_base == 0 ? 0 : options.port_base + i);
      listeners.push_back(std::make_unique<Listener>(io, *venues[i], tls.get(), port));
    }
  } catch (const std::exception& e) {
    std::cerr << "oex-sim: cannot listen: " << e.what() << "\n";
    return 1;
  }
  std::vector<Venue*> venue_pointers;
  for (auto& venue : venues) venue_pointers.push_back(venue.get());
  Control control(std::move(venue_pointers));
  Listener control_listener(io, control, nullptr, options.control_port);

  for (std::size_t i = 0; i < venues.size(); ++i) {
    const std::string host = "127.0.0.1:" + std::to_string(listeners[i]->port());
    const std::string https = (options.plain ? "http://" : "https://") + host;
    const std::string wss = (options.plain ? "ws://" : "wss://") + host;
    const Credentials& c = venues[i]->credentials();
    std::string line = R"({"venue":")" + venues[i]->name() + "\"," + venues[i]->endpoints(https, wss) + R"(,"ca":)";
    if (options.plain) {
      line += "null";
    } else {
      append_json_string(line, certificates.ca_file);
    }
    line += R"(,"api_key":)";
    append_json_string(line, c.api_key);
    line += R"(,"secret":)";
    append_json_string(line, c.secret);
    line += R"(,"user_id":)";
    append_json_string(line, c.user_id);
    line += R"(,"control":"http://127.0.0.1:)" + std::to_string(control_listener.port()) + "\"}";
    std::cout << line << "\n";
  }
  std::cout << "ready" << std::endl;

  boost::asio::steady_timer activity(io);
  std::function<void()> schedule_activity = [&]() {
    if (options.activity_ms <= 0) return;
    activity.expires_after(std::chrono::milliseconds(options.activity_ms));
    activity.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      for (auto& venue : venues) venue->exchange().synthetic_step();
      if (ground_truth != nullptr) std::fflush(ground_truth);
      schedule_activity();
    });
  };
  schedule_activity();

  boost::asio::steady_timer housekeeping(io);
  std::function<void()> schedule_housekeeping = [&]() {
    housekeeping.expires_after(std::chrono::seconds(1));
    housekeeping.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      for (auto& venue : venues) venue->tick(wall_ms());
      schedule_housekeeping();
    });
  };
  schedule_housekeeping();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
  io.run();
  if (ground_truth != nullptr) std::fclose(ground_truth);
  if (!certificates.directory.empty()) {
    std::string cleanup = "rm -rf " + certificates.directory;
    (void)std::system(cleanup.c_str());
  }
  return 0;
}
