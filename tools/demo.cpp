// The main job: the engine against oex-sim on loopback over TLS, on all five venues. An example
// strategy places limit orders, gets partial and full fills, amends on BTSE, cancels, trips the
// price collar and the throttle, survives an injected disconnect with reconciliation, and ends
// with the kill switch. Then it prints, per venue, the orders and fills with the simulator's
// ground truth beside them, and the latency of every stage. Exit 0 when everything matched.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "oex/engine/engine.hpp"
#include "oex/tools/ground_truth.hpp"
#include "oex/tools/sim_process.hpp"

namespace {

using namespace std::chrono_literals;
using oex::Decimal;
using oex::Venue;
namespace engine = oex::engine;
namespace tools = oex::tools;

Decimal dec(const char* text) { return *Decimal::parse(text); }

// The example strategy: it only watches. The script below sends the commands, between loop
// iterations, on the loop thread, as a strategy's callbacks would.
class WatchingStrategy final : public engine::Strategy {
 public:
  struct VenueCounts {
    std::size_t fills = 0;
    std::size_t derived_fills = 0;
    std::size_t venue_rejects = 0;
    std::size_t state_changes = 0;
  };

  void on_venue_state(engine::Engine&, Venue venue, engine::VenueState state) override {
    std::printf("  %-9s %s\n", std::string(to_string(venue)).c_str(), std::string(to_string(state)).c_str());
    ++counts[venue].state_changes;
  }
  void on_fill(engine::Engine&, const oex::oms::Order& order, const engine::BookedFill& fill) override {
    ++counts[order.venue].fills;
    if (fill.derived) ++counts[order.venue].derived_fills;
  }
  void on_reject(engine::Engine&, const engine::VenueReject& reject) override { ++counts[reject.venue].venue_rejects; }

  std::map<Venue, VenueCounts> counts;
};

struct Demo {
  engine::Engine& engine;
  tools::SimProcess& sim;
  WatchingStrategy& strategy;
  std::vector<Venue> venues;
  std::map<Venue, std::vector<oex::oms::OrderHandle>> resting;  // orders meant to rest, per venue
  std::map<Venue, oex::oms::OrderHandle> partial;                // a sell bigger than the best bid
  std::map<Venue, std::size_t> risk_rejects;
  bool ok = true;

  bool run_until(const char* what, auto&& done, std::chrono::milliseconds limit) {
    if (engine.run_until(done, limit)) return true;
    std::printf("  !! timed out waiting for %s\n", what);
    ok = false;
    return false;
  }

  const oex::oms::Order* order(oex::oms::OrderHandle h) const { return engine.orders().get(h); }

  bool settled(oex::oms::OrderHandle h) const {
    const oex::oms::Order* o = order(h);
    return o == nullptr || (o->state != oex::OrderState::pending_new && o->state != oex::OrderState::pending_cancel &&
                            o->state != oex::OrderState::unknown && !o->amend_pending);
  }

  bool all_settled() const {
    bool all = true;
    engine.orders().for_each_order([&](oex::oms::OrderHandle h, const oex::oms::Order&) { all = all && settled(h); });
    return all;
  }

  std::string symbol(Venue v) const { return engine.config().venues[index(v)].instruments.front().symbol; }
  std::size_t index(Venue v) const {
    for (std::size_t i = 0; i < engine.config().venues.size(); ++i) {
      if (engine.config().venues[i].venue == v) return i;
    }
    return 0;
  }

  // The middle of the venue's book where the engine keeps one; the simulator's BTC otherwise.
  Decimal reference(Venue v) const {
    const auto id = engine.symbol(symbol(v));
    if (id) {
      const engine::OrderBook* book = engine.book(v, *id);
      if (book != nullptr && book->ready() && book->best_bid() && book->best_ask()) {
        return *oex::divide(*oex::add(book->best_bid()->price, book->best_ask()->price), Decimal::from_int(2), 8,
                            oex::RoundingMode::half_even);
      }
    }
    return Decimal::from_int(30000);
  }

