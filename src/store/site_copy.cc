#include "store/site_copy.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <utility>

#include "core/text.h"
#include "store/postgres/connection.h"
#include "store/postgres/migrations.h"
#include "store/site_copy_sql.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"

// How a run goes (site_copy.h says why it can be repeated):
//  1. the file is read as one snapshot (a read transaction) from start to end;
//  2. the keys of every table are sent into temporary tables on the server;
//  3. with them, PostgreSQL is checked to be a copy of this site, or empty;
//  4. rows the file no longer holds are removed, children first;
//  5. rows are upserted, parents first, each batch one statement: a row is
//     written only when new or different, so a second run changes nothing,
//     fires no trigger and tells no node that anything changed;
//  6. identity sequences move past the copied ids, and both sides count.
// Rows travel as a JSON array read by json_populate_recordset: one round
// trip per batch, and the table's own row type converts each value. The
// SQL itself is store/site_copy_sql.h's.

namespace depeche::store {
namespace {

using namespace site_copy;

// Whether `text` can be stored by PostgreSQL as text: UTF-8, without NUL.
bool storable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return false;
    std::size_t n = valid_utf8_at(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// One batch of rows as the JSON array that json_populate_recordset reads.
class RowBatch {
 public:
  void begin_row() {
    text_ += rows_ == 0 ? "[{" : ",{";
    first_ = true;
    ++rows_;
  }
  void end_row() { text_ += '}'; }
  void add_null(std::string_view name) { key(name) += "null"; }
  void add(std::string_view name, std::int64_t v) { key(name) += std::to_string(v); }
  void add(std::string_view name, double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
    key(name).append(buf, ec == std::errc() ? end : buf);
  }
  // `v` must be storable(): only '"', '\\' and control characters need escaping.
  void add(std::string_view name, std::string_view v) {
    std::string& out = key(name);
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[(c >> 4) & 0xF];
        out += kHex[c & 0xF];
      } else {
        out += c;
      }
    }
    out += '"';
  }
  std::size_t rows() const { return rows_; }
  bool full() const { return rows_ >= kCopyRowsPerBatch || text_.size() >= kCopyBytesPerBatch; }
  // The array's text; the batch is empty again afterwards.
  std::string take() {
    text_ += ']';
    rows_ = 0;
    return std::exchange(text_, {});
  }

 private:
  std::string& key(std::string_view name) {
    text_ += first_ ? "\"" : ",\"";
    text_ += name;
    text_ += "\":";
    first_ = false;
    return text_;
  }
  std::string text_;
  std::size_t rows_ = 0;
  bool first_ = true;
};

// Adds the current row of `s` to `batch`.
Status add_row(const sqlite::Statement& s, const Table& t, const std::vector<Column>& columns,
               RowBatch& batch) {
  batch.begin_row();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    int at = static_cast<int>(i);
    if (s.column_is_null(at)) {
      batch.add_null(c.name);
    } else if (c.kind == Kind::integer) {
      batch.add(c.name, s.column_int(at));
    } else if (c.kind == Kind::real) {
      double v = s.column_double(at);
      if (!std::isfinite(v)) {
        return make_error(
            ErrorCode::invalid_input,
            std::string(t.name) + "." + std::string(c.name) + " holds " + std::to_string(v));
      }
      batch.add(c.name, v);
    } else {
      std::string v = s.column_text(at);
      if (!storable(v)) {
        return make_error(ErrorCode::invalid_input,
                          std::string(t.name) + "." + std::string(c.name) + " of the row keyed " +
                              one_line(s.column_text(0)) +
                              " is not UTF-8 text without NUL bytes: PostgreSQL cannot store it");
      }
      batch.add(c.name, v);
    }
  }
  batch.end_row();
  return {};
}

// Rows read from the file and rows the server's statement wrote.
struct Streamed {
  std::int64_t read = 0;
  std::int64_t written = 0;
};

// Reads `columns` of a table from the file with `select` and hands them to
// `statement` on the server ($1: the batch as JSON), batch by batch, each
// batch its own transaction. `after_batch` hears how many rows were read.
Result<Streamed> stream(sqlite::Connection& src, postgres::Connection& dst, const Table& t,
                        const std::vector<Column>& columns, const std::string& select,
                        const std::string& statement,
                        const std::function<void(std::int64_t)>& after_batch) {
  Streamed out;
  RowBatch batch;
  auto flush = [&]() -> Status {
    std::string rows = batch.take();
    auto st = DEPECHE_TRY(dst.cached(statement));
    st.bind(1, std::string_view(rows));
    if (auto ran = st.run(); !ran) {
      Error e = std::move(ran).error();
      e.message = std::string(t.name) + ": " + e.message;
      return e;
    }
    // The copy's statements return how many rows they wrote; the first
    // pass's plain inserts say it in their status.
    out.written += DEPECHE_TRY(st.step()) ? st.column_int(0) : st.changes();
    if (after_batch) after_batch(out.read);
    return {};
  };
  auto rows = DEPECHE_TRY(src.prepare(select));
  while (DEPECHE_TRY(rows.step())) {
    DEPECHE_TRY(add_row(rows, t, columns, batch));
    ++out.read;
    if (batch.full()) DEPECHE_TRY(flush());
  }
  if (batch.rows() > 0) DEPECHE_TRY(flush());
  return out;
}

Result<std::int64_t> count_on(postgres::Connection& db, const std::string& sql) {
  auto st = DEPECHE_TRY(db.prepare(sql));
  DEPECHE_TRY(st.step());
  return st.column_int(0);
}

