// HttpResponseParser over arbitrary bytes growing in pieces: no crash, no read outside the
// buffer, every view inside it, and pipelined responses parse one after another.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "oex/transport/http_response_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::transport;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 97;
  ++data, --size;
  HttpLimits limits;
  limits.max_body = 8192;
  limits.max_header_bytes = 4096;
  limits.max_headers = 16;
  HttpResponseParser parser(limits);
  std::vector<std::uint8_t> buffer;
  buffer.reserve(size);
  std::size_t start = 0;  // first byte of the response being parsed
  std::size_t fed = 0;
  while (fed < size) {
    const std::size_t n = chunk < size - fed ? chunk : size - fed;
    buffer.insert(buffer.end(), data + fed, data + fed + n);
    fed += n;
    for (;;) {
      const auto p = parser.parse(buffer.data() + start, buffer.size() - start);
      if (p.error == TransportError::need_more) break;
      if (p.error != TransportError::ok) return 0;
      const HttpResponse& r = parser.response();
      const auto* lo = reinterpret_cast<const char*>(buffer.data());
      const auto* hi = lo + buffer.size();
      for (const HttpHeader& h : r.headers)
        if (h.name.data() < lo || h.name.data() + h.name.size() > hi || h.value.data() + h.value.size() > hi) std::abort();
      if (r.body.size() > limits.max_body || p.consumed == 0 || start + p.consumed > buffer.size()) std::abort();
      (void)r.header("content-type");
      start += p.consumed;
      parser.reset();
    }
  }
  return 0;
}
