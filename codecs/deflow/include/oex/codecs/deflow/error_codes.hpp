#pragma once
// Every code of the document's error table (3.오류코드), with its Korean description.
#include <optional>
#include <span>
#include <string_view>

namespace oex::codecs::deflow {

struct ErrorCode {
  std::string_view code;
  std::string_view description;
};

[[nodiscard]] std::span<const ErrorCode> documented_error_codes() noexcept;
[[nodiscard]] std::optional<std::string_view> error_description(std::string_view code) noexcept;

}  // namespace oex::codecs::deflow
