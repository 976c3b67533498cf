#include "app/generate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "app/generate_text.h"
#include "app/runtime.h"
#include "articles/slug.h"
#include "comments/accounts.h"
#include "comments/secrets.h"
#include "comments/text.h"
#include "core/clock.h"
#include "search/index.h"
#include "search/sync.h"

namespace depeche::app {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Articles written per transaction: one commit (one WAL sync) per batch
// instead of per article, small enough to keep the transaction's memory low.
constexpr std::int64_t kArticleBatch = 500;
// The archive spans this long before `now`; the newest article is
// kNewestAge old, so that it is never in the future.
constexpr auto kArchiveSpan = std::chrono::hours(24 * 365 * 4);
constexpr auto kNewestAge = 10min;
// One reader for this many comments, within [kMinReaders, kMaxReaders].
constexpr std::int64_t kCommentsPerReader = 300;
constexpr std::int64_t kMinReaders = 50;
constexpr std::int64_t kMaxReaders = 5'000;
// How fast the comment counts fall with an article's rank: count ∝ 1/rank^x.
// 0.5 leaves a long tail of threads of a few comments and a few of hundreds.
constexpr double kThreadFalloff = 0.5;
// Comments arrive after their article at this mean delay (exponential),
// and never after kLatestComment.
constexpr double kMeanCommentDelayMinutes = 6 * 60;
constexpr auto kLatestComment = std::chrono::hours(24 * 7);
// Shares of comments: replies, deleted by their author, held for moderation.
constexpr double kReplyShare = 0.25;
constexpr double kDeletedShare = 0.01;
constexpr double kHeldShare = 0.005;
// A reply answers one of the last few top-level comments of its thread.
constexpr std::size_t kReplyWindow = 20;
constexpr int kPasswordTries = 5;

std::string seconds_since(Clock::time_point start) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s",
                std::chrono::duration<double>(Clock::now() - start).count());
  return text;
}

// Prints a line every tenth of `total` (and at the end).
class Progress {
 public:
  Progress(const ProgressSink& sink, std::string what, std::int64_t total)
      : sink_(sink),
        what_(std::move(what)),
        total_(total),
        step_(std::max<std::int64_t>(1, total / 10)) {}
  void tick(std::int64_t done) {
    if (done % step_ == 0 || done == total_) {
      sink_(what_ + ": " + std::to_string(done) + "/" + std::to_string(total_) + " (" +
            seconds_since(start_) + ")");
    }
  }

 private:
  const ProgressSink& sink_;
  std::string what_;
  std::int64_t total_, step_;
  Clock::time_point start_ = Clock::now();
};

struct Stored {
  std::int64_t id = 0;
  Timestamp published_at{};
  bool published = true;
};

Result<std::vector<Stored>> write_articles(store::ArticleStore& articles,
                                           const articles::Sections& sections, Timestamp now,
                                           const GenerateOptions& o, TextMaker& text,
                                           GenerateReport& report, const ProgressSink& progress) {
  std::vector<Stored> stored;
  stored.reserve(static_cast<std::size_t>(o.articles));
  Timestamp newest = now - kNewestAge;
  auto span = std::chrono::duration_cast<std::chrono::seconds>(kArchiveSpan);
  auto step = span / o.articles;
  Progress tick(progress, "articles", o.articles);
  for (std::int64_t first = 0; first < o.articles; first += kArticleBatch) {
    auto tx = DEPECHE_TRY(articles.begin());
    for (std::int64_t i = first; i < std::min(o.articles, first + kArticleBatch); ++i) {
      // Oldest first, evenly spread, each moved within its own step.
      Timestamp at = newest - span + step * (i + 1) - text.within(step);
      Dispatch d = text.dispatch(i, at);
      auto status = d.status == WireStatus::withdrawn ? store::ArticleStatus::withdrawn
                                                      : store::ArticleStatus::published;
      std::int64_t id =
          DEPECHE_TRY(tx->insert(d, articles::slugify(d.headline), status, sections.classify(d)));
      bool published = status == store::ArticleStatus::published;
      report.withdrawn += published ? 0 : 1;
      stored.push_back({id, d.first_created, published});
      tick.tick(i + 1);
    }
    DEPECHE_TRY(tx->commit());
  }
  report.articles = o.articles;
  return stored;
}

