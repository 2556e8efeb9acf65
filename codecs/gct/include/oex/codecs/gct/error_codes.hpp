#pragma once
// Every error code of the document's "Error code" section (public area, quote, committee
// internationalisation, deposit and withdrawal). GCT puts the code in the envelope's `message`.
#include <optional>
#include <span>
#include <string_view>

namespace oex::codecs::gct {

struct ErrorCode {
  std::string_view code;
  std::string_view description;  // the document's English text
};

// All documented codes, in the document's order.
[[nodiscard]] std::span<const ErrorCode> documented_error_codes() noexcept;

// The document's description of `code`, or nullopt when the document does not list it.
[[nodiscard]] std::optional<std::string_view> error_description(std::string_view code) noexcept;

}  // namespace oex::codecs::gct
