// Long comment threads through a real server (issue 11): the article page
// shows one page of the thread with a link to the next, in either order;
// the API pages with a cursor; every comment shows exactly once.

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "support/dispatches.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using namespace std::chrono_literals;
using depeche::testing::http_get;
using Json = nlohmann::json;

// The comments a page shows, in the order it shows them.
std::vector<std::int64_t> shown_ids(const std::string& html) {
  static const std::regex li(R"re(id="commentaire-(\d+)")re");
  std::vector<std::int64_t> ids;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), li); it != std::sregex_iterator();
       ++it) {
    ids.push_back(std::stoll((*it)[1].str()));
  }
  return ids;
}

// The "Commentaires suivants" link of a page, as a path to request; "" when none.
std::string next_link(const std::string& html) {
  static const std::regex next(R"re(<a href="([^"#]+)#commentaires" rel="next">)re");
  std::smatch m;
  if (!std::regex_search(html, m, next)) return {};
  std::string href = m[1].str();
  for (auto at = href.find("&amp;"); at != std::string::npos; at = href.find("&amp;")) {
    href.replace(at, 5, "&");
  }
  return href;
}

class CommentThreadsSiteTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    article_ = publish(depeche::testing::sample_dispatch("fil", 1, "Le port de Brest"));
    path_ = "/articles/" + std::to_string(article_) + "-le-port-de-brest";
    auto u = accounts_->create({"alice@example.org", "Alice", "correct horse battery"},
                               store::Role::reader);
    ASSERT_TRUE(u.ok());
    alice_ = u->id;
  }
  std::int64_t add(std::optional<std::int64_t> parent = std::nullopt) {
    clock_.advance(1s);
    store::NewComment c{article_, parent,      alice_, "Un avis", store::CommentStatus::published,
                        "",       clock_.now()};
    auto id = store_->comments().add(c);
    EXPECT_TRUE(id.ok());
    return *id;
  }
  // Follows "Commentaires suivants" from `first` to the end.
  std::vector<std::string> walk_pages(const std::string& first) {
    std::vector<std::string> pages;
    for (std::string at = first; !at.empty() && pages.size() < 100; at = next_link(pages.back())) {
      auto r = http_get(port(), at);
      EXPECT_EQ(r.status, 200u) << at;
      pages.push_back(r.body);
    }
    return pages;
  }

  std::int64_t article_ = 0, alice_ = 0;
  std::string path_;
};

TEST_F(CommentThreadsSiteTest, ALongThreadIsPagedOnTheArticlePageWithEveryCommentOnce) {
  std::vector<std::int64_t> tops;
  for (int i = 0; i < 2 * store::kThreadPageSize + 20; ++i) tops.push_back(add());
  auto reply = add(tops[0]);
  for (bool newest : {false, true}) {
    SCOPED_TRACE(newest ? "newest first" : "oldest first");
    auto pages = walk_pages(path_ + (newest ? "?tri=recents" : ""));
    ASSERT_EQ(pages.size(), 3u);
    std::vector<std::int64_t> seen;
    for (const auto& html : pages) {
      // The heading counts the whole thread on every page.
      EXPECT_NE(html.find("<h2 id=\"comments-title\">121 commentaires</h2>"), std::string::npos);
      auto ids = shown_ids(html);
      seen.insert(seen.end(), ids.begin(), ids.end());
    }
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), seen.size());
    EXPECT_EQ(seen.size(), tops.size() + 1);
    EXPECT_EQ(seen.front(), newest ? tops.back() : tops.front());
    EXPECT_EQ(shown_ids(pages[0]).size(), store::kThreadPageSize + (newest ? 0u : 1u));
    EXPECT_EQ(pages[0].find("Revenir aux premiers commentaires"), std::string::npos);
    EXPECT_NE(pages[2].find("Revenir aux premiers commentaires"), std::string::npos);
    EXPECT_EQ(next_link(pages[2]), "");
    if (newest) {
      EXPECT_NE(next_link(pages[0]).find("tri=recents&commentaires="), std::string::npos);
    }
  }
  // The reply sits right under its parent.
  auto first = shown_ids(http_get(port(), path_).body);
  ASSERT_GE(first.size(), 2u);
  EXPECT_EQ(first[1], reply);
}

TEST_F(CommentThreadsSiteTest, AMalformedCursorOnThePageShowsTheFirstPage) {
  for (int i = 0; i < store::kThreadPageSize + 5; ++i) add();
  auto first = http_get(port(), path_);
  for (const char* bad : {"zzz", "1.2.3", "%27%20OR%201%3D1", ""}) {
    auto r = http_get(port(), path_ + "?commentaires=" + bad);
    EXPECT_EQ(r.status, 200u) << bad;
    EXPECT_EQ(shown_ids(r.body), shown_ids(first.body)) << bad;
  }
}

