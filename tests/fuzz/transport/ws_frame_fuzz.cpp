// WsReceiver over arbitrary server bytes, offered in pieces as a stream buffer would offer
// them: no crash, no read past the input, every event's payload inside its buffer, and after
// an error a reset receiver accepts a valid frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "oex/transport/ws_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oex::transport;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;  // how the bytes arrive
  ++data, --size;
  WsReceiver receiver(4096);
  std::vector<std::uint8_t> buffer;
  std::size_t fed = 0;
  bool failed = false;
  while (fed < size && !failed) {
    const std::size_t n = chunk < size - fed ? chunk : size - fed;
    buffer.insert(buffer.end(), data + fed, data + fed + n);
    fed += n;
    for (;;) {
      const auto step = receiver.step(buffer.data(), buffer.size());
      if (step.consumed > buffer.size()) std::abort();
      if (step.event.payload.size() > 4096 && step.event.kind == WsEvent::Kind::message) std::abort();
      if (step.event.kind == WsEvent::Kind::message && step.event.opcode == WsOpcode::text &&
          !is_valid_utf8(step.event.payload.data(), step.event.payload.size()))
        std::abort();
      buffer.erase(buffer.begin(), buffer.begin() + static_cast<long>(step.consumed));
      if (step.error != TransportError::ok) {
        failed = true;
        break;
      }
      if (step.consumed == 0 && step.event.kind == WsEvent::Kind::none) break;
    }
  }
  receiver.reset();
  const std::uint8_t ok[] = {0x81, 0x02, 'o', 'k'};
  const auto step = receiver.step(ok, sizeof ok);
  if (step.error != TransportError::ok || step.event.kind != WsEvent::Kind::message || step.event.payload.size() != 2)
    std::abort();
  return 0;
}
