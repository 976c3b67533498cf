#pragma once
// Times in SQLite columns are Unix seconds (UTC); these convert both ways.

#include <cstdint>

#include "core/time.h"

namespace depeche::store::sqlite {

inline std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}

inline Timestamp from_unix(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

}  // namespace depeche::store::sqlite
