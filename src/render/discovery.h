#pragma once
// Being found from outside: robots.txt, the sitemaps (sitemaps.org 0.9 and
// Google News), the schema.org NewsArticle of an article page and the
// social cards (OpenGraph, Twitter) of the pages worth sharing.
//
// Every absolute URL is built from SiteSettings::base_url, never from
// anything a request says: these texts are kept in the page cache and
// given to every reader, so a forged Host header must not reach them.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/catalogue.h"
#include "render/pages.h"
#include "store/store.h"

namespace depeche::render {

// Ids per article sitemap: a fixed block of ids, so that a file is one
// range read of the primary key and its URL never changes meaning. A fifth
// of the protocol's 50,000 URLs per file (about 1.5 MB of XML, far under
// its 50 MB), so that one file stays quick to render and to fetch.
inline constexpr std::int64_t kSitemapBlockIds = 10000;
static_assert(kSitemapBlockIds <= 50000, "the sitemap protocol allows 50,000 URLs per file");
// Google News reads stories first published in the last two days, and at
// most 1,000 URLs per news sitemap.
inline constexpr std::chrono::hours kNewsWindow{48};
inline constexpr int kNewsMaxUrls = 1000;

inline constexpr std::string_view kSitemapIndexPath = "/sitemap.xml";
inline constexpr std::string_view kNewsSitemapPath = "/sitemaps/news.xml";
// "/sitemaps/articles-3.xml": block 3 (store::StampBlock).
std::string article_sitemap_path(std::int64_t block);
// The block an article sitemap's file name ("articles-3.xml") names;
// nullopt for any other name (signs, zeros in front, junk).
std::optional<std::int64_t> article_sitemap_block(std::string_view file);

// Whether the site can offer sitemaps: only with a public base_url, as a
// sitemap lists absolute URLs of the host that serves it.
bool sitemaps_on(const SiteSettings& s);

// `href` as an absolute URL: http(s) URLs stay as they are, site paths
// ("/media/ab12.jpg") get base_url in front.
std::string absolute_url(const SiteSettings& s, std::string_view href);

// robots.txt: the public pages open to crawlers, the account, moderation,
// administration, API, search and report pages closed, and the sitemap
// index when sitemaps_on() (a Sitemap line must be absolute).
std::string robots_txt(const SiteSettings& s);

// The sitemap index: one article sitemap per block, and the news sitemap
// when `news` holds stories (its newest change is its lastmod). Needs a
// base_url and at least one entry (the schema wants one).
std::string sitemap_index(const SiteSettings& s, const std::vector<store::StampBlock>& blocks,
                          const std::vector<store::ArticleStamp>& news);
// One article sitemap: every stamp's canonical URL and lastmod. Needs a
// base_url and at least one stamp.
std::string article_sitemap(const SiteSettings& s, const std::vector<store::ArticleStamp>& stamps);
// The Google News sitemap of `stamps` (the recent stories). Needs a
// base_url and at least one stamp.
std::string news_sitemap(const SiteSettings& s, const std::vector<store::ArticleStamp>& stamps);

// The schema.org NewsArticle of article `a`: headline, dates, authors and
// contributors with their roles, publisher, pictures, section, agency and
// the correction when the version on show is one. `section` is the
// rubrique's name ("" when none).
nlohmann::json news_article(const SiteSettings& s, const Catalogue& messages,
                            const store::Article& a, std::string_view section);
// `data` as an HTML script element of type application/ld+json, escaped so
// that no text in it can end the element or open a comment in it.
std::string json_ld_script(const nlohmann::json& data);

// What the OpenGraph and Twitter card tags of a page say (layout.mustache).
struct SocialCard {
  std::string type;  // og:type: "article" or "website"
  std::string title;
  std::string description;
  std::string url;             // absolute canonical URL
  std::optional<Picture> image;  // href already absolute
  // Articles only.
  std::optional<Timestamp> published;
  std::optional<Timestamp> modified;
  std::string section;
};

// The card of article `a` (section: the rubrique's name, "" when none).
SocialCard article_card(const SiteSettings& s, const store::Article& a, std::string_view section);

}  // namespace depeche::render
