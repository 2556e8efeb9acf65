#include "oex/codecs/raw_field.hpp"

namespace oex::codecs {

namespace raw_field_detail {
CodecError decimal_error(Error e) noexcept {
  return e == Error::too_many_digits || e == Error::overflow ? CodecError::number_out_of_range
                                                             : CodecError::invalid_number;
}

const std::array<Decimal, 19> kScaleUnits = [] {
  std::array<Decimal, 19> units{};
  for (std::size_t s = 0; s < units.size(); ++s) units[s] = *Decimal::from_units(1, static_cast<int>(s));
  return units;
}();

}  // namespace raw_field_detail

}  // namespace oex::codecs
