#pragma once
// One instrument's L2 book, built from the codecs' BookUpdate events: a snapshot replaces both
// sides (BTSE snapshot, DigiFinex `clean`, Cryptomus `full_reload`), a delta sets or removes
// levels (quantity zero removes). Where the venue numbers its messages (BTSE seqNum and
// prevSeqNum), a delta that does not continue the last number is a gap. A gap or a crossed book
// leaves the book stale until the next snapshot: the venue session resubscribes, as BTSE's
// document says, and the risk collar sees no reference price meanwhile. Levels live in sorted
// arrays sized at construction; nothing allocates after that.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "oex/core/events.hpp"

namespace oex::engine {

enum class BookError : std::uint8_t {
  ok = 0,
  not_initialized,  // a delta before any snapshot
  sequence_gap,     // prev_seq does not continue the last seq
  crossed,          // best bid at or above best ask after the update
  too_many_levels,  // a side would hold more levels than the book was sized for
  stale,            // the book is waiting for a snapshot after an earlier error
};

[[nodiscard]] constexpr std::string_view error_name(BookError e) noexcept {
  switch (e) {
    case BookError::ok: return "ok";
    case BookError::not_initialized: return "not_initialized";
    case BookError::sequence_gap: return "sequence_gap";
    case BookError::crossed: return "crossed";
    case BookError::too_many_levels: return "too_many_levels";
    case BookError::stale: return "stale";
  }
  return "unknown_error";
}

class OrderBook {
 public:
  explicit OrderBook(std::size_t max_levels_per_side);

  // Applies the update; anything but ok leaves the book stale until a snapshot arrives.
  [[nodiscard]] BookError apply(const BookUpdate& update) noexcept;

  [[nodiscard]] bool ready() const noexcept { return initialized_ && !stale_; }
  [[nodiscard]] std::optional<BookLevel> best_bid() const noexcept;
  [[nodiscard]] std::optional<BookLevel> best_ask() const noexcept;
  // Best first.
  [[nodiscard]] std::span<const BookLevel> bids() const noexcept { return {bids_.get(), bid_count_}; }
  [[nodiscard]] std::span<const BookLevel> asks() const noexcept { return {asks_.get(), ask_count_}; }
  [[nodiscard]] std::optional<std::int64_t> last_seq() const noexcept { return last_seq_; }

 private:
  // Sets or removes one level on a side kept best first (bids descending, asks ascending).
  [[nodiscard]] static bool set_level(BookLevel* levels, std::size_t& count, std::size_t capacity,
                                      const BookLevel& level, bool descending) noexcept;
  BookError fail(BookError e) noexcept {
    stale_ = true;
    return e;
  }

  std::size_t capacity_;
  std::unique_ptr<BookLevel[]> bids_;
  std::unique_ptr<BookLevel[]> asks_;
  std::size_t bid_count_ = 0;
  std::size_t ask_count_ = 0;
  std::optional<std::int64_t> last_seq_;
  bool initialized_ = false;
  bool stale_ = false;
};

}  // namespace oex::engine
