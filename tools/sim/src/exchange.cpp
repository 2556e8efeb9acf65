#include "exchange.hpp"

#include <algorithm>
#include <chrono>

namespace oex::sim {

std::int64_t wall_ms() noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t Clock::now_ms() const noexcept { return logical_ ? logical_ms_ : wall_ms(); }

std::string_view to_string(SubmitError error) noexcept {
  switch (error) {
    case SubmitError::ok: return "ok";
    case SubmitError::unknown_symbol: return "unknown_symbol";
    case SubmitError::bad_quantity: return "bad_quantity";
    case SubmitError::bad_price: return "bad_price";
    case SubmitError::insufficient_balance: return "insufficient_balance";
    case SubmitError::post_only_would_take: return "post_only_would_take";
    case SubmitError::duplicate_client_id: return "duplicate_client_id";
  }
  return "unknown";
}

Exchange::Exchange(ExchangeConfig config, Clock& clock, IdMaker make_id, std::FILE* ground_truth)
    : config_(std::move(config)), clock_(clock), make_id_(std::move(make_id)), ground_truth_(ground_truth),
      rng_(config_.seed), books_(config_.symbols.size()) {
  for (const SymbolSpec& spec : config_.symbols) {
    balances_[spec.base].total = 1000 * kAmountScale;
    balances_[spec.quote].total = 10'000'000 * kAmountScale;
  }
  for (std::size_t s = 0; s < config_.symbols.size(); ++s) {
    const SymbolSpec& spec = config_.symbols[s];
    books_[s].last_price = spec.mid;
    for (std::size_t level = 1; level <= config_.synthetic_levels; ++level) {
      const Amount offset = spec.tick * static_cast<Amount>(level);
      book_synthetic(s, true, spec.mid - offset, spec.lot * static_cast<Amount>(1 + rng_.below(20)), false);
      book_synthetic(s, false, spec.mid + offset, spec.lot * static_cast<Amount>(1 + rng_.below(20)), false);
    }
  }
}

std::optional<std::size_t> Exchange::find_symbol(std::string_view base, std::string_view quote) const noexcept {
  for (std::size_t s = 0; s < config_.symbols.size(); ++s) {
    if (equal_ignore_case(config_.symbols[s].base, base) && equal_ignore_case(config_.symbols[s].quote, quote)) return s;
  }
  return std::nullopt;
}

Amount Exchange::reservation(const Order& order, Amount quantity) const noexcept {
  if (order.market) return 0;
  return order.buy ? amount_product(order.price, quantity) : quantity;
}

void Exchange::change_balance(const std::string& asset, Amount total_delta, Amount locked_delta) {
  if (total_delta == 0 && locked_delta == 0) return;
  Balance& balance = balances_[asset];
  const Balance before = balance;
  balance.total += total_delta;
  balance.locked += locked_delta;
  if (listener_ != nullptr) listener_->on_balance(asset, before, balance);
}

SubmitError Exchange::submit(const NewOrder& request, Order*& out) {
  out = nullptr;
  if (request.symbol >= books_.size()) return SubmitError::unknown_symbol;
  if (request.quantity <= 0 && request.quote_budget <= 0) return SubmitError::bad_quantity;
  if (!request.market && request.price <= 0) return SubmitError::bad_price;
  if (!request.client_id.empty() && client_ids_.count(request.client_id) != 0) return SubmitError::duplicate_client_id;
  const SymbolSpec& spec = config_.symbols[request.symbol];
  clock_.tick();
  auto order = std::make_unique<Order>();
  order->seq = next_seq_++;
  order->id = make_id_(order->seq, rng_.next());
  order->client_id = request.client_id;
  order->symbol = request.symbol;
  order->buy = request.buy;
  order->market = request.market;
  order->post_only = request.post_only;
  order->tif = request.market ? TimeInForce::ioc : request.tif;
  order->price = request.market ? 0 : request.price;
  order->quantity = request.quantity;
  order->quote_budget = request.quote_budget;
  order->created_ms = order->updated_ms = clock_.now_ms();
  const Amount needed = reservation(*order, order->quantity);
  const Balance& funds = balances_[request.buy ? spec.quote : spec.base];
  if (needed > funds.free() || (request.market && !request.buy && request.quantity > funds.free())) {
    return SubmitError::insufficient_balance;
  }
  Book& book = books_[request.symbol];
  if (order->post_only) {
    const bool crosses = order->buy ? (!book.asks.empty() && book.asks.begin()->first <= order->price)
                                    : (!book.bids.empty() && book.bids.begin()->first >= order->price);
    if (crosses) return SubmitError::post_only_would_take;
  }
  if (order->tif == TimeInForce::fok) {
    Amount available = 0;
    if (order->buy) {
      for (const auto& [price, level] : book.asks) {
        if (price > order->price) break;
        available += level.size;
      }
    } else {
      for (const auto& [price, level] : book.bids) {
        if (price < order->price) break;
        available += level.size;
      }
    }
    if (available < order->quantity) {
      // Fill-or-kill that cannot fill: booked and cancelled at once, as venues report it.
      Order& placed = *order;
      orders_.emplace(placed.id, std::move(order));
      log_order(placed, "new");
      if (listener_ != nullptr) listener_->on_order(placed, true);
      close(placed, OrderEnd::cancelled);
      out = &placed;
      return SubmitError::ok;
    }
  }
  Order& placed = *order;
  orders_.emplace(placed.id, std::move(order));
  if (!placed.client_id.empty()) client_ids_[placed.client_id] = placed.id;
  change_balance(placed.buy ? spec.quote : spec.base, 0, needed);
  log_order(placed, "new");
  if (listener_ != nullptr) listener_->on_order(placed, true);
  match(placed);
  if (placed.open()) {
    if (placed.tif == TimeInForce::gtc && !placed.market) {
      rest(placed);
    } else {
      close(placed, OrderEnd::cancelled);
    }
  }
  out = &placed;
  return SubmitError::ok;
}

void Exchange::match(Order& taker) {
  Book& book = books_[taker.symbol];
  while (taker.open()) {
    if (taker.market && taker.buy && taker.quote_budget > 0 &&
        taker.filled_value() >= taker.quote_budget) {
      break;
    }
    if (!(taker.market && taker.buy && taker.quote_budget > 0) && taker.remaining() == 0) break;
    Level* level = nullptr;
    Amount price = 0;
    if (taker.buy) {
      if (book.asks.empty()) break;
      price = book.asks.begin()->first;
      if (!taker.market && price > taker.price) break;
      level = &book.asks.begin()->second;
    } else {
      if (book.bids.empty()) break;
      price = book.bids.begin()->first;
      if (!taker.market && price < taker.price) break;
      level = &book.bids.begin()->second;
    }
    Order& maker = *level->queue.front();
    Amount quantity = std::min(maker.remaining(), taker.market && taker.buy && taker.quote_budget > 0
                                                      ? std::max<Amount>(1, (taker.quote_budget - taker.filled_value()) *
                                                                                 kAmountScale / price)
                                                      : taker.remaining());
    if (quantity <= 0) break;
    fill(taker, maker, price, quantity);
  }
}

void Exchange::fill(Order& taker, Order& maker, Amount price, Amount quantity) {
  Book& book = books_[taker.symbol];
  const std::uint64_t trade_id = next_trade_id_++;
  book.last_price = price;
  // The maker's level shrinks first, so book listeners see the new size.
  if (maker.buy) {
    auto it = book.bids.find(maker.price);
    it->second.size -= quantity;
  } else {
    auto it = book.asks.find(maker.price);
    it->second.size -= quantity;
  }
  for (Order* side : {&maker, &taker}) {
    side->last_fill_price = price;
    side->last_fill_quantity = quantity;
    side->last_fill_maker = side == &maker;
    side->last_trade_id = trade_id;
  }
  const Amount value = amount_product(price, quantity);
  for (Order* side : {&maker, &taker}) {
    const bool maker_side = side == &maker;
    const Amount fee = value * (maker_side ? config_.maker_fee_ppm : config_.taker_fee_ppm) / 1'000'000;
    counterparty_seq_ = maker_side ? taker.seq : maker.seq;
    settle(*side, price, quantity, maker_side, fee);
  }
  const Amount level_size = maker.buy ? book.bids.find(maker.price)->second.size : book.asks.find(maker.price)->second.size;
  if (maker.remaining() == 0) {
    Level& level = maker.buy ? book.bids.find(maker.price)->second : book.asks.find(maker.price)->second;
    level.queue.pop_front();
    if (level.queue.empty()) {
      if (maker.buy) {
        book.bids.erase(maker.price);
      } else {
        book.asks.erase(maker.price);
      }
    }
  }
  record_trade(book, taker.buy, price, quantity, trade_id);
  if (listener_ != nullptr) {
    listener_->on_trade(taker.symbol, taker.buy, price, quantity, trade_id);
    listener_->on_book(taker.symbol, maker.buy, maker.price, level_size);
  }
  if (maker.synthetic && maker.remaining() == 0) release_synthetic(maker);
}

void Exchange::record_trade(Book& book, bool taker_buy, Amount price, Amount quantity, std::uint64_t trade_id) {
  const std::int64_t now = clock_.now_ms();
  book.trades.push_back(TradeRecord{trade_id, taker_buy, price, quantity, now});
  if (book.trades.size() > kTradesKept) book.trades.pop_front();
  const std::int64_t minute = now - now % 60'000;
  if (book.minutes.empty() || book.minutes.back().start_ms != minute) {
    book.minutes.push_back(Candle{minute, price, price, price, price, 0, 0});
    if (book.minutes.size() > kMinuteCandlesKept) book.minutes.pop_front();
  }
  Candle& candle = book.minutes.back();
  candle.high = std::max(candle.high, price);
  candle.low = std::min(candle.low, price);
  candle.close = price;
  candle.volume += quantity;
  candle.quote_volume += amount_product(price, quantity);
}

std::vector<Candle> Exchange::candles(std::size_t symbol, std::int64_t minutes, std::size_t limit) const {
  std::vector<Candle> out;
  if (minutes <= 0) return out;
  const std::int64_t period = minutes * 60'000;
  for (const Candle& minute : books_[symbol].minutes) {
    const std::int64_t start = minute.start_ms - minute.start_ms % period;
    if (out.empty() || out.back().start_ms != start) {
      out.push_back(Candle{start, minute.open, minute.high, minute.low, minute.close, 0, 0});
    }
    Candle& candle = out.back();
    candle.high = std::max(candle.high, minute.high);
    candle.low = std::min(candle.low, minute.low);
    candle.close = minute.close;
    candle.volume += minute.volume;
    candle.quote_volume += minute.quote_volume;
  }
  if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  return out;
}

DayStats Exchange::day_stats(std::size_t symbol) const {
  const Book& book = books_[symbol];
  DayStats stats;
  stats.last = book.last_price;
  const std::int64_t since = clock_.now_ms() - 24 * 60 * 60'000;
  bool any = false;
  for (const Candle& minute : book.minutes) {
    if (minute.start_ms + 60'000 <= since) continue;
    if (!any) {
      stats.open = minute.open;
      stats.high = minute.high;
      stats.low = minute.low;
      any = true;
    }
    stats.high = std::max(stats.high, minute.high);
    stats.low = std::min(stats.low, minute.low);
    stats.volume += minute.volume;
    stats.quote_volume += minute.quote_volume;
  }
  if (!any) stats.open = stats.high = stats.low = stats.last;
  return stats;
}

void Exchange::settle(Order& order, Amount price, Amount quantity, bool maker, Amount fee) {
  order.filled += quantity;
  order.filled_value_scaled += static_cast<Wide>(price) * quantity;
  order.updated_ms = clock_.now_ms();
  if (order.synthetic) return;
  if (order.market && order.buy && order.quote_budget > 0) order.quantity = order.filled;
  order.fees += fee;
  const SymbolSpec& spec = config_.symbols[order.symbol];
  const Amount value = amount_product(price, quantity);
  if (order.buy) {
    change_balance(spec.quote, -value - fee, -reservation(order, quantity));
    change_balance(spec.base, quantity, 0);
  } else {
    change_balance(spec.base, -quantity, -reservation(order, quantity));
    change_balance(spec.quote, value - fee, 0);
  }
  FillRecord record;
  record.trade_id = order.last_trade_id;
  record.order_id = order.id;
  record.client_id = order.client_id;
  record.symbol = order.symbol;
  record.buy = order.buy;
  record.market = order.market;
  record.maker = maker;
  record.price = price;
  record.quantity = quantity;
  record.fee = fee;
  record.order_price = order.price;
  record.order_quantity = order.quantity;
  record.order_average = order.average_price();
  record.counterparty_seq = counterparty_seq_;
  record.ms = order.updated_ms;
  fills_.push_back(std::move(record));
  while (fills_.size() > config_.finished_orders_kept) fills_.pop_front();
  log_fill(order);
  if (listener_ != nullptr) listener_->on_fill(order);
  const bool done = order.market && order.buy && order.quote_budget > 0 ? order.filled_value() >= order.quote_budget
                                                                         : order.remaining() == 0;
  if (done) {
    close(order, OrderEnd::filled);
  } else if (listener_ != nullptr) {
    listener_->on_order(order, false);
  }
}

void Exchange::rest(Order& order) {
  Book& book = books_[order.symbol];
  Amount size = 0;
  if (order.buy) {
    Level& level = book.bids[order.price];
    level.queue.push_back(&order);
    size = level.size += order.remaining();
  } else {
    Level& level = book.asks[order.price];
    level.queue.push_back(&order);
    size = level.size += order.remaining();
  }
  if (listener_ != nullptr) listener_->on_book(order.symbol, order.buy, order.price, size);
}

void Exchange::remove_from_book(Order& order) {
  Book& book = books_[order.symbol];
  auto erase_from = [&](auto& side) {
    auto it = side.find(order.price);
    if (it == side.end()) return;
    auto& queue = it->second.queue;
    auto pos = std::find(queue.begin(), queue.end(), &order);
    if (pos == queue.end()) return;
    queue.erase(pos);
    it->second.size -= order.remaining();
    const bool emptied = queue.empty();
    const Amount size = emptied ? 0 : it->second.size;
    if (emptied) side.erase(it);  // `queue` dies with the level
    if (listener_ != nullptr) listener_->on_book(order.symbol, order.buy, order.price, size);
  };
  if (order.buy) {
    erase_from(book.bids);
  } else {
    erase_from(book.asks);
  }
}

void Exchange::close(Order& order, OrderEnd end) {
  if (!order.open()) return;
  const SymbolSpec& spec = config_.symbols[order.symbol];
  const Amount unlock = reservation(order, order.remaining());
  order.end = end;
  order.updated_ms = clock_.now_ms();
  if (unlock != 0) change_balance(order.buy ? spec.quote : spec.base, 0, -unlock);
  if (!order.client_id.empty()) client_ids_.erase(order.client_id);
  log_order(order, end == OrderEnd::filled ? "filled" : "cancelled");
  if (listener_ != nullptr) listener_->on_order(order, false);
  finished_.push_back(order.id);
  // Closed orders stay answerable for a while; the oldest go, so memory stays bounded.
  while (finished_.size() > config_.finished_orders_kept) {
    orders_.erase(finished_.front());
    finished_.pop_front();
  }
}

bool Exchange::cancel(Order& order) {
  if (!order.open() || order.synthetic) return false;
  clock_.tick();
  remove_from_book(order);
  close(order, OrderEnd::cancelled);
  return true;
}

bool Exchange::amend(Order& order, Amount price, Amount quantity) {
  if (!order.open() || order.synthetic || order.market || price <= 0 || quantity <= order.filled) return false;
  clock_.tick();
  remove_from_book(order);
  const SymbolSpec& spec = config_.symbols[order.symbol];
  const Amount before = reservation(order, order.remaining());
  order.price = price;
  order.quantity = quantity;
  order.updated_ms = clock_.now_ms();
  change_balance(order.buy ? spec.quote : spec.base, 0, reservation(order, order.remaining()) - before);
  log_order(order, "amended");
  if (listener_ != nullptr) listener_->on_order(order, false);
  match(order);
  if (order.open()) rest(order);
  return true;
}

Order* Exchange::find(std::string_view id) noexcept {
  auto it = orders_.find(std::string(id));
  return it == orders_.end() ? nullptr : it->second.get();
}

Order* Exchange::find_client(std::string_view client_id) noexcept {
  auto it = client_ids_.find(std::string(client_id));
  return it == client_ids_.end() ? nullptr : find(it->second);
}

std::vector<Order*> Exchange::open_orders(std::optional<std::size_t> symbol) {
  std::vector<Order*> out;
  for (auto& [id, order] : orders_) {
    if (order->open() && (!symbol || order->symbol == *symbol)) out.push_back(order.get());
  }
  std::sort(out.begin(), out.end(), [](const Order* a, const Order* b) { return a->seq < b->seq; });
  return out;
}

std::vector<Order*> Exchange::recent_orders(std::optional<std::size_t> symbol, std::size_t limit) {
  std::vector<Order*> out;
  for (auto& [id, order] : orders_) {
    if (!symbol || order->symbol == *symbol) out.push_back(order.get());
  }
  std::sort(out.begin(), out.end(), [](const Order* a, const Order* b) { return a->seq > b->seq; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Order* Exchange::book_synthetic(std::size_t symbol, bool buy, Amount price, Amount quantity, bool take) {
  Book& book = books_[symbol];
  auto order = std::make_unique<Order>();
  order->seq = next_seq_++;
  order->synthetic = true;
  order->symbol = symbol;
  order->buy = buy;
  order->price = price;
  order->quantity = quantity;
  order->tif = take ? TimeInForce::ioc : TimeInForce::gtc;
  Order& placed = *order;
  book.synthetic.push_back(std::move(order));
  match(placed);
  if (placed.remaining() > 0 && !take) {
    rest(placed);
  } else {
    release_synthetic(placed);
  }
  return &placed;
}

void Exchange::release_synthetic(Order& order) {
  Book& book = books_[order.symbol];
  auto it = std::find_if(book.synthetic.begin(), book.synthetic.end(),
                         [&](const std::unique_ptr<Order>& o) { return o.get() == &order; });
  if (it != book.synthetic.end()) book.synthetic.erase(it);
}

void Exchange::synthetic_step() {
  if (books_.empty()) return;
  const std::size_t s = rng_.below(books_.size());
  const SymbolSpec& spec = config_.symbols[s];
  Book& book = books_[s];
  const bool buy = rng_.below(2) == 0;
  const Amount size = spec.lot * static_cast<Amount>(1 + rng_.below(10));
  const std::uint64_t action = rng_.below(10);
  if (action < 3) {
    // A taker crosses the touch: it may fill the client's resting orders.
    const Amount limit = buy ? (book.asks.empty() ? 0 : book.asks.begin()->first)
                             : (book.bids.empty() ? 0 : book.bids.begin()->first);
    if (limit > 0) book_synthetic(s, buy, limit, size, true);
  } else if (action < 8 || book.synthetic.size() < config_.synthetic_levels) {
    // A maker joins within a few ticks of the touch.
    const Amount touch = buy ? (book.bids.empty() ? book.last_price - spec.tick : book.bids.begin()->first)
                             : (book.asks.empty() ? book.last_price + spec.tick : book.asks.begin()->first);
    const Amount price = buy ? touch - spec.tick * static_cast<Amount>(rng_.below(4))
                             : touch + spec.tick * static_cast<Amount>(rng_.below(4));
    if (price > 0) book_synthetic(s, buy, price, size, false);
  } else if (!book.synthetic.empty()) {
    // A maker leaves; the oldest first, which also keeps the synthetic book's size bounded.
    Order& leaving = *book.synthetic[rng_.below(std::min<std::size_t>(book.synthetic.size(), 8))];
    remove_from_book(leaving);
    release_synthetic(leaving);
  }
  // Bounded: beyond four times the seeded depth the oldest synthetic orders leave.
  while (book.synthetic.size() > config_.synthetic_levels * 8) {
    Order& leaving = *book.synthetic.front();
    remove_from_book(leaving);
    release_synthetic(leaving);
  }
  if (listener_ != nullptr) listener_->on_step_done();
}

std::vector<std::pair<Amount, Amount>> Exchange::depth(std::size_t symbol, bool bids, std::size_t levels) const {
  std::vector<std::pair<Amount, Amount>> out;
  const Book& book = books_[symbol];
  if (bids) {
    for (const auto& [price, level] : book.bids) {
      if (out.size() == levels) break;
      out.emplace_back(price, level.size);
    }
  } else {
    for (const auto& [price, level] : book.asks) {
      if (out.size() == levels) break;
      out.emplace_back(price, level.size);
    }
  }
  return out;
}

std::optional<std::pair<Amount, Amount>> Exchange::best(std::size_t symbol, bool bid) const {
  const Book& book = books_[symbol];
  if (bid) {
    if (book.bids.empty()) return std::nullopt;
    return std::make_pair(book.bids.begin()->first, book.bids.begin()->second.size);
  }
  if (book.asks.empty()) return std::nullopt;
  return std::make_pair(book.asks.begin()->first, book.asks.begin()->second.size);
}

void Exchange::log_order(const Order& order, std::string_view event) {
  if (ground_truth_ == nullptr) return;
  const SymbolSpec& spec = config_.symbols[order.symbol];
  line_.clear();
  line_ += R"({"ts":)";
  append_int(line_, clock_.now_ms());
  line_ += R"(,"venue":")";
  line_ += config_.venue;
  line_ += R"(","event":"order","state":")";
  line_ += event;
  line_ += R"(","order_id":)";
  append_json_string(line_, order.id);
  line_ += R"(,"client_order_id":)";
  if (order.client_id.empty()) {
    line_ += "null";
  } else {
    append_json_string(line_, order.client_id);
  }
  line_ += R"(,"symbol":")";
  line_ += spec.base + "/" + spec.quote;
  line_ += order.buy ? R"(","side":"buy")" : R"(","side":"sell")";
  line_ += order.market ? R"(,"type":"market","price":null)" : R"(,"type":"limit","price":")";
  if (!order.market) {
    append_amount(line_, order.price);
    line_ += '"';
  }
  line_ += R"(,"qty":")";
  append_amount(line_, order.quantity);
  line_ += R"(","filled_qty":")";
  append_amount(line_, order.filled);
  line_ += "\"}\n";
  std::fwrite(line_.data(), 1, line_.size(), ground_truth_);
}

void Exchange::log_fill(const Order& order) {
  if (ground_truth_ == nullptr) return;
  const SymbolSpec& spec = config_.symbols[order.symbol];
  line_.clear();
  line_ += R"({"ts":)";
  append_int(line_, clock_.now_ms());
  line_ += R"(,"venue":")";
  line_ += config_.venue;
  line_ += R"(","event":"fill","order_id":)";
  append_json_string(line_, order.id);
  line_ += R"(,"trade_id":")";
  append_int(line_, static_cast<std::int64_t>(order.last_trade_id));
  line_ += R"(","price":")";
  append_amount(line_, order.last_fill_price);
  line_ += R"(","qty":")";
  append_amount(line_, order.last_fill_quantity);
  line_ += R"(","fee_ccy":")";
  line_ += spec.quote;
  line_ += order.last_fill_maker ? R"(","liquidity":"maker"})" : R"(","liquidity":"taker"})";
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), ground_truth_);
}

}  // namespace oex::sim
