// Golden tests: every fixture decodes to the events in its .golden file (write_event_json
// lines), with the documented return code; plus the envelope's error codes and bad input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gct_fixtures.hpp"

namespace oex::codecs::gct {
namespace {

using testing::kFixtures;
using testing::read_fixture;
using testing::RenderSink;

struct Outcome {
  CodecError error;
  std::string events;
};

Outcome decode_fixture(const testing::Fixture& f, std::string_view text) {
  static RestDecoder rest;
  static PushDecoder push;
  Outcome out{CodecError::ok, {}};
  RenderSink sink(out.events);
  out.error = f.push ? push.decode(text, sink) : rest.decode(f.endpoint, 200, text, sink, testing::ref_for(f));
  return out;
}

CodecError expected_error(std::string_view file) {
  if (file.starts_with("bad_")) return CodecError::malformed_json;
  if (file.find("rejected") != std::string_view::npos || file.find("error") != std::string_view::npos) {
    return CodecError::venue_error;
  }
  return CodecError::ok;
}

TEST(GctDecoder, EveryFixtureMatchesItsGolden) {
  for (const testing::Fixture& f : kFixtures) {
    SCOPED_TRACE(std::string(f.file));
    const std::string text = read_fixture(f.file);
    ASSERT_FALSE(text.empty());
    const Outcome out = decode_fixture(f, text);
    EXPECT_EQ(error_name(out.error), error_name(expected_error(f.file)));
    const std::string golden_name = std::string(f.file.substr(0, f.file.size() - 5)) + ".golden";
    EXPECT_EQ(out.events, read_fixture(golden_name));
  }
}

std::string decode_envelope(Endpoint endpoint, std::string_view body, CodecError expected, int http_status = 200,
                            const RequestRef& ref = {}) {
  RestDecoder decoder(1024, 8);
  std::string events;
  EXPECT_EQ(error_name(decoder.decode(endpoint, http_status, body, RenderSink(events), ref)), error_name(expected))
      << body;
  return events;
}

TEST(GctDecoder, EveryDocumentedErrorCodeDecodesWithItsDescription) {
  ASSERT_EQ(documented_error_codes().size(), 92u);
  for (const ErrorCode& code : documented_error_codes()) {
    const std::string body = R"({"status":"failure","message":")" + std::string(code.code) + R"(","data":null})";
    const std::string events = decode_envelope(Endpoint::open_orders, body, CodecError::venue_error);
    const std::string expected = R"({"venue":"gct","event":"venue_error","code":")" + std::string(code.code) +
                                 R"(","detail":")" + std::string(code.description) + R"(","http_status":200})" + "\n";
    EXPECT_EQ(events, expected);
  }
}

TEST(GctDecoder, TheDocumentsErrorTableIsCopiedCompletely) {
  const std::string doc = testing::read_file(std::string(OEX_SHARED_DIR) + "/venues/gct-rest-v1.md");
  ASSERT_FALSE(doc.empty());
  for (const ErrorCode& code : documented_error_codes()) {
    EXPECT_NE(doc.find(std::string(code.code) + " " + std::string(code.description)), std::string::npos) << code.code;
  }
}

TEST(GctDecoder, CancelFailuresNameEveryOrderOfTheRequest) {
  const std::array<std::string_view, 2> ids = {"11", "22"};
  RequestRef ref;
  ref.symbol = "BTCUSDT";
  ref.order_ids = ids;
  const std::string events = decode_envelope(
      Endpoint::batch_cancel, R"({"status":"failure","message":"entrust_failure_0016"})", CodecError::venue_error,
      200, ref);
  EXPECT_EQ(events,
            "{\"venue\":\"gct\",\"event\":\"cancel_reject\",\"order_id\":\"11\",\"client_order_id\":null,"
            "\"symbol\":\"BTCUSDT\",\"code\":\"entrust_failure_0016\",\"detail\":\"The order does not exist\"}\n"
            "{\"venue\":\"gct\",\"event\":\"cancel_reject\",\"order_id\":\"22\",\"client_order_id\":null,"
            "\"symbol\":\"BTCUSDT\",\"code\":\"entrust_failure_0016\",\"detail\":\"The order does not exist\"}\n");
  const std::array<std::string_view, 1> client_ids = {"c1"};
  RequestRef by_client;
  by_client.client_order_ids = client_ids;
  EXPECT_EQ(decode_envelope(Endpoint::cancel_entrust_by_client_order_id,
                            R"({"status":"success","message":"common_success","data":null})", CodecError::ok, 200,
                            by_client),
            "{\"venue\":\"gct\",\"event\":\"cancel_ack\",\"order_id\":\"\",\"client_order_id\":\"c1\","
            "\"symbol\":\"\"}\n");
}

