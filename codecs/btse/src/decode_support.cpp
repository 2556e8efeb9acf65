// Readers for BTSE's market-data objects, server time, fees and error answers.
#include <cstdint>

#include "field_readers.hpp"
#include "oex/codecs/btse/detail.hpp"

namespace oex::codecs::btse::detail {
namespace {

template <class ReadLevel>
CodecError read_levels(json::Value levels, std::span<BookLevel> storage, std::span<const BookLevel>& out,
                       ReadLevel read_level) noexcept {
  if (levels.is_missing()) return CodecError::missing_field;
  if (!levels.is_array()) return CodecError::wrong_type;
  if (levels.size() > storage.size()) return CodecError::too_many_levels;
  std::size_t n = 0;
  for (const auto element : levels) {
    if (const CodecError e = read_level(element.value, storage[n]); e != CodecError::ok) return e;
    ++n;
  }
  out = std::span<const BookLevel>(storage.data(), n);
  return CodecError::ok;
}

// "2021-06-29T18:14:30.886Z" -> milliseconds since the epoch; false when it is not that shape.
bool parse_iso_millis(std::string_view s, std::int64_t& out) noexcept {
  auto digits = [&](std::size_t at, std::size_t n, std::int64_t& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  if (!digits(0, 4, y) || !digits(5, 2, mo) || !digits(8, 2, d) || !digits(11, 2, h) || !digits(14, 2, mi) ||
      !digits(17, 2, sec)) {
    return false;
  }
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    std::int64_t frac = 0;
    int places = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at) {
      if (places < 3) {
        frac = frac * 10 + (s[at] - '0');
        ++places;
      }
    }
    while (places++ < 3) frac *= 10;
    ms = frac;
  }
  if (at + 1 != s.size() || s[at] != 'Z') return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  // Days from the civil date (Howard Hinnant's algorithm).
  const std::int64_t yy = y - (mo <= 2 ? 1 : 0);
  const std::int64_t era = yy / 400;
  const std::int64_t yoe = yy - era * 400;
  const std::int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  out = ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms;
  return true;
}

}  // namespace

CodecError read_level_pairs(json::Value levels, std::span<BookLevel> storage,
                            std::span<const BookLevel>& out) noexcept {
  return read_levels(levels, storage, out, [](json::Value pair, BookLevel& level) noexcept {
    if (!pair.is_array()) return CodecError::wrong_type;
    if (pair.size() < 2) return CodecError::missing_field;
    if (const CodecError e = req_decimal(pair.at(0), level.price); e != CodecError::ok) return e;
    return req_decimal(pair.at(1), level.qty);
  });
}

CodecError read_level_quotes(json::Value levels, std::span<BookLevel> storage,
                             std::span<const BookLevel>& out) noexcept {
  return read_levels(levels, storage, out, [](json::Value quote, BookLevel& level) noexcept {
    if (!quote.is_object()) return CodecError::wrong_type;
    if (const CodecError e = req_decimal(quote["price"], level.price); e != CodecError::ok) return e;
    return req_decimal(quote["size"], level.qty);
  });
}

