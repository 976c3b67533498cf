// The rules of comments, reports and moderation, on every store backend.

#include "comments/comments.h"

#include <gtest/gtest.h>

#include "comments/accounts.h"
#include "comments/moderation.h"
#include "core/time.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::comments {
namespace {

using store::CommentStatus;
using namespace std::chrono_literals;

// A page of a thread as one list: each top-level comment, then its replies.
std::vector<store::Comment> flat(const Thread& t) {
  std::vector<store::Comment> out;
  for (const auto& item : t.items) {
    out.push_back(item.comment);
    out.insert(out.end(), item.replies.begin(), item.replies.end());
  }
  return out;
}

class CommentsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override { open({}); }
  void open(CommentRules rules) {
    comments_.reset();
    if (!store_) {
      auto s = GetParam().open(dir_.path(), clock_);
      ASSERT_TRUE(s.ok()) << s.error().message;
      store_ = std::move(s).value();
      accounts_ = std::make_unique<Accounts>(store_->users(), clock_, kTestCost);
      moderation_ = std::make_unique<Moderation>(*store_, clock_);
      auto tx = store_->articles().begin();
      auto d = testing::sample_dispatch("urn:a", 1, "Un article", "2026-11-28T08:00:00Z");
      article_ = *(*tx)->insert(d, "un-article", store::ArticleStatus::published);
      ASSERT_TRUE((*tx)->commit().ok());
    }
    limiter_ = std::make_unique<RateLimiter>(clock_);
    comments_ = std::make_unique<Comments>(*store_, clock_, *limiter_, std::move(rules));
  }
  store::User user(const std::string& name, store::Role role = store::Role::reader) {
    auto u = accounts_->create({name + "@example.org", name, "correct horse battery"}, role);
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
    return *u;
  }
  store::Comment post(const store::User& u, const std::string& text,
                      std::optional<std::int64_t> parent = std::nullopt) {
    auto c = comments_->post(u, article_, parent, text, "192.0.2." + std::to_string(u.id));
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c.ok() ? *c : store::Comment{};
  }
  std::string refusal(const store::User& u, const std::string& text) {
    auto c = comments_->post(u, article_, std::nullopt, text, "192.0.2.250");
    return c.ok() ? "posted" : c.error().message;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-28T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<Comments> comments_;
  std::unique_ptr<Moderation> moderation_;
  std::int64_t article_ = 0;
};

TEST_P(CommentsTest, ACommentIsPublishedAndCountedWithRepliesUnderIt) {
  auto alice = user("Alice"), bob = user("Bob");
  auto first = post(alice, "Premier !\r\n\r\n\r\nDeuxième paragraphe.  ");
  EXPECT_EQ(first.status, CommentStatus::published);
  EXPECT_EQ(first.body, "Premier !\n\nDeuxième paragraphe.");
  EXPECT_EQ(first.author_name, "Alice");
  clock_.advance(60s);
  auto second = post(bob, "Un autre avis.");
  clock_.advance(60s);
  auto reply = post(bob, "Je réponds.", first.id);
  auto reply_to_reply = post(alice, "Et moi aussi.", reply.id);
  EXPECT_EQ(reply_to_reply.parent_id, first.id) << "one level of replies";
  auto t = comments_->thread(article_, std::nullopt);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->published, 4);
  auto oldest = flat(*t);
  ASSERT_EQ(oldest.size(), 4u);
  EXPECT_EQ(oldest[0].id, first.id);
  EXPECT_EQ(oldest[1].id, reply.id);
  EXPECT_EQ(oldest[2].id, reply_to_reply.id);
  EXPECT_EQ(oldest[3].id, second.id);
  auto newest = flat(*comments_->thread(article_, std::nullopt, {store::ThreadOrder::newest_first}));
  ASSERT_EQ(newest.size(), 4u);
  EXPECT_EQ(newest[0].id, second.id);
  EXPECT_EQ(newest[1].id, first.id);  // replies stay under their parent
  EXPECT_EQ(newest[2].id, reply.id);
}