TEST_F(CommentThreadsSiteTest, AfterPostingTheReaderLandsOnThePageThatShowsTheirComment) {
  for (int i = 0; i < 2 * store::kThreadPageSize; ++i) add();
  auto in = post_form("/connexion", "email=alice%40example.org&password=correct+horse+battery");
  std::string session = cookie_value(in, "session");
  auto posted = post_form("/articles/" + std::to_string(article_) + "/commentaires",
                          "texte=Tout+en+bas+du+fil", {}, session);
  ASSERT_EQ(posted.status, 303u) << posted.body.substr(0, 300);
  std::string location = posted.header("Location");
  auto id = std::stoll(location.substr(location.find("#commentaire-") + 13));
  auto first = shown_ids(http_get(port(), path_).body);
  EXPECT_EQ(std::find(first.begin(), first.end(), id), first.end()) << "not on the first page";
  auto landed = http_get(port(), location.substr(0, location.find('#')));
  ASSERT_EQ(landed.status, 200u);
  auto ids = shown_ids(landed.body);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), id);
}

TEST_F(CommentThreadsSiteTest, RepliesBeyondTheBoundAreCountedAndReachableUnderTheirComment) {
  auto top = add();
  std::vector<std::int64_t> replies;
  for (int i = 0; i < store::kRepliesPerComment + 5; ++i) replies.push_back(add(top));
  auto html = http_get(port(), path_).body;
  EXPECT_EQ(shown_ids(html).size(), 1u + store::kRepliesPerComment);
  static const std::regex more(
      R"re(<a href="([^"#]+)#commentaire-\d+">Voir les 5 autres réponses</a>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, more)) << "a link to the other replies";
  std::string href = m[1].str();
  for (auto at = href.find("&amp;"); at != std::string::npos; at = href.find("&amp;")) {
    href.replace(at, 5, "&");
  }
  // The link shows the comment and the replies after the last one shown.
  auto rest = http_get(port(), href);
  ASSERT_EQ(rest.status, 200u);
  std::vector<std::int64_t> expected{top};
  expected.insert(expected.end(), replies.end() - 5, replies.end());
  EXPECT_EQ(shown_ids(rest.body), expected);
  EXPECT_EQ(next_link(rest.body), "");
  EXPECT_NE(rest.body.find("Revenir aux premiers commentaires"), std::string::npos);

  std::string api = "/api/v1/articles/" + std::to_string(article_) + "/comments";
  auto first = Json::parse(http_get(port(), api).body);
  EXPECT_EQ(first["items"][0]["more_replies"], 5);
  EXPECT_EQ(first["total"], 1 + store::kRepliesPerComment + 5);
  // The API pages one comment's replies with ?parent=.
  std::vector<std::int64_t> listed;
  std::string cursor;
  do {
    auto page = Json::parse(http_get(port(), api + "?parent=" + std::to_string(top) + "&limit=7" +
                                                 (cursor.empty() ? "" : "&cursor=" + cursor))
                                .body);
    for (const auto& c : page["items"]) {
      EXPECT_EQ(c["parent_id"], top);
      listed.push_back(c["id"].get<std::int64_t>());
    }
    cursor = page["next"].is_string() ? page["next"].get<std::string>() : "";
  } while (!cursor.empty() && listed.size() < 100);
  EXPECT_EQ(listed, replies);
}

TEST_F(CommentThreadsSiteTest, TheApiPagesAThreadWithItsCursorAndRepliesAfterTheirParent) {
  std::vector<std::int64_t> tops;
  for (int i = 0; i < 100; ++i) tops.push_back(add());
  for (int i = 0; i < 100; i += 9) add(tops[static_cast<std::size_t>(i)]);
  std::string base = "/api/v1/articles/" + std::to_string(article_) + "/comments?limit=40";
  for (const char* order : {"oldest", "newest"}) {
    SCOPED_TRACE(order);
    std::set<std::int64_t> seen;
    std::vector<std::int64_t> top_order;
    std::string cursor;
    int pages = 0;
    do {
      auto r =
          http_get(port(), base + "&order=" + order + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(r.status, 200u) << r.body;
      auto body = Json::parse(r.body);
      EXPECT_EQ(body["total"], 112);
      std::int64_t parent = 0;
      for (const auto& c : body["items"]) {
        auto id = c["id"].get<std::int64_t>();
        EXPECT_TRUE(seen.insert(id).second) << id << " listed twice";
        if (c["parent_id"].is_null()) {
          parent = id;
          top_order.push_back(id);
        } else {
          EXPECT_EQ(c["parent_id"], parent) << "a reply comes right after its parent";
        }
      }
      cursor = body["next"].is_string() ? body["next"].get<std::string>() : "";
      ++pages;
    } while (!cursor.empty() && pages < 10);
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen.size(), 112u);
    EXPECT_EQ(top_order.front(), std::string(order) == "oldest" ? tops.front() : tops.back());
  }
  std::string comments = "/api/v1/articles/" + std::to_string(article_) + "/comments";
  for (auto [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?cursor=zzz", "cursor"},
                                                        {"?cursor=1.2.3", "cursor"},
                                                        {"?limit=0", "limit"},
                                                        {"?limit=201", "limit"},
                                                        {"?limit=dix", "limit"},
                                                        {"?order=sideways", "order"},
                                                        {"?parent=abc", "parent"}}) {
    auto r = http_get(port(), comments + query);
    EXPECT_EQ(r.status, 400u) << query;
    EXPECT_EQ(Json::parse(r.body)["error"]["field"], field) << query;
  }
}

}  // namespace
}  // namespace depeche::web
