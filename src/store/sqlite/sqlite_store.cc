#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <optional>

#include "store/dispatch_codec.h"
#include "store/sqlite/backup.h"
#include "store/sqlite/columns.h"
#include "store/sqlite/comment_store.h"
#include "store/decoded_dispatches.h"
#include "store/sqlite/hot_sql.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/pool.h"
#include "store/sqlite/user_store.h"

namespace depeche::store::sqlite {
namespace {

// Wire versions are unsigned; SQLite integers are signed. Versions past
// INT64_MAX are refused rather than wrapped, which would break ordering.
Result<std::int64_t> stored_version(std::uint64_t v) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error(ErrorCode::invalid_input, "version number too large: " + std::to_string(v));
  }
  return static_cast<std::int64_t>(v);
}

ArticleStatus status_from_text(std::string_view s) {
  return s == "withdrawn" ? ArticleStatus::withdrawn : ArticleStatus::published;
}

// An article row as the hot statements select it (hot_sql.h), without its
// dispatch.
struct ArticleRow {
  Article article;  // dispatch still empty
  std::int64_t version = 0;
};

Result<std::vector<ArticleStamp>> read_stamps(Statement& s) {
  std::vector<ArticleStamp> out;
  while (DEPECHE_TRY(s.step())) {
    out.push_back({s.column_int(0), s.column_text(1), s.column_text(2),
                   from_unix(s.column_int(3)), from_unix(s.column_int(4))});
  }
  return out;
}

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

// The outer transaction owns its connection; a nested one (a savepoint)
// works on its parent's.
// The kept pictures that share a package with `guid` (LinkStore::pictures_for).
Result<std::vector<Picture>> pictures_linked_to(Connection& db, std::string_view guid) {
  auto s = DEPECHE_TRY(
      db.cached("SELECT p.picture FROM package_members mine"
                " JOIN package_members other ON other.package_guid = mine.package_guid"
                " JOIN linked_pictures p ON p.guid = other.member_guid"
                " WHERE mine.member_guid = ?"
                " GROUP BY p.guid ORDER BY min(mine.package_guid), min(other.position)"));
  s.bind(1, guid);
  std::vector<Picture> out;
  while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_picture(s.column_text(0))));
  return out;
}

Status run_cached(Connection& db, std::string_view sql) {
  auto s = DEPECHE_TRY(db.cached(sql));
  return s.run();
}

// Band keys as cluster_prints keeps them: decimal numbers, space-separated.
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

// The most members of one cluster read to choose its lead: members beyond
// kMaxClusterMembers only exist when withdrawn ones have not left yet, which
// the publisher never leaves behind; the margin keeps the read bounded anyway.
constexpr int kRosterLimit = 4 * kMaxClusterMembers;

class SqliteTransaction final : public ArticleTransaction {
 public:
  SqliteTransaction(Pool::Lease lease, const Clock& clock, DecodedDispatches& decoded)
      : lease_(std::move(lease)), db_(**lease_), clock_(clock), decoded_(decoded) {}
  explicit SqliteTransaction(SqliteTransaction& parent)
      : db_(parent.db_), clock_(parent.clock_), decoded_(parent.decoded_), parent_(&parent) {}
  ~SqliteTransaction() override {
    if (done_) return;
    if (!parent_) {
      (void)db_.exec("ROLLBACK");
      return;
    }
    // Undone, then forgotten: the outer transaction goes on without it.
    if (run(kRollbackTo)) (void)run(kRelease);
    parent_->nested_open_ = false;
  }

  Result<std::unique_ptr<ArticleTransaction>> nested() override {
    if (nested_open_) return make_error(ErrorCode::conflict, "a nested unit is already open");
    DEPECHE_TRY(still_open());
    // Savepoints of one name nest: ROLLBACK TO and RELEASE take the latest.
    DEPECHE_TRY(run(kSavepoint));
    nested_open_ = true;
    return std::unique_ptr<ArticleTransaction>(new SqliteTransaction(*this));
  }

  Result<std::vector<Picture>> linked_pictures(std::string_view guid) override {
    return pictures_linked_to(db_, guid);
  }

