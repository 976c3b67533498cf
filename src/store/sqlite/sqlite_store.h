#pragma once
// The embedded default backend: one SQLite file in the data dir, WAL mode.

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::store::sqlite {

// Connections kept open for concurrent readers; writers queue in SQLite.
inline constexpr int kMaxConnections = 8;

// Opens or creates the database at `path` (":memory:" gives a private
// in-memory database with a single connection) and applies the migrations.
// The clock stamps when each version was received.
Result<std::unique_ptr<Store>> open_store(const std::string& path, const Clock& clock);

// How restore treats a database already at the target.
enum class Overwrite { refuse, allow };

// Puts back a copy written by Store::backup_to: checks `backup_file`'s
// integrity (invalid_input when it fails), refuses (conflict) an existing
// database at `path` unless `overwrite` allows it, and always one that a
// process has open. The database at `path` is replaced whole, or not at all.
Status restore_store(const std::string& backup_file, const std::string& path, Overwrite overwrite);

}  // namespace depeche::store::sqlite
