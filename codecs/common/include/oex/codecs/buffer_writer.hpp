#pragma once
// Writes a request into a caller-owned buffer. Every put is bounds-checked; once something did
// not fit, the writer stops writing (never past the end) and finish() reports buffer_too_small,
// so an encoder never reports success for a request it cut short.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "oex/codecs/codec_error.hpp"
#include "oex/core/decimal.hpp"

namespace oex::codecs {

class BufferWriter {
 public:
  BufferWriter(char* data, std::size_t capacity) noexcept : data_(data), capacity_(capacity) {}
  explicit BufferWriter(std::span<char> buffer) noexcept : BufferWriter(buffer.data(), buffer.size()) {}

  // Inline: a request or a replay line is dozens of these, most a few bytes.
  BufferWriter& put(std::string_view text) noexcept {
    if (room(text.size())) {
      copy_short_or_long(data_ + size_, text.data(), text.size());
      size_ += text.size();
    }
    return *this;
  }
  // Several pieces with one bounds check. The stores go through a local pointer: a store through
  // char* may alias any object, so piece-by-piece puts would reload the writer's members each time.
  template <class... Texts>
  BufferWriter& put_all(const Texts&... texts) noexcept {
    const std::size_t n = (std::string_view(texts).size() + ...);
    if (room(n)) {
      char* at = data_ + size_;
      ((copy_short_or_long(at, std::string_view(texts).data(), std::string_view(texts).size()),
        at += std::string_view(texts).size()),
       ...);
      size_ += n;
    }
    return *this;
  }
  BufferWriter& put(char c) noexcept {
    if (room(1)) data_[size_++] = c;
    return *this;
  }
  BufferWriter& put_int(std::int64_t value) noexcept;
  BufferWriter& put_uint(std::uint64_t value) noexcept;
  BufferWriter& put_decimal(const Decimal& value) noexcept;  // canonical text
  // The text as a JSON string, quotes included, escaping what JSON requires.
  BufferWriter& put_json_string(std::string_view text) noexcept;
  // application/x-www-form-urlencoded / RFC 3986 percent-encoding of everything but unreserved.
  BufferWriter& put_url_encoded(std::string_view text) noexcept;
  BufferWriter& put_hex(std::span<const std::uint8_t> bytes) noexcept;     // lower case
  BufferWriter& put_base64(std::span<const std::uint8_t> bytes) noexcept;  // standard, padded

  // Reserves n bytes to fill in later (a length, a signature); nullptr once out of room.
  [[nodiscard]] char* reserve(std::size_t n) noexcept;

  [[nodiscard]] bool ok() const noexcept { return !overflow_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }
  [[nodiscard]] char* data() const noexcept { return data_; }
  // The bytes written, or buffer_too_small when anything did not fit.
  [[nodiscard]] Result<std::size_t, CodecError> finish() const noexcept {
    if (overflow_) return CodecError::buffer_too_small;
    return size_;
  }

 private:
  // Keys, punctuation and numbers are a few bytes each: two overlapping fixed-size moves copy
  // them in registers, where a call to memcpy would cost more than the copy.
  static void copy_short_or_long(char* dst, const char* src, std::size_t n) noexcept {
    if (n > 16) {
      std::memcpy(dst, src, n);
    } else if (n >= 8) {
      copy_both_ends<std::uint64_t>(dst, src, n);
    } else if (n >= 4) {
      copy_both_ends<std::uint32_t>(dst, src, n);
    } else {
      for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
    }
  }
  // n bytes, sizeof(Word) <= n <= 2 * sizeof(Word), as the first and the last Word.
  template <class Word>
  static void copy_both_ends(char* dst, const char* src, std::size_t n) noexcept {
    Word head, tail;
    std::memcpy(&head, src, sizeof head);
    std::memcpy(&tail, src + n - sizeof tail, sizeof tail);
    std::memcpy(dst, &head, sizeof head);
    std::memcpy(dst + n - sizeof tail, &tail, sizeof tail);
  }

  [[nodiscard]] bool room(std::size_t n) noexcept {
    if (overflow_ || capacity_ - size_ < n) {
      overflow_ = true;
      return false;
    }
    return true;
  }

  char* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  bool overflow_ = false;
};

}  // namespace oex::codecs
