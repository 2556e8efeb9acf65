// Golden tests: every fixture decodes to the events of its .golden file, with the documented
// return code; plus the error table, code as string or number, and bad input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "deflow_fixtures.hpp"

namespace oex::codecs::deflow {
namespace {

using testing::kFixtures;
using testing::read_fixture;
using testing::RenderSink;

CodecError expected_error(std::string_view file) {
  if (file.starts_with("bad_")) return CodecError::malformed_json;
  if (file.find("rejected") != std::string_view::npos || file.starts_with("error_")) return CodecError::venue_error;
  return CodecError::ok;
}

TEST(DeflowDecoder, EveryFixtureMatchesItsGolden) {
  RestDecoder decoder;
  for (const testing::Fixture& f : kFixtures) {
    SCOPED_TRACE(std::string(f.file));
    const std::string text = read_fixture(f.file);
    ASSERT_FALSE(text.empty());
    std::string events;
    const CodecError e = decoder.decode(f.endpoint, 200, text, RenderSink(events), testing::ref_for(f));
    EXPECT_EQ(error_name(e), error_name(expected_error(f.file)));
    EXPECT_EQ(events, read_fixture(testing::golden_name(f.file)));
  }
}

std::string decode(Endpoint endpoint, std::string_view body, CodecError expected, int http_status = 200,
                   const RequestRef& ref = {}) {
  RestDecoder decoder(1024, 8);
  std::string events;
  EXPECT_EQ(error_name(decoder.decode(endpoint, http_status, body, RenderSink(events), ref)), error_name(expected))
      << body;
  return events;
}

TEST(DeflowDecoder, EveryDocumentedErrorCodeDecodesQuotedOrBare) {
  ASSERT_EQ(documented_error_codes().size(), 26u);
  for (const ErrorCode& code : documented_error_codes()) {
    if (code.code == "0") continue;  // success
    const std::string c(code.code);
    const std::string expected = R"({"venue":"deflow","event":"venue_error","code":")" + c + R"(","detail":")" +
                                 std::string(code.description) + R"(","http_status":200})" + "\n";
    EXPECT_EQ(decode(Endpoint::user_accounts, R"({"code":")" + c + R"(","msg":""})", CodecError::venue_error),
              expected);
    EXPECT_EQ(decode(Endpoint::user_accounts, R"({"code":)" + c + "}", CodecError::venue_error), expected);
  }
  EXPECT_EQ(decode(Endpoint::user_accounts, R"({"code":0,"msg":"suc","data":{"coin_list":[]}})", CodecError::ok), "");
}

TEST(DeflowDecoder, TheDocumentsErrorTableIsCopiedCompletely) {
  const std::string doc = testing::read_file(std::string(OEX_SHARED_DIR) + "/venues/deflow-rest-v1.md");
  ASSERT_FALSE(doc.empty());
  for (const ErrorCode& code : documented_error_codes()) {
    EXPECT_NE(doc.find("<td><p>" + std::string(code.code) + "</p></td>\n<td><p>" + std::string(code.description)),
              std::string::npos)
        << code.code;
  }
}

TEST(DeflowDecoder, CreateAckReadsAnOrderIdWhenOneIsSent) {
  RequestRef ref;
  ref.symbol = "btcusdt";
  EXPECT_EQ(decode(Endpoint::create_order, R"({"code":"0","msg":"suc","data":{"order_id":34343}})", CodecError::ok,
                   200, ref),
            "{\"venue\":\"deflow\",\"event\":\"new_ack\",\"order_id\":\"34343\",\"client_order_id\":null,"
            "\"symbol\":\"btcusdt\",\"state\":null,\"venue_time_ms\":null}\n");
}

TEST(DeflowDecoder, HttpErrorsWithoutAnEnvelopeAreVenueErrors) {
  EXPECT_EQ(decode(Endpoint::orders, "Bad Gateway", CodecError::venue_error, 502),
            "{\"venue\":\"deflow\",\"event\":\"venue_error\",\"code\":\"http_error\",\"detail\":\"\","
            "\"http_status\":502}\n");
  EXPECT_EQ(decode(Endpoint::orders, "Bad Gateway", CodecError::malformed_json), "");
}

TEST(DeflowDecoder, AnUndocumentedOrderStatusIsReadFromTheAnswerAndKeptRaw) {
  // Listed among the open orders: it stands, whatever the code.
  std::string events = decode(
      Endpoint::open_orders,
      R"({"code":"0","data":{"resultList":[{"id":7,"side":"BUY","type":1,"volume":"1","deal_volume":"0.4","remain_volume":"0","status":3}]}})",
      CodecError::ok);
  EXPECT_NE(events.find("\"state\":\"partially_filled\""), std::string::npos) << events;
  EXPECT_NE(events.find("\"venue_status\":\"3\""), std::string::npos) << events;
  // One order's information, nothing remaining and part dealt: it ended early.
  events = decode(
      Endpoint::order_info,
      R"({"code":"0","data":{"order_info":{"id":7,"side":"BUY","type":1,"volume":"1","deal_volume":"0.4","remain_volume":"0","status":4}}})",
      CodecError::ok);
  EXPECT_NE(events.find("\"state\":\"cancelled\""), std::string::npos) << events;
  EXPECT_NE(events.find("\"venue_status\":\"4\""), std::string::npos) << events;
  // Without volumes there is nothing to read it from.
  events = decode(Endpoint::order_info,
                  R"({"code":"0","data":{"order_info":{"id":7,"side":"BUY","type":1,"volume":"1","status":4}}})",
                  CodecError::ok);
  EXPECT_NE(events.find("\"state\":\"unknown\""), std::string::npos) << events;
}

