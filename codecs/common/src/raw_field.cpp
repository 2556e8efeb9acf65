#include "oex/codecs/raw_field.hpp"

namespace oex::codecs {

namespace raw_field_detail {
CodecError decimal_error(Error e) noexcept {
  return e == Error::too_many_digits || e == Error::overflow ? CodecError::number_out_of_range
                                                             : CodecError::invalid_number;
}

}  // namespace raw_field_detail

}  // namespace oex::codecs
