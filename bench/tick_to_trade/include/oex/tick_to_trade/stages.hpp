#pragma once
// The stages a venue notification passes on its way to an order on the wire, and one fixed
// histogram per stage (plus the whole: tick-to-trade, message bytes in -> request bytes ready).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/core/latency_histogram.hpp"

namespace oex::t2t {

enum class Stage : std::uint8_t {
  inflate,        // DigiFinex frames only
  decode,         // venue bytes -> normalized events
  apply,          // order-management core books the fill
  strategy,       // the fill answered with a new order request
  risk,           // pre-trade checks and the order core's pending entry
  encode_sign,    // the venue's request, signed
  framing,        // HTTP/1.1 request bytes
  tick_to_trade,  // all of the above, message in -> request ready
};
inline constexpr std::size_t kStageCount = 8;

[[nodiscard]] constexpr std::string_view stage_name(Stage s) noexcept {
  switch (s) {
    case Stage::inflate: return "inflate";
    case Stage::decode: return "decode";
    case Stage::apply: return "apply";
    case Stage::strategy: return "strategy";
    case Stage::risk: return "risk";
    case Stage::encode_sign: return "encode_sign";
    case Stage::framing: return "framing";
    case Stage::tick_to_trade: return "tick_to_trade";
  }
  return "";
}

struct StageHistograms {
  std::array<LatencyHistogram, kStageCount> by_stage{};

  void record(Stage s, std::uint64_t ns) noexcept { by_stage[static_cast<std::size_t>(s)].record(ns); }
  [[nodiscard]] const LatencyHistogram& operator[](Stage s) const noexcept {
    return by_stage[static_cast<std::size_t>(s)];
  }
  void reset() noexcept {
    for (LatencyHistogram& h : by_stage) h.reset();
  }
};

// What a pipeline did, beyond timing: the structural facts a test checks.
struct PipelineCounters {
  std::uint64_t messages = 0;
  std::uint64_t fills_booked = 0;
  std::uint64_t requests_framed = 0;
  std::uint64_t decode_errors = 0;
  std::uint64_t apply_errors = 0;
  std::uint64_t rejected = 0;  // risk, order core or encoder refused the answer
};

}  // namespace oex::t2t
