#pragma once
// Thin handlers: parse the request, make one service call, render. The
// route table that binds them to paths is routes.cc.

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <variant>

#include "comments/secrets.h"
#include "http/router.h"
#include "web/site.h"
#include "web/static_assets.h"
#include "web/visitor.h"

namespace depeche::web {

// An article chosen to read next, with why: `why` is empty for one that
// only filled a slot the index left empty (the rubrique's latest).
struct RelatedCard {
  store::Article article;
  search::RelatedMatch why;
};

class Handlers {
 public:
  explicit Handlers(SiteDeps& deps) : deps_(deps) {}

  // Pages
  http::Response home(const http::Request& req, const http::Params& p) const;
  http::Response article(const http::Request& req, const http::Params& p) const;
  http::Response set_contrast(const http::Request& req, const http::Params& p) const;
  http::Response not_found(const http::Request& req, const http::Params& p) const;
  http::Response static_file(const http::Request& req, const http::Params& p) const;
  http::Response media_file(const http::Request& req, const http::Params& p) const;
  http::Response search_page(const http::Request& req, const http::Params& p) const;
  http::Response section_page(const http::Request& req, const http::Params& p) const;
  http::Response section_rss(const http::Request& req, const http::Params& p) const;
  http::Response section_atom(const http::Request& req, const http::Params& p) const;
  // The feeds with each item's full text (render::FeedText::full); 404
  // when the site does not offer them.
  http::Response full_rss(const http::Request& req, const http::Params& p) const;
  http::Response full_atom(const http::Request& req, const http::Params& p) const;
  http::Response section_full_rss(const http::Request& req, const http::Params& p) const;
  http::Response section_full_atom(const http::Request& req, const http::Params& p) const;
  http::Response api_sections(const http::Request& req, const http::Params& p) const;

  // Being found from outside (discovery_handlers.cc): robots.txt, the
  // sitemap index, and /sitemaps/{file} (articles-N.xml, news.xml).
  http::Response robots(const http::Request& req, const http::Params& p) const;
  http::Response sitemap_index(const http::Request& req, const http::Params& p) const;
  http::Response sitemap_file(const http::Request& req, const http::Params& p) const;

  // Information pages and the favicon (info_handlers.cc). `name` is one of
  // render::kInfoPages.
  http::Response info_page(const http::Request& req, std::string_view name) const;
  http::Response favicon(const http::Request& req, const http::Params& p) const;

  // Comments (comment_handlers.cc)
  http::Response post_comment(const http::Request& req, const http::Params& p) const;
  http::Response edit_comment(const http::Request& req, const http::Params& p) const;
  http::Response delete_comment(const http::Request& req, const http::Params& p) const;
  http::Response report_form(const http::Request& req, const http::Params& p) const;
  http::Response report_comment(const http::Request& req, const http::Params& p) const;
  http::Response api_comments(const http::Request& req, const http::Params& p) const;
  http::Response api_post_comment(const http::Request& req, const http::Params& p) const;
  http::Response api_edit_comment(const http::Request& req, const http::Params& p) const;
  http::Response api_delete_comment(const http::Request& req, const http::Params& p) const;
  http::Response api_report_comment(const http::Request& req, const http::Params& p) const;

  // Moderation (moderation_handlers.cc)
  http::Response moderation_page(const http::Request& req, const http::Params& p) const;
  http::Response moderate_comment(const http::Request& req, const http::Params& p) const;
  http::Response moderation_user_page(const http::Request& req, const http::Params& p) const;
  http::Response sanction_user(const http::Request& req, const http::Params& p) const;
  http::Response lift_sanction(const http::Request& req, const http::Params& p) const;
  http::Response close_thread(const http::Request& req, const http::Params& p) const;
  http::Response api_moderation_queues(const http::Request& req, const http::Params& p) const;
  http::Response api_moderate_comment(const http::Request& req, const http::Params& p) const;
  http::Response api_ban(const http::Request& req, const http::Params& p) const;
  http::Response api_thread_state(const http::Request& req, const http::Params& p) const;
  http::Response api_user_history(const http::Request& req, const http::Params& p) const;
  http::Response rss(const http::Request& req, const http::Params& p) const;
  http::Response atom(const http::Request& req, const http::Params& p) const;

