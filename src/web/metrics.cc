#include "web/metrics.h"

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

}  // namespace depeche::web
