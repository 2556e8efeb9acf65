#pragma once
// Decodes the frames of BTSE's order-book socket /ws/oss/spot:
// - snapshotL1:<symbol> -> BookUpdate (snapshot: the best bid and ask replace the top)
// - update:<symbol>_<grouping> -> BookUpdate, snapshot or delta by `type`, with seqNum and
//   prevSeqNum (a size of 0 removes the level); the caller checks the sequence
// - "pong", subscribe / unsubscribe acknowledgements
// - error frames with codes 1000-1008 -> VenueError per error, returning venue_error
// Levels live in storage sized at construction; a longer side gives too_many_levels.
#include <cstddef>
#include <memory>
#include <string_view>

#include "oex/codecs/btse/ws_decoder.hpp"

namespace oex::codecs::btse {

class BookDecoder {
 public:
  explicit BookDecoder(std::size_t max_levels = 256, std::size_t max_values = 8192)
      : doc_(max_values, 32),
        max_levels_(max_levels),
        bids_(std::make_unique<BookLevel[]>(max_levels)),
        asks_(std::make_unique<BookLevel[]>(max_levels)) {}

  template <class Sink>
  [[nodiscard]] CodecError decode(std::string_view text, Sink&& sink) noexcept {
    if (text == "pong") {
      sink(static_cast<const Pong&>(Pong{Venue::btse, std::nullopt}));
      return CodecError::ok;
    }
    if (const CodecError e = doc_.parse(text); e != CodecError::ok) return e;
    const json::Value root = doc_.root();
    if (!root.is_object()) return CodecError::unknown_message;
    CodecError result = CodecError::ok;
    if (detail::common_frames(root, sink, result)) return result;
    const json::Value topic_value = root["topic"];
    if (topic_value.is_missing()) return CodecError::unknown_message;
    if (!topic_value.is_string()) return CodecError::wrong_type;
    const std::string_view topic = topic_value.raw();
    const bool l1 = topic.starts_with("snapshotL1:");
    if (!l1 && !topic.starts_with("update:")) return CodecError::unknown_topic;
    const json::Value data = root["data"];
    if (data.is_missing()) return CodecError::missing_field;
    if (!data.is_object()) return CodecError::wrong_type;

    BookUpdate update{};
    update.venue = Venue::btse;
    const auto type = data["type"].as_string();
    if (!type.ok()) return type.error();
    if (l1 ? *type != "snapshotL1" : (*type != "snapshot" && *type != "delta")) return CodecError::invalid_value;
    update.snapshot = *type != "delta";
    const auto symbol = data["symbol"].as_text();
    if (!symbol.ok()) return symbol.error();
    update.symbol = *symbol;
    CodecError e = detail::read_level_pairs(data["bids"], {bids_.get(), max_levels_}, update.bids);
    if (e != CodecError::ok) return e;
    e = detail::read_level_pairs(data["asks"], {asks_.get(), max_levels_}, update.asks);
    if (e != CodecError::ok) return e;
    if ((e = optional_int(data["timestamp"], update.venue_time_ms)) != CodecError::ok) return e;
    if (!l1) {
      // The increment stream's order rests on these two: both are required there.
      const auto seq = data["seqNum"].as_int64();
      if (!seq.ok()) return seq.error();
      const auto prev = data["prevSeqNum"].as_int64();
      if (!prev.ok()) return prev.error();
      update.seq = *seq;
      update.prev_seq = *prev;
    }
    sink(static_cast<const BookUpdate&>(update));
    return CodecError::ok;
  }

 private:
  static CodecError optional_int(json::Value v, std::optional<std::int64_t>& out) noexcept {
    out.reset();
    if (v.is_missing()) return CodecError::ok;
    const auto value = v.as_int64();
    if (!value.ok()) return value.error();
    out = *value;
    return CodecError::ok;
  }

  json::Document doc_;
  std::size_t max_levels_;
  std::unique_ptr<BookLevel[]> bids_;
  std::unique_ptr<BookLevel[]> asks_;
};

}  // namespace oex::codecs::btse
