#include "oex/core/symbol_table.hpp"

#include <bit>

namespace oex {

SymbolTable::SymbolTable(std::size_t capacity)
    : capacity_(capacity < kEmpty ? capacity : kEmpty - 1),
      mask_(std::bit_ceil(capacity_ * 2 + 1) - 1),
      names_(std::make_unique<SymbolText[]>(capacity_)),
      slots_(std::make_unique<SymbolId[]>(mask_ + 1)) {
  for (std::size_t i = 0; i <= mask_; ++i) slots_[i] = kEmpty;
}

std::size_t SymbolTable::slot_of(std::string_view text) const noexcept {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::size_t slot = static_cast<std::size_t>(h) & mask_;
  while (slots_[slot] != kEmpty && names_[slots_[slot]].view() != text) slot = (slot + 1) & mask_;
  return slot;
}

Result<SymbolId> SymbolTable::intern(std::string_view text) noexcept {
  const std::size_t slot = slot_of(text);
  if (slots_[slot] != kEmpty) return slots_[slot];
  if (size_ == capacity_) return Error::capacity_exhausted;
  auto name = SymbolText::from(text);
  if (!name) return name.error();
  const auto id = static_cast<SymbolId>(size_++);
  names_[id] = *name;
  slots_[slot] = id;
  return id;
}

std::optional<SymbolId> SymbolTable::find(std::string_view text) const noexcept {
  const SymbolId id = slots_[slot_of(text)];
  if (id == kEmpty) return std::nullopt;
  return id;
}

}  // namespace oex
