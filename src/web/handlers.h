#pragma once
// Thin handlers: parse the request, make one service call, render. The
// route table that binds them to paths is routes.cc.

#include <map>
#include <string>

#include "http/router.h"
#include "web/site.h"
#include "web/visitor.h"

namespace depeche::web {

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
  http::Response api_versions(const http::Request& req, const http::Params& p) const;

  // JSON API
  http::Response api_articles(const http::Request& req, const http::Params& p) const;
  http::Response api_article(const http::Request& req, const http::Params& p) const;
  http::Response api_openapi(const http::Request& req, const http::Params& p) const;
  http::Response api_not_found(const http::Request& req, const http::Params& p) const;
  http::Response api_ingest(const http::Request& req, const http::Params& p) const;
  http::Response api_feeds(const http::Request& req, const http::Params& p) const;
  http::Response api_search(const http::Request& req, const http::Params& p) const;

  // Operations
  http::Response healthz(const http::Request& req, const http::Params& p) const;
  http::Response metrics(const http::Request& req, const http::Params& p) const;

 private:
  // The latest articles as a feed, by `render` (Pages::rss or Pages::atom).
  http::Response feed(const http::Request& req, std::string_view content_type,
                      std::string (render::Pages::*render)(const store::ArticleList&,
                                                           std::string_view) const) const;
  // The articles of a search, still published, best first.
  struct Found {
    std::vector<store::Article> items;
    std::int64_t total = 0;
  };
  Result<Found> find(const search::SearchQuery& q) const;
  // Up to kRelatedCount articles to read next: close in subject when the
  // index knows, topped up with the latest.
  Result<std::vector<store::Article>> related_to(const store::Article& a) const;
  http::Response unavailable(const http::Request& req, const Error& e) const;
  // An HTML page for `v`, setting its CSRF cookie when it is new.
  http::Response page(const http::Request& req, const Visitor& v, http::beast_http::status status,
                      std::string body) const;
  // The sign-in or sign-up page; `form` is what was posted, `error` why it failed.
  http::Response account_page(const http::Request& req, render::AccountForm::Kind kind,
                              std::map<std::string, std::string>* form, const Error* error) const;
  http::Response submit_account(const http::Request& req, const http::Params& p,
                                render::AccountForm::Kind kind) const;
  // Sets the session cookie and a fresh CSRF cookie.
  void signed_in(http::Response& res, const comments::Session& s) const;
  // {"error":{…}} with the status of the one error table (and Retry-After).
  http::Response api_error(const http::Request& req, const Error& e) const;

  SiteDeps& deps_;
};

}  // namespace depeche::web
