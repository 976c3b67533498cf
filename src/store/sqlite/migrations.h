#pragma once
// Numbered schema migrations, applied in order at start. A migration, once
// released, is never edited: add a new one instead.

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace depeche::store::sqlite {

// Applies every migration newer than the database's schema version, each in
// its own transaction. Returns the schema version reached.
Result<int> migrate(Connection& db);

// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace depeche::store::sqlite
