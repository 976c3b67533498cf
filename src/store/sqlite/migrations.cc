#include "store/sqlite/migrations.h"

#include <array>
#include <string>

namespace depeche::store::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Times are Unix seconds (UTC). The full Dispatch of each version is kept as
// JSON (store/sqlite/dispatch_codec.h); the columns beside it are what lists
// and look-ups filter and sort on.
constexpr std::array kMigrations = {
    Migration{1, R"sql(
CREATE TABLE articles (
  id           INTEGER PRIMARY KEY,
  guid         TEXT    NOT NULL UNIQUE,
  slug         TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('published', 'withdrawn')),
  provider     TEXT    NOT NULL,
  headline     TEXT    NOT NULL,
  published_at INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  dispatch     TEXT    NOT NULL
);
CREATE INDEX articles_latest ON articles (status, published_at DESC, id DESC);
CREATE TABLE article_versions (
  article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  dispatch    TEXT    NOT NULL,
  PRIMARY KEY (article_id, version)
);
)sql"},
    Migration{2, R"sql(
CREATE TABLE held_dispatches (
  guid       TEXT    PRIMARY KEY,
  version    INTEGER NOT NULL,
  release_at INTEGER NOT NULL,
  dispatch   TEXT    NOT NULL
);
CREATE INDEX held_due ON held_dispatches (release_at);
)sql"},
    // A store-wide change counter: derived data (the search index on each
    // node) catches up by asking what changed after the last value it saw.
    Migration{3, R"sql(
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET revision = id;
CREATE INDEX articles_revision ON articles (revision);
)sql"},
    Migration{4, R"sql(
CREATE TABLE linked_pictures (
  guid    TEXT    PRIMARY KEY,
  version INTEGER NOT NULL,
  picture TEXT    NOT NULL
);
CREATE TABLE packages (
  guid    TEXT    PRIMARY KEY,
  version INTEGER NOT NULL
);
CREATE TABLE package_members (
  package_guid TEXT    NOT NULL REFERENCES packages (guid) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  member_guid  TEXT    NOT NULL,
  PRIMARY KEY (package_guid, position)
);
CREATE INDEX package_members_by_member ON package_members (member_guid);
)sql"},
    Migration{5, R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL,
  email_key     TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  name_key      TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL CHECK (role IN ('reader', 'moderator', 'admin')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE TABLE sign_in_failures (
  key TEXT    NOT NULL,
  at  INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
)sql"},
    // Comments keep their text when an author deletes their account: the
    // author becomes NULL and the pseudonym is no longer shown.
    Migration{6, R"sql(
CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  parent_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  body       TEXT    NOT NULL,
  status     TEXT    NOT NULL
             CHECK (status IN ('published', 'pending', 'hidden', 'rejected', 'deleted')),
  reason     TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  edited_at  INTEGER
);
CREATE INDEX comments_by_article ON comments (article_id, created_at);
CREATE INDEX comments_by_author ON comments (author_id, created_at);
CREATE INDEX comments_by_status ON comments (status, created_at);
CREATE TABLE comment_reports (
  id          INTEGER PRIMARY KEY,
  comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  reason      TEXT    NOT NULL,
  law         TEXT    NOT NULL DEFAULT '',
  text        TEXT    NOT NULL DEFAULT '',
  weight      REAL    NOT NULL,
  created_at  INTEGER NOT NULL,
  upheld      INTEGER,
  UNIQUE (comment_id, reporter_id)
);
CREATE INDEX comment_reports_open ON comment_reports (comment_id) WHERE upheld IS NULL;
CREATE TABLE reporter_records (
  user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  upheld    INTEGER NOT NULL DEFAULT 0,
  dismissed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE moderation_decisions (
  id           INTEGER PRIMARY KEY,
  moderator_id INTEGER NOT NULL,
  action       TEXT    NOT NULL,
  comment_id   INTEGER,
  user_id      INTEGER,
  article_id   INTEGER,
  reason       TEXT    NOT NULL DEFAULT '',
  at           INTEGER NOT NULL
);
CREATE INDEX moderation_decisions_by_user ON moderation_decisions (user_id, at);
CREATE TABLE bans (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  until   INTEGER,
  reason  TEXT    NOT NULL,
  since   INTEGER NOT NULL
);
CREATE TABLE closed_threads (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
)sql"},
    // A moderator's decision overrides the age rule both ways: a thread
    // reopened after its age closed it stays open (issue 9, defect 7).
    Migration{7, R"sql(
CREATE TABLE thread_decisions (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  open       INTEGER NOT NULL CHECK (open IN (0, 1))
);
INSERT INTO thread_decisions (article_id, open) SELECT article_id, 0 FROM closed_threads;
DROP TABLE closed_threads;
)sql"},
    // Rubriques: each article is filed under one section (a slug) by the
    // publisher; section pages list the latest of one section. site_settings
    // keeps which filing rules the stored articles follow.
    Migration{8, R"sql(
ALTER TABLE articles ADD COLUMN section TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_by_section ON articles (section, status, published_at DESC, id DESC);
CREATE TABLE site_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
    // Comment threads at any size (issue 11). Pages of top-level comments
    // and of one comment's replies walk comments_by_thread in (created_at,
    // id) order from a cursor; comments_by_parent answers "has this deleted
    // comment published replies?" and "how many more replies?" without
    // reading other threads. comment_counts keeps each article's published
    // count exact through triggers, so the heading reads one row.
    Migration{11, R"sql(
CREATE INDEX comments_by_thread ON comments (article_id, parent_id, created_at, id);
CREATE INDEX comments_by_parent ON comments (parent_id, status);
CREATE TABLE comment_counts (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  published  INTEGER NOT NULL
);
INSERT INTO comment_counts (article_id, published)
  SELECT article_id, count(*) FROM comments WHERE status = 'published' GROUP BY article_id;
CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments
  WHEN NEW.status = 'published'
BEGIN
  INSERT INTO comment_counts (article_id, published) VALUES (NEW.article_id, 1)
    ON CONFLICT (article_id) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments
  WHEN OLD.status = 'published'
BEGIN
  UPDATE comment_counts SET published = published - 1 WHERE article_id = OLD.article_id;
END;
CREATE TRIGGER comment_counts_update AFTER UPDATE OF status, article_id ON comments
  WHEN (OLD.status = 'published') <> (NEW.status = 'published')
    OR (OLD.article_id <> NEW.article_id AND NEW.status = 'published')
BEGIN
  UPDATE comment_counts SET published = published - 1
    WHERE article_id = OLD.article_id AND OLD.status = 'published';
  INSERT INTO comment_counts (article_id, published)
    SELECT NEW.article_id, 1 WHERE NEW.status = 'published'
    ON CONFLICT (article_id) DO UPDATE SET published = published + 1;
END;
)sql"},
};

Result<int> current_version(Connection& db) {
  DEPECHE_TRY(
      db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version INTEGER PRIMARY KEY,"
              " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"));
  auto stmt = DEPECHE_TRY(db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  DEPECHE_TRY(stmt.step());
  return static_cast<int>(stmt.column_int(0));
}

}  // namespace

int latest_schema_version() {
  return kMigrations.back().version;
}

Result<int> migrate(Connection& db) {
  int version = DEPECHE_TRY(current_version(db));
  if (version > latest_schema_version()) {
    return make_error(ErrorCode::unsupported, "database schema " + std::to_string(version) +
                                                  " is newer than this binary knows (" +
                                                  std::to_string(latest_schema_version()) + ")");
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    DEPECHE_TRY(db.exec("BEGIN IMMEDIATE"));
    auto applied = db.exec(m.sql);
    if (applied) {
      applied = db.exec("INSERT INTO schema_migrations (version) VALUES (" +
                        std::to_string(m.version) + ")");
    }
    if (!applied) {
      (void)db.exec("ROLLBACK");
      return make_error(ErrorCode::io, "migration " + std::to_string(m.version) +
                                           " failed: " + applied.error().message);
    }
    DEPECHE_TRY(db.exec("COMMIT"));
    version = m.version;
  }
  return version;
}

}  // namespace depeche::store::sqlite
