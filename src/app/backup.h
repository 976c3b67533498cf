#pragma once
// `depeche backup` and `depeche restore`: a copy of a data dir that a
// running server keeps serving through, and putting one back.
//
// A backup is a folder holding the database (depeche.db, one
// self-contained file) and media/ (the stored pictures). The search index
// is left out: it is derived from the database and rebuilt by the next
// `serve`.

#include <filesystem>

#include "app/config.h"

namespace depeche::app {

enum class Replace { refuse, allow };

// Writes a backup of the configured store and media into `dest`, a folder
// that must not exist or be empty. Safe while a server or an ingest runs:
// the database is copied as of one moment, in steps, without holding
// writers up; the pictures are copied after it, so every picture the copy
// names is there. Exit 0 when written, 1 when refused or failed (reason on
// stderr, nothing left at `dest` but what was there), 2 when the store
// could not be opened.
int run_backup(const Config& config, const std::filesystem::path& dest);

// Puts back a backup (the folder, or just its database file) into the
// configured data dir: checks the database's integrity first, refuses an
// existing database unless `replace` allows it and always while a process
// has it open, replaces it whole, adds the backup's pictures and drops the
// search index so that it is rebuilt. Exit 0 when restored, 1 otherwise.
int run_restore(const Config& config, const std::filesystem::path& source, Replace replace);

}  // namespace depeche::app
