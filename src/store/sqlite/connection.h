#pragma once
// Thin RAII wrappers over the SQLite C API. SQLite errors stop here: every
// call returns a Result, nothing throws.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace depeche::store::sqlite {

// How long a writer waits for another writer before giving up.
inline constexpr int kBusyTimeoutMs = 5000;

class Statement;

// How many distinct statements one connection keeps prepared. The hot SQL is
// a few dozen fixed texts (store/sqlite/hot_sql.h); the bound keeps a caller
// that builds SQL text on the fly from growing the cache without end: past
// it, cached() prepares a statement that is finalised after use.
inline constexpr std::size_t kMaxCachedStatements = 128;

// How an online copy shares the database with its other users: it copies
// this many pages (4 KiB each by default) per step and pauses between
// steps, so that a large copy never monopolises the disk or a CPU.
inline constexpr int kCopyPagesPerStep = 256;
inline constexpr std::chrono::milliseconds kCopyPause{2};

enum class OpenMode { read_only, read_write };

// One open database connection. Not thread-safe: one thread at a time.
class Connection {
 public:
  // Opens (creating if needed) the file and sets WAL, synchronous=NORMAL,
  // foreign keys and the busy timeout. ":memory:" is accepted for tests.
  static Result<std::unique_ptr<Connection>> open(const std::string& path);
  // Opens an existing file (read_only) or creates one (read_write) with none
  // of open()'s settings: the two ends of a copy. Fails when a read_only
  // file does not exist.
  static Result<std::unique_ptr<Connection>> open_plain(const std::string& path, OpenMode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The statement for `sql`, prepared once per connection and kept: when
  // the returned Statement is destroyed it is reset and its bindings
  // cleared, ready for the next call with the same text. Use it for
  // statements run on every request. While a cached statement is in use
  // (say, a loop still stepping it), a second call with the same text gets
  // a fresh one-off statement instead, so nesting is always safe. The
  // Statement must not outlive this connection.
  Result<Statement> cached(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;
  // Whether a transaction is open. SQLite ends one by itself on some errors
  // (disk full, I/O): a caller that went on would write outside it.
  bool in_transaction() const;

  // Copies the whole database into `dest` (replacing what it held) with
  // SQLite's online backup API, in steps of kCopyPagesPerStep pages. The
  // copy is the state of a read snapshot taken when it starts: in WAL mode a
  // snapshot blocks no writer, so other connections and processes go on
  // writing, and their changes never force the copy to start over.
  Status copy_into(Connection& dest);

  // "ok", or the problems PRAGMA integrity_check found (the first few).
  Result<std::string> integrity_check();

  // Adds one to `*commits` after every transaction this connection commits,
  // once the commit is visible to the database's other connections (the WAL
  // hook; SQLite's own automatic checkpoint, which that hook replaces, is
  // kept). For a database that is not in WAL mode (":memory:", one
  // connection) the count is taken as the commit ends. `commits` must
  // outlive the connection.
  void count_commits(std::atomic<std::uint64_t>* commits);

  // Takes the write lock with no wait and keeps it until this connection
  // closes: fails (conflict) when any other connection, in any process, has
  // the database open in WAL mode, since each of them holds a shared lock.
  Status lock_exclusively();

 private:
  // A kept statement and whether a Statement currently uses it.
  struct CachedEntry {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };
  // Looks SQL text up without copying it into a std::string.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  explicit Connection(sqlite3* db) : db_(db) {}
  Error error(std::string_view what) const;
  sqlite3* db_;
  // Element addresses stay put across rehashing, so Statements may point
  // at their entry.
  std::unordered_map<std::string, CachedEntry, TextHash, std::equal_to<>> cache_;
};

// A prepared statement; finalised on destruction, or, when it came from
// Connection::cached, reset and handed back to the connection's cache.
// Bind indexes start at 1.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  // String literals would otherwise pick bind(double) over string_view.
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* kept_busy = nullptr)
      : db_(db), stmt_(stmt), kept_busy_(kept_busy) {}
  // Finalises an owned statement; resets and releases a cached one.
  void release();
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* kept_busy_;     // the cache entry's flag when cached; nullptr when owned
  Status bind_status_;  // the first bind failure, reported by step()
};

}  // namespace depeche::store::sqlite
