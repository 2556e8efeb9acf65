#pragma once
// Order entry on each venue with curl, signed with openssl, as a user without oex would.
#include <string>

#include "sim_process.hpp"

namespace oex::sim::testing {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// curl with the simulator's CA (or plain); the HTTP status is the last line of the output.
inline HttpAnswer curl(const SimProcess& sim, const std::string& venue, const std::string& arguments) {
  const std::string ca = sim.field(venue, "ca");
  const std::string trust = ca.empty() || ca == "null" ? "" : " --cacert " + shell_quote(ca);
  const CommandResult r = run("curl -sS" + trust + " -w '\\n%{http_code}' " + arguments);
  HttpAnswer answer;
  const std::size_t newline = r.output.rfind('\n');
  if (newline == std::string::npos) return answer;
  answer.body = r.output.substr(0, newline);
  answer.status = std::atoi(r.output.c_str() + newline + 1);
  return answer;
}

inline std::string json_field(const std::string& body, const std::string& name) {
  return string_fields(body)[name];
}

// BTSE: request-sign = hex(HMAC-SHA384(secret, urlpath + nonce + body)).
inline HttpAnswer btse_call(const SimProcess& sim, const std::string& method, const std::string& urlpath,
                            const std::string& query, const std::string& body, const std::string& nonce = now_ms_text(),
                            const std::string& secret_override = "") {
  const std::string secret = secret_override.empty() ? sim.field("btse", "secret") : secret_override;
  const std::string sign = openssl_hmac_hex("sha384", secret, urlpath + nonce + body);
  std::string args = "-X " + method + " " + shell_quote(sim.field("btse", "rest") + urlpath + (query.empty() ? "" : "?" + query)) +
                     " -H 'request-api: " + sim.field("btse", "api_key") + "' -H 'request-nonce: " + nonce +
                     "' -H 'request-sign: " + sign + "' -H 'Content-Type: application/json'";
  if (!body.empty()) args += " --data-binary " + shell_quote(body);
  return curl(sim, "btse", args);
}

// DigiFinex REST: ACCESS-SIGN = hex(HMAC-SHA256(secret, form body)), ACCESS-TIMESTAMP seconds.
inline HttpAnswer digifinex_post(const SimProcess& sim, const std::string& path, const std::string& form,
                                 long long timestamp_s = -1) {
  if (timestamp_s < 0) timestamp_s = std::stoll(now_ms_text()) / 1000;
  const std::string sign = openssl_hmac_hex("sha256", sim.field("digifinex", "secret"), form);
  return curl(sim, "digifinex",
              "-X POST " + shell_quote(sim.field("digifinex", "rest") + path) + " -H 'ACCESS-KEY: " +
                  sim.field("digifinex", "api_key") + "' -H 'ACCESS-TIMESTAMP: " + std::to_string(timestamp_s) +
                  "' -H 'ACCESS-SIGN: " + sign + "' --data-binary " + shell_quote(form));
}

// Cryptomus REST: headers userId and sign = hex(MD5(base64(body) + api key)).
inline HttpAnswer cryptomus_call(const SimProcess& sim, const std::string& method, const std::string& path,
                                 const std::string& body) {
  const std::string sign = openssl_md5_hex(openssl_base64(body) + sim.field("cryptomus", "api_key"));
  std::string args = "-X " + method + " " + shell_quote(sim.field("cryptomus", "rest") + path) + " -H 'userId: " +
                     sim.field("cryptomus", "user_id") + "' -H 'sign: " + sign + "' -H 'Content-Type: application/json'";
  if (!body.empty()) args += " --data-binary " + shell_quote(body);
  return curl(sim, "cryptomus", args);
}

// GCT: JSON body with accessKey, timestamp and signature = base64(HMAC-SHA256(secret, sorted k=v&...)).
// `fields` are name/JSON-value pairs already in ASCII order of their names.
inline HttpAnswer gct_post(const SimProcess& sim, const std::string& method,
                           std::vector<std::pair<std::string, std::string>> fields, const std::string& timestamp = now_ms_text(),
                           bool break_signature = false) {
  fields.emplace_back("accessKey", "\"" + sim.field("gct", "api_key") + "\"");
  fields.emplace_back("timestamp", "\"" + timestamp + "\"");
  std::sort(fields.begin(), fields.end());
  std::string text;
  std::string body = "{";
  for (const auto& [name, value] : fields) {
    if (!text.empty()) text += '&';
    const bool quoted = value.size() >= 2 && value.front() == '"';
    text += name + "=" + (quoted ? value.substr(1, value.size() - 2) : value);
    body += "\"" + name + "\":" + value + ",";
  }
  std::string signature = openssl_hmac_base64("sha256", sim.field("gct", "secret"), text);
  if (break_signature) signature[0] = signature[0] == 'A' ? 'B' : 'A';
  body += "\"signature\":\"" + signature + "\"}";
  return curl(sim, "gct", "-X POST " + shell_quote(sim.field("gct", "rest") + method) +
                              " -H 'Content-Type: application/json;charset=UTF-8' --data-binary " + shell_quote(body));
}

// Deflow: form parameters with api_key, time and sign = MD5(sorted k1v1k2v2... + secret).
inline HttpAnswer deflow_call(const SimProcess& sim, const std::string& method, const std::string& path,
                              std::vector<std::pair<std::string, std::string>> params) {
  params.emplace_back("api_key", sim.field("deflow", "api_key"));
  params.emplace_back("time", now_ms_text());
  std::sort(params.begin(), params.end());
  std::string text;
  std::string form;
  for (const auto& [name, value] : params) {
    text += name + value;
    form += name + "=" + value + "&";
  }
  form += "sign=" + openssl_md5_hex(text + sim.field("deflow", "secret"));
  const std::string url = sim.field("deflow", "rest") + path;
  if (method == "GET") return curl(sim, "deflow", shell_quote(url + "?" + form));
  return curl(sim, "deflow", "-X " + method + " " + shell_quote(url) +
                                 " -H 'Content-Type: application/x-www-form-urlencoded' --data-binary " + shell_quote(form));
}

// The first element's field of a JSON array answer (BTSE answers orders as arrays).
inline std::string first_element_field(const std::string& body, const std::string& name) {
  json::Document doc(2048, 16);
  if (doc.parse(body) != codecs::CodecError::ok || !doc.root().is_array() || doc.root().size() == 0) return {};
  return std::string(doc.root().at(0)[name].raw());
}

inline std::string nested_field(const std::string& body, const std::string& outer, const std::string& inner) {
  json::Document doc(2048, 16);
  if (doc.parse(body) != codecs::CodecError::ok) return {};
  return std::string(doc.root()[outer][inner].raw());
}

}  // namespace oex::sim::testing
