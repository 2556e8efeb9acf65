#include "oex/tick_to_trade/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

namespace oex::t2t {
namespace {

constexpr double kRatioTarget = 5.0;
constexpr double kTailTarget = 3.0;

template <class... Args>
std::string format(const char* f, Args... args) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, f, args...);
  return std::string(buffer, n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer - 1));
}

std::string ns_text(std::uint64_t ns) {
  if (ns < 1000) return format("%llu ns", static_cast<unsigned long long>(ns));
  if (ns < 1'000'000) return format("%.2f µs", static_cast<double>(ns) / 1e3);
  return format("%.2f ms", static_cast<double>(ns) / 1e6);
}

// An axis label for `mantissa` x 10^decade ns: 1 ns, 2 ns, 5 ns, 10 ns, ... 1 µs, ... 1 s.
std::string axis_text(int mantissa, int decade) {
  static constexpr const char* kUnits[] = {"ns", "µs", "ms", "s"};
  const int unit = std::min(decade / 3, 3);
  long long value = mantissa;
  for (int i = 0; i < decade - unit * 3; ++i) value *= 10;
  return format("%lld %s", value, kUnits[unit]);
}

std::string percentiles_json(const LatencyHistogram& h) {
  const Percentiles p = percentiles(h);
  return format(R"({"count":%llu,"p50":%llu,"p90":%llu,"p99":%llu,"p99.9":%llu,"max":%llu})",
                static_cast<unsigned long long>(p.count), static_cast<unsigned long long>(p.p50),
                static_cast<unsigned long long>(p.p90), static_cast<unsigned long long>(p.p99),
                static_cast<unsigned long long>(p.p999), static_cast<unsigned long long>(p.max));
}

std::string counters_json(const PipelineCounters& c) {
  return format(
      R"({"messages":%llu,"fills_booked":%llu,"requests_framed":%llu,"decode_errors":%llu,"apply_errors":%llu,"rejected":%llu})",
      static_cast<unsigned long long>(c.messages), static_cast<unsigned long long>(c.fills_booked),
      static_cast<unsigned long long>(c.requests_framed), static_cast<unsigned long long>(c.decode_errors),
      static_cast<unsigned long long>(c.apply_errors), static_cast<unsigned long long>(c.rejected));
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += format("\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string side_json(const StageHistograms& h, const PipelineCounters& c, bool with_inflate) {
  std::string out = "{\"counters\":" + counters_json(c) + ",\"stages\":{";
  bool first = true;
  for (std::size_t i = 0; i < kStageCount; ++i) {
    const auto stage = static_cast<Stage>(i);
    if (stage == Stage::inflate && !with_inflate) continue;
    if (!first) out += ',';
    first = false;
    out += json_string(stage_name(stage)) + ":" + percentiles_json(h[stage]);
  }
  return out + "}}";
}

// --- the chart ---
constexpr int kWidth = 980;
constexpr int kPanelHeight = 280;
constexpr int kPlotLeft = 70;
constexpr int kPlotRight = 950;
constexpr int kBinsPerDecade = 30;  // the histogram holds about 53 buckets per decade
constexpr const char* kOursColour = "#1f77b4";
constexpr const char* kBaselineColour = "#d62728";

struct Axis {
  double log_lo = 2;  // log10 of the left edge, in ns
  double log_hi = 5;
  [[nodiscard]] double x(double ns) const {
    const double l = std::log10(std::max(ns, 1.0));
    return kPlotLeft + (l - log_lo) / (log_hi - log_lo) * (kPlotRight - kPlotLeft);
  }
  [[nodiscard]] int bins() const { return static_cast<int>(std::lround((log_hi - log_lo) * kBinsPerDecade)); }
};

// Fraction of the messages per logarithmic bin; what lies beyond the axis is counted apart.
std::vector<double> density(const LatencyHistogram& h, const Axis& axis, std::uint64_t& beyond) {
  std::vector<double> bins(static_cast<std::size_t>(axis.bins()), 0.0);
  beyond = 0;
  if (h.count() == 0) return bins;
  for (std::size_t i = 0; i < LatencyHistogram::kBuckets; ++i) {
    const std::uint64_t n = h.bucket_count(i);
    if (n == 0) continue;
    const double mid = (static_cast<double>(LatencyHistogram::lower_bound_of(i)) +
                        static_cast<double>(std::min(LatencyHistogram::upper_bound_of(i), h.max()))) /
                       2.0;
    const double at = (std::log10(std::max(mid, 1.0)) - axis.log_lo) * kBinsPerDecade;
    if (at >= static_cast<double>(bins.size())) {
      beyond += n;
      continue;
    }
    bins[static_cast<std::size_t>(std::max(at, 0.0))] += static_cast<double>(n) / static_cast<double>(h.count());
  }
  return bins;
}

void marker(std::string& svg, const Axis& axis, std::uint64_t ns, int top, int bottom, const char* colour,
            bool dashed) {
  const double x = axis.x(static_cast<double>(ns));
  svg += format(R"(<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.5"%s/>)", x, top, x, bottom,
                colour, dashed ? R"( stroke-dasharray="5,3")" : "");
  svg += '\n';
}

