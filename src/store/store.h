#pragma once
// Front door of the storage layer. Features talk to these interfaces only;
// app/ is the one place that chooses an implementation (sqlite/ today,
// postgres/ when many nodes serve one site).
//
// Thread safety: a Store and its ArticleStore may be used from any number of
// threads at once. A Transaction belongs to the thread that began it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dispatch.h"
#include "core/result.h"
#include "store/comments.h"
#include "store/users.h"

namespace depeche::store {

enum class ArticleStatus { published, withdrawn };

const char* to_string(ArticleStatus s);

// An article as the site shows it: the latest accepted version of one guid.
struct Article {
  std::int64_t id = 0;
  std::string slug;          // URL words, derived from the first headline
  Dispatch dispatch;         // the version on show
  Timestamp published_at{};  // first publication (the wire's firstCreated)
  Timestamp updated_at{};    // when the version on show was created
  ArticleStatus status = ArticleStatus::published;
  // The rubrique's slug ("economie"), filed by the publisher from the
  // subjects (articles/sections.h); empty for an article filed before
  // rubriques existed, until the next start files it.
  std::string section;
  // Store-wide change counter at this article's last change: grows with
  // every insert or replace, so derived data can ask what changed since.
  std::int64_t revision = 0;
  // The cluster of near-duplicate dispatches (one event told by several
  // agencies, articles/clusters.h) this article belongs to: the id of the
  // article that founded it (which may since have been withdrawn), the
  // same for every member; 0 when the article stands alone.
  std::int64_t cluster_id = 0;
};

// The most members one cluster keeps, and the most a page lists: a few
// agencies tell one event; more would be a running story, which clustering
// does not follow (articles/clusters.h refuses to grow a full cluster).
inline constexpr int kMaxClusterMembers = 8;

// What articles/clusters.h keeps of an article to find its near-duplicates:
// its features (a sorted set of hashes, as text) and the band keys derived
// from them, with where it stands now.
struct ClusterPrint {
  std::int64_t id = 0;
  Timestamp published_at{};
  std::vector<std::int64_t> keys;
  std::string features;
  // Read back only: the article's cluster (0: alone), its founder's first
  // publication and how many published members it has (1 when alone).
  std::int64_t cluster_id = 0;
  Timestamp cluster_since{};
  int cluster_size = 1;
};

// What a transaction needs to decide whether a new version wins.
struct ArticleHead {
  std::int64_t id = 0;
  std::uint64_t version = 0;
  ArticleStatus status = ArticleStatus::published;
};

// Where a list stopped: the publication time and id of the last article
// already shown. Lists are ordered by (published_at, id), newest first, so
// the next page starts strictly before it; reading it costs the same at any
// depth, unlike an offset, and a story published meanwhile never shifts it.
struct ListCursor {
  Timestamp published_at{};
  std::int64_t id = 0;
  bool operator==(const ListCursor&) const = default;
};

// The cursor's text form for URLs and the API, "<unix seconds>-<id>".
std::string to_string(const ListCursor& c);
// Reads what to_string wrote: nullopt for any other text (empty, signs,
// spaces, extra characters, an id below 1, numbers out of range).
std::optional<ListCursor> parse_list_cursor(std::string_view text);

// Newest first by publication time, then by id.
struct ListQuery {
  // Only articles strictly older than this cursor; nullopt: from the newest.
  std::optional<ListCursor> before;
  int limit = 20;
  std::optional<std::int64_t> exclude_id;  // e.g. the article being read
  std::string section;                     // one rubrique's slug; empty: all
  // Only one article per cluster: its lead, the first published of its
  // published members (the HTML lists: home, rubriques). The API and the
  // feeds leave it off: machine clients want every dispatch. `total` then
  // counts articles alone and leads.
  bool one_per_cluster = false;
};

struct ArticleList {
  std::vector<Article> items;
  // Exactly how many published articles the list's scope holds (all, or
  // the rubrique's), whatever the cursor and limit, and without taking
  // exclude_id off. Kept up to date by the store, so reading it is free.
  std::int64_t total = 0;
  // Where the next page starts (the last item's cursor) when there are
  // more articles after these items; nullopt on the last page.
  std::optional<ListCursor> next;
};

// A unit of work. Everything done through it becomes visible at once when
// commit() succeeds; destroying it without a successful commit rolls it back.
class ArticleTransaction {
 public:
  virtual ~ArticleTransaction() = default;
  virtual Result<std::optional<ArticleHead>> head_by_guid(std::string_view guid) = 0;
  // The version on show of article `id`, read inside this transaction.
  virtual Result<Dispatch> dispatch_of(std::int64_t id) = 0;
  // Inserts a new article filed under rubrique `section` (a slug; "" for
  // none yet); returns its id. The slug is stored as given. One statement:
  // filing it afterwards would change the row, its counts and the change
  // log a second time.
  virtual Result<std::int64_t> insert(const Dispatch& d, std::string_view slug,
                                      ArticleStatus status, std::string_view section) = 0;
  Result<std::int64_t> insert(const Dispatch& d, std::string_view slug, ArticleStatus status) {
    return insert(d, slug, status, std::string_view(""));
  }
  // Replaces the version on show of article `id`, keeping its id, slug and
  // first publication time, and files it under `section` when given (its
  // rubrique stays otherwise); the replaced version stays in the history.
  virtual Status replace(std::int64_t id, const Dispatch& d, ArticleStatus status,
                         std::optional<std::string_view> section) = 0;
  Status replace(std::int64_t id, const Dispatch& d, ArticleStatus status) {
    return replace(id, d, status, std::nullopt);
  }
  // Files article `id` under rubrique `section` (a slug), without making a
  // new version.
  virtual Status set_section(std::int64_t id, std::string_view section) = 0;
  virtual Status commit() = 0;
  // A unit of work inside this one (a savepoint): what is done through it
  // joins this transaction when its commit() succeeds, and is undone alone
  // when it is destroyed without one, leaving the rest of this transaction
  // as it was. This is how a batch of dispatches shares one commit without
  // a bad one taking the others down. At most one nested unit is open at a
  // time (conflict otherwise), this transaction is not used while it is,
  // and it must not outlive this transaction. Fails when the store ended
  // this transaction on its own after an error (io): nothing more can join.
  virtual Result<std::unique_ptr<ArticleTransaction>> nested() = 0;
  // What LinkStore::pictures_for(guid) returns, read inside this
  // transaction: a batch that holds the store's only connection (an
  // in-memory store has one) can still complete a text with its pictures.
  virtual Result<std::vector<Picture>> linked_pictures(std::string_view guid) = 0;

