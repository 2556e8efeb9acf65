#include "oex/replay/replayer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <span>
#include <vector>

#include "oex/codecs/btse/book_decoder.hpp"
#include "oex/codecs/btse/rest_decoder.hpp"
#include "oex/codecs/btse/ws_decoder.hpp"
#include "oex/codecs/buffer_writer.hpp"
#include "oex/codecs/cryptomus/order_rest.hpp"
#include "oex/codecs/cryptomus/rest.hpp"
#include "oex/codecs/cryptomus/ws_decoder.hpp"
#include "oex/codecs/deflow/decoder.hpp"
#include "oex/codecs/digifinex/inflate.hpp"
#include "oex/codecs/digifinex/rest.hpp"
#include "oex/codecs/digifinex/ws_decoder.hpp"
#include "oex/codecs/event_json.hpp"
#include "oex/codecs/gct/decoder.hpp"
#include "oex/core/inline_string.hpp"
#include "oex/oms/order_manager.hpp"
#include "oex/replay/endpoints.hpp"
#include "oex/replay/request_memory.hpp"

namespace oex::replay {
namespace {

constexpr std::size_t kLineCapacity = 256 * 1024;     // one output line (a deep book fits)
constexpr std::size_t kInflateCapacity = 1 << 20;     // one inflated DigiFinex frame
constexpr std::size_t kFlushThreshold = 256 * 1024;   // output kept before it is written out
constexpr std::size_t kRequestIds = 256;              // WS request ids remembered per venue

template <class T>
concept NormalizedEvent = requires(codecs::BufferWriter& w, const T& e) { codecs::write_event_json(w, e); };

// WS requests carry an id that the venue's answer repeats without the method; DigiFinex and
// Cryptomus answers need the method to be decoded. A small table keyed by id remembers it.
class RequestIdTable {
 public:
  void remember(std::int64_t id, std::string_view method) noexcept {
    Entry& e = entries_[slot(id)];
    e.id = id;
    e.used = true;
    const auto text = InlineString<48>::from(method);
    e.method = text.ok() ? *text : InlineString<48>{};
  }
  [[nodiscard]] std::string_view lookup(std::int64_t id) const noexcept {
    const Entry& e = entries_[slot(id)];
    return e.used && e.id == id ? e.method.view() : std::string_view{};
  }

 private:
  struct Entry {
    std::int64_t id = 0;
    bool used = false;
    InlineString<48> method;
  };
  static std::size_t slot(std::int64_t id) noexcept { return static_cast<std::uint64_t>(id) % kRequestIds; }
  std::array<Entry, kRequestIds> entries_{};
};

}  // namespace

struct Replayer::State {
  explicit State(Replayer& owner)
      : self(owner),
        oms(oms::OmsConfig{}),
        inflated(std::make_unique<char[]>(kInflateCapacity)),
        id_doc(64, 4),
        body_doc(64, 4) {}

  Replayer& self;
  oms::OrderManager oms;
  codecs::digifinex::FrameInflater inflater;
  codecs::digifinex::WsDecoder digifinex_ws;
  codecs::btse::WsDecoder btse_ws;
  codecs::btse::BookDecoder btse_book;
  codecs::btse::RestDecoder btse_rest;
  codecs::cryptomus::WsDecoder cryptomus_ws;
  codecs::cryptomus::RestDecoder cryptomus_rest;
  codecs::cryptomus::OrderRestDecoder cryptomus_orders;
  codecs::digifinex::RestDecoder digifinex_rest;
  codecs::gct::RestDecoder gct_rest;
  codecs::gct::PushDecoder gct_push;
  codecs::deflow::RestDecoder deflow_rest;
  std::unique_ptr<char[]> inflated;
  json::Document id_doc;
  json::Document body_doc;  // a remembered request's JSON body (Cryptomus order entry)
  std::array<RequestFifo, kAllVenues.size()> http_requests;  // per venue, by its enum value
  RequestIdTable digifinex_ids;
  RequestIdTable cryptomus_ids;
  CaptureLineReader reader;

