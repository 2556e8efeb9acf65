#pragma once
// DigiFinex's server frames are deflated: the texts a connection received, inflated.
#include <oex/codecs/digifinex/inflate.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "in_process.hpp"

namespace oex::sim::testing {

class DigiFinexFrames {
 public:
  std::vector<std::string> texts(WsConnection& ws) {
    std::vector<std::string> out;
    for (const std::string& frame : ws.frames()) {
      const auto inflated = inflater_.inflate(
          std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(frame.data()), frame.size()), buffer_);
      EXPECT_TRUE(inflated.ok());
      if (inflated.ok()) out.emplace_back(inflated.value());
    }
    return out;
  }

 private:
  codecs::digifinex::FrameInflater inflater_;
  std::array<char, 1 << 16> buffer_{};
};

}  // namespace oex::sim::testing
