#include "store/postgres/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace depeche::store::postgres {
namespace {

// What a failed statement means to the caller, from its SQLSTATE: class 23
// (a constraint refused the row), serialization failures and deadlocks are
// conflicts (the caller may try again); class 22 (a value the column cannot
// hold, such as a NUL byte or invalid UTF-8) is bad input; the rest is I/O.
ErrorCode code_of(const char* sqlstate) {
  if (!sqlstate) return ErrorCode::io;
  std::string_view s(sqlstate);
  if (s.starts_with("23") || s == "40001" || s == "40P01" || s == "55P03") {
    return ErrorCode::conflict;
  }
  if (s.starts_with("22")) return ErrorCode::invalid_input;
  return ErrorCode::io;
}

// libpq's messages end with a newline; logs want one line.
std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo) {
  // Keywords beside the caller's string: expand_dbname lets `conninfo` be a
  // URI or a keyword string, and its own settings win over ours.
  std::string timeout = std::to_string(kConnectTimeout.count());
  const char* keys[] = {"connect_timeout", "client_encoding", "application_name", "dbname",
                        nullptr};
  const char* values[] = {timeout.c_str(), "UTF8", "depeche", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) return make_error(ErrorCode::io, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return make_error(ErrorCode::io, "cannot connect to PostgreSQL: " + msg);
  }
  std::unique_ptr<Connection> c(new Connection(conn));
  // Warnings and notices (such as "relation already exists, skipping")
  // would go to stderr otherwise.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return c;
}

Connection::~Connection() {
  PQfinish(conn_);
}

bool Connection::in_transaction() const {
  auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

bool Connection::healthy() const {
  return PQstatus(conn_) == CONNECTION_OK;
}

int Connection::backend_pid() const {
  return PQbackendPID(conn_);
}

int Connection::server_version() const {
  return PQserverVersion(conn_) / 10000;
}

void Connection::after_statement(PGresult* r) {
  if (!commits_) return;
  // A write that ended outside a transaction committed: an explicit
  // COMMIT, or one statement on its own. A read changes nothing.
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return;
  std::string_view status = PQcmdStatus(r);
  if (status.starts_with("SELECT") || status.starts_with("ROLLBACK") || status.starts_with("SET") ||
      status.starts_with("LISTEN") || status.starts_with("BEGIN") || status.empty()) {
    return;
  }
  commits_->fetch_add(1, std::memory_order_acq_rel);
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  ResultPtr r(PQexec(conn_, text.c_str()));
  if (!r) return make_error(ErrorCode::io, "postgresql: " + trimmed(PQerrorMessage(conn_)));
  auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return make_error(code_of(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE)),
                      "postgresql: " + trimmed(PQresultErrorMessage(r.get())));
  }
  after_statement(r.get());
  return {};
}

Result<Statement> Connection::cached(std::string_view sql) {
  std::string text(sql);
  if (auto it = prepared_.find(text); it != prepared_.end()) {
    return Statement(*this, &it->second, std::move(text));
  }
  if (prepared_.size() >= kMaxPreparedStatements) return Statement(*this, nullptr, std::move(text));
  std::string name = "s" + std::to_string(prepared_.size() + 1);
  ResultPtr r(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    std::string msg = r ? trimmed(PQresultErrorMessage(r.get())) : trimmed(PQerrorMessage(conn_));
    ErrorCode code = r ? code_of(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE)) : ErrorCode::io;
    // A statement that does not prepare is a bug in our SQL, unless the
    // connection failed.
    if (code == ErrorCode::io && healthy()) code = ErrorCode::internal;
    return make_error(code, "postgresql prepare: " + msg + " in: " + text.substr(0, 200));
  }
  auto [it, inserted] = prepared_.emplace(text, std::move(name));
  return Statement(*this, &it->second, std::move(text));
}

Result<Statement> Connection::prepare(std::string_view sql) {
  return cached(sql);
}

Result<PGresult*> Connection::run(const std::string* name, std::string_view sql,
                                  const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  int n = static_cast<int>(values.size());
  PGresult* raw = nullptr;
  if (name) {
    raw = PQexecPrepared(conn_, name->c_str(), n, values.data(), nullptr, nullptr, 0);
  } else {
    std::string text(sql);
    raw = PQexecParams(conn_, text.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0);
  }
  ResultPtr r(raw);
  if (!r) return make_error(ErrorCode::io, "postgresql: " + trimmed(PQerrorMessage(conn_)));
  auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return make_error(code_of(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE)),
                      "postgresql: " + trimmed(PQresultErrorMessage(r.get())));
  }
  after_statement(r.get());
  return r.release();
}

Status Connection::listen(std::string_view channel) {
  char* quoted = PQescapeIdentifier(conn_, channel.data(), channel.size());
  if (!quoted) return make_error(ErrorCode::io, "postgresql: " + trimmed(PQerrorMessage(conn_)));
  std::string sql = std::string("LISTEN ") + quoted;
  PQfreemem(quoted);
  return exec(sql);
}