// Readers with a real password hash (made once, through the account rules)
// shared by all: nobody signs in as them, and hashing thousands of
// passwords would take minutes.
Result<std::vector<std::int64_t>> write_readers(store::UserStore& users, Timestamp now,
                                                std::int64_t count, TextMaker& text) {
  FixedClock clock(now - kArchiveSpan);
  comments::Accounts accounts(users, clock);
  Result<store::User> first = make_error(ErrorCode::internal, "no password tried");
  for (int i = 0; i < kPasswordTries; ++i) {
    first = accounts.create(
        {"lecteur0@lecteurs.generes.invalid", text.pseudonym(0), comments::random_token(18)},
        store::Role::reader);
    if (first || first.error().message != "password_weak") break;
  }
  if (!first) return std::move(first).error();
  std::vector<std::int64_t> ids{first->id};
  for (std::int64_t i = 1; i < count; ++i) {
    std::string email = "lecteur" + std::to_string(i) + "@lecteurs.generes.invalid";
    std::string name = text.pseudonym(i);
    store::NewUser u{email,
                     comments::Accounts::email_key(email),
                     name,
                     comments::Accounts::name_key(name),
                     store::Role::reader,
                     first->password_hash,
                     clock.now()};
    ids.push_back(DEPECHE_TRY(users.create(u)));
  }
  return ids;
}

// How many comments each published article gets, in article order: the
// heaviest thread on an article four fifths of the way through the
// archive (old enough to be settled, recent enough to be read), the rest by
// rank in a shuffled order, falling off as 1/rank^kThreadFalloff.
std::vector<std::int64_t> thread_sizes(const std::vector<Stored>& articles, std::int64_t total,
                                       std::mt19937_64& rng, std::size_t& heaviest) {
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (articles[i].published) open.push_back(i);
  }
  std::vector<std::int64_t> sizes(articles.size(), 0);
  if (open.empty() || total == 0) return sizes;
  heaviest = open[open.size() * 4 / 5];
  std::int64_t largest = std::clamp<std::int64_t>(total * 3 / 400, 1, kLargestThread);
  sizes[heaviest] = largest;
  std::erase(open, heaviest);
  std::shuffle(open.begin(), open.end(), rng);
  std::int64_t rest = total - largest;
  if (open.empty()) {
    sizes[heaviest] += rest;
    return sizes;
  }
  std::vector<double> weight(open.size());
  double sum = 0;
  for (std::size_t r = 0; r < open.size(); ++r) {
    sum += weight[r] = 1.0 / std::pow(static_cast<double>(r + 1), kThreadFalloff);
  }
  std::int64_t given = 0;
  for (std::size_t r = 0; r < open.size(); ++r) {
    std::int64_t n = static_cast<std::int64_t>(static_cast<double>(rest) * weight[r] / sum);
    sizes[open[r]] = n;
    given += n;
  }
  for (std::size_t r = 0; given < rest; r = (r + 1) % open.size(), ++given) ++sizes[open[r]];
  return sizes;
}

double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// One article's thread, oldest first. A deleted comment is always
// followed by a published reply to it, so its placeholder stays on show.
Status write_thread(store::CommentStore& comments, const Stored& article, std::int64_t size,
                    const std::vector<std::int64_t>& readers, Timestamp now, std::mt19937_64& rng,
                    TextMaker& text, GenerateReport& report, const std::function<void()>& tick) {
  std::vector<Timestamp> times;
  Timestamp latest = std::min(article.published_at + kLatestComment, now - 1min);
  for (std::int64_t k = 0; k < size; ++k) {
    double minutes = -std::log(1.0 - unit(rng)) * kMeanCommentDelayMinutes;
    auto at = article.published_at + std::chrono::seconds(static_cast<std::int64_t>(minutes * 60));
    times.push_back(std::clamp(at, article.published_at, std::max(latest, article.published_at)));
  }
  std::sort(times.begin(), times.end());
  std::vector<std::int64_t> top;  // top-level comments so far
  std::optional<std::int64_t> answer_deleted;
  for (std::int64_t k = 0; k < size; ++k) {
    store::NewComment c;
    c.article_id = article.id;
    // Readers post with a heavy tail too: a few of them very often.
    double u = unit(rng);
    c.author_id = readers[static_cast<std::size_t>(u * u * static_cast<double>(readers.size()))];
    c.created_at = times[static_cast<std::size_t>(k)];
    if (answer_deleted) {
      c.parent_id = answer_deleted;
      answer_deleted.reset();
    } else if (!top.empty() && unit(rng) < kReplyShare) {
      std::size_t window = std::min(top.size(), kReplyWindow);
      c.parent_id = top[top.size() - 1 - rng() % window];
    }
    bool deleted = !c.parent_id && k + 1 < size && unit(rng) < kDeletedShare;
    if (deleted) {
      c.status = store::CommentStatus::deleted;  // its text is gone, as after Comments::remove
    } else {
      c.body = comments::normalize_comment(text.comment());
      if (unit(rng) < kHeldShare) {
        c.status = store::CommentStatus::pending;
        c.reason = "suspect_words";
      }
    }
    std::int64_t id = DEPECHE_TRY(comments.add(c));
    if (c.parent_id) ++report.replies;
    if (!c.parent_id) top.push_back(id);
    if (deleted) {
      answer_deleted = id;
      ++report.deleted;
      if (report.deleted_thread_article == 0) report.deleted_thread_article = article.id;
    }
    tick();
  }
  return {};
}

}  // namespace

