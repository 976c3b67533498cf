#pragma once
// `depeche migrate`: moves a site from its SQLite file up to PostgreSQL
// when one node is no longer enough (store/site_copy.h does the copy and
// says what it copies, what it checks and why it can be run again).

#include <optional>
#include <string>

#include "app/config.h"
#include "core/result.h"

namespace depeche::app {

// Where `--from` names the SQLite file: "sqlite:PATH", "sqlite://PATH" or a
// plain path. A PostgreSQL URL or another scheme is invalid_input.
Result<std::string> migrate_source_path(const std::string& from);

// Copies the site of the SQLite file `from` (nullopt: the configured one,
// in the data folder by default) into the PostgreSQL database `to`
// ("postgresql://…" or "postgres://…"). Prints one line per table ("articles:
// 1234 copied, 1234 in PostgreSQL"), then that a search index built on
// SQLite must be rebuilt, and where pictures' files live, which the copy
// leaves in the media folder (the closing line). Exit 0 when every count matches, 1
// when one differs (listed on stderr), 2 on an error (nothing checked).
int run_migrate(const Config& config, const std::optional<std::string>& from,
                const std::string& to);

}  // namespace depeche::app
