#include "render/discovery.h"

#include <charconv>
#include <limits>

#include "assets/assets.h"
#include "core/text.h"
#include "core/time.h"
#include "render/format.h"

namespace depeche::render {
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr std::string_view kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

// Paths crawlers have no business walking: a reader's own pages, forms,
// moderation and administration, the API, search results (endless and
// thin), comment report forms, and an article's comment views and notices
// (its canonical URL carries no query). Prefixes, as robots.txt matches.
constexpr std::string_view kClosedPaths[] = {
    "/compte",      "/connexion",     "/inscription", "/deconnexion", "/moderation",
    "/admin/",      "/api/",          "/recherche",   "/commentaires/", "/preferences/",
    "/articles/*?",
};

// Text as XML character data: markup escaped, and the control characters
// XML 1.0 forbids dropped (a wire headline may carry one).
std::string xml_text(std::string_view s) {
  std::string kept;
  kept.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    kept += c;
  }
  return escape_html(kept);
}

std::string article_url(const SiteSettings& s, const store::ArticleStamp& a) {
  return s.base_url + "/articles/" + std::to_string(a.id) + "-" + a.slug;
}

}  // namespace

std::string article_sitemap_path(std::int64_t block) {
  return "/sitemaps/articles-" + std::to_string(block) + ".xml";
}

std::optional<std::int64_t> article_sitemap_block(std::string_view file) {
  constexpr std::string_view kPrefix = "articles-";
  constexpr std::string_view kSuffix = ".xml";
  if (!file.starts_with(kPrefix) || !file.ends_with(kSuffix)) return std::nullopt;
  std::string_view digits = file.substr(kPrefix.size(), file.size() - kPrefix.size() - kSuffix.size());
  if (digits.empty() || digits.front() == '0') return std::nullopt;
  std::int64_t block = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), block);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  // Past this, the block's first id would not fit in an id.
  if (block > std::numeric_limits<std::int64_t>::max() / kSitemapBlockIds) return std::nullopt;
  return block;
}

bool sitemaps_on(const SiteSettings& s) {
  return s.base_url_public && !s.base_url.empty();
}

std::string absolute_url(const SiteSettings& s, std::string_view href) {
  if (href.starts_with("http://") || href.starts_with("https://")) return std::string(href);
  if (!href.starts_with('/')) return s.base_url + "/" + std::string(href);
  return s.base_url + std::string(href);
}

std::string robots_txt(const SiteSettings& s) {
  std::string out = "# " + s.site_name + "\nUser-agent: *\nAllow: /\n";
  for (auto path : kClosedPaths) out += "Disallow: " + std::string(path) + "\n";
  if (sitemaps_on(s)) out += "\nSitemap: " + s.base_url + std::string(kSitemapIndexPath) + "\n";
  return out;
}

std::string sitemap_index(const SiteSettings& s, const std::vector<store::StampBlock>& blocks,
                          const std::vector<store::ArticleStamp>& news) {
  std::string out(kXmlDeclaration);
  out += "<sitemapindex xmlns=\"" + std::string(kSitemapNs) + "\">\n";
  auto entry = [&](const std::string& path, Timestamp lastmod) {
    out += "<sitemap><loc>" + xml_text(s.base_url + path) + "</loc><lastmod>" +
           format_iso8601_utc(lastmod) + "</lastmod></sitemap>\n";
  };
  if (!news.empty()) {
    Timestamp newest{};
    for (const auto& a : news) newest = std::max(newest, a.updated_at);
    entry(std::string(kNewsSitemapPath), newest);
  }
  for (const auto& b : blocks) entry(article_sitemap_path(b.number), b.updated_at);
  out += "</sitemapindex>\n";
  return out;
}

