#pragma once
#include "absl/status/status.h"

namespace oex {

// Pins the calling thread to `cpu` (start-up only). A CPU this process may not use is an error
// that names the CPUs it may use.
[[nodiscard]] absl::Status pin_current_thread(int cpu);

}  // namespace oex
