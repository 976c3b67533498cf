#include "store/postgres/article_store.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "store/decoded_dispatches.h"
#include "store/dispatch_codec.h"

// The PostgreSQL port of store/sqlite/sqlite_store.cc: the same contracts,
// kept by the same steps, with SQL written for PostgreSQL. Where the two
// differ it is for one of three reasons, each said where it happens:
// triggers keep revisions (migrations.cc), a failed statement aborts the
// whole transaction, and every statement is a network round trip, so reads
// that SQLite makes once per row are made here once per set of rows.

namespace depeche::store::postgres {
namespace {

// The SQL of this file, with its parameters. Times are Unix seconds in
// bigint columns, as on SQLite. Parameters whose type the server cannot
// infer from their place carry a cast.
namespace sql {

// Every article read selects these columns, in this order (read_row).
#define DEPECHE_ARTICLE_COLUMNS                                                               \
  "SELECT id, slug, status, published_at, updated_at, revision, section, version, cluster_id" \
  " FROM articles "

// $1 id.
constexpr std::string_view kArticleById = DEPECHE_ARTICLE_COLUMNS "WHERE id = $1";
// $1 ids, as an array: one statement, so one snapshot (ArticleStore::by_ids).
constexpr std::string_view kArticlesByIds = DEPECHE_ARTICLE_COLUMNS "WHERE id = ANY($1::bigint[])";
// The lists, as in store/sqlite/hot_sql.h: published, newest first,
// strictly before the cursor ($2 published_at, $3 id), without $1 (0:
// none), at most $4 rows; in rubrique $5 for the InSection forms. The row
// comparison follows the index order, so a deep page costs what the first
// does.
constexpr std::string_view kLatest = DEPECHE_ARTICLE_COLUMNS
    "WHERE status = 'published' AND id <> $1 AND (published_at, id) < ($2, $3)"
    " ORDER BY published_at DESC, id DESC LIMIT $4";
constexpr std::string_view kLatestInSection = DEPECHE_ARTICLE_COLUMNS
    "WHERE section = $5 AND status = 'published' AND id <> $1 AND (published_at, id) < ($2, $3)"
    " ORDER BY published_at DESC, id DESC LIMIT $4";
constexpr std::string_view kLatestLeads = DEPECHE_ARTICLE_COLUMNS
    "WHERE status = 'published' AND cluster_lead = 1 AND id <> $1"
    " AND (published_at, id) < ($2, $3) ORDER BY published_at DESC, id DESC LIMIT $4";
constexpr std::string_view kLatestLeadsInSection = DEPECHE_ARTICLE_COLUMNS
    "WHERE section = $5 AND status = 'published' AND cluster_lead = 1 AND id <> $1"
    " AND (published_at, id) < ($2, $3) ORDER BY published_at DESC, id DESC LIMIT $4";
// The published members of cluster $1, first published first, at most $2.
constexpr std::string_view kClusterMembers = DEPECHE_ARTICLE_COLUMNS
    "WHERE cluster_id = $1 AND status = 'published' ORDER BY published_at, id LIMIT $2";
// Any status, changed after revision $1, at most $2 rows.
constexpr std::string_view kChangedSince =
    DEPECHE_ARTICLE_COLUMNS "WHERE revision > $1 ORDER BY revision LIMIT $2";
#undef DEPECHE_ARTICLE_COLUMNS

// Sitemaps: published with $1 <= id <= $2, by the primary key; published
// at or after $1, newest first, at most $2.
constexpr std::string_view kStampsInRange =
    "SELECT id, slug, headline, published_at, updated_at FROM articles"
    " WHERE id BETWEEN $1 AND $2 AND status = 'published' ORDER BY id";
constexpr std::string_view kRecentStamps =
    "SELECT id, slug, headline, published_at, updated_at FROM articles"
    " WHERE status = 'published' AND published_at >= $1"
    " ORDER BY published_at DESC, id DESC LIMIT $2";
// Reads every published row, as the contract says; callers keep the answer.
constexpr std::string_view kStampBlocks =
    "SELECT (id - 1) / $1::bigint + 1 AS block, count(*), max(updated_at) FROM articles"
    " WHERE status = 'published' GROUP BY block ORDER BY block";

// The stored dispatches of the articles $1 at versions $2 (arrays, pairwise).
constexpr std::string_view kDispatchesAt =
    "SELECT v.article_id, v.dispatch"
    " FROM unnest($1::bigint[], $2::bigint[]) AS w (article_id, version)"
    " JOIN article_versions v ON v.article_id = w.article_id AND v.version = w.version";
// How many published articles, or leads, scope $1 holds ('*' or a slug).
constexpr std::string_view kPublishedCount = "SELECT n FROM published_counts WHERE scope = $1";
constexpr std::string_view kLeadCount = "SELECT n FROM lead_counts WHERE scope = $1";

// Clustering: for each band key of $1, the articles holding it first
// published within [$2, $3], the latest first, at most $4 per key; one
// round trip for all keys instead of one per key.
constexpr std::string_view kClusterKeyLookup =
    "SELECT k.article_id FROM unnest($1::bigint[]) AS q (key) CROSS JOIN LATERAL"
    " (SELECT article_id FROM cluster_keys WHERE key = q.key"
    " AND published_at BETWEEN $2 AND $3 ORDER BY published_at DESC LIMIT $4) AS k";
// Article $1's print, its status, cluster and the founder's first publication.
constexpr std::string_view kClusterPrint =
    "SELECT p.published_at, p.keys, p.features, a.status, a.cluster_id,"
    " coalesce(f.published_at, a.published_at)"
    " FROM cluster_prints p JOIN articles a ON a.id = p.article_id"
    " LEFT JOIN articles f ON f.id = a.cluster_id WHERE p.article_id = $1";
// The prints of the published articles among $1, in its order, each with
// its cluster's first publication and published members.
constexpr std::string_view kClusterPrints =
    "SELECT p.article_id, p.published_at, p.keys, p.features, coalesce(a.cluster_id, 0),"
    " coalesce(f.published_at, a.published_at),"
    " CASE WHEN coalesce(a.cluster_id, 0) = 0 THEN 0 ELSE (SELECT count(*) FROM articles m"
    "  WHERE m.cluster_id = a.cluster_id AND m.status = 'published') END"
    " FROM unnest($1::bigint[]) WITH ORDINALITY AS q (id, n)"
    " JOIN cluster_prints p ON p.article_id = q.id JOIN articles a ON a.id = p.article_id"
    " LEFT JOIN articles f ON f.id = a.cluster_id WHERE a.status = 'published' ORDER BY q.n";
// Every member of cluster $1 (any status), to choose its lead, at most $2.
constexpr std::string_view kClusterRoster =
    "SELECT id, status FROM articles WHERE cluster_id = $1 ORDER BY published_at, id LIMIT $2";
constexpr std::string_view kClusterSize =
    "SELECT count(*) FROM articles WHERE cluster_id = $1 AND status = 'published'";
constexpr std::string_view kClusterOf = "SELECT cluster_id FROM articles WHERE id = $1";
// No row is written when nothing changes: each write is a new revision and
// a logged change.
constexpr std::string_view kSetCluster =
    "UPDATE articles SET cluster_id = $2 WHERE id = $1 AND cluster_id <> $2";
constexpr std::string_view kSetClusterLead =
    "UPDATE articles SET cluster_lead = $2 WHERE id = $1 AND cluster_lead <> $2";
// A change of cluster $1 for the pages showing its members: a number from
// the counter, like every change (migrations.cc).
constexpr std::string_view kClusterChanged =
    "SELECT depeche_log_change(depeche_next_change(), 'article', $1, false, '', '')";
// The article's old keys go in the same statement (another table), so that
// keeping a print is two round trips, this one and kPutClusterKeys.
constexpr std::string_view kPutClusterPrint =
    "WITH old_keys AS (DELETE FROM cluster_keys WHERE article_id = $1)"
    " INSERT INTO cluster_prints (article_id, published_at, keys, features) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at,"
    " keys = excluded.keys, features = excluded.features";
// Keys $1 (an array) of article $3 first published at $2.
constexpr std::string_view kPutClusterKeys =
    "INSERT INTO cluster_keys (key, published_at, article_id)"
    " SELECT unnest($1::bigint[]), $2, $3 ON CONFLICT DO NOTHING";
// By cluster_keys_by_article, which the SQLite schema lacks (there the
// print's keys are read back to find the rows).
constexpr std::string_view kDropClusterKeys = "DELETE FROM cluster_keys WHERE article_id = $1";
constexpr std::string_view kDropClusterPrint = "DELETE FROM cluster_prints WHERE article_id = $1";

// The ingester's look-ups and writes.
constexpr std::string_view kHeadByGuid = "SELECT id, version, status FROM articles WHERE guid = $1";
constexpr std::string_view kCurrentDispatch =
    "SELECT v.dispatch FROM articles a JOIN article_versions v"
    " ON v.article_id = a.id AND v.version = a.version WHERE a.id = $1";
// The id is the highest plus one, as SQLite hands out rowids, rather than
// the identity's next value: writers hold the counter's lock, so no two
// take the same, and a rolled-back insert leaves no hole (sitemap blocks
// stay full, and both backends number the same feed alike). Nothing else
// inserts articles, so the identity's own sequence is never used.
// The revision comes from the trigger.
constexpr std::string_view kInsertArticle =
    "INSERT INTO articles (id, guid, slug, version, status, provider, headline, published_at,"
    " updated_at, section) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM articles),"
    " $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
// $7: the rubrique, or null to keep it.
constexpr std::string_view kReplaceArticle =
    "UPDATE articles SET version = $1, status = $2, provider = $3, headline = $4,"
    " updated_at = $5, section = coalesce($7::text, section) WHERE id = $6";
constexpr std::string_view kSetSection = "UPDATE articles SET section = $1 WHERE id = $2";
constexpr std::string_view kAddVersion =
    "INSERT INTO article_versions (article_id, version, received_at, dispatch)"
    " VALUES ($1, $2, $3, $4) ON CONFLICT (article_id, version)"
    " DO UPDATE SET received_at = excluded.received_at, dispatch = excluded.dispatch";
// The revisions articles $1 (an array) are at now.
constexpr std::string_view kRevisionsOf =
    "SELECT id, revision FROM articles WHERE id = ANY($1::bigint[])";
constexpr std::string_view kVersions =
    "SELECT dispatch FROM article_versions WHERE article_id = $1 ORDER BY version";

// Up to $2 articles after id $1, with the dispatch on show, by id.
constexpr std::string_view kRefileRead =
    "SELECT a.id, a.section, v.dispatch FROM articles a JOIN article_versions v"
    " ON v.article_id = a.id AND v.version = a.version WHERE a.id > $1 ORDER BY a.id LIMIT $2";
constexpr std::string_view kRefileArticle = "UPDATE articles SET section = $1 WHERE id = $2";

constexpr std::string_view kPing = "SELECT 1";

// The kept pictures that share a package with guid $1, in package order.
// linked_pictures.guid is its primary key, so p.picture needs no grouping.
constexpr std::string_view kPicturesLinkedTo =
    "SELECT p.picture FROM package_members mine"
    " JOIN package_members other ON other.package_guid = mine.package_guid"
    " JOIN linked_pictures p ON p.guid = other.member_guid"
    " WHERE mine.member_guid = $1"
    " GROUP BY p.guid ORDER BY min(mine.package_guid), min(other.position)";

}  // namespace sql

// Writers of articles (and of the change log) run one at a time: this
// begins a transaction and waits for the counter's row lock, in one round
// trip (migrations.cc says why the counter is locked).
constexpr std::string_view kBeginWriter = "BEGIN; SELECT n FROM change_counter FOR UPDATE";

// Versions are unsigned on the wire, bigint here: past INT64_MAX they are
// refused rather than wrapped, which would break ordering.
Result<std::int64_t> stored_version(std::uint64_t v) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error(ErrorCode::invalid_input, "version number too large: " + std::to_string(v));
  }
  return static_cast<std::int64_t>(v);
}

