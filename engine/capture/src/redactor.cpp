#include "oex/capture/redactor.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace oex::capture {
namespace {

// Field names whose values are credentials or signatures at one of the five venues.
constexpr std::array<std::string_view, 14> kSecretFields = {
    "request-api", "request-sign", "access-key", "access-sign", "accesskey", "secretkey", "secret_key",
    "secret",      "signature",    "sign",       "token",       "apikey",    "api_key",   "passphrase"};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_base64(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/'; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
bool is_secret_field(std::string_view name) {
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
    if (!is_base64(text[i]) || (i > 0 && is_base64(text[i - 1]))) {
      out += text[i++];
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
  // middle of a price or an order id.
  std::string work(text);
  for (const std::string& s : secrets_) {
    for (std::size_t at = work.find(s); at != std::string::npos; at = work.find(s, at)) {
      const std::size_t after = at + s.size();
      const bool whole = (at == 0 || !is_name_char(work[at - 1])) && (after == work.size() || !is_name_char(work[after]));
      if (!whole) {
        ++at;
        continue;
      }
      const std::string_view mask = mask_for(work, at);
      work.replace(at, s.size(), mask);
      at += mask.size();
    }
  }
  // 2. Values of secret fields.
  std::string fields;
  fields.reserve(work.size());
  std::size_t i = 0;
  while (i < work.size()) {
    if (!is_name_char(work[i]) || (i > 0 && is_name_char(work[i - 1]))) {
      fields += work[i++];
      continue;
    }
    std::size_t j = i;
    while (j < work.size() && is_name_char(work[j])) ++j;
    const std::string_view name(work.data() + i, j - i);
    const bool quoted = i > 0 && work[i - 1] == '"';
    std::size_t begin = 0, end = 0;
    if (is_secret_field(name) && value_span(work, j, quoted, begin, end)) {
      fields.append(work, i, begin - i);
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
