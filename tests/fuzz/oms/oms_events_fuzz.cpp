// Bytes become a sequence of venue events over a few orders and ids (updates with any state and
// cumulative, trade fills, acks, rejects, cancels, amends, disconnects). Whatever the sequence,
// no order's filled quantity exceeds its quantity, filled never decreases, and terminal states
// stay terminal.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/oms/order_manager.hpp"

namespace {

using namespace oex;

constexpr std::array<std::string_view, 4> kIds = {"A", "B", "C", "D"};
constexpr std::array<std::string_view, 4> kCids = {"11", "12", "13", "14"};
constexpr std::array<std::string_view, 4> kTrades = {"t1", "t2", "t3", "t4"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  oms::OmsConfig config;
  config.max_orders = 8;
  config.max_symbols = 2;
  config.max_fill_keys = 4;
  oms::OrderManager core(config);
  const SymbolId sym = *core.symbols().intern("S");
  for (std::size_t i = 0; i < 2; ++i) {
    oms::NewOrderRequest r;
    r.venue = Venue::btse;
    r.symbol = sym;
    r.side = i ? Side::sell : Side::buy;
    r.price = Decimal::from_int(100);
    r.qty = Decimal::from_int(5);
    r.client_order_id = *ClientOrderId::from(kCids[i]);
    (void)core.add_pending(r);
  }
  std::array<std::uint64_t, 8> serials{};
  std::array<Decimal, 8> last_filled{};
  std::array<OrderState, 8> last_state{};
  for (std::size_t p = 0; p + 3 <= size; p += 3) {
    const std::uint8_t op = data[p] % 10;
    const std::uint8_t a = data[p + 1];
    const std::uint8_t b = data[p + 2];
    const std::string_view id = kIds[a % 4];
    const std::string_view cid = kCids[(a >> 2) % 4];
    switch (op) {
      case 0: {
        OrderUpdate u;
        u.venue = Venue::btse;
        u.symbol = "S";
        u.order_id = id;
        if (a & 0x40) u.client_order_id = cid;
        u.side = (a & 0x80) ? Side::sell : Side::buy;
        u.state = static_cast<OrderState>(b % 10);
        u.filled_qty = *Decimal::from_units(b >> 4, 0);
        if (b & 0x08) u.qty = *Decimal::from_units((b & 7) + 1, 0);
        if (b & 0x04) u.filled_notional = *Decimal::from_units((b >> 4) * 100, 0);
        (void)core.apply(u);
        break;
      }
      case 1: {
        Fill f;
        f.venue = Venue::btse;
        f.symbol = "S";
        if (!(a & 0x40)) f.order_id = id;
        if (a & 0x20) f.client_order_id = cid;
        f.trade_id = kTrades[b % 4];
        f.side = (a & 0x80) ? Side::sell : Side::buy;
        f.qty = *Decimal::from_units((b >> 2) % 8, 1);
        f.price = Decimal::from_int(100);
        (void)core.apply(f);
        break;
      }
      case 2: (void)core.apply(NewOrderAck{Venue::btse, "S", id, cid, std::nullopt, std::nullopt}); break;
      case 3: (void)core.apply(NewOrderReject{Venue::btse, "S", cid, "8", ""}); break;
      case 4: (void)core.begin_cancel(b % 8); break;
      case 5: (void)core.apply(CancelAck{Venue::btse, "S", id, cid}); break;
      case 6: (void)core.apply(CancelReject{Venue::btse, "S", id, cid, "16", ""}); break;
      case 7:
        (void)core.begin_amend(b % 8, std::nullopt, Decimal::from_int(b % 7));
        (void)core.apply(AmendAck{Venue::btse, "S", id, cid, std::nullopt, std::nullopt, std::nullopt});
        break;
      case 8: {
        (void)core.on_disconnect(Venue::btse);
        std::array<oms::VenueQuery, 16> q{};
        (void)core.reconciliation_queries(Venue::btse, q);
        if (b & 1) core.end_of_open_orders(Venue::btse);
        (void)core.end_of_order_history(a % 8);
        break;
      }
      case 9: {  // housekeeping frees finished orders only
        const std::uint32_t open = core.open_orders(Venue::btse);
        (void)core.reclaim_finished(b % 4);
        if (core.open_orders(Venue::btse) != open) __builtin_trap();
        break;
      }
    }
    core.for_each_order([&](oms::OrderHandle h, const oms::Order& o) {
      // filled stays within the quantity unless the venue itself lowered the quantity below it,
      // which the core flags.
      if (o.qty_known && o.filled_qty > o.qty && !o.overfilled) __builtin_trap();
      if (h < serials.size() && serials[h] == o.serial) {  // the same order as last time
        if (o.filled_qty < last_filled[h]) __builtin_trap();
        if (is_terminal(last_state[h]) && o.state != last_state[h]) __builtin_trap();
      }
      if (h < serials.size()) {
        serials[h] = o.serial;
        last_filled[h] = o.filled_qty;
        last_state[h] = o.state;
      }
    });
  }
  return 0;
}
