// Any bytes as a JSON-lines capture: every line either replays or gives an error line, nothing
// crashes, reads out of bounds or leaks; the engine keeps its state across inputs like a long
// replay does. Each line is also read on its own, and a message the capture reader takes from a
// line's "text" must be what the general JSON reader and unescape_json make of the same member:
// the reader's block-at-a-time unescaping may not differ from the plain one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "oex/codecs/json.hpp"
#include "oex/replay/capture_line.hpp"
#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"

namespace {

void check_text_member(std::string_view line) {
  constexpr std::size_t kCapacity = 1 << 20;
  static oex::replay::CaptureLineReader reader(kCapacity);
  static oex::json::Document doc;
  static const std::unique_ptr<char[]> unescaped = std::make_unique<char[]>(kCapacity);
  oex::replay::CaptureRecord record;
  if (reader.read(line, record) != oex::replay::LineError::ok || record.binary) return;
  // (The reader is laxer than RFC 8259 in places that do not matter, such as a number's leading
  // zeros, and takes the last of repeated members: such lines are not compared.)
  if (doc.parse(line) != oex::codecs::CodecError::ok || !doc.root().is_object()) return;
  oex::json::Value text;
  int texts = 0;
  for (const auto member : doc.root()) {
    if (member.key == "text") {
      text = member.value;
      ++texts;
    }
  }
  if (texts != 1) return;
  if (!text.is_string()) std::abort();
  const auto n = oex::replay::unescape_json(text.raw(), unescaped.get(), kCapacity);
  if (!n || record.payload != std::string_view(unescaped.get(), *n)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static oex::replay::Replayer replayer;
  const std::string_view capture(reinterpret_cast<const char*>(data), size);
  oex::replay::replay_jsonl(capture, replayer);
  replayer.clear_output();
  for (std::string_view rest = capture; !rest.empty();) {
    const std::size_t nl = rest.find('\n');
    check_text_member(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return 0;
}