  // reference x factor, on the instrument's tick.
  Decimal price(Venue v, const char* factor) const {
    const Decimal tick = engine.config().venues[index(v)].instruments.front().tick;
    const Decimal raw = *oex::multiply(reference(v), dec(factor));
    const Decimal ticks = *oex::divide(raw, tick, 0, oex::RoundingMode::half_even);
    return oex::multiply(ticks, tick)->normalized();
  }

  std::optional<oex::oms::OrderHandle> submit(Venue v, oex::Side side, Decimal px, const char* qty, const char* why) {
    engine::OrderRequest r;
    r.venue = v;
    const std::string sym = symbol(v);
    r.symbol = sym;
    r.side = side;
    r.price = px;
    r.qty = dec(qty);
    const auto result = engine.submit(r);
    std::printf("  %-9s %-4s %s @ %-10s %-28s -> %s\n", std::string(to_string(v)).c_str(),
                side == oex::Side::buy ? "buy" : "sell", qty, px.to_string().c_str(), why,
                result.ok() ? "sent" : result.error().describe().c_str());
    if (!result.ok()) {
      if (result.error().error == engine::CommandError::risk_rejected) ++risk_rejects[v];
      return std::nullopt;
    }
    return *result;
  }

  const engine::OrderBook* book(Venue v) const {
    const auto id = engine.symbol(symbol(v));
    return id ? engine.book(v, *id) : nullptr;
  }

  // The price collar needs a reference price: trading starts once every venue's book is in.
  void await_books() {
    std::printf("\n== market data: every venue's book (the price collar's reference)\n");
    run_until("every venue's book", [&] {
      for (const Venue v : venues) {
        const engine::OrderBook* b = book(v);
        if (b == nullptr || !b->ready() || !b->best_bid() || !b->best_ask()) return false;
      }
      return true;
    }, 15s);
    for (const Venue v : venues) {
      const engine::OrderBook* b = book(v);
      if (b == nullptr || !b->best_bid() || !b->best_ask()) continue;
      std::printf("  %-9s %-9s bid %s  ask %s\n", std::string(to_string(v)).c_str(), symbol(v).c_str(),
                  b->best_bid()->price.to_string().c_str(), b->best_ask()->price.to_string().c_str());
    }
  }

  void place_orders() {
    std::printf("\n== orders: one resting, one crossing the spread (fills), then a sell bigger than the best bid\n");
    for (const Venue v : venues) {
      if (auto h = submit(v, oex::Side::buy, price(v, "0.98"), "0.01", "rests below the market")) resting[v].push_back(*h);
      (void)submit(v, oex::Side::buy, price(v, "1.01"), "0.02", "crosses: fills");
    }
    run_until("acknowledgements and fills", [&] { return all_settled(); }, 15s);
    // After the crossing buys are done: while one is in flight, the sell could trade with it.
    for (const Venue v : venues) {
      const engine::OrderBook* b = book(v);
      const Decimal bid = b != nullptr && b->best_bid() ? b->best_bid()->price : price(v, "0.9999");
      if (auto h = submit(v, oex::Side::sell, bid, "0.1", "takes the bid, rests")) partial[v] = *h;
    }
    (void)sim.control("/step?n=3");
    run_until("acknowledgements and fills", [&] { return all_settled(); }, 15s);
  }

  void amend_on_btse() {
    if (!has(Venue::btse) || resting[Venue::btse].empty()) return;
    std::printf("\n== amend on BTSE: the resting order to a new price\n");
    const auto h = resting[Venue::btse].front();
    const engine::CommandReject r = engine.amend(h, price(Venue::btse, "0.97"), std::nullopt);
    std::printf("  btse      amend -> %s\n", r.error == engine::CommandError::ok ? "sent" : r.describe().c_str());
    run_until("the amend's answer", [&] { return settled(h); }, 10s);
    if (const auto* o = order(h)) std::printf("  btse      order now %s @ %s\n", std::string(to_string(o->state)).c_str(), o->price.to_string().c_str());
  }

