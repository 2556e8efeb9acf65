#pragma once
// A value or a typed error, in the manner of simdjson's result<T>: no exceptions, no allocation.
#include <type_traits>
#include <utility>

#include "oex/core/error.hpp"

namespace oex {

template <class T, class E = Error>
class [[nodiscard]] Result {
  static_assert(std::is_default_constructible_v<T>, "Result<T> keeps a default T beside the error");

 public:
  constexpr Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)), error_(E{}) {}
  constexpr Result(E error) noexcept : value_(), error_(error) {}  // NOLINT: implicit by design

  [[nodiscard]] constexpr bool ok() const noexcept { return error_ == E{}; }
  constexpr explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] constexpr E error() const noexcept { return error_; }

  // Reading the value of a failed result is a logic error: it returns the default value.
  [[nodiscard]] constexpr const T& value() const& noexcept { return value_; }
  [[nodiscard]] constexpr T& value() & noexcept { return value_; }
  [[nodiscard]] constexpr T&& value() && noexcept { return std::move(value_); }
  constexpr const T& operator*() const& noexcept { return value_; }
  constexpr T& operator*() & noexcept { return value_; }
  constexpr const T* operator->() const noexcept { return &value_; }
  constexpr T* operator->() noexcept { return &value_; }

 private:
  T value_;
  E error_;
};

}  // namespace oex
