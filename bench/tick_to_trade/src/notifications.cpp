#include "oex/tick_to_trade/notifications.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace oex::t2t {
namespace {

constexpr std::uint64_t kFirstOrderId = 1'000'000'000'000'000ULL;  // 16 digits for every index used

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("tick-to-trade: cannot read fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Where the value of "key" starts, searching from the first `anchor` (empty: the start).
std::size_t value_start(const std::string& text, std::string_view key, std::string_view anchor) {
  std::size_t from = 0;
  if (!anchor.empty()) {
    from = text.find(anchor);
    if (from == std::string::npos) throw std::runtime_error("tick-to-trade: fixture lacks " + std::string(anchor));
  }
  const std::string needle = "\"" + std::string(key) + "\":";
  const std::size_t at = text.find(needle, from);
  if (at == std::string::npos) throw std::runtime_error("tick-to-trade: fixture lacks \"" + std::string(key) + "\"");
  return at + needle.size();
}

std::size_t value_end(const std::string& text, std::size_t start) {
  if (text[start] == '"') {
    std::size_t i = start + 1;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    return i + 1;
  }
  return text.find_first_of(",}]", start);
}

void set_value(std::string& text, std::string_view key, std::string_view literal, std::string_view anchor = {}) {
  const std::size_t start = value_start(text, key, anchor);
  text.replace(start, value_end(text, start) - start, literal);
}

struct HoleSpec {
  std::string_view key;
  std::string_view anchor;
  NotificationSource::Hole hole;
  bool quoted;
};

struct Template {
  std::string fixture;
  std::string text;
  std::vector<HoleSpec> holes;
};

// One fill per message on an order of known size: the fixture as the venue documents it, with
// the few values changed that make its one fill fill the order the harness placed before.
Template venue_template(Venue venue, const std::string& dir) {
  using H = NotificationSource::Hole;
  Template t;
  switch (venue) {
    case Venue::digifinex:
      t.fixture = "digifinex/fixtures/order_update.json";
      t.text = compact_json(read_file(dir + "/" + t.fixture));
      // The fixture is a market order (amount 0) whose notional is not price x filled; a limit
      // order filled in full at its price keeps the derived fill price exact.
      set_value(t.text, "amount", "\"0.9969\"");
      set_value(t.text, "price", "\"9700\"");
      set_value(t.text, "notional", "\"9669.93\"");
      set_value(t.text, "type", "\"limit\"");
      t.holes = {{"id", "", H::venue_order_id, true}};
      break;
    case Venue::btse:
      t.fixture = "btse/fixtures/ws_notification_filled.json";
      t.text = compact_json(read_file(dir + "/" + t.fixture));
      t.holes = {{"orderID", "", H::venue_order_id, true}, {"clOrderID", "", H::client_order_id, true}};
      break;
    case Venue::cryptomus:
      t.fixture = "cryptomus/fixtures/ws/order_update_finished.json";
      t.text = compact_json(read_file(dir + "/" + t.fixture));
      t.holes = {{"id", "\"info\"", H::venue_order_id, true}, {"clientOid", "", H::client_order_id, true}};
      break;
    case Venue::gct:
      t.fixture = "gct/fixtures/push_transaction.json";
      t.text = compact_json(read_file(dir + "/" + t.fixture));
      t.holes = {{"entrustId", "", H::venue_order_id, true}};
      break;
    case Venue::deflow:
      t.fixture = "deflow/fixtures/order_info.json";
      t.text = compact_json(read_file(dir + "/" + t.fixture));
      t.holes = {{"id", "\"order_info\"", H::venue_order_id, false}};
      break;
  }
  return t;
}

}  // namespace

std::string compact_json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out += c;
    }
  }
  return out;
}

NotificationSource::NotificationSource(Venue venue, const std::string& fixtures_dir) : venue_(venue) {
  Template t = venue_template(venue, fixtures_dir);
  fixture_name_ = t.fixture;
  // Cut the text at every hole, in text order.
  struct Cut {
    std::size_t start;
    std::size_t end;
    const HoleSpec* spec;
  };
  std::vector<Cut> cuts;
  for (const HoleSpec& h : t.holes) {
    const std::size_t start = value_start(t.text, h.key, h.anchor);
    cuts.push_back({start, value_end(t.text, start), &h});
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.start < b.start; });
  std::size_t at = 0;
  for (const Cut& c : cuts) {
    pieces_.push_back(Piece{t.text.substr(at, c.start - at), true, c.spec->hole, c.spec->quoted});
    at = c.end;
  }
  pieces_.push_back(Piece{t.text.substr(at), false, Hole::venue_order_id, true});
  if (venue == Venue::digifinex) {
    compressor_ = libdeflate_alloc_compressor(6);
    if (compressor_ == nullptr) throw std::runtime_error("tick-to-trade: no deflate compressor");
  }
}

NotificationSource::~NotificationSource() {
  if (compressor_ != nullptr) libdeflate_free_compressor(compressor_);
}

std::string_view NotificationSource::venue_order_id(std::uint64_t index) noexcept {
  const auto r = std::to_chars(id_.data(), id_.data() + id_.size(), kFirstOrderId + index);
  return {id_.data(), static_cast<std::size_t>(r.ptr - id_.data())};
}

Notification NotificationSource::build(std::uint64_t index, std::string_view client_order_id) noexcept {
  const auto r = std::to_chars(message_id_.data(), message_id_.data() + message_id_.size(), kFirstOrderId + index);
  const std::string_view order_id(message_id_.data(), static_cast<std::size_t>(r.ptr - message_id_.data()));
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    const std::size_t take = std::min(s.size(), text_.size() - n);
    std::memcpy(text_.data() + n, s.data(), take);
    n += take;
  };
  for (const Piece& p : pieces_) {
    put(p.literal);
    if (!p.has_hole) continue;
    const std::string_view value = p.hole == Hole::venue_order_id ? order_id : client_order_id;
    if (value.empty() && p.hole == Hole::client_order_id) {
      put("null");
    } else if (p.quoted) {
      put("\"");
      put(value);
      put("\"");
    } else {
      put(value);
    }
  }
  text_size_ = n;
  Notification out;
  out.venue = venue_;
  out.venue_order_id = order_id;
  if (compressor_ != nullptr) {
    const std::size_t size =
        libdeflate_zlib_compress(compressor_, text_.data(), text_size_, deflated_.data(), deflated_.size());
    out.bytes = {deflated_.data(), size};
  } else {
    out.bytes = {reinterpret_cast<const std::uint8_t*>(text_.data()), text_size_};
  }
  return out;
}

}  // namespace oex::t2t