  // What the record being replayed is: stamped on every line it produces.
  std::int64_t ts = 0;
  std::uint64_t line_no = 0;
  std::uint64_t seq = 0;
  // `,"ts":<ts>` as text, kept while the record's events are written (they share the time).
  std::array<char, 32> ts_text{};
  std::size_t ts_text_size = 0;
  std::int64_t ts_text_of = 0;

  // --- output ---
  // Lines are written in place at the end of the output buffer; a line is kept by commit_line.
  void commit_line(const codecs::BufferWriter& w) {
    self.out_size_ += w.size();
    if (self.file_ != nullptr && self.out_size_ >= kFlushThreshold) (void)self.flush();
  }

  // `{"seq":<seq>,"ts":<ts>` in one put: every event line starts so.
  codecs::BufferWriter begin_line() noexcept {
    if (ts_text_size == 0 || ts_text_of != ts) {
      constexpr std::string_view kTs = ",\"ts\":";
      std::memcpy(ts_text.data(), kTs.data(), kTs.size());
      const auto r = std::to_chars(ts_text.data() + kTs.size(), ts_text.data() + ts_text.size(), ts);
      ts_text_size = static_cast<std::size_t>(r.ptr - ts_text.data());
      ts_text_of = ts;
    }
    std::array<char, 20> digits;
    const char* digits_end = std::to_chars(digits.data(), digits.data() + digits.size(), ++seq).ptr;
    codecs::BufferWriter w(self.reserve_line(kLineCapacity), kLineCapacity);
    w.put_all(std::string_view("{\"seq\":"), std::string_view(digits.data(), digits_end),
              std::string_view(ts_text.data(), ts_text_size));
    return w;
  }

  template <class Event>
  void print_event(const Event& e) noexcept {
    codecs::BufferWriter w = begin_line();
    const std::size_t brace = w.size();
    codecs::write_event_json(w, e);  // {"venue":...}: its brace becomes the comma after ts
    if (!w.ok()) {
      --seq;
      error(e.venue, "output_too_large", "event");
      return;
    }
    w.data()[brace] = ',';
    w.put('\n');
    ++self.stats_.events;
    commit_line(w);
  }

  void error(std::optional<Venue> venue, std::string_view code, std::string_view detail) noexcept {
    codecs::BufferWriter w = begin_line();
    w.put(",\"venue\":");
    if (venue) {
      w.put('"').put(to_string(*venue)).put('"');
    } else {
      w.put("null");
    }
    w.put(",\"event\":\"error\",\"code\":").put_json_string(code);
    w.put(",\"detail\":").put_json_string(detail.substr(0, 512));
    w.put(",\"line\":").put_uint(line_no).put("}\n");
    ++self.stats_.errors;
    commit_line(w);
  }

  // --- events from the decoders ---
  template <class Event>
  void on_event(const Event& e) noexcept {
    print_event(e);
    if constexpr (std::is_same_v<Event, Balance>) {
      if (const oms::OmsError err = oms.apply(e); err != oms::OmsError::ok) error(e.venue, error_name(err), "the order manager refused the event");
    } else if constexpr (requires { oms.apply(e).flags; }) {
      const oms::ApplyResult r = oms.apply(e);
      if (!r.ok()) {
        error(e.venue, error_name(r.error), "the order manager refused the event");
        return;
      }
      if (r.has(oms::ApplyFlag::fill_derived)) print_derived_fill(r);
    }
  }

  // The core booked a fill from a cumulative total: the venue sent no trade for it.
  void print_derived_fill(const oms::ApplyResult& r) noexcept {
    const oms::Order* order = oms.get(r.order);
    if (order == nullptr) return;
    Fill f;
    f.venue = order->venue;
    f.symbol = oms.symbols().text(order->symbol);
    f.order_id = order->venue_order_id.view();
    if (!order->client_order_id.empty()) f.client_order_id = order->client_order_id.view();
    f.side = order->side;
    f.price = r.booked_price;
    f.qty = r.booked_qty;
    f.derived = true;
    print_event(f);
  }

