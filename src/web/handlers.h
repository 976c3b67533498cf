#pragma once
// Thin handlers: parse the request, make one service call, render. The
// route table that binds them to paths is routes.cc.

#include "http/router.h"
#include "web/site.h"

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

  // JSON API
  http::Response api_articles(const http::Request& req, const http::Params& p) const;
  http::Response api_article(const http::Request& req, const http::Params& p) const;
  http::Response api_openapi(const http::Request& req, const http::Params& p) const;
  http::Response api_not_found(const http::Request& req, const http::Params& p) const;
  http::Response api_ingest(const http::Request& req, const http::Params& p) const;
  http::Response api_feeds(const http::Request& req, const http::Params& p) const;

  // Operations
  http::Response healthz(const http::Request& req, const http::Params& p) const;
  http::Response metrics(const http::Request& req, const http::Params& p) const;

 private:
  http::Response unavailable(const http::Request& req, const Error& e) const;

  SiteDeps& deps_;
};

}  // namespace depeche::web
