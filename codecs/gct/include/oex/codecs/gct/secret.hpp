#pragma once
// A credential GCT wants as a plain request parameter: the secret key (the two
// cancel-by-clientOrderId calls demand it in the body) and the transaction password (`payPwd`
// of saveEntrust). Held inline, wiped on destruction, and never printable: every debug form
// (gtest's PrintTo, debug_string) says "<redacted>". Only RestEncoder reads the bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/rest_request.hpp"

namespace oex::codecs::gct {

class Secret {
 public:
  static constexpr std::size_t kMaxSize = 128;
  static constexpr std::string_view kRedacted = "<redacted>";

  Secret() noexcept = default;
  // A text longer than kMaxSize leaves the secret empty (encoders then refuse with invalid_argument).
  explicit Secret(std::string_view text) noexcept;
  Secret(const Secret& other) noexcept = default;
  Secret& operator=(const Secret& other) noexcept = default;
  ~Secret();

  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] static constexpr std::string_view debug_string() noexcept { return kRedacted; }
  friend void PrintTo(const Secret& secret, std::ostream* os);

 private:
  friend class RestEncoder;
  [[nodiscard]] std::string_view reveal() const noexcept { return {data_.data(), size_}; }

  std::array<char, kMaxSize> data_{};
  std::uint8_t size_ = 0;
};

// For captures and logs: the request's target and body with the values of `secretKey`,
// `payPwd` and `signature` replaced by "<redacted>". The wire form stays as the venue demands.
void write_redacted(BufferWriter& w, const RestRequest& request) noexcept;

// Zeroes bytes in a way the optimiser keeps (a buffer that held a secret or a text signed with it).
void wipe(char* data, std::size_t size) noexcept;

}  // namespace oex::codecs::gct