  struct Sink {
    State* s;
    template <class T>
    void operator()(const T& e) const noexcept {
      if constexpr (NormalizedEvent<T>) s->on_event(e);  // venue-only records (fee rates, candles) are skipped
    }
  };

  // --- routing ---
  void decoded(Venue venue, codecs::CodecError e, std::string_view detail) noexcept {
    // venue_error: the venue refused something; its event already carries the code and text.
    if (e != codecs::CodecError::ok && e != codecs::CodecError::venue_error) error(venue, codecs::error_name(e), detail);
  }

  void remember_request(const CaptureRecord& r) noexcept {
    RequestIdTable* table = r.venue == Venue::digifinex  ? &digifinex_ids
                            : r.venue == Venue::cryptomus ? &cryptomus_ids
                                                          : nullptr;
    if (table == nullptr || r.ch != Channel::ws || r.binary) return;
    if (id_doc.parse(r.payload) != codecs::CodecError::ok) return;
    const json::Value root = id_doc.root();
    const auto id = root["id"].as_int64();
    const auto method = root["method"].as_string();
    if (id.ok() && method.ok()) table->remember(*id, *method);
  }

  std::string_view answered_method(RequestIdTable& table, std::string_view text) noexcept {
    // Only answers (no "method") need it; reading the id costs a parse, so look first.
    if (text.find("\"method\"") != std::string_view::npos) return {};
    if (id_doc.parse(text) != codecs::CodecError::ok) return {};
    const auto id = id_doc.root()["id"].as_int64();
    return id.ok() ? table.lookup(*id) : std::string_view{};
  }

  void feed(const CaptureRecord& r) noexcept {
    ts = r.ts;
    if (r.dir == Direction::out) {
      ++self.stats_.messages_out;
      if (r.ch == Channel::http) {
        if (!r.binary) http_requests[static_cast<std::size_t>(r.venue)].remember(r.req, r.payload);
      } else {
        remember_request(r);
      }
      return;
    }
    ++self.stats_.messages_in;
    Sink sink{this};
    if (r.ch == Channel::ws) {
      feed_ws(r, sink);
    } else {
      feed_http(r, sink);
    }
  }

  void feed_ws(const CaptureRecord& r, Sink& sink) noexcept {
    std::string_view text = r.payload;
    switch (r.venue) {
      case Venue::digifinex: {
        if (r.binary) {
          const auto bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(r.payload.data()),
                                                           r.payload.size());
          const auto out = inflater.inflate(bytes, std::span<char>(inflated.get(), kInflateCapacity));
          if (!out.ok()) {
            error(r.venue, codecs::error_name(out.error()), "ws");
            return;
          }
          text = *out;
        }
        const std::string_view method = answered_method(digifinex_ids, text);
        decoded(r.venue, digifinex_ws.decode(text, sink, method), "ws");
        return;
      }
      case Venue::btse: {
        codecs::CodecError e = btse_ws.decode(text, sink);
        if (e == codecs::CodecError::unknown_topic) e = btse_book.decode(text, sink);  // the order-book socket
        decoded(r.venue, e, "ws");
        return;
      }
      case Venue::cryptomus: {
        const std::string_view method = answered_method(cryptomus_ids, text);
        decoded(r.venue, cryptomus_ws.decode(text, sink, method), "ws");
        return;
      }
      case Venue::gct: decoded(r.venue, gct_push.decode(text, sink), "ws"); return;
      case Venue::deflow: error(r.venue, "unknown_channel", "deflow has no websocket"); return;
    }
  }

