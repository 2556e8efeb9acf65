#pragma once
// Interned instrument names: a small integer per symbol text, in a table sized at start-up, so
// the hot path compares and indexes integers and never allocates for a name it sees.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "oex/core/inline_string.hpp"
#include "oex/core/result.hpp"

namespace oex {

using SymbolId = std::uint16_t;

class SymbolTable {
 public:
  explicit SymbolTable(std::size_t capacity);

  // The id of `text`, adding it when new; capacity_exhausted once the table is full.
  [[nodiscard]] Result<SymbolId> intern(std::string_view text) noexcept;
  [[nodiscard]] std::optional<SymbolId> find(std::string_view text) const noexcept;
  [[nodiscard]] std::string_view text(SymbolId id) const noexcept { return names_[id].view(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  static constexpr SymbolId kEmpty = 0xFFFF;
  [[nodiscard]] std::size_t slot_of(std::string_view text) const noexcept;

  std::size_t capacity_;
  std::size_t mask_;
  std::size_t size_ = 0;
  std::unique_ptr<SymbolText[]> names_;
  std::unique_ptr<SymbolId[]> slots_;  // open addressing, at most half full
};

}  // namespace oex