  // Clusters of near-duplicates. articles/clusters.h decides who belongs
  // together; the store keeps what it decided, in this transaction, so a
  // crash never leaves half a cluster.
  //
  // The published articles, other than `exclude_id`, first published within
  // [from, to], that hold any of `keys` (band keys, ClusterPrint), at most
  // `per_key` read per key (the latest first published: agencies file one
  // event within hours, and the newest is what a live wire meets), each id
  // once, ordered by how many keys it shares (most first, then by id).
  virtual Result<std::vector<std::int64_t>> cluster_candidates(
      const std::vector<std::int64_t>& keys, Timestamp from, Timestamp to, std::int64_t exclude_id,
      int per_key) = 0;
  // The print kept for article `id` (nullopt when none: withdrawn, or
  // published before clusters existed), with its cluster as it is now.
  virtual Result<std::optional<ClusterPrint>> cluster_print(std::int64_t id) = 0;
  // The prints of `ids` that have one, in the order of `ids`: a backend
  // where each read is a round trip to a server reads them in one.
  virtual Result<std::vector<ClusterPrint>> cluster_prints(const std::vector<std::int64_t>& ids) {
    std::vector<ClusterPrint> out;
    for (auto id : ids) {
      if (auto p = DEPECHE_TRY(cluster_print(id))) out.push_back(std::move(*p));
    }
    return out;
  }
  // Keeps `print` for its article (replacing any kept before, keys
  // included); its cluster fields are ignored.
  virtual Status put_cluster_print(const ClusterPrint& print) = 0;
  // Forgets article `id`'s print and keys (no-op when none).
  virtual Status drop_cluster_print(std::int64_t id) = 0;
  // Puts article `id` in cluster `cluster_id` (an article id: the founder,
  // who joins it too when it was alone), or alone for 0. The cluster left
  // behind is dissolved when fewer than two published members remain. Each
  // cluster touched gets its lead again (the first published of its
  // published members, by published_at then id), and pages showing any of
  // its members are told (a change of the cluster's id).
  virtual Status set_cluster(std::int64_t id, std::int64_t cluster_id) = 0;
};

// What a sitemap says of one published article, read from the articles
// table alone (no dispatch is decoded): sitemaps list tens of thousands.
struct ArticleStamp {
  std::int64_t id = 0;
  std::string slug;
  std::string headline;      // of the version on show
  Timestamp published_at{};  // first publication
  Timestamp updated_at{};    // the version on show
};

// The published articles of one block of ids (a sitemap file): block
// `number` (1-based) of size S holds ids (number - 1) * S + 1 to number * S.
struct StampBlock {
  std::int64_t number = 0;
  std::int64_t count = 0;  // published articles in it, at least 1
  Timestamp updated_at{};  // the latest updated_at among them
};

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;
  virtual Result<std::unique_ptr<ArticleTransaction>> begin() = 0;
  // Any status; nullopt when no such id.
  virtual Result<std::optional<Article>> by_id(std::int64_t id) = 0;
  // The articles of `ids` (any status), in that order, leaving out the ids
  // of no article; read together, as one snapshot (a page's cards).
  virtual Result<std::vector<Article>> by_ids(const std::vector<std::int64_t>& ids) = 0;
  // Published articles only.
  virtual Result<ArticleList> latest(const ListQuery& q) = 0;
  // Published articles with first_id <= id <= last_id, by id: one range
  // read of the primary key, whatever the archive's size.
  virtual Result<std::vector<ArticleStamp>> published_stamps(std::int64_t first_id,
                                                             std::int64_t last_id) = 0;
  // Published articles first published at or after `since`, newest first,
  // at most `limit`: one range read of the latest-first index.
  virtual Result<std::vector<ArticleStamp>> recent_stamps(Timestamp since, int limit) = 0;
  // The blocks of `block_size` ids that hold published articles, by
  // number: what a sitemap index lists. Reads every published article's
  // id and time (no dispatch), so it grows with the archive: callers keep
  // the answer (the page cache does).
  virtual Result<std::vector<StampBlock>> stamp_blocks(std::int64_t block_size) = 0;
  // Articles of any status changed after revision `after`, in revision
  // order, at most `limit`: how derived data (search) catches up.
  virtual Result<std::vector<Article>> changed_since(std::int64_t after, int limit) = 0;
  // The highest revision of any article; 0 when none. Derived data that
  // claims a higher one was built from another database (a restored older
  // copy, a site moved to PostgreSQL) and must be rebuilt.
  virtual Result<std::int64_t> latest_revision() = 0;
  // Answers once the store can serve a request, touching no table: what a
  // health check asks, at the same cost on an empty or a huge archive.
  virtual Status ping() = 0;
  // The published members of cluster `cluster_id` (Article::cluster_id),
  // first published first, at most kMaxClusterMembers; empty for 0.
  virtual Result<std::vector<Article>> cluster_members(std::int64_t cluster_id) = 0;
  // Every stored version of one article, oldest first (editors' history).
  virtual Result<std::vector<Dispatch>> versions(std::int64_t id) = 0;
  // Files every article (any status) again with `classify`, in batches, in
  // one transaction per batch; an article whose rubrique changes gets a new
  // revision, so derived data catches up. Returns how many changed.
  virtual Result<std::int64_t> refile(
      const std::function<std::string(const Dispatch&)>& classify) = 0;
};