TEST(GctDecoder, HttpErrorsWithoutAnEnvelopeAreVenueErrors) {
  EXPECT_EQ(decode_envelope(Endpoint::save_entrust, "<html>502 Bad Gateway</html>", CodecError::venue_error, 502),
            "{\"venue\":\"gct\",\"event\":\"venue_error\",\"code\":\"http_error\",\"detail\":\"\",\"http_status\":502}\n");
  // The same body with 200 is simply not JSON.
  EXPECT_EQ(decode_envelope(Endpoint::save_entrust, "<html>502 Bad Gateway</html>", CodecError::malformed_json), "");
}

TEST(GctDecoder, BadInputGivesTypedErrorsAndTheNextMessageStillDecodes) {
  struct Case {
    Endpoint endpoint;
    std::string_view body;
    CodecError error;
  };
  const std::array<Case, 12> cases = {{
      {Endpoint::save_entrust, R"({"status":"success","data":)", CodecError::malformed_json},
      {Endpoint::save_entrust, R"([1,2])", CodecError::wrong_type},
      {Endpoint::save_entrust, R"({"message":"x"})", CodecError::missing_field},
      {Endpoint::save_entrust, R"({"status":1})", CodecError::wrong_type},
      {Endpoint::save_entrust, R"({"status":"success","data":null})", CodecError::missing_field},
      {Endpoint::query_order_by_id, R"({"status":"success","data":{"id":"1","status":"NO-TRADE","type":"BID"}})",
       CodecError::invalid_value},
      {Endpoint::query_order_by_id, R"({"status":"success","data":{"id":"1","status":"NO-TRADE","price":"1.2.3"}})",
       CodecError::invalid_number},
      {Endpoint::query_order_by_id,
       R"({"status":"success","data":{"id":"1","status":"NO-TRADE","count":123456789012345678901234567890123456789012}})",
       CodecError::number_out_of_range},
      {Endpoint::open_orders, R"({"status":"success","data":[{"id":"1","status":"NO-TRADE"},{"status":"NO-TRADE"}]})",
       CodecError::missing_field},
      {Endpoint::market_depth, R"({"status":"success","data":{"buy":[{"price":1,"amount":1}],"sell":[1]}})",
       CodecError::wrong_type},
      {Endpoint::market_kline, R"({"status":"success","data":[[1,2,3]]})", CodecError::invalid_value},
      {Endpoint::user_finance_list, R"({"status":"success","data":{"coinName":"BTC"}})", CodecError::wrong_type},
  }};
  RestDecoder decoder(1024, 8);
  for (const Case& c : cases) {
    std::string events;
    EXPECT_EQ(error_name(decoder.decode(c.endpoint, 200, c.body, RenderSink(events))), error_name(c.error)) << c.body;
    EXPECT_EQ(events, "") << "a bad list emits nothing: " << c.body;
    std::string next;
    EXPECT_EQ(decoder.decode(Endpoint::save_entrust, 200, R"({"status":"success","data":5})", RenderSink(next)),
              CodecError::ok);
    EXPECT_NE(next.find("\"order_id\":\"5\""), std::string::npos);
  }
}

TEST(GctDecoder, TooManyBookLevelsIsReported) {
  RestDecoder decoder(1024, 1);
  std::string events;
  EXPECT_EQ(decoder.decode(Endpoint::market_depth, 200,
                           R"({"status":"success","data":{"buy":[{"price":1,"amount":1},{"price":2,"amount":1}]}})",
                           RenderSink(events)),
            CodecError::too_many_levels);
}

TEST(GctDecoder, PushRejectsOtherMessages) {
  PushDecoder push;
  std::string events;
  EXPECT_EQ(push.decode(R"({"accessKey":"x"})", RenderSink(events)), CodecError::unknown_message);
  EXPECT_EQ(push.decode(R"({"entrustId":"1","dealTime":1,"symbol":"A","type":"BUY","price":1,"count":1,)"
                        R"("oneselfDeal":"no"})",
                        RenderSink(events)),
            CodecError::wrong_type);
  EXPECT_EQ(push.decode("[]", RenderSink(events)), CodecError::wrong_type);
  EXPECT_EQ(events, "");
}

}  // namespace
}  // namespace oex::codecs::gct