void panel(std::string& svg, const VenueRun& run, int top) {
  const LatencyHistogram& ours = run.ours[Stage::tick_to_trade];
  const LatencyHistogram& base = run.baseline[Stage::tick_to_trade];
  const Percentiles po = percentiles(ours);
  const Percentiles pb = percentiles(base);
  const TargetCheck t = check_targets(run);
  Axis axis;
  const double lo = static_cast<double>(std::max<std::uint64_t>(1, std::min(ours.min(), base.min())));
  // Up to twice the slower p99: the rare slow messages (a preempted thread takes milliseconds)
  // would squeeze the distributions into a corner; they are counted beside the legend instead.
  const double hi = static_cast<double>(std::max<std::uint64_t>(10, std::max(po.p99, pb.p99))) * 2.0;
  axis.log_lo = std::floor(std::log10(lo));
  axis.log_hi = std::max(axis.log_lo + 1, std::ceil(std::log10(hi)));

  const int plot_top = top + 66;
  const int plot_bottom = top + kPanelHeight - 45;
  std::uint64_t ours_beyond = 0;
  std::uint64_t base_beyond = 0;
  const std::vector<double> d_ours = density(ours, axis, ours_beyond);
  const std::vector<double> d_base = density(base, axis, base_beyond);
  double peak = 1e-9;
  for (const double v : d_ours) peak = std::max(peak, v);
  for (const double v : d_base) peak = std::max(peak, v);

  svg += format(R"(<text x="%d" y="%d" font-size="16" font-weight="bold">%s, tick-to-trade, %llu messages</text>)",
                kPlotLeft, top + 18, std::string(to_string(run.venue)).c_str(),
                static_cast<unsigned long long>(run.messages));
  svg += '\n';
  svg += format(
      R"(<text x="%d" y="%d" font-size="12">ours: p50 %s, p99 %s, p99.9 %s. usual way: p50 %s, p99 %s, p99.9 %s</text>)",
      kPlotLeft, top + 36, ns_text(po.p50).c_str(), ns_text(po.p99).c_str(), ns_text(po.p999).c_str(),
      ns_text(pb.p50).c_str(), ns_text(pb.p99).c_str(), ns_text(pb.p999).c_str());
  svg += '\n';
  svg += format(
      R"(<text x="%d" y="%d" font-size="12">ours lower by %.1fx at p50, %.1fx at p99 (target 5x: %s, %s); ours p99.9 / p50 = %.1f (target at most 3: %s)</text>)",
      kPlotLeft, top + 52, t.ratio_p50, t.ratio_p99, t.p50_met ? "met" : "missed", t.p99_met ? "met" : "missed",
      t.ours_p999_over_p50, t.p999_met ? "met" : "missed");
  svg += '\n';

  // Axes: a tick per decade, a light grid line per bin group.
  svg += format(R"(<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>)", kPlotLeft, plot_bottom, kPlotRight,
                plot_bottom);
  svg += '\n';
  for (int decade = static_cast<int>(axis.log_lo); decade <= static_cast<int>(axis.log_hi); ++decade) {
    for (const int mantissa : {1, 2, 5}) {
      const double value = mantissa * std::pow(10.0, decade);
      if (std::log10(value) > axis.log_hi + 1e-9) break;
      const double x = axis.x(value);
      svg += format(R"(<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>)", x, plot_top, x, plot_bottom,
                    mantissa == 1 ? "#bbb" : "#e6e6e6");
      svg += format(R"(<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>)", x, plot_bottom + 15,
                    axis_text(mantissa, decade).c_str());
      svg += '\n';
    }
  }
  svg += format(R"(<text x="%d" y="%d" font-size="11" text-anchor="middle">latency, message bytes in to request bytes ready (log scale)</text>)",
                (kPlotLeft + kPlotRight) / 2, plot_bottom + 32);
  svg += format(R"svg(<text x="%d" y="%d" font-size="11" text-anchor="middle" transform="rotate(-90 %d %d)">share of messages</text>)svg",
                kPlotLeft - 40, (plot_top + plot_bottom) / 2, kPlotLeft - 40, (plot_top + plot_bottom) / 2);
  svg += '\n';

  const double bin_width = static_cast<double>(kPlotRight - kPlotLeft) / axis.bins();
  auto bars = [&](const std::vector<double>& d, const char* colour) {
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (d[i] <= 0) continue;
      const double h = d[i] / peak * (plot_bottom - plot_top);
      svg += format(R"(<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.55"/>)",
                    kPlotLeft + bin_width * static_cast<double>(i), plot_bottom - h, bin_width, h, colour);
      svg += '\n';
    }
  };
  bars(d_base, kBaselineColour);
  bars(d_ours, kOursColour);
  marker(svg, axis, po.p50, plot_top, plot_bottom, kOursColour, false);
  marker(svg, axis, po.p99, plot_top, plot_bottom, kOursColour, true);
  marker(svg, axis, pb.p50, plot_top, plot_bottom, kBaselineColour, false);
  marker(svg, axis, pb.p99, plot_top, plot_bottom, kBaselineColour, true);

  // Legend.
  const int lx = kPlotRight - 300;
  svg += format(R"(<rect x="%d" y="%d" width="12" height="12" fill="%s" fill-opacity="0.55"/>)", lx, plot_top, kOursColour);
  svg += format(R"(<text x="%d" y="%d" font-size="12">ours (oex)</text>)", lx + 18, plot_top + 11);
  svg += format(R"(<rect x="%d" y="%d" width="12" height="12" fill="%s" fill-opacity="0.55"/>)", lx, plot_top + 18,
                kBaselineColour);
  svg += format(R"(<text x="%d" y="%d" font-size="12">usual way (RapidJSON DOM, std::string)</text>)", lx + 18,
                plot_top + 29);
  svg += format(R"(<text x="%d" y="%d" font-size="11">solid line p50, dashed p99</text>)", lx, plot_top + 47);
  if (ours_beyond + base_beyond > 0) {
    svg += format(R"(<text x="%d" y="%d" font-size="11">beyond the axis: ours %llu, usual way %llu</text>)", lx,
                  plot_top + 63, static_cast<unsigned long long>(ours_beyond),
                  static_cast<unsigned long long>(base_beyond));
  }
  svg += '\n';
}

}  // namespace

