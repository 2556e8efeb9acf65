#include "oex/tick_to_trade/ours.hpp"

#include <array>
#include <optional>
#include <variant>

#include "oex/codecs/btse/rest_encoder.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/codecs/cryptomus/order_rest.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"
#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/deflow/rest_encoder.hpp"
#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/rest.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/gct/decoder.hpp"
#include "oex/codecs/gct/rest_encoder.hpp"
#include "oex/core/client_order_id.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/risk/risk_gate.hpp"
#include "oex/risk/submit_path.hpp"
#include "oex/tick_to_trade/http_framing.hpp"

namespace oex::t2t {
namespace {

constexpr std::size_t kInflated = 64 * 1024;
constexpr std::size_t kRequest = 8 * 1024;
constexpr std::size_t kMaxEvents = 16;  // per message; more is a decode error here
constexpr std::size_t kMaxBooked = 8;

// Demo credentials: signing costs the same whatever the key.
constexpr std::string_view kApiKey = "4e9a1c3b7d2f48a6b0c5e8f1a2d3b4c5";
constexpr std::string_view kSecret = "8f2d6a0c4e1b3d5f7a9c0e2b4d6f8a1c3e5b7d9f0a2c4e6b";
constexpr std::string_view kUserId = "5c7e1a9b-3d2f-4e6a-8b0c-1d2e3f4a5b6c";  // Cryptomus signs with the user id and key

risk::RiskConfig harness_risk_config() {
  risk::RiskConfig config;
  // The harness measures the checks, not their refusals: limits no replayed order reaches. The
  // strategy only adds to its position, so the position limit is far away too.
  config.defaults.max_order_qty = Decimal::from_int(1'000'000);
  config.defaults.max_order_notional = Decimal::from_int(1'000'000'000'000);
  config.defaults.max_position = Decimal::from_int(1'000'000'000'000);
  config.defaults.reject_without_reference_price = false;
  for (risk::VenueLimits& v : config.venues) v = {100'000, 1'000'000'000, 1'000'000'000};
  return config;
}

struct Booked {
  oms::OrderHandle order = oms::kNoOrder;
  Decimal qty;
  Decimal price;
};

}  // namespace

struct OursPipeline::Impl {
  Impl(Venue v, const Clock& c)
      : venue(v),
        clock(c),
        orders(oms::OmsConfig{}),
        risk_gate(harness_risk_config(), orders),
        btse_key(kSecret),
        btse_encoder(kApiKey, btse_key),
        digifinex_key(kSecret),
        gct_key(kSecret),
        gct_encoder(kApiKey, gct_key, codecs::gct::Secret{kSecret}, codecs::gct::Secret{"666666"}),
        deflow_encoder(kApiKey, codecs::deflow::Secret{kSecret}),
        ids(*ClientOrderIdGenerator::create(7)),
        inflated(std::make_unique<char[]>(kInflated)),
        encoded(std::make_unique<char[]>(kRequest)),
        framed(std::make_unique<char[]>(kRequest)) {}

  Venue venue;
  const Clock& clock;
  oms::OrderManager orders;
  risk::RiskGate risk_gate;
  codecs::digifinex::FrameInflater inflater;
  codecs::digifinex::WsDecoder digifinex_decoder;
  codecs::btse::WsDecoder btse_decoder;
  codecs::cryptomus::WsDecoder cryptomus_decoder;
  codecs::gct::PushDecoder gct_decoder;
  codecs::deflow::RestDecoder deflow_decoder;
  codecs::HmacSha384 btse_key;
  codecs::btse::RestEncoder btse_encoder;
  codecs::HmacSha256 digifinex_key;
  codecs::HmacSha256 gct_key;
  codecs::gct::RestEncoder gct_encoder;
  codecs::deflow::RestEncoder deflow_encoder;
  ClientOrderIdGenerator ids;
  std::unique_ptr<char[]> inflated;
  std::unique_ptr<char[]> encoded;
  std::unique_ptr<char[]> framed;
  std::size_t framed_size = 0;

  std::array<std::variant<OrderUpdate, Fill>, kMaxEvents> events{};
  std::size_t event_count = 0;
  bool events_overflow = false;
  std::array<Booked, kMaxBooked> booked{};
  std::size_t booked_count = 0;
  oms::OrderHandle last_order = oms::kNoOrder;
  PipelineCounters counters;