  void trip_the_collar() {
    std::printf("\n== price collar: a buy 50%% above the market is stopped before the wire\n");
    for (const Venue v : venues) (void)submit(v, oex::Side::buy, price(v, "1.5"), "0.01", "far above the market");
  }

  void trip_the_throttle() {
    const Venue v = has(Venue::deflow) ? Venue::deflow : venues.front();
    std::printf("\n== throttle: a burst of 8 orders on %s (5 per second allowed)\n", std::string(to_string(v)).c_str());
    for (int i = 0; i < 8; ++i) {
      if (auto h = submit(v, oex::Side::buy, price(v, "0.96"), "0.01", "burst")) resting[v].push_back(*h);
    }
    run_until("the burst's acknowledgements", [&] { return all_settled(); }, 15s);
  }

  void survive_a_disconnect() {
    const Venue v = has(Venue::btse) ? Venue::btse : venues.front();
    std::printf("\n== disconnect: the simulator drops every %s connection with an order resting\n",
                std::string(to_string(v)).c_str());
    (void)submit(v, oex::Side::buy, price(v, "0.97"), "0.01", "rests through the disconnect");
    run_until("the acknowledgement", [&] { return all_settled(); }, 10s);
    if (!sim.control("/disconnect?venue=" + std::string(to_string(v))).ok()) ok = false;
    run_until("the disconnect", [&] { return engine.state(v) != engine::VenueState::ready; }, 10s);
    run_until("reconnection and reconciliation", [&] { return engine.state(v) == engine::VenueState::ready; }, 30s);
    run_until("reconciled orders", [&] { return all_settled(); }, 10s);
  }

  void cancel_some() {
    std::printf("\n== cancel: the partly filled sells, and the resting buys on DigiFinex, Cryptomus and GCT\n");
    auto cancel = [&](Venue v, oex::oms::OrderHandle h, const char* what) {
      const oex::oms::Order* o = order(h);
      if (o == nullptr || !o->is_open()) return;
      const auto r = engine.cancel(h);
      std::printf("  %-9s cancel %-8s (filled %s of %s) -> %s\n", std::string(to_string(v)).c_str(), what,
                  o->filled_qty.to_string().c_str(), o->qty.to_string().c_str(),
                  r.error == engine::CommandError::ok ? "sent" : r.describe().c_str());
    };
    for (const auto& [v, h] : partial) cancel(v, h, "sell");
    for (const Venue v : {Venue::digifinex, Venue::cryptomus, Venue::gct}) {
      for (const auto h : resting[v]) cancel(v, h, "buy");
    }
    run_until("the cancels' answers", [&] { return all_settled(); }, 10s);
  }

  void kill_switch() {
    std::printf("\n== kill switch: every venue's open orders cancelled, new risk refused\n");
    const std::size_t sent = engine.kill();
    std::printf("  cancel requests sent: %zu\n", sent);
    run_until("every order closed", [&] {
      std::size_t open = 0;
      for (const Venue v : venues) open += engine.orders().open_orders(v);
      return open == 0 && all_settled();
    }, 15s);
    (void)submit(venues.front(), oex::Side::buy, price(venues.front(), "0.98"), "0.01", "after the kill");
    // Late notifications (fills racing the cancels) still arrive and are booked.
    engine.run_until([] { return false; }, 1500ms);
  }

