#include "oex/replay/tcp_reassembly.hpp"

namespace oex::replay {

void TcpDirection::on_syn(std::uint32_t isn) noexcept {
  if (started_) return;  // a retransmitted SYN
  started_ = true;
  base_ = isn + 1;
  next_ = isn + 1;
}

std::string_view TcpDirection::on_segment(std::uint32_t seq, std::string_view payload) {
  delivered_.clear();
  if (payload.empty()) return {};
  if (!started_) {  // the capture began mid-connection: the first data seen starts the stream
    started_ = true;
    base_ = seq;
    next_ = seq;
  }
  const auto ahead = static_cast<std::int32_t>(seq - next_);
  if (ahead < 0) {
    const std::size_t old = static_cast<std::size_t>(-static_cast<std::int64_t>(ahead));
    if (old >= payload.size()) {
      retransmitted_ += payload.size();
      return {};
    }
    retransmitted_ += old;
    payload.remove_prefix(old);
    seq = next_;
  } else if (ahead > 0) {
    std::string& slot = waiting_[seq - base_];
    if (payload.size() > slot.size()) slot.assign(payload);
    return {};
  }
  delivered_.append(payload);
  next_ += static_cast<std::uint32_t>(payload.size());
  // Segments that waited for this one.
  while (!waiting_.empty()) {
    auto first = waiting_.begin();
    const std::uint32_t offset = first->first;
    const std::uint32_t next_offset = next_ - base_;
    if (offset > next_offset) break;
    const std::size_t overlap = next_offset - offset;
    if (overlap < first->second.size()) {
      delivered_.append(first->second, overlap, std::string::npos);
      next_ += static_cast<std::uint32_t>(first->second.size() - overlap);
      retransmitted_ += overlap;
    } else {
      retransmitted_ += first->second.size();
    }
    waiting_.erase(first);
  }
  return delivered_;
}

}  // namespace oex::replay