std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}

Timestamp from_unix(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

ArticleStatus status_from_text(std::string_view s) {
  return s == "withdrawn" ? ArticleStatus::withdrawn : ArticleStatus::published;
}

// Band keys as cluster_prints keeps them: decimal numbers, space-separated
// (the SQLite form, so a print reads the same on both).
std::string keys_text(const std::vector<std::int64_t>& keys) {
  std::string out;
  for (auto k : keys) {
    if (!out.empty()) out += ' ';
    out += std::to_string(k);
  }
  return out;
}

std::vector<std::int64_t> keys_from_text(std::string_view text) {
  std::vector<std::int64_t> out;
  while (!text.empty()) {
    std::int64_t k = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
    if (ec != std::errc()) break;
    out.push_back(k);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  return out;
}

// An article row as the article statements select it, without its dispatch.
struct ArticleRow {
  Article article;  // dispatch still empty
  std::int64_t version = 0;
};

ArticleRow read_row(const Statement& s) {
  ArticleRow r;
  Article& a = r.article;
  a.id = s.column_int(0);
  a.slug = s.column_text(1);
  a.status = status_from_text(s.column_text(2));
  a.published_at = from_unix(s.column_int(3));
  a.updated_at = from_unix(s.column_int(4));
  a.revision = s.column_int(5);
  a.section = s.column_text(6);
  r.version = s.column_int(7);
  a.cluster_id = s.column_int(8);
  return r;
}

Result<std::vector<ArticleStamp>> read_stamps(Statement& s) {
  std::vector<ArticleStamp> out;
  while (DEPECHE_TRY(s.step())) {
    out.push_back({s.column_int(0), s.column_text(1), s.column_text(2), from_unix(s.column_int(3)),
                   from_unix(s.column_int(4))});
  }
  return out;
}

// The kept pictures that share a package with `guid` (LinkStore::pictures_for).
Result<std::vector<Picture>> pictures_linked_to(Connection& db, std::string_view guid) {
  auto s = DEPECHE_TRY(db.cached(sql::kPicturesLinkedTo));
  s.bind(1, guid);
  std::vector<Picture> out;
  while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_picture(s.column_text(0))));
  return out;
}