Result<GenerateReport> generate_site(store::Store& store, const articles::Sections& sections,
                                     Timestamp now, const GenerateOptions& o,
                                     const ProgressSink& progress,
                                     const std::function<void()>& articles_written) {
  if (o.articles < 1 || o.articles > kMaxGeneratedArticles || o.comments < 0 ||
      o.comments > kMaxGeneratedComments) {
    return make_error(ErrorCode::invalid_input,
                      "generate: articles must be 1 to " + std::to_string(kMaxGeneratedArticles) +
                          ", comments 0 to " + std::to_string(kMaxGeneratedComments));
  }
  auto existing = DEPECHE_TRY(store.articles().latest({.limit = 1}));
  if (!existing.items.empty()) {
    return make_error(ErrorCode::conflict,
                      "generate: the data folder already holds articles; use an empty one");
  }
  GenerateReport report;
  TextMaker text(o.seed);
  auto start = Clock::now();
  auto articles =
      DEPECHE_TRY(write_articles(store.articles(), sections, now, o, text, report, progress));
  for (auto it = articles.rbegin(); it != articles.rend(); ++it) {
    if (it->published) {
      report.newest_article = it->id;
      break;
    }
  }
  if (articles_written) articles_written();
  report.readers = std::clamp(o.comments / kCommentsPerReader, kMinReaders, kMaxReaders);
  auto readers = DEPECHE_TRY(write_readers(store.users(), now, report.readers, text));
  progress("readers: " + std::to_string(readers.size()) + " (" + seconds_since(start) + ")");
  std::mt19937_64 rng(o.seed * 0x9E3779B97F4A7C15ull + 2);
  std::size_t heaviest = 0;
  auto sizes = thread_sizes(articles, o.comments, rng, heaviest);
  if (o.comments > 0) {
    report.largest_thread_article = articles[heaviest].id;
    report.largest_thread = sizes[heaviest];
  }
  Progress tick(progress, "comments", o.comments);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    DEPECHE_TRY(write_thread(store.comments(), articles[i], sizes[i], readers, now, rng, text,
                             report, [&] { tick.tick(++report.comments); }));
  }
  return report;
}

int run_generate(const Config& config, const GenerateOptions& options) {
  auto fail = [](const Error& e, int code) {
    std::cerr << "depeche: " << e.message << "\n";
    return code;
  };
  auto rt = Runtime::open(config);
  if (!rt) return fail(rt.error(), 2);
  auto index = search::Index::open(config.data_dir / "search");
  if (!index) return fail(index.error(), 2);
  auto start = Clock::now();
  std::mutex out;
  auto print = [&out](const std::string& line) {
    std::lock_guard lock(out);
    std::cout << line << std::endl;
  };
  // Comments are committed one by one and wait on the disk: the index is
  // built meanwhile, from the articles already committed.
  Result<int> indexed = 0;
  std::thread indexer;
  auto build_index = [&] {
    indexer = std::thread([&] {
      print("search index: building");
      indexed = search::rebuild((*rt)->store().articles(), **index);
      if (indexed) {
        print("search index: " + std::to_string(*indexed) + " articles (" + seconds_since(start) +
              ")");
      }
    });
  };
  auto report = generate_site((*rt)->store(), (*rt)->publisher().sections(), (*rt)->clock().now(),
                              options, print, build_index);
  if (indexer.joinable()) indexer.join();
  if (!report) {
    bool ours = report.error().code == ErrorCode::invalid_input ||
                report.error().code == ErrorCode::conflict;
    return fail(report.error(), ours ? 1 : 2);
  }
  if (!indexed) return fail(indexed.error(), 2);
  report->indexed = *indexed;
  const auto& r = *report;
  print("generated: " + std::to_string(r.articles) + " articles (" + std::to_string(r.withdrawn) +
        " withdrawn), " + std::to_string(r.readers) + " readers, " + std::to_string(r.comments) +
        " comments (" + std::to_string(r.replies) + " replies, " + std::to_string(r.deleted) +
        " deleted) in " + seconds_since(start));
  print("largest thread: article " + std::to_string(r.largest_thread_article) + " (" +
        std::to_string(r.largest_thread) + " comments)");
  print("deleted comment: article " + std::to_string(r.deleted_thread_article));
  print("newest article: " + std::to_string(r.newest_article));
  return 0;
}

}  // namespace depeche::app
