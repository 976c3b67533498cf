// Search and "À lire aussi" latency on a generated site's index (depeche
// generate), through search::Index as the server runs them, beside the
// same work done on Xapian directly in the same run: what the wrapper
// costs, and what is Xapian's own. "À lire aussi" is measured twice: what
// computing one list costs (search::Index::related, paid by the syncer
// after a change or by the first view), and what a page view pays for it
// (search::RelatedCards::lookup of a list already kept).
// Run: build/bench/site_bench DATA_DIR [QUERIES]   (the server must not hold
// the index; prints figures, never fails on slowness)
//
// Output, one line per measure, read by bench/run:
//   search depeche p50_ms=0.412 p95_ms=0.907 n=300
//   search xapian  p50_ms=…
//   related depeche …           (the page path: a kept list)
//   related xapian …            (more like this on Xapian directly)
//   related-compute depeche …   (computing one list through search::Index)

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/generate_words.h"
#include "search/analysis.h"
#include "search/index.h"
#include "search/related.h"

namespace {

using namespace depeche;
using Clock = std::chrono::steady_clock;

// Queries run by default: enough for a stable p95, quick at 100k articles.
constexpr int kDefaultQueries = 300;
constexpr int kResultsPerPage = 20;  // what the search page asks for

struct Timings {
  std::vector<double> ms;
  void add(Clock::time_point start) {
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  double percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(i, ms.size() - 1)];
  }
};

void print(const char* what, const char* who, Timings& t) {
  // Four decimals: a kept related list is served in about a microsecond.
  std::printf("%s %-7s p50_ms=%.4f p95_ms=%.4f n=%zu\n", what, who, t.percentile(50),
              t.percentile(95), t.ms.size());
}

// One or two words of the generator's own vocabulary, as readers type them.
std::vector<std::string> queries(int count) {
  std::vector<std::string> words;
  for (const auto& topic : app::words::topics()) {
    for (auto w : topic.keywords) words.emplace_back(w);
  }
  for (auto w : app::words::places()) words.emplace_back(w);
  std::mt19937_64 rng(42);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string q = words[rng() % words.size()];
    if (i % 2) q.append(" ").append(words[rng() % words.size()]);
    out.push_back(q);
  }
  return out;
}

// The same as index.cc's ContentTermsOnly: words, not ids or prefixes, that
// some other article has too.
class ContentTerms final : public Xapian::ExpandDecider {
 public:
  explicit ContentTerms(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    std::string_view t = term;
    if (!t.empty() && t.front() == 'Z') t.remove_prefix(1);
    if (t.empty() || (t.front() >= 'A' && t.front() <= 'Z')) return false;
    return db_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& db_;
};

std::vector<std::int64_t> xapian_search(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem(search::kStemLanguage));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.add_prefix("titre", "S");
  Xapian::Enquire enquire(db);
  enquire.set_query(parser.parse_query(search::fold_for_search(text)));
  enquire.set_sort_by_relevance_then_value(0, true);
  std::vector<std::int64_t> ids;
  Xapian::MSet mset = enquire.get_mset(0, kResultsPerPage);
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
  return ids;
}

void xapian_related(const Xapian::Database& db, std::int64_t article_id) {
  std::string self("Q");
  self += std::to_string(article_id);
  auto posting = db.postlist_begin(self);
  if (posting == db.postlist_end(self)) return;
  Xapian::RSet rset;
  rset.add_document(*posting);
  Xapian::Enquire enquire(db);
  ContentTerms content(db);
  Xapian::ESet words = enquire.get_eset(search::kRelatedExpandTerms, rset, &content);
  Xapian::Query like(Xapian::Query::OP_OR, words.begin(), words.end());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(self)));
  enquire.set_sort_by_relevance_then_value(0, true);
  enquire.get_mset(0, search::kRelatedListLength);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: site_bench DATA_DIR [QUERIES]\n");
    return 2;
  }
  std::filesystem::path dir = std::filesystem::path(argv[1]) / "search";
  int count = argc > 2 ? std::max(1, std::atoi(argv[2])) : kDefaultQueries;
  auto index = search::Index::open(dir);
  if (!index) {
    std::fprintf(stderr, "site_bench: %s\n", index.error().message.c_str());
    return 2;
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(dir.string());
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "site_bench: %s\n", e.get_msg().c_str());
    return 2;
  }
  std::printf("site_bench: %lld documents, %d queries\n",
              static_cast<long long>((*index)->document_count()), count);
  auto texts = queries(count);
  Timings ours, theirs, ours_related, theirs_related, computed;
  std::vector<std::int64_t> ids;  // articles to find related ones for
  for (const auto& q : texts) {
    auto start = Clock::now();
    auto found = (*index)->search({.text = q, .offset = 0, .limit = kResultsPerPage});
    ours.add(start);
    if (found && !found->ids.empty()) ids.push_back(found->ids.front());
    start = Clock::now();
    xapian_search(db, q);
    theirs.add(start);
  }
  // The best match of each query: an article readers would open. Its list
  // is computed, kept by a first view, then served as page views get it.
  search::RelatedCards cards(**index);
  for (auto id : ids) {
    auto start = Clock::now();
    (void)(*index)->related(id, search::kRelatedListLength);
    computed.add(start);
    start = Clock::now();
    xapian_related(db, id);
    theirs_related.add(start);
    (void)cards.lookup(id);
    start = Clock::now();
    (void)cards.lookup(id);
    ours_related.add(start);
  }
  print("search", "depeche", ours);
  print("search", "xapian", theirs);
  print("related", "depeche", ours_related);
  print("related", "xapian", theirs_related);
  print("related-compute", "depeche", computed);
  return 0;
}
