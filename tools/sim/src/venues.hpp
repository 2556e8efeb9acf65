#pragma once
// The five venues' front ends, each built over its own exchange.
#include <memory>

#include "venue.hpp"

namespace oex::sim {

std::unique_ptr<Venue> make_btse(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);
std::unique_ptr<Venue> make_digifinex(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);
std::unique_ptr<Venue> make_cryptomus(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);
std::unique_ptr<Venue> make_gct(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);
std::unique_ptr<Venue> make_deflow(Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);

// Order ids in each venue's own form, from the booking sequence and the seeded generator.
Exchange::IdMaker btse_order_ids();
Exchange::IdMaker digifinex_order_ids();
Exchange::IdMaker cryptomus_order_ids();
// Decimal ids from `base` upward (GCT entrust ids, Deflow order ids).
Exchange::IdMaker numeric_order_ids(std::uint64_t base);

}  // namespace oex::sim