  // Accounts (account_handlers.cc)
  http::Response sign_in_page(const http::Request& req, const http::Params& p) const;
  http::Response sign_in(const http::Request& req, const http::Params& p) const;
  http::Response sign_up_page(const http::Request& req, const http::Params& p) const;
  http::Response sign_up(const http::Request& req, const http::Params& p) const;
  http::Response sign_out(const http::Request& req, const http::Params& p) const;
  http::Response admin_feeds(const http::Request& req, const http::Params& p) const;
  http::Response admin_versions(const http::Request& req, const http::Params& p) const;
  http::Response api_sign_in(const http::Request& req, const http::Params& p) const;
  http::Response api_sign_up(const http::Request& req, const http::Params& p) const;
  http::Response api_sign_out(const http::Request& req, const http::Params& p) const;
  http::Response api_me(const http::Request& req, const http::Params& p) const;
  http::Response account_home(const http::Request& req, const http::Params& p) const;
  http::Response account_export(const http::Request& req, const http::Params& p) const;
  http::Response account_delete(const http::Request& req, const http::Params& p) const;
  http::Response account_password(const http::Request& req, const http::Params& p) const;
  http::Response api_my_comments(const http::Request& req, const http::Params& p) const;
  http::Response api_delete_me(const http::Request& req, const http::Params& p) const;
  http::Response api_change_password(const http::Request& req, const http::Params& p) const;
  http::Response api_versions(const http::Request& req, const http::Params& p) const;

  // JSON API
  http::Response api_articles(const http::Request& req, const http::Params& p) const;
  http::Response api_article(const http::Request& req, const http::Params& p) const;
  http::Response api_related(const http::Request& req, const http::Params& p) const;
  http::Response api_openapi(const http::Request& req, const http::Params& p) const;
  http::Response api_not_found(const http::Request& req, const http::Params& p) const;
  http::Response api_ingest(const http::Request& req, const http::Params& p) const;
  http::Response api_feeds(const http::Request& req, const http::Params& p) const;
  http::Response api_search(const http::Request& req, const http::Params& p) const;

  // Operations
  http::Response healthz(const http::Request& req, const http::Params& p) const;
  http::Response metrics(const http::Request& req, const http::Params& p) const;