Status run_cached(Connection& db, std::string_view text) {
  auto s = DEPECHE_TRY(db.cached(text));
  return s.run();
}

// The most members of one cluster read to choose its lead: members beyond
// kMaxClusterMembers only exist when withdrawn ones have not left yet, which
// the publisher never leaves behind; the margin keeps the read bounded anyway.
constexpr int kRosterLimit = 4 * kMaxClusterMembers;

// How many articles refile reads and files per transaction: batches keep
// the writers' lock short, so the ingester goes on between them.
constexpr int kRefileBatch = 500;

// The outer transaction owns its connection; a nested one (a savepoint)
// works on its parent's.
class PgTransaction final : public ArticleTransaction {
 public:
  PgTransaction(Pool::Lease lease, const Clock& clock, DecodedDispatches& decoded)
      : lease_(std::move(lease)), db_(**lease_), clock_(clock), decoded_(decoded) {}
  explicit PgTransaction(PgTransaction& parent)
      : db_(parent.db_), clock_(parent.clock_), decoded_(parent.decoded_), parent_(&parent) {}
  ~PgTransaction() override {
    if (done_) return;
    if (!parent_) {
      (void)db_.exec("ROLLBACK");
      return;
    }
    // Undone, then forgotten: this works after a failed statement too, and
    // the outer transaction goes on as it was before the savepoint.
    if (db_.exec(kRollbackTo)) (void)db_.exec(kRelease);
    parent_->nested_open_ = false;
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  Result<std::unique_ptr<ArticleTransaction>> nested() override {
    if (nested_open_) return make_error(ErrorCode::conflict, "a nested unit is already open");
    DEPECHE_TRY(still_open());
    // After a failed statement outside any savepoint the server refuses
    // this one (io): the transaction can only roll back, nothing can join.
    // Savepoints of one name nest: ROLLBACK TO and RELEASE take the latest.
    DEPECHE_TRY(db_.exec(kSavepoint));
    nested_open_ = true;
    return std::unique_ptr<ArticleTransaction>(new PgTransaction(*this));
  }

  Result<std::vector<Picture>> linked_pictures(std::string_view guid) override {
    return pictures_linked_to(db_, guid);
  }

  Result<std::optional<ArticleHead>> head_by_guid(std::string_view guid) override {
    auto s = DEPECHE_TRY(db_.cached(sql::kHeadByGuid));
    s.bind(1, guid);
    if (!DEPECHE_TRY(s.step())) return std::optional<ArticleHead>{};
    return std::optional<ArticleHead>{ArticleHead{s.column_int(0),
                                                  static_cast<std::uint64_t>(s.column_int(1)),
                                                  status_from_text(s.column_text(2))}};
  }

  Result<Dispatch> dispatch_of(std::int64_t id) override {
    auto s = DEPECHE_TRY(db_.cached(sql::kCurrentDispatch));
    s.bind(1, id);
    if (!DEPECHE_TRY(s.step())) {
      return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
    }
    return decode_dispatch(s.column_text(0));
  }

  using ArticleTransaction::insert;
  Result<std::int64_t> insert(const Dispatch& d, std::string_view slug, ArticleStatus status,
                              std::string_view section) override {
    auto version = DEPECHE_TRY(stored_version(d.version));
    std::int64_t id = 0;
    {
      auto s = DEPECHE_TRY(db_.cached(sql::kInsertArticle));
      s.bind(1, d.guid).bind(2, slug).bind(3, version).bind(4, to_string(status));
      s.bind(5, d.provider).bind(6, d.headline).bind(7, unix_seconds(d.first_created));
      s.bind(8, unix_seconds(d.version_created)).bind(9, section);
      if (!DEPECHE_TRY(s.step())) return make_error(ErrorCode::internal, "insert gave no id");
      id = s.column_int(0);
    }
    DEPECHE_TRY(add_version(id, version, d));
    wrote(id, d);
    return id;
  }

  using ArticleTransaction::replace;
  Status replace(std::int64_t id, const Dispatch& d, ArticleStatus status,
                 std::optional<std::string_view> section) override {
    auto version = DEPECHE_TRY(stored_version(d.version));
    auto s = DEPECHE_TRY(db_.cached(sql::kReplaceArticle));
    s.bind(1, version).bind(2, to_string(status)).bind(3, d.provider).bind(4, d.headline);
    s.bind(5, unix_seconds(d.version_created)).bind(6, id);
    if (section) {
      s.bind(7, *section);
    } else {
      s.bind_null(7);
    }
    DEPECHE_TRY(s.run());
    if (s.changes() != 1) {
      return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
    }
    DEPECHE_TRY(add_version(id, version, d));
    wrote(id, d);
    return {};
  }

  Status set_section(std::int64_t id, std::string_view section) override {
    auto s = DEPECHE_TRY(db_.cached(sql::kSetSection));
    s.bind(1, section).bind(2, id);
    DEPECHE_TRY(s.run());
    if (s.changes() != 1) {
      return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
    }
    return {};
  }

  Result<std::vector<std::int64_t>> cluster_candidates(const std::vector<std::int64_t>& keys,
                                                       Timestamp from, Timestamp to,
                                                       std::int64_t exclude_id,
                                                       int per_key) override {
    // Every id met, once per key it holds, then counted by runs: a key
    // returns at most per_key rows, so this is at most keys × per_key ids.
    std::vector<std::int64_t> met;
    if (keys.empty()) return met;
    met.reserve(keys.size() * static_cast<std::size_t>(std::max(per_key, 0)));
    {
      auto s = DEPECHE_TRY(db_.cached(sql::kClusterKeyLookup));
      s.bind(1, bigint_array(keys)).bind(2, unix_seconds(from)).bind(3, unix_seconds(to));
      bind_limit(s, 4, per_key);
      while (DEPECHE_TRY(s.step())) {
        std::int64_t id = s.column_int(0);
        if (id != exclude_id) met.push_back(id);
      }
    }
    std::sort(met.begin(), met.end());
    std::vector<std::pair<std::int64_t, int>> tally;  // id, keys shared
    for (std::size_t i = 0; i < met.size();) {
      std::size_t j = i;
      while (j < met.size() && met[j] == met[i]) ++j;
      tally.emplace_back(met[i], static_cast<int>(j - i));
      i = j;
    }
    std::stable_sort(tally.begin(), tally.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::int64_t> out;
    out.reserve(tally.size());
    for (const auto& t : tally) out.push_back(t.first);
    return out;
  }

  Result<std::optional<ClusterPrint>> cluster_print(std::int64_t id) override {
    auto s = DEPECHE_TRY(db_.cached(sql::kClusterPrint));
    s.bind(1, id);
    if (!DEPECHE_TRY(s.step())) return std::optional<ClusterPrint>{};
    if (status_from_text(s.column_text(3)) != ArticleStatus::published) {
      return std::optional<ClusterPrint>{};
    }
    ClusterPrint p;
    p.id = id;
    p.published_at = from_unix(s.column_int(0));
    p.keys = keys_from_text(s.column_text(1));
    p.features = s.column_text(2);
    p.cluster_id = s.column_int(4);
    p.cluster_since = from_unix(s.column_int(5));
    if (p.cluster_id != 0) {
      auto n = DEPECHE_TRY(db_.cached(sql::kClusterSize));
      n.bind(1, p.cluster_id);
      DEPECHE_TRY(n.step());
      p.cluster_size = static_cast<int>(n.column_int(0));
    }
    return std::optional<ClusterPrint>{std::move(p)};
  }

  Result<std::vector<ClusterPrint>> cluster_prints(const std::vector<std::int64_t>& ids) override {
    std::vector<ClusterPrint> out;
    if (ids.empty()) return out;
    auto s = DEPECHE_TRY(db_.cached(sql::kClusterPrints));
    s.bind(1, bigint_array(ids));
    while (DEPECHE_TRY(s.step())) {
      ClusterPrint p;
      p.id = s.column_int(0);
      p.published_at = from_unix(s.column_int(1));
      p.keys = keys_from_text(s.column_text(2));
      p.features = s.column_text(3);
      p.cluster_id = s.column_int(4);
      p.cluster_since = from_unix(s.column_int(5));
      p.cluster_size = static_cast<int>(s.column_int(6));
      out.push_back(std::move(p));
    }
    return out;
  }

  Status put_cluster_print(const ClusterPrint& print) override {
    auto s = DEPECHE_TRY(db_.cached(sql::kPutClusterPrint));
    s.bind(1, print.id).bind(2, unix_seconds(print.published_at));
    s.bind(3, keys_text(print.keys)).bind(4, print.features);
    DEPECHE_TRY(s.run());
    if (print.keys.empty()) return {};
    auto k = DEPECHE_TRY(db_.cached(sql::kPutClusterKeys));
    k.bind(1, bigint_array(print.keys)).bind(2, unix_seconds(print.published_at)).bind(3, print.id);
    return k.run();
  }

  Status drop_cluster_print(std::int64_t id) override {
    DEPECHE_TRY(delete_by_article(sql::kDropClusterKeys, id));
    return delete_by_article(sql::kDropClusterPrint, id);
  }

  Status set_cluster(std::int64_t id, std::int64_t cluster_id) override {
    std::int64_t before = 0;
    {
      auto s = DEPECHE_TRY(db_.cached(sql::kClusterOf));
      s.bind(1, id);
      if (!DEPECHE_TRY(s.step())) {
        return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
      }
      before = s.column_int(0);
    }
    if (before == cluster_id) return {};
    DEPECHE_TRY(move_to_cluster(id, cluster_id));
    if (cluster_id == 0) {
      DEPECHE_TRY(set_lead(id, true));
    } else {
      DEPECHE_TRY(move_to_cluster(cluster_id, cluster_id));
      DEPECHE_TRY(choose_lead(cluster_id));
    }
    if (before != 0) DEPECHE_TRY(choose_lead(before));
    return {};
  }

  Status commit() override {
    DEPECHE_TRY(still_open());
    if (parent_) {
      // Refused after a failed statement in this unit (io); the destructor
      // then undoes the unit.
      DEPECHE_TRY(db_.exec(kRelease));
    } else {
      // PostgreSQL answers a COMMIT after a failed statement by rolling
      // back, without an error: reading the revisions, which the server
      // refuses then, is what reports the failure.
      DEPECHE_TRY(read_revisions());
      DEPECHE_TRY(db_.exec("COMMIT"));
    }
    done_ = true;
    if (parent_) {
      parent_->nested_open_ = false;
      std::move(written_.begin(), written_.end(), std::back_inserter(parent_->written_));
    } else {
      // In write order: an article written twice ends with its last text.
      for (auto& w : written_) {
        if (w.revision != kGone) decoded_.keep(w.id, w.revision, std::move(w.dispatch));
      }
    }
    written_.clear();
    return {};
  }

 private:
  // Notes the dispatch now on show of article `id`, to keep as decoded once
  // everything around it commits (a rollback forgets it: its id and
  // revision could be handed out again). The search syncer and the first
  // readers of a fresh story then find it without reading back and decoding
  // the JSON just written.
  void wrote(std::int64_t id, const Dispatch& d) {
    written_.push_back({id, kGone, std::make_shared<const Dispatch>(d)});
  }
  // The revision each written article ends this transaction at: the key it
  // is kept under. Read in one statement, which runs even when nothing was
  // written (commit() relies on it). An article written twice gets its last
  // revision on both notes, and the later note is kept after the earlier.
  Status read_revisions() {
    std::vector<std::int64_t> ids;
    ids.reserve(written_.size());
    for (const auto& w : written_) ids.push_back(w.id);
    std::unordered_map<std::int64_t, std::int64_t> revisions;
    auto s = DEPECHE_TRY(db_.cached(sql::kRevisionsOf));
    s.bind(1, bigint_array(ids));
    while (DEPECHE_TRY(s.step())) revisions[s.column_int(0)] = s.column_int(1);
    for (auto& w : written_) {
      auto it = revisions.find(w.id);
      w.revision = it == revisions.end() ? kGone : it->second;
    }
    return {};
  }

  Status add_version(std::int64_t id, std::int64_t version, const Dispatch& d) {
    auto s = DEPECHE_TRY(db_.cached(sql::kAddVersion));
    s.bind(1, id).bind(2, version).bind(3, unix_seconds(clock_.now())).bind(4, encode_dispatch(d));
    return s.run();
  }

  Status delete_by_article(std::string_view text, std::int64_t id) {
    auto s = DEPECHE_TRY(db_.cached(text));
    s.bind(1, id);
    return s.run();
  }
  Status move_to_cluster(std::int64_t id, std::int64_t cluster_id) {
    auto s = DEPECHE_TRY(db_.cached(sql::kSetCluster));
    s.bind(1, id).bind(2, cluster_id);
    return s.run();
  }
  Status set_lead(std::int64_t id, bool lead) {
    auto s = DEPECHE_TRY(db_.cached(sql::kSetClusterLead));
    s.bind(1, id).bind(2, std::int64_t{lead ? 1 : 0});
    return s.run();
  }
  // Gives cluster `cluster_id` its lead again, the first published of its
  // published members, or dissolves it when fewer than two remain; then
  // records a change of the cluster for the pages that show its members.
  Status choose_lead(std::int64_t cluster_id) {
    struct Member {
      std::int64_t id;
      bool published;
    };
    std::vector<Member> members;
    {
      auto s = DEPECHE_TRY(db_.cached(sql::kClusterRoster));
      s.bind(1, cluster_id).bind(2, kRosterLimit);
      while (DEPECHE_TRY(s.step())) {
        members.push_back(
            {s.column_int(0), status_from_text(s.column_text(1)) == ArticleStatus::published});
      }
    }
    auto published =
        std::count_if(members.begin(), members.end(), [](const Member& m) { return m.published; });
    bool lead_chosen = false;
    for (const auto& m : members) {
      if (published < 2) {
        DEPECHE_TRY(move_to_cluster(m.id, 0));
        DEPECHE_TRY(set_lead(m.id, true));
        continue;
      }
      bool lead = m.published && !lead_chosen;
      lead_chosen = lead_chosen || lead;
      DEPECHE_TRY(set_lead(m.id, lead));
    }
    auto c = DEPECHE_TRY(db_.cached(sql::kClusterChanged));
    c.bind(1, cluster_id);
    return c.run();
  }

  // Savepoint statements take no parameters: sent as they are.
  static constexpr std::string_view kSavepoint = "SAVEPOINT item";
  static constexpr std::string_view kRelease = "RELEASE SAVEPOINT item";
  static constexpr std::string_view kRollbackTo = "ROLLBACK TO SAVEPOINT item";

  Status still_open() const {
    if (db_.in_transaction()) return {};
    return make_error(ErrorCode::io, "the transaction was ended after an error");
  }

  static constexpr std::int64_t kGone = -1;  // no revision known (yet)
  struct Written {
    std::int64_t id;
    std::int64_t revision;
    DecodedDispatches::Shared dispatch;
  };

  std::optional<Pool::Lease> lease_;  // empty for a nested unit
  Connection& db_;
  const Clock& clock_;
  DecodedDispatches& decoded_;
  std::vector<Written> written_;  // by this unit and its committed nested ones
  PgTransaction* parent_ = nullptr;
  bool nested_open_ = false;
  bool done_ = false;
};

class PgArticleStore final : public ArticleStore {
 public:
  PgArticleStore(Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<std::unique_ptr<ArticleTransaction>> begin() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    // On failure the lease goes back to the pool, which rolls back a
    // connection left inside a transaction.
    DEPECHE_TRY(lease->exec(kBeginWriter));
    return std::unique_ptr<ArticleTransaction>(
        new PgTransaction(std::move(lease), clock_, decoded_));
  }

  Result<std::optional<Article>> by_id(std::int64_t id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(sql::kArticleById));
      s.bind(1, id);
      if (!DEPECHE_TRY(s.step())) return std::optional<Article>{};
      rows.push_back(read_row(s));
    }
    auto articles = DEPECHE_TRY(with_dispatches(*lease, std::move(rows)));
    return std::optional<Article>{std::move(articles.front())};
  }

