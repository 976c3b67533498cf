// Accounts through the HTTP surface: the French forms, cookies, CSRF,
// throttling, the JSON API and the admin page's role check.

#include <gtest/gtest.h>

#include "support/dispatches.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using namespace std::chrono_literals;
using depeche::testing::http_get;
using Json = nlohmann::json;

class AccountsSiteTest : public SiteTest {
 protected:
  std::string sign_up(const std::string& email, const std::string& name) {
    auto r = post_form("/inscription", "email=" + email + "&name=" + name +
                                           "&password=correct+horse+battery&return=%2F");
    EXPECT_EQ(r.status, 303u) << r.body.substr(0, 2000);
    return cookie_value(r, "session");
  }
};

TEST_F(AccountsSiteTest, SignUpFormCreatesAReaderAndSignsThemIn) {
  auto form = http_get(port(), "/inscription");
  EXPECT_EQ(form.status, 200u);
  EXPECT_NE(form.body.find("<h1>Créer un compte</h1>"), std::string::npos);
  EXPECT_NE(form.body.find("autocomplete=\"new-password\""), std::string::npos);
  auto r = post_form("/inscription",
                     "email=alice%40example.org&name=Alice+Martin&password=correct+horse+battery"
                     "&return=%2Farticles%2F1-x");
  EXPECT_EQ(r.status, 303u);
  EXPECT_EQ(r.header("Location"), "/articles/1-x");
  std::string cookies = r.all("Set-Cookie");
  EXPECT_NE(cookies.find("; HttpOnly; SameSite=Lax"), std::string::npos) << cookies;
  EXPECT_EQ(cookies.find("Secure"), std::string::npos);
  std::string session = cookie_value(r, "session");
  ASSERT_EQ(session.size(), 43u);
  auto home = http_get(port(), "/", {{"Cookie", "session=" + session}});
  EXPECT_NE(home.body.find("Connecté\u00A0: Alice Martin"), std::string::npos);
  EXPECT_NE(home.body.find("Se déconnecter"), std::string::npos);
  EXPECT_EQ(home.body.find("href=\"/admin/flux\""), std::string::npos);  // a reader
}

TEST_F(AccountsSiteTest, SecureCookiesAreMarkedSecureWhenConfigured) {
  deps_->secure_cookies = true;
  auto r =
      post_form("/inscription", "email=a%40example.org&name=Alice&password=correct+horse+battery");
  EXPECT_NE(r.all("Set-Cookie").find("HttpOnly; SameSite=Lax; Secure"), std::string::npos);
  deps_->secure_cookies = false;
}

TEST_F(AccountsSiteTest, FormsWithoutTheCsrfTokenAreRefusedAndChangeNothing) {
  auto r = testing::http_request(port(), bh::verb::post, "/inscription",
                                 "email=a%40example.org&name=Alice&password=correct+horse+battery",
                                 {{"Cookie", std::string("csrf=") + kFormToken}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_NE(r.body.find("Le formulaire a expiré"), std::string::npos);
  EXPECT_EQ(cookie_value(r, "session"), "");
  EXPECT_EQ(*store_->users().count(), 0);
}

TEST_F(AccountsSiteTest, SignUpErrorsAreShownInFrenchWithWhatWasTypedButNeverThePassword) {
  auto r = post_form("/inscription", "email=pas-une-adresse&name=Alice&password=tres+secret+123");
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("Cette adresse e-mail n’est pas valide."), std::string::npos);
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"pas-une-adresse\""), std::string::npos);
  EXPECT_EQ(r.body.find("tres secret"), std::string::npos);
  sign_up("alice%40example.org", "Alice");
  auto taken = post_form("/inscription",
                         "email=autre%40example.org&name=alice&password=correct+horse+battery");
  EXPECT_EQ(taken.status, 409u);
  EXPECT_NE(taken.body.find("Ce pseudonyme est déjà pris."), std::string::npos);
}

