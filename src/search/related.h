#pragma once
// Front door of "À lire aussi": the related articles of each article, kept
// precomputed so that a page view is a lookup, not a Xapian query under the
// index's lock. Lists are computed by Index::related (the one place that
// decides what "related" means), refreshed by the search syncer after each
// commit (search/sync.h), and computed once on the first view of an article
// nobody asked for since the start.
//
// Thread safety: every method may be called from any number of threads. The
// lists are spread over kRelatedShards shards, each with its own short lock
// (a hash lookup and a copy of a few ids), so readers of different articles
// do not wait for one another; readers of one article that is not kept yet
// wait for the single computation of its list (single flight).

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"
#include "search/index.h"

namespace depeche::search {

// Ids kept per article: the page shows 4 cards and keeps three times as
// many, as some may have been withdrawn since the list was made, and other
// agencies' versions of one event take a single card.
inline constexpr int kRelatedListLength = 12;
// Articles whose lists are kept at most, the least recently read dropped
// first. About 600 bytes each with their bookkeeping: 20,000 lists are 12 MB,
// and cover every article readers open on a busy day.
inline constexpr std::size_t kMaxRelatedEntries = 20'000;
// Independent parts of the store of lists, each with its own lock.
inline constexpr std::size_t kRelatedShards = 16;
// Lists computed by one refresh() at most (about 5 ms each at 100,000
// articles): a backlog (a rebuild, a burst of ingestion) must not hold up the
// syncer for minutes. Beyond it the newest articles are done first, and
// outdated lists are dropped, to be computed again on their next view.
inline constexpr std::size_t kMaxListsPerRefresh = 200;
// How many of a new article's closest neighbours have their own lists
// computed again, so that the new story shows in their cards.
inline constexpr int kNeighboursRefreshed = 4;

// What one syncer pass committed to the index.
struct CommittedChanges {
  std::vector<std::int64_t> indexed;  // new or changed published articles, in commit order
  std::vector<std::int64_t> removed;  // withdrawn or removed articles
};

// Figures for /metrics, read without stopping readers (each a snapshot).
struct RelatedStats {
  std::uint64_t served = 0;            // lists served from memory
  std::uint64_t computed_on_view = 0;  // lists computed because a reader asked first
  std::uint64_t refreshed = 0;         // lists computed by refresh()
  std::uint64_t evicted = 0;           // lists dropped to make room
  std::size_t entries = 0;             // lists kept
  std::size_t max_entries = 0;
};

class RelatedCards {
 public:
  // `index` must outlive this object. `max_entries` (at least one per shard)
  // bounds memory; tests pass small values.
  explicit RelatedCards(const Index& index, std::size_t max_entries = kMaxRelatedEntries);
  ~RelatedCards();
  RelatedCards(const RelatedCards&) = delete;
  RelatedCards& operator=(const RelatedCards&) = delete;

  // The page path: up to kRelatedListLength articles related to
  // `article_id`, best first, never the article itself, each with why it
  // was chosen (Index::related_matches). Served from memory
  // when kept; otherwise computed once (concurrent readers of the same
  // article wait for that one computation) and kept. Ids may name articles
  // withdrawn a moment ago: callers still check the store. Fails with the
  // index's error (ErrorCode::io) when a needed computation fails.
  Result<std::vector<RelatedMatch>> lookup(std::int64_t article_id);

  // The syncer path, after `changes` were committed to the index: computes
  // the lists of the indexed articles (newest first) and of the kept
  // articles that are their closest neighbours, and takes removed articles
  // out of every list and out of the store. At most kMaxListsPerRefresh
  // lists are computed; outdated lists beyond that are dropped. A failed
  // computation drops the list concerned. Calls are meant to be serialised
  // (the syncer holds Index::sync_mutex); lookups may run meanwhile.
  void refresh(const CommittedChanges& changes);

  // Drops every list (after Index::clear, say).
  void clear();

  RelatedStats stats() const;

 private:
  struct Shard;
  using List = std::vector<RelatedMatch>;

  Shard& shard_of(std::int64_t article_id) const;
  // Index::related for `article_id`: the one computation of a list.
  Result<List> compute(std::int64_t article_id) const;
  // Keeps `list` for `article_id` unless a refresh began after `epoch` was
  // read (the list may then predate a commit that refresh did not see kept).
  void store(std::int64_t article_id, List list, std::uint64_t epoch);
  // Computes and keeps `article_id`'s list, spending one of `budget`; when
  // the budget is spent or the computation fails, drops the kept list
  // instead. Returns the new list (empty when dropped).
  List recompute(std::int64_t article_id, std::size_t& budget);
  bool kept(std::int64_t article_id) const;
  void drop(std::int64_t article_id);
  // Takes `removed` out of every kept list; returns the articles whose list
  // lost an id.
  std::vector<std::int64_t> strip(const std::vector<std::int64_t>& removed);

  const Index& index_;
  const std::size_t max_per_shard_;
  std::array<std::unique_ptr<Shard>, kRelatedShards> shards_;
  // Bumped at the start of every refresh(): a list computed on view from an
  // index that refresh() may have moved past is served but not kept.
  std::atomic<std::uint64_t> epoch_{0};
  mutable std::atomic<std::uint64_t> served_{0}, computed_on_view_{0}, refreshed_{0}, evicted_{0};
};

}  // namespace depeche::search
