#include "search/sync.h"

#include <utility>

namespace depeche::search {
namespace {

// catch_up with Index::sync_mutex already held.
Result<int> catch_up_locked(store::ArticleStore& articles, Index& index) {
  int applied = 0;
  while (true) {
    auto changes = DEPECHE_TRY(articles.changed_since(index.revision(), kSyncBatch));
    if (changes.empty()) return applied;
    for (const auto& article : changes) DEPECHE_TRY(index.put(article));
    DEPECHE_TRY(index.commit(changes.back().revision));
    applied += static_cast<int>(changes.size());
    if (changes.size() < static_cast<std::size_t>(kSyncBatch)) return applied;
  }
}

}  // namespace

Result<int> catch_up(store::ArticleStore& articles, Index& index) {
  std::lock_guard lock(index.sync_mutex());
  return catch_up_locked(articles, index);
}

Result<int> rebuild(store::ArticleStore& articles, Index& index) {
  std::lock_guard lock(index.sync_mutex());
  DEPECHE_TRY(index.clear());
  return catch_up_locked(articles, index);
}

SearchSyncer::SearchSyncer(store::ArticleStore& articles, Index& index, LogSink log,
                           std::chrono::milliseconds interval)
    : articles_(articles), index_(index), log_(std::move(log)), interval_(interval) {
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
  auto applied = catch_up(articles_, index_);
  if (!applied.ok()) return std::move(applied).error();
  return {};
}

void SearchSyncer::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    // Cleared before the pass: a poke arriving during it asks for another.
    poked_ = false;
    lock.unlock();
    auto applied = catch_up(articles_, index_);
    if (!applied.ok()) log_("search sync failed: " + applied.error().message);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_ || poked_; });
  }
}

}  // namespace depeche::search
