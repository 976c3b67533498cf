#pragma once
// The SQL the site runs on every request or every ingested dispatch, in one
// place: the stores run these texts through Connection::cached (prepared
// once per connection), and tests/store/query_plan_test.cc checks with
// EXPLAIN QUERY PLAN that each is served by an index, never by reading a
// whole table, so its cost does not grow with the archive.
//
// Parameters are numbered (?1, ?2, ...) and documented beside each text.

#include <array>
#include <string_view>

namespace depeche::store::sqlite::hot_sql {

// Every article read selects these columns, in this order; the dispatch on
// show is read apart (kDispatchAt), only when it is not decoded already.
#define DEPECHE_ARTICLE_COLUMNS \
  "SELECT id, slug, status, published_at, updated_at, revision, section, version, cluster_id" \
  " FROM articles "

// ?1 id.
inline constexpr std::string_view kArticleById = DEPECHE_ARTICLE_COLUMNS "WHERE id = ?1";

// Published, newest first, strictly before the cursor (?2 published_at,
// ?3 id), without ?1 (0: none), at most ?4 rows. The row value compares
// (published_at, id) in index order (articles_latest), so a deep page costs
// what the first does.
inline constexpr std::string_view kLatest = DEPECHE_ARTICLE_COLUMNS
    "WHERE status = 'published' AND id <> ?1 AND (published_at, id) < (?2, ?3)"
    " ORDER BY published_at DESC, id DESC LIMIT ?4";

// The same within rubrique ?5, by articles_by_section. A separate text
// rather than "section = ?5 OR ?5 = ''", so that each has its own index.
inline constexpr std::string_view kLatestInSection = DEPECHE_ARTICLE_COLUMNS
    "WHERE section = ?5 AND status = 'published' AND id <> ?1 AND (published_at, id) < (?2, ?3)"
    " ORDER BY published_at DESC, id DESC LIMIT ?4";

// The same lists with one article per cluster, its lead (store.h
// ListQuery::one_per_cluster), by articles_leads and
// articles_leads_by_section.
inline constexpr std::string_view kLatestLeads = DEPECHE_ARTICLE_COLUMNS
    "WHERE status = 'published' AND cluster_lead = 1 AND id <> ?1"
    " AND (published_at, id) < (?2, ?3) ORDER BY published_at DESC, id DESC LIMIT ?4";
inline constexpr std::string_view kLatestLeadsInSection = DEPECHE_ARTICLE_COLUMNS
    "WHERE section = ?5 AND status = 'published' AND cluster_lead = 1 AND id <> ?1"
    " AND (published_at, id) < (?2, ?3) ORDER BY published_at DESC, id DESC LIMIT ?4";

// The published members of cluster ?1, first published first, at most ?2,
// by articles_by_cluster.
inline constexpr std::string_view kClusterMembers = DEPECHE_ARTICLE_COLUMNS
    "WHERE cluster_id = ?1 AND status = 'published' ORDER BY published_at, id LIMIT ?2";

// Any status, changed after revision ?1, at most ?2 rows.
inline constexpr std::string_view kChangedSince =
    DEPECHE_ARTICLE_COLUMNS "WHERE revision > ?1 ORDER BY revision LIMIT ?2";

#undef DEPECHE_ARTICLE_COLUMNS

// Sitemaps: published articles with ?1 <= id <= ?2, by the primary key
// (the unary + keeps the planner off articles_latest, whose order would
// then need a sort).
#define DEPECHE_STAMP_COLUMNS "SELECT id, slug, headline, published_at, updated_at FROM articles "
inline constexpr std::string_view kStampsInRange = DEPECHE_STAMP_COLUMNS
    "WHERE id BETWEEN ?1 AND ?2 AND +status = 'published' ORDER BY id";
// The news sitemap: published at or after ?1, newest first, at most ?2
// rows, by articles_latest.
inline constexpr std::string_view kRecentStamps = DEPECHE_STAMP_COLUMNS
    "WHERE status = 'published' AND published_at >= ?1"
    " ORDER BY published_at DESC, id DESC LIMIT ?2";
#undef DEPECHE_STAMP_COLUMNS

// The stored dispatch of article ?1 at version ?2.
inline constexpr std::string_view kDispatchAt =
    "SELECT dispatch FROM article_versions WHERE article_id = ?1 AND version = ?2";

// How many published articles scope ?1 holds ('*' or a rubrique's slug).
inline constexpr std::string_view kPublishedCount =
    "SELECT n FROM published_counts WHERE scope = ?1";

// How many leads scope ?1 holds ('*' or a rubrique's slug).
inline constexpr std::string_view kLeadCount = "SELECT n FROM lead_counts WHERE scope = ?1";

// Clustering, once per published dispatch (articles/clusters.h): the
// articles holding band key ?1 first published within [?2, ?3], the latest
// first, at most ?4.
inline constexpr std::string_view kClusterKeyLookup =
    "SELECT article_id FROM cluster_keys WHERE key = ?1 AND published_at BETWEEN ?2 AND ?3"
    " ORDER BY published_at DESC LIMIT ?4";
// Article ?1's print, its status, cluster and the cluster's founder's first
// publication.
inline constexpr std::string_view kClusterPrint =
    "SELECT p.published_at, p.keys, p.features, a.status, a.cluster_id,"
    " coalesce(f.published_at, a.published_at)"
    " FROM cluster_prints p JOIN articles a ON a.id = p.article_id"
    " LEFT JOIN articles f ON f.id = a.cluster_id WHERE p.article_id = ?1";
// Every member of cluster ?1 (any status), to choose its lead, at most ?2.
inline constexpr std::string_view kClusterRoster =
    "SELECT id, status, cluster_lead FROM articles WHERE cluster_id = ?1"
    " ORDER BY published_at, id LIMIT ?2";
// How many published members cluster ?1 has.
inline constexpr std::string_view kClusterSize =
    "SELECT count(*) FROM articles WHERE cluster_id = ?1 AND status = 'published'";
inline constexpr std::string_view kSetCluster =
    "UPDATE articles SET cluster_id = ?2 WHERE id = ?1 AND cluster_id <> ?2";
inline constexpr std::string_view kSetClusterLead =
    "UPDATE articles SET cluster_lead = ?2 WHERE id = ?1 AND cluster_lead <> ?2";
// A change of cluster ?1 that pages showing its members follow
// (web/page_cache.h): they declare the cluster's id among what they show.
inline constexpr std::string_view kClusterChanged =
    "INSERT INTO changes (kind, article_id) VALUES ('article', ?1)";
inline constexpr std::string_view kPutClusterPrint =
    "INSERT OR REPLACE INTO cluster_prints (article_id, published_at, keys, features)"
    " VALUES (?1, ?2, ?3, ?4)";
inline constexpr std::string_view kDropClusterPrint =
    "DELETE FROM cluster_prints WHERE article_id = ?1";
inline constexpr std::string_view kPutClusterKey =
    "INSERT OR IGNORE INTO cluster_keys (key, published_at, article_id) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kDropClusterKey =
    "DELETE FROM cluster_keys WHERE key = ?1 AND published_at = ?2 AND article_id = ?3";

// The ingester's look-ups and writes, one set per dispatch.
inline constexpr std::string_view kHeadByGuid =
    "SELECT id, version, status FROM articles WHERE guid = ?1";
inline constexpr std::string_view kCurrentDispatch =
    "SELECT v.dispatch FROM articles a JOIN article_versions v"
    " ON v.article_id = a.id AND v.version = a.version WHERE a.id = ?1";
// The next store-wide revision: max() over articles_revision reads one entry.
#define DEPECHE_NEXT_REVISION "(SELECT coalesce(max(revision), 0) + 1 FROM articles)"
inline constexpr std::string_view kInsertArticle =
    "INSERT INTO articles (guid, slug, version, status, provider, headline, published_at,"
    " updated_at, section, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    DEPECHE_NEXT_REVISION ")";