Percentiles percentiles(const LatencyHistogram& h) noexcept {
  return {h.count(), h.percentile_permille(500), h.percentile_permille(900), h.percentile_permille(990),
          h.percentile_permille(999), h.max()};
}

TargetCheck check_targets(const VenueRun& run) noexcept {
  const Percentiles o = percentiles(run.ours[Stage::tick_to_trade]);
  const Percentiles b = percentiles(run.baseline[Stage::tick_to_trade]);
  TargetCheck t;
  if (o.p50 > 0) t.ratio_p50 = static_cast<double>(b.p50) / static_cast<double>(o.p50);
  if (o.p99 > 0) t.ratio_p99 = static_cast<double>(b.p99) / static_cast<double>(o.p99);
  if (o.p50 > 0) t.ours_p999_over_p50 = static_cast<double>(o.p999) / static_cast<double>(o.p50);
  t.p50_met = t.ratio_p50 >= kRatioTarget;
  t.p99_met = t.ratio_p99 >= kRatioTarget;
  t.p999_met = o.p50 > 0 && t.ours_p999_over_p50 <= kTailTarget;
  return t;
}

std::string report_json(std::span<const VenueRun* const> runs, const ReportInfo& info) {
  std::string out = "{\"tool\":\"oex-tick-to-trade\",\"unit\":\"ns\",";
  out += format(R"("clock":"%s","warmup_messages":%llu,)", info.tsc_clock ? "tsc" : "clock_monotonic",
                static_cast<unsigned long long>(info.warmup));
  out += format(R"("targets":{"ratio_p50_min":%.1f,"ratio_p99_min":%.1f,"ours_p999_over_p50_max":%.1f},)",
                kRatioTarget, kRatioTarget, kTailTarget);
  if (info.machine != nullptr) {
    const MachinePauses& m = *info.machine;
    out += format(R"("machine_pauses":{"threshold_ns":%llu,"spun_ns":%llu,"per_second":%.1f,"share_of_time":%.4f,"pause":)",
                  static_cast<unsigned long long>(kPauseThresholdNs), static_cast<unsigned long long>(m.spun_ns),
                  m.per_second(), m.spun_ns == 0 ? 0.0 : static_cast<double>(m.paused_ns) / static_cast<double>(m.spun_ns));
    out += percentiles_json(m.pauses) + "},";
  }
  out += "\"venues\":{";
  bool first = true;
  for (const VenueRun* run : runs) {
    if (!first) out += ',';
    first = false;
    const bool inflate = run->venue == Venue::digifinex;
    const TargetCheck t = check_targets(*run);
    out += json_string(to_string(run->venue)) + ":{";
    out += format(R"("messages":%llu,)", static_cast<unsigned long long>(run->messages));
    out += "\"fixture\":" + json_string(run->fixture) + ",\"encoder\":" + json_string(run->encoder) + ",";
    out += "\"ours\":" + side_json(run->ours, run->ours_counters, inflate) + ",";
    out += "\"baseline\":" + side_json(run->baseline, run->baseline_counters, inflate) + ",";
    out += format(
        R"("tick_to_trade":{"ratio_p50":%.2f,"ratio_p99":%.2f,"ours_p999_over_p50":%.2f,"p50_target_met":%s,"p99_target_met":%s,"p999_target_met":%s)",
        t.ratio_p50, t.ratio_p99, t.ours_p999_over_p50, t.p50_met ? "true" : "false", t.p99_met ? "true" : "false",
        t.p999_met ? "true" : "false");
    if (info.machine != nullptr) {
      const std::uint64_t p50 = percentiles(run->ours[Stage::tick_to_trade]).p50;
      out += format(R"(,"ours_p50_share_meeting_a_pause":%.5f)", info.machine->share_of_messages_hit(p50));
    }
    out += "}}";
  }
  return out + "}}\n";
}

