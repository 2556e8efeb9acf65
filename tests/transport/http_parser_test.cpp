#include "oex/transport/http_response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace oex::transport {
namespace {

struct Parsed {
  TransportError error = TransportError::need_more;
  std::size_t consumed = 0;
  int status = 0;
  std::string body;
  bool keep_alive = false;
  std::string content_type;
};

// Feeds `text` `chunk` bytes at a time into one growing buffer.
Parsed parse_in_chunks(std::string text, std::size_t chunk, HttpLimits limits = {}) {
  HttpResponseParser parser(limits);
  std::string buffer;
  buffer.reserve(text.size());
  for (std::size_t fed = 0; fed < text.size();) {
    const std::size_t n = std::min(chunk, text.size() - fed);
    buffer.append(text, fed, n);
    fed += n;
    const auto p = parser.parse(reinterpret_cast<std::uint8_t*>(buffer.data()), buffer.size());
    if (p.error == TransportError::need_more) continue;
    Parsed out;
    out.error = p.error;
    out.consumed = p.consumed;
    if (p.error == TransportError::ok) {
      const HttpResponse& r = parser.response();
      out.status = r.status;
      out.body = std::string(r.body_text());
      out.keep_alive = r.keep_alive;
      out.content_type = std::string(r.header("CONTENT-TYPE"));
    }
    return out;
  }
  return {};
}

TEST(HttpParser, ContentLengthBodyInEverySplit) {
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}";
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    const Parsed p = parse_in_chunks(text, chunk);
    ASSERT_EQ(p.error, TransportError::ok) << chunk;
    EXPECT_EQ(p.status, 200);
    EXPECT_EQ(p.body, "{\"a\":\"bcd\"}");
    EXPECT_EQ(p.content_type, "application/json");
    EXPECT_TRUE(p.keep_alive);
    EXPECT_EQ(p.consumed, text.size());
  }
}

TEST(HttpParser, ChunkedBodyDecodedInPlaceWithExtensionsAndTrailers) {
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nHello\r\n7\r\n, world\r\n0\r\nX-T: 1\r\n\r\nNEXT";
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    const Parsed p = parse_in_chunks(text, chunk);
    ASSERT_EQ(p.error, TransportError::ok) << chunk;
    EXPECT_EQ(p.body, "Hello, world");
    EXPECT_EQ(p.consumed, text.size() - 4);
  }
}

TEST(HttpParser, HeaderViewsAndConnectionClose) {
  const Parsed p = parse_in_chunks("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 1000);
  ASSERT_EQ(p.error, TransportError::ok);
  EXPECT_EQ(p.status, 404);
  EXPECT_FALSE(p.keep_alive);
  const Parsed http10 = parse_in_chunks("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 1000);
  EXPECT_FALSE(http10.keep_alive);
}

TEST(HttpParser, NoBodyStatusesAndHeadAnswers) {
  EXPECT_EQ(parse_in_chunks("HTTP/1.1 204 No Content\r\n\r\n", 100).error, TransportError::ok);
  EXPECT_EQ(parse_in_chunks("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 100).error, TransportError::ok);
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
  HttpResponseParser parser;
  parser.expect_no_body(true);
  const auto p = parser.parse(reinterpret_cast<std::uint8_t*>(head.data()), head.size());
  EXPECT_EQ(p.error, TransportError::ok);
  EXPECT_EQ(p.consumed, head.size());
}

TEST(HttpParser, BodyUntilCloseCompletesAtEndOfStream) {
  std::string text = "HTTP/1.1 200 OK\r\n\r\nabc";
  HttpResponseParser parser;
  auto* data = reinterpret_cast<std::uint8_t*>(text.data());
  EXPECT_EQ(parser.parse(data, text.size()).error, TransportError::need_more);
  const auto p = parser.finish_at_eof(data, text.size());
  ASSERT_EQ(p.error, TransportError::ok);
  EXPECT_EQ(parser.response().body_text(), "abc");
  EXPECT_FALSE(parser.response().keep_alive);
}

TEST(HttpParser, MalformedResponsesGiveTypedErrors) {
  HttpLimits small;
  small.max_body = 10;
  small.max_header_bytes = 64;
  small.max_headers = 2;
  struct Case {
    std::string text;
    TransportError error;
  } cases[] = {
      {"HTTP/2 200 OK\r\n\r\n", TransportError::http_bad_status_line},
      {"HTTP/1.1 20x OK\r\n\r\n", TransportError::http_bad_status_line},
      {"HTTP/1.1 200OK\r\n\r\n", TransportError::http_bad_status_line},
      {"HTTP/1.1 200 OK\r\nNo colon\r\n\r\n", TransportError::http_bad_header},
      {"HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", TransportError::http_bad_header},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", TransportError::http_bad_content_length},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", TransportError::http_bad_content_length},
      {"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", TransportError::http_body_too_large},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", TransportError::http_unsupported_transfer_encoding},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", TransportError::http_bad_chunk},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHelloXX", TransportError::http_bad_chunk},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nB\r\n", TransportError::http_body_too_large},
      {"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", TransportError::http_headers_too_large},
      {"HTTP/1.1 200 OK\r\nA: " + std::string(80, 'a') + "\r\n\r\n", TransportError::http_headers_too_large},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_in_chunks(c.text, 1000, small).error, c.error) << c.text;
}

TEST(HttpParser, PipelinedResponsesParseOneAfterAnother) {
  std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nBC";
  HttpResponseParser parser;
  auto* data = reinterpret_cast<std::uint8_t*>(text.data());
  auto p = parser.parse(data, text.size());
  ASSERT_EQ(p.error, TransportError::ok);
  EXPECT_EQ(parser.response().body_text(), "A");
  parser.reset();
  p = parser.parse(data + p.consumed, text.size() - p.consumed);
  ASSERT_EQ(p.error, TransportError::ok);
  EXPECT_EQ(parser.response().status, 201);
  EXPECT_EQ(parser.response().body_text(), "BC");
}

}  // namespace
}  // namespace oex::transport
