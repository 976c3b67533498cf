#pragma once
// The readers' comments that `depeche demo` seeds: read from comments.json,
// then posted through comments::Comments, each at a time planned from its
// article's first publication, by demo readers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/comments.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::app {

// comments.json is read whole: a demo file, not a feed.
inline constexpr std::uintmax_t kMaxDemoCommentsBytes = 1024 * 1024;
inline constexpr std::size_t kMaxDemoComments = 1000;
inline constexpr std::size_t kMaxDemoReaders = 100;
// A comment is planned at most this long after its article: threads close
// after a week by default.
inline constexpr std::chrono::minutes kMaxDemoCommentDelay{7 * 24 * 60};
// Demo readers' accounts are `key@` this domain, which can receive no mail
// (.invalid is reserved), so that no real address is ever used.
inline constexpr std::string_view kDemoReaderDomain = "lecteurs.demo.invalid";
// The network address comments are posted "from", for the rate limiter.
inline constexpr std::string_view kDemoAddress = "demo";

struct DemoReader {
  std::string key;   // how comments name the reader; the email's local part
  std::string name;  // the pseudonym readers see
};

struct DemoComment {
  std::string id;                 // unique in the file; replies name it
  std::string article;            // the wire guid (a reply: its parent's)
  std::string reply_to;           // empty for a top-level comment
  std::string reader;             // a DemoReader key
  std::chrono::minutes after{0};  // after the article's first publication
  std::string text;
};

struct DemoComments {
  std::vector<DemoReader> readers;
  std::vector<DemoComment> comments;
};

// Parses comments.json: {"readers":[{"key","name"}], "comments":[{"id",
// "article" (top-level only), "reply_to" (replies only), "reader",
// "after_minutes", "text"}]}. Refuses (invalid_input, naming the entry) a
// file that names an unknown reader, repeats an id, answers a comment that
// is not earlier in the file, or goes past the limits above.
Result<DemoComments> parse_demo_comments(std::string_view json);

struct SeedReport {
  int readers_created = 0;
  int readers_found = 0;
  int readers_refused = 0;  // no account could be made; `refusal` said why
  int added = 0;            // posted now and published
  int held = 0;             // posted now, waiting for a moderator (the site's rules)
  int already = 0;          // found from an earlier run
  int refused = 0;          // not posted; `refusal` said why
};

// Makes the demo readers that do not exist yet (random passwords: nobody
// signs in as them), then posts each comment not posted yet, oldest first,
// through comments::Comments under `rules`, with a clock set to its planned
// time: its article's first publication plus `after` (a reply: at least a
// minute after its parent), kept before `now` and before the thread closes.
// A comment whose article is missing or withdrawn, or whose thread is closed
// at `now`, is refused. `refusal` receives one line per refused comment.
// Fails only when the store does.
Result<SeedReport> seed_comments(store::Store& store, Timestamp now,
                                 const comments::CommentRules& rules, const DemoComments& demo,
                                 const std::function<void(const std::string&)>& refusal);

}  // namespace depeche::app
