// Reads Google Benchmark JSON and a targets file; prints each ratio and fails when a target
// is missed. A target whose benchmarks were filtered out of the run is reported, not failed.
// A benchmark is compared by its real time, or by one of its counters when named as
// `BENCHMARK@counter` (e.g. a per-message p99 a benchmark reports). A target of `-` prints the
// ratio as context for reading the others and is never failed.
#include <rapidjson/document.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: oex-bench-check BENCH.json TARGETS.txt\n";
    return 2;
  }
  std::ifstream json_file(argv[1]);
  std::stringstream json_text;
  json_text << json_file.rdbuf();
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNanAndInfFlag>(json_text.str().c_str());  // cv of a zero counter is nan
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("benchmarks")) {
    std::cerr << "oex-bench-check: " << argv[1] << " is not Google Benchmark JSON\n";
    return 2;
  }
  // By name, then "NAME@counter" for each numeric counter; the median of the repetitions when
  // there were several (interleaved repetitions and their median ride out the shared machine's
  // slow moments, which a single run takes whole).
  std::map<std::string, double> real_ns;
  for (const auto& b : doc["benchmarks"].GetArray()) {
    const std::string name = b["name"].GetString();
    const std::string run_type = b.HasMember("run_type") ? b["run_type"].GetString() : "iteration";
    const std::string aggregate = b.HasMember("aggregate_name") ? b["aggregate_name"].GetString() : "";
    const bool repeated = b.HasMember("repetitions") && b["repetitions"].GetInt() > 1;
    if (run_type == "aggregate" ? aggregate != "median" : repeated) continue;
    const std::string key = run_type == "aggregate" ? b["run_name"].GetString() : name;
    real_ns[key] = b["real_time"].GetDouble();
    for (const auto& field : b.GetObject()) {
      if (field.value.IsNumber()) real_ns[key + "@" + field.name.GetString()] = field.value.GetDouble();
    }
  }

  std::ifstream targets(argv[2]);
  if (!targets) {
    std::cerr << "oex-bench-check: cannot read " << argv[2] << "\n";
    return 2;
  }
  int missed = 0, met = 0, not_run = 0;
  std::string line;
  std::printf("%-60s %12s %10s  %s\n", "benchmark / baseline", "ratio", "target", "result");
  while (std::getline(targets, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, target, baseline;
    if (!(fields >> name >> target >> baseline)) {
      std::cerr << "oex-bench-check: bad target line: " << line << "\n";
      return 2;
    }
    const auto a = real_ns.find(name), b = real_ns.find(baseline);
    if (a == real_ns.end() || b == real_ns.end()) {
      ++not_run;
      continue;
    }
    const double ratio = a->second / b->second;
    if (target == "-") {  // context for reading the targets, not a target
      std::printf("%-60s %12.3f %10s  %s\n  / %s\n", name.c_str(), ratio, "-", "context", baseline.c_str());
      continue;
    }
    char* end = nullptr;
    const double max_ratio = std::strtod(target.c_str(), &end);
    if (end == target.c_str() || *end != '\0') {
      std::cerr << "oex-bench-check: bad target line: " << line << "\n";
      return 2;
    }
    const bool ok = ratio <= max_ratio;
    (ok ? met : missed) += 1;
    std::printf("%-60s %12.3f %10.3f  %s\n  / %s\n", name.c_str(), ratio, max_ratio, ok ? "met" : "MISSED",
                baseline.c_str());
  }
  std::printf("bench targets: %d met, %d missed, %d not run\n", met, missed, not_run);
  return missed == 0 ? 0 : 1;
}
