#pragma once
// Expected failures as values: every fallible call in depeche returns Result<T>.
// Exceptions are kept for programmer errors and for failures that end a whole
// operation; third-party exceptions are converted to Error inside their wrapper.

#include <chrono>
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace depeche {

// What went wrong, coarse enough to map to an HTTP status or a CLI exit code
// in one table (web/errors.cc), fine enough to choose a French message.
enum class ErrorCode {
  invalid_input,  // the caller sent something malformed
  unsupported,    // well-formed, but a format or feature we do not handle
  not_found,
  conflict,  // a concurrent or out-of-order change was refused
  too_large,
  gone,  // withdrawn content
  unauthorized,
  forbidden,
  rate_limited,  // too many attempts: try again after Error::retry_after
  io,        // file system, network, database I/O
  internal,  // a bug or an impossible state
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // for logs and CLI lines; not shown to readers as is
  std::chrono::seconds retry_after{0};  // rate_limited: how long to wait
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// The code as one snake_case word ("not_found"), as the API shows it.
const char* to_string(ErrorCode code);

// Result<T> holds either a value or an Error. Accessing the wrong side is a
// programmer error (asserted), so callers test ok() first or use DEPECHE_TRY.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace depeche

// DEPECHE_TRY(expr): evaluates a Result; on error returns the Error from the
// enclosing function, otherwise yields the value (GNU statement expression,
// supported by g++ and clang).
#define DEPECHE_TRY(expr)                                                         \
  ({                                                                              \
    auto&& depeche_try_result_ = (expr);                                          \
    if (!depeche_try_result_.ok()) return std::move(depeche_try_result_).error(); \
    std::move(depeche_try_result_).value();                                       \
  })
