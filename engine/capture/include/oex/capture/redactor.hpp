#pragma once
// Keeps secrets out of captures. Runs on the writer thread, never on the loop. Three rules:
// the exact secrets of this run (keys, secrets, tokens) wherever they appear; the value of any
// field whose name says it is secret (JSON, form, query string or header style); and anything
// shaped like a signature (64, 96 or 128 hex digits; 24 or 44 characters of padded base64).
#include <string>
#include <string_view>
#include <vector>

namespace oex::capture {

class Redactor {
 public:
  static constexpr std::string_view kMask = "***";

  // Start-up: a secret of this run. Empty strings are ignored.
  void add_secret(std::string_view secret);
  // Appends `text` to `out` with every secret replaced by kMask.
  void redact(std::string_view text, std::string& out) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace oex::capture
