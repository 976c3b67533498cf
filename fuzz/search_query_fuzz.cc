// What a reader types in the search box becomes a Xapian query
// (search::Index::search: accent folding, then Xapian's QueryParser with
// the site's flags and prefixes, then matching). The query runs against a
// small in-memory index so that matching, not only parsing, is exercised.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "search/analysis.h"
#include "search/index.h"

namespace {

using namespace depeche;

store::Article article(std::int64_t id, std::string headline, std::string body_html) {
  store::Article a;
  a.id = id;
  a.revision = id;
  a.dispatch.guid = "urn:fuzz:" + std::to_string(id);
  a.dispatch.provider = "Agence Alpha";
  a.dispatch.headline = std::move(headline);
  a.dispatch.body_html = std::move(body_html);
  a.dispatch.description = "Premier paragraphe.";
  a.dispatch.subjects = {{"medtop:04000000", "économie"}};
  a.published_at = Timestamp(std::chrono::seconds(1'790'000'000 + id));
  return a;
}

std::unique_ptr<search::Index> make_index() {
  auto index = search::Index::in_memory();
  if (!index) std::abort();
  const store::Article articles[] = {
      article(1, "Réunion de crise à l'Élysée", "<p>Le président a reçu les ministres.</p>"),
      article(2, "Le port de Lyon", "<p>Les dockers reprennent le travail à l’aube.</p>"),
      article(3, "Élections : le second tour", "<p>Les candidats préparent le débat.</p>"),
  };
  for (const auto& a : articles) {
    if (!(*index)->put(a).ok()) std::abort();
  }
  if (!(*index)->commit(3).ok()) std::abort();
  return std::move(index).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Built once: indexing on every input would drown the query parser's
  // coverage in Xapian's writer. A function-local static is the harness's
  // own state, never seen by the code under test.
  static const std::unique_ptr<search::Index> index = make_index();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  search::fold_for_search(text);
  search::html_to_text(text);
  auto results = index->search({std::string(text), 0, 20});
  // A query within the limit is never an error: malformed syntax is read
  // again as plain words (index.h).
  if (!search::query_too_long(text) && !results.ok()) std::abort();
  return 0;
}