std::string article_sitemap(const SiteSettings& s, const std::vector<store::ArticleStamp>& stamps) {
  std::string out(kXmlDeclaration);
  out += "<urlset xmlns=\"" + std::string(kSitemapNs) + "\">\n";
  for (const auto& a : stamps) {
    out += "<url><loc>" + xml_text(article_url(s, a)) + "</loc><lastmod>" +
           format_iso8601_utc(a.updated_at) + "</lastmod></url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string news_sitemap(const SiteSettings& s, const std::vector<store::ArticleStamp>& stamps) {
  std::string out(kXmlDeclaration);
  out += "<urlset xmlns=\"" + std::string(kSitemapNs) + "\" xmlns:news=\"" + std::string(kNewsNs) +
         "\">\n";
  std::string publication = "<news:publication><news:name>" + xml_text(s.site_name) +
                            "</news:name><news:language>" + xml_text(s.locale) +
                            "</news:language></news:publication>";
  for (const auto& a : stamps) {
    out += "<url><loc>" + xml_text(article_url(s, a)) + "</loc><lastmod>" +
           format_iso8601_utc(a.updated_at) + "</lastmod><news:news>" + publication +
           "<news:publication_date>" + format_iso8601_utc(a.published_at) +
           "</news:publication_date><news:title>" + xml_text(a.headline) +
           "</news:title></news:news></url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string json_ld_script(const nlohmann::json& data) {
  // Inside a script element the HTML parser ends the element at "</script"
  // and changes state at "<!--" whatever JSON means: every '<' (and '>',
  // '&' for good measure) is written as a JSON escape, which means the same
  // text to any JSON reader. '<' only occurs inside strings in JSON, where
  // the escape is valid.
  std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out = "<script type=\"application/ld+json\">";
  out.reserve(out.size() + text.size() + 16);
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  out += "</script>";
  return out;
}

namespace {

nlohmann::json person(const std::string& name) {
  return {{"@type", "Person"}, {"name", name}};
}

nlohmann::json image_object(const SiteSettings& s, const Picture& p) {
  nlohmann::json image = {{"@type", "ImageObject"}, {"url", absolute_url(s, p.href)}};
  if (p.width > 0 && p.height > 0) {
    image["width"] = p.width;
    image["height"] = p.height;
  }
  if (!p.caption.empty()) image["caption"] = p.caption;
  if (!p.credit.empty()) image["creditText"] = p.credit;
  return image;
}

// Reporters and writers sign the story; the others helped make it, each
// in a schema.org Role that names what they did.
void add_people(const Dispatch& d, nlohmann::json& out) {
  nlohmann::json authors = nlohmann::json::array();
  nlohmann::json contributors = nlohmann::json::array();
  for (const auto& c : d.contributors) {
    if (c.name.empty()) continue;
    if (c.role == ContributorRole::reporter || c.role == ContributorRole::writer) {
      authors.push_back(person(c.name));
      continue;
    }
    std::string role = c.role == ContributorRole::other && !c.role_label.empty()
                           ? c.role_label
                           : std::string(to_string(c.role));
    contributors.push_back(
        {{"@type", "Role"}, {"roleName", role}, {"contributor", person(c.name)}});
  }
  // No byline: the agency is the author, as its wire says.
  if (authors.empty() && !d.provider.empty()) {
    authors.push_back({{"@type", "Organization"}, {"name", d.provider}});
  }
  if (!authors.empty()) out["author"] = authors;
  if (!contributors.empty()) out["contributor"] = contributors;
}

}  // namespace

nlohmann::json news_article(const SiteSettings& s, const Catalogue& messages,
                            const store::Article& a, std::string_view section) {
  const Dispatch& d = a.dispatch;
  const std::string url = s.base_url + article_path(a);
  nlohmann::json out = {
      {"@context", "https://schema.org"},
      {"@type", "NewsArticle"},
      {"headline", d.headline},
      {"datePublished", format_iso8601_utc(a.published_at)},
      {"dateModified", format_iso8601_utc(a.updated_at)},
      {"url", url},
      {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
      {"isAccessibleForFree", true},
      {"inLanguage", d.language.empty() ? s.locale : d.language},
  };
  if (!d.description.empty()) out["description"] = teaser(d.description, 300);
  if (!section.empty()) out["articleSection"] = std::string(section);
  add_people(d, out);
  nlohmann::json publisher = {{"@type", "Organization"},
                              {"name", s.site_name},
                              {"url", s.base_url + "/"}};
  // The site's mark is its favicon.svg: the logo search engines may show.
  std::string logo = assets::static_url("favicon.svg");
  if (logo.starts_with('/')) {
    publisher["logo"] = {{"@type", "ImageObject"}, {"url", absolute_url(s, logo)}};
  }
  out["publisher"] = publisher;
  if (!d.provider.empty()) {
    out["sourceOrganization"] = {{"@type", "Organization"}, {"name", d.provider}};
  }
  if (!d.pictures.empty()) {
    nlohmann::json images = nlohmann::json::array();
    for (const auto& p : d.pictures) images.push_back(image_object(s, p));
    out["image"] = images;
  }
  if (d.correction) {
    out["correction"] = {{"@type", "CorrectionComment"},
                         {"text", messages.format("jsonld_correction",
                                                  {arg("provider", d.provider)})},
                         {"datePublished", format_iso8601_utc(a.updated_at)}};
  }
  return out;
}

SocialCard article_card(const SiteSettings& s, const store::Article& a, std::string_view section) {
  const Dispatch& d = a.dispatch;
  SocialCard card;
  card.type = "article";
  card.title = d.headline;
  card.description = teaser(d.description, 300);
  card.url = s.base_url + article_path(a);
  if (!d.pictures.empty()) {
    card.image = d.pictures.front();
    card.image->href = absolute_url(s, card.image->href);
  }
  card.published = a.published_at;
  card.modified = a.updated_at;
  card.section = std::string(section);
  return card;
}

}  // namespace depeche::render
