#pragma once
// Counters exposed at /metrics in the Prometheus text format. Lock-free;
// owned by the composition root and shared by reference.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace depeche::search {
struct RelatedStats;
}

namespace depeche::web {

struct PageCacheStats;

// The page cache's figures in the same text format: hits, misses, the hit
// ratio, what was dropped and why, memory used against its limit.
std::string page_cache_metrics(const PageCacheStats& s);

// The precomputed related cards' figures: lists served, computed on a view
// or by the syncer, dropped for room, kept against the limit.
std::string related_metrics(const search::RelatedStats& s);

class Metrics {
 public:
  // Counts one answered request by status class (1xx..5xx).
  void count_response(unsigned status);
  // The Prometheus exposition text; `articles_published` is read by the caller.
  std::string render(std::int64_t articles_published) const;

 private:
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};
};

}  // namespace depeche::web
