#include "oex/core/cpu_affinity.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>

#include <string>

#include "absl/strings/str_cat.h"

namespace oex {

namespace {

// The CPUs this process may use, as "0,1,...": the first thread's set, which start-up pinning of
// other threads leaves as it was.
std::string allowed_cpus() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(getpid(), sizeof allowed, &allowed) != 0) return "unknown";
  std::string list;
  for (int i = 0; i < CPU_SETSIZE; ++i) {
    if (CPU_ISSET(i, &allowed)) absl::StrAppend(&list, list.empty() ? "" : ",", i);
  }
  return list;
}

}  // namespace

absl::Status pin_thread(pthread_t thread, int cpu) {
  const auto unavailable = [cpu] {
    return absl::InvalidArgumentError(
        absl::StrCat("cpu ", cpu, " is not available to this process (allowed: ", allowed_cpus(), ")"));
  };
  if (cpu < 0 || cpu >= CPU_SETSIZE) return unavailable();
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  // The kernel knows which CPUs the process may use (its cgroup, not just the caller's mask).
  if (const int rc = pthread_setaffinity_np(thread, sizeof one, &one); rc != 0) {
    if (rc == EINVAL) return unavailable();
    return absl::InternalError(absl::StrCat("pthread_setaffinity_np(cpu ", cpu, ") failed: error ", rc));
  }
  return absl::OkStatus();
}

absl::Status pin_current_thread(int cpu) { return pin_thread(pthread_self(), cpu); }

}  // namespace oex
