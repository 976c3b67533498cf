// Comments, reports and moderation through the HTTP surface of a real
// server: the forms a reader and a moderator use, and the JSON API.

#include <gtest/gtest.h>

#include "support/dispatches.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using namespace std::chrono_literals;
using depeche::testing::http_get;
using Json = nlohmann::json;

class CommentsSiteTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    article_ = publish(depeche::testing::sample_dispatch("c", 1, "Le port de Brest"));
    path_ = "/articles/" + std::to_string(article_) + "-le-port-de-brest";
  }
  // Signs up a reader (or makes a moderator) and returns their session token.
  std::string reader(const std::string& name, store::Role role = store::Role::reader) {
    EXPECT_TRUE(
        accounts_->create({name + "@example.org", name, "correct horse battery"}, role).ok());
    auto in =
        post_form("/connexion", "email=" + name + "%40example.org&password=correct+horse+battery");
    return cookie_value(in, "session");
  }
  testing::HttpResult comment(const std::string& session, const std::string& text_encoded,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
    return post_form("/articles/" + std::to_string(article_) + "/commentaires",
                     "texte=" + text_encoded, std::move(headers), session);
  }
  testing::HttpResult page(const std::string& session = {}) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!session.empty()) h.emplace_back("Cookie", "session=" + session);
    return http_get(port(), path_, h);
  }
  std::int64_t last_comment_id() {
    auto all = store_->comments().with_status(store::CommentStatus::published, 1);
    if (!all->empty()) return all->front().id;
    auto pending = store_->comments().with_status(store::CommentStatus::pending, 1);
    return pending->empty() ? 0 : pending->front().id;
  }

  std::int64_t article_ = 0;
  std::string path_;
};

TEST_F(CommentsSiteTest, ReportedCommentIsHiddenAtTheThresholdAndBackWhenAModeratorApproves) {
  std::string alice = reader("Alice");
  auto posted = comment(alice, "Premier+avis+sur+le+port.");
  ASSERT_EQ(posted.status, 303u) << posted.body.substr(0, 500);
  std::int64_t id = last_comment_id();
  // Back to the page of the thread that starts with it.
  auto stored = store_->comments().by_id(id)->value();
  EXPECT_EQ(posted.header("Location"),
            path_ + "?commentaire=publie&commentaires=" +
                store::to_string(store::cursor_before(stored, store::ThreadOrder::oldest_first)) +
                "#commentaire-" + std::to_string(id));
  auto shown = page();
  EXPECT_NE(shown.body.find("<h2 id=\"comments-title\">1 commentaire</h2>"), std::string::npos);
  EXPECT_NE(shown.body.find("Premier avis sur le port."), std::string::npos);
  EXPECT_NE(shown.body.find(">24\u00A0novembre 11:00</time>" /* 10:00 UTC, Paris time */),
            std::string::npos);
  EXPECT_NE(shown.body.find(">Alice</span>"), std::string::npos);

  // Three readers report it as spam: the third reaches the threshold.
  for (const char* name : {"Bruno", "Chloe", "Driss"}) {
    std::string s = reader(name);
    auto form = http_get(port(), "/commentaires/" + std::to_string(id) + "/signaler",
                         {{"Cookie", "session=" + s}});
    EXPECT_EQ(form.status, 200u);
    EXPECT_NE(form.body.find("Insultes ou harcèlement"), std::string::npos);
    auto r = post_form("/commentaires/" + std::to_string(id) + "/signalements",
                       "motif=spam&precisions=Publicit%C3%A9", {}, s);
    EXPECT_EQ(r.status, 303u) << r.body.substr(0, 300);
  }
  auto hidden = page();
  EXPECT_NE(hidden.body.find("aucun commentaire"), std::string::npos);
  EXPECT_EQ(hidden.body.find("Premier avis sur le port."), std::string::npos);
  auto author_view = page(alice);
  EXPECT_NE(author_view.body.find("Masqué après des signalements"), std::string::npos);

  std::string mod = reader("Modo", store::Role::moderator);
  auto queue = http_get(port(), "/moderation", {{"Cookie", "session=" + mod}});
  ASSERT_EQ(queue.status, 200u);
  EXPECT_NE(queue.body.find("Signalés (1)"), std::string::npos);
  EXPECT_NE(queue.body.find("Spam ou publicité"), std::string::npos);
  EXPECT_NE(queue.body.find("Publicité"), std::string::npos);
  auto approve = post_form("/moderation/commentaires/" + std::to_string(id),
                           "decision=approve&motif=", {}, mod);
  EXPECT_EQ(approve.status, 303u);
  auto back = page();
  EXPECT_NE(back.body.find("1 commentaire"), std::string::npos);
  EXPECT_NE(back.body.find("Premier avis sur le port."), std::string::npos);
  auto decided = http_get(port(), "/moderation", {{"Cookie", "session=" + mod}});
  EXPECT_NE(decided.body.find("approuvé"), std::string::npos);
  EXPECT_NE(decided.body.find("masqué par les signalements"), std::string::npos);
}