std::string report_svg(std::span<const VenueRun* const> runs) {
  const int height = 50 + kPanelHeight * static_cast<int>(runs.size());
  std::string svg = format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif">)",
      kWidth, height, kWidth, height);
  svg += '\n';
  svg += format(R"(<rect width="%d" height="%d" fill="white"/>)", kWidth, height);
  svg += format(
      R"(<text x="%d" y="28" font-size="18" font-weight="bold">oex tick-to-trade: venue notification to signed order request, ours beside the usual way</text>)",
      kPlotLeft);
  svg += '\n';
  int top = 45;
  for (const VenueRun* run : runs) {
    panel(svg, *run, top);
    top += kPanelHeight;
  }
  return svg + "</svg>\n";
}

std::string report_table(std::span<const VenueRun* const> runs, const ReportInfo& info) {
  std::string out =
      "| venue | ours p50 | ours p99 | ours p99.9 | usual p50 | usual p99 | usual p99.9 | p50 ratio | p99 ratio | ours "
      "p99.9/p50 |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (const VenueRun* run : runs) {
    const Percentiles o = percentiles(run->ours[Stage::tick_to_trade]);
    const Percentiles b = percentiles(run->baseline[Stage::tick_to_trade]);
    const TargetCheck t = check_targets(*run);
    out += format("| %s | %s | %s | %s | %s | %s | %s | %.1fx%s | %.1fx%s | %.2f%s |\n",
                  std::string(to_string(run->venue)).c_str(), ns_text(o.p50).c_str(), ns_text(o.p99).c_str(),
                  ns_text(o.p999).c_str(), ns_text(b.p50).c_str(), ns_text(b.p99).c_str(), ns_text(b.p999).c_str(),
                  t.ratio_p50, t.p50_met ? "" : " (missed)", t.ratio_p99, t.p99_met ? "" : " (missed)",
                  t.ours_p999_over_p50, t.p999_met ? "" : " (missed)");
  }
  if (info.machine == nullptr) return out;
  const MachinePauses& m = *info.machine;
  out += format("\nmachine: %.0f pauses a second of a spinning thread (median %s, p99 %s), %.1f%% of its time;\n",
                m.per_second(), ns_text(percentiles(m.pauses).p50).c_str(), ns_text(percentiles(m.pauses).p99).c_str(),
                m.spun_ns == 0 ? 0.0 : 100.0 * static_cast<double>(m.paused_ns) / static_cast<double>(m.spun_ns));
  out += "share of our messages (at p50 length) that meet one, where the p99.9 target needs under 0.1%:";
  for (const VenueRun* run : runs) {
    const std::uint64_t p50 = percentiles(run->ours[Stage::tick_to_trade]).p50;
    out += format(" %s %.2f%%", std::string(to_string(run->venue)).c_str(), 100.0 * m.share_of_messages_hit(p50));
  }
  return out + "\n";
}

}  // namespace oex::t2t
