// The order fast path and the Document path decode every message alike: events and errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cryptomus_test_support.hpp"

namespace oex::codecs::cryptomus {
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
  EXPECT_EQ(test::golden_text(test::decode_ws(fast, text)), test::golden_text(test::decode_ws(slow, text))) << text;
}

TEST(CryptomusFastPath, DecodesEveryOrderMessageAndEveryMutationOfItLikeTheDocumentPath) {
  WsDecoder fast;
  WsDecoder slow(WsDecoder::Limits{.order_fast_path = false});
  std::vector<std::string> messages;
  for (const char* name : {"order_update_created", "order_update_updated", "order_update_finished"}) {
    messages.push_back(compact(test::read_file(test::fixture_dir() / "ws" / (std::string(name) + ".json"))));
  }
  messages.insert(
      messages.end(),
      {
          R"({"id":1,"method":"order_update","data":{"info":{"id":"a","symbol":"S","id":"b"},"type":"created","type":"x"},"error":null})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"S"},"info":{}},"error":null})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"S"}},"error":{"code":2}})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"S","x":[{"y":[1,true]}]}}})",
          R"({"id":1,"data":{"type":"created","info":{"id":"a","symbol":"S"}},"method":"order_update"})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"S\u0031"}}})",
          R"({"id":1,"method":"order_update","data":{"type":"updated","info":{"id":"a","symbol":"S","filledQuantity":0}}})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":{"id":"a","symbol":"S","createTs":9223372036854776}}})",
          R"({"id":1,"method":"order_update","data":{"type":"created","info":[]}})",
          R"({"id":1,"method":"deal_update","data":{"info":{"dealId":"d","symbol":"S","filledPrice":"1","filledQuantity":"2"}}})",
      });
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

TEST(CryptomusFastPath, KeepsTheDocumentsValueAndDepthLimits) {
  const std::string text = compact(test::read_file(test::fixture_dir() / "ws/order_update_finished.json"));
  for (std::size_t values = 0; values < 44; ++values) {
    for (std::size_t depth = 0; depth < 5; ++depth) {
      WsDecoder fast(WsDecoder::Limits{.max_values = values, .max_depth = depth, .max_book_levels = 4});
      WsDecoder slow(
          WsDecoder::Limits{.max_values = values, .max_depth = depth, .max_book_levels = 4, .order_fast_path = false});
      expect_same(fast, slow, text);
    }
  }
}

}  // namespace
}  // namespace oex::codecs::cryptomus
