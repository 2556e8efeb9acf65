#pragma once
// Fixed-capacity open-addressing tables (linear probing, backward-shift deletion, so no
// tombstones pile up). Sized once at start-up; a full table is a reported error.
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace oex::oms {

// A 64-bit hash of a short id (8 bytes per step, then a final avalanche).
[[nodiscard]] inline std::uint64_t hash_text(std::string_view text, std::uint64_t seed) noexcept {
  std::uint64_t h = seed ^ (text.size() * 0x9E3779B97F4A7C15ULL);
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    h = (h ^ word) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
  }
  // The last bytes: an overlapping fixed 8-byte load when the text has 8, else byte by byte in a
  // register (a variable-length copy through memory would stall the load that follows).
  std::uint64_t tail = 0;
  if (i < text.size()) {
    if (text.size() >= 8) {
      std::memcpy(&tail, text.data() + text.size() - 8, 8);
    } else {
      for (std::size_t k = text.size(); k > 0; --k) tail = (tail << 8) | static_cast<unsigned char>(text[k - 1]);
    }
  }
  h = (h ^ tail) * 0x94D049BB133111EBULL;
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h;
}

// An index hash for ids of 8 to 24 bytes (client order ids): three overlapping 8-byte loads cover
// every byte, and two independent 64x64->128-bit multiplications (folded high ^ low) mix them, so
// it costs a few cycles where hash_text's chain of dependent steps costs several times more. Only
// for indexes that confirm every candidate (SlotIndex): a collision costs a probe, never a wrong
// answer. Other lengths take hash_text. Always inline: as a call it costs more than it computes.
[[nodiscard, gnu::always_inline]] inline std::uint64_t hash_short_id(std::string_view text, std::uint64_t seed) noexcept {
  const std::size_t n = text.size();
  if (n < 8 || n > 24) return hash_text(text, seed);
  // [0, 8), [n/2 - 4, n/2 + 4) and [n - 8, n) together cover [0, n) for 8 <= n <= 24.
  std::uint64_t a, b, c;
  std::memcpy(&a, text.data(), 8);
  std::memcpy(&b, text.data() + n / 2 - 4, 8);
  std::memcpy(&c, text.data() + n - 8, 8);
  __extension__ using U128 = unsigned __int128;
  const U128 x = static_cast<U128>(a ^ 0x243F6A8885A308D3ULL) * (b ^ seed ^ 0x13198A2E03707344ULL);
  const U128 y = static_cast<U128>(c ^ 0xA4093822299F31D0ULL) * (n ^ 0x082EFA98EC4E6C89ULL);
  return static_cast<std::uint64_t>(x) ^ static_cast<std::uint64_t>(x >> 64) ^ static_cast<std::uint64_t>(y) ^
         static_cast<std::uint64_t>(y >> 64);
}

// hash -> slot number; the caller's predicate confirms a candidate slot really holds the key.
class SlotIndex {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  explicit SlotIndex(std::size_t capacity)
      : capacity_(capacity),
        mask_(std::bit_ceil(capacity * 2 + 2) - 1),
        entries_(std::make_unique<Entry[]>(mask_ + 1)) {}