TEST_F(AccountsSiteTest, MarkupTypedIntoTheFormsComesBackInert) {
  auto r = post_form("/inscription",
                     "email=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&name=x&password=p");
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(r.body.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
}

TEST_F(AccountsSiteTest, SignInSignOutAndLocalRedirectsOnly) {
  sign_up("alice%40example.org", "Alice");
  auto in = post_form("/connexion",
                      "email=ALICE%40example.org&password=correct+horse+battery"
                      "&return=%2F%2Fevil.example");
  EXPECT_EQ(in.status, 303u);
  EXPECT_EQ(in.header("Location"), "/");
  std::string session = cookie_value(in, "session");
  ASSERT_FALSE(session.empty());
  auto out = post_form("/deconnexion", "", {}, session);
  EXPECT_EQ(out.status, 303u);
  EXPECT_NE(out.all("Set-Cookie").find("session=; Path=/; Max-Age=0"), std::string::npos);
  auto home = http_get(port(), "/", {{"Cookie", "session=" + session}});
  EXPECT_EQ(home.body.find("Connecté"), std::string::npos);
  EXPECT_NE(home.body.find("Se connecter"), std::string::npos);
}

TEST_F(AccountsSiteTest, WrongPasswordsAre401ThenThrottledWith429AndRetryAfter) {
  sign_up("alice%40example.org", "Alice");
  for (int i = 0; i < comments::kMaxFailuresPerAccount; ++i) {
    auto r = post_form("/connexion", "email=alice%40example.org&password=mauvais+mot+de+passe");
    EXPECT_EQ(r.status, 401u);
    EXPECT_NE(r.body.find("Adresse e-mail ou mot de passe incorrect."), std::string::npos);
  }
  auto blocked =
      post_form("/connexion", "email=alice%40example.org&password=correct+horse+battery");
  EXPECT_EQ(blocked.status, 429u);
  EXPECT_EQ(blocked.header("Retry-After"), "900");
  EXPECT_NE(blocked.body.find("Trop de tentatives de connexion. Réessayez dans 15\u00A0minutes."),
            std::string::npos);
  auto api = this->api(bh::verb::post, "/api/v1/session",
                       {{"email", "alice@example.org"}, {"password", "correct horse battery"}});
  EXPECT_EQ(api.status, 429u);
  EXPECT_EQ(api.header("Retry-After"), "900");
}

TEST_F(AccountsSiteTest, ApiSignsUpInAndOutWithABearerToken) {
  auto up = api(bh::verb::post, "/api/v1/users",
                {{"email", "bob@example.org"}, {"name", "Bob"}, {"password", "un mot de passe"}});
  ASSERT_EQ(up.status, 201u) << up.body;
  auto body = Json::parse(up.body);
  EXPECT_EQ(body["user"]["name"], "Bob");
  EXPECT_EQ(body["user"]["role"], "reader");
  EXPECT_FALSE(body["user"].contains("password_hash"));
  std::string token = body["token"];
  auto bearer = std::pair<std::string, std::string>{"Authorization", "Bearer " + token};
  auto me = api(bh::verb::get, "/api/v1/me", nullptr, {bearer});
  EXPECT_EQ(me.status, 200u);
  EXPECT_EQ(Json::parse(me.body)["user"]["name"], "Bob");
  EXPECT_EQ(api(bh::verb::delete_, "/api/v1/session", nullptr, {bearer}).status, 204u);
  EXPECT_EQ(api(bh::verb::get, "/api/v1/me", nullptr, {bearer}).status, 401u);

  auto wrong = api(bh::verb::post, "/api/v1/session",
                   {{"email", "bob@example.org"}, {"password", "pas le bon"}});
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(Json::parse(wrong.body)["error"]["code"], "wrong_credentials");
  auto dup =
      api(bh::verb::post, "/api/v1/users",
          {{"email", "BOB@example.org"}, {"name", "Robert"}, {"password", "un mot de passe"}});
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(Json::parse(dup.body)["error"]["code"], "email_taken");
  EXPECT_EQ(Json::parse(dup.body)["error"]["field"], "email");
  auto form_encoded = testing::http_request(port(), bh::verb::post, "/api/v1/session",
                                            "email=bob%40example.org&password=x");
  EXPECT_EQ(form_encoded.status, 415u);
}

TEST_F(AccountsSiteTest, ApiCallsWithTheSessionCookieNeedTheCsrfHeader) {
  std::string session = sign_up("carol%40example.org", "Carol");
  std::string cookie = "session=" + session + "; csrf=" + kFormToken;
  auto refused = api(bh::verb::delete_, "/api/v1/session", nullptr, {{"Cookie", cookie}});
  EXPECT_EQ(refused.status, 403u);
  auto ok = api(bh::verb::delete_, "/api/v1/session", nullptr,
                {{"Cookie", cookie}, {"X-CSRF-Token", kFormToken}});
  EXPECT_EQ(ok.status, 204u);
}

TEST_F(AccountsSiteTest, FeedHealthPageIsForAdminsOnly) {
  auto anonymous = http_get(port(), "/admin/flux");
  EXPECT_EQ(anonymous.status, 303u);
  EXPECT_EQ(anonymous.header("Location"), "/connexion?retour=/admin/flux");
  std::string reader = sign_up("r%40example.org", "Lecteur");
  EXPECT_EQ(http_get(port(), "/admin/flux", {{"Cookie", "session=" + reader}}).status, 403u);
  EXPECT_EQ(api(bh::verb::get, "/api/v1/feeds", nullptr, {{"Cookie", "session=" + reader}}).status,
            403u);

  ASSERT_TRUE(
      accounts_->create({"admin@example.org", "Admin", "correct horse battery"}, store::Role::admin)
          .ok());
  auto in = post_form("/connexion", "email=admin%40example.org&password=correct+horse+battery");
  std::string admin = cookie_value(in, "session");
  ingest::FeedPoller poller(*ingester_, clock_, {{"Fil AHP", "http://127.0.0.1:1/rss", 60s}},
                            nullptr);
  deps_->feed_health = [&poller] { return poller.health(); };
  auto end = std::chrono::steady_clock::now() + 10s;
  while (poller.health()[0].last_error.empty() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(20ms);
  }
  auto page = http_get(port(), "/admin/flux", {{"Cookie", "session=" + admin}});
  deps_->feed_health = nullptr;
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("<h1>Santé des flux d’agences</h1>"), std::string::npos);
  EXPECT_NE(page.body.find("Fil AHP"), std::string::npos);
  EXPECT_NE(page.body.find("En échec"), std::string::npos);
  EXPECT_NE(page.body.find("jamais"), std::string::npos);  // never succeeded
  EXPECT_NE(page.body.find("href=\"/admin/flux\""), std::string::npos);
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(AccountsSiteTest, AdminsSeeEveryVersionOfAnArticleReadersDoNot) {
  auto d = depeche::testing::sample_dispatch("v", 1, "Premier titre");
  auto id = publish(d);
  d.version = 2;
  d.headline = "Titre rectifié";
  d.correction = true;
  publish(d);
  ASSERT_TRUE(
      accounts_->create({"admin@example.org", "Admin", "correct horse battery"}, store::Role::admin)
          .ok());
  std::string admin = cookie_value(
      post_form("/connexion", "email=admin%40example.org&password=correct+horse+battery"),
      "session");
  std::string reader = sign_up("r%40example.org", "Lecteur");
  std::string path = "/admin/articles/" + std::to_string(id) + "/versions";
  EXPECT_EQ(http_get(port(), path, {{"Cookie", "session=" + reader}}).status, 403u);
  auto page = http_get(port(), path, {{"Cookie", "session=" + admin}});
  ASSERT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("Premier titre"), std::string::npos);
  EXPECT_NE(page.body.find("rectificatif"), std::string::npos);
  EXPECT_NE(page.body.find("2 (en ligne)"), std::string::npos);
  auto api = this->api(bh::verb::get, "/api/v1/articles/" + std::to_string(id) + "/versions",
                       nullptr, {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(api.status, 200u);
  auto items = Json::parse(api.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["headline"], "Premier titre");
  EXPECT_EQ(items[1]["correction"], true);
  // The article page links admins to the history.
  auto article = http_get(port(), "/articles/" + std::to_string(id) + "-premier-titre",
                          {{"Cookie", "session=" + admin}});
  EXPECT_NE(article.body.find("href=\"" + path + "\""), std::string::npos);
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

TEST_F(AccountsSiteTest, SignUpsFromOneAddressAreLimited) {
  for (int i = 0; i < comments::kSignUpPerAddress.max_events; ++i) {
    auto r =
        post_form("/inscription", "email=u" + std::to_string(i) + "%40example.org&name=Lecteur" +
                                      std::to_string(i) + "&password=correct+horse+battery");
    ASSERT_EQ(r.status, 303u) << i;
  }
  auto refused = post_form(
      "/inscription", "email=one-more%40example.org&name=Encore&password=correct+horse+battery");
  EXPECT_EQ(refused.status, 429u);
  EXPECT_FALSE(refused.header("Retry-After").empty());
  clock_.advance(comments::kSignUpPerAddress.window);
  EXPECT_EQ(post_form("/inscription",
                      "email=one-more%40example.org&name=Encore&password=correct+horse+battery")
                .status,
            303u);
}

}  // namespace
}  // namespace depeche::web
