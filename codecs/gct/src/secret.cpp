#include "oex/codecs/gct/secret.hpp"

#include <string.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ostream>

namespace oex::codecs::gct {

Secret::Secret(std::string_view text) noexcept {
  if (text.size() > kMaxSize) return;
  std::memcpy(data_.data(), text.data(), text.size());
  size_ = static_cast<std::uint8_t>(text.size());
}

Secret::~Secret() { wipe(data_.data(), data_.size()); }

void PrintTo(const Secret&, std::ostream* os) { *os << Secret::kRedacted; }

// explicit_bzero: a store the compiler may not drop, at memset's speed (a signing text is a few
// hundred bytes on every request).
void wipe(char* data, std::size_t size) noexcept { explicit_bzero(data, size); }

namespace {

constexpr std::array<std::string_view, 3> kSensitiveKeys = {"\"secretKey\":", "\"payPwd\":", "\"signature\":"};

// Length of the JSON value starting at `text` (a string with its quotes, or a bare token).
std::size_t value_length(std::string_view text) noexcept {
  if (text.empty()) return 0;
  if (text.front() != '"') {
    const std::size_t end = text.find_first_of(",}]");
    return end == std::string_view::npos ? text.size() : end;
  }
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

}  // namespace

void write_redacted(BufferWriter& w, const RestRequest& request) noexcept {
  w.put(request.method).put(' ').put(request.target);
  if (request.body.empty()) return;
  w.put(' ');
  std::string_view rest = request.body;
  while (!rest.empty()) {
    std::size_t hit = std::string_view::npos;
    std::size_t key_length = 0;
    for (const std::string_view key : kSensitiveKeys) {
      const std::size_t at = rest.find(key);
      if (at < hit) {
        hit = at;
        key_length = key.size();
      }
    }
    if (hit == std::string_view::npos) {
      w.put(rest);
      return;
    }
    w.put(rest.substr(0, hit + key_length)).put('"').put(Secret::kRedacted).put('"');
    rest.remove_prefix(hit + key_length);
    rest.remove_prefix(value_length(rest));
  }
}

}  // namespace oex::codecs::gct
