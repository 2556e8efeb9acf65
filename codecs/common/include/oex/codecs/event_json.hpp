#pragma once
// Renders a normalized event as one JSON object in the replay-output shape of ARCHITECTURE.md
// (without the seq and ts that replay adds in front): golden tests, replay and logs share it.
// A field the venue did not send is null. Nothing allocates; a short buffer shows in finish().
#include "oex/codecs/buffer_writer.hpp"
#include "oex/core/events.hpp"

namespace oex::codecs {

void write_event_json(BufferWriter& w, const OrderUpdate& e) noexcept;
void write_event_json(BufferWriter& w, const Fill& e) noexcept;
void write_event_json(BufferWriter& w, const NewOrderAck& e) noexcept;
void write_event_json(BufferWriter& w, const NewOrderReject& e) noexcept;
void write_event_json(BufferWriter& w, const CancelAck& e) noexcept;
void write_event_json(BufferWriter& w, const CancelReject& e) noexcept;
void write_event_json(BufferWriter& w, const AmendAck& e) noexcept;
void write_event_json(BufferWriter& w, const AmendReject& e) noexcept;
void write_event_json(BufferWriter& w, const Balance& e) noexcept;
void write_event_json(BufferWriter& w, const BookUpdate& e) noexcept;
void write_event_json(BufferWriter& w, const PublicTrade& e) noexcept;
void write_event_json(BufferWriter& w, const Ticker& e) noexcept;
void write_event_json(BufferWriter& w, const Pong& e) noexcept;
void write_event_json(BufferWriter& w, const ServerTime& e) noexcept;
void write_event_json(BufferWriter& w, const SubscriptionAck& e) noexcept;
void write_event_json(BufferWriter& w, const VenueError& e) noexcept;

}  // namespace oex::codecs
