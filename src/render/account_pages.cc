// The account pages: sign-in, sign-up and "Mon compte". Their forms show
// every error of a submission at once, as GOV.UK's pattern does: a summary
// at the top linking to each input at fault, and each input marked invalid
// and described by its own message, placed under its label.

#include <algorithm>
#include <span>

#include "core/text.h"
#include "render/page_parts.h"

namespace depeche::render {
namespace {

// How much of a comment "Mon compte" shows: enough to recognise it.
constexpr std::size_t kOwnCommentExcerptChars = 160;

// One input of a form: its name in the domain and its element id.
struct Input {
  std::string_view field;
  std::string_view id;
};

constexpr Input kSignInInputs[] = {{"email", "email"}, {"password", "password"}};
constexpr Input kSignUpInputs[] = {{"email", "email"}, {"name", "name"}, {"password", "password"}};
constexpr Input kPasswordInputs[] = {{"current_password", "mot-de-passe-actuel"},
                                     {"new_password", "nouveau-mot-de-passe"},
                                     {"confirmation", "confirmation-mot-de-passe"}};
constexpr Input kDeleteInputs[] = {{"password", "suppression-mot-de-passe"}};

std::string message_of(const Catalogue& m, const std::string& code,
                       std::chrono::seconds retry_after) {
  std::string key = "account_error_" + code;
  if (!m.has(key)) key = "account_error_unavailable";
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(retry_after).count();
  return m.format(key, {arg("minutes", std::max<std::int64_t>(1, minutes))});
}

// Sets, on the data of a form, "summary" (its heading, and one item per
// problem, linked to its input) and "<field>_error" for each input at
// fault ({message, error_id}: the template marks the input invalid and
// describes it by the message). `summary_id` names the summary's element.
void set_errors(mustache::data& d, const Catalogue& m, const FormErrors& e,
                std::span<const Input> inputs, std::string_view summary_id) {
  if (!e.any()) {
    d.set("summary", mustache::data(false));
    return;
  }
  mustache::data items{mustache::data::type::list};
  std::int64_t count = 0;
  if (!e.form_code.empty()) {
    mustache::data item;
    item.set("href", mustache::data(false));  // about no one input
    item.set("message", message_of(m, e.form_code, e.retry_after));
    items.push_back(item);
    ++count;
  }
  // In the order of the form, whatever order the problems came in.
  for (const Input& input : inputs) {
    auto f = std::find_if(e.fields.begin(), e.fields.end(),
                          [&](const FieldError& p) { return p.field == input.field; });
    if (f == e.fields.end()) continue;
    std::string message = message_of(m, f->code, e.retry_after);
    std::string id(input.id);
    mustache::data item;
    item.set("href", "#" + id);
    item.set("message", message);
    items.push_back(item);
    mustache::data field;
    field.set("message", message);
    field.set("error_id", id + "-erreur");
    d.set(std::string(input.field) + "_error", field);
    ++count;
  }
  mustache::data summary;
  summary.set("id", std::string(summary_id));
  summary.set("heading", m.format("form_error_count", {arg("count", count)}));
  summary.set("items", items);
  d.set("summary", summary);
}

// The sign-up's consent sentence with its three links, all text escaped.
std::string consent_html(const Catalogue& m) {
  auto link = [&](std::string_view href, const char* key) {
    return "<a href=\"" + std::string(href) + "\">" + escape_html(m.text(key)) + "</a>";
  };
  return m.format_html("sign_up_consent",
                  {arg("terms", link("/conditions-utilisation", "sign_up_terms")),
                   arg("charter", link("/charte-commentaires", "sign_up_charter")),
                   arg("privacy", link("/donnees-personnelles", "sign_up_privacy"))});
}

}  // namespace

std::string Pages::account_form(const AccountForm& form, const PageContext& ctx) const {
  bool sign_up = form.kind == AccountForm::Kind::sign_up;
  const std::string& heading = catalogue_.text(sign_up ? "sign_up" : "sign_in");
  mustache::data d;
  d.set("heading", heading);
  d.set("sign_up", mustache::data(sign_up));
  d.set("action", sign_up ? "/inscription" : "/connexion");
  d.set("csrf", ctx.csrf);
  d.set("return_path", form.return_path);
  d.set("email", form.email);
  d.set("name", form.name);
  // Signing in, the e-mail address is the account's user name: password
  // managers pair it with the password they fill in.
  d.set("email_autocomplete", sign_up ? "email" : "username");
  d.set("password_autocomplete", sign_up ? "new-password" : "current-password");
  d.set("submit", heading);
  d.set("switch_text", catalogue_.text(sign_up ? "have_account" : "no_account"));
  d.set("switch_link", catalogue_.text(sign_up ? "sign_in" : "sign_up"));
  d.set("switch_href",
        std::string(sign_up ? "/connexion" : "/inscription") +
            (form.return_path == "/" ? "" : "?retour=" + query_value(form.return_path)));
  if (sign_up) {
    d.set("consent_html", consent_html(catalogue_));
    set_errors(d, catalogue_, form.errors, kSignUpInputs, "erreurs-inscription");
  } else {
    set_errors(d, catalogue_, form.errors, kSignInInputs, "erreurs-connexion");
  }
  // Screen readers hear the title first: it says at once that the form
  // came back with errors.
  std::string title =
      form.errors.any() ? catalogue_.format("form_error_title", {arg("title", heading)}) : heading;
  Frame p{
      catalogue_.format("title_suffix", {arg("title", title), arg("site", settings_.site_name)}),
      sign_up ? "/inscription" : "/connexion", heading, templates_->render("account", d)};
  return layout(ctx, p);
}

namespace {

mustache::data own_comments(const Catalogue& m, const DateFormatter& dates, Timestamp now,
                            const std::vector<comments::OwnComment>& list) {
  using S = store::CommentStatus;
  mustache::data out{mustache::data::type::list};
  for (const auto& [c, article] : list) {
    mustache::data d;
    d.set("id", std::to_string(c.id));
    d.set("iso", dates.iso(c.created_at));
    d.set("when", dates.format_relative_year(c.created_at, now, m.text("pattern_comment"),
                                             m.text("pattern_comment_year")));
    d.set("excerpt", teaser(c.body, kOwnCommentExcerptChars));
    d.set("state_class", std::string(store::to_string(c.status)));
    d.set("state", c.status == S::rejected && !c.reason.empty()
                       ? m.format("account_comment_rejected", {arg("reason", c.reason)})
                       : m.text("status_" + std::string(store::to_string(c.status))));
    if (article) {
      d.set("href", article_path(*article) + "#commentaire-" + std::to_string(c.id));
      d.set("on", m.format("account_comment_on", {arg("headline", article->dispatch.headline)}));
    } else {
      d.set("href", mustache::data(false));
      d.set("on", m.text("account_comment_article_gone"));
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace

std::string Pages::account_home(const AccountHome& home, const PageContext& ctx) const {
  const store::User& u = home.user;
  mustache::data d;
  d.set("name", u.name);
  d.set("email", u.email);
  d.set("role", catalogue_.text("account_role_" + std::string(store::to_string(u.role))));
  d.set("since_iso", dates_.iso(u.created_at));
  d.set("since", dates_.format(u.created_at, catalogue_.text("pattern_account_since")));
  d.set("csrf", ctx.csrf);
  d.set("comments", own_comments(catalogue_, dates_, clock_.now(), home.comments));
  d.set("has_comments", mustache::data(!home.comments.empty()));
  if (!home.notice_code.empty()) {
    d.set("notice", catalogue_.text("account_notice_" + home.notice_code));
  }
  mustache::data password_form;
  set_errors(password_form, catalogue_, home.password_errors, kPasswordInputs,
             "erreurs-mot-de-passe");
  d.set("password_form", password_form);
  mustache::data delete_form;
  set_errors(delete_form, catalogue_, home.delete_errors, kDeleteInputs, "erreurs-suppression");
  d.set("delete_form", delete_form);
  const std::string& heading = catalogue_.text("my_account");
  bool errors = home.password_errors.any() || home.delete_errors.any();
  std::string title =
      errors ? catalogue_.format("form_error_title", {arg("title", heading)}) : heading;
  Frame p{
      catalogue_.format("title_suffix", {arg("title", title), arg("site", settings_.site_name)}),
      "/compte", heading, templates_->render("account_home", d)};
  return layout(ctx, p);
}

}  // namespace depeche::render