  Result<std::optional<ArticleHead>> head_by_guid(std::string_view guid) override {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kHeadByGuid));
    s.bind(1, guid);
    if (!DEPECHE_TRY(s.step())) return std::optional<ArticleHead>{};
    return std::optional<ArticleHead>{ArticleHead{s.column_int(0),
                                                  static_cast<std::uint64_t>(s.column_int(1)),
                                                  status_from_text(s.column_text(2))}};
  }

  Result<Dispatch> dispatch_of(std::int64_t id) override {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kCurrentDispatch));
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
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kInsertArticle));
    s.bind(1, d.guid).bind(2, slug).bind(3, version).bind(4, to_string(status));
    s.bind(5, d.provider).bind(6, d.headline).bind(7, unix_seconds(d.first_created));
    s.bind(8, unix_seconds(d.version_created)).bind(9, section);
    DEPECHE_TRY(s.run());
    std::int64_t id = db_.last_insert_id();
    DEPECHE_TRY(add_version(id, version, d));
    wrote(id, d);
    return id;
  }

  using ArticleTransaction::replace;
  Status replace(std::int64_t id, const Dispatch& d, ArticleStatus status,
                 std::optional<std::string_view> section) override {
    auto version = DEPECHE_TRY(stored_version(d.version));
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kReplaceArticle));
    s.bind(1, version).bind(2, to_string(status)).bind(3, d.provider).bind(4, d.headline);
    s.bind(5, unix_seconds(d.version_created)).bind(6, id);
    if (section) {
      s.bind(7, *section);
    } else {
      s.bind_null(7);
    }
    DEPECHE_TRY(s.run());
    if (db_.changes() != 1) {
      return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
    }
    DEPECHE_TRY(add_version(id, version, d));
    wrote(id, d);
    return {};
  }

  Status set_section(std::int64_t id, std::string_view section) override {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kSetSection));
    s.bind(1, section).bind(2, id);
    DEPECHE_TRY(s.run());
    if (db_.changes() != 1) {
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
    met.reserve(keys.size() * static_cast<std::size_t>(std::max(per_key, 0)));
    for (auto key : keys) {
      auto s = DEPECHE_TRY(db_.cached(hot_sql::kClusterKeyLookup));
      s.bind(1, key).bind(2, unix_seconds(from)).bind(3, unix_seconds(to)).bind(4, per_key);
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
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kClusterPrint));
    s.bind(1, id);
    if (!DEPECHE_TRY(s.step())) return std::optional<ClusterPrint>{};
    ClusterPrint p;
    p.id = id;
    p.published_at = from_unix(s.column_int(0));
    p.keys = keys_from_text(s.column_text(1));
    p.features = s.column_text(2);
    if (status_from_text(s.column_text(3)) != ArticleStatus::published) {
      return std::optional<ClusterPrint>{};
    }
    p.cluster_id = s.column_int(4);
    p.cluster_since = from_unix(s.column_int(5));
    if (p.cluster_id != 0) {
      auto n = DEPECHE_TRY(db_.cached(hot_sql::kClusterSize));
      n.bind(1, p.cluster_id);
      DEPECHE_TRY(n.step());
      p.cluster_size = static_cast<int>(n.column_int(0));
    }
    return std::optional<ClusterPrint>{std::move(p)};
  }

  Status put_cluster_print(const ClusterPrint& print) override {
    DEPECHE_TRY(drop_cluster_print(print.id));
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kPutClusterPrint));
    s.bind(1, print.id).bind(2, unix_seconds(print.published_at));
    s.bind(3, keys_text(print.keys)).bind(4, print.features);
    DEPECHE_TRY(s.run());
    for (auto key : print.keys) {
      auto k = DEPECHE_TRY(db_.cached(hot_sql::kPutClusterKey));
      k.bind(1, key).bind(2, unix_seconds(print.published_at)).bind(3, print.id);
      DEPECHE_TRY(k.run());
    }
    return {};
  }

  Status drop_cluster_print(std::int64_t id) override {
    std::int64_t published_at = 0;
    std::vector<std::int64_t> keys;
    {
      auto s = DEPECHE_TRY(db_.cached(hot_sql::kClusterPrint));
      s.bind(1, id);
      if (!DEPECHE_TRY(s.step())) return {};
      published_at = s.column_int(0);
      keys = keys_from_text(s.column_text(1));
    }
    for (auto key : keys) {
      auto k = DEPECHE_TRY(db_.cached(hot_sql::kDropClusterKey));
      k.bind(1, key).bind(2, published_at).bind(3, id);
      DEPECHE_TRY(k.run());
    }
    auto d = DEPECHE_TRY(db_.cached(hot_sql::kDropClusterPrint));
    d.bind(1, id);
    return d.run();
  }

  Status set_cluster(std::int64_t id, std::int64_t cluster_id) override {
    std::int64_t before = 0;
    {
      auto s = DEPECHE_TRY(db_.cached(hot_sql::kArticleById));
      s.bind(1, id);
      if (!DEPECHE_TRY(s.step())) {
        return make_error(ErrorCode::not_found, "no article " + std::to_string(id));
      }
      before = read_row(s).article.cluster_id;
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
    if (!parent_) DEPECHE_TRY(read_revisions());
    DEPECHE_TRY(parent_ ? run(kRelease) : db_.exec("COMMIT"));
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
  // is kept under. An article written twice gets its last revision on both
  // notes, and the later note (its last text) is kept after the earlier.
  Status read_revisions() {
    for (auto& w : written_) {
      auto s = DEPECHE_TRY(db_.cached(hot_sql::kRevisionOf));
      s.bind(1, w.id);
      w.revision = DEPECHE_TRY(s.step()) ? s.column_int(0) : kGone;
    }
    return {};
  }

  Status add_version(std::int64_t id, std::int64_t version, const Dispatch& d) {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kAddVersion));
    s.bind(1, id).bind(2, version).bind(3, unix_seconds(clock_.now())).bind(4, encode_dispatch(d));
    return s.run();
  }

  Status move_to_cluster(std::int64_t id, std::int64_t cluster_id) {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kSetCluster));
    s.bind(1, id).bind(2, cluster_id);
    return s.run();
  }
  Status set_lead(std::int64_t id, bool lead) {
    auto s = DEPECHE_TRY(db_.cached(hot_sql::kSetClusterLead));
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
      auto s = DEPECHE_TRY(db_.cached(hot_sql::kClusterRoster));
      s.bind(1, cluster_id).bind(2, kRosterLimit);
      while (DEPECHE_TRY(s.step())) {
        members.push_back({s.column_int(0), status_from_text(s.column_text(1)) ==
                                                ArticleStatus::published});
      }
    }
    auto published = std::count_if(members.begin(), members.end(),
                                    [](const Member& m) { return m.published; });
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
    auto c = DEPECHE_TRY(db_.cached(hot_sql::kClusterChanged));
    c.bind(1, cluster_id);
    return c.run();
  }

  // Savepoint statements run once or twice per dispatch of a batch: kept
  // prepared rather than parsed each time.
  static constexpr std::string_view kSavepoint = "SAVEPOINT item";
  static constexpr std::string_view kRelease = "RELEASE item";
  static constexpr std::string_view kRollbackTo = "ROLLBACK TO item";
  Status run(std::string_view sql) { return run_cached(db_, sql); }

  Status still_open() const {
    if (db_.in_transaction()) return {};
    return make_error(ErrorCode::io, "the transaction was ended by the database after an error");
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
  SqliteTransaction* parent_ = nullptr;
  bool nested_open_ = false;
  bool done_ = false;
};