TEST_P(CommentsTest, EmptyTooLongAndBannedWordsAreRefused) {
  CommentRules rules;
  rules.banned_words = {"saperlipopette"};
  rules.suspect_words = {"arnaq*"};
  open(rules);
  auto alice = user("Alice");
  EXPECT_EQ(refusal(alice, "  \n\t "), "empty");
  EXPECT_EQ(refusal(alice, std::string(kMaxCommentChars + 1, 'a')), "too_long");
  EXPECT_EQ(refusal(alice, "Quel SAPERLIPOPETTE !"), "banned_words");
  auto held = post(alice, "C'est une arnaque.");
  EXPECT_EQ(held.status, CommentStatus::pending);
  EXPECT_EQ(held.reason, "suspect_words");
  auto links = post(alice, "https://a.example https://b.example https://c.example");
  EXPECT_EQ(links.status, CommentStatus::pending);
  EXPECT_EQ(links.reason, "links");
  // The author sees their held comments; other readers do not.
  auto bob = user("Bob");
  EXPECT_EQ(flat(*comments_->thread(article_, alice)).size(),
            2u);
  EXPECT_TRUE(flat(*comments_->thread(article_, bob)).empty());
}

TEST_P(CommentsTest, PreModerationHoldsNewReadersUntilTheyAreTrusted) {
  CommentRules rules;
  rules.premoderation = PreModeration::new_readers;
  rules.trusted_after = 1;
  open(rules);
  auto alice = user("Alice"), mod = user("Modo", store::Role::moderator);
  auto first = post(alice, "Bonjour.");
  EXPECT_EQ(first.status, CommentStatus::pending);
  EXPECT_EQ(first.reason, "premoderation");
  ASSERT_TRUE(moderation_->approve(mod, first.id, "").ok());
  EXPECT_EQ(post(alice, "Me revoilà.").status, CommentStatus::published);
  rules.premoderation = PreModeration::everyone;
  open(rules);
  EXPECT_EQ(post(alice, "Encore.").status, CommentStatus::pending);
  EXPECT_EQ(post(mod, "Message de la modération.").status, CommentStatus::published);
}

TEST_P(CommentsTest, ThreadsCloseByAgeOrByAModerator) {
  auto alice = user("Alice"), mod = user("Modo", store::Role::moderator);
  ASSERT_TRUE(moderation_->set_closed(mod, article_, true, "hors de contrôle").ok());
  EXPECT_EQ(refusal(alice, "Bonjour."), "closed");
  ASSERT_TRUE(moderation_->set_closed(mod, article_, false, "").ok());
  EXPECT_EQ(refusal(alice, "Bonjour."), "posted");
  clock_.advance(std::chrono::duration_cast<std::chrono::seconds>(CommentRules{}.close_after));
  EXPECT_EQ(refusal(alice, "Toujours ouvert ?"), "posted")
      << "a moderator's reopening outranks the age rule";
  ASSERT_TRUE(moderation_->set_closed(mod, article_, true, "").ok());
  EXPECT_EQ(refusal(alice, "Trop tard ?"), "closed");
  EXPECT_FALSE(comments_->thread(article_, alice)->open);
}

// Issue 9, defect 7: reopening a thread closed by its age answered 200 and
// recorded the decision, but the thread stayed closed.
TEST_P(CommentsTest, ReopeningAThreadClosedByItsAgeReopensIt) {
  auto alice = user("Alice"), mod = user("Modo", store::Role::moderator);
  clock_.advance(std::chrono::duration_cast<std::chrono::seconds>(CommentRules{}.close_after));
  EXPECT_EQ(refusal(alice, "Trop tard ?"), "closed");
  ASSERT_TRUE(moderation_->set_closed(mod, article_, false, "débat utile").ok());
  EXPECT_TRUE(comments_->thread(article_, alice)->open);
  EXPECT_EQ(refusal(alice, "Merci d’avoir rouvert."), "posted");
}

