#pragma once
// What every simulated venue shares: its exchange, its connected sessions, rate limiting, and
// the fault gate every notification passes through (drop, duplicate, reorder, delay, corrupt),
// plus the faults that act on requests (reject orders, throttle, skip a book sequence number).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "exchange.hpp"
#include "session.hpp"

namespace oex::sim {

struct Faults {
  std::uint32_t drop_ppm = 0;       // notifications dropped, per million
  std::uint32_t duplicate_ppm = 0;  // sent twice
  std::uint32_t reorder_ppm = 0;    // held back and sent after the next one
  std::uint32_t corrupt_ppm = 0;    // one payload byte flipped
  std::uint32_t skip_seq_ppm = 0;   // a book sequence number skipped
  std::uint32_t reject_ppm = 0;     // orders refused as the venue refuses them
  std::int64_t delay_ms = 0;        // every notification sent this much later
  bool throttle = false;            // every request answered with the venue's rate-limit error
};

// Parses "name=value" pairs (`drop=0.1`, `delay_ms=50`, `throttle=1`) into `faults`; false on
// an unknown name or a bad value.
[[nodiscard]] bool apply_fault_setting(Faults& faults, std::string_view name, std::string_view value);

// Fixed-window request counter (the documents state limits per second).
class RateLimit {
 public:
  explicit RateLimit(std::uint32_t per_second = 0) : per_second_(per_second) {}
  // True when the request is within the limit; 0 means unlimited.
  [[nodiscard]] bool allow(std::int64_t now_ms) noexcept {
    if (per_second_ == 0) return true;
    if (now_ms / 1000 != window_) {
      window_ = now_ms / 1000;
      count_ = 0;
    }
    return ++count_ <= per_second_;
  }

 private:
  std::uint32_t per_second_;
  std::int64_t window_ = 0;
  std::uint32_t count_ = 0;
};

struct Credentials {
  std::string api_key;
  std::string secret;
  std::string user_id;       // Cryptomus `userId`, GCT's push `userId`
  std::string pay_password;  // GCT `payPwd`
};

// Runs `action` after `delay_ms` on the server's loop (a plain call in-process).
using Scheduler = std::function<void(std::int64_t delay_ms, std::function<void()> action)>;

class Venue : public Handler, public ExchangeListener {
 public:
  Venue(std::string name, Credentials credentials, std::unique_ptr<Exchange> exchange, std::uint64_t fault_seed);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] Exchange& exchange() noexcept { return *exchange_; }
  [[nodiscard]] const Credentials& credentials() const noexcept { return credentials_; }
  Faults& faults() noexcept { return faults_; }
  void set_scheduler(Scheduler scheduler) { scheduler_ = std::move(scheduler); }
  void set_rate_limits(bool enforced) noexcept { rate_limits_ = enforced; }
  // The start-line fields after "venue" (rest, ws, ...), given the base URLs.
  [[nodiscard]] virtual std::string endpoints(const std::string& https, const std::string& wss) const = 0;

  // Called about once a second with the wall clock (idle timeouts).
  virtual void tick(std::int64_t now_ms) { (void)now_ms; }
  // Ends every connected session (the control endpoint's disconnect).
  void disconnect_all();
  // The control endpoint's POST /algo_order: a trigger order for the client from `params`
  // (symbol, side, amount, trigger_price, algo_price). True with the algo order's id in
  // `answer`, or false with an error message there. Only venues with algo orders have one.
  virtual bool place_algo_order(const Params& params, std::string& answer) {
    (void)params;
    answer = "venue " + name_ + " has no algo orders";
    return false;
  }
  void on_close(Session& session) override;
  void register_session(Session& session);

 protected:
  // Sends a notification through the fault gate.
  void notify(Session& session, std::string payload, bool binary);
  // Whether the reject-orders fault refuses this order.
  [[nodiscard]] bool inject_reject() { return faults_.reject_ppm != 0 && fault_rng_.chance(faults_.reject_ppm); }
  [[nodiscard]] bool inject_skip_seq() { return faults_.skip_seq_ppm != 0 && fault_rng_.chance(faults_.skip_seq_ppm); }
  [[nodiscard]] bool rate_limits() const noexcept { return rate_limits_; }
  // Sessions in connection order, so broadcasts are deterministic.
  std::map<std::uint64_t, Session*> sessions_;

 private:
  void send_now(std::uint64_t session_id, const std::string& payload, bool binary);

  std::string name_;
  Credentials credentials_;
  std::unique_ptr<Exchange> exchange_;
  Faults faults_;
  Rng fault_rng_;
  Scheduler scheduler_;
  bool rate_limits_ = true;
  struct Held {
    std::uint64_t session_id;
    std::string payload;
    bool binary;
  };
  std::deque<Held> held_;  // the reorder fault's held-back message
};

}  // namespace oex::sim
