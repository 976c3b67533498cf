#pragma once
// The tables store/site_copy.h copies and the SQL that carries them: a
// private part of the copy, kept apart so that comparing it with both
// schemas (store/sqlite/migrations.cc, store/postgres/migrations.cc) is one
// read. Names are quoted in the SQL; they come from this file only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::store::site_copy {

// How a column's value is read from SQLite and written as JSON.
enum class Kind { integer, real, text };

struct Column {
  std::string_view name;
  Kind kind;
};

// What a run does with a PostgreSQL row whose key the file does not hold.
enum class Absent {
  // The file deletes such rows itself (sessions expire, embargoes are
  // released, accounts are deleted…): the copy follows.
  remove,
  // The file never deletes them: a row the file lacks was written to
  // PostgreSQL by something else, and the run refuses to go on.
  refuse,
};

// How rows are told apart: by a primary key, or, for a table without one,
// only counted (a run makes each distinct row appear as often as in the
// file).
enum class Rows { keyed, counted };

struct Table {
  std::string_view name;
  std::vector<Column> columns;  // the primary key's columns first
  std::size_t key_size = 1;     // how many leading columns make the key
  Absent absent = Absent::remove;
  Rows rows = Rows::keyed;
  // Whether PostgreSQL hands its ids out from a sequence (an identity
  // column, "id"), which the copy moves past the copied ids.
  bool identity = false;
  // Columns after the key sent with it in the first pass, for the checks:
  // for articles, the guid (which site this is).
  std::size_t checked_beyond_key = 0;
  // How many leading columns the first pass sends.
  std::size_t checked() const { return key_size + checked_beyond_key; }
};

// Every table that holds the site, parents before children (foreign keys).
// Left out, as derived: changes, change_counter, published_counts,
// lead_counts, comment_counts, rate_events, schema_migrations, and the
// articles' revision column (a trigger sets it on PostgreSQL).
inline const std::vector<Table>& site_tables() {
  using enum Kind;
  // clang-format off
  static const std::vector<Table> kTables = {
      {.name = "articles",
       .columns = {{"id", integer}, {"guid", text}, {"slug", text}, {"version", integer},
                   {"status", text}, {"provider", text}, {"headline", text},
                   {"published_at", integer}, {"updated_at", integer}, {"section", text},
                   {"cluster_id", integer}, {"cluster_lead", integer}},
       .absent = Absent::refuse,
       .identity = true,
       .checked_beyond_key = 1},
      {.name = "article_versions",
       .columns = {{"article_id", integer}, {"version", integer}, {"received_at", integer},
                   {"dispatch", text}},
       .key_size = 2,
       .absent = Absent::refuse},
      {.name = "held_dispatches",
       .columns = {{"guid", text}, {"version", integer}, {"release_at", integer},
                   {"dispatch", text}}},
      {.name = "linked_pictures",
       .columns = {{"guid", text}, {"version", integer}, {"picture", text}}},
      {.name = "packages", .columns = {{"guid", text}, {"version", integer}}},
      {.name = "package_members",
       .columns = {{"package_guid", text}, {"position", integer}, {"member_guid", text}},
       .key_size = 2},
      {.name = "users",
       .columns = {{"id", integer}, {"email", text}, {"email_key", text}, {"name", text},
                   {"name_key", text}, {"role", text}, {"password_hash", text},
                   {"created_at", integer}},
       .identity = true},
      {.name = "sessions",
       .columns = {{"token_hash", text}, {"user_id", integer}, {"expires_at", integer}}},
      {.name = "sign_in_failures",
       .columns = {{"key", text}, {"at", integer}},
       .key_size = 2,
       .rows = Rows::counted},
      {.name = "comments",
       .columns = {{"id", integer}, {"article_id", integer}, {"parent_id", integer},
                   {"author_id", integer}, {"body", text}, {"status", text}, {"reason", text},
                   {"created_at", integer}, {"edited_at", integer}},
       .absent = Absent::refuse,
       .identity = true},
      {.name = "comment_reports",
       .columns = {{"id", integer}, {"comment_id", integer}, {"reporter_id", integer},
                   {"reason", text}, {"law", text}, {"text", text}, {"weight", real},
                   {"created_at", integer}, {"upheld", integer}},
       .absent = Absent::refuse,
       .identity = true},
      {.name = "reporter_records",
       .columns = {{"user_id", integer}, {"upheld", integer}, {"dismissed", integer}}},
      {.name = "moderation_decisions",
       .columns = {{"id", integer}, {"moderator_id", integer}, {"action", text},
                   {"comment_id", integer}, {"user_id", integer}, {"article_id", integer},
                   {"reason", text}, {"at", integer}},
       .absent = Absent::refuse,
       .identity = true},
      {.name = "bans",
       .columns = {{"user_id", integer}, {"until", integer}, {"reason", text},
                   {"since", integer}}},
      {.name = "thread_decisions", .columns = {{"article_id", integer}, {"open", integer}}},
      {.name = "site_settings", .columns = {{"key", text}, {"value", text}}},
      {.name = "cluster_prints",
       .columns = {{"article_id", integer}, {"published_at", integer}, {"keys", text},
                   {"features", text}}},
      {.name = "cluster_keys",
       .columns = {{"key", integer}, {"published_at", integer}, {"article_id", integer}},
       .key_size = 3},
  };
  // clang-format on
  return kTables;
}

// The temporary table that holds a table's keys from the file, on the
// copy's own connection: `pg_temp."copy_keys_articles"`.
std::string keys_table(const Table& t);

// The columns a pass reads from the file: the first `n`, then, for a table
// whose rows are only counted, how many times each distinct row appears
// ("n").
std::vector<Column> sent_columns(const Table& t, std::size_t n);

// On the file: the SELECT that reads `columns` (sent_columns) in key order.
std::string source_select(const Table& t, const std::vector<Column>& columns);
// "SELECT count(*)" of the table; on either side.
std::string count_sql(const Table& t);

// On the server. $1 is always one batch of rows as a JSON array.
// (Re)creates keys_table(t), empty, with the key as its primary key.
std::string create_keys_sql(const Table& t);
// Adds a batch of keys (and checked columns) to keys_table(t).
std::string insert_keys_sql(const Table& t);
// One row (file's id, file's guid, server's id, server's guid) when an
// article id or guid of the file names another article on the server.
std::string other_site_sql();
// How many of the server's rows have a key the file does not hold.
std::string count_absent_sql(const Table& t);
// Removes the server's rows whose key the file does not hold; for a
// counted table, the copies of a row beyond how many the file holds.
std::string remove_absent_sql(const Table& t);
// Writes a batch where it is new or differs; returns the rows written.
std::string upsert_sql(const Table& t);
// Moves the table's identity sequence past its largest id.
std::string move_sequence_sql(const Table& t);

}  // namespace depeche::store::site_copy
