#pragma once
// The writer thread: drains a CaptureRing into a capture file, one JSON line per message in
// the format of ARCHITECTURE.md, every line passed through the Redactor first.
#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "oex/capture/capture_ring.hpp"
#include "oex/capture/redactor.hpp"

namespace oex::capture {

// One capture line for `r` (redacted), without the newline, into `line` (replaced); `scratch`
// holds the redacted text on the way. The writer reuses both, so a line allocates nothing once
// they have grown.
void format_line(const Record& r, const Redactor& redactor, std::string& line, std::string& scratch);
[[nodiscard]] std::string format_line(const Record& r, const Redactor& redactor);

class CaptureWriter {
 public:
  // Start-up: opens (truncates) `path` and starts the thread, pinned to `cpu` when one is given
  // (a core other than the loop's, so the writer never takes the loop's core or its caches).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<CaptureWriter>> start(CaptureRing& ring, const std::string& path,
                                                                            Redactor redactor,
                                                                            std::optional<int> cpu = std::nullopt);
  // Writes what is still in the ring, then stops.
  ~CaptureWriter();
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  // Records whose lines have reached the file.
  [[nodiscard]] std::uint64_t written() const noexcept { return written_.load(std::memory_order_relaxed); }

 private:
  CaptureWriter(CaptureRing& ring, std::FILE* file, Redactor redactor);
  void run();
  std::size_t drain_once();
  void flush();

  static constexpr std::size_t kFileBuffer = 1 << 20;

  CaptureRing& ring_;
  std::FILE* file_;
  Redactor redactor_;
  std::string line_;
  std::string scratch_;
  std::atomic<bool> stopping_{false};
  std::uint64_t unflushed_ = 0;  // records formatted since the last flush
  std::atomic<std::uint64_t> written_{0};
  std::thread thread_;
};

}  // namespace oex::capture
