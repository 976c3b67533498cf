// The account forms as a reader meets them: every error of a submission at
// once (summary, invalid inputs, messages under their labels), the password
// change, and the JSON API that answers one error in its usual shape.

#include <gtest/gtest.h>

#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using depeche::testing::http_get;
using Json = nlohmann::json;

// How many times `what` occurs in `text`.
int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class AccountFormsTest : public SiteTest {
 protected:
  // Signs a new reader up through the form; returns the session token.
  std::string sign_up(const std::string& who) {
    auto r = post_form("/inscription", "email=" + who + "%40example.org&name=" + who +
                                           "&password=correct+horse+battery");
    EXPECT_EQ(r.status, 303u) << r.body.substr(0, 2000);
    return cookie_value(r, "session");
  }
  std::string sign_in(const std::string& who, const std::string& password) {
    return cookie_value(
        post_form("/connexion", "email=" + who + "%40example.org&password=" + password), "session");
  }
  testing::HttpResult account(const std::string& session, const std::string& path = "/compte") {
    return http_get(port(), path, {{"Cookie", "session=" + session}});
  }
};

TEST_F(AccountFormsTest, ASignUpWithThreeFaultsShowsThreeErrorsAtOnce) {
  auto r = post_form("/inscription", "email=pas-une-adresse&name=A&password=zq9");
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("<title>Erreur\u00a0: Créer un compte"), std::string::npos);
  EXPECT_NE(r.body.find("Le formulaire contient 3 erreurs"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"error-summary\""), std::string::npos);
  EXPECT_NE(r.body.find("role=\"alert\" tabindex=\"-1\" autofocus"), std::string::npos);
  EXPECT_EQ(occurrences(r.body, "aria-invalid=\"true\""), 3);
  struct Expected {
    const char* id;
    const char* described_by;
    const char* message;
  };
  for (const Expected& e : {
           Expected{"email", "email-erreur", "Cette adresse e-mail n’est pas valide."},
           Expected{"name", "name-hint name-erreur",
                    "Le pseudonyme doit compter de 3 à 30 caractères."},
           Expected{"password", "password-hint password-erreur",
                    "Le mot de passe doit compter au moins 10 caractères."},
       }) {
    std::string id = e.id;
    // Linked from the summary, and said again under the input's label.
    EXPECT_NE(r.body.find("<a href=\"#" + id + "\">" + e.message + "</a>"), std::string::npos)
        << id;
    auto label = r.body.find("<label for=\"" + id + "\">");
    auto message = r.body.find("id=\"" + id + "-erreur\"");
    auto input = r.body.find("<input id=\"" + id + "\"");
    ASSERT_NE(message, std::string::npos) << id;
    EXPECT_LT(label, message) << id;
    EXPECT_LT(message, input) << id;
    std::string tag = r.body.substr(input, r.body.find('>', input) - input);
    EXPECT_NE(tag.find("aria-describedby=\"" + std::string(e.described_by) + "\""),
              std::string::npos)
        << tag;
    EXPECT_NE(tag.find("aria-invalid=\"true\""), std::string::npos) << tag;
  }
  // What was typed comes back, never the password.
  EXPECT_NE(r.body.find("value=\"pas-une-adresse\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"A\""), std::string::npos);
  EXPECT_EQ(r.body.find("zq9"), std::string::npos);
  EXPECT_EQ(*store_->users().count(), 0);

  // The JSON API still answers the first problem, in its one shape.
  auto api = this->api(bh::verb::post, "/api/v1/users",
                       {{"email", "pas-une-adresse"}, {"name", "A"}, {"password", "zq9"}});
  EXPECT_EQ(api.status, 400u);
  auto error = Json::parse(api.body);
  ASSERT_EQ(error.size(), 1u);
  ASSERT_EQ(error["error"].size(), 3u) << api.body;
  EXPECT_EQ(error["error"]["code"], "email_invalid");
  EXPECT_EQ(error["error"]["field"], "email");
  EXPECT_EQ(error["error"]["message"], "Cette adresse e-mail n’est pas valide.");
}

TEST_F(AccountFormsTest, TakenKeysAreShownWithTheOtherFaults) {
  sign_up("Alice");
  auto r = post_form("/inscription", "email=ALICE%40example.org&name=alice&password=azertyuiop");
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("Le formulaire contient 3 erreurs"), std::string::npos);
  EXPECT_NE(r.body.find("Un compte existe déjà avec cette adresse e-mail."), std::string::npos);
  EXPECT_NE(r.body.find("Ce pseudonyme est déjà pris."), std::string::npos);
  EXPECT_NE(r.body.find("Ce mot de passe est trop facile à deviner"), std::string::npos);
}

