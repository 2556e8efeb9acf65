#pragma once
#include <pthread.h>

#include "absl/status/status.h"

namespace oex {

// Pins the calling thread to `cpu` (start-up only). A CPU this process may not use is an error
// that names the CPUs it may use.
[[nodiscard]] absl::Status pin_current_thread(int cpu);
// The same for another thread of this process (a helper thread kept off the loop's core).
[[nodiscard]] absl::Status pin_thread(pthread_t thread, int cpu);

}  // namespace oex