// Dispatches under embargo, kept until their time comes (one per guid: a
// newer version replaces an older held one). Thread-safe.
class HeldStore {
 public:
  virtual ~HeldStore() = default;
  virtual Status hold(const Dispatch& d, Timestamp release_at) = 0;
  // Held dispatches due at `now`, earliest first, at most `limit`.
  virtual Result<std::vector<Dispatch>> due(Timestamp now, int limit) = 0;
  // Forgets a held dispatch once it is published (no-op if already gone).
  virtual Status release(std::string_view guid, std::uint64_t version) = 0;
  virtual Result<std::int64_t> count() = 0;
};

// Agencies often send a package, its text and its pictures as separate
// files, in any order. This keeps the picture items and the packages' member
// lists so that a text can be given its pictures whichever comes last.
// Thread-safe.
class LinkStore {
 public:
  virtual ~LinkStore() = default;
  // Keeps a picture item; a later call with a higher version replaces it.
  // Returns false when the kept version is as new (nothing changed).
  virtual Result<bool> put_picture(std::string_view guid, std::uint64_t version,
                                   const Picture& p) = 0;
  // Keeps a package's members (guids, in package order) under the same
  // version rule.
  virtual Result<bool> put_package(std::string_view guid, std::uint64_t version,
                                   const std::vector<std::string>& members) = 0;
  // The kept pictures that share a package with `guid`, in package order,
  // each once.
  virtual Result<std::vector<Picture>> pictures_for(std::string_view guid) = 0;
  // Every guid that shares a package with `guid` (itself excluded), and for
  // a package guid its members: the items a new arrival may complete.
  virtual Result<std::vector<std::string>> linked_to(std::string_view guid) = 0;
};