TEST_F(AccountFormsTest, ASignInLeftEmptyNamesBothInputsAndAWrongOneTheWholeForm) {
  auto empty = post_form("/connexion", "email=&password=");
  EXPECT_EQ(empty.status, 400u);
  EXPECT_NE(empty.body.find("Le formulaire contient 2 erreurs"), std::string::npos);
  EXPECT_NE(empty.body.find("<a href=\"#email\">Saisissez votre adresse e-mail.</a>"),
            std::string::npos);
  EXPECT_NE(empty.body.find("<a href=\"#password\">Saisissez votre mot de passe.</a>"),
            std::string::npos);
  EXPECT_EQ(occurrences(empty.body, "aria-invalid=\"true\""), 2);

  sign_up("Alice");
  auto wrong = post_form("/connexion", "email=alice%40example.org&password=pas+le+bon");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_NE(wrong.body.find("Le formulaire contient 1 erreur<"), std::string::npos);
  EXPECT_NE(wrong.body.find("<li>Adresse e-mail ou mot de passe incorrect.</li>"),
            std::string::npos);
  // Which input is wrong is not said: neither is marked.
  EXPECT_EQ(wrong.body.find("aria-invalid"), std::string::npos);
  EXPECT_NE(wrong.body.find("value=\"alice@example.org\""), std::string::npos);
}

TEST_F(AccountFormsTest, TheSignUpFormStatesItsRulesBeforeTypingAndLinksTheConditions) {
  auto page = http_get(port(), "/inscription");
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.body.find("error-summary"), std::string::npos);
  EXPECT_EQ(page.body.find("aria-invalid"), std::string::npos);
  for (const char* href :
       {"/conditions-utilisation", "/charte-commentaires", "/donnees-personnelles"}) {
    EXPECT_NE(page.body.find(std::string("href=\"") + href + "\""), std::string::npos) << href;
  }
  EXPECT_NE(page.body.find(">les conditions d’utilisation</a> et <a"), std::string::npos);
  for (const char* autocomplete : {"email", "nickname", "new-password"}) {
    EXPECT_NE(page.body.find(std::string("autocomplete=\"") + autocomplete + "\""),
              std::string::npos)
        << autocomplete;
  }
  auto hint = page.body.find("id=\"password-hint\"");
  ASSERT_NE(hint, std::string::npos);
  EXPECT_LT(hint, page.body.find("<input id=\"password\""));
  EXPECT_NE(page.body.find("aria-describedby=\"password-hint\""), std::string::npos);
  EXPECT_NE(page.body.find("Au moins 10 caractères."), std::string::npos);
  auto sign_in = http_get(port(), "/connexion").body;
  EXPECT_NE(sign_in.find("autocomplete=\"username\""), std::string::npos);
  EXPECT_NE(sign_in.find("autocomplete=\"current-password\""), std::string::npos);
}

