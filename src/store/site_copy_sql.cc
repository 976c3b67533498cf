#include "store/site_copy_sql.h"

namespace depeche::store::site_copy {
namespace {

std::string quoted(std::string_view name) {
  std::string out(1, '"');
  out += name;
  out += '"';
  return out;
}

// `"a", "b"`, each name after `prefix` ("kept." → `kept."a"`).
std::string names(const std::vector<Column>& columns, std::string_view prefix = "",
                  std::size_t from = 0, std::size_t to = std::string::npos) {
  std::string out;
  for (std::size_t i = from; i < columns.size() && i < to; ++i) {
    if (!out.empty()) out += ", ";
    out += std::string(prefix) + quoted(columns[i].name);
  }
  return out;
}

// `k."a" = t."a" AND k."b" = t."b"` over the key.
std::string key_match(const Table& t, std::string_view left, std::string_view right) {
  std::string out;
  for (std::size_t i = 0; i < t.key_size; ++i) {
    if (!out.empty()) out += " AND ";
    std::string c = quoted(t.columns[i].name);
    out += std::string(left) + "." + c + " = " + std::string(right) + "." + c;
  }
  return out;
}

}  // namespace

std::string keys_table(const Table& t) {
  return "pg_temp.\"copy_keys_" + std::string(t.name) + "\"";
}

std::vector<Column> sent_columns(const Table& t, std::size_t n) {
  if (t.rows == Rows::counted) n = t.columns.size();
  std::vector<Column> out(t.columns.begin(), t.columns.begin() + static_cast<std::ptrdiff_t>(n));
  if (t.rows == Rows::counted) out.push_back({"n", Kind::integer});
  return out;
}

std::string source_select(const Table& t, const std::vector<Column>& columns) {
  std::string table = quoted(t.name);
  if (t.rows == Rows::counted) {
    std::string group = names(t.columns);
    return "SELECT " + group + ", count(*) FROM " + table + " GROUP BY " + group + " ORDER BY " +
           group;
  }
  return "SELECT " + names(columns) + " FROM " + table + " ORDER BY " +
         names(t.columns, "", 0, t.key_size);
}

// A row is updated only where it differs and inserted only where its key
// is new. Not INSERT … ON CONFLICT: PostgreSQL fires BEFORE
// INSERT triggers for every row proposed, conflicting or not, and the one
// on articles takes a change number (migrations.cc), so unchanged articles
// would leave gaps in the change sequence, which nodes read as changes
// missed, and start their derived data afresh.
std::string upsert_sql(const Table& t) {
  std::string table = quoted(t.name);
  if (t.rows == Rows::counted) {
    // Each distinct row is inserted as many times as the file holds it
    // beyond what the server holds (surplus copies were removed before).
    std::string match;
    for (const Column& c : t.columns) {
      match += (match.empty() ? "" : " AND ") + ("f." + quoted(c.name)) + " = r." + quoted(c.name);
    }
    return "WITH added AS (INSERT INTO " + table + " (" + names(t.columns) + ") SELECT " +
           names(t.columns, "r.") + " FROM json_populate_recordset(null::" + keys_table(t) +
           ", $1::json) r CROSS JOIN LATERAL generate_series(1, r.\"n\" - (SELECT count(*) FROM " +
           table + " f WHERE " + match + ")) RETURNING 1) SELECT count(*) FROM added";
  }
  std::string sql =
      "WITH r AS (SELECT * FROM json_populate_recordset(null::" + table + ", $1::json)), ";
  std::string counted = "(SELECT count(*) FROM added)";
  if (t.key_size < t.columns.size()) {
    sql += "changed AS (UPDATE " + table + " AS kept SET ";
    for (std::size_t i = t.key_size; i < t.columns.size(); ++i) {
      std::string c = quoted(t.columns[i].name);
      sql += (i == t.key_size ? "" : ", ") + c + " = r." + c;
    }
    sql += " FROM r WHERE " + key_match(t, "kept", "r") + " AND (" +
           names(t.columns, "kept.", t.key_size) + ") IS DISTINCT FROM (" +
           names(t.columns, "r.", t.key_size) + ") RETURNING 1), ";
    counted += " + (SELECT count(*) FROM changed)";
  }
  return sql + "added AS (INSERT INTO " + table + " (" + names(t.columns) + ") SELECT " +
         names(t.columns, "r.") + " FROM r WHERE NOT EXISTS (SELECT 1 FROM " + table + " k WHERE " +
         key_match(t, "k", "r") + ") RETURNING 1) SELECT " + counted;
}

std::string remove_absent_sql(const Table& t) {
  std::string table = quoted(t.name);
  if (t.rows == Rows::counted) {
    std::string cols = names(t.columns);
    std::string match;
    for (const Column& c : t.columns) {
      match += (match.empty() ? "" : " AND ") + ("k." + quoted(c.name)) + " = f." + quoted(c.name);
    }
    return "DELETE FROM " + table + " WHERE ctid IN (SELECT f.ctid FROM (SELECT ctid, " + cols +
           ", row_number() OVER (PARTITION BY " + cols + ") AS nth FROM " + table +
           ") f LEFT JOIN " + keys_table(t) + " k ON " + match +
           " WHERE f.nth > coalesce(k.\"n\", 0))";
  }
  return "DELETE FROM " + table + " WHERE NOT EXISTS (SELECT 1 FROM " + keys_table(t) +
         " k WHERE " + key_match(t, "k", table) + ")";
}

std::string count_sql(const Table& t) {
  return "SELECT count(*) FROM " + quoted(t.name);
}

std::string create_keys_sql(const Table& t) {
  std::string temp = keys_table(t);
  std::size_t key_size = t.rows == Rows::counted ? t.columns.size() : t.key_size;
  return "DROP TABLE IF EXISTS " + temp + "; CREATE TEMP TABLE \"copy_keys_" + std::string(t.name) +
         "\" AS SELECT " + names(t.columns, "", 0, t.checked()) +
         (t.rows == Rows::counted ? ", 0::bigint AS \"n\"" : "") + " FROM " + quoted(t.name) +
         " WITH NO DATA; ALTER TABLE " + temp + " ADD PRIMARY KEY (" +
         names(t.columns, "", 0, key_size) + ")";
}

std::string insert_keys_sql(const Table& t) {
  std::string temp = keys_table(t);
  return "INSERT INTO " + temp + " SELECT * FROM json_populate_recordset(null::" + temp +
         ", $1::json)";
}

// Two joins on equality rather than one on "id or guid", which no index
// answers.
std::string other_site_sql() {
  std::string pick =
      "SELECT k.\"id\", k.\"guid\", a.\"id\", a.\"guid\" FROM "
      "pg_temp.\"copy_keys_articles\" k JOIN \"articles\" a ON ";
  return "(" + pick + "a.\"id\" = k.\"id\" WHERE a.\"guid\" <> k.\"guid\" LIMIT 1) UNION ALL (" +
         pick + "a.\"guid\" = k.\"guid\" WHERE a.\"id\" <> k.\"id\" LIMIT 1)";
}

std::string count_absent_sql(const Table& t) {
  std::string table = quoted(t.name);
  return "SELECT count(*) FROM " + table + " WHERE NOT EXISTS (SELECT 1 FROM " + keys_table(t) +
         " k WHERE " + key_match(t, "k", table) + ")";
}

// The first id handed out next is 1 on an empty table.
std::string move_sequence_sql(const Table& t) {
  std::string table = quoted(t.name);
  return "SELECT setval(pg_get_serial_sequence('" + table +
         "', 'id'), coalesce(max(\"id\"), 1), max(\"id\") IS NOT NULL) FROM " + table;
}

}  // namespace depeche::store::site_copy
