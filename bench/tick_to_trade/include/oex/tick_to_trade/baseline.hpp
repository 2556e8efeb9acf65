#pragma once
// The same path built the usual way, as the peers write it: zlib inflate into a std::string, a
// RapidJSON DOM per message, std::string fields and binary floating point, the orders in a
// std::unordered_map<std::string, Order>, a fresh HMAC key schedule per message (wolfCrypt's
// wc_HmacSetKey, as the codecs use wolfCrypt; Cryptomus and Deflow sign with a plain MD5, which
// has no key schedule either way), std::map for the parameters to sign, and std::ostringstream
// for the body, the signature's hex and the HTTP request. Each venue's request has the same
// shape as its encoder's in codecs/. Stamped into the same stages as OursPipeline.
#include <cstdint>
#include <memory>
#include <string_view>

#include "oex/core/clock.hpp"
#include "oex/tick_to_trade/notifications.hpp"
#include "oex/tick_to_trade/stages.hpp"

namespace oex::t2t {

class BaselinePipeline {
 public:
  BaselinePipeline(Venue venue, const Clock& clock);
  ~BaselinePipeline();
  BaselinePipeline(const BaselinePipeline&) = delete;
  BaselinePipeline& operator=(const BaselinePipeline&) = delete;

  bool process(const Notification& message, StageHistograms& histograms, Stamping stamping);
  void acknowledge(std::string_view venue_order_id);

  [[nodiscard]] std::string_view last_request() const noexcept;
  [[nodiscard]] const PipelineCounters& counters() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oex::t2t
