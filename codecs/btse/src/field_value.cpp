// FieldValue reads a value's text exactly as json::Value does (same errors for the same text),
// and OrderFields files an order object's members by name in one pass.
#include "oex/codecs/btse/detail.hpp"

namespace oex::codecs::btse::detail {

void OrderFields::add(std::string_view key, FieldValue value) noexcept {
  // Dispatch on the length first: each name is then one fixed-size comparison.
  OrderField field = OrderField::count_;
  switch (key.size()) {
    case 4: field = key == "side" ? OrderField::side : key == "size" ? OrderField::size : field; break;
    case 5: field = key == "price" ? OrderField::price : field; break;
    case 6:
      field = key == "status" ? OrderField::status
              : key == "symbol" ? OrderField::symbol
              : key == "txType" ? OrderField::tx_type
                                : field;
      break;
    case 7: field = key == "orderID" ? OrderField::order_id : key == "message" ? OrderField::message : field; break;
    case 9:
      field = key == "clOrderID"   ? OrderField::cl_order_id
              : key == "orderType" ? OrderField::order_type
              : key == "timestamp" ? OrderField::timestamp
                                   : field;
      break;
    case 10:
      field = key == "orderState" ? OrderField::order_state : key == "filledSize" ? OrderField::filled_size : field;
      break;
    case 11: field = key == "timeInForce" ? OrderField::time_in_force_v2 : field; break;
    case 12: field = key == "triggerPrice" ? OrderField::trigger_price : field; break;
    case 13:
      field = key == "time_in_force"   ? OrderField::time_in_force
              : key == "remainingSize" ? OrderField::remaining_size
                                       : field;
      break;
    case 14:
      field = key == "avgFilledPrice"   ? OrderField::avg_filled_price
              : key == "filledBaseSize" ? OrderField::filled_base_size
                                        : field;
      break;
    case 17: field = key == "remainingBaseSize" ? OrderField::remaining_base_size : field; break;
    case 19: field = key == "totalFilledBaseSize" ? OrderField::total_filled_base_size : field; break;
    case 20: field = key == "currentOrderBaseSize" ? OrderField::current_base_size : field; break;
    case 21: field = key == "originalOrderBaseSize" ? OrderField::original_base_size : field; break;
    case 22: field = key == "remainingOrderBaseSize" ? OrderField::remaining_order_base_size : field; break;
    default: break;
  }
  set(field, value);  // count_ (a member the readers do not use) is skipped there
}

void index_order_fields(json::Value order, OrderFields& out) noexcept {
  out.clear();
  for (const auto member : order) out.add(member.key, FieldValue::of(member.value));
}

}  // namespace oex::codecs::btse::detail
