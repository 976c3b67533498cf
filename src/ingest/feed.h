#pragma once
// RSS 2.0 / RSS 1.0 (RDF) and Atom 1.0 feeds: every entry becomes a
// dispatch. Feeds carry no version numbers, so an entry's version is its
// last-modified time in seconds: an edited entry replaces the one on show,
// the same entry again is a duplicate.

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "ingest/parse.h"

namespace depeche::ingest::feed {

inline constexpr std::string_view kMediaRss = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kContentModule = "http://purl.org/rss/1.0/modules/content/";

// What both feed formats give, before it becomes a Dispatch.
struct Entry {
  std::string guid;
  std::string title;         // plain text
  std::string body_html;     // unsanitised HTML, or empty
  std::string summary_html;  // unsanitised HTML, or empty
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  std::vector<Picture> pictures;
  std::string provider;
  std::string language;
  std::string format;  // "rss", "atom"
};

Result<Dispatch> to_dispatch(Entry e);

// Media RSS pictures (media:content / media:thumbnail, with media:credit,
// media:description) found directly under `item`.
void add_media_pictures(pugi::xml_node item, const std::string& provider, Entry& e);

std::vector<ParsedItem> parse_rss(pugi::xml_node root);
std::vector<ParsedItem> parse_atom(pugi::xml_node root);

}  // namespace depeche::ingest::feed
