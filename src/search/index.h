#pragma once
// Front door of search: a Xapian full-text index derived from the article
// store. The store stays the truth; the index only mirrors published
// articles and can always be rebuilt from it (search/sync.h keeps it
// current). Xapian's types and exceptions never leave this folder: every
// failure comes back as an Error (ErrorCode::io with Xapian's message).
//
// Thread safety: an Index may be used from any number of threads at once,
// typically HTTP threads searching while one sync thread writes. A mutex
// guards the writable Xapian database; documents are built outside it. On
// disk, search() and related() read through read-only handles of their own
// (one per concurrent reader, reopened when a commit moved the index), so
// they neither wait for one another nor for a commit being written. In
// memory they go through the writable database, under the mutex.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace depeche::search {

// Longer queries are refused with ErrorCode::invalid_input: nobody types
// more, and parsing and matching cost grows with the number of terms.
// Counted in characters, as the search forms' maxlength counts them (a
// reader's French query is longer in bytes), so at most 4 × 200 bytes.
inline constexpr std::size_t kMaxQueryChars = 200;

// Whether `text` is over kMaxQueryChars characters (UTF-8 code points;
// any byte that does not continue a sequence counts as one).
inline bool query_too_long(std::string_view text) {
  std::size_t chars = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++chars > kMaxQueryChars) return true;
  }
  return false;
}
inline constexpr int kMaxResultsPerPage = 50;
// Pages starting deeper come back without ids (the estimate is still given):
// Xapian ranks offset + limit documents to serve one page.
inline constexpr int kMaxOffset = 10'000;
// How many expand terms describe an article for related(). Twenty: on the
// evaluation set (tests/fixtures/eval, bench/relevance) 10 left 92 % of the
// cards on topic, 20 gave 94.5 % and 30 gave 96 %, but each term is one more
// posting list to read on a large site; lists are computed by the syncer,
// not on page views.
inline constexpr int kRelatedExpandTerms = 20;
// Read-only handles kept for reuse between searches at most (one per
// concurrent reader is opened as needed; those beyond are closed after use).
// Each holds a few file descriptors and block caches.
inline constexpr std::size_t kMaxIdleReaders = 8;
// The one stemmer of the site, for every article and query whatever its
// language: the same word must stem alike on both sides.
inline constexpr const char* kStemLanguage = "french";

// Why an article was chosen for another's "À lire aussi". Each part is in
// [0, 1]; `score` is their blend, weighted by kRelatedWeights.
struct RelatedMatch {
  std::int64_t id = 0;
  float score = 0;
  // How close the texts are: the candidate's weight for the article's "more
  // like this" query, as a share of the article's own weight for it.
  float text = 0;
  // The share of the article's IPTC subjects the candidate has too, each
  // counted by its rarity on the site: a subject every sports story has
  // counts little, one only these two stories have counts fully.
  float subjects = 0;
  bool same_section = false;
  // 1 for stories published together, halving every kRelatedRecencyHalfLife.
  float recency = 0;
  bool operator==(const RelatedMatch&) const = default;
};

struct RelatedWeights {
  float text, subjects, section, recency;
};
// Text first: it is what makes two stories about one thing. Subjects next:
// the agencies' own filing, which finds the story about the same thing in
// other words. Closeness in time and the rubrique only order the rest; the
// rubrique least, since it is chosen from the subjects already counted and
// spans many topics (rugby and football in Sport, an earthquake and a fire
// in Monde): at 0.1 it lifted such neighbours above stories on the topic
// (tests/fixtures/eval, bench/relevance: 90.6 % of cards on topic at 0.1,
// 93.4 % at 0.05).
inline constexpr RelatedWeights kRelatedWeights{0.5F, 0.3F, 0.05F, 0.1F};
// Below this share of the article's own text weight, shared words are
// chance (a country, a common verb, a date) and make no tie on their own,
// though they still order stories tied by subjects: one or two of the
// article's twenty telling words. On the evaluation set, cards tied by
// text alone under 0.15 were off the topic 52 times in 55; on a site of a
// dozen short stories without subjects, a rugby match and a flood shared
// 0.10 ("France"), while stories of one topic scored 0.26 and more.
inline constexpr float kMinRelatedText = 0.15F;
inline constexpr std::chrono::hours kRelatedRecencyHalfLife{24 * 7};
// Candidates read from each of the two queries of related_matches(): enough
// for a list of kMaxResultsPerPage to be chosen by the blend, not only by
// the first query's order.
inline constexpr int kRelatedCandidates = 60;

// How results are ordered.
enum class SearchOrder {
  relevance,  // best first, ties newest first
  newest,     // newest first, ties best first
};

// Conditions a result must meet besides the words. They only narrow the
// results down, never change their ranking. Empty members filter nothing.
struct SearchFilters {
  std::string section;            // rubrique slug (store::Article::section)
  std::string provider;           // provider name or its provider_key()
  std::optional<Timestamp> from;  // first published at or after
  std::optional<Timestamp> to;    // first published at or before

  bool any() const { return !section.empty() || !provider.empty() || from || to; }
};

