#include "oex/core/cpu_affinity.hpp"

#include <pthread.h>
#include <sched.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace oex {

absl::Status pin_current_thread(int cpu) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return absl::InternalError("sched_getaffinity failed");
  if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed)) {
    std::string list;
    for (int i = 0; i < CPU_SETSIZE; ++i) {
      if (CPU_ISSET(i, &allowed)) absl::StrAppend(&list, list.empty() ? "" : ",", i);
    }
    return absl::InvalidArgumentError(absl::StrCat("cpu ", cpu, " is not available to this process (allowed: ", list, ")"));
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  if (const int rc = pthread_setaffinity_np(pthread_self(), sizeof one, &one); rc != 0) {
    return absl::InternalError(absl::StrCat("pthread_setaffinity_np(cpu ", cpu, ") failed: error ", rc));
  }
  return absl::OkStatus();
}

}  // namespace oex
