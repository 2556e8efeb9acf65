#include "text.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace oex::sim {

std::optional<Amount> parse_amount(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  Wide units = 0;
  bool digits = false;
  for (; i < text.size() && text[i] != '.'; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
    digits = true;
    if (units > (Wide{1} << 62) / kAmountScale) return std::nullopt;
  }
  int decimals = 0;
  if (i < text.size()) {
    ++i;  // the point
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      digits = true;
      if (decimals == kAmountDecimals) {
        if (c != '0') return std::nullopt;
        continue;
      }
      units = units * 10 + (c - '0');
      ++decimals;
    }
  }
  if (!digits) return std::nullopt;
  for (; decimals < kAmountDecimals; ++decimals) units *= 10;
  const auto value = static_cast<Amount>(units);
  return negative ? -value : value;
}

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;
  out.append(buffer, end);
}

void append_amount_fixed(std::string& out, Amount value, int decimals) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  append_int(out, value / kAmountScale);
  if (decimals <= 0) return;
  out.push_back('.');
  Amount fraction = value % kAmountScale;
  char digits[kAmountDecimals];
  for (int d = kAmountDecimals - 1; d >= 0; --d) {
    digits[d] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  for (int d = 0; d < decimals; ++d) out.push_back(d < kAmountDecimals ? digits[d] : '0');
}

void append_amount(std::string& out, Amount value) {
  Amount fraction = (value < 0 ? -value : value) % kAmountScale;
  int decimals = kAmountDecimals;
  while (decimals > 0 && fraction % 10 == 0) {
    fraction /= 10;
    --decimals;
  }
  append_amount_fixed(out, value, decimals);
}

std::string amount_text(Amount value) {
  std::string out;
  append_amount(out, value);
  return out;
}

void append_iso_time(std::string& out, std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                              utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  out.append(text, static_cast<std::size_t>(n));
}

Amount change_ratio(Amount from, Amount to) noexcept {
  if (from == 0) return 0;
  return static_cast<Amount>(static_cast<Wide>(to - from) * kAmountScale / from);
}

std::optional<std::int64_t> int_param(const Params& params, std::string_view name, std::int64_t fallback) {
  const std::string* text = find_param(params, name);
  if (text == nullptr) return fallback;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return value;
}

Amount amount_product(Amount price, Amount quantity) noexcept {
  return static_cast<Amount>(static_cast<Wide>(price) * quantity / kAmountScale);
}

Amount amount_quotient(Wide total_scaled, Amount quantity) noexcept {
  if (quantity == 0) return 0;
  return static_cast<Amount>(total_scaled / quantity);
}

void append_hex(std::string& out, const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
}

std::string hex(const std::uint8_t* data, std::size_t size) {
  std::string out;
  append_hex(out, data, size);
  return out;
}

void append_base64(std::string& out, const std::uint8_t* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (i < size) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (i + 1 < size) v |= std::uint32_t{data[i + 1]} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < size ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
}

std::string base64(std::string_view data) {
  std::string out;
  append_base64(out, reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
  // The length of a signature is public (it is fixed per venue); the content is not.
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

bool equal_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

namespace {
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}
}  // namespace

Params parse_form(std::string_view text) {
  Params params;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        params.emplace_back(percent_decode(pair), std::string());
      } else {
        params.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return params;
}

const std::string* find_param(const Params& params, std::string_view name) noexcept {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kDigits[u >> 4]);
      out.push_back(kDigits[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace oex::sim
