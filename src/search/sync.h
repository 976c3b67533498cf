#pragma once
// Keeps a search Index in step with the article store: the store's revision
// counter says what changed since the index's last commit, so catching up
// after a restart, a crash or a burst of ingestion is the same operation.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "search/index.h"
#include "search/related.h"
#include "store/store.h"

namespace depeche::search {

// Changes read from the store and committed to the index at a time: bounds
// memory, and makes progress durable every batch during a rebuild.
inline constexpr int kSyncBatch = 500;
// How long a change may wait before it shows in search when nobody pokes.
inline constexpr std::chrono::seconds kSyncInterval{2};

// Receives one line per failed pass, from the syncer's thread.
using LogSink = std::function<void(const std::string&)>;

// Applies every store change after index.revision(), in revision order, in
// batches of kSyncBatch (put() each article, then commit() the batch with
// the revision of its last article); returns how many articles were
// applied. Stops at the first error, with the batches before it committed,
// so that a later call resumes there. Calls on one index are serialised
// (Index::sync_mutex), so concurrent callers never interleave. When
// `related` is given, what was committed (even before an error) is then
// passed to related->refresh(), still under the sync mutex, so that the
// precomputed cards follow the index.
Result<int> catch_up(store::ArticleStore& articles, Index& index, RelatedCards* related = nullptr);

// Clears the index, then catches up from revision 0: the cure for a changed
// index layout or a suspect index. Search shows a partial index meanwhile.
Result<int> rebuild(store::ArticleStore& articles, Index& index);

// Runs catch_up on a thread of its own while the server runs: at once, then
// every `interval`, and as soon as poke() is called (the ingester pokes
// after publishing, so that a withdrawal leaves search at once). With
// `related`, each pass also refreshes the precomputed related cards.
class SearchSyncer {
 public:
  // Starts the thread. `articles`, `index` and `related` (may be null) must
  // outlive the syncer.
  SearchSyncer(store::ArticleStore& articles, Index& index, LogSink log,
               std::chrono::milliseconds interval = kSyncInterval, RelatedCards* related = nullptr);
  // Stops and joins; a pass in progress finishes first.
  ~SearchSyncer();
  SearchSyncer(const SearchSyncer&) = delete;
  SearchSyncer& operator=(const SearchSyncer&) = delete;

  // Asks for a pass as soon as possible; returns at once. Pokes arriving
  // during a pass cause one more pass after it. Thread-safe.
  void poke();

  // Runs catch_up on the caller's thread and reports its outcome (tests,
  // admin commands). Thread-safe; serialised with the background passes.
  Status sync_now();

 private:
  void run();

  store::ArticleStore& articles_;
  Index& index_;
  LogSink log_;
  RelatedCards* related_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  bool poked_ = false;     // guarded by mu_
  std::thread thread_;
};

}  // namespace depeche::search