TEST_P(CommentsTest, AuthorsEditWithinTheWindowAndDeleteTheirOwn) {
  auto alice = user("Alice"), bob = user("Bob");
  auto c = post(alice, "Fote de frappe.");
  auto edited = comments_->edit(alice, c.id, "Faute de frappe.");
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->body, "Faute de frappe.");
  EXPECT_TRUE(edited->edited_at.has_value());
  EXPECT_EQ(comments_->edit(bob, c.id, "Piraté").error().message, "not_author");
  clock_.advance(CommentRules{}.edit_window + 1s);
  EXPECT_EQ(comments_->edit(alice, c.id, "Trop tard").error().message, "edit_window");
  EXPECT_EQ(comments_->remove(bob, c.id).error().message, "not_author");
  ASSERT_TRUE(comments_->remove(alice, c.id).ok());
  auto gone = store_->comments().by_id(c.id);
  EXPECT_EQ((*gone)->status, CommentStatus::deleted);
  EXPECT_EQ((*gone)->body, "");
  EXPECT_EQ(comments_->thread(article_, std::nullopt)->published,
            0);
}

TEST_P(CommentsTest, PostingTooFastIsRateLimitedWithARetryDelay) {
  auto alice = user("Alice");
  for (int i = 0; i < kPostPerAccount.max_events; ++i) post(alice, "Message " + std::to_string(i));
  auto c = comments_->post(alice, article_, std::nullopt, "Un de trop", "192.0.2.1");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::rate_limited);
  EXPECT_GT(c.error().retry_after.count(), 0);
  clock_.advance(kPostPerAccount.window);
  EXPECT_TRUE(comments_->post(alice, article_, std::nullopt, "Enfin", "192.0.2.1").ok());
}

TEST_P(CommentsTest, WeightedReportsHideACommentUntilAModeratorApprovesIt) {
  auto author = user("Auteur"), mod = user("Modo", store::Role::moderator);
  auto c = post(author, "Un avis tranché.");
  std::vector<store::User> readers;
  for (int i = 0; i < 3; ++i) readers.push_back(user("Lecteur" + std::to_string(i)));
  EXPECT_EQ(comments_->report(author, c.id, "spam", "", "", "a").error().message, "own_comment");
  EXPECT_EQ(comments_->report(readers[0], c.id, "vexant", "", "", "a").error().message,
            "reason_unknown");
  EXPECT_EQ(comments_->report(readers[0], c.id, "illegal", "", "", "a").error().message,
            "law_required");
  ASSERT_TRUE(comments_->report(readers[0], c.id, "spam", "", "Publicité.", "a").ok());
  EXPECT_EQ(comments_->report(readers[0], c.id, "spam", "", "", "a").error().message,
            "already_reported");
  ASSERT_TRUE(comments_->report(readers[1], c.id, "spam", "", "", "b").ok());
  EXPECT_EQ((*store_->comments().by_id(c.id))->status, CommentStatus::published);
  auto hidden = comments_->report(readers[2], c.id, "spam", "", "", "c");  // weight 3 = threshold
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(hidden->status, CommentStatus::hidden);
  EXPECT_EQ(comments_->thread(article_, std::nullopt)->published,
            0);

  auto q = moderation_->queues(mod);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->reported.size(), 1u);
  EXPECT_EQ(q->reported[0].reports.size(), 3u);
  EXPECT_EQ(q->reported[0].reports[0].text, "Publicité.");
  ASSERT_TRUE(moderation_->approve(mod, c.id, "Un avis, pas du spam.").ok());
  EXPECT_EQ((*store_->comments().by_id(c.id))->status, CommentStatus::published);
  // The reporters were wrong: their next reports weigh less.
  auto record = store_->comments().reporter(readers[0].id);
  EXPECT_EQ(record->dismissed, 1);
  EXPECT_LT(reporter_weight(*record), 1.0);
  EXPECT_TRUE(moderation_->queues(mod)->reported.empty());
  EXPECT_EQ(moderation_->queues(mod)->recent.front().action, "approve");
  EXPECT_EQ(moderation_->queues(mod)->recent.front().moderator_name, "Modo");
}

