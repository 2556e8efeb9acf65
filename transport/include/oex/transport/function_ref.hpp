#pragma once
// A non-owning reference to a callable: one indirect call, no allocation, no virtual table. The
// callable must outlive every call through the reference.
#include <type_traits>
#include <utility>

namespace oex::transport {

template <class Sig>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  FunctionRef() noexcept = default;
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> && std::is_invocable_r_v<R, F&, Args...>)
  FunctionRef(F& f) noexcept  // NOLINT: implicit by design
      : object_(static_cast<void*>(&f)), call_([](void* o, Args... a) -> R {
          return (*static_cast<F*>(o))(std::forward<Args>(a)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }
  explicit operator bool() const noexcept { return call_ != nullptr; }

 private:
  void* object_ = nullptr;
  R (*call_)(void*, Args...) = nullptr;
};

}  // namespace oex::transport
