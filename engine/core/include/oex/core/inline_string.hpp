#pragma once
// A string of at most N bytes stored inside the object: ids that must outlive the message
// buffer they arrived in (venue order ids, client order ids, symbols) without a heap allocation.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "oex/core/result.hpp"

namespace oex {

template <std::size_t N>
class InlineString {
  static_assert(N > 0 && N < 256, "the length is kept in one byte");

 public:
  static constexpr std::size_t kCapacity = N;

  constexpr InlineString() noexcept = default;

  // Fails, leaving nothing half-copied, when `text` is longer than N.
  [[nodiscard]] static Result<InlineString> from(std::string_view text) noexcept {
    if (text.size() > N) return Error::buffer_too_small;
    InlineString s;
    if (!text.empty()) std::memcpy(s.data_, text.data(), text.size());  // an empty view may hold null
    s.size_ = static_cast<std::uint8_t>(text.size());
    return s;
  }

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {data_, size_}; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT: a view of itself

  friend bool operator==(const InlineString& a, const InlineString& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const InlineString& a, std::string_view b) noexcept { return a.view() == b; }

 private:
  char data_[N] = {};
  std::uint8_t size_ = 0;
};

// BTSE UUIDs (36), DigiFinex 32-hex ids, Cryptomus ULIDs (26), GCT and Deflow numbers.
using VenueOrderId = InlineString<48>;
using ClientOrderId = InlineString<24>;
using SymbolText = InlineString<32>;
using AssetText = InlineString<16>;

}  // namespace oex
