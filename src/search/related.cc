#include "search/related.h"

#include <algorithm>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace depeche::search {
namespace {

// One computation of a list that readers of the same article wait for.
struct Flight {
  std::mutex mu;
  std::condition_variable done;
  std::optional<Result<std::vector<RelatedMatch>>> result;  // guarded by mu
};

}  // namespace

struct RelatedCards::Shard {
  struct Entry {
    List ids;
    std::list<std::int64_t>::iterator at;  // its place in `order`
  };

  // Keeps `ids` for `id` as the most recently read; makes room first by
  // dropping the least recently read. Returns how many were dropped.
  std::uint64_t put(std::int64_t id, List ids, std::size_t max_entries) {
    if (auto it = entries.find(id); it != entries.end()) {
      it->second.ids = std::move(ids);
      order.splice(order.begin(), order, it->second.at);
      return 0;
    }
    std::uint64_t evicted = 0;
    while (!order.empty() && entries.size() >= max_entries) {
      entries.erase(order.back());
      order.pop_back();
      ++evicted;
    }
    order.push_front(id);
    entries.emplace(id, Entry{std::move(ids), order.begin()});
    return evicted;
  }

  void erase(std::int64_t id) {
    auto it = entries.find(id);
    if (it == entries.end()) return;
    order.erase(it->second.at);
    entries.erase(it);
  }

  mutable std::mutex mu;
  std::list<std::int64_t> order;                    // most recent first; guarded by mu
  std::unordered_map<std::int64_t, Entry> entries;  // guarded by mu
  std::unordered_map<std::int64_t, std::shared_ptr<Flight>> flights;  // guarded by mu
};

RelatedCards::RelatedCards(const Index& index, std::size_t max_entries)
    : index_(index), max_per_shard_(std::max<std::size_t>(1, max_entries / kRelatedShards)) {
  for (auto& s : shards_) s = std::make_unique<Shard>();
}

RelatedCards::~RelatedCards() = default;

RelatedCards::Shard& RelatedCards::shard_of(std::int64_t article_id) const {
  // Consecutive ids (the newest stories, read most) land on different shards.
  return *shards_[static_cast<std::uint64_t>(article_id) % kRelatedShards];
}

Result<RelatedCards::List> RelatedCards::compute(std::int64_t article_id) const {
  return index_.related_matches(article_id, kRelatedListLength);
}

Result<std::vector<RelatedMatch>> RelatedCards::lookup(std::int64_t article_id) {
  Shard& s = shard_of(article_id);
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(s.mu);
    if (auto it = s.entries.find(article_id); it != s.entries.end()) {
      s.order.splice(s.order.begin(), s.order, it->second.at);
      served_.fetch_add(1, std::memory_order_relaxed);
      return it->second.ids;
    }
    auto& slot = s.flights[article_id];
    if (!slot) {
      slot = std::make_shared<Flight>();
      leader = true;
    }
    flight = slot;
  }
  if (!leader) {
    std::unique_lock lock(flight->mu);
    flight->done.wait(lock, [&] { return flight->result.has_value(); });
    return *flight->result;
  }
  // Read before computing: see store().
  std::uint64_t epoch = epoch_.load();
  // Whatever happens, the readers waiting for this flight are answered.
  auto land = [&](Result<List> result) {
    {
      std::lock_guard lock(s.mu);
      s.flights.erase(article_id);
    }
    {
      std::lock_guard lock(flight->mu);
      flight->result = std::move(result);
    }
    flight->done.notify_all();
  };
  try {
    auto result = compute(article_id);
    computed_on_view_.fetch_add(1, std::memory_order_relaxed);
    if (result) store(article_id, *result, epoch);
    land(result);
    return result;
  } catch (...) {
    land(make_error(ErrorCode::io,
                    "related articles of " + std::to_string(article_id) + ": computation failed"));
    throw;
  }
}

