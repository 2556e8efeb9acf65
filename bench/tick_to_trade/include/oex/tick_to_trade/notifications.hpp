#pragma once
// The notifications the harness replays, built from the codec fixtures (tests/codecs/<venue>):
// one order notification carrying one fill per message, each about a new order, so that every
// message books exactly one fill. The fixture is compacted once at start-up into a template
// whose order id (and, where the venue echoes it, client order id) are holes; build() fills them
// with memcpy into a fixed buffer and, for DigiFinex, deflates the text as the venue sends it.
// Building is outside the timed path; it does not allocate either.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oex/core/enums.hpp"

struct libdeflate_compressor;

namespace oex::t2t {

struct Notification {
  Venue venue{};
  std::span<const std::uint8_t> bytes;  // as they arrive: text, or a deflated DigiFinex frame
  std::string_view venue_order_id;      // the order it is about (Deflow's answer names it only in the request)
};

class NotificationSource {
 public:
  static constexpr std::size_t kMaxMessage = 4096;

  // Start-up: reads the fixture of `venue` under `fixtures_dir` (tests/codecs). Throws
  // std::runtime_error when the fixture is missing or lacks a field the template needs.
  NotificationSource(Venue venue, const std::string& fixtures_dir);
  ~NotificationSource();
  NotificationSource(const NotificationSource&) = delete;
  NotificationSource& operator=(const NotificationSource&) = delete;

  // Message `index`, about order venue_order_id(index); `client_order_id` goes where the venue
  // echoes it (null when empty). Valid until the next build().
  [[nodiscard]] Notification build(std::uint64_t index, std::string_view client_order_id) noexcept;
  // The venue's id of the order message `index` is about: decimal digits, fixed width.
  [[nodiscard]] std::string_view venue_order_id(std::uint64_t index) noexcept;
  // The fixture the template came from, and the text of the last message built (inflated form).
  [[nodiscard]] std::string_view fixture_name() const noexcept { return fixture_name_; }
  [[nodiscard]] std::string_view last_text() const noexcept { return {text_.data(), text_size_}; }

  enum class Hole : std::uint8_t { venue_order_id, client_order_id };
  struct Piece {
    std::string literal;  // copied as is
    bool has_hole = false;
    Hole hole = Hole::venue_order_id;
    bool quoted = true;   // the hole's value is a JSON string
  };

 private:
  Venue venue_;
  std::string fixture_name_;
  std::vector<Piece> pieces_;
  std::array<char, kMaxMessage> text_{};
  std::size_t text_size_ = 0;
  std::array<std::uint8_t, kMaxMessage> deflated_{};
  std::array<char, 24> message_id_{};  // the order id of the message last built
  std::array<char, 24> id_{};          // venue_order_id()'s answer
  libdeflate_compressor* compressor_ = nullptr;
};

// Whitespace outside JSON strings removed (the fixtures are pretty-printed; venues send compact).
[[nodiscard]] std::string compact_json(std::string_view text);

}  // namespace oex::t2t
