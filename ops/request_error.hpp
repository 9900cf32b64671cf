// Why a request (an HTTP body, a CLI argument, a simulator action) was
// refused: the HTTP status it earns, the field at fault and a sentence a user
// can act on. Nothing of a refused request is stored.
#pragma once

#include <expected>
#include <string>

namespace ops {

struct RequestError {
  int status = 400;     // 400 malformed/invalid, 401, 404 unknown id, 409 illegal now, 413 …
  std::string field;    // "lat", "service_code", "readings[3].value", "" when the whole body
  std::string message;  // "lat: 138.2 is not a latitude (−90…90); were lat and long swapped?"
};

template <typename T>
using Checked = std::expected<T, RequestError>;

inline std::unexpected<RequestError> Refuse(int status, std::string field, std::string message) {
  return std::unexpected(RequestError{status, std::move(field), std::move(message)});
}

}  // namespace ops
