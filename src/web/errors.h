#pragma once
// The one table from expected failures to HTTP statuses.

#include "core/result.h"

namespace depeche::web {

unsigned http_status(ErrorCode code);

}  // namespace depeche::web
