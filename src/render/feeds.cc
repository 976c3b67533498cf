// The site's own feeds, RSS 2.0 and Atom 1.0, as feed readers and news
// aggregators expect them: the rubrique and IPTC subjects as categories,
// the agency as the item's source, authors and contributors, pictures with
// their caption and credit (Media RSS), the time of the version shown
// beside the first publication, and, in the full-text variants, the body.

#include <cstdio>

#include "core/text.h"
#include "core/time.h"
#include "render/page_parts.h"
#include "render/views.h"

namespace depeche::render {
namespace {

// Categories announced per item: the rubrique and the first subjects. A
// wire item may carry dozens of codes; readers show a few.
constexpr std::size_t kMaxFeedSubjects = 20;

// Ids of a site without base_url (only tests run so): Atom ids must be
// absolute IRIs, so they become tag: URIs (RFC 4151) on a name reserved
// never to resolve (RFC 2606), rather than root-relative paths.
constexpr std::string_view kTagIdPrefix = "tag:depeche.invalid,2026:";

// IPTC's concept URIs for the schemes agencies send as qcodes.
struct QcodeScheme {
  std::string_view alias;
  std::string_view uri;
};
constexpr QcodeScheme kIptcSchemes[] = {
    {"medtop", "http://cv.iptc.org/newscodes/mediatopic/"},
    {"subj", "http://cv.iptc.org/newscodes/subjectcode/"},
    {"iptc", "http://cv.iptc.org/newscodes/subjectcode/"},
};

// RFC 822 dates as RSS wants them, in UTC, with English names.
std::string rfc822(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{t - days};
  std::chrono::weekday wd{days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

// Drops what XML 1.0 forbids anywhere in a document (C0 controls but tab,
// line feed and carriage return; U+FFFE and U+FFFF): wire text may hold
// them, and one would make the whole feed unreadable to every client.
std::string xml_safe(std::string s) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    s[out++] = s[i];
  }
  s.resize(out);
  return s;
}

// Root-relative links and pictures of sanitised HTML made absolute, as a
// feed reader has no page to resolve them against. The sanitiser writes
// every attribute as ` name="value"` with quotes escaped inside values, so
// these patterns only ever match attributes.
std::string absolute_links(std::string html, std::string_view base) {
  if (base.empty()) return html;
  for (std::string_view attr : {std::string_view(" href=\"/"), std::string_view(" src=\"/")}) {
    for (auto at = html.find(attr); at != std::string::npos; at = html.find(attr, at + 1)) {
      std::size_t slash = at + attr.size() - 1;
      if (slash + 1 < html.size() && html[slash + 1] == '/') continue;  // "//host/…"
      html.insert(slash, base);
    }
  }
  return html;
}

// The feed's view of an IPTC subject: the RSS domain (the concept URI when
// the scheme is known, else the code as sent), and Atom's term and scheme.
struct SubjectCategory {
  std::string uri, term, scheme;
};

SubjectCategory subject_category(const Subject& s) {
  if (s.code.starts_with("http://") || s.code.starts_with("https://")) {
    auto slash = s.code.rfind('/');
    return {s.code, s.code.substr(slash + 1), s.code.substr(0, slash + 1)};
  }
  auto colon = s.code.find(':');
  if (colon != std::string::npos) {
    std::string_view alias = std::string_view(s.code).substr(0, colon);
    for (const auto& known : kIptcSchemes) {
      if (alias != known.alias) continue;
      std::string term = s.code.substr(colon + 1);
      return {std::string(known.uri) + term, term, std::string(known.uri)};
    }
  }
  return {s.code, s.code, {}};
}

// Who wrote the story (Atom authors, dc:creator) and who else worked on it
// (contributors). An agency story signed by no one is the agency's.
struct People {
  mustache::data authors{mustache::data::type::list};
  mustache::data others{mustache::data::type::list};
};

People people_of(const Dispatch& d, const std::string& fallback) {
  People p;
  bool signed_by_someone = false;
  for (const auto& c : d.contributors) {
    if (c.name.empty()) continue;
    bool author = c.role == ContributorRole::reporter || c.role == ContributorRole::writer;
    mustache::data person;
    person.set("name", c.name);
    (author ? p.authors : p.others).push_back(person);
    signed_by_someone = signed_by_someone || author;
  }
  if (!signed_by_someone) {
    mustache::data agency;
    agency.set("name", d.provider.empty() ? fallback : d.provider);
    p.authors.push_back(agency);
  }
  return p;
}

}  // namespace

std::string feed_path(FeedFormat format, FeedText text, const SectionLink* section) {
  std::string path = section ? section_path(section->slug) + "/" : std::string("/");
  path += text == FeedText::full ? "flux-complet" : "flux";
  path += format == FeedFormat::rss ? ".rss" : ".atom";
  return path;
}

std::string_view feed_content_type(FeedFormat format) {
  return format == FeedFormat::rss ? "application/rss+xml; charset=utf-8"
                                   : "application/atom+xml; charset=utf-8";
}

namespace {

// Everything a feed needs to know to write one item.
struct ItemContext {
  const SiteSettings& settings;
  const FeedRequest& request;
  const Views& views;
  std::string source_url;  // the site's feed, where an item's agency is named
  // An absolute IRI for `path` (an Atom id): the URL with a base, else a tag.
  std::string id(std::string_view path) const {
    if (settings.base_url.empty()) return std::string(kTagIdPrefix) + std::string(path);
    return settings.base_url + std::string(path);
  }
  std::string url(std::string_view href) const {
    if (href.starts_with("/") && !href.starts_with("//")) return settings.base_url + std::string(href);
    return std::string(href);
  }
};

mustache::data pictures_of(const ItemContext& c, const Dispatch& d, mustache::data& item) {
  mustache::data list{mustache::data::type::list};
  for (std::size_t i = 0; i < d.pictures.size() && i < kMaxFeedPictures; ++i) {
    const Picture& p = d.pictures[i];
    mustache::data pic;
    pic.set("media_url", c.url(p.href));
    if (!p.content_type.empty()) pic.set("media_type", p.content_type);
    if (p.width > 0 && p.height > 0) {
      pic.set("media_width", std::to_string(p.width));
      pic.set("media_height", std::to_string(p.height));
    }
    const std::string& caption = p.caption.empty() ? p.alt : p.caption;
    if (!caption.empty()) pic.set("media_caption", caption);
    if (!p.credit.empty()) pic.set("media_credit", p.credit);
    std::optional<std::uintmax_t> bytes;
    if (c.request.picture_bytes) bytes = c.request.picture_bytes(p.href);
    if (bytes) pic.set("media_bytes", std::to_string(*bytes));
    // RSS allows one enclosure, whose length it requires: the first
    // picture, when its size and type are known.
    if (i == 0 && bytes && !p.content_type.empty()) {
      mustache::data enclosure;
      enclosure.set("enclosure_url", c.url(p.href));
      enclosure.set("enclosure_length", std::to_string(*bytes));
      enclosure.set("enclosure_type", p.content_type);
      item.set("enclosure", enclosure);
    }
    list.push_back(pic);
  }
  return list;
}

// The full text: the first picture as the article shows it, then the body
// with its dateline; empty when the body is empty or over the bound.
std::string full_html(const ItemContext& c, const Dispatch& d) {
  if (d.body_html.empty() || d.body_html.size() > kMaxFeedBodyBytes) return {};
  std::string out;
  if (!d.pictures.empty()) {
    const Picture& p = d.pictures.front();
    out += "<figure><img src=\"" + escape_html(c.url(p.href)) + "\" alt=\"" +
           escape_html(p.alt) + "\"";
    if (p.width > 0 && p.height > 0) {
      out += " width=\"" + std::to_string(p.width) + "\" height=\"" + std::to_string(p.height) +
             "\"";
    }
    out += ">";
    std::string caption = p.caption;
    if (!p.credit.empty()) caption += (caption.empty() ? "" : " ") + ("(" + p.credit + ")");
    if (!caption.empty()) out += "<figcaption>" + escape_html(caption) + "</figcaption>";
    out += "</figure>";
  }
  out += absolute_links(c.views.body_with_dateline(d), c.settings.base_url);
  return out;
}

mustache::data item_of(const ItemContext& c, const store::Article& a) {
  const Dispatch& d = a.dispatch;
  const std::string path = article_path(a);
  mustache::data item;
  item.set("headline", d.headline);
  item.set("url", c.url(path));
  item.set("entry_id", c.id(path));
  item.set("provider", d.provider.empty() ? c.settings.site_name : d.provider);
  item.set("source_url", c.source_url);
  item.set("source_id", c.id(feed_path(FeedFormat::atom, FeedText::summary)));
  item.set("published", rfc822(a.published_at));
  item.set("published_iso", format_iso8601_utc(a.published_at));
  // A correction or an update shows as the time of the version on show;
  // never before the first publication, which Atom would find odd.
  item.set("updated_iso", format_iso8601_utc(std::max(a.updated_at, a.published_at)));
  item.set("teaser", teaser(d.description, 300));
  People people = people_of(d, c.settings.site_name);
  item.set("authors", people.authors);
  item.set("contributors", people.others);
  if (const SectionLink* s = c.views.section_of(a)) {
    mustache::data section;
    section.set("section_slug", s->slug);
    section.set("section_name", s->name);
    section.set("section_url", c.url(section_path(s->slug)));
    if (!c.settings.base_url.empty()) {
      section.set("section_scheme", c.settings.base_url + section_path(""));
    }
    item.set("section", section);
  }
  mustache::data subjects{mustache::data::type::list};
  for (std::size_t i = 0; i < d.subjects.size() && i < kMaxFeedSubjects; ++i) {
    const Subject& s = d.subjects[i];
    if (s.code.empty()) continue;
    auto cat = subject_category(s);
    mustache::data subject;
    subject.set("subject_name", s.name.empty() ? s.code : s.name);
    subject.set("subject_uri", cat.uri);
    subject.set("subject_term", cat.term);
    if (!cat.scheme.empty()) subject.set("subject_scheme", cat.scheme);
    subjects.push_back(subject);
  }
  item.set("subjects", subjects);
  item.set("pictures", pictures_of(c, d, item));
  if (c.request.text == FeedText::full) {
    std::string html = full_html(c, d);
    if (!html.empty()) item.set("full_html", html);
  }
  return item;
}

}  // namespace

std::string Pages::feed(const store::ArticleList& list, const FeedRequest& f) const {
  const std::string& base = settings_.base_url;
  const SectionLink* section = f.section;
  std::string home = section ? section_path(section->slug) : std::string("/");
  std::string self = feed_path(f.format, f.text, section);
  mustache::data d;
  std::string title, description;
  if (section) {
    title = catalogue_.format("section_feed_title",
                              {arg("site", settings_.site_name), arg("section", section->name)});
    description = catalogue_.format(
        "section_description", {arg("site", settings_.site_name), arg("section", section->name)});
  } else {
    title = catalogue_.format("feed_title", {arg("site", settings_.site_name)});
    description = catalogue_.format("feed_description", {arg("site", settings_.site_name)});
  }
  if (f.text == FeedText::full) title = catalogue_.format("feed_full_text", {arg("title", title)});
  d.set("title", title);
  d.set("description", description);
  d.set("language", settings_.locale);
  d.set("home", base + home);
  d.set("self", base + self);
  Views views{catalogue_, dates_, *spaced_, &settings_.sections};
  ItemContext c{settings_, f, views, base + feed_path(f.format, FeedText::summary)};
  d.set("feed_id", c.id(self));
  Timestamp newest{};
  mustache::data items{mustache::data::type::list};
  for (const auto& a : list.items) {
    newest = std::max({newest, a.updated_at, a.published_at});
    items.push_back(item_of(c, a));
  }
  d.set("items", items);
  if (!list.items.empty()) d.set("updated", rfc822(newest));
  d.set("updated_iso", format_iso8601_utc(list.items.empty() ? clock_.now() : newest));
  return xml_safe(templates_->render(f.format == FeedFormat::rss ? "feed_rss" : "feed_atom", d));
}

}  // namespace depeche::render
