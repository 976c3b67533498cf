#pragma once
// Moving a site up from its SQLite file to PostgreSQL, when one node is no
// longer enough (`depeche migrate`). Nothing above src/store knows SQL: this
// is the one front door for the copy.
//
// What is copied: every table that holds the site itself (articles and
// their versions, held dispatches, pictures' and packages' records, users,
// sessions, failed sign-ins, comments, reports, reporters' records,
// moderation decisions, bans, thread decisions, settings, cluster prints
// and keys), primary keys kept, so links and sessions stay valid. What is
// left out is derived and rebuilt by PostgreSQL's triggers as the rows
// arrive: the change log, the kept counts, articles' revisions. Pictures'
// files are not in the database: they stay in the media folder.
//
// Running it again is safe and is how a site moves with little downtime:
// copy while SQLite still serves, stop the node, copy again (only what is
// new or changed is written), start the PostgreSQL nodes. Each run makes
// PostgreSQL a copy of the SQLite file as it stood when the run began: rows
// the file no longer holds (expired sessions, released embargoes, deleted
// accounts…) are removed from PostgreSQL too. A target that is not such a
// copy is refused before anything is written: one holding another site (an
// article id or guid that the file gives to another article), or one that
// nodes already write to (articles, versions, comments, reports or
// decisions that the file never had: the file never deletes those).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace depeche::store {

// Rows sent to PostgreSQL in one statement, which is one transaction: a
// large site streams through in bounded memory, never in one transaction
// that would hold its locks and its undo for the whole copy.
inline constexpr std::size_t kCopyRowsPerBatch = 500;
// A batch also ends once its text passes this many bytes, since a few
// hundred versions of long dispatches would otherwise make one huge message.
inline constexpr std::size_t kCopyBytesPerBatch = std::size_t{8} << 20;

// One copied table after the run.
struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;  // in the SQLite file, as the run saw it
  std::int64_t target_rows = 0;  // in PostgreSQL once the run ended
  std::int64_t written = 0;      // rows this run inserted or changed
  std::int64_t removed = 0;      // rows this run removed (gone from the file)
};

struct CopyReport {
  std::vector<TableCopy> tables;  // in copy order: parents before children
  // Whether every table holds as many rows on both sides. The copy makes
  // them equal, so a difference means someone wrote to PostgreSQL during
  // the run: the target is not a pure copy and must not be trusted as one.
  bool counts_match() const;
};

// Where the copy stands, after each batch written.
struct CopyProgress {
  std::string_view table;
  std::int64_t done = 0;   // source rows of this table handled so far
  std::int64_t total = 0;  // source rows of this table
};
using CopyProgressFn = std::function<void(const CopyProgress&)>;

// Copies the site in the SQLite file at `sqlite_path` into the PostgreSQL
// database of `conninfo` (a libpq URI or keyword string), bringing both to
// the latest schema first. The file is read as one snapshot, so a node may
// keep serving from it meanwhile (what it writes after the start waits for
// the next run). Returns the report, whose counts_match() says whether the
// check passed. Errors: not_found when there is no file at `sqlite_path`
// (none is created); conflict when PostgreSQL holds another site or one
// that nodes already write to (nothing written then); invalid_input when a
// row holds text PostgreSQL cannot store (not UTF-8, or a NUL byte);
// unsupported when either database is newer than this binary; io for the
// rest. A failed run leaves whole batches behind and is completed by the
// next run. `progress`, when set, is called on this thread.
Result<CopyReport> copy_sqlite_to_postgres(const std::string& sqlite_path,
                                           const std::string& conninfo,
                                           const CopyProgressFn& progress = {});

}  // namespace depeche::store
