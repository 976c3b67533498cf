#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "core/rate_window.h"
#include "store/postgres/article_store.h"
#include "store/postgres/comment_store.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pool.h"
#include "store/postgres/user_store.h"

namespace depeche::store::postgres {
namespace {

// The channel every change notifies (migrations.cc), with the schema as
// payload: sites or tests sharing one server tell their changes apart.
constexpr const char* kChangesChannel = "depeche_changes";
// How often the listener checks whether it should stop; a notification
// wakes it at once.
constexpr std::chrono::milliseconds kListenTick{200};
// How long the listener waits before connecting again after losing the
// server.
constexpr std::chrono::seconds kReconnectPause{1};
// How long opening the store waits for the listener's first LISTEN: past
// it, the store is open, and other nodes' commits of the first moments
// are counted when the listener gets through (one commit for all).
constexpr std::chrono::seconds kFirstListenWait{5};

// Follows other nodes' commits: a connection of its own LISTENs on the
// change channel, and every notification for this schema counts as a
// commit in the pool, which is what Store::local_commits() reports. After a
// lost connection it counts one too: notifications sent meanwhile are gone,
// and the change sequence (durable) tells what they were.
class Listener {
 public:
  // Returns once the first LISTEN is in place (or failed, or after
  // kFirstListenWait): a reader of local_commits() then sees the commit it
  // counts for "whatever was missed" before its first read, not during a
  // later one.
  Listener(Pool& pool, std::string schema) : pool_(pool), schema_(std::move(schema)) {
    thread_ = std::thread([this] { run(); });
    std::unique_lock lock(mu_);
    woken_.wait_for(lock, kFirstListenWait, [&] { return first_tried_; });
  }
  ~Listener() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    woken_.notify_all();
    thread_.join();
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  bool stopping() {
    std::lock_guard lock(mu_);
    return stop_;
  }

  void run() {
    while (!stopping()) {
      auto conn = Connection::open(pool_.conninfo());
      bool listening = conn && (*conn)->listen(kChangesChannel);
      if (listening) pool_.note_commit();  // whatever was missed while not listening
      {
        std::lock_guard lock(mu_);
        first_tried_ = true;
      }
      woken_.notify_all();
      if (listening) listen(**conn);
      std::unique_lock lock(mu_);
      woken_.wait_for(lock, kReconnectPause, [&] { return stop_; });
    }
  }

  void listen(Connection& conn) {
    while (!stopping()) {
      auto got = conn.wait_notifications(kListenTick);
      if (!got) return;
      for (const auto& n : *got) {
        // This node's own commits are counted as they happen.
        if (n.payload == schema_ && !pool_.is_own(n.sender)) {
          pool_.note_commit();
          break;
        }
      }
    }
  }

  Pool& pool_;
  std::string schema_;
  std::mutex mu_;
  std::condition_variable woken_;
  bool stop_ = false;
  bool first_tried_ = false;  // guarded by mu_
  std::thread thread_;
};

// Rate limits across nodes. One transaction per hit_all: an advisory lock
// per key (taken in key order, so two callers never wait on each other in
// a cycle) makes "count, then record" atomic across nodes, without the
// change counter's lock: posting a comment does not wait for ingest here.
// Five round trips whatever the number of keys (BEGIN, the locks, the
// events in their windows, the new events with a prune of expired ones,
// COMMIT): a comment post checks three or four keys.
class PgRates final : public SharedRates {
 public:
  explicit PgRates(Pool& pool) : pool_(pool) {}

  Result<std::optional<std::chrono::seconds>> hit_all(const std::vector<RateHit>& hits,
                                                      Timestamp now) override {
    if (hits.empty()) return std::optional<std::chrono::seconds>{};
    auto lease = DEPECHE_TRY(pool_.acquire());
    auto tx = DEPECHE_TRY(Transaction::begin(*lease));
    auto refused = DEPECHE_TRY(decide(*lease, hits, now));
    if (refused) return refused;  // nothing recorded: the transaction rolls back
    DEPECHE_TRY(tx.commit());
    return std::optional<std::chrono::seconds>{};
  }

