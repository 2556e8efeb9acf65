#pragma once
// The normalized vocabulary every venue is mapped onto. Names are the texts of ARCHITECTURE.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace oex {

enum class Venue : std::uint8_t { digifinex, btse, cryptomus, gct, deflow };
inline constexpr std::array<Venue, 5> kAllVenues = {Venue::digifinex, Venue::btse, Venue::cryptomus, Venue::gct,
                                                    Venue::deflow};

enum class Side : std::uint8_t { buy, sell };

enum class OrderType : std::uint8_t { limit, market, stop, trigger, oco, peg };

// BTSE accepts HALFMIN..MONTH besides the usual three.
enum class TimeInForce : std::uint8_t { gtc, ioc, fok, halfmin, fivemin, hour, twelvehour, day, week, month };

enum class Liquidity : std::uint8_t { unknown, maker, taker };

enum class OrderState : std::uint8_t {
  pending_new,
  new_,  // "new": accepted by the venue, resting, nothing filled
  partially_filled,
  filled,
  pending_cancel,
  cancelled,
  rejected,
  expired,
  pending_trigger,
  unknown,
};

[[nodiscard]] constexpr bool is_terminal(OrderState s) noexcept {
  return s == OrderState::filled || s == OrderState::cancelled || s == OrderState::rejected ||
         s == OrderState::expired;
}

[[nodiscard]] constexpr std::string_view to_string(Venue v) noexcept {
  constexpr std::array<std::string_view, 5> names = {"digifinex", "btse", "cryptomus", "gct", "deflow"};
  return names[static_cast<std::size_t>(v)];
}
[[nodiscard]] constexpr std::string_view to_string(Side s) noexcept { return s == Side::buy ? "buy" : "sell"; }
[[nodiscard]] constexpr std::string_view to_string(OrderType t) noexcept {
  constexpr std::array<std::string_view, 6> names = {"limit", "market", "stop", "trigger", "oco", "peg"};
  return names[static_cast<std::size_t>(t)];
}
[[nodiscard]] constexpr std::string_view to_string(TimeInForce t) noexcept {
  constexpr std::array<std::string_view, 10> names = {"gtc",  "ioc",        "fok", "halfmin", "fivemin",
                                                      "hour", "twelvehour", "day", "week",    "month"};
  return names[static_cast<std::size_t>(t)];
}
[[nodiscard]] constexpr std::string_view to_string(Liquidity l) noexcept {
  constexpr std::array<std::string_view, 3> names = {"unknown", "maker", "taker"};
  return names[static_cast<std::size_t>(l)];
}
[[nodiscard]] constexpr std::string_view to_string(OrderState s) noexcept {
  constexpr std::array<std::string_view, 10> names = {"pending_new", "new",      "partially_filled", "filled",
                                                      "pending_cancel", "cancelled", "rejected", "expired",
                                                      "pending_trigger", "unknown"};
  return names[static_cast<std::size_t>(s)];
}

[[nodiscard]] constexpr std::optional<Venue> venue_from_string(std::string_view name) noexcept {
  for (Venue v : kAllVenues) {
    if (to_string(v) == name) return v;
  }
  return std::nullopt;
}

}  // namespace oex
