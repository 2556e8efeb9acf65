// Any bytes as the engine's configuration file: a config or an error, never a crash, and the
// secrets the environment holds never appear in the error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oex/engine/config.hpp"

namespace {
constexpr std::string_view kSecret = "fuzz-secret-value-0123456789";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const oex::engine::Environment env = [](const std::string& name) -> std::optional<std::string> {
    if (name.empty() || name.size() > 64) return std::nullopt;
    return std::string(kSecret);
  };
  const auto config = oex::engine::parse_engine_config(text, env);
  // A secret the input spells out itself may be quoted back (a key name, say); one it only names
  // must not be.
  if (config.ok() || text.find(kSecret) != std::string_view::npos) return 0;
  const std::string message(config.status().message());  // absl's string_view may not be std's
  if (message.find(kSecret) != std::string::npos) __builtin_trap();
  return 0;
}