void RelatedCards::store(std::int64_t article_id, List list, std::uint64_t epoch) {
  Shard& s = shard_of(article_id);
  std::lock_guard lock(s.mu);
  // Checked under the shard's lock, which refresh() takes after bumping the
  // epoch to see what is kept: either refresh() finds this list and computes
  // it again, or the list is not kept.
  if (epoch_.load() != epoch) return;
  evicted_.fetch_add(s.put(article_id, std::move(list), max_per_shard_), std::memory_order_relaxed);
}

bool RelatedCards::kept(std::int64_t article_id) const {
  Shard& s = shard_of(article_id);
  std::lock_guard lock(s.mu);
  return s.entries.contains(article_id);
}

void RelatedCards::drop(std::int64_t article_id) {
  Shard& s = shard_of(article_id);
  std::lock_guard lock(s.mu);
  s.erase(article_id);
}

RelatedCards::List RelatedCards::recompute(std::int64_t article_id, std::size_t& budget) {
  if (budget == 0) {
    drop(article_id);
    return {};
  }
  --budget;
  auto list = compute(article_id);
  refreshed_.fetch_add(1, std::memory_order_relaxed);
  if (!list) {
    drop(article_id);
    return {};
  }
  Shard& s = shard_of(article_id);
  std::lock_guard lock(s.mu);
  evicted_.fetch_add(s.put(article_id, *list, max_per_shard_), std::memory_order_relaxed);
  return std::move(list).value();
}

std::vector<std::int64_t> RelatedCards::strip(const std::vector<std::int64_t>& removed) {
  std::vector<std::int64_t> shortened;
  if (removed.empty()) return shortened;
  std::unordered_set<std::int64_t> gone(removed.begin(), removed.end());
  for (auto& s : shards_) {
    std::lock_guard lock(s->mu);
    for (auto& [id, entry] : s->entries) {
      if (std::erase_if(entry.ids, [&](const RelatedMatch& r) { return gone.contains(r.id); }) >
          0) {
        shortened.push_back(id);
      }
    }
  }
  return shortened;
}

void RelatedCards::refresh(const CommittedChanges& changes) {
  epoch_.fetch_add(1);
  std::size_t budget = kMaxListsPerRefresh;
  for (auto id : changes.removed) drop(id);
  auto shortened = strip(changes.removed);
  std::unordered_set<std::int64_t> done;
  // Newest first: they are the stories readers open next.
  for (auto it = changes.indexed.rbegin(); it != changes.indexed.rend(); ++it) {
    if (!done.insert(*it).second) continue;
    List list = recompute(*it, budget);
    // The new story belongs in the cards of the stories it is closest to.
    int neighbours = std::min<int>(kNeighboursRefreshed, static_cast<int>(list.size()));
    for (int i = 0; i < neighbours; ++i) {
      std::int64_t near = list[i].id;
      if (kept(near) && done.insert(near).second) recompute(near, budget);
    }
  }
  // A list that lost a withdrawn story is whole again while the budget
  // lasts; otherwise it is kept a little shorter, which readers tolerate.
  for (auto id : shortened) {
    if (budget > 0 && done.insert(id).second) recompute(id, budget);
  }
}

void RelatedCards::clear() {
  epoch_.fetch_add(1);
  for (auto& s : shards_) {
    std::lock_guard lock(s->mu);
    s->entries.clear();
    s->order.clear();
  }
}

RelatedStats RelatedCards::stats() const {
  RelatedStats out;
  out.served = served_.load(std::memory_order_relaxed);
  out.computed_on_view = computed_on_view_.load(std::memory_order_relaxed);
  out.refreshed = refreshed_.load(std::memory_order_relaxed);
  out.evicted = evicted_.load(std::memory_order_relaxed);
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    out.entries += s->entries.size();
  }
  out.max_entries = max_per_shard_ * kRelatedShards;
  return out;
}

}  // namespace depeche::search