  // Decoders hand events here; apply is its own stage, so they are kept until then.
  struct Collect {
    Impl* s;
    void operator()(const OrderUpdate& e) const noexcept { s->keep(e); }
    void operator()(const Fill& e) const noexcept { s->keep(e); }
    template <class Other>
    void operator()(const Other&) const noexcept {}  // balances, acks: not part of this path
  };
  template <class Event>
  void keep(const Event& e) noexcept {
    if (event_count == kMaxEvents) {
      events_overflow = true;
      return;
    }
    events[event_count++] = e;
  }

  codecs::CodecError decode(std::string_view text, std::string_view order_id) noexcept {
    Collect sink{this};
    switch (venue) {
      case Venue::digifinex: return digifinex_decoder.decode(text, sink);
      case Venue::btse: return btse_decoder.decode(text, sink);
      case Venue::cryptomus: return cryptomus_decoder.decode(text, sink);
      case Venue::gct: return gct_decoder.decode(text, sink);
      case Venue::deflow:
        return deflow_decoder.decode(codecs::deflow::Endpoint::order_info, 200, text, sink,
                                     codecs::deflow::RequestRef{"btcusdt", order_id});
    }
    return codecs::CodecError::unknown_message;
  }

  // The venue's new-order request for `o`, signed, into `encoded`; false when the encoder refused.
  bool encode(const oms::Order& o, codecs::RestRequest& request) noexcept {
    const std::string_view symbol = orders.symbols().text(o.symbol);
    const std::span<char> out(encoded.get(), kRequest);
    switch (venue) {
      case Venue::btse: {
        codecs::btse::NewOrder order;
        order.symbol = symbol;
        order.side = o.side;
        order.type = OrderType::limit;
        order.size = o.qty;
        order.price = o.price;
        order.time_in_force = TimeInForce::gtc;
        order.client_order_id = o.client_order_id.view();
        return btse_encoder.create_order(order, static_cast<std::int64_t>(wall_clock_ms()), out, request) ==
               codecs::CodecError::ok;
      }
      case Venue::digifinex: {
        codecs::digifinex::NewOrderFields order;
        order.symbol = symbol;
        order.side = o.side;
        order.amount = o.qty;
        order.price = o.price;
        auto r = codecs::digifinex::encode_new_order(out, order, {kApiKey, digifinex_key},
                                                     static_cast<std::int64_t>(wall_clock_ms() / 1000));
        if (!r.ok()) return false;
        request = *r;
        return true;
      }
      case Venue::cryptomus: {
        codecs::cryptomus::LimitOrderFields order;
        order.market = symbol;
        order.side = o.side;
        order.quantity = o.qty;
        order.price = o.price;
        order.client_order_id = o.client_order_id.view();
        auto r = codecs::cryptomus::encode_limit_order(out, order, {kUserId, kApiKey});
        if (!r.ok()) return false;
        request = *r;
        return true;
      }
      case Venue::gct: {
        codecs::gct::SaveEntrust order;
        order.symbol = symbol;
        order.side = o.side;
        order.type = OrderType::limit;
        order.count = o.qty;
        order.price = o.price;
        order.client_order_id = o.client_order_id.view();
        auto r = gct_encoder.save_entrust(order, static_cast<std::int64_t>(wall_clock_ms()), out);
        if (!r.ok()) return false;
        request = *r;
        return true;
      }
      case Venue::deflow: {
        codecs::deflow::CreateOrder order;
        order.symbol = symbol;
        order.side = o.side;
        order.type = OrderType::limit;
        order.volume = o.qty;
        order.price = o.price;
        auto r = deflow_encoder.create_order(order, static_cast<std::int64_t>(wall_clock_ms()), out);
        if (!r.ok()) return false;
        request = *r;
        return true;
      }
    }
    return false;
  }