inline constexpr std::string_view kReplaceArticle =
    "UPDATE articles SET version = ?1, status = ?2, provider = ?3, headline = ?4,"
    " updated_at = ?5, section = coalesce(?7, section), revision = " DEPECHE_NEXT_REVISION " WHERE id = ?6";
inline constexpr std::string_view kRefileArticle =
    "UPDATE articles SET section = ?1, revision = " DEPECHE_NEXT_REVISION " WHERE id = ?2";
#undef DEPECHE_NEXT_REVISION
// The revision article ?1 is at now (its key in the decoded dispatches).
inline constexpr std::string_view kRevisionOf = "SELECT revision FROM articles WHERE id = ?1";
inline constexpr std::string_view kSetSection = "UPDATE articles SET section = ?1 WHERE id = ?2";
inline constexpr std::string_view kAddVersion =
    "INSERT OR REPLACE INTO article_versions (article_id, version, received_at, dispatch)"
    " VALUES (?1, ?2, ?3, ?4)";

// Every version of article ?1, oldest first.
inline constexpr std::string_view kVersions =
    "SELECT dispatch FROM article_versions WHERE article_id = ?1 ORDER BY version";

// Accounts: the signed-in reader of every page, by session token hash ?1
// still valid at ?2; and a user by id ?1.
#define DEPECHE_USER_COLUMNS \
  "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at FROM users u "
