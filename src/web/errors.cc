#include "web/errors.h"

namespace depeche::web {

unsigned http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return 400;
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::gone:
      return 410;
    case ErrorCode::too_large:
      return 413;
    case ErrorCode::unsupported:
      return 415;
    case ErrorCode::io:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

}  // namespace depeche::web
