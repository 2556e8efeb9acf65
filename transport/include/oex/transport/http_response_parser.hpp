#pragma once
// An incremental HTTP/1.1 response parser over the caller's receive buffer: the status line and
// headers become views into that buffer (no copies), a Content-Length body is a view as well,
// and a chunked body is decoded in place. Header count, header bytes and body size are bounded
// at construction; exceeding one is a typed error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "oex/transport/error.hpp"

namespace oex::transport {

struct HttpHeader {
  std::string_view name;
  std::string_view value;
};

struct HttpResponse {
  int status = 0;
  std::string_view reason;
  std::span<const HttpHeader> headers;
  std::span<const std::uint8_t> body;
  bool keep_alive = true;
  // Case-insensitive lookup of the first header with this name; empty when absent.
  [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
  [[nodiscard]] std::string_view body_text() const noexcept {
    return {reinterpret_cast<const char*>(body.data()), body.size()};
  }
};

struct HttpLimits {
  std::size_t max_headers = 64;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body = 1024 * 1024;
};

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
// true when the comma-separated header value lists `token` (case-insensitive).
[[nodiscard]] bool header_has_token(std::string_view value, std::string_view token) noexcept;

class HttpResponseParser {
 public:
  explicit HttpResponseParser(HttpLimits limits = {});

  struct Progress {
    TransportError error = TransportError::need_more;  // ok when a response is complete
    std::size_t consumed = 0;  // bytes of the buffer the complete response occupied
  };
  // `data` holds the response from its first byte; between calls more bytes may be appended
  // (the bytes already given must not change; the buffer may move as a whole). A chunked body is
  // decoded in place, so the buffer is written to. After ok, response() is valid until the
  // buffer changes or reset() is called.
  [[nodiscard]] Progress parse(std::uint8_t* data, std::size_t size) noexcept;
  // The peer closed: a body delimited by the end of the connection is complete now.
  [[nodiscard]] Progress finish_at_eof(std::uint8_t* data, std::size_t size) noexcept;
  // The next response answers a HEAD request (no body, whatever the headers say).
  void expect_no_body(bool value) noexcept { no_body_request_ = value; }
  [[nodiscard]] const HttpResponse& response() const noexcept { return response_; }
  // True once at least one byte of a response has been seen and it is not complete.
  [[nodiscard]] bool in_progress(std::size_t size) const noexcept { return size > 0 && phase_ != Phase::done; }
  void reset() noexcept;

 private:
  enum class Phase : std::uint8_t { headers, body_length, until_close, chunk_size, chunk_data, chunk_crlf, trailers, done };
  struct HeaderOffsets {
    std::uint32_t name, name_len, value, value_len;
  };
  [[nodiscard]] TransportError parse_head(const std::uint8_t* data, std::size_t head_end) noexcept;
  [[nodiscard]] Progress complete(std::uint8_t* data, std::size_t consumed) noexcept;

  HttpLimits limits_;
  std::unique_ptr<HeaderOffsets[]> offsets_;
  std::unique_ptr<HttpHeader[]> views_;
  std::size_t header_count_ = 0;
  Phase phase_ = Phase::headers;
  std::size_t scan_ = 0;        // where to look next for the end of the head, or a line end
  std::size_t read_ = 0;        // next undecoded body byte
  std::size_t body_start_ = 0;
  std::size_t body_size_ = 0;   // decoded body bytes so far
  std::uint64_t remaining_ = 0;  // bytes left in a Content-Length body or the current chunk
  std::uint32_t reason_off_ = 0, reason_len_ = 0;
  int status_ = 0;
  bool keep_alive_ = true;
  bool no_body_request_ = false;
  HttpResponse response_;
};

}  // namespace oex::transport
