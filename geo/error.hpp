// The error value every expected failure carries: a code a program can act on
// and a sentence a person can act on (it names the file, field, line or value).
#pragma once

#include <expected>
#include <string>

namespace geo {

enum class ErrorCode {
  kNotFound,      // a path or item that does not exist
  kUnreadable,    // exists, but cannot be opened or parsed
  kInvalidInput,  // parsed, but a value is wrong (bad CRS, bad code, bad geometry)
  kUnsupported,   // valid, but not something gridops handles
  kInternal,      // a library failed in a way the input does not explain
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

}  // namespace geo