 private:
  static Result<std::optional<std::chrono::seconds>> decide(Connection& db,
                                                            const std::vector<RateHit>& hits,
                                                            Timestamp now) {
    std::vector<std::string> keys;
    for (const auto& h : hits) keys.push_back(h.key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    auto lock = DEPECHE_TRY(
        db.cached("SELECT pg_advisory_xact_lock(hashtext('depeche-rate:' || current_schema() || k))"
                  " FROM unnest($1::text[]) AS k ORDER BY k"));
    lock.bind(1, text_array(keys));
    DEPECHE_TRY(lock.run());

    // Every key's events in the widest window; each hit keeps its own.
    std::int64_t at = now.time_since_epoch().count();
    std::chrono::seconds widest{0};
    for (const auto& h : hits) widest = std::max(widest, h.window);
    std::map<std::string, std::vector<std::int64_t>, std::less<>> seen;
    auto live = DEPECHE_TRY(
        db.cached("SELECT key, at FROM rate_events WHERE key = ANY($1::text[]) AND at > $2"));
    live.bind(1, text_array(keys)).bind(2, at - widest.count());
    while (DEPECHE_TRY(live.step())) seen[live.column_text(0)].push_back(live.column_int(1));

    std::optional<std::chrono::seconds> wait;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      const RateHit& h = hits[i];
      auto pending = static_cast<int>(
          std::count_if(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(i),
                        [&](const RateHit& earlier) { return earlier.key == h.key; }));
      std::vector<Timestamp> times;
      if (auto found = seen.find(h.key); found != seen.end()) {
        for (auto t : found->second) {
          if (t > at - h.window.count()) times.push_back(Timestamp{std::chrono::seconds{t}});
        }
      }
      if (auto w = rate_wait(std::move(times), h.max_events, h.window, pending, now)) {
        wait = std::max(wait.value_or(std::chrono::seconds{0}), *w);
      }
    }
    if (wait) return wait;

    // The new events, and events past their window a bounded batch at a
    // time, so the table stays the size of the live windows whatever the
    // traffic.
    std::vector<std::string> added;
    std::vector<std::int64_t> expiries;
    for (const RateHit& h : hits) {
      added.push_back(h.key);
      expiries.push_back(at + h.window.count());
    }
    auto add = DEPECHE_TRY(db.cached(
        "WITH pruned AS (DELETE FROM rate_events WHERE ctid IN (SELECT ctid FROM rate_events"
        " WHERE expires_at <= $2 LIMIT 100))"
        " INSERT INTO rate_events (key, at, expires_at)"
        " SELECT k, $2, e FROM unnest($1::text[], $3::bigint[]) AS n (k, e)"));
    add.bind(1, text_array(added)).bind(2, at).bind(3, bigint_array(expiries));
    DEPECHE_TRY(add.run());
    return std::optional<std::chrono::seconds>{};
  }

  Pool& pool_;
};

// A site lock is a session-level advisory lock on a connection of its own:
// PostgreSQL releases it the moment that session ends, whether the node
// stopped cleanly, crashed or lost the network.
class PgSiteLock final : public SiteLock {
 public:
  explicit PgSiteLock(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  bool held() override { return conn_->healthy() && conn_->exec("SELECT 1").ok(); }

 private:
  std::unique_ptr<Connection> conn_;
};

class PgStore final : public Store {
 public:
  PgStore(std::unique_ptr<Pool> pool, const Clock& clock, const std::string& schema,
          bool follow_other_nodes)
      : pool_(std::move(pool)),
        articles_(make_article_store(*pool_, clock)),
        held_(make_held_store(*pool_)),
        links_(make_link_store(*pool_)),
        users_(*pool_),
        comments_(*pool_),
        rates_(*pool_) {
    if (follow_other_nodes) listener_ = std::make_unique<Listener>(*pool_, schema);
  }
  ArticleStore& articles() override { return *articles_; }
  HeldStore& held() override { return *held_; }
  LinkStore& links() override { return *links_; }
  UserStore& users() override { return users_; }
  CommentStore& comments() override { return comments_; }