// Issue 9, defect 3: reporting a hidden comment with Accept: application/json
// answered its text, including what its author wrote after it was hidden.
TEST_F(CommentsSiteTest, AHiddenCommentsTextReachesNoOtherReaderWhateverTheAnswer) {
  std::string alice = reader("Alice");
  ASSERT_EQ(comment(alice, "Premier+avis+sur+le+port.").status, 303u);
  std::int64_t id = last_comment_id();
  std::string report = "/commentaires/" + std::to_string(id) + "/signalements";
  for (const char* name : {"Bruno", "Chloe", "Driss"}) {
    ASSERT_EQ(post_form(report, "motif=hate", {}, reader(name)).status, 303u);
  }
  ASSERT_EQ(store_->comments().by_id(id)->value().status, store::CommentStatus::hidden);
  auto edited = post_form("/commentaires/" + std::to_string(id) + "/modifier",
                          "texte=Texte+secret+r%C3%A9crit", {}, alice);
  ASSERT_LT(edited.status, 400u) << edited.body.substr(0, 300);
  std::string eve = reader("Eve");
  auto answer = post_form(report, "motif=spam", {{"Accept", "application/json"}}, eve);
  for (const auto* text : {"Premier avis", "Texte secret"}) {
    EXPECT_EQ(answer.body.find(text), std::string::npos) << answer.body;
    EXPECT_EQ(page(eve).body.find(text), std::string::npos);
    auto listed = http_get(port(), "/api/v1/articles/" + std::to_string(article_) + "/comments",
                           {{"Cookie", "session=" + eve}});
    EXPECT_EQ(listed.body.find(text), std::string::npos) << listed.body;
  }
  // Its author and the moderators still read it.
  EXPECT_NE(page(alice).body.find("Texte secret"), std::string::npos);
  auto queue = http_get(port(), "/moderation", {{"Cookie", "session=" + reader("Modo", store::Role::moderator)}});
  EXPECT_NE(queue.body.find("Texte secret"), std::string::npos);
}

