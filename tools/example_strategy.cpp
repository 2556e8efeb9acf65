// The README's minimal strategy, complete: it keeps one small buy order resting one tick below
// the best bid of the first configured instrument of the first venue, follows the bid when it
// moves, and stops after a few fills, with the kill switch.
//
//   oex-example CONFIG.json [seconds]      (credentials come from the variables CONFIG names)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "oex/engine/engine.hpp"

class FollowTheBid final : public oex::engine::Strategy {
 public:
  void on_book(oex::engine::Engine& engine, oex::Venue venue, oex::SymbolId symbol,
               const oex::engine::OrderBook& book) override {
    const auto& instrument = engine.config().venues.front();
    if (venue != instrument.venue || !book.best_bid() || fills_ >= 3) return;
    const oex::Decimal price = *oex::subtract(book.best_bid()->price, instrument.instruments.front().tick);
    const oex::oms::Order* resting = engine.orders().get(order_);
    if (resting != nullptr && resting->is_open()) {
      if (resting->state != oex::OrderState::new_ || resting->price == price) return;  // in flight, or still right
      (void)engine.cancel(order_);  // the bid moved: replace the order
    }
    oex::engine::OrderRequest request;
    request.venue = venue;
    request.symbol = engine.orders().symbols().text(symbol);
    request.side = oex::Side::buy;
    request.price = price;
    request.qty = instrument.instruments.front().lot;
    const auto sent = engine.submit(request);
    if (sent.ok()) {
      order_ = *sent;
    } else {
      std::printf("not sent: %s\n", sent.error().describe().c_str());
    }
  }

  void on_fill(oex::engine::Engine& engine, const oex::oms::Order& order, const oex::engine::BookedFill& fill) override {
    std::printf("filled %s @ %s (order %s)\n", fill.qty.to_string().c_str(), fill.price.to_string().c_str(),
                std::string(order.venue_order_id.view()).c_str());
    if (++fills_ == 3) engine.kill();  // enough: cancel everything, refuse new risk
  }

  void on_venue_state(oex::engine::Engine&, oex::Venue venue, oex::engine::VenueState state) override {
    std::printf("%s: %s\n", std::string(oex::to_string(venue)).c_str(), std::string(oex::engine::to_string(state)).c_str());
  }

 private:
  oex::oms::OrderHandle order_ = oex::oms::kNoOrder;
  int fills_ = 0;
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: oex-example CONFIG.json [seconds]\n");
    return 2;
  }
  auto config = oex::engine::load_engine_config(argv[1], oex::engine::process_environment());
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  FollowTheBid strategy;
  auto engine = oex::engine::Engine::create(*config, strategy);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", std::string(engine.status().message()).c_str());
    return 1;
  }
  (*engine)->start();
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  (*engine)->run_until([] { return false; }, std::chrono::seconds(seconds));  // or run(): pinned, until request_stop()
  (*engine)->stop();
  return 0;
}
