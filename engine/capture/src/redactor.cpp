#include "oex/capture/redactor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace oex::capture {
namespace {

// Field names whose values are credentials or signatures at one of the five venues.
constexpr std::array<std::string_view, 14> kSecretFields = {
    "request-api", "request-sign", "access-key", "access-sign", "accesskey", "secretkey", "secret_key",
    "secret",      "signature",    "sign",       "token",       "apikey",    "api_key",   "passphrase"};

// Character classes by table: std::isalnum consults the locale on every byte.
enum : std::uint8_t { kAlnum = 1, kHex = 2 };
constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kAlnum | kHex;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAlnum | (c <= 'f' ? kHex : 0);
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAlnum | (c <= 'F' ? kHex : 0);
  return t;
}();
bool is_alnum(char c) { return (kClass[static_cast<unsigned char>(c)] & kAlnum) != 0; }
bool is_name_char(char c) { return is_alnum(c) || c == '-' || c == '_'; }
bool is_hex(char c) { return (kClass[static_cast<unsigned char>(c)] & kHex) != 0; }
bool is_base64(char c) { return is_alnum(c) || c == '+' || c == '/'; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
bool is_secret_field(std::string_view name) {
  // Most words are not: their length or first letter already says so.
  if (name.size() < 4 || name.size() > 12) return false;
  const char first = static_cast<char>(name[0] | 0x20);
  if (first != 'r' && first != 'a' && first != 's' && first != 't' && first != 'p') return false;
  return std::any_of(kSecretFields.begin(), kSecretFields.end(),
                     [&](std::string_view f) { return equals_ignore_case(name, f); });
}

// After a field name: where its value starts and ends, for "name":"v", "name": v, name=v, name: v.
bool value_span(std::string_view text, std::size_t after_name, bool quoted_name, std::size_t& begin,
                std::size_t& end) {
  std::size_t i = after_name;
  if (quoted_name) {
    if (i >= text.size() || text[i] != '"') return false;
    ++i;
  }
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || (text[i] != ':' && text[i] != '=')) return false;
  ++i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i < text.size() && text[i] == '"') {
    begin = ++i;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    end = std::min(i, text.size());
    return true;
  }
  begin = i;
  while (i < text.size() && text[i] != '&' && text[i] != ',' && text[i] != '}' && text[i] != '\r' &&
         text[i] != '\n' && text[i] != ' ' && text[i] != ']') {
    ++i;
  }
  end = i;
  return end > begin;
}

// A JSON value written bare ("userId":123) is masked as a string, so the line stays JSON.
bool bare_json_value(std::string_view text, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && text[i - 1] == ' ') --i;
  if (i == 0 || text[i - 1] != ':') return false;
  --i;
  while (i > 0 && text[i - 1] == ' ') --i;
  return i > 0 && text[i - 1] == '"';  // "name": value, not a header's name: value
}
std::string_view mask_for(std::string_view text, std::size_t at) {
  return bare_json_value(text, at) ? std::string_view("\"***\"") : Redactor::kMask;
}

// Appends text, masking signature-shaped runs.
void append_masking_signatures(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_base64(text[i])) {
      std::size_t j = i + 1;
      while (j < text.size() && !is_base64(text[j])) ++j;
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    std::size_t j = i;
    bool all_hex = true;
    while (j < text.size() && is_base64(text[j])) all_hex = all_hex && is_hex(text[j]), ++j;
    std::size_t run = j - i;
    std::size_t padded = j;
    while (padded < text.size() && text[padded] == '=' && padded - j < 2) ++padded;
    const bool hex_signature = all_hex && (run == 64 || run == 96 || run == 128);
    const bool base64_signature = padded > j && (padded - i == 44 || padded - i == 24);
    if (hex_signature || base64_signature) {
      out += Redactor::kMask;
      i = base64_signature ? padded : j;
    } else {
      out.append(text.substr(i, run));
      i = j;
    }
  }
}

}  // namespace

void Redactor::add_secret(std::string_view secret) {
  if (!secret.empty()) secrets_.emplace_back(secret);
}

void Redactor::redact(std::string_view text, std::string& out) const {
  // 1. Exact secrets, as whole tokens: a short numeric secret (a user id) must not mask the
  // middle of a price or an order id. The text is copied only when one occurs.
  std::string replaced;
  std::string_view work = text;
  for (const std::string& s : secrets_) {
    if (work.find(s) == std::string_view::npos) continue;
    if (replaced.empty()) {
      replaced.assign(text);
    }
    for (std::size_t at = replaced.find(s); at != std::string::npos; at = replaced.find(s, at)) {
      const std::size_t after = at + s.size();
      const bool whole = (at == 0 || !is_name_char(replaced[at - 1])) &&
                         (after == replaced.size() || !is_name_char(replaced[after]));
      if (!whole) {
        ++at;
        continue;
      }
      const std::string_view mask = mask_for(replaced, at);
      replaced.replace(at, s.size(), mask);
      at += mask.size();
    }
    work = replaced;
  }
  // 2. Values of secret fields: words are runs of name characters, copied with what lies
  // between them unless one names a secret.
  std::string fields;
  fields.reserve(work.size());
  std::size_t i = 0;
  while (i < work.size()) {
    if (!is_name_char(work[i])) {
      std::size_t j = i + 1;
      while (j < work.size() && !is_name_char(work[j])) ++j;
      fields.append(work.substr(i, j - i));
      i = j;
      continue;
    }
    std::size_t j = i;
    while (j < work.size() && is_name_char(work[j])) ++j;
    const std::string_view name = work.substr(i, j - i);
    const bool quoted = i > 0 && work[i - 1] == '"';
    std::size_t begin = 0, end = 0;
    if (is_secret_field(name) && value_span(work, j, quoted, begin, end)) {
      fields.append(work.substr(i, begin - i));
      fields += mask_for(work, begin);
      i = end;
    } else {
      fields.append(name);
      i = j;
    }
  }
  // 3. Signature-shaped runs.
  append_masking_signatures(fields, out);
}

}  // namespace oex::capture
