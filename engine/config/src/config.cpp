#include "oex/engine/config.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

namespace oex::engine {
namespace {

using rapidjson::Value;

absl::Status error(const std::string& key, const std::string& what) {
  return absl::InvalidArgumentError(key + ": " + what);
}

absl::Status check_keys(const Value& object, const std::string& key, std::initializer_list<std::string_view> allowed) {
  for (const auto& member : object.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    bool known = false;
    for (const auto a : allowed) known = known || a == name;
    if (!known) return error(key.empty() ? std::string(name) : key + "." + std::string(name), "unknown key");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::uint32_t> read_count(const Value& v, const std::string& key, std::uint32_t max) {
  if (!v.IsUint()) return error(key, "must be a whole number");
  if (v.GetUint() == 0 || v.GetUint() > max) return error(key, "must be between 1 and " + std::to_string(max));
  return v.GetUint();
}

absl::StatusOr<Decimal> read_positive_decimal(const Value& v, const std::string& key) {
  if (!v.IsString()) return error(key, "must be a decimal in a JSON string, e.g. \"0.01\"");
  const auto d = Decimal::parse(std::string_view(v.GetString(), v.GetStringLength()));
  if (!d.ok()) return error(key, std::string("not an exact decimal (") + std::string(error_name(d.error())) + ")");
  if (d->is_negative() || d->is_zero()) return error(key, "must be greater than zero");
  return *d;
}

absl::StatusOr<std::string> read_string(const Value& v, const std::string& key) {
  if (!v.IsString() || v.GetStringLength() == 0) return error(key, "must be a non-empty string");
  return std::string(v.GetString(), v.GetStringLength());
}

absl::StatusOr<Secret> read_secret(const Value& v, const std::string& key, const Environment& env,
                                   std::string& variable) {
  auto name = read_string(v, key);
  if (!name.ok()) return name.status();
  variable = *name;
  const auto value = env(*name);
  // The message names the variable, never a value.
  if (!value || value->empty()) return error(key, "environment variable " + *name + " is not set");
  return Secret(*value);
}

absl::StatusOr<VenueConfig> read_venue(Venue venue, const Value& v, const std::string& key, const Environment& env) {
  if (!v.IsObject()) return error(key, "must be an object");
  if (auto s = check_keys(v, key, {"rest", "ws", "book_ws", "token", "ca_file", "credentials", "instruments"}); !s.ok()) return s;
  VenueConfig config;
  config.venue = venue;
  for (const auto& [field, target] : {std::pair{"rest", &config.rest}, std::pair{"ws", &config.ws},
                                      std::pair{"book_ws", &config.book_ws}, std::pair{"token", &config.token}}) {
    if (!v.HasMember(field)) continue;
    const std::string field_key = key + "." + field;
    auto url = read_string(v[field], field_key);
    if (!url.ok()) return url.status();
    auto endpoint = parse_endpoint(*url);
    if (!endpoint.ok()) return error(field_key, std::string(endpoint.status().message()));
    *target = *endpoint;
  }
  if (!config.rest && !config.ws) return error(key, "needs \"rest\" or \"ws\"");
  if (v.HasMember("ca_file")) {
    auto ca = read_string(v["ca_file"], key + ".ca_file");
    if (!ca.ok()) return ca.status();
    if (!std::ifstream(*ca)) return error(key + ".ca_file", "cannot read " + *ca);
    config.ca_file = *ca;
  }
  if (!v.HasMember("credentials") || !v["credentials"].IsObject()) {
    return error(key + ".credentials", "must be an object naming the environment variables {\"api_key\", \"secret\"}");
  }
  const Value& credentials = v["credentials"];
  const std::string ckey = key + ".credentials";
  if (auto s = check_keys(credentials, ckey, {"api_key", "secret", "user_id", "pay_password"}); !s.ok()) return s;
  if (!credentials.HasMember("api_key")) return error(ckey + ".api_key", "missing");
  if (!credentials.HasMember("secret")) return error(ckey + ".secret", "missing");
  auto api_key = read_secret(credentials["api_key"], ckey + ".api_key", env, config.api_key_variable);
  if (!api_key.ok()) return api_key.status();
  auto secret = read_secret(credentials["secret"], ckey + ".secret", env, config.secret_variable);
  if (!secret.ok()) return secret.status();
  config.api_key = std::move(*api_key);
  config.secret = std::move(*secret);
  for (const auto& [field, target, variable] :
       {std::tuple{"user_id", &config.user_id, &config.user_id_variable},
        std::tuple{"pay_password", &config.pay_password, &config.pay_password_variable}}) {
    if (!credentials.HasMember(field)) continue;
    auto value = read_secret(credentials[field], ckey + "." + field, env, *variable);
    if (!value.ok()) return value.status();
    *target = std::move(*value);
  }

  if (!v.HasMember("instruments") || !v["instruments"].IsArray() || v["instruments"].Empty()) {
    return error(key + ".instruments", "must be a non-empty array");
  }
  const auto& instruments = v["instruments"].GetArray();
  for (rapidjson::SizeType i = 0; i < instruments.Size(); ++i) {
    const std::string ikey = key + ".instruments[" + std::to_string(i) + "]";
    const Value& entry = instruments[i];
    if (!entry.IsObject()) return error(ikey, "must be an object");
    if (auto s = check_keys(entry, ikey, {"symbol", "tick", "lot"}); !s.ok()) return s;
    for (const char* required : {"symbol", "tick", "lot"}) {
      if (!entry.HasMember(required)) return error(ikey + "." + required, "missing");
    }
    Instrument instrument;
    auto symbol = read_string(entry["symbol"], ikey + ".symbol");
    if (!symbol.ok()) return symbol.status();
    auto tick = read_positive_decimal(entry["tick"], ikey + ".tick");
    if (!tick.ok()) return tick.status();
    auto lot = read_positive_decimal(entry["lot"], ikey + ".lot");
    if (!lot.ok()) return lot.status();
    for (const auto& earlier : config.instruments) {
      if (earlier.symbol == *symbol) return error(ikey + ".symbol", "duplicate instrument " + *symbol);
    }
    config.instruments.push_back({*symbol, *tick, *lot});
  }
  return config;
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

absl::StatusOr<Endpoint> parse_endpoint(std::string_view url) {
  Endpoint e;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return absl::InvalidArgumentError("not a URL (scheme://host:port/path)");
  e.scheme = std::string(url.substr(0, scheme_end));
  if (e.scheme != "https" && e.scheme != "wss" && e.scheme != "http" && e.scheme != "ws") {
    return absl::InvalidArgumentError("scheme must be https, wss, http or ws");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const auto path_begin = rest.find('/');
  const std::string_view authority = rest.substr(0, path_begin);
  e.path = path_begin == std::string_view::npos ? "" : std::string(rest.substr(path_begin));
  const auto colon = authority.rfind(':');
  e.host = std::string(authority.substr(0, colon));
  if (e.host.empty()) return absl::InvalidArgumentError("no host");
  if (colon == std::string_view::npos) {
    e.port = e.tls() ? 443 : 80;
  } else {
    const std::string_view digits = authority.substr(colon + 1);
    unsigned port = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9' || (port = port * 10 + static_cast<unsigned>(c - '0')) > 65535) {
        return absl::InvalidArgumentError("port must be a number from 1 to 65535");
      }
    }
    if (digits.empty() || port == 0) return absl::InvalidArgumentError("port must be a number from 1 to 65535");
    e.port = static_cast<std::uint16_t>(port);
  }
  return e;
}

absl::StatusOr<EngineConfig> parse_engine_config(std::string_view json, const Environment& env) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(std::string("configuration is not JSON: ") +
                                      rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                                      std::to_string(doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) return absl::InvalidArgumentError("configuration must be a JSON object");
  if (auto s = check_keys(doc, "", {"cpu", "capacities", "venues", "risk"}); !s.ok()) return s;
  EngineConfig config;
  if (doc.HasMember("cpu")) {
    if (!doc["cpu"].IsUint() || doc["cpu"].GetUint() > 4095) return error("cpu", "must be a CPU number from 0 to 4095");
    config.cpu = static_cast<int>(doc["cpu"].GetUint());
  }
  if (doc.HasMember("capacities")) {
    const Value& c = doc["capacities"];
    if (!c.IsObject()) return error("capacities", "must be an object");
    if (auto s = check_keys(c, "capacities", {"orders", "symbols", "fill_keys"}); !s.ok()) return s;
    for (const auto& [field, target, max] :
         {std::tuple{"orders", &config.capacities.orders, 1u << 24}, std::tuple{"symbols", &config.capacities.symbols, 65534u},
          std::tuple{"fill_keys", &config.capacities.fill_keys, 1u << 26}}) {
      if (!c.HasMember(field)) continue;
      auto n = read_count(c[field], std::string("capacities.") + field, max);
      if (!n.ok()) return n.status();
      *target = *n;
    }
  }
  if (!doc.HasMember("venues") || !doc["venues"].IsObject() || doc["venues"].ObjectEmpty()) {
    return error("venues", "must be an object with at least one venue");
  }
  // Through a const reference: RapidJSON's non-const member iterators compare ambiguously in C++20.
  const Value& venues = doc["venues"];
  for (const auto& member : venues.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    const auto venue = venue_from_string(name);
    if (!venue) return error("venues." + name, "unknown venue (digifinex, btse, cryptomus, gct, deflow)");
    auto venue_config = read_venue(*venue, member.value, "venues." + name, env);
    if (!venue_config.ok()) return venue_config.status();
    config.venues.push_back(std::move(*venue_config));
  }
  if (doc.HasMember("risk")) {
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> writer(text);
    doc["risk"].Accept(writer);
    auto risk = risk::parse_risk_config(std::string_view(text.GetString(), text.GetSize()));
    if (!risk.ok()) {
      // The risk loader speaks of its own file; here its keys sit under "risk".
      std::string message(risk.status().message());
      if (message.starts_with("risk config: ")) message.erase(0, 13);
      return absl::InvalidArgumentError("risk." + message);
    }
    config.risk = std::move(*risk);
  }
  return config;
}

absl::StatusOr<EngineConfig> load_engine_config(const std::string& path, const Environment& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("cannot read configuration file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_engine_config(text.str(), env);
}

}  // namespace oex::engine