class SqliteArticleStore final : public ArticleStore {
 public:
  SqliteArticleStore(Pool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<std::unique_ptr<ArticleTransaction>> begin() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    // IMMEDIATE takes the write lock now, so two ingesters never deadlock
    // upgrading a read to a write.
    DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
    return std::unique_ptr<ArticleTransaction>(new SqliteTransaction(std::move(lease), clock_, decoded_));
  }

  Result<std::optional<Article>> by_id(std::int64_t id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(hot_sql::kArticleById));
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
    // One read transaction for all: on its own each lookup takes and drops
    // the database's read lock (system calls each way), which showed in
    // profiles of pages that read a dozen articles.
    DEPECHE_TRY(run_cached(*lease, "BEGIN"));
    struct EndRead {
      Connection& db;
      ~EndRead() { (void)run_cached(db, "COMMIT"); }  // nothing to undo
    } end{*lease};
    std::vector<ArticleRow> rows;
    rows.reserve(ids.size());
    for (auto id : ids) {
      auto s = DEPECHE_TRY(lease->cached(hot_sql::kArticleById));
      s.bind(1, id);
      if (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
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
          q.one_per_cluster ? (q.section.empty() ? hot_sql::kLatestLeads
                                                 : hot_sql::kLatestLeadsInSection)
                            : (q.section.empty() ? hot_sql::kLatest : hot_sql::kLatestInSection)));
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
    auto c = DEPECHE_TRY(
        lease->cached(q.one_per_cluster ? hot_sql::kLeadCount : hot_sql::kPublishedCount));
    c.bind(1, q.section.empty() ? std::string_view("*") : std::string_view(q.section));
    if (DEPECHE_TRY(c.step())) out.total = c.column_int(0);
    return out;
  }

  Result<std::vector<Article>> cluster_members(std::int64_t cluster_id) override {
    if (cluster_id == 0) return std::vector<Article>{};
    auto lease = DEPECHE_TRY(pool_.acquire());
    std::vector<ArticleRow> rows;
    {
      auto s = DEPECHE_TRY(lease->cached(hot_sql::kClusterMembers));
      s.bind(1, cluster_id).bind(2, kMaxClusterMembers);
      while (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
    }
    return with_dispatches(*lease, std::move(rows));
  }

  Result<std::vector<ArticleStamp>> published_stamps(std::int64_t first_id,
                                                     std::int64_t last_id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kStampsInRange));
    s.bind(1, first_id).bind(2, last_id);
    return read_stamps(s);
  }

  Result<std::vector<ArticleStamp>> recent_stamps(Timestamp since, int limit) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kRecentStamps));
    s.bind(1, unix_seconds(since)).bind(2, std::max(limit, 0));
    return read_stamps(s);
  }

  Result<std::vector<StampBlock>> stamp_blocks(std::int64_t block_size) override {
    if (block_size < 1) return make_error(ErrorCode::invalid_input, "block size below 1");
    auto lease = DEPECHE_TRY(pool_.acquire());
    // Not among the hot statements: it reads every published row of
    // articles_latest, which the contract says, and its callers keep it.
    auto s = DEPECHE_TRY(lease->cached(
        "SELECT (id - 1) / ?1 + 1 AS block, count(*), max(updated_at) FROM articles"
        " WHERE status = 'published' GROUP BY block ORDER BY block"));
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
      auto s = DEPECHE_TRY(lease->cached(hot_sql::kChangedSince));
      s.bind(1, after).bind(2, limit);
      while (DEPECHE_TRY(s.step())) rows.push_back(read_row(s));
    }
    // Catching up walks the whole archive once (a new search index): it
    // would push out of the cache the stories readers are reading.
    return with_dispatches(*lease, std::move(rows), Keep::no);
  }

  Status ping() override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kPing));
    return s.run();
  }

  Result<std::int64_t> refile(
      const std::function<std::string(const Dispatch&)>& classify) override {
    // Batches keep the write lock short: readers and the ingester go on
    // between them.
    constexpr int kBatch = 500;
    std::int64_t changed = 0;
    std::int64_t after = 0;
    for (;;) {
      auto lease = DEPECHE_TRY(pool_.acquire());
      DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
      auto rollback = [&] { (void)lease->exec("ROLLBACK"); };
      auto s = lease->prepare(
          "SELECT a.id, a.section, v.dispatch FROM articles a JOIN article_versions v"
          " ON v.article_id = a.id AND v.version = a.version WHERE a.id > ? ORDER BY a.id LIMIT ?");
      if (!s) return rollback(), s.error();
      s->bind(1, after).bind(2, kBatch);
      std::vector<std::pair<std::int64_t, std::string>> moves;
      int seen = 0;
      for (;;) {
        auto row = s->step();
        if (!row) return rollback(), row.error();
        if (!*row) break;
        ++seen;
        after = s->column_int(0);
        auto d = decode_dispatch(s->column_text(2));
        if (!d) continue;  // unreadable rows keep their rubrique
        std::string section = classify(*d);
        if (section != s->column_text(1)) moves.emplace_back(after, std::move(section));
      }
      for (auto& [id, section] : moves) {
        auto u = lease->cached(hot_sql::kRefileArticle);
        if (!u) return rollback(), u.error();
        u->bind(1, section).bind(2, id);
        if (auto r = u->run(); !r) return rollback(), r.error();
      }
      DEPECHE_TRY(lease->exec("COMMIT"));
      changed += static_cast<std::int64_t>(moves.size());
      if (seen < kBatch) return changed;
    }
  }

  Result<std::vector<Dispatch>> versions(std::int64_t id) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kVersions));
    s.bind(1, id);
    std::vector<Dispatch> out;
    while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_dispatch(s.column_text(0))));
    return out;
  }

 private:
  // Whether dispatches decoded for a read are kept for the next reader.
  enum class Keep { no, yes };

  // Gives each row its dispatch: the decoded one kept for its revision, or
  // else the stored one, decoded now (and kept when `keep` says so).
  Result<std::vector<Article>> with_dispatches(Connection& db, std::vector<ArticleRow> rows,
                                               Keep keep = Keep::yes) {
    std::vector<Article> out;
    out.reserve(rows.size());
    for (auto& r : rows) {
      Article& a = r.article;
      auto kept = decoded_.find(a.id, a.revision);
      if (!kept) {
        auto s = DEPECHE_TRY(db.cached(hot_sql::kDispatchAt));
        s.bind(1, a.id).bind(2, r.version);
        if (!DEPECHE_TRY(s.step())) {
          return make_error(ErrorCode::internal,
                            "article " + std::to_string(a.id) + " has no stored version");
        }
        kept = std::make_shared<const Dispatch>(DEPECHE_TRY(decode_dispatch(s.column_text(0))));
        if (keep == Keep::yes) decoded_.keep(a.id, a.revision, kept);
      }
      a.dispatch = *kept;
      out.push_back(std::move(a));
    }
    return out;
  }

  Pool& pool_;
  const Clock& clock_;
  DecodedDispatches decoded_;
};

