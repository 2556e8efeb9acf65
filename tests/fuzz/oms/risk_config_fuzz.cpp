// Any bytes as a risk limits file: a config or an error naming what is wrong, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/risk/risk_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = oex::risk::parse_risk_config(text);
  if (!config.ok() && config.status().message().find("risk config: ") != 0) __builtin_trap();
  return 0;
}