  bool has(Venue v) const {
    for (const Venue w : venues) {
      if (w == v) return true;
    }
    return false;
  }
};

std::string percentiles(const oex::LatencyHistogram& h) {
  if (h.count() == 0) return "       -        -        -";
  char line[96];
  std::snprintf(line, sizeof line, "%8.1f %8.1f %8.1f", static_cast<double>(h.percentile_permille(500)) / 1000.0,
                static_cast<double>(h.percentile_permille(990)) / 1000.0,
                static_cast<double>(h.percentile_permille(999)) / 1000.0);
  return line;
}

void print_tables(const Demo& demo, const tools::GroundTruth& truth, const tools::Comparison& comparison) {
  std::printf("\n== per venue: the engine's orders beside the simulator's ground truth\n");
  std::printf("  %-9s %6s %6s %8s %9s %8s %6s %7s %10s  %s\n", "venue", "orders", "filled", "partial", "cancelled",
              "rejected", "fills", "risk-no", "venue fills", "matches simulator");
  for (const Venue v : demo.venues) {
    std::size_t orders = 0, filled = 0, partial = 0, cancelled = 0, rejected = 0;
    demo.engine.orders().for_each_order([&](oex::oms::OrderHandle, const oex::oms::Order& o) {
      if (o.venue != v) return;
      ++orders;
      filled += o.state == oex::OrderState::filled;
      partial += !o.filled_qty.is_zero() && o.state != oex::OrderState::filled;
      cancelled += o.state == oex::OrderState::cancelled;
      rejected += o.state == oex::OrderState::rejected;
    });
    std::size_t venue_fills = 0, venue_orders = 0;
    for (const auto& [key, o] : truth.orders) {
      if (o.venue != v) continue;
      venue_fills += o.fills;
      ++venue_orders;
    }
    const auto counts = demo.strategy.counts.count(v) ? demo.strategy.counts.at(v) : WatchingStrategy::VenueCounts{};
    const auto rr = demo.risk_rejects.count(v) ? demo.risk_rejects.at(v) : 0;
    bool venue_ok = true;
    for (const std::string& d : comparison.differences) venue_ok = venue_ok && d.rfind(std::string(to_string(v)), 0) != 0;
    std::printf("  %-9s %6zu %6zu %8zu %9zu %8zu %6zu %7zu %10zu  %s (%zu orders at the venue)\n",
                std::string(to_string(v)).c_str(), orders, filled, partial, cancelled, rejected, counts.fills, rr,
                venue_fills, venue_ok ? "yes" : "NO", venue_orders);
  }
  for (const std::string& d : comparison.differences) std::printf("  difference: %s\n", d.c_str());

  std::printf("\n== latency per stage, microseconds (p50 p99 p99.9), all venues\n");
  for (std::size_t s = 0; s < oex::engine::kStageCount; ++s) {
    const auto stage = static_cast<engine::Stage>(s);
    oex::LatencyHistogram all;
    for (const Venue v : demo.venues) all.merge(demo.engine.latency().stage(v, stage));
    std::printf("  %-9s %s   (%llu samples)\n", std::string(to_string(stage)).c_str(), percentiles(all).c_str(),
                static_cast<unsigned long long>(all.count()));
  }
  std::printf("\n== messages: %llu in, %llu out; capture records dropped: %llu\n",
              static_cast<unsigned long long>(demo.engine.counters().messages_in),
              static_cast<unsigned long long>(demo.engine.counters().messages_out),
              static_cast<unsigned long long>(demo.engine.capture_dropped()));
}

std::vector<Venue> parse_venues(const char* list) {
  std::vector<Venue> venues;
  std::string text = list;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (const auto v = oex::venue_from_string(name)) venues.push_back(*v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return venues;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Venue> venues(oex::kAllVenues.begin(), oex::kAllVenues.end());
  std::string work_dir;
  std::string seed = "7";
  std::string final_file;
  bool plain = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--venues") == 0 && i + 1 < argc) {
      venues = parse_venues(argv[++i]);
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      work_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = argv[++i];
    } else if (std::strcmp(argv[i], "--final") == 0 && i + 1 < argc) {
      final_file = argv[++i];
    } else if (std::strcmp(argv[i], "--plain") == 0) {
      plain = true;
    } else {
      std::fprintf(stderr,
                   "usage: oex-demo [--venues btse,digifinex,cryptomus,gct,deflow] [--dir DIR] [--seed N] [--plain] [--final FILE]\n"
                   "  DIR keeps the simulator's ground truth and the engine's capture (default: a new /tmp dir)\n"
                   "  N seeds the simulator (its liquidity and its demo credentials; default 7)\n"
                   "  --plain: the simulator without TLS (for packet captures)\n"
                   "  FILE receives the engine's final orders as oex-replay's `final` lines\n");
      return 2;
    }
  }
  if (venues.empty()) {
    std::fprintf(stderr, "oex-demo: no known venue in --venues\n");
    return 2;
  }
  if (work_dir.empty()) {
    char pattern[] = "/tmp/oex-demo-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) return 1;
    work_dir = pattern;
  }
  const std::string truth_file = work_dir + "/ground_truth.jsonl";
  const std::string capture_file = work_dir + "/capture.jsonl";
  std::remove(truth_file.c_str());

