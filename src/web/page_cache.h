#pragma once
// The page cache: what anonymous readers are shown, kept in memory as it
// was rendered, so that a story read by thousands costs one render, not
// thousands. A handler opts a page in by declaring what it shows
// (declare_shows); the cache follows the store's change sequence and drops
// exactly the pages a change touches: an article page when its article,
// its comments or a story in its cards changes, a list when its membership
// changes. Pages are compressed once per coding, on first demand, and
// served with a strong ETag and a Last-Modified (the time the bytes were
// first rendered, kept while a render gives the same bytes again), so
// browsers, feed readers and caches in front revalidate with a 304, by
// If-None-Match or by If-Modified-Since.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "http/compression.h"
#include "http/types.h"
#include "store/store.h"

namespace depeche::web {

// Memory the cached pages may use, compressed copies included ([cache]
// pages_mib). A page larger than an eighth of it is served but not kept.
inline constexpr std::size_t kPageCacheBytes = 64 * 1024 * 1024;
// How long a page is kept at most, even when nothing it shows changed:
// some of what it says depends on the time (dates written "aujourd’hui",
// threads that close with age, related reading as the index grows).
inline constexpr std::chrono::seconds kPageLifetime{60};
// What browsers and shared caches in front are told: reuse a page this
// long, then keep showing it while revalidating for that much longer.
inline constexpr std::chrono::seconds kBrowserMaxAge{30};
inline constexpr std::chrono::seconds kStaleWhileRevalidate{60};
// How often changes made by other processes (a `depeche ingest` run, other
// nodes) are looked for. Changes made through this process's store are
// seen before the next page is served.
inline constexpr std::chrono::milliseconds kChangePoll{1000};
// How long a request waits for another one rendering the same page before
// rendering it itself.
inline constexpr std::chrono::seconds kFillWait{10};
inline constexpr int kChangeBatch = 1000;

// The list of the latest stories of every rubrique (the front page, the
// "En continu" column, the site's feeds).
inline constexpr std::string_view kLatestList = "*";

// What a page shows, declared by the handler that rendered it.
struct Shows {
  // The request target the page is kept under ("/articles/42-titre"): a
  // request for any other target (unknown query parameters, a slug that
  // redirects) is served but not kept, so junk URLs cannot crowd out pages.
  std::string canonical;
  std::vector<std::int64_t> articles;  // stories whose text it shows (the page's, its cards')
  std::vector<std::int64_t> threads;   // articles whose comments it shows
  std::vector<std::string> lists;      // kLatestList or rubrique slugs whose membership it shows
};

// `req`'s target when its path is `path` and its query holds only
// `allowed` parameters, each once (in any order): the target a page may be
// kept under. "" otherwise, so that the page is served but not kept.
std::string canonical_target(const http::Request& req, std::string_view path,
                             std::initializer_list<std::string_view> allowed);

// Marks `res` as cacheable, showing `s`. The mark is an internal header that
// take_shows removes before any response leaves the server.
void declare_shows(http::Response& res, const Shows& s);
// Removes the mark; nullopt when the page declared nothing.
std::optional<Shows> take_shows(http::Response& res);

struct PageCacheStats {
  std::uint64_t hits = 0;          // served from memory (waiting for another's render included)
  std::uint64_t misses = 0;        // rendered
  std::uint64_t stored = 0;        // renders kept
  std::uint64_t not_modified = 0;  // answered 304
  std::uint64_t dropped = 0;       // pages dropped because something they show changed
  std::uint64_t evicted = 0;       // pages dropped for room
  std::size_t entries = 0;
  std::size_t bytes = 0;
  std::size_t max_bytes = 0;
};

// Thread-safe. Owns a thread that follows the store's changes.
class PageCache {
 public:
  using LogSink = std::function<void(const std::string&)>;
  // `store` must outlive the cache. `max_bytes` > 0.
  PageCache(store::Store& store, std::size_t max_bytes, LogSink log = {});
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The answer to an anonymous GET or HEAD: the kept page when it is fresh
  // (304 when the client's validator matches), else `render`'s response,
  // kept when it is a 200 that declared what it shows under this very
  // target and sets no cookie. Concurrent requests for a page being
  // rendered wait for that render instead of rendering it again. The
  // returned response never carries the declaration.
  http::Response serve(const http::Request& req, bool high_contrast,
                       const std::function<http::Response()>& render);

