// oex-tick-to-trade: the tick-to-trade report of issue 8. Per venue, replays --messages order
// notifications in-process through the engine's path and through the usual way, then writes the
// percentiles (JSON), the distribution chart (SVG) and prints the table.
//
//   oex-tick-to-trade [--messages N] [--warmup N] [--out-json FILE] [--out-svg FILE]
//                     [--venues btse,gct,...] [--fixtures DIR] [--cpu N]
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oex/core/clock.hpp"
#include "oex/core/cpu_affinity.hpp"
#include "oex/tick_to_trade/harness.hpp"
#include "oex/tick_to_trade/report.hpp"

namespace {

int usage(const char* why) {
  std::fprintf(stderr,
               "oex-tick-to-trade: %s\nusage: oex-tick-to-trade [--messages N] [--warmup N] [--out-json FILE] "
               "[--out-svg FILE] [--venues digifinex,btse,cryptomus,gct,deflow] [--fixtures DIR] [--cpu N]\n",
               why);
  return 2;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  oex::t2t::RunOptions options;
  options.fixtures_dir = OEX_SOURCE_DIR "/tests/codecs";
  std::string json_path = "tick_to_trade.json";
  std::string svg_path = "tick_to_trade.svg";
  std::vector<oex::Venue> venues(oex::kAllVenues.begin(), oex::kAllVenues.end());
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return usage("every flag takes a value");
    const std::string_view value = argv[++i];
    if (flag == "--messages" || flag == "--warmup") {
      const auto n = parse_count(value);
      if (!n || (flag == "--messages" && *n == 0)) return usage("a count must be a positive integer");
      (flag == "--messages" ? options.messages : options.warmup) = *n;
    } else if (flag == "--out-json") {
      json_path = value;
    } else if (flag == "--out-svg") {
      svg_path = value;
    } else if (flag == "--cpu") {
      const auto cpu = parse_count(value);
      if (!cpu) return usage("--cpu takes a CPU number");
      if (const absl::Status pinned = oex::pin_current_thread(static_cast<int>(*cpu)); !pinned.ok()) {
        std::fprintf(stderr, "oex-tick-to-trade: %s\n", std::string(pinned.message()).c_str());
        return 2;
      }
    } else if (flag == "--fixtures") {
      options.fixtures_dir = value;
    } else if (flag == "--venues") {
      venues.clear();
      std::string_view rest = value;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        const auto venue = oex::venue_from_string(name);
        if (!venue) return usage("unknown venue");
        venues.push_back(*venue);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    } else {
      return usage("unknown flag");
    }
  }

  const oex::Clock clock = oex::Clock::calibrate(50);
  std::vector<std::unique_ptr<oex::t2t::VenueRun>> runs;
  std::vector<const oex::t2t::VenueRun*> views;
  try {
    for (const oex::Venue venue : venues) {
      std::fprintf(stderr, "%s: %llu messages...\n", std::string(oex::to_string(venue)).c_str(),
                   static_cast<unsigned long long>(options.messages));
      runs.push_back(oex::t2t::run_venue(venue, options, clock));
      views.push_back(runs.back().get());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "oex-tick-to-trade: %s\n", e.what());
    return 2;
  }
  // Right after the venues, on the same CPU: how often the machine pauses a spinning thread.
  const oex::t2t::MachinePauses machine = oex::t2t::measure_machine_pauses(clock, 2'000'000'000);
  const oex::t2t::ReportInfo info{options.warmup, clock.uses_tsc(), &machine};
  if (!write_file(json_path, oex::t2t::report_json(views, info)) || !write_file(svg_path, oex::t2t::report_svg(views))) {
    std::fprintf(stderr, "oex-tick-to-trade: cannot write %s or %s\n", json_path.c_str(), svg_path.c_str());
    return 2;
  }
  std::fputs(oex::t2t::report_table(views, info).c_str(), stdout);
  std::printf("\nwrote %s and %s\n", json_path.c_str(), svg_path.c_str());
  bool structural_ok = true;
  for (const auto* run : views) {
    if (run->ours_counters.requests_framed != run->messages || run->baseline_counters.requests_framed != run->messages) {
      std::fprintf(stderr, "%s: not every message produced an order (ours %llu, usual way %llu of %llu)\n",
                   std::string(oex::to_string(run->venue)).c_str(),
                   static_cast<unsigned long long>(run->ours_counters.requests_framed),
                   static_cast<unsigned long long>(run->baseline_counters.requests_framed),
                   static_cast<unsigned long long>(run->messages));
      structural_ok = false;
    }
  }
  return structural_ok ? 0 : 1;
}