class SqliteHeldStore final : public HeldStore {
 public:
  explicit SqliteHeldStore(Pool& pool) : pool_(pool) {}

  Status hold(const Dispatch& d, Timestamp release_at) override {
    auto version = DEPECHE_TRY(stored_version(d.version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "INSERT INTO held_dispatches (guid, version, release_at, dispatch) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (guid) DO UPDATE SET version = excluded.version,"
        " release_at = excluded.release_at, dispatch = excluded.dispatch"
        " WHERE excluded.version >= held_dispatches.version"));
    s.bind(1, d.guid)
        .bind(2, version)
        .bind(3, unix_seconds(release_at))
        .bind(4, encode_dispatch(d));
    return s.run();
  }

  Result<std::vector<Dispatch>> due(Timestamp now, int limit) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "SELECT dispatch FROM held_dispatches WHERE release_at <= ? ORDER BY release_at LIMIT ?"));
    s.bind(1, unix_seconds(now)).bind(2, limit);
    std::vector<Dispatch> out;
    while (DEPECHE_TRY(s.step())) out.push_back(DEPECHE_TRY(decode_dispatch(s.column_text(0))));
    return out;
  }

  Status release(std::string_view guid, std::uint64_t version) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s =
        DEPECHE_TRY(lease->cached("DELETE FROM held_dispatches WHERE guid = ? AND version = ?"));
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

