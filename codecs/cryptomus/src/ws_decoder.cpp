#include "oex/codecs/cryptomus/ws_decoder.hpp"

namespace oex::codecs::cryptomus {

WsDecoder::WsDecoder(Limits limits)
    : doc_(limits.max_values, limits.max_depth),
      max_values_(limits.max_values),
      max_depth_(limits.max_depth),
      fast_path_(limits.order_fast_path),
      max_levels_(limits.max_book_levels),
      bids_(std::make_unique<BookLevel[]>(limits.max_book_levels)),
      asks_(std::make_unique<BookLevel[]>(limits.max_book_levels)) {}

}  // namespace oex::codecs::cryptomus
