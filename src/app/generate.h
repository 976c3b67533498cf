#pragma once
// `depeche generate`: a large, realistic site made up in one go, to measure
// the portal at newsroom scale (bench/run). Articles, readers and comments
// go in through the store's public interfaces, as ingest and readers would
// put them, then the search index is built from the store.

#include <cstdint>
#include <functional>
#include <string>

#include "app/config.h"
#include "articles/sections.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::app {

// Beyond these the run would take hours and the database tens of gigabytes:
// a mistyped count fails at once instead.
inline constexpr std::int64_t kMaxGeneratedArticles = 5'000'000;
inline constexpr std::int64_t kMaxGeneratedComments = 50'000'000;
// The heaviest thread of a site of 1,000,000 comments, as measured on a real
// news site's busiest story; smaller sites get the same share (3/400) of
// their comments on it.
inline constexpr std::int64_t kLargestThread = 7'500;

struct GenerateOptions {
  std::int64_t articles = 1'000;   // 1 to kMaxGeneratedArticles
  std::int64_t comments = 10'000;  // 0 to kMaxGeneratedComments
  std::uint64_t seed = 1;          // same seed, counts and day: the same site
};

struct GenerateReport {
  std::int64_t articles = 0;  // stored, withdrawn included
  std::int64_t withdrawn = 0;
  std::int64_t readers = 0;
  std::int64_t comments = 0;  // stored, every status
  std::int64_t replies = 0;
  std::int64_t deleted = 0;  // deleted by their authors, each followed by a published reply
  std::int64_t largest_thread_article = 0;  // article id of the heaviest thread
  std::int64_t largest_thread = 0;          // its comment count
  std::int64_t deleted_thread_article = 0;  // an article whose thread shows a deleted comment
  std::int64_t newest_article = 0;          // the newest published article's id
  std::int64_t indexed = 0;                 // articles put into the search index
};

using ProgressSink = std::function<void(const std::string&)>;

// Fills `store`, which must hold no article yet (conflict otherwise), with
// `options.articles` articles dated over the four years before `now` (about
// 1 % withdrawn, filed into rubriques by `sections`), a reader for every
// 300 comments (50 to 5,000), and `options.comments` comments spread with a
// heavy tail: one thread takes 3/400 of them (at most kLargestThread), the
// others fall off with their rank; a quarter are replies, 1 % are deleted
// by their author after drawing a reply. Articles are written in
// transactions of a few hundred. The text depends only on the seed and the
// counts; the times also on `now`. One progress line per stage and every
// tenth of the way to `progress`. `articles_written`, when set, is called
// once every article is committed, before readers and comments are written
// (the command builds the search index meanwhile, on another thread).
Result<GenerateReport> generate_site(store::Store& store, const articles::Sections& sections,
                                     Timestamp now, const GenerateOptions& options,
                                     const ProgressSink& progress,
                                     const std::function<void()>& articles_written = {});

// The command: opens the data folder of `config`, generates into it, and
// builds its search index (search::rebuild) while the comments are written. Prints progress and a
// summary (with the ids bench/run reads: "largest thread: article ID (N comments)", "deleted
// comment: article ID", "newest article: ID"). Exit 0 when done, 1 when the options are out of
// range or the folder already holds articles, 2 when the store or the index could not be opened or
// written.
int run_generate(const Config& config, const GenerateOptions& options);

}  // namespace depeche::app