// One entry of the store's change sequence: an article, or the comments
// of one article, changed. Written in the changing transaction, so a reader
// that saw sequence number N has seen every change numbered up to N.
struct Change {
  enum class Kind { article, comments };
  std::int64_t seq = 0;  // grows with every change, store-wide
  Kind kind = Kind::article;
  std::int64_t article_id = 0;
  // For an article: it entered or left the published lists, or moved
  // within them (status, rubrique or publication time changed).
  bool listed = false;
  std::string section_before;  // its rubrique before and after the change
  std::string section_after;
};

// One key of a sliding-window limit (comments/rate_limit.h): at most
// `max_events` in any `window`.
struct RateHit {
  std::string key;
  int max_events = 0;
  std::chrono::seconds window{0};
};

// Rate limits that hold across every node of a site: the events are kept
// in the database, so a reader spread over N nodes by the load balancer
// meets the rule once, not N times. Thread-safe.
class SharedRates {
 public:
  virtual ~SharedRates() = default;
  // Records one event at `now` for every hit when each key allows one more
  // (a key listed twice counts twice), as one atomic step across nodes;
  // otherwise records nothing and returns how long until all would be
  // allowed (the largest wait among the refused keys, at least 1 s).
  virtual Result<std::optional<std::chrono::seconds>> hit_all(const std::vector<RateHit>& hits,
                                                              Timestamp now) = 0;
};

// A site-wide lock held by one node at a time, for the jobs a site runs
// once, not once per node (the drop folder, feed polling, embargo
// release). It is released when destroyed, and by the database when the
// node holding it stops or loses it, so another node can take over.
// Whether `name` may name a site lock: 1 to 64 ASCII letters, digits and '-'.
bool valid_lock_name(std::string_view name);

class SiteLock {
 public:
  virtual ~SiteLock() = default;
  // Whether the lock is still held: false once the connection that holds
  // it broke (the job must stop; another node may hold it now). Cheap
  // enough to ask before each unit of work.
  virtual bool held() = 0;
};

// How many of the latest changes the store keeps: a reader further behind
// finds a gap in the sequence and must start afresh.
inline constexpr std::int64_t kKeptChanges = 100000;

class Store {
 public:
  virtual ~Store() = default;
  virtual ArticleStore& articles() = 0;
  virtual HeldStore& held() = 0;
  virtual LinkStore& links() = 0;
  virtual UserStore& users() = 0;
  virtual CommentStore& comments() = 0;

  // Writes a copy of everything stored into `file`, a new file (conflict
  // when it exists), readable later by the same backend's restore. The copy
  // is the state when it starts; readers and writers, in this process or
  // others, go on meanwhile and are never held up for more than a moment.
  // `file` is either absent or complete when this returns.
  virtual Status backup_to(const std::filesystem::path& file) = 0;

  // Small named facts about the site itself (which rules its articles were
  // filed with, …): nullopt when never set.
  virtual Result<std::optional<std::string>> setting(std::string_view key) = 0;
  virtual Status set_setting(std::string_view key, std::string_view value) = 0;

  // Changes numbered after `after`, in order, at most `limit`. When the
  // first returned is not after + 1 (and `after` > 0), changes were missed
  // (pruned past kKeptChanges): whatever was derived must be dropped.
  virtual Result<std::vector<Change>> changes_since(std::int64_t after, int limit) = 0;
  // The number of the latest change; 0 when none.
  virtual Result<std::int64_t> last_change() = 0;
  // Grows after every transaction committed through this Store object, once
  // its changes are visible to readers. An atomic read, no database access:
  // a cache checks it on every request and reads changes_since only when it
  // moved. Writes made by other processes or nodes do not move it.
  virtual std::uint64_t local_commits() const = 0;

  // Limits shared by every node; nullptr when this backend serves one node
  // only (SQLite), where a limiter in memory is exact and cheaper.
  virtual SharedRates* shared_rates() { return nullptr; }

  // Takes site-wide lock `name` (valid_lock_name) without waiting:
  // the lock, or nullptr when another holder has it (another node, or
  // another process on the same SQLite file).
  virtual Result<std::unique_ptr<SiteLock>> try_lock(std::string_view name) = 0;
};

}  // namespace depeche::store