TEST(DeflowDecoder, BadInputGivesTypedErrorsAndTheNextMessageStillDecodes) {
  struct Case {
    Endpoint endpoint;
    std::string_view body;
    CodecError error;
  };
  const std::array<Case, 11> cases = {{
      {Endpoint::orders, R"({"code":"0","data":{"orderList":[)", CodecError::malformed_json},
      {Endpoint::orders, R"({"msg":"suc"})", CodecError::missing_field},
      {Endpoint::orders, R"({"code":true})", CodecError::wrong_type},
      {Endpoint::orders, R"({"code":"0","data":{"orderList":{}}})", CodecError::wrong_type},
      {Endpoint::orders, R"({"code":"0","data":{"orderList":[{"id":1,"status":1},{"status":1}]}})",
       CodecError::missing_field},
      {Endpoint::order_info, R"({"code":"0","data":{"order_info":{"id":1,"status":2,"side":"LONG"}}})",
       CodecError::invalid_value},
      {Endpoint::order_info, R"({"code":"0","data":{"order_info":{"id":1,"status":2,"volume":"1e99999"}}})",
       CodecError::number_out_of_range},
      {Endpoint::trades, R"({"code":"0","data":{"resultList":[{"id":1,"price":"1","volume":"1"}]}})",
       CodecError::missing_field},
      {Endpoint::depth, R"({"code":"0","data":{"tick":{"asks":[["1"]]}}})", CodecError::invalid_value},
      {Endpoint::records, R"({"code":"0","data":[[1,2,3,4,5]]})", CodecError::invalid_value},
      {Endpoint::market, R"({"code":"0","data":{"btcusdt":"x"}})", CodecError::invalid_number},
  }};
  RestDecoder decoder(1024, 8);
  for (const Case& c : cases) {
    std::string events;
    EXPECT_EQ(error_name(decoder.decode(c.endpoint, 200, c.body, RenderSink(events))), error_name(c.error)) << c.body;
    EXPECT_EQ(events, "") << "a bad answer emits nothing: " << c.body;
    std::string next;
    EXPECT_EQ(decoder.decode(Endpoint::market, 200, R"({"code":0,"data":{"ethusdt":790}})", RenderSink(next)),
              CodecError::ok);
    EXPECT_NE(next.find("\"last\":\"790\""), std::string::npos);
  }
}

TEST(DeflowDecoder, TooManyBookLevelsIsReported) {
  RestDecoder decoder(1024, 1);
  std::string events;
  EXPECT_EQ(decoder.decode(Endpoint::depth, 200, R"({"code":"0","data":{"tick":{"bids":[["1",1],["2",1]]}}})",
                           RenderSink(events)),
            CodecError::too_many_levels);
}

}  // namespace
}  // namespace oex::codecs::deflow

namespace oex::codecs::deflow {
namespace {

// The one-pass path of the polled order answers and the generic reader agree, event for event
// and error for error, on every fixture and on answers built to reach each of its exits.
TEST(DeflowOrderAnswers, OnePassAndGenericPathsAgree) {
  std::vector<std::string> inputs;
  for (const testing::Fixture& f : kFixtures) inputs.push_back(read_fixture(f.file));
  for (const std::string_view extra : {
           R"({"code":0,"data":{"orderList":[]}})",
           R"({"code":"0","data":{"orderList":null}})",
           R"({"code":"0","data":{"orderList":[{"id":1,"status":1,"tradeList":null}]}})",
           R"({"code":"0","data":{"orderList":[{"id":1,"status":1,"tradeList":{}}]}})",
           R"({"code":"0","data":{"orderList":[{"id":1,"status":1}],"orderList":[]}})",
           R"({"code":"0","code":"1","data":{"orderList":[]}})",
           R"({"code":"0","data":{"resultList":[{"id":"7","status":"2","volume":"1","deal_volume":"0.5"}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"side":"SELL","type":3,"created_at":"12"}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"created_at":12.5}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"price":true}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"tradeList":[{"id":1,"price":"1"}]}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"x":{"y":[1,{"z":null}]}}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"x":[1,]}]}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,}]}})",
           R"({"code":"0","data":{"resultList":[{"id":"a\"b","status":1}]}})",
           R"({"code":"0","data":{"order_info":{"id":1,"status":2,"tradeList":[{"id":9,"price":"1","volume":"1"}]}}})",
           R"({"code":"0","data":{"order_info":{"id":1,"status":2},"trade_list":[{"id":9,"price":"1","volume":"1"}]}})",
           R"({"code":"0","data":{"trade_list":null,"order_info":{"id":1,"status":2,"tradeList":[{"id":9,"price":"1","volume":"1"}]}}})",
           R"({"code":"0","data":{"trade_list":[],"order_info":null}})",
           R"({"code":"0","data":{"resultList":[{"id":7,"status":1,"created_at":99999999999999999999}]}}  )",
           R"({"code":"0","data":{"resultList":[]}} x)",
           R"({"code":"19","msg":"no","data":{"resultList":[]}})",
       }) {
    inputs.emplace_back(extra);
  }
  RestDecoder decoder(4096, 16);
  for (const std::string& input : inputs) {
    for (const Endpoint e : {Endpoint::orders, Endpoint::open_orders, Endpoint::order_info}) {
      std::string fast;
      std::string generic;
      const CodecError a = decoder.decode(e, 200, input, RenderSink(fast), RequestRef{"btcusdt", "1"});
      const CodecError b = decoder.decode_generic(e, 200, input, RenderSink(generic), RequestRef{"btcusdt", "1"});
      EXPECT_EQ(error_name(a), error_name(b)) << input;
      EXPECT_EQ(fast, generic) << input;
    }
  }
}

}  // namespace
}  // namespace oex::codecs::deflow