  Result<std::vector<Article>> by_ids(const std::vector<std::int64_t>& ids) override {
    if (ids.empty()) return std::vector<Article>{};
    auto lease = DEPECHE_TRY(pool_.acquire());
    // One statement reads them all, so they come from one snapshot, in one
    // round trip; they are put in the order asked here.
    std::unordered_map<std::int64_t, ArticleRow> found;
    {
      auto s = DEPECHE_TRY(lease->cached(sql::kArticlesByIds));
      s.bind(1, bigint_array(ids));
      while (DEPECHE_TRY(s.step())) {
        auto row = read_row(s);
        found.emplace(row.article.id, std::move(row));
      }
    }
    std::vector<ArticleRow> rows;
    rows.reserve(ids.size());
    for (auto id : ids) {
      if (auto it = found.find(id); it != found.end()) rows.push_back(it->second);
    }
    return with_dispatches(*lease, std::move(rows));
  }

  Result<ArticleList> latest(const ListQuery& q) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    ArticleList out;
    const int limit = std::max(q.limit, 0);
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(
          q.one_per_cluster ? (q.section.empty() ? sql::kLatestLeads : sql::kLatestLeadsInSection)
                            : (q.section.empty() ? sql::kLatest : sql::kLatestInSection)));
      // No cursor: start above any stored article.
      ListCursor before =
          q.before.value_or(ListCursor{from_unix(std::numeric_limits<std::int64_t>::max()),
                                       std::numeric_limits<std::int64_t>::max()});
      s.bind(1, q.exclude_id.value_or(0));
      s.bind(2, unix_seconds(before.published_at)).bind(3, before.id);
      // One more than shown tells whether a next page exists.
      s.bind(4, std::int64_t{limit} + 1);
      if (!q.section.empty()) s.bind(5, q.section);
      while (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
    }
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(static_cast<std::size_t>(limit));
      if (!rows.empty()) {
        const Article& last = rows.back().article;
        out.next = ListCursor{last.published_at, last.id};
      }
    }
    out.items = DEPECHE_TRY(with_dispatches(*lease, std::move(rows)));
    auto c = DEPECHE_TRY(lease->cached(q.one_per_cluster ? sql::kLeadCount : sql::kPublishedCount));
    c.bind(1, q.section.empty() ? std::string_view("*") : std::string_view(q.section));
    if (DEPECHE_TRY(c.step())) out.total = c.column_int(0);
    return out;
  }

  Result<std::vector<Article>> cluster_members(std::int64_t cluster_id) override {
    if (cluster_id == 0) return std::vector<Article>{};
    auto lease = DEPECHE_TRY(pool_.acquire());
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(sql::kClusterMembers));
      s.bind(1, cluster_id).bind(2, kMaxClusterMembers);
      while (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
    }
    return with_dispatches(*lease, std::move(rows));
  }

  Result<std::vector<ArticleStamp>> published_stamps(std::int64_t first_id,
                                                     std::int64_t last_id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(sql::kStampsInRange));
    s.bind(1, first_id).bind(2, last_id);
    return read_stamps(s);
  }

  Result<std::vector<ArticleStamp>> recent_stamps(Timestamp since, int limit) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(sql::kRecentStamps));
    s.bind(1, unix_seconds(since)).bind(2, std::max(limit, 0));
    return read_stamps(s);
  }

  Result<std::vector<StampBlock>> stamp_blocks(std::int64_t block_size) override {
    if (block_size < 1) return make_error(ErrorCode::invalid_input, "block size below 1");
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(sql::kStampBlocks));
    s.bind(1, block_size);
    std::vector<StampBlock> out;
    while (DEPECHE_TRY(s.step())) {
      out.push_back({s.column_int(0), s.column_int(1), from_unix(s.column_int(2))});
    }
    return out;
  }

  Result<std::int64_t> latest_revision() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    // One entry of articles_revision, read from its end.
    auto s = DEPECHE_TRY(lease->cached("SELECT coalesce(max(revision), 0) FROM articles"));
    if (!DEPECHE_TRY(s.step())) return std::int64_t{0};
    return s.column_int(0);
  }

  Result<std::vector<Article>> changed_since(std::int64_t after, int limit) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(sql::kChangedSince));
      s.bind(1, after);
      bind_limit(s, 2, limit);
      while (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
    }
    // Catching up walks the whole archive once (a new search index): it
    // would push out of the cache the stories readers are reading.
    return with_dispatches(*lease, std::move(rows), Keep::no);
  }

  Status ping() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    return run_cached(*lease, sql::kPing);
  }

  Result<std::int64_t> refile(
      const std::function<std::string(const Dispatch&)>& classify) override {
    std::int64_t changed = 0;
    std::int64_t after = 0;
    for (;;) {
      auto lease = DEPECHE_TRY(pool_.acquire());
      auto batch = DEPECHE_TRY(refile_batch(*lease, classify, after));
      changed += batch.moved;
      if (batch.seen < kRefileBatch) return changed;
    }
  }

  Result<std::vector<Dispatch>> versions(std::int64_t id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(sql::kVersions));
    s.bind(1, id);
    std::vector<Dispatch> out;
    while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_dispatch(s.column_text(0))));
    return out;
  }

 private:
  // Whether dispatches decoded for a read are kept for the next reader.
  enum class Keep { no, yes };

  struct RefileBatch {
    int seen = 0;
    std::int64_t moved = 0;
  };
  // Files again the articles after id `after` (moved past those read), in
  // one transaction that holds the writers' lock, as the ingester's do.
  Result<RefileBatch> refile_batch(Connection& db,
                                   const std::function<std::string(const Dispatch&)>& classify,
                                   std::int64_t& after) {
    auto tx = DEPECHE_TRY(Transaction::begin(db, kBeginWriter));
    RefileBatch batch;
    std::vector<std::pair<std::int64_t, std::string>> moves;
    {
      auto s = DEPECHE_TRY(db.cached(sql::kRefileRead));
      s.bind(1, after).bind(2, kRefileBatch);
      while (DEPECHE_TRY(s.step())) {
        ++batch.seen;
        after = s.column_int(0);
        auto d = decode_dispatch(s.column_text(2));
        if (!d) continue;  // unreadable rows keep their rubrique
        std::string section = classify(*d);
        if (section != s.column_text(1)) moves.emplace_back(after, std::move(section));
      }
    }
    for (auto& [id, section] : moves) {
      auto u = DEPECHE_TRY(db.cached(sql::kRefileArticle));
      u.bind(1, section).bind(2, id);
      DEPECHE_TRY(u.run());
    }
    DEPECHE_TRY(tx.commit());
    batch.moved = static_cast<std::int64_t>(moves.size());
    return batch;
  }

  // Gives each row its dispatch: the decoded one kept for its revision, or
  // else the stored one, decoded now (and kept when `keep` says so). The
  // stored ones missing are read in one statement.
  Result<std::vector<Article>> with_dispatches(Connection& db, std::vector<ArticleRow> rows,
                                               Keep keep = Keep::yes) {
    std::vector<DecodedDispatches::Shared> kept(rows.size());
    std::vector<std::int64_t> ids, versions;
    std::unordered_set<std::int64_t> wanted;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Article& a = rows[i].article;
      kept[i] = decoded_.find(a.id, a.revision);
      if (!kept[i] && wanted.insert(a.id).second) {
        ids.push_back(a.id);
        versions.push_back(rows[i].version);
      }
    }
    auto read = DEPECHE_TRY(read_dispatches(db, ids, versions));
    std::vector<Article> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Article& a = rows[i].article;
      if (!kept[i]) {
        auto it = read.find(a.id);
        if (it == read.end()) {
          return make_error(ErrorCode::internal,
                            "article " + std::to_string(a.id) + " has no stored version");
        }
        kept[i] = it->second;
        if (keep == Keep::yes) decoded_.keep(a.id, a.revision, kept[i]);
      }
      a.dispatch = *kept[i];
      out.push_back(std::move(a));
    }
    return out;
  }

  // The dispatches of articles `ids` at `versions` (pairwise), decoded, by id.
  static Result<std::unordered_map<std::int64_t, DecodedDispatches::Shared>> read_dispatches(
      Connection& db, const std::vector<std::int64_t>& ids,
      const std::vector<std::int64_t>& versions) {
    std::unordered_map<std::int64_t, DecodedDispatches::Shared> out;
    if (ids.empty()) return out;
    auto s = DEPECHE_TRY(db.cached(sql::kDispatchesAt));
    s.bind(1, bigint_array(ids)).bind(2, bigint_array(versions));
    while (DEPECHE_TRY(s.step())) {
      out[s.column_int(0)] =
          std::make_shared<const Dispatch>(DEPECHE_TRY(decode_dispatch(s.column_text(1))));
    }
    return out;
  }

  Pool& pool_;
  const Clock& clock_;
  DecodedDispatches decoded_;
};

