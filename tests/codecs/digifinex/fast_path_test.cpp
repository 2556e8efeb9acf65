// The order fast path and the Document path decode every message alike: events and errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "digifinex_test_support.hpp"

namespace oex::codecs::digifinex {
namespace {

// The fixture without white space between tokens, as the venue sends it.
std::string compact(const std::string& text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

void expect_same(WsDecoder& fast, WsDecoder& slow, const std::string& text) {
  const auto a = test::decode_all(fast, text);
  const auto b = test::decode_all(slow, text);
  EXPECT_EQ(test::golden_text(a), test::golden_text(b)) << text;
}

TEST(DigifinexFastPath, DecodesEveryOrderMessageAndEveryMutationOfItLikeTheDocumentPath) {
  WsDecoder fast;
  WsDecoder slow(WsDecoder::Limits{.order_fast_path = false});
  std::vector<std::string> messages = {
      compact(test::read_file(test::fixture_dir() / "order_update.json")),
      compact(test::read_file(test::fixture_dir() / "order_update_two_orders.json")),
      R"({"method":"order.update","params":[],"id":null})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":9,"id":"b","type":"limit"}],"id":1})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":"1","extra":{"n":[1,2,{"x":null}]}}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_\u0055SDT","status":1}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1}],"method":"x"})",
      R"({"method":"order.update","id":7,"params":[{"id":"a","symbol":"BTC_USDT","status":true}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1,"amount":1e400}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1,"timestamp":-9223372036854775808}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1,"timestamp":9223372036854775808}]})",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1}]} x)",
      R"({"method":"order.update","params":[{"id":"a","symbol":"BTC_USDT","status":1,}]})",
  };
  std::string many = R"({"method":"order.update","params":[)";
  for (int i = 0; i < 20; ++i) many += std::string(i ? "," : "") + R"({"id":")" + std::to_string(i) + R"(","symbol":"S","status":2})";
  messages.push_back(many + "]}");

  for (const std::string& m : messages) {
    expect_same(fast, slow, m);
    for (std::size_t len = 0; len < m.size(); ++len) expect_same(fast, slow, m.substr(0, len));
    for (std::size_t i = 0; i < m.size(); ++i) {
      std::string dropped = m;
      dropped.erase(i, 1);
      expect_same(fast, slow, dropped);
      for (const char c : {'"', '{', '}', '[', ']', ',', ':', '0', 'x', '\\', '\x01'}) {
        std::string changed = m;
        changed[i] = c;
        expect_same(fast, slow, changed);
      }
    }
  }
}

TEST(DigifinexFastPath, KeepsTheDocumentsValueAndDepthLimits) {
  const std::string text = compact(test::read_file(test::fixture_dir() / "order_update.json"));
  for (std::size_t values = 0; values < 40; ++values) {
    for (std::size_t depth = 0; depth < 5; ++depth) {
      WsDecoder fast(WsDecoder::Limits{.max_values = values, .max_depth = depth, .max_book_levels = 4});
      WsDecoder slow(
          WsDecoder::Limits{.max_values = values, .max_depth = depth, .max_book_levels = 4, .order_fast_path = false});
      expect_same(fast, slow, text);
    }
  }
}

}  // namespace
}  // namespace oex::codecs::digifinex
