#include "store/sqlite/connection.h"

#include <sqlite3.h>

#include <thread>
#include <utility>

namespace depeche::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(ErrorCode::io, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // WAL lets readers proceed while one writer commits; synchronous=NORMAL in
  // WAL mode keeps every committed transaction across a process crash
  // (kill -9); only a power loss may drop the last commits (docs/architecture.md).
  auto st =
      conn->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!st) return std::move(st).error();
  return conn;
}

Result<std::unique_ptr<Connection>> Connection::open_plain(const std::string& path, OpenMode mode) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY
                                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(ErrorCode::io, "cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return std::unique_ptr<Connection>(new Connection(db));
}

namespace {

// SQLite's default automatic checkpoint threshold, kept when our WAL hook
// replaces the built-in one.
constexpr int kCheckpointPages = 1000;

int after_wal_commit(void* counter, sqlite3* db, const char* name, int pages) {
  static_cast<std::atomic<std::uint64_t>*>(counter)->fetch_add(1, std::memory_order_release);
  if (pages >= kCheckpointPages) {
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

int on_commit(void* counter) {
  static_cast<std::atomic<std::uint64_t>*>(counter)->fetch_add(1, std::memory_order_release);
  return 0;  // 0: let the commit go on
}

}  // namespace

void Connection::count_commits(std::atomic<std::uint64_t>* commits) {
  sqlite3_wal_hook(db_, after_wal_commit, commits);
  // The WAL hook is silent outside WAL mode; there the commit hook stands in.
  auto mode = prepare("PRAGMA journal_mode");
  if (!mode) return;
  auto row = mode->step();
  if (row && *row && mode->column_text(0) != "wal") {
    sqlite3_commit_hook(db_, on_commit, commits);
  }
}

Connection::~Connection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

Error Connection::error(std::string_view what) const {
  return make_error(ErrorCode::io, std::string(what) + ": " + sqlite3_errmsg(db_));
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* msg = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return make_error(ErrorCode::io, "sqlite: " + m);
  }
  return {};
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return error("sqlite prepare");
  }
  return Statement(db_, stmt);
}

Result<Statement> Connection::cached(std::string_view sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end()) {
    if (found->second.busy) return prepare(sql);
    found->second.busy = true;
    return Statement(db_, found->second.stmt, &found->second.busy);
  }
  if (cache_.size() >= kMaxCachedStatements) return prepare(sql);
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT tells SQLite the statement lives long, so that it takes its
  // memory from the heap rather than the small lookaside pool.
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error("sqlite prepare");
  }
  auto& entry = cache_.emplace(std::string(sql), CachedEntry{stmt, true}).first->second;
  return Statement(db_, stmt, &entry.busy);
}

std::int64_t Connection::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_);
}
int Connection::changes() const {
  return sqlite3_changes(db_);
}
bool Connection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

Status Connection::copy_into(Connection& dest) {
  // The snapshot: a read transaction held for the whole copy. Without it
  // each step would see the latest commit and restart the copy whenever
  // another connection wrote, which on a busy site could be forever.
  DEPECHE_TRY(exec("BEGIN"));
  {
    // A deferred transaction takes its snapshot at its first read, and
    // keeps it after the statement is done.
    auto read = prepare("SELECT count(*) FROM sqlite_schema");
    Status started = read ? read->run() : Status(std::move(read).error());
    if (!started) {
      (void)exec("ROLLBACK");
      return started;
    }
  }
  sqlite3_backup* copy = sqlite3_backup_init(dest.db_, "main", db_, "main");
  if (!copy) {
    (void)exec("ROLLBACK");
    return dest.error("sqlite backup");
  }
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(copy, kCopyPagesPerStep);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(kCopyPause);
  }
  int finished = sqlite3_backup_finish(copy);
  (void)exec("ROLLBACK");  // ends the read snapshot
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    return make_error(ErrorCode::io, std::string("sqlite backup: ") +
                                         sqlite3_errstr(rc == SQLITE_DONE ? finished : rc));
  }
  return {};
}

Result<std::string> Connection::integrity_check() {
  auto s = DEPECHE_TRY(prepare("PRAGMA integrity_check(10)"));
  std::string found;
  while (DEPECHE_TRY(s.step())) {
    if (!found.empty()) found += "; ";
    found += s.column_text(0);
  }
  return found;
}

Status Connection::lock_exclusively() {
  sqlite3_busy_timeout(db_, 0);
  auto st = exec("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  if (!st) return make_error(ErrorCode::conflict, "database in use: " + st.error().message);
  return {};
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      kept_busy_(std::exchange(other.kept_busy_, nullptr)),
      bind_status_(std::move(other.bind_status_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    kept_busy_ = std::exchange(other.kept_busy_, nullptr);
    bind_status_ = std::move(other.bind_status_);
  }
  return *this;
}

Statement::~Statement() {
  release();
}

void Statement::release() {
  if (!stmt_) return;
  if (kept_busy_) {
    // Reset ends any read the statement still holds open, so that a kept
    // statement never pins an old snapshot of the database.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *kept_busy_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

namespace {
Status bind_result(sqlite3* db, int rc) {
  if (rc == SQLITE_OK) return {};
  return make_error(ErrorCode::internal, std::string("sqlite bind: ") + sqlite3_errmsg(db));
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  auto st = bind_result(db_, sqlite3_bind_int64(stmt_, index, value));
  if (bind_status_.ok() && !st.ok()) bind_status_ = st;
  return *this;
}

Statement& Statement::bind(int index, double value) {
  auto st = bind_result(db_, sqlite3_bind_double(stmt_, index, value));
  if (bind_status_.ok() && !st.ok()) bind_status_ = st;
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  auto st = bind_result(db_, sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                                 SQLITE_TRANSIENT, SQLITE_UTF8));
  if (bind_status_.ok() && !st.ok()) bind_status_ = st;
  return *this;
}

Statement& Statement::bind_null(int index) {
  auto st = bind_result(db_, sqlite3_bind_null(stmt_, index));
  if (bind_status_.ok() && !st.ok()) bind_status_ = st;
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_status_.ok()) return bind_status_.error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ErrorCode code = (rc == SQLITE_CONSTRAINT) ? ErrorCode::conflict : ErrorCode::io;
  return make_error(code, std::string("sqlite step: ") + sqlite3_errmsg(db_));
}

Status Statement::run() {
  auto r = step();
  if (!r) return std::move(r).error();
  return {};
}

std::int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

double Statement::column_double(int index) const {
  return sqlite3_column_double(stmt_, index);
}

std::string Statement::column_text(int index) const {
  auto* p = sqlite3_column_text(stmt_, index);
  int n = sqlite3_column_bytes(stmt_, index);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace depeche::store::sqlite
