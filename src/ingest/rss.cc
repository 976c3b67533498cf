// RSS 2.0 and RSS 1.0 (RDF) feeds.

#include "core/text.h"
#include "ingest/dates.h"
#include "ingest/feed.h"
#include "ingest/fields.h"
#include "ingest/xml.h"

namespace depeche::ingest::feed {
namespace {

constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";

// RSS 2.0 elements have no namespace; RSS 1.0 ones live in kRss10.
pugi::xml_node rss_child(pugi::xml_node n, std::string_view local) {
  if (auto c = xml::child(n, {}, local)) return c;
  return xml::child(n, kRss10, local);
}

std::string rss_text(pugi::xml_node n, std::string_view local) {
  return xml::text(rss_child(n, local));
}

Result<Dispatch> item_dispatch(pugi::xml_node item, const std::string& provider,
                               const std::string& language, std::optional<Timestamp> feed_date) {
  Entry e;
  e.format = "rss";
  e.provider = provider;
  e.language = language;
  e.title = rss_text(item, "title");
  e.guid = rss_text(item, "guid");
  if (e.guid.empty()) e.guid = rss_text(item, "link");
  if (e.guid.empty()) e.guid = std::string(xml::attr(item, "about"));
  e.summary_html = rss_child(item, "description").text().get();
  if (e.summary_html.empty()) e.summary_html = xml::text(rss_child(item, "description"));
  e.body_html = xml::child(item, kContentModule, "encoded").text().get();
  std::string date = rss_text(item, "pubDate");
  std::string dc_date = xml::text(xml::child(item, kDublinCore, "date"));
  if (!date.empty()) e.published = parse_feed_date(date);
  if (!e.published && !dc_date.empty()) e.published = parse_feed_date(dc_date);
  if (!e.published && !(date.empty() && dc_date.empty())) {
    return make_error(ErrorCode::invalid_input,
                      "unreadable date \"" + (date.empty() ? dc_date : date) + "\"");
  }
  // An undated item takes the feed's own date; with none, it is refused.
  if (!e.published) e.published = feed_date;
  for (auto c : xml::children(item, kDublinCore, "creator")) e.authors.push_back(xml::text(c));
  if (auto a = rss_text(item, "author"); !a.empty() && e.authors.empty()) {
    // "jane@example.org (Jane Doe)": the name in parentheses.
    auto open = a.find('('), close = a.rfind(')');
    e.authors.push_back(
        open != std::string::npos && close > open ? a.substr(open + 1, close - open - 1) : a);
  }
  for (auto c : xml::children(item, {}, "category")) e.categories.push_back(xml::text(c));
  add_media_pictures(item, provider, e);
  if (e.pictures.empty()) {
    auto enc = rss_child(item, "enclosure");
    std::string_view type = xml::attr(enc, "type");
    if (enc && type.starts_with("image/") && !xml::attr(enc, "url").empty()) {
      Picture p;
      p.href = collapse_whitespace(xml::attr(enc, "url"));
      p.content_type = std::string(type);
      p.alt = e.title;
      p.credit = provider;
      e.pictures.push_back(std::move(p));
    }
  }
  return to_dispatch(std::move(e));
}

}  // namespace

std::vector<ParsedItem> parse_rss(pugi::xml_node root) {
  auto channel = rss_child(root, "channel");
  std::string provider = rss_text(channel, "title");
  if (provider.empty()) provider = host_of(rss_text(channel, "link"));
  std::string language = rss_text(channel, "language");
  if (language.empty()) language = xml::text(xml::child(channel, kDublinCore, "language"));
  std::vector<pugi::xml_node> items;
  for (auto parent : {channel, root}) {  // RSS 2.0 nests items, RSS 1.0 does not
    for (auto c : parent.children()) {
      if (c.type() == pugi::node_element && xml::local_name(c) == "item" &&
          items.size() < kMaxItemsPerDocument) {
        items.push_back(c);
      }
    }
  }
  std::optional<Timestamp> feed_date;
  for (auto local : {"pubDate", "lastBuildDate"}) {
    if (!feed_date) feed_date = parse_feed_date(rss_text(channel, local));
  }
  if (!feed_date) feed_date = parse_feed_date(xml::text(xml::child(channel, kDublinCore, "date")));
  std::vector<ParsedItem> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto d = item_dispatch(items[i], provider, language, feed_date);
    std::string label = d ? d->guid : "item #" + std::to_string(i + 1);
    out.push_back({label, std::move(d)});
  }
  return out;  // an empty feed is valid: nothing to report
}

}  // namespace depeche::ingest::feed
