#include "venue.hpp"

#include <charconv>

namespace oex::sim {

bool apply_fault_setting(Faults& faults, std::string_view name, std::string_view value) {
  if (name == "delay_ms") {
    std::int64_t ms = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec != std::errc() || ptr != value.data() + value.size() || ms < 0) return false;
    faults.delay_ms = ms;
    return true;
  }
  if (name == "throttle") {
    if (value != "0" && value != "1") return false;
    faults.throttle = value == "1";
    return true;
  }
  // Probabilities from 0 to 1, kept as parts per million.
  const auto probability = parse_amount(value);
  if (!probability || *probability < 0 || *probability > kAmountScale) return false;
  const auto ppm = static_cast<std::uint32_t>(*probability / 100);
  if (name == "drop") {
    faults.drop_ppm = ppm;
  } else if (name == "duplicate") {
    faults.duplicate_ppm = ppm;
  } else if (name == "reorder") {
    faults.reorder_ppm = ppm;
  } else if (name == "corrupt") {
    faults.corrupt_ppm = ppm;
  } else if (name == "skip_seq") {
    faults.skip_seq_ppm = ppm;
  } else if (name == "reject") {
    faults.reject_ppm = ppm;
  } else {
    return false;
  }
  return true;
}

Venue::Venue(std::string name, Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed)
    : name_(std::move(name)), credentials_(std::move(credentials)), exchange_(std::move(exchange)),
      fault_rng_(fault_seed) {
  exchange_->set_listener(this);
}

void Venue::register_session(Session& session) { sessions_[session.id()] = &session; }

void Venue::on_close(Session& session) { sessions_.erase(session.id()); }

void Venue::disconnect_all() {
  auto sessions = sessions_;
  for (auto& [id, session] : sessions) session->close();
}

void Venue::send_now(std::uint64_t session_id, const std::string& payload, bool binary) {
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return;
  if (binary) {
    it->second->send_binary(payload);
  } else {
    it->second->send_text(payload);
  }
}

void Venue::notify(Session& session, std::string payload, bool binary) {
  const Faults& f = faults_;
  if (f.drop_ppm != 0 && fault_rng_.chance(f.drop_ppm)) return;
  if (f.corrupt_ppm != 0 && fault_rng_.chance(f.corrupt_ppm) && !payload.empty()) {
    payload[fault_rng_.below(payload.size())] ^= 0x5A;
  }
  const int copies = f.duplicate_ppm != 0 && fault_rng_.chance(f.duplicate_ppm) ? 2 : 1;
  const std::uint64_t id = session.id();
  auto deliver = [this, id, copies](const std::string& text, bool is_binary) {
    for (int i = 0; i < copies; ++i) send_now(id, text, is_binary);
  };
  if (f.reorder_ppm != 0 && held_.empty() && fault_rng_.chance(f.reorder_ppm)) {
    held_.push_back(Held{id, std::move(payload), binary});
    return;
  }
  auto release = [this, deliver](std::string text, bool is_binary) {
    deliver(text, is_binary);
    while (!held_.empty()) {
      Held held = std::move(held_.front());
      held_.pop_front();
      send_now(held.session_id, held.payload, held.binary);
    }
  };
  if (f.delay_ms > 0 && scheduler_) {
    scheduler_(f.delay_ms, [release, text = std::move(payload), binary]() mutable { release(std::move(text), binary); });
    return;
  }
  release(std::move(payload), binary);
}

}  // namespace oex::sim