class SqliteLinkStore final : public LinkStore {
 public:
  explicit SqliteLinkStore(Pool& pool) : pool_(pool) {}

  Result<bool> put_picture(std::string_view guid, std::uint64_t version,
                           const Picture& p) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "INSERT INTO linked_pictures (guid, version, picture) VALUES (?, ?, ?)"
        " ON CONFLICT (guid) DO UPDATE SET version = excluded.version,"
        " picture = excluded.picture WHERE excluded.version > linked_pictures.version"));
    s.bind(1, guid).bind(2, v).bind(3, encode_picture(p));
    DEPECHE_TRY(s.run());
    return lease->changes() > 0;
  }

  Result<bool> put_package(std::string_view guid, std::uint64_t version,
                           const std::vector<std::string>& members) override {
    auto v = DEPECHE_TRY(stored_version(version));
    auto lease = DEPECHE_TRY(pool_.acquire());
    DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
    auto stored = replace_members(*lease, guid, v, members);
    (void)lease->exec(stored ? "COMMIT" : "ROLLBACK");
    return stored;
  }

  Result<std::vector<Picture>> pictures_for(std::string_view guid) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    return pictures_linked_to(*lease, guid);
  }

  Result<std::vector<std::string>> linked_to(std::string_view guid) override {
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto s = DEPECHE_TRY(lease->cached(
        "SELECT DISTINCT other.member_guid FROM package_members other"
        " WHERE other.member_guid <> ?1 AND (other.package_guid = ?1 OR other.package_guid IN"
        " (SELECT package_guid FROM package_members WHERE member_guid = ?1))"
        " ORDER BY other.member_guid"));
    s.bind(1, guid);
    std::vector<std::string> out;
    while (DEPECHE_TRY(s.step())) out.push_back(s.column_text(0));
    return out;
  }

 private:
  // Inside a transaction: a package newer than the kept one replaces its
  // member list. Returns whether it did.
  static Result<bool> replace_members(Connection& db, std::string_view guid, std::int64_t version,
                                      const std::vector<std::string>& members) {
    auto kept = DEPECHE_TRY(db.cached("SELECT version FROM packages WHERE guid = ?"));
    kept.bind(1, guid);
    if (DEPECHE_TRY(kept.step()) && kept.column_int(0) >= version) return false;
    auto head = DEPECHE_TRY(
        db.cached("INSERT INTO packages (guid, version) VALUES (?, ?) ON CONFLICT (guid)"
                  " DO UPDATE SET version = excluded.version"));
    head.bind(1, guid).bind(2, version);
    DEPECHE_TRY(head.run());
    auto clear = DEPECHE_TRY(db.cached("DELETE FROM package_members WHERE package_guid = ?"));
    clear.bind(1, guid);
    DEPECHE_TRY(clear.run());
    for (std::size_t i = 0; i < members.size(); ++i) {
      auto add = DEPECHE_TRY(db.cached(
          "INSERT INTO package_members (package_guid, position, member_guid) VALUES (?, ?, ?)"));
      add.bind(1, guid).bind(2, static_cast<std::int64_t>(i)).bind(3, members[i]);
      DEPECHE_TRY(add.run());
    }
    return true;
  }

  Pool& pool_;
};

