#pragma once
// Copies of the SQLite database while it is in use, and putting one back.

#include <string>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"

namespace depeche::store::sqlite {

// Writes a copy of `source`'s database to `dest_path`, which must not exist
// (conflict otherwise). The copy is written to a temporary file beside it,
// checked, switched to a self-contained rollback journal (no -wal file to
// carry along) and renamed into place, so `dest_path` is either absent or
// complete, even if the process dies half-way.
Status backup_database(Connection& source, const std::string& dest_path);

// restore_store (sqlite_store.h) is defined in backup.cc too.

}  // namespace depeche::store::sqlite