TEST_F(CommentsSiteTest, FormsWithoutTheCsrfTokenAre403AndPostNothing) {
  std::string alice = reader("Alice");
  auto r = testing::http_request(port(), bh::verb::post,
                                 "/articles/" + std::to_string(article_) + "/commentaires",
                                 "texte=Bonjour", {{"Cookie", "session=" + alice}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(*store_->comments().count_published(article_), 0);
  auto anonymous =
      post_form("/articles/" + std::to_string(article_) + "/commentaires", "texte=Bonjour");
  EXPECT_EQ(anonymous.status, 303u);
  EXPECT_TRUE(anonymous.header("Location").starts_with("/connexion?retour="));
}

TEST_F(CommentsSiteTest, ScriptsAndJavascriptLinksInCommentsRenderInert) {
  std::string alice = reader("Alice");
  ASSERT_EQ(comment(alice,
                    "%3Cscript%3Ealert(1)%3C%2Fscript%3E%0A%22%3E%3Cimg+src%3Dx+onerror%3D"
                    "alert(1)%3E%0Ajavascript%3Aalert(1)%0Ahttps%3A%2F%2Fexample.org%2Fa%3Fb%3D1")
                .status,
            303u);
  auto body = page().body;
  EXPECT_EQ(body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(body.find("<img src=x"), std::string::npos);
  EXPECT_EQ(body.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(body.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(body.find("<a href=\"https://example.org/a?b=1\" rel=\"nofollow ugc noopener\">"),
            std::string::npos);
}

TEST_F(CommentsSiteTest, BannedWordsAreRefusedWithTheDraftKeptAndSuspectWordsHeld) {
  std::string alice = reader("Alice");
  auto refused = comment(alice, "Quel+saperlipopette+%21");
  EXPECT_EQ(refused.status, 400u);
  EXPECT_NE(refused.body.find("contient des mots refusés"), std::string::npos);
  EXPECT_NE(refused.body.find(">Quel saperlipopette !</textarea>"), std::string::npos);
  EXPECT_NE(refused.body.find("aria-invalid=\"true\">Quel saperlipopette !</textarea>"),
            std::string::npos);
  auto held = comment(alice, "Une+arnaque.");
  EXPECT_EQ(held.status, 303u);
  EXPECT_NE(held.header("Location").find("commentaire=attente"), std::string::npos);
  auto own = http_get(port(), held.header("Location").substr(0, held.header("Location").find('#')),
                      {{"Cookie", "session=" + alice}});
  EXPECT_NE(own.body.find("Votre commentaire sera publié après modération."), std::string::npos);
  EXPECT_NE(own.body.find("En attente de modération"), std::string::npos);
  EXPECT_EQ(page().body.find("Une arnaque."), std::string::npos);
}

TEST_F(CommentsSiteTest, PostingTooFastAnswers429WithRetryAfter) {
  std::string alice = reader("Alice");
  for (int i = 0; i < comments::kPostPerAccount.max_events; ++i) {
    ASSERT_EQ(comment(alice, "Message+" + std::to_string(i)).status, 303u);
  }
  auto r = comment(alice, "Encore");
  EXPECT_EQ(r.status, 429u);
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_NE(r.body.find("Réessayez dans"), std::string::npos);
  EXPECT_EQ(r.body.find("aria-invalid"), std::string::npos) << "the text is not at fault";
}

TEST_F(CommentsSiteTest, EditingWorksInsideTheWindowOnly) {
  std::string alice = reader("Alice");
  comment(alice, "Fote");
  std::int64_t id = last_comment_id();
  EXPECT_NE(page(alice).body.find("commentaires/" + std::to_string(id) + "/modifier"),
            std::string::npos);
  auto ok =
      post_form("/commentaires/" + std::to_string(id) + "/modifier", "texte=Faute", {}, alice);
  EXPECT_EQ(ok.status, 303u);
  EXPECT_NE(page().body.find("(modifié)"), std::string::npos);
  clock_.advance(16min);
  auto late =
      post_form("/commentaires/" + std::to_string(id) + "/modifier", "texte=Tard", {}, alice);
  EXPECT_EQ(late.status, 403u);
  EXPECT_NE(late.body.find("Le délai pour modifier ce commentaire est passé."), std::string::npos);
  std::string bob = reader("Bob");
  EXPECT_EQ(post_form("/commentaires/" + std::to_string(id) + "/supprimer", "", {}, bob).status,
            403u);
  EXPECT_EQ(post_form("/commentaires/" + std::to_string(id) + "/supprimer", "", {}, alice).status,
            303u);
  EXPECT_NE(page().body.find("aucun commentaire"), std::string::npos);
}

TEST_F(CommentsSiteTest, SuspendedReadersCannotPostAndModeratorsSeeTheHistory) {
  std::string alice = reader("Alice");
  std::string mod = reader("Modo", store::Role::moderator);
  auto alice_id = (*store_->users().by_email_key("alice@example.org"))->id;
  auto suspend = post_form("/moderation/utilisateurs/" + std::to_string(alice_id) + "/sanction",
                           "duree=24h&motif=Insultes+r%C3%A9p%C3%A9t%C3%A9es", {}, mod);
  EXPECT_EQ(suspend.status, 303u);
  auto r = comment(alice, "Je+reviens");
  EXPECT_EQ(r.status, 403u);
  EXPECT_NE(r.body.find("ne peut pas publier"), std::string::npos);
  auto history = http_get(port(), "/moderation/utilisateurs/" + std::to_string(alice_id),
                          {{"Cookie", "session=" + mod}});
  EXPECT_NE(history.body.find("Suspendu jusqu’au 25/11/2026"), std::string::npos);
  EXPECT_NE(history.body.find("Insultes répétées"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/moderation", {{"Cookie", "session=" + alice}}).status, 403u);
  auto reject_without_reason = post_form("/moderation/commentaires/1", "decision=reject", {}, mod);
  EXPECT_EQ(reject_without_reason.status, 400u);
}

TEST_F(CommentsSiteTest, ScriptsPostWithoutReloadAndGetTheCommentMarkup) {
  std::string alice = reader("Alice");
  auto r = comment(alice, "Depuis+le+script", {{"Accept", "application/json"}});
  EXPECT_EQ(r.status, 201u);
  auto body = Json::parse(r.body);
  EXPECT_EQ(body["comment"]["status"], "published");
  EXPECT_NE(body["html"].get<std::string>().find("Depuis le script"), std::string::npos);
  EXPECT_EQ(body["notice"], "published");
  auto refused = comment(alice, "", {{"Accept", "application/json"}});
  EXPECT_EQ(refused.status, 400u);
  EXPECT_EQ(Json::parse(refused.body)["error"]["code"], "empty");
}

TEST_F(CommentsSiteTest, ThePageOffersTheReportDialogAndAModeratorCanCloseTheThread) {
  std::string alice = reader("Alice"), bob = reader("Bob");
  comment(alice, "Un+avis");
  auto seen = page(bob);
  EXPECT_NE(seen.body.find("Signaler le commentaire"), std::string::npos);
  EXPECT_NE(seen.body.find("<dialog class=\"report-dialog\""), std::string::npos);
  EXPECT_NE(seen.body.find("class=\"dialog-close\">Fermer</button>"), std::string::npos);
  EXPECT_NE(seen.body.find("name=\"loi\""), std::string::npos);
  std::string mod = reader("Modo", store::Role::moderator);
  auto close = post_form("/moderation/articles/" + std::to_string(article_) + "/commentaires",
                         "etat=ferme", {}, mod);
  EXPECT_EQ(close.status, 303u);
  EXPECT_NE(page(bob).body.find("Les commentaires sont fermés pour cet article."),
            std::string::npos);
  EXPECT_EQ(comment(bob, "Trop+tard").status, 403u);
}

TEST_F(CommentsSiteTest, TheApiCoversPostingReportingAndModeration) {
  auto bearer = [](const std::string& s) {
    return std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + s}};
  };
  std::string alice = reader("Alice"), bob = reader("Bob");
  std::string mod = reader("Modo", store::Role::moderator);
  std::string base = "/api/v1/articles/" + std::to_string(article_) + "/comments";
  EXPECT_EQ(api(bh::verb::post, base, {{"body", "Sans compte"}}).status, 401u);
  auto posted = api(bh::verb::post, base, {{"body", "Par l'API"}}, bearer(alice));
  ASSERT_EQ(posted.status, 201u) << posted.body;
  auto id = Json::parse(posted.body)["id"].get<std::int64_t>();
  auto reply = api(bh::verb::post, base, {{"body", "Réponse"}, {"parent_id", id}}, bearer(bob));
  ASSERT_EQ(reply.status, 201u);
  auto list = Json::parse(http_get(port(), base + "?order=newest").body);
  EXPECT_EQ(list["total"], 2);
  EXPECT_TRUE(list["next"].is_null());
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][1]["body"], "Réponse");
  EXPECT_EQ(list["items"][1]["parent_id"], id);
  auto report =
      api(bh::verb::post, "/api/v1/comments/" + std::to_string(id) + "/reports",
          {{"reason", "illegal"}, {"law", "Loi de 1881"}, {"text", "Diffamation"}}, bearer(bob));
  EXPECT_EQ(report.status, 201u) << report.body;
  auto again = api(bh::verb::post, "/api/v1/comments/" + std::to_string(id) + "/reports",
                   {{"reason", "spam"}}, bearer(bob));
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(api(bh::verb::get, "/api/v1/moderation/queues", nullptr, bearer(bob)).status, 403u);
  auto queues =
      Json::parse(api(bh::verb::get, "/api/v1/moderation/queues", nullptr, bearer(mod)).body);
  ASSERT_EQ(queues["reported"].size(), 1u);
  EXPECT_EQ(queues["reported"][0]["reports"][0]["law"], "Loi de 1881");
  auto rejected =
      api(bh::verb::post, "/api/v1/moderation/comments/" + std::to_string(id) + "/decision",
          {{"decision", "reject"}, {"reason", "Propos diffamatoires"}}, bearer(mod));
  EXPECT_EQ(rejected.status, 200u) << rejected.body;
  auto mine = Json::parse(api(bh::verb::get, base, nullptr, bearer(alice)).body);
  bool found = false;
  for (const auto& c : mine["items"]) {
    if (c["id"] == id) {
      found = true;
      EXPECT_EQ(c["status"], "rejected");
      EXPECT_EQ(c["reason"], "Propos diffamatoires");  // the statement of reasons
    }
  }
  EXPECT_TRUE(found);
  auto alice_id = (*store_->users().by_email_key("alice@example.org"))->id;
  auto ban = api(bh::verb::put, "/api/v1/moderation/users/" + std::to_string(alice_id) + "/ban",
                 {{"hours", 48}, {"reason", "Récidive"}}, bearer(mod));
  EXPECT_EQ(ban.status, 200u);
  EXPECT_EQ(api(bh::verb::post, base, {{"body", "Encore"}}, bearer(alice)).status, 403u);
  auto history = Json::parse(
      api(bh::verb::get, "/api/v1/moderation/users/" + std::to_string(alice_id) + "/history",
          nullptr, bearer(mod))
          .body);
  EXPECT_EQ(history["decisions"][0]["action"], "suspend");
  EXPECT_EQ(history["decisions"][1]["action"], "reject");
  EXPECT_FALSE(history["ban"].is_null());
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(CommentsSiteTest, ReadersDownloadTheirCommentsAndDeleteTheirAccount) {
  std::string alice = reader("Alice");
  comment(alice, "Mon+avis");
  auto home = http_get(port(), "/compte", {{"Cookie", "session=" + alice}});
  EXPECT_EQ(home.status, 200u);
  EXPECT_NE(home.body.find("Télécharger mes commentaires"), std::string::npos);
  auto export_file =
      http_get(port(), "/compte/commentaires.json", {{"Cookie", "session=" + alice}});
  EXPECT_EQ(export_file.status, 200u);
  EXPECT_NE(export_file.header("Content-Disposition").find("attachment"), std::string::npos);
  auto data = nlohmann::json::parse(export_file.body);
  EXPECT_EQ(data["account"]["name"], "Alice");
  ASSERT_EQ(data["comments"].size(), 1u);
  EXPECT_EQ(data["comments"][0]["body"], "Mon avis");

  auto wrong = post_form("/compte/suppression", "password=pas+le+bon", {}, alice);
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_NE(wrong.body.find("Le mot de passe saisi n’est pas celui de votre compte."),
            std::string::npos);
  EXPECT_NE(wrong.body.find("aria-invalid=\"true\""), std::string::npos);
  auto gone = post_form("/compte/suppression", "password=correct+horse+battery", {}, alice);
  EXPECT_EQ(gone.status, 303u);
  EXPECT_NE(gone.all("Set-Cookie").find("session=; Path=/; Max-Age=0"), std::string::npos);
  // The session died with the account; the comment stays, without a name.
  EXPECT_EQ(http_get(port(), "/compte", {{"Cookie", "session=" + alice}}).status, 303u);
  auto after = page();
  EXPECT_NE(after.body.find("Mon avis"), std::string::npos);
  EXPECT_NE(after.body.find("Compte supprimé"), std::string::npos);
  EXPECT_EQ(after.body.find(">Alice</span>"), std::string::npos);

  std::string bob = reader("Bob");
  auto api_export =
      api(bh::verb::get, "/api/v1/me/comments", nullptr, {{"Authorization", "Bearer " + bob}});
  EXPECT_EQ(api_export.status, 200u);
  EXPECT_EQ(api(bh::verb::delete_, "/api/v1/me", {{"password", "correct horse battery"}},
                {{"Authorization", "Bearer " + bob}})
                .status,
            204u);
  EXPECT_EQ(api(bh::verb::get, "/api/v1/me", nullptr, {{"Authorization", "Bearer " + bob}}).status,
            401u);
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(CommentsSiteTest, MonCompteListsTheReadersLatestCommentsWithLinksToThem) {
  std::string alice = reader("Alice");
  ASSERT_EQ(comment(alice, "Mon+avis+sur+le+port").status, 303u);
  std::int64_t published = last_comment_id();
  ASSERT_EQ(comment(alice, "Un+second+avis").status, 303u);
  std::int64_t refused = last_comment_id();
  std::string mod = reader("Modo", store::Role::moderator);
  ASSERT_EQ(post_form("/moderation/commentaires/" + std::to_string(refused),
                      "decision=reject&motif=Hors+sujet", {}, mod)
                .status,
            303u);
  reader("Bob");

  auto home = http_get(port(), "/compte", {{"Cookie", "session=" + alice}});
  ASSERT_EQ(home.status, 200u);
  EXPECT_NE(home.body.find("<h2 id=\"profil-titre\">Profil</h2>"), std::string::npos);
  EXPECT_NE(home.body.find("<dd>Lecteur</dd>"), std::string::npos);
  EXPECT_NE(home.body.find(">24\u00A0novembre 2026</time>"), std::string::npos);
  // Each comment links to itself on its article page, newest first.
  auto link = [&](std::int64_t id) {
    return "<a href=\"" + path_ + "#commentaire-" + std::to_string(id) +
           "\">Sur «\u202fLe port de Brest\u202f»</a>";
  };
  auto newest = home.body.find(link(refused));
  auto oldest = home.body.find(link(published));
  ASSERT_NE(newest, std::string::npos) << home.body;
  ASSERT_NE(oldest, std::string::npos);
  EXPECT_LT(newest, oldest);
  EXPECT_NE(home.body.find("Mon avis sur le port"), std::string::npos);
  EXPECT_NE(home.body.find("state-published\">publié<"), std::string::npos);
  EXPECT_NE(home.body.find("state-rejected\">refusé (motif\u00a0: Hors sujet)<"),
            std::string::npos);
  // The page it links to has the comment under that id.
  EXPECT_NE(page(alice).body.find("id=\"commentaire-" + std::to_string(published) + "\""),
            std::string::npos);
  EXPECT_EQ(http_get(port(), "/compte", {{"Cookie", "session=" + reader("Chloe")}})
                .body.find("Mon avis sur le port"),
            std::string::npos);
}

TEST_F(CommentsSiteTest, ApproveAndRejectAreDistinctButtonsAndSanctionsLookDestructive) {
  std::string alice = reader("Alice");
  ASSERT_LT(comment(alice, "Une+arnaque+%C3%A0+signaler").status, 400u);
  std::string mod = reader("Modo", store::Role::moderator);
  auto queue = http_get(port(), "/moderation", {{"Cookie", "session=" + mod}});
  ASSERT_EQ(queue.status, 200u);
  EXPECT_NE(queue.body.find("En attente (1)"), std::string::npos);
  EXPECT_NE(queue.body.find("value=\"approve\" class=\"button button-primary decision-approve\">"
                            "Approuver</button>"),
            std::string::npos);
  EXPECT_NE(queue.body.find("value=\"reject\" class=\"button button-danger decision-reject\">"
                            "Refuser</button>"),
            std::string::npos);
  auto alice_id = (*store_->users().by_email_key("alice@example.org"))->id;
  std::string user_page = "/moderation/utilisateurs/" + std::to_string(alice_id);
  auto before = http_get(port(), user_page, {{"Cookie", "session=" + mod}});
  EXPECT_NE(before.body.find("class=\"button button-danger sanction-apply\""), std::string::npos);
  ASSERT_EQ(post_form(user_page + "/sanction", "duree=24h&motif=Arnaques", {}, mod).status, 303u);
  auto after = http_get(port(), user_page, {{"Cookie", "session=" + mod}});
  EXPECT_NE(after.body.find("class=\"button button-secondary sanction-lift\""), std::string::npos);
  EXPECT_NE(after.body.find("class=\"feeds stack-table\""), std::string::npos);
  EXPECT_NE(after.body.find("<td data-label=\"Motif\">Arnaques"), std::string::npos);
}

}  // namespace
}  // namespace depeche::web
