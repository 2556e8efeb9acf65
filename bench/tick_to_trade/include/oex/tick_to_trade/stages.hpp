#pragma once
// The stages a venue notification passes on its way to an order on the wire, and one fixed
// histogram per stage (plus the whole: tick-to-trade, message bytes in -> request bytes ready).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oex/core/clock.hpp"
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

// How one message is timed. A clock read and a histogram update at a stage boundary add their own
// 15-20 ns to the measured span, so a message is stamped either at every stage boundary, for the
// stage histograms, or only at its two ends, for the tick-to-trade histogram; the harness
// alternates the two, message by message.
enum class Stamping : std::uint8_t { stages, ends };

class StageTimer {
 public:
  StageTimer(const Clock& clock, StageHistograms& histograms, Stamping stamping) noexcept
      : clock_(clock),
        histograms_(histograms),
        stages_(stamping == Stamping::stages),
        start_(clock.now_ns()),
        last_(start_) {}

  [[nodiscard]] std::uint64_t start_ns() const noexcept { return start_; }

  // Stage `s` has just ended.
  void end(Stage s) noexcept {
    if (!stages_) return;
    const std::uint64_t now = clock_.now_ns();
    histograms_.record(s, now - last_);
    last_ = now;
  }
  // Stage `s`, the last, has just ended with a request ready.
  void end_trade(Stage s) noexcept {
    const std::uint64_t now = clock_.now_ns();
    if (stages_) {
      histograms_.record(s, now - last_);
    } else {
      histograms_.record(Stage::tick_to_trade, now - start_);
    }
    last_ = now;
  }
  // The next stage starts now (after work that is not part of one, such as a refused answer).
  void restart() noexcept {
    if (stages_) last_ = clock_.now_ns();
  }

 private:
  const Clock& clock_;
  StageHistograms& histograms_;
  bool stages_;
  std::uint64_t start_;
  std::uint64_t last_;
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