inline constexpr std::string_view kSessionUser = DEPECHE_USER_COLUMNS
    "JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?1 AND s.expires_at > ?2";
inline constexpr std::string_view kUserById = DEPECHE_USER_COLUMNS "WHERE u.id = ?1";
inline constexpr std::string_view kUserByEmailKey = DEPECHE_USER_COLUMNS "WHERE u.email_key = ?1";
inline constexpr std::string_view kUserByNameKey = DEPECHE_USER_COLUMNS "WHERE u.name_key = ?1";
#undef DEPECHE_USER_COLUMNS

// Whether the database answers, reading no table (/healthz).
inline constexpr std::string_view kPing = "SELECT 1";

struct Named {
  std::string_view name;
  std::string_view sql;
};

// Every statement above, for the query-plan test.
// The change sequence (store.h Change): the changes after ?1, at most ?2,
// by the rowid; and the latest one's number.
inline constexpr std::string_view kChangesSince =
    "SELECT seq, kind, article_id, listed, section_before, section_after FROM changes"
    " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
inline constexpr std::string_view kLastChange = "SELECT coalesce(max(seq), 0) FROM changes";

// Whether author ?1 wrote any comment (whatever its status) on article ?2,
// by comments_by_author_article.
inline constexpr std::string_view kHasWritten =
    "SELECT EXISTS (SELECT 1 FROM comments WHERE author_id = ?1 AND article_id = ?2)";

inline constexpr std::array kAll = {
    Named{"kArticleById", kArticleById},
    Named{"kLatest", kLatest},
    Named{"kLatestInSection", kLatestInSection},
    Named{"kChangedSince", kChangedSince},
    Named{"kLatestLeads", kLatestLeads},
    Named{"kLatestLeadsInSection", kLatestLeadsInSection},
    Named{"kClusterMembers", kClusterMembers},
    Named{"kLeadCount", kLeadCount},
    Named{"kClusterKeyLookup", kClusterKeyLookup},
    Named{"kClusterPrint", kClusterPrint},
    Named{"kClusterRoster", kClusterRoster},
    Named{"kClusterSize", kClusterSize},
    Named{"kSetCluster", kSetCluster},
    Named{"kSetClusterLead", kSetClusterLead},
    Named{"kClusterChanged", kClusterChanged},
    Named{"kPutClusterPrint", kPutClusterPrint},
    Named{"kDropClusterPrint", kDropClusterPrint},
    Named{"kPutClusterKey", kPutClusterKey},
    Named{"kDropClusterKey", kDropClusterKey},
    Named{"kStampsInRange", kStampsInRange},
    Named{"kRecentStamps", kRecentStamps},
    Named{"kDispatchAt", kDispatchAt},
    Named{"kPublishedCount", kPublishedCount},
    Named{"kHeadByGuid", kHeadByGuid},
    Named{"kCurrentDispatch", kCurrentDispatch},
    Named{"kInsertArticle", kInsertArticle},
    Named{"kReplaceArticle", kReplaceArticle},
    Named{"kRefileArticle", kRefileArticle},
    Named{"kRevisionOf", kRevisionOf},
    Named{"kSetSection", kSetSection},
    Named{"kAddVersion", kAddVersion},
    Named{"kVersions", kVersions},
    Named{"kSessionUser", kSessionUser},
    Named{"kUserById", kUserById},
    Named{"kUserByEmailKey", kUserByEmailKey},
    Named{"kUserByNameKey", kUserByNameKey},
    Named{"kPing", kPing},
    Named{"kChangesSince", kChangesSince},
    Named{"kLastChange", kLastChange},
    Named{"kHasWritten", kHasWritten},
};

}  // namespace depeche::store::sqlite::hot_sql