TEST_F(AccountFormsTest, APasswordChangeChecksTheCurrentOneAndSignsOtherSessionsOut) {
  std::string here = sign_up("Alice");
  std::string elsewhere = sign_in("alice", "correct+horse+battery");
  ASSERT_FALSE(elsewhere.empty());

  auto wrong =
      post_form("/compte/mot-de-passe",
                "current_password=pas+le+bon&new_password=azertyuiop&confirmation=autre", {}, here);
  EXPECT_EQ(wrong.status, 403u);
  EXPECT_NE(wrong.body.find("Le formulaire contient 3 erreurs"), std::string::npos);
  for (const char* id :
       {"mot-de-passe-actuel", "nouveau-mot-de-passe", "confirmation-mot-de-passe"}) {
    EXPECT_NE(wrong.body.find("<a href=\"#" + std::string(id) + "\">"), std::string::npos) << id;
    EXPECT_NE(wrong.body.find("id=\"" + std::string(id) + "-erreur\""), std::string::npos) << id;
  }
  EXPECT_EQ(occurrences(wrong.body, "aria-invalid=\"true\""), 3);
  EXPECT_NE(wrong.body.find("Le mot de passe saisi n’est pas celui de votre compte."),
            std::string::npos);
  EXPECT_NE(wrong.body.find("La confirmation ne correspond pas au nouveau mot de passe."),
            std::string::npos);
  for (const char* typed : {"pas le bon", "azertyuiop", "value=\"autre\""}) {
    EXPECT_EQ(wrong.body.find(typed), std::string::npos) << typed;
  }

  auto weak = post_form(
      "/compte/mot-de-passe",
      "current_password=correct+horse+battery&new_password=azertyuiop&confirmation=azertyuiop", {},
      here);
  EXPECT_EQ(weak.status, 400u);
  EXPECT_NE(weak.body.find("Le formulaire contient 1 erreur<"), std::string::npos);
  EXPECT_NE(weak.body.find("Ce mot de passe est trop facile à deviner"), std::string::npos);
  EXPECT_EQ(account(elsewhere).status, 200u) << "a refused change signs no one out";

  auto done = post_form("/compte/mot-de-passe",
                        "current_password=correct+horse+battery&new_password=une+phrase+toute+neuve"
                        "&confirmation=une+phrase+toute+neuve",
                        {}, here);
  ASSERT_EQ(done.status, 303u) << done.body.substr(0, 2000);
  std::string next = done.header("Location");
  EXPECT_EQ(next, "/compte?fait=mot-de-passe#mot-de-passe");
  auto after = account(here, next.substr(0, next.find('#')));
  EXPECT_EQ(after.status, 200u);
  EXPECT_NE(after.body.find("role=\"status\">Votre mot de passe a été changé."), std::string::npos);
  EXPECT_EQ(account(elsewhere).status, 303u) << "the other session is signed out";
  EXPECT_TRUE(sign_in("alice", "correct+horse+battery").empty());
  EXPECT_FALSE(sign_in("alice", "une+phrase+toute+neuve").empty());
}

TEST_F(AccountFormsTest, APasswordChangeWithoutTheCsrfTokenChangesNothing) {
  std::string here = sign_up("Alice");
  auto r = testing::http_request(
      port(), bh::verb::post, "/compte/mot-de-passe",
      "current_password=correct+horse+battery&new_password=une+phrase+toute+neuve"
      "&confirmation=une+phrase+toute+neuve",
      {{"Cookie", "session=" + here + "; csrf=" + kFormToken}});
  EXPECT_EQ(r.status, 403u);
  EXPECT_NE(r.body.find("Le formulaire a expiré"), std::string::npos);
  EXPECT_FALSE(sign_in("alice", "correct+horse+battery").empty());
}

TEST_F(AccountFormsTest, TheApiChangesThePasswordAndNamesTheInputAtFault) {
  auto up = api(bh::verb::post, "/api/v1/users",
                {{"email", "bob@example.org"}, {"name", "Bob"}, {"password", "un mot de passe"}});
  ASSERT_EQ(up.status, 201u) << up.body;
  std::string token = Json::parse(up.body)["token"];
  std::pair<std::string, std::string> bearer{"Authorization", "Bearer " + token};
  std::string other = sign_in("bob", "un+mot+de+passe");

  EXPECT_EQ(api(bh::verb::put, "/api/v1/me/password",
                {{"current_password", "un mot de passe"}, {"new_password", "x"}})
                .status,
            401u);
  auto wrong = api(bh::verb::put, "/api/v1/me/password",
                   {{"current_password", "pas le bon"}, {"new_password", "une phrase toute neuve"}},
                   {bearer});
  EXPECT_EQ(wrong.status, 403u);
  EXPECT_EQ(Json::parse(wrong.body)["error"]["code"], "current_password_wrong");
  EXPECT_EQ(Json::parse(wrong.body)["error"]["field"], "current_password");
  auto weak =
      api(bh::verb::put, "/api/v1/me/password",
          {{"current_password", "un mot de passe"}, {"new_password", "azertyuiop"}}, {bearer});
  EXPECT_EQ(weak.status, 400u);
  EXPECT_EQ(Json::parse(weak.body)["error"]["code"], "password_weak");
  EXPECT_EQ(Json::parse(weak.body)["error"]["field"], "new_password");
  auto done =
      api(bh::verb::put, "/api/v1/me/password",
          {{"current_password", "un mot de passe"}, {"new_password", "une phrase toute neuve"}},
          {bearer});
  EXPECT_EQ(done.status, 204u) << done.body;
  EXPECT_EQ(api(bh::verb::get, "/api/v1/me", nullptr, {bearer}).status, 200u);
  EXPECT_EQ(account(other).status, 303u);
}

}  // namespace
}  // namespace depeche::web