CodecError read_market_summary(json::Value market, Ticker& out) noexcept {
  if (!market.is_object()) return CodecError::wrong_type;
  out = Ticker{};
  out.venue = Venue::btse;
  CodecError e = CodecError::ok;
  if ((e = req_text(market["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["last"], out.last)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["highestBid"], out.best_bid)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["lowestAsk"], out.best_ask)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["high24Hr"], out.high)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["low24Hr"], out.low)) != CodecError::ok) return e;
  // `size` is the traded size (base), `volume` the traded value (quote): in the document's
  // example 81456627.5 / 2117.9 is about the BTC price.
  if ((e = opt_decimal(market["size"], out.base_volume)) != CodecError::ok) return e;
  if ((e = opt_decimal(market["volume"], out.quote_volume)) != CodecError::ok) return e;
  return CodecError::ok;
}

CodecError read_price(json::Value price, Ticker& out) noexcept {
  if (!price.is_object()) return CodecError::wrong_type;
  out = Ticker{};
  out.venue = Venue::btse;
  if (const CodecError e = req_text(price["symbol"], out.symbol); e != CodecError::ok) return e;
  return opt_decimal(price["lastPrice"], out.last);
}

CodecError read_time(json::Value time, ServerTime& out) noexcept {
  if (!time.is_object()) return CodecError::wrong_type;
  out = ServerTime{};
  out.venue = Venue::btse;
  // `iso` carries milliseconds; `epoch` only seconds.
  const json::Value iso = time["iso"];
  if (!iso.is_missing()) {
    const auto text = iso.as_string();
    if (!text.ok()) return text.error();
    if (!parse_iso_millis(*text, out.venue_time_ms)) return CodecError::invalid_value;
    return CodecError::ok;
  }
  const auto epoch = time["epoch"].as_int64();
  if (!epoch.ok()) return epoch.error();
  if (*epoch > INT64_MAX / 1000 || *epoch < INT64_MIN / 1000) return CodecError::number_out_of_range;
  out.venue_time_ms = *epoch * 1000;
  return CodecError::ok;
}

CodecError read_fees(json::Value fees, FeeRates& out) noexcept {
  if (!fees.is_object()) return CodecError::wrong_type;
  out = FeeRates{};
  CodecError e = CodecError::ok;
  if ((e = req_text(fees["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = req_decimal(fees["makerfee"], out.maker_fee)) != CodecError::ok) return e;
  return req_decimal(fees["takerfee"], out.taker_fee);
}

CodecError read_candle(json::Value row, Candle& out) noexcept {
  if (!row.is_array()) return CodecError::wrong_type;
  if (row.size() < 6) return CodecError::missing_field;
  out = Candle{};
  const auto time = row.at(0).as_int64();
  if (!time.ok()) return time.error();
  out.open_time_s = *time;
  CodecError e = CodecError::ok;
  if ((e = req_decimal(row.at(1), out.open)) != CodecError::ok) return e;
  if ((e = req_decimal(row.at(2), out.high)) != CodecError::ok) return e;
  if ((e = req_decimal(row.at(3), out.low)) != CodecError::ok) return e;
  if ((e = req_decimal(row.at(4), out.close)) != CodecError::ok) return e;
  return req_decimal(row.at(5), out.volume);
}

CodecError read_ws_error(json::Value element, VenueError& out) noexcept {
  out = VenueError{};
  out.venue = Venue::btse;
  if (!element.is_object()) return CodecError::wrong_type;
  const json::Value error = element["error"];
  if (!error.is_object()) return error.is_missing() ? CodecError::missing_field : CodecError::wrong_type;
  if (const CodecError e = req_text(error["code"], out.code); e != CodecError::ok) return e;
  OptText message;
  if (const CodecError e = opt_text(error["message"], message); e != CodecError::ok) return e;
  out.message = message.value_or(std::string_view{});
  return CodecError::ok;
}

void read_http_error(json::Document& doc, std::string_view body, int http_status, std::span<char, 4> status_text,
                     VenueError& out) noexcept {
  out = VenueError{};
  out.venue = Venue::btse;
  out.http_status = http_status;
  const int clamped = http_status < 0 ? 0 : http_status > 999 ? 999 : http_status;
  status_text[0] = static_cast<char>('0' + clamped / 100);
  status_text[1] = static_cast<char>('0' + clamped / 10 % 10);
  status_text[2] = static_cast<char>('0' + clamped % 10);
  out.code = std::string_view(status_text.data(), 3);
  out.message = body;
  if (doc.parse(body) != CodecError::ok || !doc.root().is_object()) return;
  const json::Value root = doc.root();
  for (const std::string_view name : {"errorCode", "code", "status"}) {
    const auto code = root[name].as_text();
    if (code.ok()) {
      out.code = *code;
      break;
    }
  }
  out.message = {};
  for (const std::string_view name : {"message", "msg", "error"}) {
    const auto message = root[name].as_string();
    if (message.ok()) {
      out.message = *message;
      break;
    }
  }
}

bool is_subscription_event(json::Value root, bool& subscribed) noexcept {
  const json::Value event = root["event"];
  if (!event.is_string()) return false;
  if (event.raw() == "subscribe") {
    subscribed = true;
    return true;
  }
  if (event.raw() == "unsubscribe") {
    subscribed = false;
    return true;
  }
  return false;
}

}  // namespace oex::codecs::btse::detail
