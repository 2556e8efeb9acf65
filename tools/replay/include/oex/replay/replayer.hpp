#pragma once
// Replays captured messages through the venue decoders and the order-management core and writes
// the replay output of ARCHITECTURE.md: one line per normalized event (seq, ts, then the event as
// codecs::write_event_json renders it), a derived fill line whenever the core books a fill from a
// cumulative total, an `error` line (with the capture line number) for input that cannot be
// read or decoded, and at finish() one `final` line per order. Deterministic: the same records
// in the same order give the same bytes.
//
// An HTTP answer is decoded with the request it answers: each outgoing HTTP record is remembered
// per venue (request_memory.hpp) and an answer takes the oldest with the same request line, so
// parameters sent in a POST's or DELETE's body (form, or JSON for Cryptomus order entry) are
// known as well as the request line's query. An answer with no remembered request decodes with
// what its own request line gives.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "oex/core/enums.hpp"
#include "oex/replay/capture_line.hpp"

namespace oex::replay {

struct ReplayStats {
  std::uint64_t lines = 0;
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t events = 0;
  std::uint64_t errors = 0;
};

class Replayer {
 public:
  Replayer();
  ~Replayer();
  Replayer(const Replayer&) = delete;
  Replayer& operator=(const Replayer&) = delete;

  // Output goes to an internal buffer, each line written in place; with a file set, the buffer is
  // written out whenever it grows past a few hundred KiB and at flush(). Without one it grows to
  // hold the whole output.
  void set_output_file(std::FILE* file) noexcept;

  // One capture line (without its newline); `line_no` counts from 1 in its file.
  void feed_line(std::string_view line, std::uint64_t line_no) noexcept;
  // One message already taken apart (pcap input).
  void feed(const CaptureRecord& record, std::uint64_t line_no) noexcept;
  // An `error` line for input found bad before it became a record.
  void report_error(std::int64_t ts, std::optional<Venue> venue, std::string_view code, std::string_view detail,
                    std::uint64_t line_no) noexcept;
  // One `final` line per order the core holds, oldest first.
  void finish() noexcept;

  [[nodiscard]] std::string_view output() const noexcept { return {out_.get(), out_size_}; }
  void clear_output() noexcept { out_size_ = 0; }
  bool flush() noexcept;  // false when writing the file failed
  [[nodiscard]] const ReplayStats& stats() const noexcept { return stats_; }

 private:
  struct State;
  friend struct State;
  // Room for one more line of at most `line_capacity` bytes at out_ + out_size_ (the buffer grows
  // when the output is kept in memory).
  [[nodiscard]] char* reserve_line(std::size_t line_capacity);

  std::unique_ptr<State> state_;
  std::unique_ptr<char[]> out_;
  std::size_t out_size_ = 0;
  std::size_t out_capacity_ = 0;
  std::FILE* file_ = nullptr;
  bool write_failed_ = false;
  ReplayStats stats_;
};

}  // namespace oex::replay