  void feed_http(const CaptureRecord& r, Sink& sink) noexcept {
    if (r.req.empty()) {
      error(r.venue, "missing_request", "http");
      return;
    }
    if (!r.status) {
      error(r.venue, "missing_status", r.req);
      return;
    }
    const RequestLine req = split_request(r.req);
    const int status = *r.status;
    // The request this answers, when the capture holds it: its body has what the line does not.
    const std::optional<RememberedRequest> sent = http_requests[static_cast<std::size_t>(r.venue)].take(r.req);
    const RequestParams params = RequestParams::of(req.query, sent);
    const std::string_view symbol = params.get_or_empty("symbol");
    switch (r.venue) {
      case Venue::btse: {
        const auto endpoint = btse_endpoint(req);
        if (!endpoint) break;
        codecs::btse::RequestContext context{symbol, params.get_or_empty("orderID"), params.get_or_empty("clOrderID")};
        decoded(r.venue, btse_rest.decode(*endpoint, status, r.payload, sink, context), r.req);
        return;
      }
      case Venue::gct: {
        const auto endpoint = gct_endpoint(req);
        if (!endpoint) break;
        std::array<std::string_view, 1> order_id{};
        std::array<std::string_view, 1> client_id{};
        codecs::gct::RequestRef ref;
        ref.symbol = symbol;
        if (const auto id = params.get("id")) {
          order_id[0] = *id;
          ref.order_ids = order_id;
        }
        if (const auto id = params.get("clientOrderId")) {
          client_id[0] = *id;
          ref.client_order_ids = client_id;
          ref.client_order_id = *id;
        }
        decoded(r.venue, gct_rest.decode(*endpoint, status, r.payload, sink, ref), r.req);
        return;
      }
      case Venue::deflow: {
        const auto endpoint = deflow_endpoint(req);
        if (!endpoint) break;
        codecs::deflow::RequestRef ref{symbol, params.get_or_empty("order_id")};
        decoded(r.venue, deflow_rest.decode(*endpoint, status, r.payload, sink, ref), r.req);
        return;
      }
      case Venue::cryptomus: {
        codecs::cryptomus::OrderRestContext context;
        if (const auto endpoint = cryptomus_order_endpoint(req, &context.order_id)) {
          context.endpoint = *endpoint;
          if (*endpoint == codecs::cryptomus::OrderEndpoint::limit_order ||
              *endpoint == codecs::cryptomus::OrderEndpoint::market_order) {
            read_json_order(params.json, context);
          }
          decoded(r.venue, cryptomus_orders.decode(context, status, r.payload, sink), r.req);
          return;
        }
        const auto endpoint = cryptomus_endpoint(req);
        if (!endpoint) break;
        decoded(r.venue, cryptomus_rest.decode(*endpoint, status, r.payload, sink), r.req);
        return;
      }
      case Venue::digifinex: {
        const auto endpoint = digifinex_endpoint(req);
        if (!endpoint) break;
        codecs::digifinex::RestContext context;
        context.endpoint = *endpoint;
        context.symbol = symbol;  // new order; the venue has no client order id to give back
        context.order_ids = params.get_or_empty("order_id");  // cancel
        decoded(r.venue, digifinex_rest.decode(r.payload, status, context, sink), r.req);
        return;
      }
    }
    error(r.venue, "unknown_endpoint", r.req);
  }

  // A Cryptomus new order's JSON body: the market and our client order id (the answer has
  // neither). A body that does not read leaves them empty.
  void read_json_order(std::string_view body, codecs::cryptomus::OrderRestContext& context) noexcept {
    if (body.empty() || body_doc.parse(body) != codecs::CodecError::ok) return;
    const json::Value root = body_doc.root();
    if (const auto market = root["market"].as_string(); market.ok()) context.market = *market;
    const json::Value client = root["client_order_id"];
    if (!client.is_missing()) {
      if (const auto id = client.as_text(); id.ok() && !id->empty()) context.client_order_id = *id;
    }
  }

