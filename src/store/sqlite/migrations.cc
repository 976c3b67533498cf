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
    // The change sequence that derived data (page caches, on every node)
    // follows: one row per change of an article or of its comments, written
    // by triggers in the changing transaction, so no write path can forget
    // it. `listed` says an article entered, left or moved within the lists
    // (status, rubrique or publication time changed); section_before/after
    // name the rubriques whose lists it touches. Only the latest
    // kKeptChanges rows are kept (store.h): a reader further behind starts afresh.
    Migration{9, R"sql(
CREATE TABLE changes (
  seq            INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('article', 'comments')),
  article_id     INTEGER NOT NULL,
  listed         INTEGER NOT NULL DEFAULT 0,
  section_before TEXT    NOT NULL DEFAULT '',
  section_after  TEXT    NOT NULL DEFAULT ''
);
CREATE TRIGGER changes_article_inserted AFTER INSERT ON articles BEGIN
  INSERT INTO changes (kind, article_id, listed, section_after)
  VALUES ('article', NEW.id, NEW.status = 'published', NEW.section);
END;
CREATE TRIGGER changes_article_updated AFTER UPDATE ON articles BEGIN
  INSERT INTO changes (kind, article_id, listed, section_before, section_after)
  VALUES ('article', NEW.id,
          OLD.status <> NEW.status OR OLD.section <> NEW.section
            OR OLD.published_at <> NEW.published_at,
          OLD.section, NEW.section);
END;
CREATE TRIGGER changes_comment_inserted AFTER INSERT ON comments BEGIN
  INSERT INTO changes (kind, article_id) VALUES ('comments', NEW.article_id);
END;
CREATE TRIGGER changes_comment_updated AFTER UPDATE ON comments BEGIN
  INSERT INTO changes (kind, article_id) VALUES ('comments', NEW.article_id);
END;
CREATE TRIGGER changes_comment_deleted AFTER DELETE ON comments BEGIN
  INSERT INTO changes (kind, article_id) VALUES ('comments', OLD.article_id);
END;
CREATE TRIGGER changes_thread_decided AFTER INSERT ON thread_decisions BEGIN
  INSERT INTO changes (kind, article_id) VALUES ('comments', NEW.article_id);
END;
CREATE TRIGGER changes_thread_redecided AFTER UPDATE ON thread_decisions BEGIN
  INSERT INTO changes (kind, article_id) VALUES ('comments', NEW.article_id);
END;
CREATE TRIGGER changes_pruned AFTER INSERT ON changes BEGIN
  DELETE FROM changes WHERE seq <= NEW.seq - 100000;
