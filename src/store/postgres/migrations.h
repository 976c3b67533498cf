#pragma once
// Numbered schema migrations for PostgreSQL, applied in order at start, as
// store/sqlite/migrations.h does for SQLite.

#include <limits>

#include "core/result.h"
#include "store/postgres/connection.h"

namespace depeche::store::postgres {

// The newest schema version this binary knows.
int latest_schema_version();

// Applies every migration above the database's version, up to `up_to`, in
// one transaction under an advisory lock (nodes starting at once apply them
// once). Returns the version reached; unsupported when the database is
// newer than this binary.
Result<int> migrate(Connection& db, int up_to = std::numeric_limits<int>::max());

}  // namespace depeche::store::postgres