  Status backup_to(const std::filesystem::path&) override {
    return make_error(ErrorCode::unsupported,
                      "a PostgreSQL site is backed up with pg_dump (docs/deployment.md)");
  }

  Result<std::optional<std::string>> setting(std::string_view key) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s = DEPECHE_TRY(lease->cached("SELECT value FROM site_settings WHERE key = $1"));
    s.bind(1, key);
    if (!DEPECHE_TRY(s.step())) return std::optional<std::string>{};
    return std::optional<std::string>{s.column_text(0)};
  }

  Status set_setting(std::string_view key, std::string_view value) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s =
        DEPECHE_TRY(lease->cached("INSERT INTO site_settings (key, value) VALUES ($1, $2)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    s.bind(1, key).bind(2, value);
    return s.run();
  }

  Result<std::vector<Change>> changes_since(std::int64_t after, int limit) override {
    auto lease = DEPECHE_TRY(pool_->acquire());
    auto s = DEPECHE_TRY(
        lease->cached("SELECT seq, kind, article_id, listed, section_before, section_after"
                      " FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2"));
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
    // The counter, not max(seq): it is what the next change will follow,
    // and it is read without waiting for the writer holding its lock.
    auto s = DEPECHE_TRY(lease->cached("SELECT n FROM change_counter"));
    if (!DEPECHE_TRY(s.step())) return std::int64_t{0};
    return s.column_int(0);
  }

  std::uint64_t local_commits() const override { return pool_->commits(); }

  SharedRates* shared_rates() override { return &rates_; }

  Result<std::unique_ptr<SiteLock>> try_lock(std::string_view name) override {
    if (!valid_lock_name(name)) {
      return make_error(ErrorCode::invalid_input, "bad lock name: " + std::string(name));
    }
    // A waiting node asks every second: the connection of a refused
    // attempt is kept for the next one rather than opened each time.
    std::unique_ptr<Connection> conn;
    {
      std::lock_guard lock(spare_mu_);
      conn = std::move(spare_);
    }
    if (!conn || !conn->healthy()) conn = DEPECHE_TRY(Connection::open(pool_->conninfo()));
    bool taken = false;
    {
      auto s = DEPECHE_TRY(conn->cached(
          "SELECT pg_try_advisory_lock(hashtext('depeche-site-lock:' || current_schema() || ':' ||"
          " $1))"));
      s.bind(1, name);
      taken = DEPECHE_TRY(s.step()) && s.column_int(0) == 1;
    }
    if (taken) return std::unique_ptr<SiteLock>(new PgSiteLock(std::move(conn)));
    std::lock_guard lock(spare_mu_);
    spare_ = std::move(conn);
    return std::unique_ptr<SiteLock>();
  }

 private:
  std::unique_ptr<Pool> pool_;
  std::unique_ptr<ArticleStore> articles_;
  std::unique_ptr<HeldStore> held_;
  std::unique_ptr<LinkStore> links_;
  PgUserStore users_;
  PgCommentStore comments_;
  PgRates rates_;
  std::mutex spare_mu_;
  std::unique_ptr<Connection> spare_;   // guarded by spare_mu_: for try_lock
  std::unique_ptr<Listener> listener_;  // last: stops before the pool closes
};

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& conninfo, const Clock& clock,
                                          const Options& options) {
  if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
    return make_error(ErrorCode::invalid_input,
                      "pool size must be between 1 and " + std::to_string(kMaxPoolSize));
  }
  auto pool = DEPECHE_TRY(Pool::create(conninfo, options.pool_size));
  std::string schema;
  {
    auto lease = DEPECHE_TRY(pool->acquire());
    if (lease->server_version() < 15) {
      return make_error(ErrorCode::unsupported, "PostgreSQL 15 or newer is needed (server is " +
                                                    std::to_string(lease->server_version()) + ")");
    }
    DEPECHE_TRY(migrate(*lease));
    auto s = DEPECHE_TRY(lease->cached("SELECT current_schema()"));
    if (DEPECHE_TRY(s.step())) schema = s.column_text(0);
  }
  return std::unique_ptr<Store>(
      new PgStore(std::move(pool), clock, schema, options.follow_other_nodes));
}

}  // namespace depeche::store::postgres
