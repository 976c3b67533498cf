// robots.txt and the sitemaps: anonymous, served through the page cache
// like the feeds, and dropped from it by the changes they show (a story
// published, updated or withdrawn). The texts are built by
// render/discovery.h from the configured base_url alone.

#include "render/discovery.h"
#include "web/handlers.h"
#include "web/page_cache.h"
#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;

constexpr std::string_view kXml = "application/xml; charset=utf-8";

std::string_view path_of(const http::Request& req) {
  auto target = req.target();
  return http::path_of({target.data(), target.size()});
}

}  // namespace

http::Response Handlers::robots(const http::Request& req, const http::Params&) const {
  auto res = http::make_response(req, bh::status::ok,
                                 render::robots_txt(deps_.pages.settings()), kText);
  // It shows no story: kept until kPageLifetime, like any page.
  declare_shows(res, {canonical_target(req, "/robots.txt", {}), {}, {}, {}});
  return res;
}

std::optional<http::Response> Handlers::sitemaps_off(const http::Request& req) const {
  if (render::sitemaps_on(deps_.pages.settings())) return std::nullopt;
  // A sitemap lists absolute URLs only: without the site's public address
  // there is nothing true to list, and the operator is told why. Not kept
  // by the page cache (nothing declared): it is not a page.
  return http::make_response(req, bh::status::not_found,
                             deps_.pages.messages().text("sitemap_needs_base_url") + "\n", kText);
}

http::Response Handlers::sitemap_index(const http::Request& req, const http::Params& p) const {
  if (auto off = sitemaps_off(req)) return std::move(*off);
  auto blocks = deps_.articles.stamp_blocks(render::kSitemapBlockIds);
  if (!blocks) return unavailable(req, blocks.error());
  auto news = deps_.articles.recent_stamps(deps_.clock.now() - render::kNewsWindow,
                                           render::kNewsMaxUrls);
  if (!news) return unavailable(req, news.error());
  // The schema wants at least one sitemap: a site with no story has none.
  if (blocks->empty() && news->empty()) return not_found(req, p);
  auto res = http::make_response(
      req, bh::status::ok, render::sitemap_index(deps_.pages.settings(), *blocks, *news), kXml);
  // Every story published or withdrawn changes a block's lastmod; an
  // update alone shows after kPageLifetime at most.
  declare_shows(res, {canonical_target(req, path_of(req), {}), {}, {}, {std::string(kLatestList)}});
  return res;
}

http::Response Handlers::sitemap_file(const http::Request& req, const http::Params& p) const {
  if (auto off = sitemaps_off(req)) return std::move(*off);
  auto file = p.find("file");
  if (file == p.end()) return not_found(req, p);
  const auto& settings = deps_.pages.settings();
  std::vector<store::ArticleStamp> stamps;
  std::string body;
  if (file->second == render::kNewsSitemapPath.substr(render::kNewsSitemapPath.rfind('/') + 1)) {
    auto recent = deps_.articles.recent_stamps(deps_.clock.now() - render::kNewsWindow,
                                               render::kNewsMaxUrls);
    if (!recent) return unavailable(req, recent.error());
    stamps = std::move(*recent);
    if (!stamps.empty()) body = render::news_sitemap(settings, stamps);
  } else {
    auto block = render::article_sitemap_block(file->second);
    if (!block) return not_found(req, p);
    auto in_block = deps_.articles.published_stamps((*block - 1) * render::kSitemapBlockIds + 1,
                                                    *block * render::kSitemapBlockIds);
    if (!in_block) return unavailable(req, in_block.error());
    stamps = std::move(*in_block);
    if (!stamps.empty()) body = render::article_sitemap(settings, stamps);
  }
  // An empty file would break the schema (a urlset holds one URL at least).
  if (stamps.empty()) return not_found(req, p);
  auto res = http::make_response(req, bh::status::ok, std::move(body), kXml);
  // Its stories' updates change their lastmod; publications and
  // withdrawals change its list. Stories leaving the news window by age
  // leave it within kPageLifetime.
  Shows shows{canonical_target(req, path_of(req), {}), {}, {}, {std::string(kLatestList)}};
  shows.articles.reserve(stamps.size());
  for (const auto& s : stamps) shows.articles.push_back(s.id);
  declare_shows(res, shows);
  return res;
}

}  // namespace depeche::web