class PgHeldStore final : public HeldStore {
 public:
  explicit PgHeldStore(Pool& pool) : pool_(pool) {}

  Status hold(const Dispatch& d, Timestamp release_at) override {
    auto version = DEPECHE_TRY(stored_version(d.version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "INSERT INTO held_dispatches AS h (guid, version, release_at, dispatch)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (guid) DO UPDATE SET version = excluded.version,"
        " release_at = excluded.release_at, dispatch = excluded.dispatch"
        " WHERE excluded.version >= h.version"));
    s.bind(1, d.guid)
        .bind(2, version)
        .bind(3, unix_seconds(release_at))
        .bind(4, encode_dispatch(d));
    return s.run();
  }

  Result<std::vector<Dispatch>> due(Timestamp now, int limit) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s =
        DEPECHE_TRY(lease->cached("SELECT dispatch FROM held_dispatches WHERE release_at <= $1"
                                  " ORDER BY release_at LIMIT $2"));
    s.bind(1, unix_seconds(now));
    bind_limit(s, 2, limit);
    std::vector<Dispatch> out;
    while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_dispatch(s.column_text(0))));
    return out;
  }

  Status release(std::string_view guid, std::uint64_t version) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s =
        DEPECHE_TRY(lease->cached("DELETE FROM held_dispatches WHERE guid = $1 AND version = $2"));
    s.bind(1, guid).bind(2, v);
    return s.run();
  }

  Result<std::int64_t> count() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached("SELECT count(*) FROM held_dispatches"));
    DEPECHE_TRY(s.step());
    return s.column_int(0);
  }

 private:
  Pool& pool_;
};

