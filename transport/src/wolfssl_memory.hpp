#pragma once
// wolfSSL grows its record buffers for each record and frees them afterwards. Routing its
// allocator through per-thread free lists of recycled blocks makes that steady-state cost zero
// heap allocations. Must run before wolfSSL allocates anything; every user of wolfSSL here
// calls it first.
namespace oex::transport {
void ensure_wolfssl_initialized() noexcept;
}
