#include "oex/engine/order_book.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "allocation_counter.hpp"

namespace oex::engine {
namespace {

BookLevel L(const char* price, const char* qty) { return {*Decimal::parse(price), *Decimal::parse(qty)}; }

BookUpdate update(bool snapshot, const std::vector<BookLevel>& bids, const std::vector<BookLevel>& asks,
                  std::optional<std::int64_t> seq = {}, std::optional<std::int64_t> prev = {}) {
  BookUpdate u;
  u.venue = Venue::btse;
  u.symbol = "BTC-USD";
  u.snapshot = snapshot;
  u.bids = bids;
  u.asks = asks;
  u.seq = seq;
  u.prev_seq = prev;
  return u;
}

TEST(OrderBook, SnapshotThenDeltasKeepBothSidesSortedBestFirst) {
  OrderBook book(8);
  const std::vector<BookLevel> bids = {L("99", "1"), L("100", "2"), L("98", "3")};
  const std::vector<BookLevel> asks = {L("102", "1"), L("101", "5")};
  ASSERT_EQ(book.apply(update(true, bids, asks, 10)), BookError::ok);
  EXPECT_EQ(book.best_bid()->price, *Decimal::parse("100"));
  EXPECT_EQ(book.best_ask()->price, *Decimal::parse("101"));
  const std::vector<BookLevel> delta_bids = {L("100", "0"), L("99.5", "4"), L("99", "7")};
  const std::vector<BookLevel> delta_asks = {L("101", "0")};
  ASSERT_EQ(book.apply(update(false, delta_bids, delta_asks, 11, 10)), BookError::ok);
  ASSERT_EQ(book.bids().size(), 3u);
  EXPECT_EQ(book.bids()[0].price.to_string(), "99.5");
  EXPECT_EQ(book.bids()[1].qty.to_string(), "7");
  EXPECT_EQ(book.best_ask()->price.to_string(), "102");
  EXPECT_EQ(book.last_seq(), 11);
}

TEST(OrderBook, AGapMakesTheBookStaleUntilTheNextSnapshot) {
  OrderBook book(8);
  const std::vector<BookLevel> bids = {L("100", "1")};
  const std::vector<BookLevel> asks = {L("101", "1")};
  ASSERT_EQ(book.apply(update(true, bids, asks, 5)), BookError::ok);
  EXPECT_EQ(book.apply(update(false, bids, {}, 7, 6)), BookError::sequence_gap);
  EXPECT_FALSE(book.ready());
  EXPECT_FALSE(book.best_bid().has_value()) << "no reference price from a stale book";
  EXPECT_EQ(book.apply(update(false, bids, {}, 8, 7)), BookError::stale);
  ASSERT_EQ(book.apply(update(true, bids, asks, 20)), BookError::ok);
  EXPECT_TRUE(book.ready());
}

TEST(OrderBook, CrossedDeltaBeforeSnapshotAndOverflowAreErrors) {
  OrderBook book(2);
  EXPECT_EQ(book.apply(update(false, {L("1", "1")}, {})), BookError::not_initialized);
  ASSERT_EQ(book.apply(update(true, {L("100", "1")}, {L("101", "1")})), BookError::ok);
  EXPECT_EQ(book.apply(update(false, {L("101", "1")}, {})), BookError::crossed);
  ASSERT_EQ(book.apply(update(true, {L("100", "1")}, {L("101", "1")})), BookError::ok);
  EXPECT_EQ(book.apply(update(false, {L("99", "1"), L("98", "1")}, {})), BookError::too_many_levels);
}

// Random deltas against a std::map model: the same levels, in order, after every update.
TEST(OrderBook, MatchesAMapModelUnderRandomDeltasWithoutAllocating) {
  OrderBook book(64);
  std::map<int, int> bid_model, ask_model;
  std::mt19937 rng(3);
  ASSERT_EQ(book.apply(update(true, {}, {})), BookError::ok);
  std::vector<BookLevel> bids, asks;
  bids.reserve(4);
  asks.reserve(4);
  std::uint64_t allocations_in_apply = 0;
  for (int step = 0; step < 5000; ++step) {
    bids.clear();
    asks.clear();
    const int bid_price = 1000 + static_cast<int>(rng() % 40), ask_price = 1050 + static_cast<int>(rng() % 40);
    const int qty = static_cast<int>(rng() % 4);  // 0 removes
    bids.push_back({Decimal::from_int(bid_price), Decimal::from_int(qty)});
    asks.push_back({Decimal::from_int(ask_price), Decimal::from_int(qty)});
    const BookUpdate u = update(false, bids, asks);
    testing::AllocationScope scope;
    const BookError e = book.apply(u);
    allocations_in_apply += scope.allocations();
    ASSERT_EQ(e, BookError::ok);
    if (qty == 0) {
      bid_model.erase(bid_price), ask_model.erase(ask_price);
    } else {
      bid_model[bid_price] = qty, ask_model[ask_price] = qty;
    }
    ASSERT_EQ(book.bids().size(), bid_model.size());
    ASSERT_EQ(book.asks().size(), ask_model.size());
  }
  EXPECT_EQ(allocations_in_apply, 0u);
  auto it = bid_model.rbegin();
  for (const BookLevel& level : book.bids()) EXPECT_EQ(level.price, Decimal::from_int((it++)->first));
  auto at = ask_model.begin();
  for (const BookLevel& level : book.asks()) EXPECT_EQ(level.price, Decimal::from_int((at++)->first));
}

}  // namespace
}  // namespace oex::engine