Result<std::vector<Notification>> Connection::wait_notifications(
    std::chrono::milliseconds timeout) {
  std::vector<Notification> out;
  auto drain = [&] {
    while (PGnotify* n = PQnotifies(conn_)) {
      out.push_back({n->relname, n->extra ? n->extra : "", n->be_pid});
      PQfreemem(n);
    }
  };
  if (PQconsumeInput(conn_) == 0) {
    return make_error(ErrorCode::io, "postgresql: " + trimmed(PQerrorMessage(conn_)));
  }
  drain();
  if (!out.empty()) return out;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return make_error(ErrorCode::io, "postgresql: connection lost");
  int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready < 0) return out;  // interrupted: the caller waits again
  if (ready > 0) {
    if (PQconsumeInput(conn_) == 0) {
      return make_error(ErrorCode::io, "postgresql: " + trimmed(PQerrorMessage(conn_)));
    }
    drain();
  }
  return out;
}

Statement::Statement(Statement&& other) noexcept
    : conn_(other.conn_),
      name_(other.name_),
      sql_(std::move(other.sql_)),
      params_(std::move(other.params_)),
      bind_status_(std::move(other.bind_status_)),
      result_(std::exchange(other.result_, nullptr)),
      row_(other.row_),
      executed_(other.executed_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    clear();
    conn_ = other.conn_;
    name_ = other.name_;
    sql_ = std::move(other.sql_);
    params_ = std::move(other.params_);
    bind_status_ = std::move(other.bind_status_);
    result_ = std::exchange(other.result_, nullptr);
    row_ = other.row_;
    executed_ = other.executed_;
  }
  return *this;
}

Statement::~Statement() {
  clear();
}

void Statement::clear() {
  if (result_) PQclear(result_);
  result_ = nullptr;
}

namespace {
void put(std::vector<std::optional<std::string>>& params, int index,
         std::optional<std::string> value) {
  if (index < 1) return;
  auto i = static_cast<std::size_t>(index - 1);
  if (params.size() <= i) params.resize(i + 1);
  params[i] = std::move(value);
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  put(params_, index, std::to_string(value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  put(params_, index, std::string(buf, ec == std::errc() ? end : buf));
  return *this;
}

Statement& Statement::bind(int index, bool value) {
  put(params_, index, value ? "true" : "false");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A text value cannot hold a NUL byte: libpq would cut it there, and the
  // row would silently hold less than was given.
  if (value.find('\0') != std::string_view::npos && bind_status_.ok()) {
    bind_status_ = make_error(ErrorCode::invalid_input, "text holds a NUL byte");
  }
  put(params_, index, std::string(value));
  return *this;
}

Statement& Statement::bind_null(int index) {
  put(params_, index, std::nullopt);
  return *this;
}

Status Statement::execute() {
  if (!bind_status_.ok()) return bind_status_.error();
  executed_ = true;
  auto r = DEPECHE_TRY(conn_->run(name_, sql_, params_));
  clear();
  result_ = r;
  row_ = -1;
  return {};
}

Result<bool> Statement::step() {
  if (!executed_) DEPECHE_TRY(execute());
  if (!result_) return false;
  ++row_;
  return row_ < PQntuples(result_);
}

Status Statement::run() {
  return execute();
}

std::int64_t Statement::changes() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_);
  std::int64_t v = 0;
  if (n && *n) std::from_chars(n, n + std::strlen(n), v);
  return v;
}

std::int64_t Statement::column_int(int index) const {
  if (!result_ || PQgetisnull(result_, row_, index)) return 0;
  const char* p = PQgetvalue(result_, row_, index);
  std::size_t n = static_cast<std::size_t>(PQgetlength(result_, row_, index));
  if (n == 1 && (*p == 't' || *p == 'f')) return *p == 't' ? 1 : 0;
  // A numeric (sum() of integers is one) reads as its whole part.
  std::int64_t v = 0;
  std::from_chars(p, p + n, v);
  return v;
}

double Statement::column_double(int index) const {
  if (!result_ || PQgetisnull(result_, row_, index)) return 0;
  return std::strtod(PQgetvalue(result_, row_, index), nullptr);
}

std::string Statement::column_text(int index) const {
  if (!result_ || PQgetisnull(result_, row_, index)) return {};
  return std::string(PQgetvalue(result_, row_, index),
                     static_cast<std::size_t>(PQgetlength(result_, row_, index)));
}

bool Statement::column_is_null(int index) const {
  return !result_ || PQgetisnull(result_, row_, index);
}

Result<Transaction> Transaction::begin(Connection& db, std::string_view begin_sql) {
  DEPECHE_TRY(db.exec(begin_sql));
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (open_) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  open_ = false;
  return db_->exec("COMMIT");
}

void bind_limit(Statement& s, int index, std::int64_t limit) {
  if (limit < 0) {
    s.bind_null(index);
  } else {
    s.bind(index, limit);
  }
}

std::string bigint_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (auto v : values) {
    if (out.size() > 1) out += ',';
    out += std::to_string(v);
  }
  out += '}';
  return out;
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace depeche::store::postgres
