#pragma once
// What the replay tests share: a capture's text replayed whole, and the output lines naming a text.
#include <sstream>
#include <string>
#include <vector>

#include "oex/replay/input.hpp"
#include "oex/replay/replayer.hpp"

namespace oex::replay::test_support {

inline std::string replay(const std::string& capture_text) {
  Replayer r;
  replay_jsonl(capture_text, r);
  r.finish();
  return std::string(r.output());
}

inline std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  return out;
}

}  // namespace oex::replay::test_support
