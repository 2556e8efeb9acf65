#pragma once
// The way out, in one pass: risk check -> order core (pending) -> encoder. The encoder is any
// callable `bool(const oms::Order&)` (the venue codec writing and signing the request); a
// rejected order never reaches it. Templates, not virtual calls.
#include <cstdint>
#include <optional>

#include "oex/oms/order_manager.hpp"
#include "oex/risk/risk_gate.hpp"

namespace oex::risk {

enum class SubmitStatus : std::uint8_t { sent, risk_rejected, oms_rejected, encoder_failed };

struct SubmitResult {
  SubmitStatus status = SubmitStatus::sent;
  RejectReason reason = RejectReason::none;
  oms::OmsError oms_error = oms::OmsError::ok;
  oms::OrderHandle order = oms::kNoOrder;
};

template <class Encoder>
[[nodiscard]] SubmitResult submit_new(RiskGate& risk, oms::OrderManager& orders, const oms::NewOrderRequest& request,
                                      std::uint64_t now_ns, Encoder&& encode) noexcept {
  SubmitResult result;
  result.reason = risk.check(request, now_ns);
  if (result.reason != RejectReason::none) {
    result.status = SubmitStatus::risk_rejected;
    return result;
  }
  auto handle = orders.add_pending(request);
  if (!handle) {
    result.status = SubmitStatus::oms_rejected;
    result.oms_error = handle.error();
    return result;
  }
  result.order = *handle;
  if (!encode(*orders.get(*handle))) {
    orders.mark_not_sent(*handle);
    result.status = SubmitStatus::encoder_failed;
  }
  return result;
}

// Encoder: bool(const oms::Order&, std::optional<Decimal> price, std::optional<Decimal> qty).
template <class Encoder>
[[nodiscard]] SubmitResult submit_amend(RiskGate& risk, oms::OrderManager& orders, oms::OrderHandle handle,
                                        std::optional<Decimal> price, std::optional<Decimal> qty,
                                        std::uint64_t now_ns, Encoder&& encode) noexcept {
  SubmitResult result;
  result.order = handle;
  result.reason = risk.check_amend(handle, price, qty, now_ns);
  if (result.reason != RejectReason::none) {
    result.status = SubmitStatus::risk_rejected;
    return result;
  }
  result.oms_error = orders.begin_amend(handle, price, qty);
  if (result.oms_error != oms::OmsError::ok) {
    result.status = SubmitStatus::oms_rejected;
    return result;
  }
  if (!encode(*orders.get(handle), price, qty)) {
    (void)orders.apply(AmendReject{orders.get(handle)->venue, {}, orders.get(handle)->venue_order_id.view(),
                                   orders.get(handle)->client_order_id.view(), "not_sent", {}});
    result.status = SubmitStatus::encoder_failed;
  }
  return result;
}

// Cancels reduce risk: no check, always allowed (also while the kill switch is on).
template <class Encoder>
[[nodiscard]] SubmitResult submit_cancel(oms::OrderManager& orders, oms::OrderHandle handle, Encoder&& encode) noexcept {
  SubmitResult result;
  result.order = handle;
  result.oms_error = orders.begin_cancel(handle);
  if (result.oms_error != oms::OmsError::ok) {
    result.status = SubmitStatus::oms_rejected;
    return result;
  }
  if (!encode(*orders.get(handle))) {
    const oms::Order& o = *orders.get(handle);
    (void)orders.apply(CancelReject{o.venue, {}, o.venue_order_id.view(), o.client_order_id.view(), "not_sent", {}});
    result.status = SubmitStatus::encoder_failed;
  }
  return result;
}

}  // namespace oex::risk
