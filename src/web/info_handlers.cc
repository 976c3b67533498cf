// Handlers of the pages that help: the information pages, the favicon and
// the latest stories under a 404 or a 410.

#include "assets/assets.h"
#include "http/static_files.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;

// Browsers ask for /favicon.ico on their own, often; it changes with a
// release at most, so a day in caches is a fair trade.
constexpr std::string_view kFaviconCacheControl = "public, max-age=86400";
// How many of the newest stories a 404 or a 410 page lists.
constexpr int kHelpLatestCount = 6;

}  // namespace

http::Response Handlers::info_page(const http::Request& req, std::string_view name) const {
  Visitor v = identify(req, deps_.accounts);
  auto body = deps_.pages.info_page(name, page_context(req, v));
  if (!body) return not_found(req, {});
  auto res = page(req, v, bh::status::ok, std::move(*body));
  // Their words come from the configuration and the templates: only the
  // page's lifetime in the cache bounds how long a new release waits.
  declare_shows(res, Shows{canonical_target(req, "/" + std::string(name), {}), {}, {}, {}});
  return res;
}

http::Response Handlers::favicon(const http::Request& req, const http::Params& p) const {
  auto bytes = assets::find("static/favicon.ico");
  if (!bytes) return not_found(req, p);
  return http::serve_bytes(req, *bytes, http::content_type_for("favicon.ico"),
                           kFaviconCacheControl);
}

std::vector<store::Article> Handlers::latest_for_help() const {
  store::ListQuery q;
  q.limit = kHelpLatestCount;
  auto list = deps_.articles.latest(q);
  if (!list) return {};
  return std::move(list->items);
}

}  // namespace depeche::web
