#pragma once
// Small text helpers the simulator's venues share: fixed-point amounts, hex, base64, form and
// query decoding, JSON string escaping and a constant-time comparison for signatures.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oex::sim {

// Prices and quantities inside the simulator: integers in units of 1e-8 (no floating point).
using Amount = std::int64_t;
__extension__ using Wide = __int128;  // products of two amounts
inline constexpr Amount kAmountScale = 100'000'000;
inline constexpr int kAmountDecimals = 8;

// Parses "12", "0.002", "8500.0", "-1.5" (JSON numbers without exponent, or quoted text).
// More than 8 significant decimals is refused rather than rounded.
[[nodiscard]] std::optional<Amount> parse_amount(std::string_view text) noexcept;
// Plain notation without trailing zeros ("50", "0.002"), or with exactly `decimals` decimals.
void append_amount(std::string& out, Amount value);
void append_amount_fixed(std::string& out, Amount value, int decimals);
[[nodiscard]] std::string amount_text(Amount value);
// price * quantity in amount units, rounded down.
[[nodiscard]] Amount amount_product(Amount price, Amount quantity) noexcept;
// total / quantity in amount units (an average price), rounded down; 0 when quantity is 0.
[[nodiscard]] Amount amount_quotient(Wide total_scaled, Amount quantity) noexcept;

void append_hex(std::string& out, const std::uint8_t* data, std::size_t size);
void append_base64(std::string& out, const std::uint8_t* data, std::size_t size);
[[nodiscard]] std::string hex(const std::uint8_t* data, std::size_t size);
[[nodiscard]] std::string base64(std::string_view data);

// Signature comparison whose duration does not depend on where the texts differ.
[[nodiscard]] bool equal_constant_time(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool equal_ignore_case(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] std::string lower(std::string_view text);
[[nodiscard]] std::string upper(std::string_view text);

// application/x-www-form-urlencoded and query strings, percent- and plus-decoded, in order.
using Params = std::vector<std::pair<std::string, std::string>>;
[[nodiscard]] Params parse_form(std::string_view text);
[[nodiscard]] const std::string* find_param(const Params& params, std::string_view name) noexcept;

// Appends `text` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view text);
void append_int(std::string& out, std::int64_t value);
// "2021-06-29T18:14:30.886Z" for milliseconds since the epoch (UTC).
void append_iso_time(std::string& out, std::int64_t ms);
// (to - from) / from as a fraction in amount units (0.0463 for 4.63 %); 0 when `from` is 0.
[[nodiscard]] Amount change_ratio(Amount from, Amount to) noexcept;
// A decimal integer parameter; `fallback` when absent, nullopt when present but not a number.
[[nodiscard]] std::optional<std::int64_t> int_param(const Params& params, std::string_view name, std::int64_t fallback);

}  // namespace oex::sim
