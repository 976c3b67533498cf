#pragma once
// From the XML of a wire body to sanitised HTML, with the dateline and
// repeated by-line taken out of the text (pages print them once).

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace depeche::ingest {

struct Body {
  std::string html;      // sanitised
  std::string text;      // plain text of html
  std::string dateline;  // what was found at the start of the text, if any
};

// `content` is an inlineXML element (XHTML or NITF inside). `dateline` is
// the wire's dateline element, `byline` its by-line, both possibly empty.
// Modifies the tree (removes what it takes out).
Body extract_body(pugi::xml_node content, const std::string& dateline, const std::string& byline);

// An HTML string (RSS, Atom, ninjs bodies): sanitised, with an agency-style
// dateline taken out of the start of its first paragraph.
Body html_body(std::string_view html, const std::string& dateline);

// A text/plain body: paragraphs at blank lines.
Body plain_text_body(std::string_view text, const std::string& dateline);

// Removes a first heading that only repeats the headline (the page prints
// the headline as its h1 already).
void drop_repeated_headline(std::string& body_html, std::string_view headline);

// True when a wire "dateline" is really a timestamp (Reuters sends
// "2014-07-16 15:53:10 GMT+00:00"), which pages must not show as a place.
bool looks_like_timestamp(std::string_view dateline);

}  // namespace depeche::ingest
