// Status and StatusOr: errors as values on the data path.
//
// Shaped like absl::Status so the code reads familiarly, but tiny: a code and
// a message. The message must never contain data taken from a record (it ends
// up in logs and dead-letter headers); say where and why, not what.
// Copyable and movable; thread-compatible.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace scrubline {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input (record, file, flag) is malformed
  kNotFound,            // a file, key or entry does not exist
  kFailedPrecondition,  // the system is not in a state to do this
  kResourceExhausted,   // a limit was hit (size, depth, queue)
  kUnavailable,         // a transient failure (broker down); retry may help
  kDataLoss,            // authentication or integrity failed (tampered data)
  kInternal,            // a bug or a library failure
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message" for logs and errors shown to operators.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status DataLossError(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

// Holds either a value or a non-OK Status. Accessing value() of an error is a
// bug (asserted).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit like absl
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "StatusOr needs a value or an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace scrubline

// Propagates a non-OK Status from an expression.
#define SCRUBLINE_RETURN_IF_ERROR(expr)          \
  do {                                           \
    ::scrubline::Status _st = (expr);            \
    if (!_st.ok()) return _st;                   \
  } while (0)