class PgLinkStore final : public LinkStore {
 public:
  explicit PgLinkStore(Pool& pool) : pool_(pool) {}

  Result<bool> put_picture(std::string_view guid, std::uint64_t version,
                           const Picture& p) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "INSERT INTO linked_pictures AS l (guid, version, picture) VALUES ($1, $2, $3)"
        " ON CONFLICT (guid) DO UPDATE SET version = excluded.version,"
        " picture = excluded.picture WHERE excluded.version > l.version"));
    s.bind(1, guid).bind(2, v).bind(3, encode_picture(p));
    DEPECHE_TRY(s.run());
    return s.changes() > 0;
  }

  Result<bool> put_package(std::string_view guid, std::uint64_t version,
                           const std::vector<std::string>& members) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto tx = DEPECHE_TRY(Transaction::begin(*lease));
    // Nothing written when older: the transaction rolls back as it goes.
    if (!DEPECHE_TRY(replace_members(*lease, guid, v, members))) return false;
    DEPECHE_TRY(tx.commit());
    return true;
  }

  Result<std::vector<Picture>> pictures_for(std::string_view guid) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    return pictures_linked_to(*lease, guid);
  }

  Result<std::vector<std::string>> linked_to(std::string_view guid) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "SELECT DISTINCT other.member_guid FROM package_members other"
        " WHERE other.member_guid <> $1 AND (other.package_guid = $1 OR other.package_guid IN"
        " (SELECT package_guid FROM package_members WHERE member_guid = $1))"
        " ORDER BY other.member_guid"));
    s.bind(1, guid);
    std::vector<std::string> out;
    while (DEPECHE_TRY(s.step())) out.push_back(s.column_text(0));
    return out;
  }

 private:
  // Inside a transaction: a package newer than the kept one replaces its
  // member list. Returns whether it did. The version is checked and raised
  // in one statement, which locks the package's row: two nodes storing the
  // same package at once take turns, and the second sees the first's
  // version and members (each statement reads the latest commits).
  static Result<bool> replace_members(Connection& db, std::string_view guid, std::int64_t version,
                                      const std::vector<std::string>& members) {
    auto head = DEPECHE_TRY(
        db.cached("INSERT INTO packages AS p (guid, version) VALUES ($1, $2) ON CONFLICT (guid)"
                  " DO UPDATE SET version = excluded.version WHERE p.version < excluded.version"));
    head.bind(1, guid).bind(2, version);
    DEPECHE_TRY(head.run());
    if (head.changes() == 0) return false;
    auto clear = DEPECHE_TRY(db.cached("DELETE FROM package_members WHERE package_guid = $1"));
    clear.bind(1, guid);
    DEPECHE_TRY(clear.run());
    if (members.empty()) return true;
    auto add = DEPECHE_TRY(db.cached(
        "INSERT INTO package_members (package_guid, position, member_guid)"
        " SELECT $1, m.n - 1, m.guid FROM unnest($2::text[]) WITH ORDINALITY AS m (guid, n)"));
    add.bind(1, guid).bind(2, text_array(members));
    DEPECHE_TRY(add.run());
    return true;
  }

  Pool& pool_;
};

}  // namespace

std::unique_ptr<ArticleStore> make_article_store(Pool& pool, const Clock& clock) {
  return std::make_unique<PgArticleStore>(pool, clock);
}

std::unique_ptr<HeldStore> make_held_store(Pool& pool) {
  return std::make_unique<PgHeldStore>(pool);
}

std::unique_ptr<LinkStore> make_link_store(Pool& pool) {
  return std::make_unique<PgLinkStore>(pool);
}

}  // namespace depeche::store::postgres