namespace oex::codecs::gct {
namespace {

// The push's one-pass reader and the generic reader give the same events and the same errors.
TEST(GctPush, OnePassAndGenericPathsAgree) {
  const std::array<std::string_view, 16> inputs = {
      R"({"count":0.75,"dealTime":1566963399019,"entrustId":"1","oneselfDeal":false,"price":16.5,"symbol":"BTCUSDT","type":"BUY","userId":1})",
      R"( {"count":"2","dealTime":1,"entrustId":77,"price":"1e2","symbol":"A","type":"SELL"} )",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY","oneselfDeal":null})",
      R"({"count":1,"dealTime":1.5,"entrustId":"1","price":1,"symbol":"A","type":"BUY"})",
      R"({"count":1,"dealTime":99999999999999999999,"entrustId":"1","price":1,"symbol":"A","type":"BUY"})",
      R"({"count":1,"dealTime":-12,"entrustId":"1","price":1,"symbol":"A","type":"buy"})",
      R"({"count":01,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY"})",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A\"B","type":"BUY"})",
      R"({"count":1,"dealTime":1,"entrustId":null,"price":1,"symbol":"A","type":"BUY"})",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY","x":[1]})",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY"} x)",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY","oneselfDeal":"no"})",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY","type":"SELL"})",
      R"({"count":1,"dealTime":1,"entrustId":"1","price":1,"type":"BUY"})",
      R"({"count":1e999999,"dealTime":1,"entrustId":"1","price":1,"symbol":"A","type":"BUY"})",
      R"({})",
  };
  PushDecoder push;
  for (const std::string_view input : inputs) {
    std::string fast;
    std::string generic;
    const CodecError a = push.decode(input, testing::RenderSink(fast));
    const CodecError b = push.decode_generic(input, testing::RenderSink(generic));
    EXPECT_EQ(error_name(a), error_name(b)) << input;
    EXPECT_EQ(fast, generic) << input;
  }
  std::string first;
  EXPECT_EQ(push.decode(inputs[0], testing::RenderSink(first)), CodecError::ok);
  EXPECT_NE(first.find("\"venue_time_ms\":1566963399019"), std::string::npos);
}

}  // namespace
}  // namespace oex::codecs::gct

namespace oex::codecs::gct {
namespace {

// queryOrderById's one-pass path and the generic reader agree, event for event and error for
// error, on every fixture and on answers built to reach each of the one-pass path's exits.
TEST(GctQueryOrderById, OnePassAndGenericPathsAgree) {
  std::vector<std::string> inputs;
  for (const testing::Fixture& f : kFixtures) inputs.push_back(read_fixture(f.file));
  const std::string order = R"({"id":"7","status":"SOME-TRADE","type":"SELL","matchType":"MARKET","price":1.5,)"
                            R"("count":"2","leftCount":1,"completeCount":1,"completePrice":1.5,"completeAmount":1.5,)"
                            R"("fees":0,"symbol":"BTCUSDT","clientOrderId":"c-7"})";
  for (const std::string_view extra : {
           R"({"status":"success","message":"m","data":{"id":"1"}})",
           R"({"data":{"id":2,"status":"NO-TRADE","type":"BUY"},"status":"success"})",
           R"({"status":"success","data":{"status":"NO-TRADE"}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","id":"2"}})",
           R"({"status":"success","status":"error","data":{"id":"1","status":"NO-TRADE"}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE"},"data":null})",
           R"({"status":"success","data":null})",
           R"({"status":"success","data":[]})",
           R"({"status":"success","data":{"pageNum":1,"rows":[{"id":"1","status":"NO-TRADE"}]}})",
           R"({"status":"error","message":"1001","data":{"id":"1","status":"NO-TRADE"}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","type":"buy"}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","type":null,"matchType":"STOP"}})",
           R"({"status":"success","data":{"id":"1","status":7}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","price":"1e2","count":1.0E-1}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","price":1e99999}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","price":true}})",
           R"({"status":"success","data":{"id":"a\"b","status":"NO-TRADE"}})",
           R"({"status":"success","data":{"id":"1","status":"NO\u002dTRADE"}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","symbol":null}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE","clientOrderId":null,"x":{"y":[1,{}]}}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE",}})",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE"}} x)",
           R"( {"status":"success","data":{"id":"1","status":"NO-TRADE"}} )",
           R"({"status":"success","data":{"id":"1","status":"NO-TRADE")",
       }) {
    inputs.emplace_back(extra);
  }
  inputs.push_back(R"({"status":"success","message":"common_success","data":)" + order + "}");
  RestDecoder rest(4096, 16);
  for (const std::string& input : inputs) {
    for (const int status : {200, 500}) {
      std::string fast;
      std::string generic;
      const CodecError a = rest.decode(Endpoint::query_order_by_id, status, input, RenderSink(fast));
      const CodecError b = rest.decode_generic(Endpoint::query_order_by_id, status, input, RenderSink(generic));
      EXPECT_EQ(error_name(a), error_name(b)) << input;
      EXPECT_EQ(fast, generic) << input;
    }
  }
  std::string events;
  ASSERT_EQ(rest.decode(Endpoint::query_order_by_id, 200, inputs.back(), RenderSink(events)), CodecError::ok);
  EXPECT_NE(events.find(R"("client_order_id":"c-7")"), std::string::npos) << events;
  EXPECT_NE(events.find(R"("side":"sell")"), std::string::npos) << events;
}

}  // namespace
}  // namespace oex::codecs::gct
