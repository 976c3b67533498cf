#include "app/backup.h"

#include <iostream>
#include <system_error>

#include "app/runtime.h"
#include "store/sqlite/sqlite_store.h"

namespace depeche::app {
namespace {

namespace fs = std::filesystem;

// The database's name inside a backup folder.
constexpr const char* kBackupDatabase = "depeche.db";

int fail(const std::string& message, int code = 1) {
  std::cerr << "depeche: " << message << "\n";
  return code;
}

struct Copied {
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
};

// Copies the pictures of one flat media folder into another, each under a
// hidden name first and renamed, skipping names already there: pictures are
// named after their content. Hidden files (writes in progress) are left.
Result<Copied> copy_media(const fs::path& from, const fs::path& to) {
  Copied copied;
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return copied;
  fs::create_directories(to, ec);
  if (ec) return make_error(ErrorCode::io, "cannot create " + to.string() + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || name.starts_with(".")) continue;
    fs::path target = to / name;
    if (fs::exists(target, ec)) continue;
    fs::path partial = to / ("." + name + ".partial");
    fs::copy_file(entry.path(), partial, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(partial, target, ec);
    if (ec) {
      fs::remove(partial, ec);
      return make_error(ErrorCode::io,
                        "cannot copy " + entry.path().string() + ": " + ec.message());
    }
    ++copied.files;
    copied.bytes += entry.file_size(ec);
  }
  if (ec) return make_error(ErrorCode::io, "cannot list " + from.string() + ": " + ec.message());
  return copied;
}

}  // namespace

// A PostgreSQL site is backed up with PostgreSQL's own tools, which copy a
// live database consistently and restore it on any server.
constexpr const char* kPostgresBackupHint =
    "this site's database is PostgreSQL: back it up with pg_dump and restore it with "
    "pg_restore (docs/deployment.md); copy the media folder beside it";

int run_backup(const Config& config, const fs::path& dest) {
  if (uses_postgres(config)) return fail(kPostgresBackupHint, 2);
  auto db = sqlite_path(config);
  if (!db) return fail(db.error().message, 2);
  std::error_code ec;
  if (!fs::is_regular_file(*db, ec)) return fail("no database at " + *db, 2);
  if (fs::exists(dest, ec) && !(fs::is_directory(dest, ec) && fs::is_empty(dest, ec))) {
    return fail(dest.string() + " exists and is not an empty folder");
  }
  bool created = fs::create_directories(dest, ec);
  if (ec) return fail("cannot create " + dest.string() + ": " + ec.message());
  auto rt = Runtime::open(config);
  if (!rt) return fail(rt.error().message, 2);
  auto copied = (*rt)->store().backup_to(dest / kBackupDatabase);
  Result<Copied> media = copied ? copy_media((*rt)->media_dir(), dest / "media") : Copied{};
  if (!copied || !media) {
    if (created) fs::remove_all(dest, ec);
    return fail("backup failed: " + (copied ? media.error() : copied.error()).message);
  }
  std::cout << "backed up " << *db << " (" << fs::file_size(dest / kBackupDatabase, ec)
            << " bytes) and " << media->files << " pictures to " << dest.string() << "\n";
  return 0;
}

int run_restore(const Config& config, const fs::path& source, Replace replace) {
  std::error_code ec;
  bool folder = fs::is_directory(source, ec);
  fs::path source_db = folder ? source / kBackupDatabase : source;
  if (uses_postgres(config)) return fail(kPostgresBackupHint, 2);
  auto db = sqlite_path(config);
  if (!db) return fail(db.error().message);
  fs::create_directories(config.data_dir, ec);
  if (ec) return fail("cannot create " + config.data_dir.string() + ": " + ec.message());
  auto restored =
      store::sqlite::restore_store(source_db.string(), *db,
                                   replace == Replace::allow ? store::sqlite::Overwrite::allow
                                                             : store::sqlite::Overwrite::refuse);
  if (!restored) {
    std::string hint = restored.error().code == ErrorCode::conflict && replace == Replace::refuse
                           ? " (--force replaces it)"
                           : "";
    return fail("restore refused: " + restored.error().message + hint);
  }
  Copied pictures;
  if (folder) {
    auto media = copy_media(source / "media", config.data_dir / "media");
    if (!media) return fail("database restored, but pictures failed: " + media.error().message);
    pictures = *media;
  }
  // The index follows revisions of the database it was built from: with
  // another database in place it would miss changes. The server rebuilds it.
  fs::remove_all(config.data_dir / "search", ec);
  std::cout << "restored " << *db << " from " << source_db.string() << " and " << pictures.files
            << " pictures; the search index is rebuilt when the server starts\n";
  return 0;
}

}  // namespace depeche::app
