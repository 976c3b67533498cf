#include "store/decoded_dispatches.h"

#include <utility>

namespace depeche::store {

DecodedDispatches::Shared DecodedDispatches::find(std::int64_t id, std::int64_t revision) {
  Shard& s = shard_of(id);
  std::lock_guard lock(s.mu);
  auto found = s.by_id.find(id);
  if (found == s.by_id.end() || found->second->revision != revision) return nullptr;
  s.order.splice(s.order.begin(), s.order, found->second);
  return found->second->dispatch;
}

void DecodedDispatches::keep(std::int64_t id, std::int64_t revision, Shared d) {
  Shard& s = shard_of(id);
  Shared dropped;  // released after the lock, in case it was the last owner
  std::lock_guard lock(s.mu);
  auto found = s.by_id.find(id);
  if (found != s.by_id.end()) {
    // Two readers may decode the same article at once; the newer revision
    // wins, whatever order they finish in.
    if (found->second->revision > revision) return;
    dropped = std::exchange(found->second->dispatch, std::move(d));
    found->second->revision = revision;
    s.order.splice(s.order.begin(), s.order, found->second);
    return;
  }
  if (s.order.size() >= kPerShard) {
    dropped = std::move(s.order.back().dispatch);
    s.by_id.erase(s.order.back().id);
    s.order.pop_back();
  }
  s.order.push_front(Entry{id, revision, std::move(d)});
  s.by_id.emplace(id, s.order.begin());
}

std::size_t DecodedDispatches::size() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.order.size();
  }
  return n;
}

}  // namespace depeche::store
