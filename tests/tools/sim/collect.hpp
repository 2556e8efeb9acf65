#pragma once
// A decoder sink that keeps the events of the listed types (views stay valid while the decoded
// text and the decoder are unchanged) and counts every other event, plus text helpers to
// compare decoded decimals with the simulator's amounts.
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "oex/core/decimal.hpp"
#include "text.hpp"

namespace oex::sim::testing {

template <class... Events>
struct Collect {
  std::tuple<std::vector<Events>...> lists;
  std::size_t others = 0;

  template <class Event>
  void operator()(const Event& event) {
    if constexpr ((std::is_same_v<Event, Events> || ...)) {
      std::get<std::vector<Event>>(lists).push_back(event);
    } else {
      ++others;
    }
  }
  template <class Event>
  [[nodiscard]] const std::vector<Event>& of() const {
    return std::get<std::vector<Event>>(lists);
  }
};

inline std::string text(const Decimal& value) { return value.to_string(); }
inline std::string text(const std::optional<Decimal>& value) { return value ? value->to_string() : "absent"; }
inline std::string text(Amount value) { return amount_text(value); }

}  // namespace oex::sim::testing
