// The document's request examples, as the encoders write them: same members and values (numbers
// compared exactly as decimals; the examples write txType "Stop" where the parameter table says
// STOP, so text compares without case). And the requests the venue could not accept.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "btse_encoder_cases.hpp"
#include "btse_fixtures.hpp"
#include "oex/codecs/btse/ws_encoder.hpp"

namespace oex::codecs::btse::testing {
namespace {

bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool same_json(json::Value a, json::Value b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::Kind::object:
      if (a.size() != b.size()) return false;
      for (const auto member : a) {
        if (!same_json(member.value, b[member.key])) return false;
      }
      return true;
    case json::Kind::array:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same_json(a.at(i), b.at(i))) return false;
      }
      return true;
    case json::Kind::number: return *a.as_decimal() == *b.as_decimal();
    case json::Kind::string: return same_text(a.raw(), b.raw());
    default: return a.raw() == b.raw();
  }
}

void expect_same_json(std::string_view ours, const std::string& example_file) {
  json::Document a, b;
  const std::string example = read_file(kDir + "requests/" + example_file);
  ASSERT_EQ(a.parse(ours), CodecError::ok) << ours;
  ASSERT_EQ(b.parse(example), CodecError::ok) << example_file;
  EXPECT_TRUE(same_json(a.root(), b.root())) << example_file << "\nours: " << ours;
}

