// Any bytes as a JSON-lines capture: every line either replays or gives an error line, nothing
// crashes, reads out of bounds or leaks; the engine keeps its state across inputs like a long
// replay does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static oex::replay::Replayer replayer;
  oex::replay::replay_jsonl(std::string_view(reinterpret_cast<const char*>(data), size), replayer);
  replayer.clear_output();
  return 0;
}