  // The same answer as serve() gives, serialised once per page, coding and
  // status and shared by every request it answers, for a page kept and
  // fresh whose coding is ready: null otherwise (serve() then answers,
  // rendering or compressing as needed). `finish` adds what every response
  // of the site carries; it is called once per prepared answer, never with
  // the lock held. Never renders, compresses or touches the database
  // beyond following changes this process committed.
  std::shared_ptr<const http::PreparedResponse> prepared(
      const http::Request& req, bool high_contrast,
      const std::function<void(http::Response&)>& finish);

  // Reads the store's changes since the last call and drops the pages they
  // touch. Called by serve() when this process committed something, and by
  // the cache's own thread every kChangePoll.
  void follow_changes();

  // A part of pages kept beside them: the same memory bound, the same
  // invalidation by what it shows, the same lifetime, counted in the same
  // hits and misses. What a signed-in reader's page is composed of (the
  // comments section as any reader who has not written in the thread sees
  // it) is kept this way. `key` names the part (it may not collide with a
  // page: parts live in a key space of their own). `render` gives the
  // part's text and what it shows, or nullopt when it failed; part() then
  // returns null and the caller renders its own way. A render that
  // overlaps a change it shows is returned but not kept. Concurrent misses
  // both render: parts are small.
  struct Part {
    std::string text;
    Shows shows;
  };
  std::shared_ptr<const std::string> part(
      std::string_view key, const std::function<std::optional<Part>()>& render);

  PageCacheStats stats() const;

 private:
  struct Entry;
  struct Fill;
  struct Node {
    std::shared_ptr<Entry> entry;
    std::list<std::string>::iterator lru;
  };

  enum class Compress { no, yes };
  http::Response respond(const http::Request& req, const std::shared_ptr<Entry>& e);
  // The entry's body in `coding`, compressed now when not tried yet and
  // `compress` allows (else null); `coding` becomes identity when the
  // coding does not make it smaller.
  std::shared_ptr<const std::string> coded_body(const std::shared_ptr<Entry>& e,
                                                http::Coding& coding, Compress compress);
  // Adds `added` bytes to the entry's share of the total, if it is still kept.
  void account(const std::shared_ptr<Entry>& e, std::size_t added);
  // Whether the request's validator matches the entry in `coding` (a 304).
  static bool validated(const http::Request& req, const Entry& e, http::Coding coding);
  // The response's status and fields for a hit, without the body.
  static http::Response head_of(const Entry& e, http::Coding coding, bool not_modified,
                                unsigned version, bool keep_alive);
  std::shared_ptr<Entry> make_entry(const http::Response& res, Shows shows) const;
  // Under mu_:
  // Notes that page `key` had bytes first rendered in second `modified`
  // that are no longer its bytes (dropped for a change, or rendered across
  // one): a page rendered in that second again cannot be told apart by its
  // Last-Modified.
  void unsettle(const std::string& key, std::chrono::sys_seconds modified);
  // Before `e` replaces the page of its key: the same bytes keep the time
  // they were first rendered; else `e` is not dated when unsettled.
  void settle(Entry& e) const;
  void drop(const std::string& key, bool for_change);
  void drop_showing(const store::Change& c);
  void insert(std::shared_ptr<Entry> e);
  void evict_for_room();
  void watch();

  store::Store& store_;
  const std::size_t max_bytes_;
  LogSink log_;

  mutable std::mutex mu_;
  std::condition_variable filled_;
  std::unordered_map<std::string, Node> pages_;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::int64_t, std::unordered_set<std::string>> by_article_;
  std::unordered_map<std::int64_t, std::unordered_set<std::string>> by_thread_;
  std::unordered_map<std::string, std::unordered_set<std::string>> by_list_;
  std::unordered_map<std::string, std::shared_ptr<Fill>> fills_;
  std::size_t bytes_ = 0;
  PageCacheStats counts_;
  // Pages unsettled in the current second (see unsettle()), and when that
  // map was last pruned.
  std::unordered_map<std::string, std::chrono::sys_seconds> unsettled_;
  std::chrono::sys_seconds unsettled_pruned_{};

  std::mutex follow_mu_;  // one reader of the change sequence at a time
  std::int64_t applied_ = 0;  // guarded by follow_mu_
  std::atomic<std::uint64_t> seen_commits_{0};

  std::mutex watch_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by watch_mu_
  std::thread watcher_;
};

}  // namespace depeche::web