  std::printf("== oex-sim: the five venues on loopback %s\n",
              plain ? "in plain text (--plain)" : "over TLS (a local CA made for this run)");
  auto sim = tools::SimProcess::start({OEX_SIM_BINARY, {"--seed", seed, "--activity-ms", "100"}, truth_file, plain});
  if (!sim.ok()) {
    std::fprintf(stderr, "oex-demo: %s\n", std::string(sim.status().message()).c_str());
    return 1;
  }
  // Risk limits: 5 % collar, and a tight throttle on Deflow so that the burst shows it.
  const std::string risk = R"({"defaults":{"max_order_qty":"1","max_order_notional":"100000","price_collar":"0.05",)"
                           R"("max_open_orders":20,"max_position":"10","reject_without_reference_price":false},)"
                           R"("venues":{"deflow":{"orders_per_second":5,"burst":5}}})";
  auto config = engine::parse_engine_config((*sim)->engine_config_json(venues, risk), (*sim)->environment());
  if (!config.ok()) {
    std::fprintf(stderr, "oex-demo: configuration: %s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  WatchingStrategy strategy;
  engine::EngineOptions options;
  options.capture_file = capture_file;
  auto created = engine::Engine::create(*config, strategy, options);
  if (!created.ok()) {
    std::fprintf(stderr, "oex-demo: %s\n", std::string(created.status().message()).c_str());
    return 1;
  }
  engine::Engine& eng = **created;
  Demo demo{eng, **sim, strategy, venues, {}, {}, {}, true};

  const auto started = std::chrono::steady_clock::now();
  std::printf("\n== connect, log in, subscribe, reconcile\n");
  eng.start();
  demo.run_until("every venue ready", [&] {
    for (const Venue v : venues) {
      if (eng.state(v) != engine::VenueState::ready) return false;
    }
    return true;
  }, 30s);
  if (demo.ok) {
    demo.await_books();
    demo.place_orders();
    demo.amend_on_btse();
    demo.trip_the_collar();
    demo.trip_the_throttle();
    demo.survive_a_disconnect();
    demo.cancel_some();
    demo.kill_switch();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sim->reset();  // the simulator flushes its ground truth as it stops

  const auto truth = tools::read_ground_truth(truth_file);
  if (!truth.ok()) {
    std::fprintf(stderr, "oex-demo: %s\n", std::string(truth.status().message()).c_str());
    return 1;
  }
  const tools::Comparison comparison = tools::compare(*truth, eng.orders(), venues);
  if (!final_file.empty() && !tools::write_final_lines(eng.orders(), final_file)) {
    std::fprintf(stderr, "oex-demo: cannot write %s\n", final_file.c_str());
    return 1;
  }
  eng.stop();  // closes the connections and completes the capture file
  print_tables(demo, *truth, comparison);
  std::printf("\n== %s in %.1f s; ground truth %s, capture %s\n",
              demo.ok && comparison.ok() ? "every order and fill matches the simulator" : "DIFFERENCES (see above)",
              seconds, truth_file.c_str(), capture_file.c_str());
  return demo.ok && comparison.ok() ? 0 : 1;
}
