// REST answers: the body is decoded as the answer of every endpoint, under 200 and under the
// HTTP status the input's length picks (so error bodies are read too).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_sink.hpp"
#include "oex/codecs/btse/rest_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::codecs::btse;
  static RestDecoder decoder(4096, 8);
  static constexpr int kStatuses[] = {400, 401, 403, 404, 405, 408, 429, 500, 502, 0, 999, -1};
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const RequestContext context{"BTC-USD", "order-1", "client-1"};
  for (int e = 0; e <= static_cast<int>(Endpoint::time); ++e) {
    const auto endpoint = static_cast<Endpoint>(e);
    fuzz::RenderingSink ok_sink;
    fuzz::check(decoder.decode(endpoint, 200, body, ok_sink, context), ok_sink);
    fuzz::RenderingSink error_sink;
    const int status = kStatuses[size % (sizeof kStatuses / sizeof kStatuses[0])];
    fuzz::check(decoder.decode(endpoint, status, body, error_sink, context), error_sink);
  }
  return 0;
}