END;
)sql"},
    // Newsroom scale (issue 11). Lists show how many published articles
    // they hold: counting them on each request grew with the archive, so
    // triggers keep the counts, under scope '*' for all and under each
    // rubrique's slug (slugs never contain '*'). The version on show was
    // stored twice, in articles and in article_versions: it now lives in
    // article_versions only, found by (id, version). Before the column
    // goes, any version on show missing from the history (or differing
    // from it) is copied there, so nothing stored is lost.
    Migration{10, R"sql(
CREATE TABLE published_counts (
  scope TEXT    PRIMARY KEY,
  n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO published_counts (scope, n)
  SELECT '*', count(*) FROM articles WHERE status = 'published';
INSERT INTO published_counts (scope, n)
  SELECT section, count(*) FROM articles WHERE status = 'published' GROUP BY section;
CREATE TRIGGER published_counts_insert AFTER INSERT ON articles
  WHEN NEW.status = 'published'
BEGIN
  INSERT INTO published_counts (scope, n) VALUES ('*', 1), (NEW.section, 1)
    ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER published_counts_delete AFTER DELETE ON articles
  WHEN OLD.status = 'published'
BEGIN
  UPDATE published_counts SET n = n - 1 WHERE scope IN ('*', OLD.section);
END;
CREATE TRIGGER published_counts_update AFTER UPDATE OF status, section ON articles
  WHEN OLD.status IS NOT NEW.status OR OLD.section IS NOT NEW.section
BEGIN
  UPDATE published_counts SET n = n - 1
    WHERE OLD.status = 'published' AND scope IN ('*', OLD.section);
  INSERT INTO published_counts (scope, n)
    SELECT '*', 1 WHERE NEW.status = 'published'
    UNION ALL SELECT NEW.section, 1 WHERE NEW.status = 'published'
    ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
INSERT INTO article_versions (article_id, version, received_at, dispatch)
  SELECT id, version, updated_at, dispatch FROM articles WHERE true
  ON CONFLICT (article_id, version) DO UPDATE SET dispatch = excluded.dispatch
  WHERE dispatch IS NOT excluded.dispatch;
ALTER TABLE articles DROP COLUMN dispatch;
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
    // Whether a reader wrote in a thread (issue 11): a signed-in page is
    // composed from the section every other reader sees unless they did.
    Migration{12, R"sql(
CREATE INDEX comments_by_author_article ON comments (author_id, article_id);
)sql"},
    // One event, several agencies (issue 12). Near-duplicate dispatches
    // form clusters (articles/clusters.h): cluster_id is the founder's id
    // (0: alone) and cluster_lead marks the one article a cluster shows in
    // the HTML lists (1 for an article alone). Lists of leads get their own
    // indexes and kept counts, like the plain lists (migration 10).
    // cluster_prints keeps each article's features and band keys;
    // cluster_keys is the band-key index the candidates are looked up in,
    // one row per key, so finding them is a seek, not a scan of the window.
    // A change of lead moves an article in or out of the lists: the change
    // trigger says so. Articles stored before this migration have no print:
    // clusters start with the dispatches published after the upgrade.
    Migration{13, R"sql(
ALTER TABLE articles ADD COLUMN cluster_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN cluster_lead INTEGER NOT NULL DEFAULT 1;
CREATE INDEX articles_by_cluster ON articles (cluster_id, published_at, id);
CREATE INDEX articles_leads ON articles (status, cluster_lead, published_at DESC, id DESC);
CREATE INDEX articles_leads_by_section
  ON articles (section, status, cluster_lead, published_at DESC, id DESC);
CREATE TABLE cluster_prints (
  article_id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  published_at INTEGER NOT NULL,
  keys         TEXT    NOT NULL,
  features     TEXT    NOT NULL
);
CREATE TABLE cluster_keys (
  key          INTEGER NOT NULL,
  published_at INTEGER NOT NULL,
  article_id   INTEGER NOT NULL,
  PRIMARY KEY (key, published_at, article_id)
) WITHOUT ROWID;
CREATE TABLE lead_counts (
  scope TEXT    PRIMARY KEY,
  n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO lead_counts (scope, n) SELECT scope, n FROM published_counts WHERE true;
CREATE TRIGGER lead_counts_insert AFTER INSERT ON articles
  WHEN NEW.status = 'published' AND NEW.cluster_lead = 1
BEGIN
  INSERT INTO lead_counts (scope, n) VALUES ('*', 1), (NEW.section, 1)
    ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER lead_counts_delete AFTER DELETE ON articles
  WHEN OLD.status = 'published' AND OLD.cluster_lead = 1
BEGIN
  UPDATE lead_counts SET n = n - 1 WHERE scope IN ('*', OLD.section);
END;
CREATE TRIGGER lead_counts_update AFTER UPDATE OF status, section, cluster_lead ON articles
  WHEN OLD.status IS NOT NEW.status OR OLD.section IS NOT NEW.section
    OR OLD.cluster_lead IS NOT NEW.cluster_lead
BEGIN
  UPDATE lead_counts SET n = n - 1
    WHERE OLD.status = 'published' AND OLD.cluster_lead = 1 AND scope IN ('*', OLD.section);
  INSERT INTO lead_counts (scope, n)
    SELECT '*', 1 WHERE NEW.status = 'published' AND NEW.cluster_lead = 1
    UNION ALL SELECT NEW.section, 1 WHERE NEW.status = 'published' AND NEW.cluster_lead = 1
    ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
DROP TRIGGER changes_article_updated;
CREATE TRIGGER changes_article_updated AFTER UPDATE ON articles BEGIN
  INSERT INTO changes (kind, article_id, listed, section_before, section_after)
  VALUES ('article', NEW.id,
          OLD.status <> NEW.status OR OLD.section <> NEW.section
            OR OLD.published_at <> NEW.published_at OR OLD.cluster_lead <> NEW.cluster_lead,
          OLD.section, NEW.section);
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

Result<int> migrate(Connection& db, int up_to) {
  int version = DEPECHE_TRY(current_version(db));
  if (version > latest_schema_version()) {
    return make_error(ErrorCode::unsupported, "database schema " + std::to_string(version) +
                                                  " is newer than this binary knows (" +
                                                  std::to_string(latest_schema_version()) + ")");
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    if (m.version > up_to) break;
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
