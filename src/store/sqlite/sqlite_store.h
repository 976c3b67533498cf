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

}  // namespace depeche::store::sqlite
