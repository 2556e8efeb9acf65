#include "oex/engine/order_book.hpp"

#include <cstring>

namespace oex::engine {

OrderBook::OrderBook(std::size_t max_levels_per_side)
    : capacity_(max_levels_per_side),
      bids_(std::make_unique<BookLevel[]>(max_levels_per_side)),
      asks_(std::make_unique<BookLevel[]>(max_levels_per_side)) {}

bool OrderBook::set_level(BookLevel* levels, std::size_t& count, std::size_t capacity, const BookLevel& level,
                          bool descending) noexcept {
  // Binary search for the level's place: the first level not better than it.
  std::size_t lo = 0, hi = count;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const bool better = descending ? levels[mid].price > level.price : levels[mid].price < level.price;
    if (better) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const bool exists = lo < count && levels[lo].price == level.price;
  if (level.qty.is_zero()) {
    if (exists) {
      std::memmove(static_cast<void*>(levels + lo), levels + lo + 1, (count - lo - 1) * sizeof(BookLevel));
      --count;
    }
    return true;
  }
  if (exists) {
    levels[lo].qty = level.qty;
    return true;
  }
  if (count == capacity) return false;
  std::memmove(static_cast<void*>(levels + lo + 1), levels + lo, (count - lo) * sizeof(BookLevel));
  levels[lo] = level;
  ++count;
  return true;
}

BookError OrderBook::apply(const BookUpdate& update) noexcept {
  if (update.snapshot) {
    bid_count_ = 0;
    ask_count_ = 0;
    stale_ = false;
    initialized_ = true;
  } else {
    if (!initialized_) return fail(BookError::not_initialized);
    if (stale_) return BookError::stale;
    if (update.prev_seq && last_seq_ && *update.prev_seq != *last_seq_) return fail(BookError::sequence_gap);
  }
  for (const BookLevel& level : update.bids) {
    if (!set_level(bids_.get(), bid_count_, capacity_, level, true)) return fail(BookError::too_many_levels);
  }
  for (const BookLevel& level : update.asks) {
    if (!set_level(asks_.get(), ask_count_, capacity_, level, false)) return fail(BookError::too_many_levels);
  }
  if (update.seq) last_seq_ = update.seq;
  if (bid_count_ > 0 && ask_count_ > 0 && !(bids_[0].price < asks_[0].price)) return fail(BookError::crossed);
  return BookError::ok;
}

std::optional<BookLevel> OrderBook::best_bid() const noexcept {
  if (!ready() || bid_count_ == 0) return std::nullopt;
  return bids_[0];
}

std::optional<BookLevel> OrderBook::best_ask() const noexcept {
  if (!ready() || ask_count_ == 0) return std::nullopt;
  return asks_[0];
}

}  // namespace oex::engine