TEST_P(CommentsTest, AccurateReportersWeighMore) {
  EXPECT_DOUBLE_EQ(reporter_weight({0, 0}), 1.0);
  EXPECT_GT(reporter_weight({5, 0}), 1.5);
  EXPECT_LT(reporter_weight({0, 5}), 0.5);
  EXPECT_GT(reporter_weight({9, 1}), reporter_weight({1, 1}));
}

TEST_P(CommentsTest, RejectionGivesItsAuthorTheReasonAndReadersNothing) {
  auto author = user("Auteur"), mod = user("Modo", store::Role::moderator), bob = user("Bob");
  auto c = post(author, "Hors sujet complet.");
  EXPECT_EQ(moderation_->reject(mod, c.id, "   ").error().code, ErrorCode::invalid_input);
  EXPECT_EQ(moderation_->reject(bob, c.id, "Non.").error().code, ErrorCode::forbidden);
  ASSERT_TRUE(moderation_->reject(mod, c.id, "Sans rapport avec l'article.").ok());
  auto mine = flat(*comments_->thread(article_, author));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].status, CommentStatus::rejected);
  EXPECT_EQ(mine[0].reason, "Sans rapport avec l'article.");
  EXPECT_TRUE(flat(*comments_->thread(article_, bob)).empty());
  auto history = moderation_->history(mod, author.id);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].action, "reject");
}

TEST_P(CommentsTest, BansAndSuspensionsStopPostingUntilTheyEnd) {
  auto alice = user("Alice"), mod = user("Modo", store::Role::moderator);
  ASSERT_TRUE(moderation_->ban(mod, alice.id, std::chrono::hours(24), "Insultes répétées").ok());
  EXPECT_EQ(refusal(alice, "Je suis de retour."), "banned");
  clock_.advance(std::chrono::hours(24) + 1s);
  EXPECT_EQ(refusal(alice, "Je suis de retour."), "posted");
  ASSERT_TRUE(moderation_->ban(mod, alice.id, std::nullopt, "Définitif").ok());
  clock_.advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(refusal(alice, "Toujours là ?"), "banned");
  ASSERT_TRUE(moderation_->unban(mod, alice.id, "Appel accepté").ok());
  EXPECT_NE(refusal(alice, "Merci."), "banned");
  auto history = moderation_->history(mod, alice.id);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].action, "unban");
  EXPECT_EQ((*history)[2].action, "suspend");
}

TEST_P(CommentsTest, DeletedAccountsLeaveAnonymousComments) {
  auto alice = user("Alice");
  auto c = post(alice, "Je pars.");
  ASSERT_TRUE(store_->users().remove(alice.id).ok());
  auto kept = store_->comments().by_id(c.id);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_FALSE((*kept)->author_id.has_value());
  EXPECT_EQ((*kept)->author_name, "");
  EXPECT_EQ((*kept)->body, "Je pars.");
}

TEST_P(CommentsTest, AReadersLatestCommentsComeNewestFirstWithTheirArticleAndWithoutDeletedOnes) {
  store::User alice = user("Alice");
  store::User mod = user("Modo", store::Role::moderator);
  auto first = post(alice, "Premier avis.");
  clock_.advance(1min);
  auto gone = post(alice, "Avis retiré par son autrice.");
  clock_.advance(1min);
  auto refused = post(alice, "Avis refusé.");
  ASSERT_TRUE(comments_->remove(alice, gone.id).ok());
  ASSERT_TRUE(moderation_->reject(mod, refused.id, "Hors sujet.").ok());
  post(user("Bob"), "L’avis de quelqu’un d’autre.");

  auto mine = comments_->latest_of(alice, 10);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].comment.id, refused.id);
  EXPECT_EQ((*mine)[0].comment.status, CommentStatus::rejected);
  EXPECT_EQ((*mine)[0].comment.reason, "Hors sujet.");
  EXPECT_EQ((*mine)[1].comment.id, first.id);
  ASSERT_TRUE((*mine)[1].article.has_value());
  EXPECT_EQ((*mine)[1].article->slug, "un-article");
  auto one = comments_->latest_of(alice, 1);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].comment.id, refused.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommentsTest, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche::comments