Result<std::int64_t> count_on(sqlite::Connection& db, const std::string& sql) {
  auto st = DEPECHE_TRY(db.prepare(sql));
  DEPECHE_TRY(st.step());
  return st.column_int(0);
}

// A read transaction on the file, ended when destroyed: every pass reads
// the same snapshot, whatever a serving node commits meanwhile.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(sqlite::Connection& db) : db_(db) {}
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot() {
    if (db_.in_transaction()) (void)db_.exec("ROLLBACK");
  }
  Status begin() { return db_.exec("BEGIN"); }

 private:
  sqlite::Connection& db_;
};

// Pass 2: the keys of every table, into temporary tables on the server;
// returns how many rows each table has in the file.
Result<std::vector<std::int64_t>> send_keys(sqlite::Connection& src, postgres::Connection& dst) {
  std::vector<std::int64_t> totals;
  for (const Table& t : site_tables()) {
    std::vector<Column> columns = sent_columns(t, t.checked());
    DEPECHE_TRY(dst.exec(create_keys_sql(t)));
    auto sent = DEPECHE_TRY(
        stream(src, dst, t, columns, source_select(t, columns), insert_keys_sql(t), {}));
    // Temporary tables are never analysed on their own; the checks and
    // removals join them with whole tables.
    DEPECHE_TRY(dst.exec("ANALYZE " + keys_table(t)));
    totals.push_back(sent.read);
  }
  return totals;
}

// Pass 3: refuses (conflict) a server that is not a copy of this site.
Status check_same_site(postgres::Connection& dst) {
  auto st = DEPECHE_TRY(dst.prepare(other_site_sql()));
  if (DEPECHE_TRY(st.step())) {
    return make_error(ErrorCode::conflict,
                      "PostgreSQL holds another site: its article " + st.column_text(2) + " is " +
                          st.column_text(3) + ", but the SQLite file's article " +
                          st.column_text(0) + " is " + st.column_text(1) + "; nothing was copied");
  }
  for (const Table& t : site_tables()) {
    if (t.absent != Absent::refuse) continue;
    auto extra = DEPECHE_TRY(count_on(dst, count_absent_sql(t)));
    if (extra > 0) {
      return make_error(ErrorCode::conflict,
                        "PostgreSQL holds " + std::to_string(extra) + " rows of " +
                            std::string(t.name) +
                            " that the SQLite file does not: nodes already write to it, or it "
                            "holds another site; nothing was copied");
    }
  }
  return {};
}

// Pass 4: removes, children first, the rows the file no longer holds.
Status remove_absent(postgres::Connection& dst, CopyReport& report) {
  const auto& tables = site_tables();
  for (std::size_t i = tables.size(); i-- > 0;) {
    auto removal = DEPECHE_TRY(dst.prepare(remove_absent_sql(tables[i])));
    DEPECHE_TRY(removal.run());
    report.tables[i].removed = removal.changes();
  }
  return {};
}

// Pass 5: writes what is new or changed, parents first.
Status copy_rows(sqlite::Connection& src, postgres::Connection& dst,
                 const std::vector<std::int64_t>& totals, const CopyProgressFn& progress,
                 CopyReport& report) {
  const auto& tables = site_tables();
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    std::vector<Column> columns = sent_columns(t, t.columns.size());
    auto told = [&](std::int64_t done) {
      if (progress) progress({t.name, done, totals[i]});
    };
    auto copied =
        DEPECHE_TRY(stream(src, dst, t, columns, source_select(t, columns), upsert_sql(t), told));
    report.tables[i].written = copied.written;
  }
  return {};
}

// Pass 6: the next id handed out on PostgreSQL follows the copied ones
// (the first is 1 on an empty table); then both sides count.
Status settle(sqlite::Connection& src, postgres::Connection& dst, CopyReport& report) {
  const auto& tables = site_tables();
  for (const Table& t : tables) {
    if (!t.identity) continue;
    DEPECHE_TRY(dst.exec(move_sequence_sql(t)));
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    std::string count = count_sql(tables[i]);
    report.tables[i].table = std::string(tables[i].name);
    report.tables[i].source_rows = DEPECHE_TRY(count_on(src, count));
    report.tables[i].target_rows = DEPECHE_TRY(count_on(dst, count));
  }
  return {};
}

}  // namespace

bool CopyReport::counts_match() const {
  for (const TableCopy& t : tables) {
    if (t.source_rows != t.target_rows) return false;
  }
  return true;
}

Result<CopyReport> copy_sqlite_to_postgres(const std::string& sqlite_path,
                                           const std::string& conninfo,
                                           const CopyProgressFn& progress) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(sqlite_path, ec)) {
    return make_error(ErrorCode::not_found, "no SQLite database at " + sqlite_path);
  }
  auto src = DEPECHE_TRY(sqlite::Connection::open(sqlite_path));
  DEPECHE_TRY(sqlite::migrate(*src));
  auto dst = DEPECHE_TRY(postgres::Connection::open(conninfo));
  DEPECHE_TRY(postgres::migrate(*dst));
  ReadSnapshot snapshot(*src);
  DEPECHE_TRY(snapshot.begin());

  auto totals = DEPECHE_TRY(send_keys(*src, *dst));
  DEPECHE_TRY(check_same_site(*dst));
  CopyReport report;
  report.tables.resize(site_tables().size());
  DEPECHE_TRY(remove_absent(*dst, report));
  DEPECHE_TRY(copy_rows(*src, *dst, totals, progress, report));
  DEPECHE_TRY(settle(*src, *dst, report));
  return report;
}

}  // namespace depeche::store