  template <class IsKey>
  [[nodiscard, gnu::always_inline]] std::uint32_t find(std::uint64_t hash, IsKey is_key) const noexcept {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Entry& e = entries_[i];
      if (e.slot == kNone) return kNone;
      if (e.hash == hash && is_key(e.slot)) return e.slot;
    }
  }

  // Starts loading the probe run's first entry, for a find or insert a little later.
  [[gnu::always_inline]] void prefetch(std::uint64_t hash) const noexcept { __builtin_prefetch(&entries_[hash & mask_]); }

  // The key must not be present already.
  [[nodiscard]] bool insert(std::uint64_t hash, std::uint32_t slot) noexcept {
    if (size_ == capacity_) return false;
    std::size_t i = hash & mask_;
    while (entries_[i].slot != kNone) i = (i + 1) & mask_;
    entries_[i] = {hash, slot};
    ++size_;
    return true;
  }

  // Removes the entry for exactly this slot under this hash.
  bool erase(std::uint64_t hash, std::uint32_t slot) noexcept {
    std::size_t i = hash & mask_;
    for (;; i = (i + 1) & mask_) {
      if (entries_[i].slot == kNone) return false;
      if (entries_[i].hash == hash && entries_[i].slot == slot) break;
    }
    // Backward shift: pull later members of the probe run into the hole.
    std::size_t hole = i;
    for (std::size_t j = (i + 1) & mask_; entries_[j].slot != kNone; j = (j + 1) & mask_) {
      const std::size_t home = entries_[j].hash & mask_;
      const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        entries_[hole] = entries_[j];
        hole = j;
      }
    }
    entries_[hole] = Entry{};
    --size_;
    return true;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t slot = kNone;
  };
  std::size_t capacity_;
  std::size_t mask_;
  std::size_t size_ = 0;
  std::unique_ptr<Entry[]> entries_;
};

// A set of (order serial, trade key) pairs that remembers the most recent `capacity` of them:
// when full, the oldest is forgotten (first in, first out). Serials are never reused, so an
// order that leaves the book needs no clean-up here.
class FillKeySet {
 public:
  explicit FillKeySet(std::size_t capacity)
      : capacity_(capacity == 0 ? 1 : capacity),
        mask_(std::bit_ceil(capacity_ * 2 + 2) - 1),
        entries_(std::make_unique<Key[]>(mask_ + 1)),
        fifo_(std::make_unique<Key[]>(capacity_)) {}

  [[nodiscard]] bool contains(std::uint64_t serial, std::uint64_t key) const noexcept {
    for (std::size_t i = home(serial, key);; i = (i + 1) & mask_) {
      const Key& e = entries_[i];
      if (e.serial == 0) return false;
      if (e.serial == serial && e.key == key) return true;
    }
  }

  // Inserts a key not present; serial must be non-zero.
  void insert(std::uint64_t serial, std::uint64_t key) noexcept {
    if (size_ == capacity_) {
      const Key oldest = fifo_[fifo_head_];
      erase(oldest);
      fifo_head_ = (fifo_head_ + 1) % capacity_;
      --size_;
      ++forgotten_;
    }
    std::size_t i = home(serial, key);
    while (entries_[i].serial != 0) i = (i + 1) & mask_;
    entries_[i] = {serial, key};
    fifo_[(fifo_head_ + size_) % capacity_] = {serial, key};
    ++size_;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t forgotten() const noexcept { return forgotten_; }

 private:
  struct Key {
    std::uint64_t serial = 0;
    std::uint64_t key = 0;
  };
  [[nodiscard]] std::size_t home(std::uint64_t serial, std::uint64_t key) const noexcept {
    std::uint64_t h = (key ^ (serial * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
    return static_cast<std::size_t>(h ^ (h >> 31)) & mask_;
  }
  void erase(Key k) noexcept {
    std::size_t i = home(k.serial, k.key);
    for (;; i = (i + 1) & mask_) {
      if (entries_[i].serial == 0) return;
      if (entries_[i].serial == k.serial && entries_[i].key == k.key) break;
    }
    std::size_t hole = i;
    for (std::size_t j = (i + 1) & mask_; entries_[j].serial != 0; j = (j + 1) & mask_) {
      const std::size_t h = home(entries_[j].serial, entries_[j].key);
      const bool movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
      if (movable) {
        entries_[hole] = entries_[j];
        hole = j;
      }
    }
    entries_[hole] = Key{};
  }

  std::size_t capacity_;
  std::size_t mask_;
  std::size_t size_ = 0;
  std::size_t fifo_head_ = 0;
  std::uint64_t forgotten_ = 0;
  std::unique_ptr<Key[]> entries_;
  std::unique_ptr<Key[]> fifo_;
};

}  // namespace oex::oms
