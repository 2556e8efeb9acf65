#include "oex/transport/http_response_parser.hpp"

#include <cstring>

namespace oex::transport {
namespace {

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_token_char(std::uint8_t c) noexcept {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Position of "\r\n" at or after `from`, or npos.
std::size_t find_crlf(const std::uint8_t* data, std::size_t size, std::size_t from) noexcept {
  for (std::size_t i = from; i + 1 < size; ++i) {
    const void* hit = std::memchr(data + i, '\r', size - 1 - i);
    if (hit == nullptr) return std::string_view::npos;
    i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(hit) - data);
    if (data[i + 1] == '\n') return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool header_has_token(std::string_view value, std::string_view token) noexcept {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view HttpResponse::header(std::string_view name) const noexcept {
  for (const HttpHeader& h : headers)
    if (iequals(h.name, name)) return h.value;
  return {};
}

HttpResponseParser::HttpResponseParser(HttpLimits limits)
    : limits_(limits),
      offsets_(std::make_unique<HeaderOffsets[]>(limits.max_headers)),
      views_(std::make_unique<HttpHeader[]>(limits.max_headers)) {}

void HttpResponseParser::reset() noexcept {
  header_count_ = 0;
  phase_ = Phase::headers;
  scan_ = read_ = body_start_ = body_size_ = 0;
  remaining_ = 0;
  status_ = 0;
  keep_alive_ = true;
  no_body_request_ = false;
  response_ = {};
}

TransportError HttpResponseParser::parse_head(const std::uint8_t* data, std::size_t head_end) noexcept {
  const std::string_view head(reinterpret_cast<const char*>(data), head_end);
  std::size_t line_end = head.find("\r\n");
  if (line_end == std::string_view::npos) line_end = head.size();  // no header lines
  const std::string_view status_line = head.substr(0, line_end);
  // HTTP/1.x SP 3DIGIT [SP reason]
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." ||
      (status_line[7] != '0' && status_line[7] != '1') || status_line[8] != ' ')
    return TransportError::http_bad_status_line;
  int status = 0;
  for (int i = 9; i < 12; ++i) {
    const char c = status_line[static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return TransportError::http_bad_status_line;
    status = status * 10 + (c - '0');
  }
  if (status < 100 || (status_line.size() > 12 && status_line[12] != ' ')) return TransportError::http_bad_status_line;
  status_ = status;
  const bool http10 = status_line[7] == '0';
  reason_off_ = status_line.size() > 13 ? 13 : static_cast<std::uint32_t>(status_line.size());
  reason_len_ = static_cast<std::uint32_t>(status_line.size() - reason_off_);

  bool chunked = false;
  bool have_length = false;
  std::uint64_t length = 0;
  bool connection_close = false;
  bool connection_keep_alive = false;
  header_count_ = 0;
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    line_end = head.find("\r\n", pos);
    if (line_end == std::string_view::npos) line_end = head.size();
    const std::string_view line = head.substr(pos, line_end - pos);
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return TransportError::http_bad_header;
    for (std::size_t i = 0; i < colon; ++i)
      if (!is_token_char(static_cast<std::uint8_t>(line[i]))) return TransportError::http_bad_header;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    for (const char c : value)
      if ((static_cast<std::uint8_t>(c) < 0x20 && c != '\t') || c == 0x7F) return TransportError::http_bad_header;
    if (header_count_ == limits_.max_headers) return TransportError::http_headers_too_large;
    offsets_[header_count_++] = {static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(colon),
                                 static_cast<std::uint32_t>(value.data() - head.data()),
                                 static_cast<std::uint32_t>(value.size())};
    if (iequals(name, "content-length")) {
      if (value.empty() || value.size() > 15) return TransportError::http_bad_content_length;
      std::uint64_t v = 0;
      for (const char c : value) {
        if (c < '0' || c > '9') return TransportError::http_bad_content_length;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (have_length && v != length) return TransportError::http_bad_content_length;
      have_length = true;
      length = v;
    } else if (iequals(name, "transfer-encoding")) {
      // Only "chunked" is understood; it must be the last coding.
      std::string_view last = value;
      if (const std::size_t comma = value.rfind(','); comma != std::string_view::npos) last = trim(value.substr(comma + 1));
      if (!iequals(last, "chunked") || value.find(',') != std::string_view::npos)
        return TransportError::http_unsupported_transfer_encoding;
      chunked = true;
    } else if (iequals(name, "connection")) {
      connection_close |= header_has_token(value, "close");
      connection_keep_alive |= header_has_token(value, "keep-alive");
    }
    pos = line_end + 2;
  }
  keep_alive_ = http10 ? connection_keep_alive && !connection_close : !connection_close;
  body_start_ = head_end + 4;
  read_ = body_start_;
  body_size_ = 0;
  const bool no_body = no_body_request_ || status < 200 || status == 204 || status == 304;
  if (no_body) {
    phase_ = Phase::done;
  } else if (chunked) {
    phase_ = Phase::chunk_size;
    scan_ = read_;
  } else if (have_length) {
    if (length > limits_.max_body) return TransportError::http_body_too_large;
    remaining_ = length;
    phase_ = Phase::body_length;
  } else {
    keep_alive_ = false;  // the body ends with the connection
    phase_ = Phase::until_close;
  }
  return TransportError::ok;
}

HttpResponseParser::Progress HttpResponseParser::complete(std::uint8_t* data, std::size_t consumed) noexcept {
  const char* base = reinterpret_cast<const char*>(data);
  for (std::size_t i = 0; i < header_count_; ++i) {
    const HeaderOffsets& o = offsets_[i];
    views_[i] = {{base + o.name, o.name_len}, {base + o.value, o.value_len}};
  }
  phase_ = Phase::done;
  response_.status = status_;
  response_.reason = {base + reason_off_, reason_len_};
  response_.headers = {views_.get(), header_count_};
  response_.body = {data + body_start_, body_size_};
  response_.keep_alive = keep_alive_;
  return {TransportError::ok, consumed};
}

HttpResponseParser::Progress HttpResponseParser::parse(std::uint8_t* data, std::size_t size) noexcept {
  for (;;) {
    switch (phase_) {
      case Phase::headers: {
        const std::size_t from = scan_ >= 3 ? scan_ - 3 : 0;
        const std::string_view text(reinterpret_cast<const char*>(data), size);
        const std::size_t end = text.find("\r\n\r\n", from);
        if (end == std::string_view::npos) {
          if (size > limits_.max_header_bytes) return {TransportError::http_headers_too_large, 0};
          scan_ = size;
          return {TransportError::need_more, 0};
        }
        if (end + 4 > limits_.max_header_bytes) return {TransportError::http_headers_too_large, 0};
        if (const TransportError e = parse_head(data, end); e != TransportError::ok) return {e, 0};
        if (phase_ == Phase::done) return complete(data, body_start_);
        break;
      }
      case Phase::body_length: {
        const std::size_t have = size - body_start_;
        if (have < remaining_) return {TransportError::need_more, 0};
        body_size_ = static_cast<std::size_t>(remaining_);
        return complete(data, body_start_ + body_size_);
      }
      case Phase::until_close:
        if (size - body_start_ > limits_.max_body) return {TransportError::http_body_too_large, 0};
        return {TransportError::need_more, 0};
      case Phase::chunk_size: {
        const std::size_t eol = find_crlf(data, size, scan_);
        if (eol == std::string_view::npos) {
          if (size - read_ > 1024) return {TransportError::http_bad_chunk, 0};
          scan_ = size > 0 ? size - 1 : 0;
          return {TransportError::need_more, 0};
        }
        std::uint64_t chunk = 0;
        std::size_t i = read_;
        for (; i < eol; ++i) {
          const char c = static_cast<char>(data[i]);
          int digit;
          if (c >= '0' && c <= '9') digit = c - '0';
          else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
          else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
          else break;
          if (chunk > (limits_.max_body >> 4) + 1) return {TransportError::http_body_too_large, 0};
          chunk = chunk << 4 | static_cast<std::uint64_t>(digit);
        }
        if (i == read_ || (i < eol && data[i] != ';' && data[i] != ' ' && data[i] != '\t'))
          return {TransportError::http_bad_chunk, 0};
        if (chunk > limits_.max_body - body_size_) return {TransportError::http_body_too_large, 0};
        read_ = eol + 2;
        scan_ = read_;
        remaining_ = chunk;
        phase_ = chunk == 0 ? Phase::trailers : Phase::chunk_data;
        break;
      }
      case Phase::chunk_data: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, size - read_));
        if (n > 0) {
          std::memmove(data + body_start_ + body_size_, data + read_, n);
          body_size_ += n;
          read_ += n;
          remaining_ -= n;
        }
        if (remaining_ > 0) return {TransportError::need_more, 0};
        phase_ = Phase::chunk_crlf;
        break;
      }
      case Phase::chunk_crlf:
        if (size - read_ < 2) return {TransportError::need_more, 0};
        if (data[read_] != '\r' || data[read_ + 1] != '\n') return {TransportError::http_bad_chunk, 0};
        read_ += 2;
        scan_ = read_;
        phase_ = Phase::chunk_size;
        break;
      case Phase::trailers: {
        // Trailer lines until an empty one; their content is not used.
        const std::size_t eol = find_crlf(data, size, read_);
        if (eol == std::string_view::npos) {
          if (size - read_ > limits_.max_header_bytes) return {TransportError::http_headers_too_large, 0};
          return {TransportError::need_more, 0};
        }
        const bool empty = eol == read_;
        read_ = eol + 2;
        if (empty) return complete(data, read_);
        break;
      }
      case Phase::done:
        return {TransportError::ok, 0};
    }
  }
}

HttpResponseParser::Progress HttpResponseParser::finish_at_eof(std::uint8_t* data, std::size_t size) noexcept {
  if (phase_ != Phase::until_close) return {TransportError::need_more, 0};
  if (size - body_start_ > limits_.max_body) return {TransportError::http_body_too_large, 0};
  body_size_ = size - body_start_;
  return complete(data, size);
}

}  // namespace oex::transport
