#include "oex/codecs/buffer_writer.hpp"

#include <cstring>

#include "oex/codecs/json_cursor.hpp"

namespace oex::codecs {
namespace {
constexpr char kHex[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}
}  // namespace

BufferWriter& BufferWriter::put_uint(std::uint64_t value) noexcept {
  char digits[20];
  char* p = digits + sizeof digits;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return put(std::string_view(p, static_cast<std::size_t>(digits + sizeof digits - p)));
}

BufferWriter& BufferWriter::put_int(std::int64_t value) noexcept {
  if (value < 0) {
    put('-');
    return put_uint(0 - static_cast<std::uint64_t>(value));
  }
  return put_uint(static_cast<std::uint64_t>(value));
}

BufferWriter& BufferWriter::put_decimal(const Decimal& value) noexcept {
  char text[Decimal::kMaxTextLength];
  char* end = value.to_chars(text, text + sizeof text);
  return put(std::string_view(text, static_cast<std::size_t>(end - text)));
}

BufferWriter& BufferWriter::put_json_string(std::string_view text) noexcept {
  put('"');
  const char* p = text.data();
  const char* const end = p + text.size();
  while (true) {
    // The run up to the next character JSON wants escaped, found a block at a time.
    const char* const stop = json_scan::skip_plain(p, end);
    put(std::string_view(p, static_cast<std::size_t>(stop - p)));
    if (stop == end) break;
    const auto u = static_cast<unsigned char>(*stop);
    if (u >= 0x20) {
      put('\\').put(*stop);
    } else {
      const char escaped[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
      put(std::string_view(escaped, sizeof escaped));
    }
    p = stop + 1;
  }
  return put('"');
}

BufferWriter& BufferWriter::put_url_encoded(std::string_view text) noexcept {
  for (const char c : text) {
    if (is_unreserved(c)) {
      put(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      const char escaped[] = {'%', "0123456789ABCDEF"[u >> 4], "0123456789ABCDEF"[u & 15]};
      put(std::string_view(escaped, sizeof escaped));
    }
  }
  return *this;
}

BufferWriter& BufferWriter::put_hex(std::span<const std::uint8_t> bytes) noexcept {
  if (!room(bytes.size() * 2)) return *this;
  for (const std::uint8_t b : bytes) {
    data_[size_++] = kHex[b >> 4];
    data_[size_++] = kHex[b & 15];
  }
  return *this;
}

BufferWriter& BufferWriter::put_base64(std::span<const std::uint8_t> bytes) noexcept {
  if (!room((bytes.size() + 2) / 3 * 4)) return *this;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    data_[size_++] = kBase64[(v >> 18) & 63];
    data_[size_++] = kBase64[(v >> 12) & 63];
    data_[size_++] = kBase64[(v >> 6) & 63];
    data_[size_++] = kBase64[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0);
    data_[size_++] = kBase64[(v >> 18) & 63];
    data_[size_++] = kBase64[(v >> 12) & 63];
    data_[size_++] = rest == 2 ? kBase64[(v >> 6) & 63] : '=';
    data_[size_++] = '=';
  }
  return *this;
}

char* BufferWriter::reserve(std::size_t n) noexcept {
  if (!room(n)) return nullptr;
  char* p = data_ + size_;
  size_ += n;
  return p;
}

}  // namespace oex::codecs
