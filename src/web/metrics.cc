#include "web/metrics.h"

#include "search/related.h"
#include "web/page_cache.h"

namespace depeche::web {

void Metrics::count_response(unsigned status) {
  unsigned cls = status / 100;
  if (cls > 5) cls = 0;
  by_class_[cls].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render(std::int64_t articles_published) const {
  std::string out =
      "# HELP depeche_http_responses_total HTTP responses sent, by status class.\n"
      "# TYPE depeche_http_responses_total counter\n";
  for (unsigned cls = 1; cls <= 5; ++cls) {
    out += "depeche_http_responses_total{class=\"" + std::to_string(cls) + "xx\"} " +
           std::to_string(by_class_[cls].load(std::memory_order_relaxed)) + "\n";
  }
  out +=
      "# HELP depeche_articles_published Articles currently published.\n"
      "# TYPE depeche_articles_published gauge\n"
      "depeche_articles_published " +
      std::to_string(articles_published) + "\n";
  return out;
}

std::string page_cache_metrics(const PageCacheStats& s) {
  auto line = [](const char* name, const char* type, const char* help, auto value) {
    return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(value) + "\n";
  };
  std::uint64_t asked = s.hits + s.misses;
  double ratio = asked ? static_cast<double>(s.hits) / static_cast<double>(asked) : 0.0;
  return line("depeche_page_cache_hits_total", "counter",
              "Anonymous pages served from the page cache.", s.hits) +
         line("depeche_page_cache_misses_total", "counter",
              "Anonymous pages rendered because the cache did not hold them.", s.misses) +
         line("depeche_page_cache_hit_ratio", "gauge", "Hits over hits and misses since start.",
              ratio) +
         line("depeche_page_cache_stored_total", "counter", "Renders kept in the cache.",
              s.stored) +
         line("depeche_page_cache_not_modified_total", "counter",
              "Cached pages answered 304 Not Modified.", s.not_modified) +
         line("depeche_page_cache_dropped_total", "counter",
              "Pages dropped because something they show changed.", s.dropped) +
         line("depeche_page_cache_evicted_total", "counter", "Pages dropped to make room.",
              s.evicted) +
         line("depeche_page_cache_entries", "gauge", "Pages kept.", s.entries) +
         line("depeche_page_cache_bytes", "gauge", "Memory used by kept pages.", s.bytes) +
         line("depeche_page_cache_max_bytes", "gauge", "The cache's memory limit.", s.max_bytes);
}

std::string related_metrics(const search::RelatedStats& s) {
  auto line = [](const char* name, const char* type, const char* help, auto value) {
    return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(value) + "\n";
  };
  return line("depeche_related_served_total", "counter", "Related lists served from memory.",
              s.served) +
         line("depeche_related_computed_on_view_total", "counter",
              "Related lists computed because a reader asked first.", s.computed_on_view) +
         line("depeche_related_refreshed_total", "counter",
              "Related lists computed by the search syncer after a change.", s.refreshed) +
         line("depeche_related_evicted_total", "counter", "Related lists dropped to make room.",
              s.evicted) +
         line("depeche_related_entries", "gauge", "Related lists kept.", s.entries) +
         line("depeche_related_max_entries", "gauge", "Related lists kept at most.", s.max_entries);
}

}  // namespace depeche::web
