// The order core's hot operations beside the usual way: a std::unordered_map<std::string, Order>
// keyed by the venue's order id, updated in place.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "oex/oms/order_manager.hpp"

namespace {

using oex::Decimal;
using oex::OrderState;
using oex::Venue;
namespace oms = oex::oms;

constexpr int kOrders = 64;

Decimal dec(const char* text) { return *Decimal::parse(text); }

// BTSE-shaped ids: 36-character UUIDs.
std::string uuid(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "3c9c9c1f-8fef-43d0-82c7-%012d", i);
  return buf;
}

struct Book {
  oms::OrderManager core{oms::OmsConfig{1024, 16, 16, 32768, 12}};
  std::vector<std::string> venue_ids;
  std::vector<oms::OrderHandle> handles;

  Book() {
    const auto sym = *core.symbols().intern("BTC-USDT");
    for (int i = 0; i < kOrders; ++i) {
      venue_ids.push_back(uuid(i));
      oms::NewOrderRequest r;
      r.venue = Venue::btse;
      r.symbol = sym;
      r.side = i % 2 ? oex::Side::buy : oex::Side::sell;
      r.price = Decimal::from_int(100 + (i % 2 ? -1 : 1) * (1 + i));
      r.qty = dec("1000000000000");
      r.client_order_id = *oex::ClientOrderId::from(std::to_string(100000 + i));
      handles.push_back(*core.add_pending(r));
      oex::NewOrderAck ack{Venue::btse, "BTC-USDT", venue_ids.back(), r.client_order_id.view(), std::nullopt,
                           std::nullopt};
      (void)core.apply(ack);
    }
  }
};

// The usual way's order: what one would write without caring about the hot path.
struct UsualOrder {
  std::string client_order_id;
  std::string symbol;
  std::string status;
  OrderState state = OrderState::new_;
  Decimal price;
  Decimal qty;
  Decimal filled;
  int fills = 0;
};

std::unordered_map<std::string, UsualOrder> usual_book(const std::vector<std::string>& ids) {
  std::unordered_map<std::string, UsualOrder> m;
  for (const auto& id : ids) m[id] = UsualOrder{"100000", "BTC-USDT", "2", OrderState::new_, dec("100"), dec("1"), {}, 0};
  return m;
}

// A status update about a resting order (what notificationApiV3 or an order query repeats): found
// by its venue id, status and fields taken, state machine run, exposure kept.
void BM_Oms_apply_order_update_oex(benchmark::State& state) {
  Book book;
  const OrderState states[2] = {OrderState::new_, OrderState::partially_filled};
  const char* statuses[2] = {"2", "5"};
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i % kOrders;
    const oms::Order& o = *book.core.get(book.handles[k]);
    oex::OrderUpdate u;
    u.venue = Venue::btse;
    u.symbol = "BTC-USDT";
    u.order_id = book.venue_ids[k];
    u.state = states[(i / kOrders) & 1];
    u.venue_status = statuses[(i / kOrders) & 1];
    u.price = o.price;
    u.qty = o.qty;
    u.filled_qty = o.venue_cum_qty;
    auto r = book.core.apply(u);
    benchmark::DoNotOptimize(r);
    ++i;
  }
}
BENCHMARK(BM_Oms_apply_order_update_oex)->Name("BM_Oms/apply/order_update/oex");

void BM_Oms_apply_order_update_unordered_map(benchmark::State& state) {
  std::vector<std::string> ids;
  for (int k = 0; k < kOrders; ++k) ids.push_back(uuid(k));
  auto book = usual_book(ids);
  const OrderState states[2] = {OrderState::new_, OrderState::partially_filled};
  const char* statuses[2] = {"2", "5"};
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string_view order_id = ids[i % kOrders];
    UsualOrder& o = book[std::string(order_id)];
    o.state = states[(i / kOrders) & 1];
    o.status = statuses[(i / kOrders) & 1];
    o.price = o.price;
    o.qty = o.qty;
    benchmark::DoNotOptimize(o);
    ++i;
  }
}
BENCHMARK(BM_Oms_apply_order_update_unordered_map)->Name("BM_Oms/apply/order_update/unordered_map");

// A new trade on a resting order: found by venue id, deduplicated, booked into the order, the
// position and the exposure. Orders take 8 fills each; a fresh book replaces a used one outside
// the timed region, so every timed fill is a new trade.
void BM_Oms_book_fill_oex(benchmark::State& state) {
  constexpr std::size_t kFillsPerOrder = 8;
  auto book = std::make_unique<Book>();
  std::vector<std::string> trade_ids;
  for (std::size_t t = 0; t < kFillsPerOrder; ++t) trade_ids.push_back("9c6d016f-fbe3-4f82-aecc-" + std::to_string(100000000000 + t));
  const Decimal qty = dec("0.001");
  const Decimal price = dec("34799.5");
  std::size_t i = 0;
  std::uint64_t booked = 0;
  std::uint64_t total = 0;
  for (auto _ : state) {
    if (i == kOrders * kFillsPerOrder) {
      state.PauseTiming();
      book = std::make_unique<Book>();
      i = 0;
      state.ResumeTiming();
    }
    oex::Fill f;
    f.venue = Venue::btse;
    f.symbol = "BTC-USDT";
    f.order_id = book->venue_ids[i % kOrders];
    f.trade_id = trade_ids[i / kOrders];
    f.qty = qty;
    f.price = price;
    auto r = book->core.apply(f);
    booked += r.has(oms::ApplyFlag::fill_booked);
    ++total;
    ++i;
  }
  state.counters["booked_share"] = static_cast<double>(booked) / static_cast<double>(total);
}
BENCHMARK(BM_Oms_book_fill_oex)->Name("BM_Oms/book/fill/oex");

void BM_Oms_book_fill_unordered_map(benchmark::State& state) {
  std::vector<std::string> ids;
  for (int k = 0; k < kOrders; ++k) ids.push_back(uuid(k));
  auto book = usual_book(ids);
  const Decimal qty = dec("0.001");
  std::size_t i = 0;
  for (auto _ : state) {
    UsualOrder& o = book[std::string(ids[i % kOrders])];
    o.filled = *oex::add(o.filled, qty);
    ++o.fills;
    benchmark::DoNotOptimize(o);
    ++i;
  }
}
BENCHMARK(BM_Oms_book_fill_unordered_map)->Name("BM_Oms/book/fill/unordered_map");

}  // namespace
