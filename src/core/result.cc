#include "core/result.h"

namespace depeche {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return "invalid input";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::not_found:
      return "not found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::too_large:
      return "too large";
    case ErrorCode::gone:
      return "gone";
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::rate_limited:
      return "rate limited";
    case ErrorCode::io:
      return "i/o error";
    case ErrorCode::internal:
      return "internal error";
  }
  return "unknown";
}

}  // namespace depeche
