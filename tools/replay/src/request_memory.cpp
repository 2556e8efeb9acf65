#include "oex/replay/request_memory.hpp"

#include <cstring>

#include "oex/replay/endpoints.hpp"

namespace oex::replay {

RequestFifo::RequestFifo(std::size_t slots, std::size_t line_capacity, std::size_t body_capacity)
    : slots_(slots == 0 ? 1 : slots),
      line_capacity_(line_capacity),
      body_capacity_(body_capacity),
      slot_(std::make_unique<Slot[]>(slots_)),
      text_(std::make_unique_for_overwrite<char[]>(slots_ * (line_capacity + body_capacity))) {}

void RequestFifo::remember(std::string_view req, std::string_view body) noexcept {
  if (req.empty() || req.size() > line_capacity_) return;
  // A free slot, or else the oldest request's.
  std::size_t target = 0;
  for (std::size_t i = 0; i < slots_; ++i) {
    if (slot_[i].order == 0) {
      target = i;
      break;
    }
    if (slot_[i].order < slot_[target].order) target = i;
  }
  Slot& s = slot_[target];
  if (s.order == 0) ++used_;
  s.order = next_order_++;
  s.req_size = req.size();
  std::memcpy(line_of(target), req.data(), req.size());
  s.body_known = body.size() <= body_capacity_;
  s.body_size = s.body_known ? body.size() : 0;
  if (s.body_size != 0) std::memcpy(body_of(target), body.data(), body.size());
}

std::optional<RememberedRequest> RequestFifo::take(std::string_view req) noexcept {
  if (used_ == 0) return std::nullopt;
  std::size_t found = slots_;
  for (std::size_t i = 0; i < slots_; ++i) {
    const Slot& s = slot_[i];
    if (s.order == 0 || s.req_size != req.size()) continue;
    if (found != slots_ && slot_[found].order < s.order) continue;
    if (std::string_view(line_of(i), s.req_size) == req) found = i;
  }
  if (found == slots_) return std::nullopt;
  Slot& s = slot_[found];
  s.order = 0;  // forgotten; the text stays until the slot is reused
  --used_;
  return RememberedRequest{std::string_view(line_of(found), s.req_size), std::string_view(body_of(found), s.body_size),
                           s.body_known};
}

RequestParams RequestParams::of(std::string_view query, const std::optional<RememberedRequest>& request) noexcept {
  RequestParams p;
  p.query = query;
  if (request && request->body_known) {
    const std::string_view body = request->body;
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (body[first] == '{' || body[first] == '[')) {
      p.json = body;
    } else {
      p.form = body;
    }
  }
  return p;
}

std::optional<std::string_view> RequestParams::get(std::string_view key) const noexcept {
  if (auto v = query_param(query, key)) return v;
  if (!form.empty()) return query_param(form, key);
  return std::nullopt;
}

}  // namespace oex::replay