// A site-wide lock for SQLite: an flock() on a file beside the database,
// so that two processes serving one file never both run the drop folder.
// The kernel releases it when the process ends. An in-memory database has
// no neighbour to exclude.
class FileLock final : public SiteLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() override { return true; }

 private:
  int fd_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Pool> pool, const Clock& clock, std::string path)
      : path_(std::move(path)),
        pool_(std::move(pool)),
        articles_(*pool_, clock),
        held_(*pool_),
        links_(*pool_),
        users_(*pool_),
        comments_(*pool_) {}
  ArticleStore& articles() override { return articles_; }
  HeldStore& held() override { return held_; }
  LinkStore& links() override { return links_; }
  UserStore& users() override { return users_; }
  CommentStore& comments() override { return comments_; }

  Status backup_to(const std::filesystem::path& file) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    return backup_database(*lease, file.string());
  }

  Result<std::optional<std::string>> setting(std::string_view key) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s = DEPECHE_TRY(lease->prepare("SELECT value FROM site_settings WHERE key = ?"));
    s.bind(1, key);
    if (!DEPECHE_TRY(s.step())) return std::optional<std::string>{};
    return std::optional<std::string>{s.column_text(0)};
  }

  Status set_setting(std::string_view key, std::string_view value) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s =
        DEPECHE_TRY(lease->prepare("INSERT INTO site_settings (key, value) VALUES (?, ?)"
                                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    s.bind(1, key).bind(2, value);
    return s.run();
  }

  Result<std::vector<Change>> changes_since(std::int64_t after, int limit) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kChangesSince));
    s.bind(1, after).bind(2, limit);
    std::vector<Change> out;
    while (DEPECHE_TRY(s.step())) {
      Change c;
      c.seq = s.column_int(0);
      c.kind = s.column_text(1) == "comments" ? Change::Kind::comments : Change::Kind::article;
      c.article_id = s.column_int(2);
      c.listed = s.column_int(3) != 0;
      c.section_before = s.column_text(4);
      c.section_after = s.column_text(5);
      out.push_back(std::move(c));
    }
    return out;
  }

  Result<std::int64_t> last_change() override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s = DEPECHE_TRY(lease->cached(hot_sql::kLastChange));
    DEPECHE_TRY(s.step());
    return s.column_int(0);
  }

  std::uint64_t local_commits() const override { return pool_->commits(); }

  Result<std::unique_ptr<SiteLock>> try_lock(std::string_view name) override {
    if (!valid_lock_name(name)) {
      return make_error(ErrorCode::invalid_input, "bad lock name: " + std::string(name));
    }
    if (path_ == ":memory:") return std::unique_ptr<SiteLock>(new FileLock(-1));
    std::string file = path_ + ".lock-" + std::string(name);
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(ErrorCode::io, "cannot open " + file);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return std::unique_ptr<SiteLock>();
    }
    return std::unique_ptr<SiteLock>(new FileLock(fd));
  }

 private:
  std::string path_;
  std::unique_ptr<Pool> pool_;
  SqliteArticleStore articles_;
  SqliteHeldStore held_;
  SqliteLinkStore links_;
  SqliteUserStore users_;
  SqliteCommentStore comments_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& path, const Clock& clock) {
  // Each ":memory:" connection would be a different database: keep one.
  int size = path == ":memory:" ? 1 : kMaxConnections;
  auto pool = DEPECHE_TRY(Pool::create(path, size));
  {
    auto lease = DEPECHE_TRY(pool->acquire());
    DEPECHE_TRY(migrate(*lease));
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(pool), clock, path));
}

}  // namespace depeche::store::sqlite
