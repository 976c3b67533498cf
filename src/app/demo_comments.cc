#include "app/demo_comments.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "comments/accounts.h"
#include "comments/text.h"

namespace depeche::app {
namespace {

using json = nlohmann::json;

// Demo readers joined this long before the demo runs: they are not
// newcomers on the moderators' pages.
constexpr std::chrono::hours kDemoReaderSeniority{24 * 30};
// Tries at a random password that the password checks accept; a 24-character
// random token passes at the first try in practice.
constexpr int kPasswordTries = 5;

Error invalid(const std::string& what) {
  return make_error(ErrorCode::invalid_input, "comments.json: " + what);
}

Result<std::string> text_field(const json& o, const char* key, const std::string& where) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().empty()) {
    return invalid(where + ": \"" + key + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

Result<DemoComment> comment_of(const json& o, std::size_t index) {
  std::string where = "comment #" + std::to_string(index + 1);
  if (!o.is_object()) return invalid(where + " is not an object");
  DemoComment c;
  c.id = DEPECHE_TRY(text_field(o, "id", where));
  where += " (" + c.id + ")";
  c.reader = DEPECHE_TRY(text_field(o, "reader", where));
  c.text = DEPECHE_TRY(text_field(o, "text", where));
  if (o.contains("reply_to")) {
    c.reply_to = DEPECHE_TRY(text_field(o, "reply_to", where));
    if (o.contains("article")) return invalid(where + ": a reply takes its parent's article");
  } else {
    c.article = DEPECHE_TRY(text_field(o, "article", where));
  }
  auto after = o.find("after_minutes");
  if (after == o.end() || !after->is_number_integer() || after->get<std::int64_t>() < 0 ||
      after->get<std::int64_t>() > kMaxDemoCommentDelay.count()) {
    return invalid(where + ": \"after_minutes\" must be a whole number from 0 to " +
                   std::to_string(kMaxDemoCommentDelay.count()));
  }
  c.after = std::chrono::minutes(after->get<std::int64_t>());
  return c;
}

Result<std::vector<DemoReader>> readers_of(const json& doc) {
  auto list = doc.find("readers");
  if (list == doc.end() || !list->is_array() || list->size() > kMaxDemoReaders) {
    return invalid("\"readers\" must be an array of at most " + std::to_string(kMaxDemoReaders));
  }
  std::vector<DemoReader> out;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string where = "reader #" + std::to_string(i + 1);
    if (!(*list)[i].is_object()) return invalid(where + " is not an object");
    DemoReader r{DEPECHE_TRY(text_field((*list)[i], "key", where)),
                 DEPECHE_TRY(text_field((*list)[i], "name", where))};
    if (!keys.insert(r.key).second) return invalid(where + ": key " + r.key + " repeated");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<DemoComments> parse_demo_comments(std::string_view text) {
  if (text.size() > kMaxDemoCommentsBytes) return invalid("larger than the limit");
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return invalid("not a JSON object");
  DemoComments out;
  out.readers = DEPECHE_TRY(readers_of(doc));
  auto list = doc.find("comments");
  if (list == doc.end() || !list->is_array() || list->size() > kMaxDemoComments) {
    return invalid("\"comments\" must be an array of at most " + std::to_string(kMaxDemoComments));
  }
  std::map<std::string, std::string> article_of;  // comment id -> article guid
  for (std::size_t i = 0; i < list->size(); ++i) {
    DemoComment c = DEPECHE_TRY(comment_of((*list)[i], i));
    bool known = std::any_of(out.readers.begin(), out.readers.end(),
                             [&](const DemoReader& r) { return r.key == c.reader; });
    if (!known) return invalid(c.id + ": unknown reader " + c.reader);
    if (!c.reply_to.empty()) {
      auto parent = article_of.find(c.reply_to);
      if (parent == article_of.end()) {
        return invalid(c.id + ": answers " + c.reply_to + ", which is not earlier in the file");
      }
      c.article = parent->second;
    }
    if (!article_of.emplace(c.id, c.article).second) return invalid(c.id + ": id repeated");
    out.comments.push_back(std::move(c));
  }
  return out;
}

namespace {

// The article on show for a wire guid, whatever its status; nullopt when
// the guid was never published.
Result<std::optional<store::Article>> article_by_guid(store::ArticleStore& articles,
                                                      const std::string& guid) {
  std::optional<std::int64_t> id;
  {
    // Read only: the transaction rolls back when it goes out of scope.
    auto tx = DEPECHE_TRY(articles.begin());
    if (auto head = DEPECHE_TRY(tx->head_by_guid(guid))) id = head->id;
  }
  if (!id) return std::optional<store::Article>();
  return articles.by_id(*id);
}

// One comment with its article and the time it is posted at.
struct Planned {
  const DemoComment* comment = nullptr;
  std::int64_t article_id = 0;
  Timestamp at{};
};

// Why a comment is not posted (a line for the operator), or nothing.
using Refusal = std::optional<std::string>;

// One run of seed_comments: the clock every service reads, set to the time
// of what is being done; the readers' accounts; the plan.
class Seeder {
 public:
  Seeder(store::Store& store, Timestamp now, const comments::CommentRules& rules)
      : store_(store),
        now_(now),
        clock_(now - kDemoReaderSeniority),
        accounts_(store.users(), clock_),
        limiter_(clock_),
        comments_(store, clock_, limiter_, rules) {}

  // The reader's account, found by email or made with a random password.
  Result<Refusal> ensure_reader(const DemoReader& r) {
    std::string email = r.key + "@" + std::string(kDemoReaderDomain);
    auto& users = store_.users();
    if (auto found = DEPECHE_TRY(users.by_email_key(comments::Accounts::email_key(email)))) {
      ++report_.readers_found;
      readers_.emplace(r.key, std::move(*found));
      return Refusal();
    }
    clock_.set(now_ - kDemoReaderSeniority);
    Result<store::User> made = make_error(ErrorCode::internal, "no password tried");
    for (int i = 0; i < kPasswordTries; ++i) {
      made = accounts_.create({email, r.name, comments::random_token(18)}, store::Role::reader);
      if (made || made.error().message != "password_weak") break;
    }
    if (!made && made.error().code != ErrorCode::invalid_input &&
        made.error().code != ErrorCode::conflict) {
      return std::move(made).error();  // the store failed
    }
    if (!made) {
      ++report_.readers_refused;
      return Refusal("rejected reader " + r.key + ": " + made.error().message);
    }
    ++report_.readers_created;
    readers_.emplace(r.key, std::move(*made));
    return Refusal();
  }

  // Plans `c` after its parent, or says why it cannot be posted.
  Result<Refusal> plan(const DemoComment& c) {
    if (!readers_.contains(c.reader)) return Refusal("reader " + c.reader + " has no account");
    auto article = DEPECHE_TRY(find(c.article));
    if (!article || article->status != store::ArticleStatus::published) {
      return Refusal("article " + c.article + " is not on show");
    }
    clock_.set(now_);
    if (!DEPECHE_TRY(comments_.is_open(*article))) {
      return Refusal("the thread of " + c.article + " is closed");
    }
    Timestamp at = article->published_at + c.after;
    if (!c.reply_to.empty()) {
      auto parent = planned_at_.find(c.reply_to);
      if (parent == planned_at_.end()) return Refusal("it answers " + c.reply_to + ", refused");
      at = std::max(at, parent->second + std::chrono::minutes(1));
    }
    // Never in the future, never once the thread has closed.
    Timestamp latest = now_ - std::chrono::minutes(1);
    if (auto close_after = comments_.rules().close_after; close_after.count() > 0) {
      latest = std::min(latest, article->published_at + close_after - std::chrono::minutes(1));
    }
    at = std::max(std::min(at, latest), article->published_at);
    planned_at_[c.id] = at;
    plan_.push_back({&c, article->id, at});
    return Refusal();
  }

  // Posts what was planned, oldest first, as readers would have: a reply is
  // never earlier than its parent, and stays after it on equal times.
  Status post_all(const std::function<void(const std::string&)>& refusal) {
    std::stable_sort(plan_.begin(), plan_.end(),
                     [](const Planned& a, const Planned& b) { return a.at < b.at; });
    for (const auto& p : plan_) {
      if (auto why = DEPECHE_TRY(post(p))) {
        ++report_.refused;
        refusal("rejected comment " + p.comment->id + ": " + *why);
      }
    }
    return {};
  }

  SeedReport& report() { return report_; }

 private:
  Result<std::optional<store::Article>> find(const std::string& guid) {
    auto it = articles_.find(guid);
    if (it == articles_.end()) {
      it = articles_.emplace(guid, DEPECHE_TRY(article_by_guid(store_.articles(), guid))).first;
    }
    return it->second;
  }

  // Posts one planned comment unless an earlier run did.
  Result<Refusal> post(const Planned& p) {
    const DemoComment& c = *p.comment;
    const store::User& author = readers_.at(c.reader);
    std::optional<std::int64_t> parent;
    if (!c.reply_to.empty()) {
      auto it = stored_.find(c.reply_to);
      if (it == stored_.end()) return Refusal("it answers " + c.reply_to + ", not posted");
      parent = it->second;
    }
    if (auto before = DEPECHE_TRY(posted_before(p, author))) {
      ++report_.already;
      stored_[c.id] = *before;
      return Refusal();
    }
    clock_.set(p.at);
    auto posted = comments_.post(author, p.article_id, parent, c.text, kDemoAddress);
    if (!posted) return Refusal(posted.error().message);
    stored_[c.id] = posted->id;
    ++(posted->status == store::CommentStatus::published ? report_.added : report_.held);
    return Refusal();
  }

  // The id of the same comment by the same reader, posted by an earlier run.
  Result<std::optional<std::int64_t>> posted_before(const Planned& p, const store::User& author) {
    std::string body = comments::normalize_comment(p.comment->text);
    // A demo reader writes a handful of comments: theirs are read, not the
    // article's whole thread.
    for (const auto& c : DEPECHE_TRY(store_.comments().by_author(author.id))) {
      if (c.article_id == p.article_id && c.status != store::CommentStatus::deleted &&
          c.body == body) {
        return std::optional<std::int64_t>(c.id);
      }
    }
    return std::optional<std::int64_t>();
  }

  store::Store& store_;
  Timestamp now_;
  FixedClock clock_;
  comments::Accounts accounts_;
  comments::RateLimiter limiter_;
  comments::Comments comments_;
  SeedReport report_;
  std::map<std::string, store::User> readers_;                     // by key
  std::map<std::string, std::optional<store::Article>> articles_;  // by guid
  std::map<std::string, Timestamp> planned_at_;                    // by comment id
  std::map<std::string, std::int64_t> stored_;                     // comment id -> stored id
  std::vector<Planned> plan_;
};

}  // namespace

Result<SeedReport> seed_comments(store::Store& store, Timestamp now,
                                 const comments::CommentRules& rules, const DemoComments& demo,
                                 const std::function<void(const std::string&)>& refusal) {
  Seeder seeder(store, now, rules);
  for (const auto& r : demo.readers) {
    if (auto why = DEPECHE_TRY(seeder.ensure_reader(r))) refusal(*why);
  }
  for (const auto& c : demo.comments) {
    if (auto why = DEPECHE_TRY(seeder.plan(c))) {
      ++seeder.report().refused;
      refusal("rejected comment " + c.id + ": " + *why);
    }
  }
  DEPECHE_TRY(seeder.post_all(refusal));
  return seeder.report();
}

}  // namespace depeche::app
