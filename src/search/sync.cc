#include "search/sync.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

namespace depeche::search {
namespace {

// The articles a pass committed, each once with its last state.
class Committed {
 public:
  void note(const store::Article& a) {
    last_[a.id] = a.status == store::ArticleStatus::published;
    order_.push_back(a.id);
  }
  CommittedChanges changes() const {
    CommittedChanges out;
    std::unordered_map<std::int64_t, bool> seen;
    // Walked backwards so that each article lands once, at its last change;
    // reversed again to give commit order.
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
      if (!seen.emplace(*it, true).second) continue;
      (last_.at(*it) ? out.indexed : out.removed).push_back(*it);
    }
    std::reverse(out.indexed.begin(), out.indexed.end());
    std::reverse(out.removed.begin(), out.removed.end());
    return out;
  }
  bool empty() const { return order_.empty(); }

 private:
  std::unordered_map<std::int64_t, bool> last_;  // published?
  std::vector<std::int64_t> order_;
};

// catch_up with Index::sync_mutex already held; notes what it committed in
// `committed` when given.
Result<int> catch_up_locked(store::ArticleStore& articles, Index& index, Committed* committed) {
  // An index ahead of the store was built from another database: a
  // restored older copy, or the site before it moved to PostgreSQL, which
  // numbers revisions afresh. Following it would skip every change up to
  // its revision; it is rebuilt instead.
  if (index.revision() > 0 && index.revision() > DEPECHE_TRY(articles.latest_revision())) {
    DEPECHE_TRY(index.clear());
  }
  int applied = 0;
  while (true) {
    auto changes = DEPECHE_TRY(articles.changed_since(index.revision(), kSyncBatch));
    if (changes.empty()) return applied;
    for (const auto& article : changes) DEPECHE_TRY(index.put(article));
    DEPECHE_TRY(index.commit(changes.back().revision));
    if (committed) {
      for (const auto& article : changes) committed->note(article);
    }
    applied += static_cast<int>(changes.size());
    if (changes.size() < static_cast<std::size_t>(kSyncBatch)) return applied;
  }
}

}  // namespace

Result<int> catch_up(store::ArticleStore& articles, Index& index, RelatedCards* related) {
  std::lock_guard lock(index.sync_mutex());
  Committed committed;
  auto applied = catch_up_locked(articles, index, related ? &committed : nullptr);
  if (related && !committed.empty()) related->refresh(committed.changes());
  return applied;
}

Result<int> rebuild(store::ArticleStore& articles, Index& index) {
  std::lock_guard lock(index.sync_mutex());
  DEPECHE_TRY(index.clear());
  return catch_up_locked(articles, index, nullptr);
}

SearchSyncer::SearchSyncer(store::ArticleStore& articles, Index& index, LogSink log,
                           std::chrono::milliseconds interval, RelatedCards* related)
    : articles_(articles),
      index_(index),
      log_(std::move(log)),
      related_(related),
      interval_(interval) {
  thread_ = std::thread([this] { run(); });
}

SearchSyncer::~SearchSyncer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SearchSyncer::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
}

Status SearchSyncer::sync_now() {
  auto applied = catch_up(articles_, index_, related_);
  if (!applied.ok()) return std::move(applied).error();
  return {};
}

void SearchSyncer::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    // Cleared before the pass: a poke arriving during it asks for another.
    poked_ = false;
    lock.unlock();
    auto applied = catch_up(articles_, index_, related_);
    if (!applied.ok()) log_("search sync failed: " + applied.error().message);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_ || poked_; });
  }
}

}  // namespace depeche::search
