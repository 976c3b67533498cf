#pragma once
// Numbered schema migrations, applied in order at start. A migration, once
// released, is never edited: add a new one instead.

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace depeche::store::sqlite {

// The newest schema version this binary knows.
int latest_schema_version();

// Applies every migration newer than the database's schema version and not
// newer than `up_to`, each in its own transaction. Returns the schema
// version reached. Only tests stop short of the latest: to build a database
// as an older release left it and check what a later migration does to it.
Result<int> migrate(Connection& db, int up_to);
inline Result<int> migrate(Connection& db) {
  return migrate(db, latest_schema_version());
}

}  // namespace depeche::store::sqlite
