#pragma once
// Thin RAII wrappers over libpq, shaped like store/sqlite/connection.h so
// that the two backends read alike: bind by index (from 1), step through
// rows, read columns by index (from 0). PostgreSQL errors stop here: every
// call returns a Result, nothing throws.
//
// Parameters and results travel as text (libpq's text format): numbers are
// written and read in decimal, booleans come back as "t"/"f" (column_int
// reads them as 1/0). SQL uses $1, $2… for parameters.
//
// One difference from SQLite matters to callers: a statement that fails
// inside a transaction aborts the whole transaction. Code that expects a
// constraint to refuse a row and goes on runs that statement in a savepoint
// or writes it with ON CONFLICT.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct pg_conn;
struct pg_result;

namespace depeche::store::postgres {

// How many distinct statements one connection keeps prepared on the server.
// The hot SQL is a few dozen fixed texts; past the bound, a statement is
// sent unnamed and planned each time, so text built on the fly cannot grow
// the server's memory without end.
inline constexpr std::size_t kMaxPreparedStatements = 256;

// How long connecting may take before the node gives up on the server.
inline constexpr std::chrono::seconds kConnectTimeout{10};

class Statement;

// A notification received on a channel this connection listens to.
struct Notification {
  std::string channel;
  std::string payload;
  int sender = 0;  // the notifying server process (Connection::backend_pid)
};

// One open connection to the server. Not thread-safe: one thread at a time.
class Connection {
 public:
  // Connects with a libpq connection string or URI
  // ("postgresql://user@host:5432/site", "host=… dbname=…"). The session
  // speaks UTF-8; times are Unix seconds in bigint columns, so the
  // session's time zone never matters.
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that take no parameters.
  Status exec(std::string_view sql);
  // The statement for `sql`, prepared on the server once per connection
  // (up to kMaxPreparedStatements) and reused by every later call with the
  // same text. The Statement must not outlive this connection.
  Result<Statement> cached(std::string_view sql);
  // Same as cached(): PostgreSQL keeps prepared statements per session.
  Result<Statement> prepare(std::string_view sql);

  // Whether a transaction is open (or failed and not yet rolled back).
  bool in_transaction() const;
  // Whether the connection still works; a broken one is dropped by the pool.
  bool healthy() const;

  // Adds one to `*commits` after every transaction this connection commits
  // (an explicit COMMIT, or a statement that wrote outside a transaction).
  // `commits` must outlive the connection.
  void count_commits(std::atomic<std::uint64_t>* commits) { commits_ = commits; }

  // Subscribes this connection to `channel` (LISTEN).
  Status listen(std::string_view channel);
  // Waits up to `timeout` for notifications and returns those received
  // (empty on timeout). io when the connection broke.
  Result<std::vector<Notification>> wait_notifications(std::chrono::milliseconds timeout);

  // The server's major version number (15 for 15.4).
  int server_version() const;
  // The server process serving this connection.
  int backend_pid() const;

 private:
  friend class Statement;
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  // Runs a statement and returns its result, or the error it raised.
  Result<pg_result*> run(const std::string* name, std::string_view sql,
                         const std::vector<std::optional<std::string>>& params);
  void after_statement(pg_result* r);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::atomic<std::uint64_t>* commits_ = nullptr;
};

// A statement with its parameters; executed by the first step() or run().
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, double value);
  Statement& bind(int index, bool value);
  Statement& bind(int index, std::string_view value);
  // String literals would otherwise pick bind(bool) over string_view.
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement; rows it returns are ignored.
  Status run();
  // Rows written by the statement once run (INSERT, UPDATE, DELETE).
  std::int64_t changes() const;

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class Connection;
  Statement(Connection& conn, const std::string* name, std::string sql)
      : conn_(&conn), name_(name), sql_(std::move(sql)) {}
  Status execute();
  void clear();

  Connection* conn_;
  const std::string* name_;  // the prepared statement's name; nullptr: unnamed
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  Status bind_status_;  // the first bind failure, reported by step()
  pg_result* result_ = nullptr;
  int row_ = -1;
  bool executed_ = false;
};

// A transaction of its own on one connection, rolled back when left
// without a successful commit (an error returned halfway, say).
class Transaction {
 public:
  // Sends `begin_sql` ("BEGIN", or BEGIN with the statements that must
  // open it, such as taking the writers' lock).
  static Result<Transaction> begin(Connection& db, std::string_view begin_sql = "BEGIN");
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Connection& db) : db_(&db) {}
  Connection* db_;
  bool open_ = true;
};

// Binds a LIMIT: a negative one reads every row, as LIMIT -1 does on
// SQLite (PostgreSQL refuses a negative LIMIT and reads NULL as none), so
// both backends answer alike.
void bind_limit(Statement& s, int index, std::int64_t limit);

// Array literals, bound as text to a bigint[] or text[] parameter (one
// statement for a list instead of one per element): "{1,2,3}", and
// "{\"a\",\"b\"}" with every text quoted and escaped.
std::string bigint_array(const std::vector<std::int64_t>& values);
std::string text_array(const std::vector<std::string>& values);

}  // namespace depeche::store::postgres
