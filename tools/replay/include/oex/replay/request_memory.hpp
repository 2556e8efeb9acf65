#pragma once
// The HTTP requests a capture sent (`dir:"out"`, `ch:"http"`), remembered until their answers
// come: an answer (`dir:"in"`) takes the oldest remembered request with the same request line,
// whose body then gives the parameters the request line does not carry (a POST's or DELETE's
// form or JSON body).
//
// One RequestFifo per venue: a fixed number of slots (64 by default), each holding bounded
// copies of a request line and a body, all allocated at construction; remember() and take()
// allocate nothing. When
// every slot is taken the oldest request is forgotten (its answer, if it ever comes, decodes
// with what its own request line gives). A request line too long for a slot is not remembered;
// a body too long for it is remembered as unknown, never cut short.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace oex::replay {

struct RememberedRequest {
  std::string_view req;   // "METHOD /path?query", as the out record gave it
  std::string_view body;  // empty when there was none
  bool body_known = true; // false: the body did not fit and was not kept
};

class RequestFifo {
 public:
  static constexpr std::size_t kDefaultSlots = 64;
  static constexpr std::size_t kDefaultLineCapacity = 512;
  static constexpr std::size_t kDefaultBodyCapacity = 2048;

  explicit RequestFifo(std::size_t slots = kDefaultSlots, std::size_t line_capacity = kDefaultLineCapacity,
                       std::size_t body_capacity = kDefaultBodyCapacity);

  void remember(std::string_view req, std::string_view body) noexcept;
  // The oldest remembered request whose line is `req`, forgotten as it is taken. Its views stay
  // valid until the next remember().
  [[nodiscard]] std::optional<RememberedRequest> take(std::string_view req) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return used_; }  // requests remembered now
  [[nodiscard]] std::size_t capacity() const noexcept { return slots_; }

 private:
  struct Slot {
    std::uint64_t order = 0;  // 0: free; otherwise when it was remembered (larger is newer)
    std::size_t req_size = 0;
    std::size_t body_size = 0;
    bool body_known = true;
  };
  [[nodiscard]] char* line_of(std::size_t i) const noexcept { return text_.get() + i * (line_capacity_ + body_capacity_); }
  [[nodiscard]] char* body_of(std::size_t i) const noexcept { return line_of(i) + line_capacity_; }

  std::size_t slots_;
  std::size_t line_capacity_;
  std::size_t body_capacity_;
  std::unique_ptr<Slot[]> slot_;
  std::unique_ptr<char[]> text_;
  std::uint64_t next_order_ = 1;
  std::size_t used_ = 0;
};

// The parameters of a request an answer answers: the request line's query first, then the
// remembered body when it is x-www-form-urlencoded (values as sent, not percent-decoded). A
// JSON body (first byte `{` or `[`) is not read here: the caller reads what its venue needs.
struct RequestParams {
  std::string_view query;
  std::string_view form;  // the remembered form body, empty when none (or JSON, or unknown)
  std::string_view json;  // the remembered JSON body, empty when none

  static RequestParams of(std::string_view query, const std::optional<RememberedRequest>& request) noexcept;
  [[nodiscard]] std::optional<std::string_view> get(std::string_view key) const noexcept;
  [[nodiscard]] std::string_view get_or_empty(std::string_view key) const noexcept {
    return get(key).value_or(std::string_view{});
  }
};

}  // namespace oex::replay
