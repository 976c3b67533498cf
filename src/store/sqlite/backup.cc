#include "store/sqlite/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace depeche::store::sqlite {
namespace {

namespace fs = std::filesystem;

// A temporary file removed on destruction unless kept.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) { remove(); }
  ~TempFile() {
    if (!kept_) remove();
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  void remove() {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
  }
  std::string path_;
  bool kept_ = false;
};

// A rename is only durable once the folder that holds the name is synced.
void sync_folder(const fs::path& file) {
  fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

Status rename_into_place(TempFile& temp, const std::string& dest) {
  std::error_code ec;
  fs::rename(temp.path(), dest, ec);
  if (ec) return make_error(ErrorCode::io, "cannot rename into " + dest + ": " + ec.message());
  temp.keep();
  sync_folder(dest);
  return {};
}

// Copies `source` into a fresh file at `temp` and checks the result. The
// file is left in rollback-journal mode: one self-contained file.
Status copy_and_check(Connection& source, const std::string& temp) {
  auto dest = DEPECHE_TRY(Connection::open_plain(temp, OpenMode::read_write));
  DEPECHE_TRY(source.copy_into(*dest));
  DEPECHE_TRY(dest->exec("PRAGMA journal_mode=DELETE"));
  auto found = DEPECHE_TRY(dest->integrity_check());
  if (found != "ok")
    return make_error(ErrorCode::io, "the copy fails its integrity check: " + found);
  return {};
}

}  // namespace

Status backup_database(Connection& source, const std::string& dest_path) {
  if (fs::exists(dest_path)) {
    return make_error(ErrorCode::conflict, dest_path + " already exists");
  }
  TempFile temp(dest_path + ".partial");
  DEPECHE_TRY(copy_and_check(source, temp.path()));
  return rename_into_place(temp, dest_path);
}

Status restore_store(const std::string& source_path, const std::string& target_path,
                     Overwrite overwrite) {
  if (!fs::is_regular_file(source_path)) {
    return make_error(ErrorCode::not_found, "no database at " + source_path);
  }
  auto source = DEPECHE_TRY(Connection::open_plain(source_path, OpenMode::read_only));
  auto found = source->integrity_check();
  if (!found) {
    return make_error(ErrorCode::invalid_input,
                      source_path + " is not a readable database: " + found.error().message);
  }
  if (*found != "ok") {
    return make_error(ErrorCode::invalid_input,
                      source_path + " fails its integrity check: " + *found);
  }
  // Held until the rename: no depeche may open the target meanwhile.
  std::unique_ptr<Connection> lock;
  if (fs::exists(target_path)) {
    if (overwrite == Overwrite::refuse) {
      return make_error(ErrorCode::conflict, target_path + " already exists");
    }
    lock = DEPECHE_TRY(Connection::open_plain(target_path, OpenMode::read_write));
    auto locked = lock->lock_exclusively();
    if (!locked) {
      return make_error(ErrorCode::conflict,
                        target_path + " is open in another process (stop the server first)");
    }
  }
  TempFile temp(target_path + ".restoring");
  DEPECHE_TRY(copy_and_check(*source, temp.path()));
  // The old database's WAL would be replayed onto the new file: it is
  // folded into the old one first, while the lock keeps others out.
  if (lock) DEPECHE_TRY(lock->exec("PRAGMA journal_mode=DELETE"));
  std::error_code ec;
  fs::remove(target_path + "-wal", ec);
  fs::remove(target_path + "-shm", ec);
  return rename_into_place(temp, target_path);
}

}  // namespace depeche::store::sqlite