 private:
  // The article page with its comments; `seed` carries a notice, or an
  // error and the draft to give back.
  http::Response article_page(const http::Request& req, const Visitor& v, const store::Article& a,
                              http::beast_http::status status, render::CommentSection seed) const;
  // The article page for a signed-in reader, composed on top of the page
  // anonymous readers get from the page cache: only the header's account
  // parts and the comments are rendered for them. nullopt when that page
  // cannot be had (not cacheable, no cache): the caller renders it whole.
  std::optional<http::Response> composed_article(const http::Request& req, const Visitor& v,
                                                 const store::Article& a) const;
  // A comment form's failure: the article page again, with the error and
  // the draft, or JSON for scripts.
  http::Response comment_failure(const http::Request& req, const Visitor& v,
                                 std::int64_t article_id, const Error& e, std::string draft,
                                 std::optional<std::int64_t> parent) const;
  // What every comment form checks first (signed in, size, CSRF); sets
  // `form`. Returns the response to send when a check fails.
  std::optional<http::Response> form_guard(const http::Request& req, const Visitor& v,
                                           std::map<std::string, std::string>& form,
                                           std::int64_t article_id) const;
  // After a form did its work: JSON for scripts, else back to the comment.
  http::Response comment_done(const http::Request& req, const Visitor& v, const store::Comment& c,
                              std::string_view notice, http::beast_http::status json_status) const;
  // The comments section of the article page for signed-in reader `v`.
  // Kept in the page cache as any reader who never wrote in the thread
  // sees it, with a mark where the CSRF token goes, and given to them with
  // their token; rendered for them alone when they wrote in it (their own
  // held comments, edit and delete buttons) or moderate (tools). `ctx` is
  // theirs. nullopt when the thread cannot be read.
  std::optional<std::string> reader_comments(const http::Request& req, const Visitor& v,
                                             const store::Article& a,
                                             const render::PageContext& ctx) const;
  render::CommentView view_of(const store::Comment& c, const Visitor& v, bool open) const;
  // Fills `seed` with the page of the thread the article page's query asks
  // for (?tri=, ?commentaires=, ?reponses=).
  Status fill_thread(std::string_view target, const Visitor& v, const store::Article& a,
                     render::CommentSection& seed) const;
  // "publie" -> "published": the notice a redirect asks the page to show.
  static std::string notice_code(std::string_view word);
  // The moderator behind a page, or the redirect / 403 for anyone else.
  std::variant<store::User, http::Response> moderator_page(const http::Request& req,
                                                           const Visitor& v) const;
  // A moderation form: checks the moderator and CSRF, runs `act`, then
  // redirects to `back`, or shows the queues with the error.
  http::Response moderation_form(
      const http::Request& req,
      const std::function<Status(const store::User&, std::map<std::string, std::string>&)>& act,
      const std::string& back) const;
  std::string moderation_message(const Error& e) const;
  nlohmann::json export_of(const store::User& u) const;
  Result<store::User> api_moderator(const http::Request& req, const Visitor& v, bool changes) const;
  // A state-changing API call on one comment: the comment, who calls, and
  // the JSON body when `with_body`.
  struct CommentCall {
    store::Comment comment;
    Visitor visitor;
    store::User user;
    nlohmann::json body;
  };
  Result<CommentCall> comment_call(const http::Request& req, const http::Params& p,
                                   bool with_body) const;
  // A moderator's API call and its JSON body (an empty object when none).
  struct ModeratorCall {
    store::User moderator;
    nlohmann::json body = nlohmann::json::object();
  };
  Result<ModeratorCall> moderator_call(const http::Request& req, bool changes,
                                       bool with_body) const;
  // The signed-in user of an API call; cookie sessions must send X-CSRF-Token
  // on state-changing calls.
  Result<store::User> api_user(const http::Request& req, const Visitor& v, bool changes) const;
  // The latest kFeedSize articles as a feed of that format and text; with
  // `section`, that rubrique's latest. Carries a strong ETag of its bytes
  // and answers 304 when If-None-Match names it (the page cache, in front
  // of anonymous readers, keeps that ETag and adds Last-Modified).
  http::Response feed(const http::Request& req, const http::Params& p, render::FeedFormat format,
                      render::FeedText text, const render::SectionLink* section = nullptr) const;
  // The articles of a search, still published, best first, each with its
  // snippet (HTML, search::Highlighter), and the index's suggestion when
  // nothing matched.
  struct Found {
    std::vector<store::Article> items;
    std::vector<std::string> snippets;  // one per item
    std::int64_t total = 0;
    std::string suggestion;
  };
  Result<Found> find(const search::SearchQuery& q) const;
  // The rubrique named by the route's {slug}; nullptr when there is none.
  const render::SectionLink* section_in(const http::Params& p) const;
  // Up to `count` published articles to read next: the index's choice
  // (search::RelatedCards, else Index::related_matches), one per event,
  // never the article itself. Fewer, or none, when the index finds fewer on
  // the topic: the page's « En continu » column already lists the latest,
  // and a card off the topic passed off as related costs the reader's trust.
  Result<std::vector<RelatedCard>> related_cards(const store::Article& a, int count) const;
  // Fills front.other_agencies for the clustered stories the page lists, and
  // adds their clusters to `clusters`: a member joining or leaving is a
  // change of the cluster's id (store.h set_cluster), which the page
  // declares among what it shows. A store failure leaves a card without
  // the line rather than fail the page.
  void add_other_agencies(render::FrontPage& front, std::vector<std::int64_t>& clusters) const;
  // The articles of related_cards(a, kRelatedCount), for the page.
  Result<std::vector<store::Article>> related_to(const store::Article& a) const;
  http::Response unavailable(const http::Request& req, const Error& e) const;
  // The 404 that explains why sitemaps are off (no base_url configured);
  // nullopt when they are on.
  std::optional<http::Response> sitemaps_off(const http::Request& req) const;
  // The newest stories that a 404 or a 410 page offers; empty when the store
  // fails, so that such a page never turns into a 500.
  std::vector<store::Article> latest_for_help() const;
  // An HTML page for `v`, setting its CSRF cookie when it is new.
  http::Response page(const http::Request& req, const Visitor& v, http::beast_http::status status,
                      std::string body) const;
  // The sign-in or sign-up page; `form` is what was posted (null for none),
  // `errors` why it failed.
  http::Response account_page(const http::Request& req, render::AccountForm::Kind kind,
                              std::map<std::string, std::string>* form, render::FormErrors errors,
                              http::beast_http::status status) const;
  // "Mon compte" for the signed-in `v`, with the reader's latest comments
  // added to `home`.
  http::Response account_home_page(const http::Request& req, const Visitor& v,
                                   http::beast_http::status status, render::AccountHome home) const;
  http::Response submit_account(const http::Request& req, const http::Params& p,
                                render::AccountForm::Kind kind) const;
  http::Response session_created(const http::Request& req, const comments::Session& s) const;
  // Sets the session cookie and a fresh CSRF cookie.
  void signed_in(http::Response& res, const comments::Session& s) const;
  // {"error":{…}} with the status of the one error table (and Retry-After).
  http::Response api_error(const http::Request& req, const Error& e) const;

  SiteDeps& deps_;
  StaticAssets statics_;  // compressed once, here
  // Stands for the reader's CSRF token in kept comments sections: random,
  // so no comment can contain it; token-shaped, so no escaping changes it.
  const std::string csrf_mark_ = comments::random_token(24);
};

}  // namespace depeche::web
