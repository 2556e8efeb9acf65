// Start-up only: reads the risk limits file. Errors name the offending key (never a secret: the
// file holds limits, not credentials).
#include "oex/risk/risk_config.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

#if defined(__clang__)
// RapidJSON 1.1's member iterators predate C++20's rewritten comparisons; clang warns on `!=`.
#pragma clang diagnostic ignored "-Wambiguous-reversed-operator"
#endif

namespace oex::risk {

namespace {

using Value = rapidjson::Value;

// std::string concatenation of text and integers (start-up only).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  auto append = [&out](const auto& part) {
    if constexpr (std::is_integral_v<std::decay_t<decltype(part)>>) out += std::to_string(part);
    else out += std::string_view(part);
  };
  (append(parts), ...);
  return out;
}

absl::Status bad(std::string_view key, std::string_view what) {
  return absl::InvalidArgumentError(cat("risk config: ", key, ": ", what));
}

absl::Status read_decimal(const Value& v, std::string_view key, bool allow_zero, Decimal& out) {
  if (!v.IsString()) return bad(key, "expected a decimal string such as \"1.5\"");
  auto d = Decimal::parse(std::string_view(v.GetString(), v.GetStringLength()));
  if (!d) return bad(key, cat("not a decimal (", error_name(d.error()), ")"));
  if (d->is_negative()) return bad(key, "must not be negative");
  if (!allow_zero && d->is_zero()) return bad(key, "must be greater than zero");
  out = *d;
  return absl::OkStatus();
}

absl::Status read_count(const Value& v, std::string_view key, bool allow_zero, std::uint32_t& out) {
  if (!v.IsUint()) return bad(key, "expected a non-negative integer");
  if (!allow_zero && v.GetUint() == 0) return bad(key, "must be greater than zero");
  out = v.GetUint();
  return absl::OkStatus();
}

absl::Status read_instrument_limits(const Value& obj, const std::string& where, InstrumentLimits& limits,
                                    bool allow_venue_symbol) {
  if (!obj.IsObject()) return bad(where, "expected an object");
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    const std::string key = cat(where, ".", name);
    absl::Status s;
    if (name == "max_order_qty") s = read_decimal(it->value, key, false, limits.max_order_qty);
    else if (name == "max_order_notional") s = read_decimal(it->value, key, false, limits.max_order_notional);
    else if (name == "price_collar") s = read_decimal(it->value, key, true, limits.price_collar);
    else if (name == "max_position") s = read_decimal(it->value, key, true, limits.max_position);
    else if (name == "max_open_orders") s = read_count(it->value, key, false, limits.max_open_orders);
    else if (name == "reject_without_reference_price") {
      if (!it->value.IsBool()) s = bad(key, "expected true or false");
      else limits.reject_without_reference_price = it->value.GetBool();
    } else if (allow_venue_symbol && (name == "venue" || name == "symbol")) {
      continue;
    } else {
      s = bad(key, "unknown key");
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status read_venues(const Value& obj, RiskConfig& config) {
  if (!obj.IsObject()) return bad("venues", "expected an object keyed by venue name");
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    const auto venue = venue_from_string(name);
    const std::string where = cat("venues.", name);
    if (!venue) return bad(where, "unknown venue (digifinex, btse, cryptomus, gct, deflow)");
    if (!it->value.IsObject()) return bad(where, "expected an object");
    VenueLimits& limits = config.venues[static_cast<std::size_t>(*venue)];
    for (auto f = it->value.MemberBegin(); f != it->value.MemberEnd(); ++f) {
      const std::string field(f->name.GetString(), f->name.GetStringLength());
      const std::string key = cat(where, ".", field);
      absl::Status s;
      if (field == "max_open_orders") s = read_count(f->value, key, false, limits.max_open_orders);
      else if (field == "orders_per_second") s = read_count(f->value, key, false, limits.orders_per_second);
      else if (field == "burst") s = read_count(f->value, key, false, limits.burst);
      else s = bad(key, "unknown key");
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RiskConfig> parse_risk_config(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(cat("risk config: not valid JSON at offset ", doc.GetErrorOffset(),
                                                   ": ", rapidjson::GetParseError_En(doc.GetParseError())));
  }
  if (!doc.IsObject()) return bad("(top level)", "expected an object");
  RiskConfig config;
  // "defaults" first: instrument entries start from it whatever the key order in the file.
  if (doc.HasMember("defaults")) {
    auto s = read_instrument_limits(doc["defaults"], "defaults", config.defaults, false);
    if (!s.ok()) return s;
  }
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    if (name == "defaults") continue;
    if (name == "venues") {
      auto s = read_venues(it->value, config);
      if (!s.ok()) return s;
    } else if (name == "instruments") {
      if (!it->value.IsArray()) return bad("instruments", "expected an array");
      for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
        const Value& entry = it->value[i];
        const std::string where = cat("instruments[", i, "]");
        if (!entry.IsObject()) return bad(where, "expected an object");
        if (!entry.HasMember("venue") || !entry["venue"].IsString()) return bad(where + ".venue", "missing venue name");
        if (!entry.HasMember("symbol") || !entry["symbol"].IsString() || entry["symbol"].GetStringLength() == 0) {
          return bad(where + ".symbol", "missing symbol");
        }
        const auto venue = venue_from_string(entry["venue"].GetString());
        if (!venue) return bad(where + ".venue", "unknown venue (digifinex, btse, cryptomus, gct, deflow)");
        InstrumentEntry out{*venue, entry["symbol"].GetString(), config.defaults};
        auto s = read_instrument_limits(entry, where, out.limits, true);
        if (!s.ok()) return s;
        config.instruments.push_back(std::move(out));
      }
    } else if (name == "btse_dead_man") {
      const Value& v = it->value;
      if (!v.IsObject()) return bad("btse_dead_man", "expected an object");
      for (auto f = v.MemberBegin(); f != v.MemberEnd(); ++f) {
        const std::string field(f->name.GetString(), f->name.GetStringLength());
        const std::string key = cat("btse_dead_man.", field);
        absl::Status s;
        if (field == "timeout_ms") s = read_count(f->value, key, false, config.btse_dead_man.timeout_ms);
        else if (field == "renew_every_ms") s = read_count(f->value, key, false, config.btse_dead_man.renew_every_ms);
        else s = bad(key, "unknown key");
        if (!s.ok()) return s;
      }
      if (config.btse_dead_man.renew_every_ms >= config.btse_dead_man.timeout_ms) {
        return bad("btse_dead_man.renew_every_ms", "must be shorter than timeout_ms, or the venue cancels everything");
      }
    } else {
      return bad(name, "unknown key");
    }
  }
  return config;
}

absl::StatusOr<RiskConfig> load_risk_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(cat("risk config: cannot open ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_risk_config(text.str());
}

}  // namespace oex::risk