  // --- final lines ---
  void print_final(const oms::Order& o) noexcept {
    codecs::BufferWriter w(self.reserve_line(kLineCapacity), kLineCapacity);
    auto text_or_null = [&w](std::string_view v) {
      if (v.empty()) {
        w.put("null");
      } else {
        w.put_json_string(v);
      }
    };
    w.put("{\"event\":\"final\",\"venue\":\"").put(to_string(o.venue)).put("\",\"order_id\":");
    text_or_null(o.venue_order_id.view());
    w.put(",\"client_order_id\":");
    text_or_null(o.client_order_id.view());
    w.put(",\"state\":\"").put(to_string(o.state)).put("\",\"qty\":");
    if (o.qty_known) {
      w.put('"').put_decimal(o.qty).put('"');
    } else {
      w.put("null");
    }
    w.put(",\"filled_qty\":\"").put_decimal(o.filled_qty).put("\",\"avg_price\":");
    const auto avg = o.filled_qty.is_zero() ? Result<Decimal>(Decimal{})
                                            : divide(o.filled_notional, o.filled_qty, 12, RoundingMode::half_even);
    if (!o.filled_qty.is_zero() && avg.ok()) {
      w.put('"').put_decimal(*avg).put('"');
    } else {
      w.put("null");
    }
    w.put(",\"fills\":").put_uint(o.fill_count).put("}\n");
    commit_line(w);
  }

  void finish() {
    std::vector<const oms::Order*> orders;
    oms.for_each_order([&orders](oms::OrderHandle, const oms::Order& o) { orders.push_back(&o); });
    std::sort(orders.begin(), orders.end(), [](const oms::Order* a, const oms::Order* b) { return a->serial < b->serial; });
    for (const oms::Order* o : orders) print_final(*o);
  }
};

Replayer::Replayer()
    : state_(std::make_unique<State>(*this)),
      out_(std::make_unique_for_overwrite<char[]>(kFlushThreshold + kLineCapacity)),
      out_capacity_(kFlushThreshold + kLineCapacity) {}

char* Replayer::reserve_line(std::size_t line_capacity) {
  if (out_capacity_ - out_size_ < line_capacity) {
    const std::size_t capacity = std::max(2 * out_capacity_, out_size_ + line_capacity);
    auto grown = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(grown.get(), out_.get(), out_size_);
    out_ = std::move(grown);
    out_capacity_ = capacity;
  }
  return out_.get() + out_size_;
}
Replayer::~Replayer() = default;

void Replayer::set_output_file(std::FILE* file) noexcept { file_ = file; }

bool Replayer::flush() noexcept {
  if (file_ != nullptr && out_size_ != 0) {
    if (std::fwrite(out_.get(), 1, out_size_, file_) != out_size_) write_failed_ = true;
    out_size_ = 0;
  }
  return !write_failed_;
}

void Replayer::feed_line(std::string_view line, std::uint64_t line_no) noexcept {
  ++stats_.lines;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank lines carry nothing
  State& s = *state_;
  s.line_no = line_no;
  CaptureRecord record;
  const LineError e = s.reader.read(line, record);
  if (e != LineError::ok) {
    s.ts = record.ts;
    s.error(s.reader.venue_known() ? std::optional<Venue>(record.venue) : std::nullopt, error_name(e), "capture line");
    return;
  }
  s.feed(record);
}

void Replayer::feed(const CaptureRecord& record, std::uint64_t line_no) noexcept {
  ++stats_.lines;
  state_->line_no = line_no;
  state_->feed(record);
}

void Replayer::report_error(std::int64_t ts, std::optional<Venue> venue, std::string_view code,
                            std::string_view detail, std::uint64_t line_no) noexcept {
  state_->ts = ts;
  state_->line_no = line_no;
  state_->error(venue, code, detail);
}

void Replayer::finish() noexcept { state_->finish(); }

}  // namespace oex::replay