  bool process(const Notification& m, StageHistograms& h, Stamping stamping) noexcept {
    ++counters.messages;
    StageTimer timer(clock, h, stamping);
    std::string_view text(reinterpret_cast<const char*>(m.bytes.data()), m.bytes.size());
    if (venue == Venue::digifinex) {
      const auto out = inflater.inflate(m.bytes, std::span<char>(inflated.get(), kInflated));
      if (!out.ok()) {
        ++counters.decode_errors;
        return false;
      }
      text = *out;
      timer.end(Stage::inflate);
    }

    event_count = 0;
    events_overflow = false;
    const codecs::CodecError decoded = decode(text, m.venue_order_id);
    timer.end(Stage::decode);
    if (decoded != codecs::CodecError::ok || events_overflow) {
      ++counters.decode_errors;
      return false;
    }

    booked_count = 0;
    bool applied = true;
    for (std::size_t i = 0; i < event_count; ++i) {
      const oms::ApplyResult r = std::visit([this](const auto& e) { return orders.apply(e); }, events[i]);
      if (!r.ok()) {
        applied = false;
        continue;
      }
      if (r.has(oms::ApplyFlag::fill_booked) && booked_count < kMaxBooked) booked[booked_count++] = {r.order, r.booked_qty, r.booked_price};
    }
    timer.end(Stage::apply);
    if (!applied) ++counters.apply_errors;
    counters.fills_booked += booked_count;

    bool sent_any = false;
    for (std::size_t i = 0; i < booked_count; ++i) {
      // The strategy: the same side, size and price again, as a limit order.
      const oms::Order* filled = orders.get(booked[i].order);
      if (filled == nullptr) continue;
      oms::NewOrderRequest request;
      request.venue = venue;
      request.symbol = filled->symbol;
      request.side = filled->side;
      request.type = OrderType::limit;
      request.time_in_force = TimeInForce::gtc;
      request.price = booked[i].price;
      request.qty = booked[i].qty;
      request.client_order_id = ids.next();
      timer.end(Stage::strategy);

      const risk::SubmitResult result =
          risk::submit_new(risk_gate, orders, request, timer.start_ns(), [&](const oms::Order& o) noexcept {
            timer.end(Stage::risk);
            codecs::RestRequest rest;
            if (!encode(o, rest)) return false;
            timer.end(Stage::encode_sign);
            framed_size = frame_http_request(std::span<char>(framed.get(), kRequest), rest, venue_host(venue));
            if (framed_size == 0) return false;
            timer.end_trade(Stage::framing);
            return true;
          });
      if (result.status != risk::SubmitStatus::sent) {
        ++counters.rejected;
        timer.restart();
        continue;
      }
      last_order = result.order;
      ++counters.requests_framed;
      sent_any = true;
    }
    return sent_any && applied;
  }

  void acknowledge(std::string_view venue_order_id) noexcept {
    const oms::Order* o = orders.get(last_order);
    if (o == nullptr) return;
    NewOrderAck ack;
    ack.venue = venue;
    ack.symbol = orders.symbols().text(o->symbol);
    ack.order_id = venue_order_id;
    ack.client_order_id = o->client_order_id.view();
    (void)orders.apply(ack);
  }
};

OursPipeline::OursPipeline(Venue venue, const Clock& clock) : impl_(std::make_unique<Impl>(venue, clock)) {}
OursPipeline::~OursPipeline() = default;

bool OursPipeline::process(const Notification& message, StageHistograms& histograms, Stamping stamping) noexcept {
  return impl_->process(message, histograms, stamping);
}
void OursPipeline::acknowledge(std::string_view venue_order_id) noexcept { impl_->acknowledge(venue_order_id); }
void OursPipeline::idle() noexcept { (void)impl_->orders.reclaim_finished(4); }

std::string_view OursPipeline::last_client_order_id() const noexcept {
  const oms::Order* o = impl_->orders.get(impl_->last_order);
  return o == nullptr ? std::string_view{} : o->client_order_id.view();
}
std::string_view OursPipeline::last_request() const noexcept { return {impl_->framed.get(), impl_->framed_size}; }
const PipelineCounters& OursPipeline::counters() const noexcept { return impl_->counters; }
std::string_view OursPipeline::encoder_name() const noexcept {
  switch (impl_->venue) {
    case Venue::digifinex: return "codecs::digifinex::encode_new_order (POST /v3/spot/order/new, HMAC-SHA256)";
    case Venue::btse: return "codecs::btse::RestEncoder::create_order (POST /spot/api/v3.3/order, HMAC-SHA384)";
    case Venue::cryptomus: return "codecs::cryptomus::encode_limit_order (POST /v2/user-api/exchange/orders, MD5 sign)";
    case Venue::gct: return "codecs::gct::RestEncoder::save_entrust (POST /v1/order/saveEntrust, HMAC-SHA256)";
    case Venue::deflow: return "codecs::deflow::RestEncoder::create_order (POST /v1/order, MD5 sign)";
  }
  return "";
}

}  // namespace oex::t2t
