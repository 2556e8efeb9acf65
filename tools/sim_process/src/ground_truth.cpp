#include "oex/tools/ground_truth.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "absl/status/status.h"

namespace oex::tools {
namespace {

std::string text(const rapidjson::Value& v, const char* name) {
  if (!v.HasMember(name) || !v[name].IsString()) return {};
  return std::string(v[name].GetString(), v[name].GetStringLength());
}

Decimal decimal(const rapidjson::Value& v, const char* name) {
  const auto d = Decimal::parse(text(v, name));
  return d.ok() ? *d : Decimal{};
}

Decimal plus(const Decimal& a, const Decimal& b) {
  const auto sum = add(a, b);
  return sum.ok() ? *sum : a;
}

Decimal minus(const Decimal& a, const Decimal& b) {
  const auto difference = subtract(a, b);
  return difference.ok() ? *difference : a;
}

}  // namespace

absl::StatusOr<GroundTruth> read_ground_truth(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read the ground truth " + path);
  GroundTruth truth;
  std::map<std::pair<Venue, std::string>, std::vector<Decimal>> fills;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      return absl::DataLossError(path + ":" + std::to_string(number) + ": not a JSON object");
    }
    const auto venue = venue_from_string(text(doc, "venue"));
    if (!venue) return absl::DataLossError(path + ":" + std::to_string(number) + ": unknown venue");
    const std::string id = text(doc, "order_id");
    const std::string event = text(doc, "event");
    if (event == "fill") {
      fills[{*venue, id}].push_back(decimal(doc, "qty"));
      ++truth.fills;
      continue;
    }
    TruthOrder& order = truth.orders[{*venue, id}];
    order.venue = *venue;
    order.order_id = id;
    order.client_order_id = text(doc, "client_order_id");
    order.buy = text(doc, "side") == "buy";
    order.state = text(doc, "state");
    order.qty = decimal(doc, "qty");
  }
  for (auto& [key, order] : truth.orders) {
    for (const Decimal& q : fills[key]) order.filled_qty = plus(order.filled_qty, q);
    order.fills = fills[key].size();
  }
  return truth;
}

Decimal GroundTruth::net_position(Venue venue) const {
  Decimal net;
  for (const auto& [key, order] : orders) {
    if (order.venue != venue) continue;
    net = order.buy ? plus(net, order.filled_qty) : minus(net, order.filled_qty);
  }
  return net;
}

std::string truth_state(OrderState state) {
  switch (state) {
    case OrderState::new_:
    case OrderState::partially_filled: return "open";
    case OrderState::filled: return "filled";
    case OrderState::cancelled:
    case OrderState::expired: return "cancelled";
    default: return std::string(to_string(state));
  }
}

Comparison compare(const GroundTruth& truth, const oms::OrderManager& orders, std::span<const Venue> venues) {
  Comparison result;
  auto wanted = [&venues](Venue v) {
    for (const Venue w : venues) {
      if (w == v) return true;
    }
    return false;
  };
  for (const auto& [key, order] : truth.orders) {
    if (!wanted(order.venue)) continue;
    ++result.orders;
    const std::string where = std::string(to_string(order.venue)) + " order " + order.order_id;
    const oms::OrderHandle handle = orders.find_by_venue_id(order.venue, order.order_id);
    const oms::Order* ours = orders.get(handle);
    if (ours == nullptr) {
      result.differences.push_back(where + ": booked by the venue, unknown to the engine");
      continue;
    }
    const std::string venue_state = order.state == "new" || order.state == "amended" ? "open" : order.state;
    const std::string engine_state = truth_state(ours->state);
    bool same = true;
    if (venue_state != engine_state) {
      result.differences.push_back(where + ": venue " + venue_state + ", engine " + std::string(to_string(ours->state)));
      same = false;
    }
    if (!(ours->filled_qty == order.filled_qty)) {
      result.differences.push_back(where + ": venue filled " + order.filled_qty.to_string() + ", engine " +
                                   ours->filled_qty.to_string());
      same = false;
    }
    if (same) ++result.matched;
  }
  orders.for_each_order([&](oms::OrderHandle, const oms::Order& o) {
    if (!wanted(o.venue) || o.external || o.venue_order_id.empty()) return;
    if (truth.orders.find({o.venue, std::string(o.venue_order_id.view())}) == truth.orders.end()) {
      result.differences.push_back(std::string(to_string(o.venue)) + " order " + std::string(o.venue_order_id.view()) +
                                   ": in the engine, never booked by the venue");
    }
  });
  for (const Venue v : venues) {
    Decimal engine_net;
    for (std::size_t s = 0; s < orders.symbols().size(); ++s) {
      engine_net = plus(engine_net, orders.position(v, static_cast<SymbolId>(s)).net_qty);
    }
    const Decimal venue_net = truth.net_position(v);
    if (!(engine_net == venue_net)) {
      result.differences.push_back(std::string(to_string(v)) + ": venue position " + venue_net.to_string() +
                                   ", engine " + engine_net.to_string());
    }
  }
  return result;
}

bool write_final_lines(const oms::OrderManager& orders, const std::string& path) {
  std::vector<const oms::Order*> all;
  orders.for_each_order([&all](oms::OrderHandle, const oms::Order& o) { all.push_back(&o); });
  std::sort(all.begin(), all.end(), [](const oms::Order* a, const oms::Order* b) { return a->serial < b->serial; });
  std::ofstream out(path);
  auto text_or_null = [&out](std::string_view v) {
    if (v.empty()) {
      out << "null";
    } else {
      out << '"' << v << '"';  // ids and states: no character needs escaping
    }
  };
  for (const oms::Order* o : all) {
    out << R"({"event":"final","venue":")" << to_string(o->venue) << R"(","order_id":)";
    text_or_null(o->venue_order_id.view());
    out << R"(,"client_order_id":)";
    text_or_null(o->client_order_id.view());
    out << R"(,"state":")" << to_string(o->state) << R"(","qty":)";
    text_or_null(o->qty_known ? o->qty.to_string() : std::string());
    out << R"(,"filled_qty":")" << o->filled_qty.to_string() << R"(","avg_price":)";
    const auto avg = o->filled_qty.is_zero() ? Result<Decimal>(Decimal{})
                                             : divide(o->filled_notional, o->filled_qty, 12, RoundingMode::half_even);
    text_or_null(!o->filled_qty.is_zero() && avg.ok() ? avg->to_string() : std::string());
    out << R"(,"fills":)" << o->fill_count << "}\n";
  }
  return static_cast<bool>(out);
}

}  // namespace oex::tools
