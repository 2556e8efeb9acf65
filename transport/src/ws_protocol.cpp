#include "oex/transport/ws_protocol.hpp"

#include <algorithm>
#include <cstring>

namespace oex::transport {

std::uint16_t close_code_for(TransportError e) noexcept {
  switch (e) {
    case TransportError::ws_message_too_big: return ws_close::message_too_big;
    case TransportError::ws_invalid_utf8: return ws_close::invalid_payload;
    default: return ws_close::protocol_error;
  }
}

bool is_valid_close_code(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

WsReceiver::WsReceiver(std::size_t max_message)
    : max_message_(max_message), message_(std::make_unique<std::uint8_t[]>(max_message == 0 ? 1 : max_message)) {}

void WsReceiver::reset() noexcept {
  message_size_ = 0;
  control_size_ = 0;
  state_ = State::header;
  frame_remaining_ = 0;
  in_message_ = false;
  utf8_.reset();
}

static bool is_control(WsOpcode op) noexcept { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }

TransportError WsReceiver::begin_frame(std::uint8_t b0, std::uint64_t length) noexcept {
  if ((b0 & 0x70) != 0) return TransportError::ws_reserved_bits;
  const std::uint8_t op = b0 & 0x0F;
  const bool fin = (b0 & 0x80) != 0;
  switch (op) {
    case 0x0: case 0x1: case 0x2: case 0x8: case 0x9: case 0xA: break;
    default: return TransportError::ws_unknown_opcode;
  }
  const auto opcode = static_cast<WsOpcode>(op);
  if (is_control(opcode)) {
    if (!fin) return TransportError::ws_control_fragmented;
    if (length > 125) return TransportError::ws_control_too_long;
    control_size_ = 0;
  } else if (opcode == WsOpcode::continuation) {
    if (!in_message_) return TransportError::ws_unexpected_continuation;
    if (length > max_message_ - message_size_) return TransportError::ws_message_too_big;
  } else {
    if (in_message_) return TransportError::ws_expected_continuation;
    if (length > max_message_) return TransportError::ws_message_too_big;
    in_message_ = true;
    message_opcode_ = opcode;
    message_size_ = 0;
    utf8_.reset();
  }
  frame_opcode_ = opcode;
  frame_fin_ = fin;
  frame_remaining_ = length;
  return TransportError::ok;
}

TransportError WsReceiver::take_payload(const std::uint8_t* p, std::size_t n) noexcept {
  frame_remaining_ -= n;
  if (is_control(frame_opcode_)) {
    std::memcpy(control_ + control_size_, p, n);
    control_size_ += n;
    return TransportError::ok;
  }
  std::memcpy(message_.get() + message_size_, p, n);
  message_size_ += n;
  if (message_opcode_ == WsOpcode::text && !utf8_.feed(p, n)) return TransportError::ws_invalid_utf8;
  return TransportError::ok;
}

WsReceiver::Step WsReceiver::finish_frame(std::size_t consumed) noexcept {
  state_ = State::header;
  Step s;
  s.consumed = consumed;
  switch (frame_opcode_) {
    case WsOpcode::ping:
      s.event.kind = WsEvent::Kind::ping;
      s.event.payload = {control_, control_size_};
      return s;
    case WsOpcode::pong:
      s.event.kind = WsEvent::Kind::pong;
      s.event.payload = {control_, control_size_};
      return s;
    case WsOpcode::close: {
      if (control_size_ == 1) {
        s.error = TransportError::ws_invalid_close_payload;
        return s;
      }
      s.event.kind = WsEvent::Kind::close;
      s.event.payload = {control_, control_size_};
      if (control_size_ >= 2) {
        const auto code = static_cast<std::uint16_t>(control_[0] << 8 | control_[1]);
        if (!is_valid_close_code(code)) {
          s.event.kind = WsEvent::Kind::none;
          s.error = TransportError::ws_invalid_close_code;
          return s;
        }
        if (!is_valid_utf8(control_ + 2, control_size_ - 2)) {
          s.event.kind = WsEvent::Kind::none;
          s.error = TransportError::ws_invalid_utf8;
          return s;
        }
        s.event.close_code = code;
        s.event.close_reason = {reinterpret_cast<const char*>(control_ + 2), control_size_ - 2};
      }
      return s;
    }
    default:
      break;
  }
  if (!frame_fin_) return s;
  if (message_opcode_ == WsOpcode::text && !utf8_.complete()) {
    s.error = TransportError::ws_invalid_utf8;
    return s;
  }
  in_message_ = false;
  s.event.kind = WsEvent::Kind::message;
  s.event.opcode = message_opcode_;
  s.event.payload = {message_.get(), message_size_};
  return s;
}

WsReceiver::Step WsReceiver::step(const std::uint8_t* data, std::size_t size) noexcept {
  std::size_t pos = 0;
  if (state_ == State::header) {
    if (size < 2) return {};
    const std::uint8_t b0 = data[0];
    const std::uint8_t b1 = data[1];
    const std::uint8_t len7 = b1 & 0x7F;
    const std::size_t header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
    if (size < header) return {};
    std::uint64_t length = len7;
    if (len7 == 126) {
      length = static_cast<std::uint64_t>(data[2]) << 8 | data[3];
    } else if (len7 == 127) {
      length = 0;
      for (int i = 0; i < 8; ++i) length = length << 8 | data[2 + i];
      if ((length >> 63) != 0) return {0, {}, TransportError::ws_invalid_length};
    }
    Step s;
    if ((b1 & 0x80) != 0 && (b0 & 0x70) == 0) {
      s.error = TransportError::ws_masked_server_frame;
      return s;
    }
    if (const TransportError e = begin_frame(b0, length); e != TransportError::ok) {
      s.error = e;
      return s;
    }
    pos = header;
    state_ = State::payload;
    // A whole unfragmented message already in the caller's buffer goes out as a view, no copy.
    if (frame_fin_ && !is_control(frame_opcode_) && frame_opcode_ != WsOpcode::continuation &&
        size - pos >= length) {
      state_ = State::header;
      in_message_ = false;
      s.consumed = pos + length;
      if (frame_opcode_ == WsOpcode::text && !is_valid_utf8(data + pos, length)) {
        s.error = TransportError::ws_invalid_utf8;
        return s;
      }
      s.event.kind = WsEvent::Kind::message;
      s.event.opcode = frame_opcode_;
      s.event.payload = {data + pos, static_cast<std::size_t>(length)};
      return s;
    }
    if (frame_remaining_ == 0) return finish_frame(pos);
  }
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(frame_remaining_, size - pos));
  if (n == 0) return {pos, {}, TransportError::ok};
  if (const TransportError e = take_payload(data + pos, n); e != TransportError::ok) return {pos + n, {}, e};
  pos += n;
  if (frame_remaining_ == 0) return finish_frame(pos);
  return {pos, {}, TransportError::ok};
}

void ws_mask(std::uint8_t* data, std::size_t n, std::uint32_t mask_key, std::size_t offset) noexcept {
  std::uint8_t key[4];
  std::memcpy(key, &mask_key, 4);
  std::uint8_t rotated[8];
  for (int i = 0; i < 8; ++i) rotated[i] = key[(offset + static_cast<std::size_t>(i)) & 3];
  std::uint64_t k64;
  std::memcpy(&k64, rotated, 8);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + i, 8);
    w ^= k64;
    std::memcpy(data + i, &w, 8);
  }
  for (; i < n; ++i) data[i] ^= rotated[i & 7];
}

std::size_t encode_client_frame(std::span<std::uint8_t> out, WsOpcode opcode, bool fin,
                                std::span<const std::uint8_t> payload, std::uint32_t mask_key) noexcept {
  const std::size_t n = payload.size();
  const std::size_t header = 2 + (n < 126 ? 0 : n <= 0xFFFF ? 2 : 8) + 4;
  if (out.size() < header || out.size() - header < n) return 0;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode));
  std::size_t pos = 2;
  if (n < 126) {
    p[1] = static_cast<std::uint8_t>(0x80 | n);
  } else if (n <= 0xFFFF) {
    p[1] = 0x80 | 126;
    p[2] = static_cast<std::uint8_t>(n >> 8);
    p[3] = static_cast<std::uint8_t>(n);
    pos = 4;
  } else {
    p[1] = 0x80 | 127;
    for (int i = 0; i < 8; ++i) p[2 + i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> (56 - 8 * i));
    pos = 10;
  }
  std::memcpy(p + pos, &mask_key, 4);
  pos += 4;
  if (n != 0) std::memcpy(p + pos, payload.data(), n);
  ws_mask(p + pos, n, mask_key);
  return pos + n;
}

}  // namespace oex::transport