struct SearchQuery {
  std::string text;  // reader's words; Xapian query syntax (see Index::search)
  int offset = 0;    // < 0 is taken as 0
  int limit = 20;    // clamped to [1, kMaxResultsPerPage]
  SearchFilters filters;
  SearchOrder order = SearchOrder::relevance;
};

struct SearchResults {
  std::vector<std::int64_t> ids;     // article ids, best first
  std::int64_t estimated_total = 0;  // matches ignoring offset/limit; exact for small sets
  // Set only when nothing matched: the query with misspelt words replaced
  // by indexed ones, which does match (with the same filters). Folded
  // (without accents), as the index holds words.
  std::string suggestion;
};

// An agency with articles in the index, for the search form's choices.
struct ProviderChoice {
  std::string key;   // provider_key(name): what SearchFilters::provider takes
  std::string name;  // as the wire spells it
  std::int64_t articles = 0;
};

class Index {
 public:
  // Opens the on-disk index in `dir`, creating the directory and an empty
  // index when missing. Fails with ErrorCode::io when the directory cannot
  // be created, the index cannot be read, or another process holds it open
  // for writing ("search index is locked by another process: DIR").
  static Result<std::unique_ptr<Index>> open(const std::filesystem::path& dir);
  // A throwaway index held in memory (tests, or a site without a data dir).
  static Result<std::unique_ptr<Index>> in_memory();

  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Stages a change for the next commit(): a published article is indexed,
  // replacing any earlier document for the same article id; a withdrawn one
  // is removed (no-op when absent). Nothing is visible to search before
  // commit(). Later staged changes to one id override earlier ones.
  Status put(const store::Article& a);
  Status remove(std::int64_t article_id);

  // Applies every staged change (and, on disk, the spelling dictionary
  // that suggestions come from: a withdrawn or replaced article's words are
  // taken out of it) and records `revision` (the
  // store::Article::revision of the last change applied) in the index
  // metadata, durably for an on-disk index, all or nothing. On error the
  // staged changes are dropped and revision() is unchanged, so the caller
  // replays from revision() (catch_up does).
  Status commit(std::int64_t revision);

  // The revision recorded by the last successful commit(); 0 for a new or
  // cleared index. Lock-free: never waits for a commit in progress, and a
  // reader that sees a revision then reads the index sees that commit.
  std::int64_t revision() const;

  // Committed articles matching `q.text` and `q.filters`, in `q.order`.
  // Any word may match, but articles holding every word rank above those
  // holding only some, so an extra word no article holds still finds the
  // rest. French stop words (search/stop_words.h) are dropped outside
  // quoted phrases; a query of stop words only keeps them. Syntax:
  // "quoted phrases", +must -mustnot, OR/AND/NOT between words, titre:word
  // for headline words only; headline words weigh more than body words.
  // Accents and case are ignored; words are stemmed (in French), except
  // those written with a capital first letter. Malformed syntax is read
  // again as plain words, never an error. A blank text with filters lists
  // every article passing them (use SearchOrder::newest); a blank text
  // without filters, or one holding no word, gives empty results. When
  // nothing matches, `suggestion` may offer a spelling correction (on-disk
  // indexes only: Xapian keeps no spelling data in memory). Fails with
  // ErrorCode::invalid_input when query_too_long(q.text),
  // ErrorCode::io when the index cannot be read.
  Result<SearchResults> search(const SearchQuery& q) const;

  // "À lire aussi": up to `limit` (clamped to [1, kMaxResultsPerPage])
  // committed articles closest to `article_id`, best first (ties newest
  // first), never that article itself, each with why it was chosen (see
  // RelatedMatch). Candidates come from two queries: the article's
  // kRelatedExpandTerms most telling words (relevance-set expansion, "more
  // like this") and its IPTC subjects; each candidate is then scored by the
  // blend in RelatedMatch, and one with no topical tie (no shared word worth
  // kMinRelatedText, no shared subject) is never chosen, however recent or
  // whatever its rubrique: fewer cards rather than cards off the topic.
  // Empty when the article is not indexed or nothing is on its topic.
  Result<std::vector<RelatedMatch>> related_matches(std::int64_t article_id, int limit) const;
  // The ids of related_matches(), in its order.
  Result<std::vector<std::int64_t>> related(std::int64_t article_id, int limit) const;

  // The agencies of the committed articles, by name. Cheap: one index
  // metadata entry per agency ever seen (recorded at commit), each counted
  // by its filter term; agencies whose articles are all gone are left out.
  Result<std::vector<ProviderChoice>> providers() const;

  // Drops every document and staged change and resets revision() to 0, at
  // once (searches find nothing until the index is filled again).
  Status clear();

  // Committed documents; 0 when the index cannot be read.
  std::int64_t document_count() const;

  // Held by whoever runs a read revision() → put() → commit() cycle
  // (search::catch_up, search::rebuild), so that two such cycles on one
  // index never interleave. No Index method takes it.
  std::mutex& sync_mutex();

 private:
  struct State;
  explicit Index(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace depeche::search
