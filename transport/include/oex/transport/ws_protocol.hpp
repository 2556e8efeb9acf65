#pragma once
// RFC 6455 framing without I/O: the receiver turns server bytes into messages and control
// frames (reassembling fragments, validating text incrementally), the encoder writes masked
// client frames into a caller's buffer. Both allocate nothing after construction.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "oex/transport/error.hpp"
#include "oex/transport/utf8.hpp"

namespace oex::transport {

enum class WsOpcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

// Close status codes used here (RFC 6455 section 7.4.1).
namespace ws_close {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;  // never sent: "the close frame had no code"
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace ws_close

// The close code a receiver error fails the connection with.
[[nodiscard]] std::uint16_t close_code_for(TransportError e) noexcept;
// Codes a peer may put on the wire: 1000-1003, 1007-1014, 3000-4999.
[[nodiscard]] bool is_valid_close_code(std::uint16_t code) noexcept;

struct WsEvent {
  enum class Kind : std::uint8_t { none, message, ping, pong, close };
  Kind kind = Kind::none;
  WsOpcode opcode = WsOpcode::binary;  // text or binary for a message
  std::span<const std::uint8_t> payload;  // valid until the next call to step()
  std::uint16_t close_code = ws_close::no_status;  // for close: no_status when the frame had none
  std::string_view close_reason;
};

class WsReceiver {
 public:
  // `max_message` bounds a reassembled message; it is the size of the one buffer allocated here.
  explicit WsReceiver(std::size_t max_message);

  struct Step {
    std::size_t consumed = 0;  // bytes of `data` used; the rest must be offered again
    WsEvent event;             // kind none when more bytes are needed
    TransportError error = TransportError::ok;  // the connection must be failed with close_code_for(error)
  };
  // Consumes bytes up to and including at most one event. A message that lies whole in `data`
  // is handed out as a view into `data` without a copy.
  [[nodiscard]] Step step(const std::uint8_t* data, std::size_t size) noexcept;
  void reset() noexcept;
  [[nodiscard]] std::size_t max_message() const noexcept { return max_message_; }
  // True inside a frame or a fragmented message (an end of stream now cuts a message).
  [[nodiscard]] bool mid_message() const noexcept { return state_ == State::payload || in_message_; }

 private:
  enum class State : std::uint8_t { header, payload };
  [[nodiscard]] TransportError begin_frame(std::uint8_t b0, std::uint64_t length) noexcept;
  [[nodiscard]] TransportError take_payload(const std::uint8_t* p, std::size_t n) noexcept;
  [[nodiscard]] Step finish_frame(std::size_t consumed) noexcept;

  std::size_t max_message_;
  std::unique_ptr<std::uint8_t[]> message_;
  std::size_t message_size_ = 0;
  std::uint8_t control_[125] = {};
  std::size_t control_size_ = 0;
  State state_ = State::header;
  WsOpcode frame_opcode_ = WsOpcode::binary;
  bool frame_fin_ = false;
  std::uint64_t frame_remaining_ = 0;
  bool in_message_ = false;  // a fragmented message is open
  WsOpcode message_opcode_ = WsOpcode::binary;
  Utf8Validator utf8_;
};

// Largest header of a client frame: 2 + 8 (length) + 4 (mask key).
inline constexpr std::size_t kWsMaxClientHeader = 14;

// Writes one masked client frame (header, then payload XOR mask) into `out`. Returns the bytes
// written, or 0 when `out` is too small (nothing meaningful is written then).
[[nodiscard]] std::size_t encode_client_frame(std::span<std::uint8_t> out, WsOpcode opcode, bool fin,
                                              std::span<const std::uint8_t> payload,
                                              std::uint32_t mask_key) noexcept;
// XORs `data` in place with the 4-byte key, starting at key byte `offset & 3`.
void ws_mask(std::uint8_t* data, std::size_t n, std::uint32_t mask_key, std::size_t offset = 0) noexcept;

}  // namespace oex::transport
