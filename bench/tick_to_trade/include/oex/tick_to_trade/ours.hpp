#pragma once
// The engine's way from a venue notification to an order request on the wire, in one pass on one
// thread: inflate (DigiFinex) -> the venue's decoder -> oms::OrderManager::apply -> a strategy
// that answers each booked fill with a new order of the same side, size and price -> risk
// (risk::submit_new: RiskGate::check, then the order core's pending entry) -> the venue's
// order-entry encoder, signed -> HTTP/1.1 framing into a preallocated buffer. Every stage, or
// the whole, is stamped with the TSC clock into fixed histograms (StageTimer). After construction
// nothing allocates.
// Every venue's answer is its new-order REST request, from its own order-entry encoder.
#include <cstdint>
#include <memory>
#include <string_view>

#include "oex/core/clock.hpp"
#include "oex/tick_to_trade/notifications.hpp"
#include "oex/tick_to_trade/stages.hpp"

namespace oex::t2t {

class OursPipeline {
 public:
  OursPipeline(Venue venue, const Clock& clock);  // start-up: every table and buffer sized here
  ~OursPipeline();
  OursPipeline(const OursPipeline&) = delete;
  OursPipeline& operator=(const OursPipeline&) = delete;

  // One notification through every stage, timed as `stamping` says; false when any stage failed
  // (counted).
  bool process(const Notification& message, StageHistograms& histograms, Stamping stamping) noexcept;
  // The venue's acknowledgement of the last order sent, naming its venue order id. It is the
  // venue's answer to the request, not a notification, and not timed.
  void acknowledge(std::string_view venue_order_id) noexcept;
  // What the engine's loop does when an iteration finds no work: the order core frees the slots
  // of orders that finished long ago, so that new orders do not evict on their way out. Not timed.
  void idle() noexcept;

  [[nodiscard]] std::string_view last_client_order_id() const noexcept;
  [[nodiscard]] std::string_view last_request() const noexcept;  // the framed bytes
  [[nodiscard]] const PipelineCounters& counters() const noexcept;
  [[nodiscard]] std::string_view encoder_name() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oex::t2t