TEST(BtseRequestExamples, CreateOrders) {
  Fixture f;
  NewOrder market;
  market.symbol = "BTC-USD";
  market.type = OrderType::market;
  market.size = dec("10");
  ASSERT_EQ(f.encoder.create_order(market, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_market.json");

  NewOrder market_stop = market;
  market_stop.tx_type = TxType::stop;
  market_stop.trigger_price = dec("32000");
  ASSERT_EQ(f.encoder.create_order(market_stop, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_market_stop.json");

  NewOrder limit = market;
  limit.type = OrderType::limit;
  limit.price = dec("34000");
  ASSERT_EQ(f.encoder.create_order(limit, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_limit.json");

  NewOrder limit_stop = limit;
  limit_stop.tx_type = TxType::stop;
  limit_stop.trigger_price = dec("32000");
  ASSERT_EQ(f.encoder.create_order(limit_stop, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_limit_stop.json");

  NewOrder oco = limit;
  oco.type = OrderType::oco;
  oco.price = dec("24000");
  oco.tx_type = TxType::limit;
  oco.stop_price = dec("40010");
  oco.trigger_price = dec("40000");
  ASSERT_EQ(f.encoder.create_order(oco, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_oco.json");

  NewOrder peg = limit;
  peg.type = OrderType::peg;
  peg.price = dec("25000");
  peg.deviation = dec("-10");
  peg.stealth = dec("10");
  ASSERT_EQ(f.encoder.create_order(peg, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "create_peg.json");
}

TEST(BtseRequestExamples, TheSigningExampleBody) {
  Fixture f;
  NewOrder o;
  o.symbol = "BTC-USD";
  o.size = dec("0.002");
  o.price = dec("8500.0");
  o.post_only = false;
  o.stop_price = dec("0");
  o.time_in_force = TimeInForce::gtc;
  o.trail_value = dec("0");
  o.trigger_price = dec("0");
  o.tx_type = TxType::limit;
  ASSERT_EQ(f.encoder.create_order(o, kNonce, f.buffer, f.req), CodecError::ok);
  // Same members in the same order; the document prints 8500.0 and 0.0 where we print 8500 and 0.
  expect_same_json(f.req.body, "create_signing_example.json");
}

TEST(BtseRequestExamples, Amends) {
  Fixture f;
  AmendOrder price;
  price.symbol = "BTC-USD";
  price.order_id = "25248336-66d8-41ff-99fd-83489c4e6029";
  price.type = AmendType::price;
  price.value = dec("35000");
  ASSERT_EQ(f.encoder.amend_order(price, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "amend_price.json");

  AmendOrder size = price;
  size.order_id = "689bf733-4879-4e32-8d1f-cb81f63d24d4";
  size.type = AmendType::size;
  size.value = dec("10.05");
  ASSERT_EQ(f.encoder.amend_order(size, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "amend_size.json");

  AmendOrder trigger = price;
  trigger.order_id = "cb2785b0-558e-4b30-bf1f-8a8c56174d0c";
  trigger.type = AmendType::trigger_price;
  trigger.value = dec("40020");
  ASSERT_EQ(f.encoder.amend_order(trigger, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "amend_trigger_price.json");

  AmendOrder all = trigger;
  all.type = AmendType::all;
  all.value.reset();
  all.order_price = dec("40010");
  all.order_size = dec("10.05");
  all.trigger_price = dec("40000");
  ASSERT_EQ(f.encoder.amend_order(all, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "amend_all.json");
}

TEST(BtseRequestExamples, CancelAndCancelAllAfter) {
  Fixture f;
  CancelOrder cancel;
  cancel.symbol = "BTC-USD";
  cancel.client_order_id = "my-order-id";
  ASSERT_EQ(f.encoder.cancel_order(cancel, kNonce, f.buffer, f.req), CodecError::ok);
  EXPECT_EQ(f.req.target, "/spot" + read_file(kDir + "requests/cancel_target.txt"));
  ASSERT_EQ(f.encoder.cancel_all_after(60000, kNonce, f.buffer, f.req), CodecError::ok);
  expect_same_json(f.req.body, "cancel_all_after.json");
}

TEST(BtseRequestExamples, WebSocketFrames) {
  char buffer[512];
  auto check = [&](std::string_view op, std::string_view topic, const std::string& file) {
    const std::array<std::string_view, 1> topics = {topic};
    const auto n = op == "subscribe" ? encode_subscribe(topics, buffer) : encode_unsubscribe(topics, buffer);
    ASSERT_TRUE(n.ok());
    expect_same_json(std::string_view(buffer, *n), file);
  };
  check("subscribe", "tradeHistoryApi:BTC-USD", "ws_subscribe_trade_history.json");
  check("subscribe", "notificationApiV3", "ws_subscribe_notification.json");
  check("subscribe", "fills", "ws_subscribe_fills.json");
  check("subscribe", "snapshotL1:BTC-USD", "oss_subscribe_l1.json");
  check("unsubscribe", "snapshotL1:BTC-USD", "oss_unsubscribe_l1.json");
  check("subscribe", "update:BTC-USD_0", "oss_subscribe_update.json");
  check("unsubscribe", "update:BTC-USD_0", "oss_unsubscribe_update.json");
  const HmacSha384 key(kSecret);
  const auto n = encode_auth(kApiKey, key, kNonce, buffer);
  ASSERT_TRUE(n.ok());
  expect_same_json(std::string_view(buffer, *n), "ws_auth.json");
}

TEST(BtseRequestRules, RequestsTheVenueCouldNotAcceptAreRefusedUnwritten) {
  Fixture f;
  NewOrder base;
  base.symbol = "BTC-USD";
  base.size = dec("1");
  base.price = dec("100");
  auto create = [&](NewOrder o) { return f.encoder.create_order(o, kNonce, f.buffer, f.req); };
  ASSERT_EQ(create(base), CodecError::ok);
  NewOrder o = base;
  o.type = OrderType::stop;  // BTSE writes stops as txType
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.price.reset();  // a limit order needs its price
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.tx_type = TxType::stop;  // without triggerPrice
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.type = OrderType::oco;
  o.trigger_price = dec("120");  // without stopPrice
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.size = dec("0");
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.symbol = {};
  EXPECT_EQ(create(o), CodecError::invalid_argument);
  o = base;
  o.price = dec("-1");
  EXPECT_EQ(create(o), CodecError::invalid_argument);

  AmendOrder amend;
  amend.symbol = "BTC-USD";
  amend.type = AmendType::price;
  amend.value = dec("1");
  EXPECT_EQ(f.encoder.amend_order(amend, kNonce, f.buffer, f.req), CodecError::invalid_argument);  // no id
  amend.order_id = "x";
  amend.value.reset();
  EXPECT_EQ(f.encoder.amend_order(amend, kNonce, f.buffer, f.req), CodecError::invalid_argument);  // no value
  amend.type = AmendType::all;
  EXPECT_EQ(f.encoder.amend_order(amend, kNonce, f.buffer, f.req), CodecError::invalid_argument);  // nothing to amend

  CancelOrder cancel;
  cancel.symbol = "BTC-USD";
  EXPECT_EQ(f.encoder.cancel_order(cancel, kNonce, f.buffer, f.req), CodecError::invalid_argument);
  cancel.order_id = "x";
  cancel.all_in_symbol = true;  // an id and "all" contradict each other
  EXPECT_EQ(f.encoder.cancel_order(cancel, kNonce, f.buffer, f.req), CodecError::invalid_argument);
  EXPECT_EQ(f.encoder.cancel_all_after(-1, kNonce, f.buffer, f.req), CodecError::invalid_argument);
  EXPECT_EQ(f.encoder.query_order({}, kNonce, f.buffer, f.req), CodecError::invalid_argument);
  EXPECT_EQ(f.encoder.trade_history({}, kNonce, f.buffer, f.req), CodecError::invalid_argument);
  OrderbookQuery book;
  book.symbol = "BTC-USD";
  book.group = 9;
  EXPECT_EQ(f.encoder.orderbook(book, f.buffer, f.req), CodecError::invalid_argument);
  EXPECT_EQ(f.encoder.ohlcv(OhlcvQuery{"BTC-USD", 2, {}, {}}, f.buffer, f.req), CodecError::invalid_argument);
}

TEST(BtseRequestRules, TheSecretNeverReachesTheRequest) {
  Fixture f;
  NewOrder o;
  o.symbol = "BTC-USD";
  o.size = dec("1");
  o.price = dec("100");
  ASSERT_EQ(f.encoder.create_order(o, kNonce, f.buffer, f.req), CodecError::ok);
  const std::string_view written(f.buffer.data(), f.buffer.size());
  EXPECT_EQ(written.find(kSecret), std::string_view::npos);
  for (const Header& h : f.req.headers()) EXPECT_EQ(h.value.find(kSecret), std::string_view::npos);
}

}  // namespace
}  // namespace oex::codecs::btse::testing
