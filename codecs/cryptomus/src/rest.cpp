#include "oex/codecs/cryptomus/rest.hpp"

#include "oex/codecs/buffer_writer.hpp"

namespace oex::codecs::cryptomus {

Digest<Md5> sign_body(std::string_view body, std::string_view api_key) noexcept {
  Md5::State state;
  Md5::init(&state);
  // 48 bytes of body are exactly 64 base64 characters: only the last piece can carry padding.
  constexpr std::size_t kPiece = 48;
  char encoded[64];
  for (std::size_t at = 0; at < body.size(); at += kPiece) {
    const std::string_view piece = body.substr(at, kPiece);
    BufferWriter w(encoded, sizeof encoded);
    w.put_base64({reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size()});
    Md5::update(&state, reinterpret_cast<const std::uint8_t*>(encoded), w.size());
  }
  Md5::update(&state, reinterpret_cast<const std::uint8_t*>(api_key.data()), api_key.size());
  Digest<Md5> out{};
  Md5::final(&state, out.data());
  Md5::free(&state);
  return out;
}

CodecError encode_token_request(std::span<char> buffer, const TokenRequestConfig& config, std::string_view user_id,
                                std::string_view api_key, RestRequest& out) noexcept {
  if (config.path.empty() || config.path.front() != '/' || config.method.empty()) return CodecError::invalid_argument;
  out = RestRequest{};
  // The body is empty, so base64(body) is empty and the signature is MD5 over the key alone.
  const auto sign = sign_body({}, api_key);
  BufferWriter w(buffer);
  const std::size_t target_at = w.size();
  w.put(config.path);
  const std::size_t user_at = w.size();
  w.put(user_id);
  const std::size_t sign_at = w.size();
  w.put_hex(sign);
  const auto size = w.finish();
  if (!size.ok()) return size.error();
  const std::string_view text = w.view();
  out.method = config.method;
  out.target = text.substr(target_at, user_at - target_at);
  (void)out.add_header("userId", text.substr(user_at, sign_at - user_at));
  (void)out.add_header("sign", text.substr(sign_at));
  return CodecError::ok;
}

namespace detail {

CodecError parse_token(json::Value root, TokenResponse& out) noexcept {
  if (const CodecError e = read_text(root["token"], out.token); e != CodecError::ok) return e;
  if (!root["token"].is_string()) return CodecError::wrong_type;
  return out.token.empty() ? CodecError::invalid_value : CodecError::ok;
}

namespace {
CodecError read_opt_int(json::Value v, std::optional<std::int64_t>& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto n = v.as_int64();
  if (!n.ok()) return n.error();
  out = *n;
  return CodecError::ok;
}
CodecError read_opt_raw(json::Value v, OptText& out) noexcept {
  if (v.is_missing()) return CodecError::ok;
  const auto text = v.as_string();
  if (!text.ok()) return text.error();
  out = *text;
  return CodecError::ok;
}
}  // namespace

CodecError parse_market(json::Value market, MarketInfo& out) noexcept {
  if (const CodecError e = require_object(market); e != CodecError::ok) return e;
  CodecError e = CodecError::ok;
  if ((e = read_text(market["id"], out.id)) != CodecError::ok) return e;
  if ((e = read_text(market["symbol"], out.symbol)) != CodecError::ok) return e;
  if ((e = read_text(market["baseCurrency"], out.base_currency)) != CodecError::ok) return e;
  if ((e = read_text(market["quoteCurrency"], out.quote_currency)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(market["baseMinSize"], out.base_min_size)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(market["quoteMinSize"], out.quote_min_size)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(market["baseMaxSize"], out.base_max_size)) != CodecError::ok) return e;
  if ((e = read_opt_decimal(market["quoteMaxSize"], out.quote_max_size)) != CodecError::ok) return e;
  if ((e = read_opt_int(market["basePrec"], out.base_precision)) != CodecError::ok) return e;
  if ((e = read_opt_int(market["quotePrec"], out.quote_precision)) != CodecError::ok) return e;
  if ((e = read_opt_raw(market["baseCurrencyFullName"], out.base_currency_name)) != CodecError::ok) return e;
  return read_opt_raw(market["quoteCurrencyFullName"], out.quote_currency_name);
}

CodecError parse_depth_scale(json::Value scale, DepthScale& out) noexcept {
  if (const CodecError e = require_object(scale); e != CodecError::ok) return e;
  if (const CodecError e = read_decimal(scale["scale"], out.scale); e != CodecError::ok) return e;
  const auto index = scale["index"].as_int64();
  if (!index.ok()) return index.error();
  if (*index < 0) return CodecError::invalid_value;
  out.index = *index;
  return CodecError::ok;
}

void parse_http_error(const json::Document& doc, bool parsed, int http_status, VenueError& out) noexcept {
  out.venue = Venue::cryptomus;
  out.http_status = http_status;
  if (!parsed || !doc.root().is_object()) return;
  const auto code = doc.root()["code"].as_text();
  const auto message = doc.root()["message"].as_text();
  if (code.ok()) out.code = *code;
  if (message.ok()) out.message = *message;
}

}  // namespace detail
}  // namespace oex::codecs::cryptomus
